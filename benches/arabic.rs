//! The Arabic text stages, in bytes per second.
//!
//! - `numbers`: `find_counts` (digits in three scripts, number words,
//!   vague quantities) over every article of the bundled and synthetic
//!   corpora.
//! - `normalise`: `fold`, `fold_with_map` and `score::surface_key` over the
//!   same articles, over the same articles in presentation forms (every
//!   letter isolated, لا as a ligature: the NFKC path does real work), and
//!   over every gold entity surface.
//! - `baseline length`: the built-in baseline on one article made of the
//!   bundled articles repeated 1, 4 and 16 times. Throughput stays flat when
//!   the baseline is linear in article length (it was quadratic: issue #13).

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hudna::arabic::normalize::{fold, fold_with_map};
use hudna::arabic::numbers::find_counts;
use hudna::score::surface_key;

fn numbers(c: &mut Criterion) {
    let articles = common::articles();
    let mut g = c.benchmark_group("numbers");
    g.throughput(Throughput::Bytes(common::bytes(&articles)));
    g.bench_function("find_counts/articles", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(find_counts(a));
            }
        })
    });
    g.finish();
}

fn normalise(c: &mut Criterion) {
    let articles = common::articles();
    let presentation: Vec<String> = articles
        .iter()
        .map(|a| common::presentation_forms(a))
        .collect();
    // The presentation forms fold to what the plain text folds to.
    for (a, p) in articles.iter().zip(&presentation) {
        assert_ne!(a, p);
        assert_eq!(fold(a), fold(p));
    }
    let surfaces = common::entity_surfaces();
    let inputs = [
        ("articles", &articles),
        ("articles in presentation forms", &presentation),
        ("entity surfaces", &surfaces),
    ];
    let mut g = c.benchmark_group("normalise");
    for (name, texts) in inputs {
        g.throughput(Throughput::Bytes(common::bytes(texts)));
        g.bench_function(format!("fold/{name}"), |b| {
            b.iter(|| {
                for t in texts {
                    black_box(fold(t));
                }
            })
        });
        g.bench_function(format!("fold_with_map/{name}"), |b| {
            b.iter(|| {
                for t in texts {
                    black_box(fold_with_map(t));
                }
            })
        });
        g.bench_function(format!("surface_key/{name}"), |b| {
            b.iter(|| {
                for t in texts {
                    black_box(surface_key(t, true));
                }
            })
        });
    }
    g.finish();
}

fn baseline_length(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("annotations");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let all: String = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let b = hudna::baseline::Baseline::new();
    let mut g = c.benchmark_group("baseline length");
    for times in [1, 4, 16] {
        let text = all.repeat(times);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("x{times}"), |bench| {
            bench.iter(|| black_box(b.run("long-article", &text)))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = numbers, normalise, baseline_length
}
criterion_main!(benches);
