//! The score report: built once from per-document scores, rendered many ways.
//!
//! The JSON form is the machine contract (`schemas/report.schema.json`,
//! versioned by [`REPORT_VERSION`]); it is self-describing — harness and
//! dataset versions, the gold's fingerprint, the options, the extractor — and
//! keeps every document's counts, so `hudna gate` and `hudna compare` can
//! recompute anything, including paired bootstrap intervals, from the file
//! alone. Text, Markdown and CSV are views of the same struct.

mod documents;
mod markdown;
mod merge;
mod schema;
mod text;
mod tidy;

pub use documents::{Documents, Iter as DocumentsIter};
pub use markdown::to_markdown;
pub use merge::merge;
pub use schema::report_schema;
pub(crate) use text::aligned_table;
pub use text::{to_text, write_text};
#[cfg(feature = "polars")]
pub use tidy::to_parquet;
pub use tidy::{TidyRow, tidy_rows, to_csv};

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::corpus::Corpus;
use crate::error::Error;
use crate::evaluate::Collected;
use crate::score::table::{CountTable, SPILL_ABOVE, read_back};
use crate::score::{self, Counts, DocScore, Layer, Options, Prf, Undefined, ValueStats};

/// The report format's version; bumped on any breaking change.
///
/// - 3: an undefined ratio (zero denominator) is `null`, no longer 0, with
///   the legend `undefined`; `layers` lists the layers scored (`--layers`).
/// - 2: event schemes renamed (`arg_*_plus`) and added (`arg_*_unattached`).
pub const REPORT_VERSION: u32 = 3;

pub use crate::score::table::{CONFIDENCE, Intervals, MACRO, MICRO};

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
    /// The layers scored, in report order. A layer not listed was not
    /// scored (`hudna score --layers`) and has no row: absent, not zero.
    pub layers: Vec<Layer>,
    /// What a `null` metric means: the ratio's denominator is 0. The same
    /// for every report ([`undefined_legend`]); stated so that a reader of
    /// the JSON alone knows.
    pub undefined: BTreeMap<String, String>,
    /// What was and was not scored.
    pub coverage: Coverage,
    /// Corpus-level metrics, one row per layer × scheme × label.
    pub metrics: Vec<MetricRow>,
    /// How close matched casualty claims' numbers were.
    pub casualty_values: ValueSummary,
    /// Every document's counts, for per-document views, gates and paired tests.
    pub documents: Documents,
    /// Set when the report covers one shard of the documents: its numbers
    /// are partial until [`merge`]d with the other shards'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// Counts bucketed by zone, mention length, attached proclitic and how
    /// figures are written (`hudna score --breakdowns`, `--html`), made from
    /// the per-item outcomes: each dimension's buckets sum to the scheme's
    /// micro counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<BreakdownRow>,
}

/// One bucket of one breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    /// The layer.
    pub layer: Layer,
    /// The scheme.
    pub scheme: String,
    /// `zone`, `tokens`, `proclitic` or `figure`.
    pub dimension: String,
    /// The bucket.
    pub bucket: String,
    /// Its counts.
    pub counts: Counts,
}

/// The rows of a breakdown, in layer, scheme, dimension and bucket order.
pub fn breakdown_rows(b: &crate::listing::Breakdown) -> Vec<BreakdownRow> {
    b.cells
        .iter()
        .map(
            |((layer, scheme, dimension, bucket), counts)| BreakdownRow {
                layer: *layer,
                scheme: scheme.clone(),
                dimension: dimension.clone(),
                bucket: bucket.clone(),
                counts: *counts,
            },
        )
        .collect()
}

/// The breakdown a report's rows hold.
pub fn breakdown_of(rows: &[BreakdownRow]) -> crate::listing::Breakdown {
    let mut b = crate::listing::Breakdown::default();
    for r in rows {
        *b.cells
            .entry((
                r.layer,
                r.scheme.clone(),
                r.dimension.clone(),
                r.bucket.clone(),
            ))
            .or_default() += r.counts;
    }
    b
}

/// A deterministic slice of a corpus: shard `index` of `count` (1-based)
/// takes the `index`-th of `count` nearly equal runs of the documents in id
/// order, so every shard of a run agrees on who scores what without
/// talking to the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which shard, from 1.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl Shard {
    /// Parses `I/N` (1 ≤ I ≤ N ≤ 100,000).
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write I/N, 1 ≤ I ≤ N ≤ {MAX_SHARDS}");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count || count > MAX_SHARDS {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// The positions (in id order) of the documents this shard scores, out
    /// of `n`.
    pub fn range(&self, n: usize) -> std::ops::Range<usize> {
        let at = |k: u32| (n as u128 * u128::from(k) / u128::from(self.count)) as usize;
        at(self.index - 1)..at(self.index)
    }
}

/// The most shards a run may be cut into.
pub const MAX_SHARDS: u32 = 100_000;

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
    /// Clusters of mutually overlapping items too large to pair exactly
    /// (more than [`crate::score::assign::MAX_EXACT`] on a side), paired
    /// greedily instead: the counts they touch may be slightly lower than
    /// an optimal pairing's. 0 on any real extractor's output.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub approximated_clusters: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
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
    /// Precision (`None`: undefined, nothing predicted).
    pub precision: Option<f64>,
    /// Recall (`None`: undefined, nothing in the gold).
    pub recall: Option<f64>,
    /// F1 (`None`: undefined, neither).
    pub f1: Option<f64>,
    /// 95% bootstrap intervals over documents (absent with 0 resamples, or
    /// when no resample defines any metric).
    pub ci: Option<Intervals>,
}

impl MetricRow {
    /// The dotted path gates use: `layer.scheme.label`.
    pub fn path(&self) -> String {
        format!("{}.{}.{}", self.layer.as_str(), self.scheme, self.label)
    }

    /// The row's precision, recall and F1.
    pub fn prf(&self) -> Prf {
        Prf {
            precision: self.precision,
            recall: self.recall,
            f1: self.f1,
        }
    }

    /// The named metric's value (`None`: undefined, or not a metric).
    pub fn get(&self, metric: &str) -> Option<f64> {
        self.prf().get(metric)
    }
}

/// The legend of a report's `null`s: for each metric that can be undefined,
/// why it is when it is (see [`crate::score::Prf`]).
pub fn undefined_legend() -> BTreeMap<String, String> {
    let mut m: BTreeMap<String, String> = ["precision", "recall", "f1"]
        .into_iter()
        .filter_map(|k| Some((k.to_owned(), Undefined::of(k)?.reason().to_owned())))
        .collect();
    m.insert("exact_accuracy".into(), NO_MATCHED_CLAIM.into());
    m.insert("mean_abs_error".into(), NO_MATCHED_NUMBERS.into());
    m
}

/// Why `casualty_values.exact_accuracy` is undefined when it is.
pub const NO_MATCHED_CLAIM: &str = "no casualty claim matched";
/// Why `casualty_values.mean_abs_error` is undefined when it is.
pub const NO_MATCHED_NUMBERS: &str = "no matched casualty claim states a number on both sides";

/// Casualty claim value closeness, corpus-level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ValueSummary {
    /// The raw sums.
    pub counts: ValueStats,
    /// Matched claims whose number is exactly the gold's (`None`: no claim
    /// matched).
    pub exact_accuracy: Option<f64>,
    /// Mean absolute error over matched claims that state numbers (`None`:
    /// there is none).
    pub mean_abs_error: Option<f64>,
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
///
/// Scheme and label borrow hudna's own names where they can (a report of
/// 100,000 documents has millions of these rows, and would otherwise hold
/// two small strings in each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountRow {
    /// Layer.
    pub layer: Layer,
    /// Scheme.
    #[serde(deserialize_with = "interned")]
    pub scheme: Cow<'static, str>,
    /// [`MICRO`] or a label.
    #[serde(deserialize_with = "interned")]
    pub label: Cow<'static, str>,
    /// Counts.
    pub counts: Counts,
}

/// A scheme or label read back from a report: hudna's own names borrowed,
/// any other owned. A report of 10,000 documents read back has some two
/// million rows, and two allocations in each would be most of its memory.
fn interned<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Cow<'static, str>, D::Error> {
    struct Name;
    impl serde::de::Visitor<'_> for Name {
        type Value = Cow<'static, str>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(match known_name(s) {
                Some(k) => Cow::Borrowed(k),
                None => Cow::Owned(s.to_owned()),
            })
        }
    }
    d.deserialize_str(Name)
}

/// The `'static` spelling of `s` when it is one of hudna's scheme or label
/// names (of any layer: the string is the same whichever layer it is
/// found under).
fn known_name(s: &str) -> Option<&'static str> {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            let mut v: std::collections::HashSet<&'static str> = [MACRO].into();
            for l in Layer::ALL {
                v.extend(l.schemes().iter().copied());
                v.extend(own_labels(l));
            }
            v
        })
        .get(s)
        .copied()
}

/// A stable fingerprint of the gold: what `compare` checks before comparing.
pub fn fingerprint(corpus: &Corpus) -> String {
    let mut h = Sha256::new();
    let mut blob = Vec::new();
    for doc in corpus.docs.values() {
        blob.clear();
        fingerprint_doc(doc, &mut blob);
        h.update(&blob);
    }
    fingerprint_finish(h, corpus.kb.values())
}

/// One document's part of the [`fingerprint`], in the order it is hashed:
/// id, a NUL, the article's sha256, then each record's JSON and a newline.
/// Streaming runs make these in parallel and hash them in document order.
pub fn fingerprint_doc(doc: &crate::corpus::Doc, out: &mut Vec<u8>) {
    out.extend_from_slice(doc.id.as_bytes());
    out.push(0);
    out.extend_from_slice(doc.article.sha256().as_bytes());
    for r in &doc.records {
        // A record always serializes; an empty entry would still change
        // the hash if it ever did not.
        let _ = serde_json::to_writer(&mut *out, &r.record);
        out.push(b'\n');
    }
}

/// Hashes the KB after the documents and gives the hex fingerprint.
pub fn fingerprint_finish<'k>(
    mut h: Sha256,
    kb: impl IntoIterator<Item = &'k crate::record::KbEntry>,
) -> String {
    for e in kb {
        h.update(serde_json::to_vec(e).unwrap_or_default());
    }
    crate::article::hex(&h.finalize())
}

/// The `version:` in the front matter of the corpus's `README.md`, if any
/// (read when the corpus was loaded).
pub fn dataset_version(corpus: &Corpus) -> Option<String> {
    corpus.version.clone()
}

/// The `version:` in the front matter of `root/README.md`, if any.
pub fn dataset_version_at(root: &std::path::Path) -> Option<String> {
    card_version(&std::fs::read_to_string(root.join("README.md")).ok()?)
}

/// The `version:` in a dataset card's front matter, if any.
pub fn card_version(card: &str) -> Option<String> {
    let front = card.strip_prefix("---\n")?;
    let end = front.find("\n---")?;
    front[..end]
        .lines()
        .find_map(|l| l.strip_prefix("version:"))
        .map(|v| v.trim().to_owned())
}

/// Builds the report from per-document scores.
///
/// Errors when `opts` asks for more bootstrap resamples than
/// [`crate::limits::MAX_RESAMPLES`].
pub fn build(
    corpus: &Corpus,
    collected: &Collected,
    per_doc: &BTreeMap<String, DocScore>,
    opts: &Options,
) -> Result<ScoreReport, Error> {
    let mut table = CountTable::new();
    for (id, d) in per_doc {
        table.push(id, d);
    }
    table.seal().map_err(Error::Table)?;
    let total = score::aggregate(per_doc.values());
    let coverage = Coverage {
        documents: per_doc.len(),
        without_predictions: collected.without_predictions(),
        rejected_records: collected.rejected.len(),
        without_offsets: total
            .without_offsets
            .iter()
            .map(|(l, n)| (l.as_str().to_owned(), *n))
            .collect(),
        approximated_clusters: total.approximated,
    };
    let dataset = Dataset {
        version: dataset_version(corpus),
        fingerprint: fingerprint(corpus),
        documents: corpus.docs.len(),
    };
    from_table(
        dataset,
        collected.extractor.clone(),
        opts,
        &Layer::ALL,
        coverage,
        table,
    )
}

/// The `'static` spelling of a label hudna itself files counts under, if
/// `label` is one.
fn static_label(layer: Layer, label: &str) -> Option<&'static str> {
    own_labels(layer).find(|l| *l == label)
}

/// The labels hudna itself files `layer`'s counts under: the overall
/// column, the refused records' label, and the layer's types.
fn own_labels(layer: Layer) -> impl Iterator<Item = &'static str> {
    use crate::ontology::{EventType, Granularity};
    use crate::vocab::{CasualtyCategory, EntityType};
    let types: Vec<&'static str> = match layer {
        Layer::Entities => EntityType::ALL.iter().map(|t| t.as_str()).collect(),
        Layer::Events => EventType::ALL
            .iter()
            .flat_map(|t| {
                [
                    t.as_str(),
                    Granularity::Plover.label(*t),
                    Granularity::Acled.label(*t),
                ]
            })
            .collect(),
        Layer::Casualties => CasualtyCategory::ALL.iter().map(|t| t.as_str()).collect(),
    };
    [MICRO, crate::score::table::INVALID]
        .into_iter()
        .chain(types)
}

/// Builds the report of `layers` from a sealed count table: every number in
/// it is derived from the table, so a report made from merged shard tables
/// is the report of one run over all their documents. A layer not in
/// `layers` gets no row.
pub fn from_table(
    dataset: Dataset,
    extractor: String,
    opts: &Options,
    layers: &[Layer],
    coverage: Coverage,
    table: CountTable,
) -> Result<ScoreReport, Error> {
    crate::limits::check_resamples(opts.resamples)?;
    let layers = score::normalize_layers(layers);
    let totals = table.totals().map_err(Error::Table)?;
    let point = table.point_of(&totals);
    let cis = table
        .intervals(opts.resamples, opts.seed)
        .map_err(Error::Table)?;
    let columns = table.columns().to_vec();
    let mut metrics = Vec::new();
    for &layer in &layers {
        for scheme in layer.schemes() {
            for i in table.scheme_columns(layer, scheme) {
                let label = &columns[i].label;
                let c = totals[i];
                let p = point.columns[i].unwrap_or_default();
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
                    ci: cis.column(i),
                });
                if label == MICRO {
                    let m = point
                        .macros
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
                        ci: cis.macro_of(layer, scheme),
                    });
                }
            }
        }
    }
    let names = columns
        .iter()
        .map(|c| documents::ColumnName {
            layer: c.layer,
            scheme: c.scheme,
            label: match static_label(c.layer, &c.label) {
                Some(l) => Cow::Borrowed(l),
                None => Cow::Owned(c.label.clone()),
            },
        })
        .collect();
    let values = table.values().map_err(Error::Table)?;
    // The table's rows are the report's documents as they are, spelled out
    // only when read ([`Documents`]).
    let documents = Documents::from_rows(names, table.into_rows());
    Ok(ScoreReport {
        report: "hudna-score-report".into(),
        report_version: REPORT_VERSION,
        harness: Harness {
            name: "hudna".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        dataset,
        extractor,
        options: opts.clone(),
        layers,
        undefined: undefined_legend(),
        coverage,
        metrics,
        casualty_values: ValueSummary {
            counts: values,
            exact_accuracy: values.exact_accuracy(),
            mean_abs_error: values.mean_abs_error(),
        },
        documents,
        shard: None,
        breakdowns: Vec::new(),
    })
}

impl ScoreReport {
    /// The report's per-document counts as a sealed table. Columns come
    /// from the metric rows too, so a scheme or label that no document has
    /// keeps its row. An unknown scheme is an error naming it.
    pub fn table(&self) -> Result<CountTable, String> {
        let scheme = |layer: Layer, s: &str| {
            layer
                .schemes()
                .iter()
                .find(|x| **x == s)
                .copied()
                .ok_or_else(|| {
                    format!(
                        "unknown {} scheme `{s}`; {} schemes are {}",
                        layer.as_str(),
                        layer.as_str(),
                        layer.schemes().join(", ")
                    )
                })
        };
        // As large as the run the report stands for: it spills as the
        // run's table did.
        let mut t = CountTable::spilling(SPILL_ABOVE);
        for m in self.metrics.iter().filter(|m| m.label != MACRO) {
            t.column(m.layer, scheme(m.layer, &m.scheme)?, &m.label);
        }
        for d in &self.documents {
            let d = d.map_err(read_back)?;
            let mut cells = Vec::with_capacity(d.counts.len());
            for c in &d.counts {
                cells.push((
                    t.column(c.layer, scheme(c.layer, &c.scheme)?, &c.label),
                    c.counts,
                ));
            }
            t.push_cells(&d.doc, cells, d.values);
        }
        t.seal().map_err(read_back)?;
        Ok(t)
    }

    /// The row at `layer.scheme.label`.
    pub fn row(&self, layer: Layer, scheme: &str, label: &str) -> Option<&MetricRow> {
        self.metrics
            .iter()
            .find(|r| r.layer == layer && r.scheme == scheme && r.label == label)
    }

    /// Pretty JSON, newline-terminated. Errors when the documents cannot be
    /// read back from a spilled table ([`Documents`]).
    pub fn to_json(&self) -> std::io::Result<String> {
        let mut v = Vec::new();
        self.write_json(&mut v)?;
        // serde_json writes UTF-8 only.
        String::from_utf8(v).map_err(std::io::Error::other)
    }

    /// Writes the pretty JSON, newline-terminated, as a stream: a report of
    /// many documents is larger than the run that made it, so it is never
    /// held whole in memory.
    ///
    /// The serializer writes a few bytes at a time (a quote, an indent, a
    /// key), so it writes into a buffer of its own, whose writes inline,
    /// rather than into `w`: behind the command line's `&mut dyn Write`,
    /// every such write was a call through a vtable into another buffer,
    /// and a third of the time of a 10,000-document JSON report.
    pub fn write_json(&self, w: impl std::io::Write) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        serde_json::to_writer_pretty(&mut w, self)?;
        w.write_all(b"\n")?;
        w.flush()
    }
}
