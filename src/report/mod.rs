//! The score report: built once from per-document scores, rendered many ways.
//!
//! The JSON form is the machine contract (`schemas/report.schema.json`,
//! versioned by [`REPORT_VERSION`]); it is self-describing — harness and
//! dataset versions, the gold's fingerprint, the options, the extractor — and
//! keeps every document's counts, so `hudna gate` and `hudna compare` can
//! recompute anything, including paired bootstrap intervals, from the file
//! alone. Text, Markdown and CSV are views of the same struct.

mod markdown;
mod schema;
mod text;
mod tidy;

pub use markdown::to_markdown;
pub use schema::report_schema;
pub(crate) use text::aligned_table;
pub use text::to_text;
#[cfg(feature = "polars")]
pub use tidy::to_parquet;
pub use tidy::{TidyRow, tidy_rows, to_csv};

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::corpus::Corpus;
use crate::error::Error;
use crate::evaluate::Collected;
use crate::score::{self, Counts, DocScore, Layer, Options, Prf, ValueStats, bootstrap};

/// The report format's version; bumped on any breaking change.
pub const REPORT_VERSION: u32 = 1;

/// The label of a scheme's overall (micro-averaged) row.
pub const MICRO: &str = "micro";
/// The label of a scheme's macro-averaged row.
pub const MACRO: &str = "macro";
/// Confidence level of the bootstrap intervals.
pub const CONFIDENCE: f64 = 0.95;

/// A score report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    /// Always `hudna-score-report`.
    pub report: String,
    /// [`REPORT_VERSION`] when written.
    pub report_version: u32,
    /// The harness that made it.
    pub harness: Harness,
    /// The gold it was scored against.
    pub dataset: Dataset,
    /// The extractor's name.
    pub extractor: String,
    /// Scoring options.
    pub options: Options,
    /// What was and was not scored.
    pub coverage: Coverage,
    /// Corpus-level metrics, one row per layer × scheme × label.
    pub metrics: Vec<MetricRow>,
    /// How close matched casualty claims' numbers were.
    pub casualty_values: ValueSummary,
    /// Every document's counts, for per-document views, gates and paired tests.
    pub documents: Vec<DocCounts>,
}

/// Harness identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Harness {
    /// `hudna`.
    pub name: String,
    /// Crate version.
    pub version: String,
}

/// Gold identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// The version in the corpus's dataset card, if it has one.
    pub version: Option<String>,
    /// sha256 over every document's id, text hash and records: two reports
    /// with the same fingerprint were scored against identical gold.
    pub fingerprint: String,
    /// Number of gold documents.
    pub documents: usize,
}

/// What was scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Gold documents scored (always all of them).
    pub documents: usize,
    /// Gold documents the extractor returned nothing for (scored as all-missed).
    pub without_predictions: Vec<String>,
    /// Predicted records that failed validation and were scored as spurious
    /// (`--lenient`), or 0.
    pub rejected_records: usize,
    /// Predicted records without offsets, per layer (scored offset-free only).
    pub without_offsets: BTreeMap<String, u64>,
}

/// A bootstrap confidence interval per metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Intervals {
    /// Precision `[low, high]`.
    pub precision: [f64; 2],
    /// Recall `[low, high]`.
    pub recall: [f64; 2],
    /// F1 `[low, high]`.
    pub f1: [f64; 2],
}

impl Intervals {
    /// The named metric's interval.
    pub fn get(&self, metric: &str) -> Option<[f64; 2]> {
        match metric {
            "precision" => Some(self.precision),
            "recall" => Some(self.recall),
            "f1" => Some(self.f1),
            _ => None,
        }
    }
}

/// One corpus-level row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    /// `entities`, `events` or `casualties`.
    pub layer: Layer,
    /// The scheme within the layer.
    pub scheme: String,
    /// [`MICRO`], [`MACRO`] or a type / category label.
    pub label: String,
    /// Counts (absent for macro rows, which average ratios).
    pub counts: Option<Counts>,
    /// Gold items (`possible`), absent for macro rows.
    pub possible: Option<u64>,
    /// Predicted items (`actual`), absent for macro rows.
    pub actual: Option<u64>,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// 95% bootstrap intervals over documents (absent with 0 resamples).
    pub ci: Option<Intervals>,
}

impl MetricRow {
    /// The dotted path gates use: `layer.scheme.label`.
    pub fn path(&self) -> String {
        format!("{}.{}.{}", self.layer.as_str(), self.scheme, self.label)
    }

    /// The named metric's value.
    pub fn get(&self, metric: &str) -> Option<f64> {
        Prf {
            precision: self.precision,
            recall: self.recall,
            f1: self.f1,
        }
        .get(metric)
    }
}

/// Casualty claim value closeness, corpus-level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ValueSummary {
    /// The raw sums.
    pub counts: ValueStats,
    /// Matched claims whose number is exactly the gold's.
    pub exact_accuracy: f64,
    /// Mean absolute error over matched claims that state numbers.
    pub mean_abs_error: f64,
}

/// One document's counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocCounts {
    /// Document id.
    pub doc: String,
    /// Counts per layer × scheme × label ([`MICRO`] = overall).
    pub counts: Vec<CountRow>,
    /// Casualty value statistics.
    pub values: ValueStats,
}

/// Counts for one layer × scheme × label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountRow {
    /// Layer.
    pub layer: Layer,
    /// Scheme.
    pub scheme: String,
    /// [`MICRO`] or a label.
    pub label: String,
    /// Counts.
    pub counts: Counts,
}

/// A stable fingerprint of the gold: what `compare` checks before comparing.
pub fn fingerprint(corpus: &Corpus) -> String {
    let mut h = Sha256::new();
    for (id, doc) in &corpus.docs {
        h.update(id.as_bytes());
        h.update([0]);
        h.update(doc.article.sha256().as_bytes());
        for r in &doc.records {
            h.update(serde_json::to_vec(&r.record).unwrap_or_default());
            h.update([b'\n']);
        }
    }
    for e in corpus.kb.values() {
        h.update(serde_json::to_vec(e).unwrap_or_default());
    }
    crate::article::hex(&h.finalize())
}

/// The `version:` in the front matter of the corpus's `README.md`, if any.
pub fn dataset_version(corpus: &Corpus) -> Option<String> {
    let card = std::fs::read_to_string(corpus.root.join("README.md")).ok()?;
    let front = card.strip_prefix("---\n")?;
    let end = front.find("\n---")?;
    front[..end]
        .lines()
        .find_map(|l| l.strip_prefix("version:"))
        .map(|v| v.trim().to_owned())
}

/// Per-document counts flattened along a fixed list of keys, so resampling
/// is a weighted sum of vectors.
struct Flat {
    keys: Vec<(Layer, &'static str, String)>,
    docs: Vec<Vec<Counts>>,
}

fn flatten(per_doc: &BTreeMap<String, DocScore>, total: &DocScore) -> Flat {
    let mut keys = Vec::new();
    for ((layer, scheme), t) in &total.tallies {
        keys.push((*layer, *scheme, MICRO.to_owned()));
        for label in t.by_label.keys() {
            keys.push((*layer, *scheme, label.clone()));
        }
    }
    let docs = per_doc
        .values()
        .map(|d| {
            keys.iter()
                .map(|(l, s, label)| {
                    let t = d.tallies.get(&(*l, *s));
                    match t {
                        None => Counts::default(),
                        Some(t) if label == MICRO => t.overall,
                        Some(t) => t.by_label.get(label).copied().unwrap_or_default(),
                    }
                })
                .collect()
        })
        .collect();
    Flat { keys, docs }
}

/// Labels whose macro average includes them: those with any gold or
/// predicted item in the corpus.
fn macro_labels(flat: &Flat, total: &[Counts], layer: Layer, scheme: &str) -> Vec<usize> {
    flat.keys
        .iter()
        .enumerate()
        .filter(|(i, (l, s, label))| {
            *l == layer
                && *s == scheme
                && label != MICRO
                && label != "invalid"
                && !total[*i].is_empty()
        })
        .map(|(i, _)| i)
        .collect()
}

fn macro_prf(rows: &[Prf]) -> Prf {
    if rows.is_empty() {
        return Prf::default();
    }
    let n = rows.len() as f64;
    Prf {
        precision: rows.iter().map(|p| p.precision).sum::<f64>() / n,
        recall: rows.iter().map(|p| p.recall).sum::<f64>() / n,
        f1: rows.iter().map(|p| p.f1).sum::<f64>() / n,
    }
}

/// Bootstrap intervals of each (layer, scheme)'s macro average.
type MacroIntervals = BTreeMap<(Layer, &'static str), Option<Intervals>>;

/// Builds the report from per-document scores.
///
/// Errors when `opts` asks for more bootstrap resamples than
/// [`crate::limits::MAX_RESAMPLES`]: every resample's scores are kept until
/// the intervals are computed.
pub fn build(
    corpus: &Corpus,
    collected: &Collected,
    per_doc: &BTreeMap<String, DocScore>,
    opts: &Options,
) -> Result<ScoreReport, Error> {
    crate::limits::check_resamples(opts.resamples)?;
    let total = score::aggregate(per_doc.values());
    let flat = flatten(per_doc, &total);
    let sum = |w: &[u64]| -> Vec<Counts> {
        let mut acc = vec![Counts::default(); flat.keys.len()];
        for (d, weight) in flat.docs.iter().zip(w) {
            for (a, c) in acc.iter_mut().zip(d) {
                for _ in 0..*weight {
                    *a += *c;
                }
            }
        }
        acc
    };
    let ones = vec![1u64; flat.docs.len()];
    let totals = sum(&ones);
    let groups: BTreeSet<(Layer, &'static str)> =
        flat.keys.iter().map(|(l, s, _)| (*l, *s)).collect();
    let macro_sets: BTreeMap<(Layer, &'static str), Vec<usize>> = groups
        .iter()
        .map(|&(l, s)| ((l, s), macro_labels(&flat, &totals, l, s)))
        .collect();
    let prf_of = |counts: &[Counts]| -> (Vec<Prf>, BTreeMap<(Layer, &'static str), Prf>) {
        let per_key: Vec<Prf> = flat
            .keys
            .iter()
            .zip(counts)
            .map(|((l, s, _), c)| c.prf(score::half_partial(*l, s)))
            .collect();
        let macros = macro_sets
            .iter()
            .map(|(k, idx)| {
                (
                    *k,
                    // Labels with no item in this (re)sample say nothing
                    // and are left out of its average.
                    macro_prf(
                        &idx.iter()
                            .filter(|&&i| !counts[i].is_empty())
                            .map(|&i| per_key[i])
                            .collect::<Vec<_>>(),
                    ),
                )
            })
            .collect();
        (per_key, macros)
    };
    let (point, point_macro) = prf_of(&totals);

    // Bootstrap: one weighted sum per resample, every metric from it.
    let cis: Option<(Vec<Option<Intervals>>, MacroIntervals)> =
        (opts.resamples > 0 && !flat.docs.is_empty()).then(|| {
            let draws = bootstrap::draws(flat.docs.len(), opts.resamples, opts.seed);
            let mut per_key: Vec<[Vec<f64>; 3]> = vec![Default::default(); flat.keys.len()];
            let mut per_macro: BTreeMap<(Layer, &'static str), [Vec<f64>; 3]> = BTreeMap::new();
            for w in &draws {
                let counts = sum(w);
                let (p, m) = prf_of(&counts);
                // A resample without a single item of a label says nothing
                // about it: it is left out of that label's interval.
                for ((acc, x), c) in per_key.iter_mut().zip(&p).zip(&counts) {
                    if c.is_empty() {
                        continue;
                    }
                    acc[0].push(x.precision);
                    acc[1].push(x.recall);
                    acc[2].push(x.f1);
                }
                for (k, x) in m {
                    let acc = per_macro.entry(k).or_default();
                    acc[0].push(x.precision);
                    acc[1].push(x.recall);
                    acc[2].push(x.f1);
                }
            }
            let to_iv = |mut a: [Vec<f64>; 3]| {
                (!a[0].is_empty()).then(|| Intervals {
                    precision: bootstrap::interval(&mut a[0], CONFIDENCE),
                    recall: bootstrap::interval(&mut a[1], CONFIDENCE),
                    f1: bootstrap::interval(&mut a[2], CONFIDENCE),
                })
            };
            (
                per_key.into_iter().map(to_iv).collect(),
                per_macro.into_iter().map(|(k, a)| (k, to_iv(a))).collect(),
            )
        });

    let mut metrics = Vec::new();
    for layer in Layer::ALL {
        for scheme in layer.schemes() {
            let idx: Vec<usize> = (0..flat.keys.len())
                .filter(|&i| flat.keys[i].0 == layer && flat.keys[i].1 == *scheme)
                .collect();
            for i in idx {
                let (_, _, label) = &flat.keys[i];
                let c = totals[i];
                let p = point[i];
                metrics.push(MetricRow {
                    layer,
                    scheme: scheme.to_string(),
                    label: label.clone(),
                    counts: Some(c),
                    possible: Some(c.possible()),
                    actual: Some(c.actual()),
                    precision: p.precision,
                    recall: p.recall,
                    f1: p.f1,
                    ci: cis.as_ref().and_then(|(k, _)| k[i]),
                });
                if label == MICRO {
                    let m = point_macro
                        .get(&(layer, *scheme))
                        .copied()
                        .unwrap_or_default();
                    metrics.push(MetricRow {
                        layer,
                        scheme: scheme.to_string(),
                        label: MACRO.into(),
                        counts: None,
                        possible: None,
                        actual: None,
                        precision: m.precision,
                        recall: m.recall,
                        f1: m.f1,
                        ci: cis
                            .as_ref()
                            .and_then(|(_, mm)| mm.get(&(layer, *scheme)).copied().flatten()),
                    });
                }
            }
        }
    }

    let documents = per_doc
        .iter()
        .zip(&flat.docs)
        .map(|((id, d), counts)| DocCounts {
            doc: id.clone(),
            counts: flat
                .keys
                .iter()
                .zip(counts)
                .filter(|(_, c)| !c.is_empty())
                .map(|((l, s, label), c)| CountRow {
                    layer: *l,
                    scheme: s.to_string(),
                    label: label.clone(),
                    counts: *c,
                })
                .collect(),
            values: d.values,
        })
        .collect();

    Ok(ScoreReport {
        report: "hudna-score-report".into(),
        report_version: REPORT_VERSION,
        harness: Harness {
            name: "hudna".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        dataset: Dataset {
            version: dataset_version(corpus),
            fingerprint: fingerprint(corpus),
            documents: corpus.docs.len(),
        },
        extractor: collected.extractor.clone(),
        options: opts.clone(),
        coverage: Coverage {
            documents: per_doc.len(),
            without_predictions: collected.without_predictions(),
            rejected_records: collected.rejected.len(),
            without_offsets: total
                .without_offsets
                .iter()
                .map(|(l, n)| (l.as_str().to_owned(), *n))
                .collect(),
        },
        metrics,
        casualty_values: ValueSummary {
            counts: total.values,
            exact_accuracy: total.values.exact_accuracy(),
            mean_abs_error: total.values.mean_abs_error(),
        },
        documents,
    })
}

impl ScoreReport {
    /// The row at `layer.scheme.label`.
    pub fn row(&self, layer: Layer, scheme: &str, label: &str) -> Option<&MetricRow> {
        self.metrics
            .iter()
            .find(|r| r.layer == layer && r.scheme == scheme && r.label == label)
    }

    /// Pretty JSON, newline-terminated.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
