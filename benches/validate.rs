//! Reading and validating records, in bytes per second.
//!
//! - `parse`: one line at a time, the fast typed reader
//!   (`validate::fast::parse`) against the JSON Schema path (`serde_json`
//!   into a `Value`, then `check_record_line`), on every gold line of the
//!   bundled corpus and every prediction line of the synthetic one.
//! - `validate`: `load_corpus` (schema and semantic checks over every record,
//!   articles hashed) on the bundled gold and the synthetic gold; the
//!   predictions through `PredictionIndex` (indexed once, then each
//!   document's lines read back and validated against its article).
//! - `lint` on the bundled gold.

mod common;

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hudna::schema::Flavour;
use hudna::validate::index::PredictionIndex;
use hudna::validate::{check_record_line, fast};

fn parse(c: &mut Criterion) {
    let synth = common::synth();
    let inputs = [
        (
            "gold lines",
            Flavour::Gold,
            common::record_lines(&common::annotations()),
        ),
        (
            "synth prediction lines",
            Flavour::Prediction,
            common::record_lines(&synth.pred_dir()),
        ),
    ];
    let mut g = c.benchmark_group("parse");
    for (name, flavour, lines) in &inputs {
        // Every line is valid: the fast path vouches for all of them.
        assert!(lines.iter().all(|l| fast::parse(*flavour, l).is_some()));
        g.throughput(Throughput::Bytes(common::bytes(lines)));
        g.bench_function(format!("fast/{name}"), |b| {
            b.iter(|| {
                for l in lines {
                    black_box(fast::parse(*flavour, l));
                }
            })
        });
        let path = Path::new("bench.jsonl");
        g.bench_function(format!("schema/{name}"), |b| {
            b.iter(|| {
                for (i, l) in lines.iter().enumerate() {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    black_box(check_record_line(*flavour, path, i + 1, &v).is_ok());
                }
            })
        });
    }
    g.finish();
}

fn validate(c: &mut Criterion) {
    let synth = common::synth();
    let mut g = c.benchmark_group("validate");
    let gold = common::annotations();
    for (name, dir) in [("gold 5 docs", gold), ("synth 200 docs", synth.gold_dir())] {
        g.throughput(Throughput::Bytes(common::dir_bytes(&dir)));
        g.bench_function(format!("load_corpus/{name}"), |b| {
            b.iter(|| {
                let (corpus, report) = hudna::validate::load_corpus(&dir).unwrap();
                assert_eq!(report.errors(), 0);
                corpus
            })
        });
    }

    let pred = vec![synth.pred_dir()];
    let known: Vec<&str> = synth.corpus.docs.keys().map(String::as_str).collect();
    g.throughput(Throughput::Bytes(common::dir_bytes(&synth.pred_dir())));
    g.bench_function("predictions open+load/synth 200 docs", |b| {
        b.iter(|| {
            let (index, report) = PredictionIndex::open(&pred, &known).unwrap();
            assert_eq!(report.errors(), 0);
            let mut n = 0;
            for (i, (id, doc)) in synth.corpus.docs.iter().enumerate() {
                let (kept, rejected, report) = index.load(i, id, &doc.article).unwrap();
                assert!(rejected.is_empty() && report.errors() == 0);
                n += kept.len();
            }
            n
        })
    });
    g.finish();
}

fn lint(c: &mut Criterion) {
    let corpus = common::gold();
    let mut g = c.benchmark_group("lint");
    g.throughput(Throughput::Bytes(common::dir_bytes(&common::annotations())));
    g.bench_function("gold 5 docs, no allow-list", |b| {
        b.iter(|| hudna::lint::lint(corpus, &[], Path::new("lint-allow.jsonl")))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = parse, validate, lint
}

criterion_main!(benches);
