//! How long loading and validating the bundled gold takes (schema + semantic
//! checks over every record), and the lint pass on top of it.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn corpus_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/annotations"))
}

fn bench(c: &mut Criterion) {
    c.bench_function("load_corpus (validate all gold)", |b| {
        b.iter(|| {
            let (corpus, report) = hudna::validate::load_corpus(corpus_dir()).unwrap();
            assert_eq!(report.errors(), 0);
            corpus
        })
    });
    let (corpus, _) = hudna::validate::load_corpus(corpus_dir()).unwrap();
    c.bench_function("lint (gold, no allow-list)", |b| {
        b.iter(|| hudna::lint::lint(&corpus, &[], Path::new("lint-allow.jsonl")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
