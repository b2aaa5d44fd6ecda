//! Where scoring time goes: the baseline extractor over the five articles,
//! matching every document, building the report (1,000 bootstrap resamples),
//! and the entity matchers on a synthetic document with many spans, where the
//! optimal assignment's cost shows against nervaluate's greedy pass.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hudna::baseline::Baseline;
use hudna::evaluate;
use hudna::extract::GoldExtractor;
use hudna::score::{Matching, Options, Span, spans};

fn bench(c: &mut Criterion) {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/annotations"));
    let (corpus, _) = hudna::validate::load_corpus(dir).unwrap();

    c.bench_function("baseline extract (5 articles)", |b| {
        b.iter(|| evaluate::collect(&corpus, &mut Baseline::new()).unwrap())
    });

    let collected = evaluate::collect(&corpus, &mut Baseline::new()).unwrap();
    let opts = Options::default();
    c.bench_function("match all layers (baseline vs gold, 5 docs)", |b| {
        b.iter(|| evaluate::score(&corpus, &collected, &opts))
    });
    let per_doc = evaluate::score(&corpus, &collected, &opts);
    c.bench_function("build report (1000 bootstrap resamples)", |b| {
        b.iter(|| hudna::report::build(&corpus, &collected, &per_doc, &opts).unwrap())
    });
    let oracle = evaluate::collect(&corpus, &mut GoldExtractor::new(&corpus)).unwrap();
    c.bench_function("match all layers (gold vs gold, 5 docs)", |b| {
        b.iter(|| evaluate::score(&corpus, &oracle, &opts))
    });

    // A long synthetic document: n gold spans, predictions shifted, retyped,
    // split and duplicated so that clusters of overlapping spans form.
    let mut group = c.benchmark_group("entity matching, synthetic document");
    for n in [100usize, 1_000, 10_000] {
        let gold: Vec<Span> = (0..n)
            .map(|i| Span::new(i * 10, i * 10 + 6, ["PERS", "ORG", "GPE"][i % 3]))
            .collect();
        let pred: Vec<Span> = (0..n)
            .flat_map(|i| {
                let s = i * 10 + (i % 3);
                let mut v = vec![Span::new(s, s + 5, ["PERS", "GPE", "GPE"][i % 3])];
                if i % 7 == 0 {
                    v.push(Span::new(s + 4, s + 12, "ORG"));
                }
                v
            })
            .collect();
        for (name, m) in [("optimal", Matching::Optimal), ("greedy", Matching::Greedy)] {
            group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| spans::score(&gold, &pred, m))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
