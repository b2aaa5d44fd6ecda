//! The Arabic text stages, in bytes per second.
//!
//! - `numbers`: `find_counts` (digits in three scripts, number words,
//!   vague quantities) over every article of the bundled and synthetic
//!   corpora.
//! - `normalise`: `fold`, `fold_with_map` and `score::surface_key` over the
//!   same articles, over the same articles in presentation forms (every
//!   letter isolated, لا as a ligature: the NFKC path does real work), and
//!   over every gold entity surface.

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

criterion_group! {
    name = benches;
    config = common::config();
    targets = numbers, normalise
}
criterion_main!(benches);
