//! Where scoring time goes, stage by stage.
//!
//! - `extract`: the baseline extractor over the five bundled articles
//!   (bytes of article text).
//! - `match`: `score_doc` per document over every layer (the 200-document
//!   synthetic corpus; the bundled gold against the baseline and against
//!   itself), then each layer's matcher alone on the synthetic corpus:
//!   entity spans (optimal assignment and nervaluate's greedy pass), events
//!   (one-to-one and TextEE's sets), casualty figures. Throughput in records
//!   (gold plus predicted) matched.
//! - `entity matching, synthetic document`: one long document of n spans,
//!   predictions shifted, retyped, split and duplicated so that clusters of
//!   overlapping spans form, where the optimal assignment's cost shows
//!   against the greedy pass (spans, gold plus predicted).
//! - `bootstrap`: `CountTable::intervals` with 1,000 resamples over 1,000
//!   and 10,000 documents (documents × resamples), and the whole report of
//!   the bundled gold against the baseline.
//! - `end to end`: `run::score` of the synthetic predictions files against
//!   the synthetic gold (load, validate, match, count, 1,000 resamples), in
//!   documents.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use hudna::baseline::Baseline;
use hudna::evaluate;
use hudna::extract::GoldExtractor;
use hudna::run::{self, Settings, Spec};
use hudna::score::table::CountTable;
use hudna::score::{
    ClaimKeys, DocScore, EventCounting, LayerInputs, Matching, Options, Span, casualties, events,
    layer_inputs, score_doc, spans,
};

fn extract(c: &mut Criterion) {
    let corpus = common::gold();
    let mut g = c.benchmark_group("extract");
    let text: u64 = corpus
        .docs
        .values()
        .map(|d| d.article.text().len() as u64)
        .sum();
    g.throughput(Throughput::Bytes(text));
    g.bench_function("baseline/gold 5 docs", |b| {
        b.iter(|| evaluate::collect(corpus, &mut Baseline::new()).unwrap())
    });
    g.finish();
}

fn matching(c: &mut Criterion) {
    let synth = common::synth();
    let opts = Options::default();
    let mut g = c.benchmark_group("match");

    let records: usize = synth.pairs().map(|(d, p)| d.records.len() + p.len()).sum();
    g.throughput(Throughput::Elements(records as u64));
    g.bench_function("score_doc all layers/synth 200 docs", |b| {
        b.iter(|| {
            for (doc, pred) in synth.pairs() {
                black_box(score_doc(doc, pred, &opts));
            }
        })
    });

    let corpus = common::gold();
    let baseline = evaluate::collect(corpus, &mut Baseline::new()).unwrap();
    let oracle = evaluate::collect(corpus, &mut GoldExtractor::new(corpus)).unwrap();
    for (name, collected) in [("baseline", &baseline), ("gold", &oracle)] {
        let n: usize = corpus
            .docs
            .values()
            .map(|d| d.records.len() + collected.outputs.get(&d.id).map_or(0, Vec::len))
            .sum();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("score_doc all layers/gold 5 docs vs {name}"), |b| {
            b.iter(|| evaluate::score(corpus, collected, &opts))
        });
    }

    // Each layer's inputs, built once as score_doc builds them.
    let opts = Options::default();
    let inputs: Vec<(LayerInputs, LayerInputs)> = synth
        .pairs()
        .map(|(d, p)| {
            let text = d.article.text();
            (
                layer_inputs(text, &common::gold_records(d), &opts),
                layer_inputs(text, p, &opts),
            )
        })
        .collect();
    let span_pairs: Vec<(&[Span], &[Span])> = inputs
        .iter()
        .map(|(g, p)| (&g.spans[..], &p.spans[..]))
        .collect();
    let n: usize = span_pairs.iter().map(|(g, p)| g.len() + p.len()).sum();
    g.throughput(Throughput::Elements(n as u64));
    for (name, m) in [("optimal", Matching::Optimal), ("greedy", Matching::Greedy)] {
        g.bench_function(format!("entities {name}/synth 200 docs"), |b| {
            b.iter(|| {
                for (gold, pred) in &span_pairs {
                    black_box(spans::score(gold, pred, m));
                }
            })
        });
    }

    let event_pairs: Vec<_> = inputs
        .iter()
        .map(|(g, p)| (&g.events[..], &p.events[..]))
        .collect();
    let n: usize = event_pairs.iter().map(|(g, p)| g.len() + p.len()).sum();
    g.throughput(Throughput::Elements(n as u64));
    for (name, counting) in [
        ("one-to-one", EventCounting::OneToOne),
        ("sets", EventCounting::Sets),
    ] {
        g.bench_function(format!("events {name}/synth 200 docs"), |b| {
            b.iter(|| {
                for (gold, pred) in &event_pairs {
                    black_box(events::score(gold, pred, counting));
                }
            })
        });
    }

    let casualty_pairs: Vec<_> = inputs
        .iter()
        .map(|(g, p)| (&g.casualties[..], &p.casualties[..]))
        .collect();
    let n: usize = casualty_pairs.iter().map(|(g, p)| g.len() + p.len()).sum();
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("casualties/synth 200 docs", |b| {
        b.iter(|| {
            for (gold, pred) in &casualty_pairs {
                black_box(casualties::score(gold, pred, ClaimKeys::default()));
            }
        })
    });
    g.finish();
}

fn entity_document(c: &mut Criterion) {
    let mut g = c.benchmark_group("entity matching, synthetic document");
    // The greedy pass is quadratic: at 10,000 spans an iteration takes
    // about half a second, so every sample is one iteration.
    g.sampling_mode(SamplingMode::Flat);
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
        g.throughput(Throughput::Elements((gold.len() + pred.len()) as u64));
        for (name, m) in [("optimal", Matching::Optimal), ("greedy", Matching::Greedy)] {
            g.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| spans::score(&gold, &pred, m))
            });
        }
    }
    g.finish();
}

/// A table of `copies` × the synthetic corpus's documents, each copy under
/// its own id; `spilled`, with every row but the last chunk's on disk.
fn table(scores: &[DocScore], copies: usize, spilled: bool) -> CountTable {
    let mut t = if spilled {
        CountTable::spilling(0)
    } else {
        CountTable::new()
    };
    for k in 0..copies {
        for (i, ds) in scores.iter().enumerate() {
            t.push(format!("d{k:03}-{i:04}"), ds);
        }
    }
    t.seal().expect("the table reads back");
    t
}

fn bootstrap(c: &mut Criterion) {
    let synth = common::synth();
    let opts = Options::default();
    let scores: Vec<DocScore> = synth.pairs().map(|(d, p)| score_doc(d, p, &opts)).collect();
    const RESAMPLES: usize = 1000;
    // As a test (an unoptimised build) the 10,000-document table would take
    // a minute and more to resample 1,000 times; 10 resamples check it runs.
    let resamples = if common::smoke_test() { 10 } else { RESAMPLES };
    let mut g = c.benchmark_group("bootstrap");
    // 10,000 documents take seconds an iteration: one iteration a sample.
    g.sampling_mode(SamplingMode::Flat);
    for (docs, spilled) in [(1_000usize, false), (10_000, false), (10_000, true)] {
        let t = table(&scores, docs / scores.len(), spilled);
        assert_eq!(t.rows().len(), docs);
        assert_eq!(t.rows().spilled() > 0, spilled);
        g.throughput(Throughput::Elements((docs * RESAMPLES) as u64));
        let name = if spilled { " spilled" } else { "" };
        g.bench_function(format!("intervals 1000 resamples/{docs} docs{name}"), |b| {
            b.iter(|| t.intervals(resamples, opts.seed))
        });
    }

    let corpus = common::gold();
    let collected = evaluate::collect(corpus, &mut Baseline::new()).unwrap();
    let per_doc = evaluate::score(corpus, &collected, &opts);
    g.throughput(Throughput::Elements((per_doc.len() * RESAMPLES) as u64));
    g.bench_function("report build 1000 resamples/gold 5 docs vs baseline", |b| {
        b.iter(|| hudna::report::build(corpus, &collected, &per_doc, &opts).unwrap())
    });
    g.finish();
}

fn end_to_end(c: &mut Criterion) {
    let synth = common::synth();
    let gold = synth.gold_dir();
    let spec = Spec::Files(vec![synth.pred_dir().into()]);
    let settings = Settings {
        options: Options::default(),
        lenient: false,
        timeout: Duration::from_secs(60),
        shard: None,
        breakdowns: false,
        ..Settings::default()
    };
    let mut g = c.benchmark_group("end to end");
    g.sampling_mode(SamplingMode::Flat);
    g.measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(common::SYNTH_DOCS as u64));
    g.bench_function("run::score file predictions/synth 200 docs", |b| {
        b.iter(|| {
            let out = run::score(&gold, &spec, &settings).unwrap();
            assert!(out.refused.is_none());
            out.report
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = extract, matching, entity_document, bootstrap, end_to_end
}
criterion_main!(benches);
