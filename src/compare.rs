//! Comparing two score reports made on the same gold: which system is better,
//! by how much, and could it be chance?
//!
//! Everything is recomputed from the reports' per-document counts, so two
//! JSON files are all `hudna compare` needs. The unit of resampling is the
//! document, as in [`crate::score::bootstrap`]: mentions in one article are
//! not independent.
//!
//! - **Deltas** are `B − A`, for precision, recall and F1 of every scheme's
//!   micro and macro rows. A delta with an undefined side (a ratio with a
//!   zero denominator, see [`crate::score::Prf`]: precision where a system
//!   predicted nothing) is undefined, and so are its interval and p-value:
//!   "undefined minus 0.8" is no change of −0.8.
//! - **Paired bootstrap confidence interval.** Each resample draws document
//!   indices with replacement once ([`bootstrap::each_draw`]) and applies the
//!   same draw to both reports' counts; the metric is recomputed for A and B
//!   and their difference kept. The interval is the central 95% of those
//!   differences. Pairing removes the variance both systems share (a hard
//!   document is hard for both), so the interval is much narrower than the
//!   two reports' own intervals side by side. A resample in which the metric
//!   is undefined for either system says nothing about the difference and is
//!   left out; a macro average in a resample follows the report's rule
//!   ([`crate::score::table::Sums::macro_avg`]).
//! - **Approximate randomization** (Noreen 1989; Riezler & Maxwell 2005).
//!   Under the null hypothesis the two systems are exchangeable on every
//!   document, so each round swaps each document's counts between A and B
//!   with probability ½ and recomputes `|Δ|`. The two-sided p-value is
//!   `(#{rounds with |Δ_perm| ≥ |Δ_obs|} + 1) / (rounds + 1)`, which is never
//!   0. With `n` documents there are only `2ⁿ` distinct swaps, so p cannot
//!   fall much below `2^(1−n)`: five documents cannot show significance at
//!   the 5% level, and the output says so. A macro average in a swapped round
//!   is over the labels that pseudo-system has items for, as for a real one;
//!   a round in which a swapped value is undefined is left out (then
//!   `rounds` counts only the others).
//! - Both use ChaCha8 seeded from the given seed (the randomization rounds
//!   from the seed XOR a fixed constant, so they do not replay the bootstrap
//!   stream): the same inputs give the same output bit for bit.
//!
//! Two reports are comparable when they were scored against the same gold
//! (`dataset.fingerprint`), over the same documents, with the same options —
//! **except** `resamples` and `seed`, which change only the intervals stored
//! in a report, never a point value, and which `compare` and `gate` replace
//! with their own. Anything else is refused with both values named
//! ([`check_comparable`]). Reports that scored different layers (`hudna
//! score --layers`) are compared on the layers both scored, and the
//! comparison names the others ([`compare`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::report::{CONFIDENCE, Dataset, MACRO, MICRO, REPORT_VERSION, ScoreReport};
use crate::score::table::{CountTable, Sums};
use crate::score::{self, Layer, Prf, bootstrap};

/// Bootstrap resamples when none are given.
pub const DEFAULT_RESAMPLES: usize = 1000;
/// Approximate-randomization rounds when none are given.
pub const DEFAULT_PERMUTATIONS: usize = 1000;
/// How many documents and labels "changed most" lists show by default.
pub const DEFAULT_TOP: usize = 10;

/// The schemes whose per-document and per-label F1 deltas are ranked: each
/// layer's headline scheme ([`Layer::headline`]).
pub fn primary() -> impl Iterator<Item = (Layer, &'static str)> {
    Layer::ALL.into_iter().map(|l| (l, l.headline()))
}

/// Salt for the randomization stream's seed.
const AR_SALT: u64 = 0x9E37_79B9_7F4A_7C15;

/// Tolerance when comparing `|Δ_perm|` with `|Δ_obs|`: sums of the same
/// counts in another order must not flip a tie.
const EPS: f64 = 1e-12;

/// Why two reports could not be read or compared.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file could not be read.
    #[error("{}: {err}", path.display())]
    Io {
        /// The report file.
        path: PathBuf,
        /// What the OS said (not a `source`: the message already holds it).
        err: std::io::Error,
    },
    /// The file is not a score report this hudna can read.
    #[error("{}: not a hudna score report: {message}", path.display())]
    NotAReport {
        /// The report file.
        path: PathBuf,
        /// What is wrong, with the JSON location where there is one.
        message: String,
    },
    /// The two reports do not measure the same thing.
    #[error("{0}")]
    Incompatible(Box<Incompatible>),
    /// Resamples or rounds above hudna's caps ([`crate::limits`]).
    #[error(transparent)]
    Limit(#[from] crate::limits::LimitError),
    /// A count table could not read its rows back from its temporary file
    /// ([`crate::score::rows`]).
    #[error("{0}")]
    Table(std::io::Error),
}

/// Two reports that disagree on something a comparison needs them to share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incompatible {
    /// The first report's name (its path).
    pub a: String,
    /// The second report's name.
    pub b: String,
    /// What differs, e.g. `dataset.fingerprint` or `options.boundary`.
    pub field: String,
    /// The first report's value.
    pub a_value: String,
    /// The second report's value.
    pub b_value: String,
    /// What to do about it.
    pub hint: String,
}

impl fmt::Display for Incompatible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.a.chars().count().max(self.b.chars().count());
        write!(
            f,
            "cannot compare {} with {}: `{}` differs\n  {:w$}  {}\n  {:w$}  {}\n    hint: {}",
            self.a, self.b, self.field, self.a, self.a_value, self.b, self.b_value, self.hint
        )
    }
}

/// A report and the name it is shown under (its path, or a description of
/// where it came from).
#[derive(Debug, Clone, PartialEq)]
pub struct NamedReport {
    /// How messages and outputs name it.
    pub name: String,
    /// The report.
    pub report: ScoreReport,
}

impl NamedReport {
    /// Names an in-memory report.
    pub fn new(name: impl Into<String>, report: ScoreReport) -> Self {
        NamedReport {
            name: name.into(),
            report,
        }
    }

    /// Reads a JSON report (`hudna score --format json`), checking that it is
    /// one and of a version this hudna reads. Errors name the file and, for
    /// malformed JSON, the line and field.
    ///
    /// A report hudna wrote is read straight into its type, as a stream:
    /// neither the file's text nor a JSON tree of it is held (for 10,000
    /// documents, some 550 MB and several GB). Anything else takes the path
    /// that says what is wrong with it.
    pub fn read(path: &Path) -> Result<Self, ReportError> {
        let io = |err| ReportError::Io {
            path: path.to_path_buf(),
            err,
        };
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(io)?;
        let reader = std::io::BufReader::with_capacity(1 << 16, file);
        if let Some(report) = typed(serde_json::from_reader(reader)) {
            return Self::verified(&name, report);
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        Self::parse_tree(&name, &text)
    }

    /// As [`NamedReport::read`], from the report's text (standard input,
    /// say); `name` names it in errors and comparisons.
    pub fn parse(name: &str, text: &str) -> Result<Self, ReportError> {
        match typed(serde_json::from_str(text)) {
            Some(report) => Self::verified(name, report),
            None => Self::parse_tree(name, text),
        }
    }

    /// A report that deserialized whole, checked as every report is.
    fn verified(name: &str, report: ScoreReport) -> Result<Self, ReportError> {
        verify(&report).map_err(|message| ReportError::NotAReport {
            path: name.into(),
            message,
        })?;
        Ok(NamedReport::new(name, report))
    }

    /// The path every report could take: the JSON as a tree first, so that
    /// a file that is not a report of this version is told so by its
    /// `report` and `report_version` fields before any other field is
    /// read, and a field that does not deserialize is named by its path.
    fn parse_tree(name: &str, text: &str) -> Result<Self, ReportError> {
        let path = Path::new(name);
        let bad = |message: String| ReportError::NotAReport {
            path: path.to_path_buf(),
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| bad(format!("invalid JSON: {e}")))?;
        match value.get("report").and_then(|v| v.as_str()) {
            Some("hudna-score-report") => {}
            Some(other) => return Err(bad(format!("its `report` field is `{other}`, expected `hudna-score-report`"))),
            None => return Err(bad("no `report: \"hudna-score-report\"` field; write one with `hudna score --format json`".into())),
        }
        match value.get("report_version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(REPORT_VERSION) => {}
            v => {
                // What changed since, so the reader knows why a rescore is
                // needed (the counts alone cannot say which layers were
                // meant to be scored).
                let since = match v {
                    Some(2) => {
                        " (version 3 reports an undefined ratio as null instead of 0, and lists the layers scored)"
                    }
                    Some(1) => {
                        " (version 2 renamed and added event schemes; version 3 reports undefined ratios as null)"
                    }
                    _ => "",
                };
                return Err(bad(format!(
                    "report_version {}, but this hudna reads version {REPORT_VERSION}{since}; rescore with this version",
                    v.map_or("(missing)".into(), |v| v.to_string())
                )));
            }
        }
        let report: ScoreReport = serde_path_to_error::deserialize(value).map_err(|e| {
            let at = e.path().to_string();
            bad(format!("{} (at `{at}`)", e.into_inner()))
        })?;
        Self::verified(name, report)
    }
}

/// The report JSON deserialized straight into, when it did and is a score
/// report of this version; `None` otherwise, for
/// [`NamedReport::parse_tree`] to say why. Whatever this accepts, the tree
/// path accepts as the same report (the same derived `Deserialize`, fed
/// the same JSON), so the two differ only in memory and in how errors are
/// worded.
fn typed(parsed: serde_json::Result<ScoreReport>) -> Option<ScoreReport> {
    parsed
        .ok()
        .filter(|r| r.report == "hudna-score-report" && r.report_version == REPORT_VERSION)
}

/// The most items one document's cell may count in a report read back: far
/// above any real document, and low enough that sums over a million
/// documents, weighted by a resample, stay inside `u64`.
pub const MAX_CELL_COUNT: u64 = u32::MAX as u64;

/// A report read from a file is trusted only as far as its counts: every
/// metric, interval and value statistic in it must be what those counts
/// give — a number where they define one, `null` exactly where they leave it
/// undefined — every scheme one hudna knows, every row of a layer the report
/// says it scored, and every count plausible. A report edited by hand (an
/// `f1` of 5.0, a 0 where nothing was predicted, a count near `u64::MAX`)
/// is refused rather than gated or compared.
pub fn verify(report: &ScoreReport) -> Result<(), String> {
    let scored = |layer: Layer, at: &dyn Fn() -> String| {
        if report.layers.contains(&layer) {
            Ok(())
        } else {
            Err(format!(
                "{}: layer `{}` is not among the layers the report scored ({})",
                at(),
                layer.as_str(),
                layer_names(&report.layers)
            ))
        }
    };
    for d in &report.documents {
        let d = d.map_err(crate::score::table::read_back)?;
        for c in &d.counts {
            scored(c.layer, &|| {
                format!(
                    "document `{}` counts {}.{}.{}",
                    d.doc,
                    c.layer.as_str(),
                    c.scheme,
                    c.label
                )
            })?;
            let n = c.counts;
            let max = [n.correct, n.incorrect, n.partial, n.missed, n.spurious]
                .into_iter()
                .max()
                .unwrap_or(0);
            if max > MAX_CELL_COUNT {
                return Err(format!(
                    "document `{}` counts {max} items in {}.{}.{}, more than any document can hold (at most {MAX_CELL_COUNT})",
                    d.doc,
                    c.layer.as_str(),
                    c.scheme,
                    c.label
                ));
            }
        }
    }
    for m in &report.metrics {
        scored(m.layer, &|| format!("metrics {}", m.path()))?;
    }
    let table = report.table()?;
    let derived = crate::report::from_table(
        report.dataset.clone(),
        report.extractor.clone(),
        &report.options,
        &report.layers,
        report.coverage.clone(),
        table,
    )
    .map_err(|e| e.to_string())?;
    if report.layers != derived.layers {
        return Err(format!(
            "layers {} are not in report order, or repeat one (expected {})",
            layer_names(&report.layers),
            layer_names(&derived.layers)
        ));
    }
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9;
    // A value against the one the counts give: both undefined, or both
    // numbers and equal.
    let check = |at: &str, what: &str, x: Option<f64>, y: Option<f64>, why: &str| match (x, y) {
        (None, None) => Ok(()),
        (Some(a), Some(b)) if close(a, b) => Ok(()),
        (Some(a), Some(b)) => Err(format!("{at}: {what} is {a}, but its counts give {b}")),
        (None, Some(b)) => Err(format!(
            "{at}: {what} is null (undefined), but its counts give {b}"
        )),
        (Some(a), None) => Err(format!(
            "{at}: {what} is {a}, but its counts leave it undefined ({why}): it must be null"
        )),
    };
    let rows: BTreeMap<(Layer, &str, &str), &crate::report::MetricRow> = derived
        .metrics
        .iter()
        .map(|m| ((m.layer, m.scheme.as_str(), m.label.as_str()), m))
        .collect();
    for m in &report.metrics {
        let at = format!("metrics {}", m.path());
        let Some(d) = rows.get(&(m.layer, m.scheme.as_str(), m.label.as_str())) else {
            return Err(format!("{at} does not follow from the documents' counts"));
        };
        if m.counts != d.counts || m.possible != d.possible || m.actual != d.actual {
            return Err(format!(
                "{at}: its counts are not the sum of the documents' counts"
            ));
        }
        for metric in ["precision", "recall", "f1"] {
            let why = crate::score::Undefined::of(metric).map_or("", |u| u.reason());
            check(&at, metric, m.get(metric), d.get(metric), why)?;
            let (cx, cy) = (
                m.ci.and_then(|c| c.get(metric)),
                d.ci.and_then(|c| c.get(metric)),
            );
            let same = match (cx, cy) {
                (None, None) => true,
                (Some(a), Some(b)) => close(a[0], b[0]) && close(a[1], b[1]),
                _ => false,
            };
            if !same {
                return Err(format!(
                    "{at}: the {metric} interval is not the one its counts, resamples and seed give"
                ));
            }
        }
    }
    if report.metrics.len() != derived.metrics.len() {
        return Err(format!(
            "it lists {} metric rows where its counts give {}",
            report.metrics.len(),
            derived.metrics.len()
        ));
    }
    let (v, dv) = (&report.casualty_values, &derived.casualty_values);
    if v.counts != dv.counts {
        return Err("casualty_values.counts is not the sum of the documents' values".into());
    }
    check(
        "casualty_values",
        "exact_accuracy",
        v.exact_accuracy,
        dv.exact_accuracy,
        crate::report::NO_MATCHED_CLAIM,
    )?;
    check(
        "casualty_values",
        "mean_abs_error",
        v.mean_abs_error,
        dv.mean_abs_error,
        crate::report::NO_MATCHED_NUMBERS,
    )?;
    if report.undefined != derived.undefined {
        return Err("`undefined` is not the legend hudna writes for null metrics".into());
    }
    Ok(())
}

/// `entities, casualties`.
pub fn layer_names(layers: &[Layer]) -> String {
    if layers.is_empty() {
        return "none".into();
    }
    layers
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses two reports that were not scored on the same gold, documents and
/// options (`resamples` and `seed` may differ: they do not change a point
/// value). The error names the field and both values.
pub fn check_comparable(a: &NamedReport, b: &NamedReport) -> Result<(), ReportError> {
    let refuse = |field: &str, a_value: String, b_value: String, hint: &str| {
        Err(ReportError::Incompatible(Box::new(Incompatible {
            a: a.name.clone(),
            b: b.name.clone(),
            field: field.into(),
            a_value,
            b_value,
            hint: hint.into(),
        })))
    };
    let (ra, rb) = (&a.report, &b.report);
    if ra.dataset.fingerprint != rb.dataset.fingerprint {
        let show = |d: &Dataset| {
            format!(
                "{} (gold {}, {} documents)",
                d.fingerprint,
                d.version.as_deref().unwrap_or("unversioned"),
                d.documents
            )
        };
        return refuse(
            "dataset.fingerprint",
            show(&ra.dataset),
            show(&rb.dataset),
            "the reports were scored against different gold; rescore both on the same annotations (after a gold correction, regenerate the baseline report: see CONTRIBUTING.md)",
        );
    }
    let opts = |r: &ScoreReport| -> BTreeMap<String, serde_json::Value> {
        match serde_json::to_value(&r.options) {
            Ok(serde_json::Value::Object(m)) => m.into_iter().collect(),
            _ => BTreeMap::new(),
        }
    };
    let (oa, ob) = (opts(ra), opts(rb));
    let keys: BTreeSet<&String> = oa.keys().chain(ob.keys()).collect();
    for k in keys {
        if k == "resamples" || k == "seed" {
            continue;
        }
        let (va, vb) = (oa.get(k), ob.get(k));
        if va != vb {
            let show =
                |v: Option<&serde_json::Value>| v.map_or("(absent)".into(), |v| v.to_string());
            return refuse(
                &format!("options.{k}"),
                show(va),
                show(vb),
                "scores under different options are not comparable; rescore one with the other's options (only resamples and seed may differ)",
            );
        }
    }
    let ia = ra.documents.ids().map_err(ReportError::Table)?;
    let ib = rb.documents.ids().map_err(ReportError::Table)?;
    let da: BTreeSet<&str> = ia.iter().map(|d| d.as_ref()).collect();
    let db: BTreeSet<&str> = ib.iter().map(|d| d.as_ref()).collect();
    if da != db {
        let only = |x: &BTreeSet<&str>, y: &BTreeSet<&str>| {
            let v: Vec<&str> = x.difference(y).copied().collect();
            if v.is_empty() {
                "no document the other lacks".to_string()
            } else {
                format!("{} document(s) the other lacks: {}", v.len(), v.join(", "))
            }
        };
        return refuse(
            "documents",
            only(&da, &db),
            only(&db, &da),
            "the reports cover different documents although their gold fingerprints agree; was one edited by hand?",
        );
    }
    Ok(())
}

/// A row of a report: a scheme's micro or macro average, or one label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Target {
    /// Layer.
    pub layer: Layer,
    /// Scheme within the layer.
    pub scheme: String,
    /// [`MICRO`], [`MACRO`] or a type label.
    pub label: String,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.layer.as_str(), self.scheme, self.label)
    }
}

/// One metric of one row in both reports.
///
/// A delta involving an undefined value (precision where one system
/// predicted nothing, …) is itself undefined, and so are its interval and
/// p-value: "undefined minus 0.8" is not a change of −0.8.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Delta {
    /// The value in A (`None`: undefined).
    pub a: Option<f64>,
    /// The value in B (`None`: undefined).
    pub b: Option<f64>,
    /// `b − a` (`None` when either is undefined).
    pub delta: Option<f64>,
    /// Paired bootstrap 95% interval of the delta, over the resamples in
    /// which both values are defined (absent with 0 resamples, or when no
    /// resample defines both).
    pub ci: Option<[f64; 2]>,
    /// Approximate-randomization p-value, over the rounds in which both
    /// swapped values are defined (absent with 0 rounds or an undefined
    /// delta).
    pub p_value: Option<f64>,
}

impl Delta {
    /// The interval, and whether it excludes 0: the difference is then
    /// larger than resampling documents explains.
    pub fn ci_excludes_zero(&self) -> Option<bool> {
        self.ci.map(|[lo, hi]| lo > 0.0 || hi < 0.0)
    }
}

/// Precision, recall and F1 deltas of one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowDelta {
    /// Layer.
    pub layer: Layer,
    /// Scheme.
    pub scheme: String,
    /// [`MICRO`], [`MACRO`] or a label.
    pub label: String,
    /// Precision.
    pub precision: Delta,
    /// Recall.
    pub recall: Delta,
    /// F1.
    pub f1: Delta,
}

impl RowDelta {
    /// The named metric's delta.
    pub fn get(&self, metric: &str) -> Option<&Delta> {
        match metric {
            "precision" => Some(&self.precision),
            "recall" => Some(&self.recall),
            "f1" => Some(&self.f1),
            _ => None,
        }
    }
}

/// How many resamples and rounds, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Bootstrap resamples (0: no intervals).
    pub resamples: usize,
    /// Approximate-randomization rounds (0: no p-values).
    pub permutations: usize,
    /// Seed of both.
    pub seed: u64,
    /// Length of the "changed most" lists.
    pub top: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            resamples: DEFAULT_RESAMPLES,
            permutations: DEFAULT_PERMUTATIONS,
            seed: score::Options::default().seed,
            top: DEFAULT_TOP,
        }
    }
}

/// A target resolved against the aligned columns.
enum Resolved {
    /// A micro or label row: one column (None: no document has it).
    Column(Option<usize>),
    /// A macro row: its labels depend on the sums.
    Macro,
}

fn triple(p: Prf) -> [Option<f64>; 3] {
    [p.precision, p.recall, p.f1]
}

/// `b − a` when both are defined.
fn minus(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(b? - a?)
}

/// Both reports' count tables on one list of columns and documents.
fn aligned(a: &ScoreReport, b: &ScoreReport) -> Result<(CountTable, CountTable), ReportError> {
    let table = |r: &ScoreReport| {
        r.table().map_err(|message| ReportError::NotAReport {
            path: r.extractor.clone().into(),
            message,
        })
    };
    CountTable::aligned(&table(a)?, &table(b)?).map_err(ReportError::Table)
}

/// Precision, recall and F1 deltas (`B − A`) of each target, with paired
/// bootstrap intervals and randomization p-values over documents.
///
/// The reports should have passed [`check_comparable`], and scored the
/// targets' layers; a label one report lacks has no item there (every
/// metric undefined, so every delta on it too).
///
/// Errors when `settings` asks for more resamples or rounds than
/// [`crate::limits`] allows.
pub fn paired(
    a: &ScoreReport,
    b: &ScoreReport,
    targets: &[Target],
    settings: &Settings,
) -> Result<Vec<RowDelta>, ReportError> {
    crate::limits::check_resamples(settings.resamples)?;
    crate::limits::check_permutations(settings.permutations)?;
    let (ta, tb) = aligned(a, b)?;
    let n = ta.rows().len();
    let resolved: Vec<Resolved> = targets
        .iter()
        .map(|t| {
            if t.label == MACRO {
                Resolved::Macro
            } else {
                Resolved::Column(ta.find(t.layer, &t.scheme, &t.label))
            }
        })
        .collect();
    // Values of every target for one pair of sums (undefined: no item, or
    // a zero denominator).
    let values = |sa: &Sums<'_>, sb: &Sums<'_>| -> Vec<[[Option<f64>; 3]; 2]> {
        targets
            .iter()
            .zip(&resolved)
            .map(|(t, r)| match r {
                Resolved::Column(i) => {
                    let pa = i.and_then(|i| sa.column(i));
                    let pb = i.and_then(|i| sb.column(i));
                    [
                        triple(pa.unwrap_or_default()),
                        triple(pb.unwrap_or_default()),
                    ]
                }
                Resolved::Macro => [
                    triple(sa.macro_avg(t.layer, &t.scheme)),
                    triple(sb.macro_avg(t.layer, &t.scheme)),
                ],
            })
            .collect()
    };
    let point = values(
        &ta.total_sums().map_err(ReportError::Table)?,
        &tb.total_sums().map_err(ReportError::Table)?,
    );
    // Every resample and round sums the same rows again: unpack them once.
    let unpack = |t| CountTable::unpacked(t).map_err(ReportError::Table);
    let (ua, ub) = (unpack(&ta)?, unpack(&tb)?);

    // Paired bootstrap: one draw, applied to both; a resample in which
    // either value is undefined says nothing about the difference.
    let mut boot: Vec<[Vec<f64>; 3]> = vec![Default::default(); targets.len()];
    let mut counts = vec![0u64; n];
    bootstrap::each_draw(n, settings.resamples, settings.seed, |draw| {
        counts.iter_mut().for_each(|c| *c = 0);
        for &d in draw {
            counts[d] += 1;
        }
        let w = || counts.iter().copied().enumerate();
        let (sa, sb) = (ua.weighted_sums(w()), ub.weighted_sums(w()));
        for (acc, [va, vb]) in boot.iter_mut().zip(values(&sa, &sb)) {
            for m in 0..3 {
                acc[m].extend(minus(va[m], vb[m]));
            }
        }
    });

    // Approximate randomization: swap each document's counts with p = ½.
    // A round in which a swapped value is undefined is left out of that
    // metric's p-value (`rounds` counts the others).
    let mut extreme = vec![[0usize; 3]; targets.len()];
    let mut rounds = vec![[0usize; 3]; targets.len()];
    if settings.permutations > 0 {
        let mut rng = ChaCha8Rng::seed_from_u64(settings.seed ^ AR_SALT);
        let mut swapped = vec![false; n];
        for _ in 0..settings.permutations {
            for s in swapped.iter_mut() {
                *s = rng.random_bool(0.5);
            }
            let kept = || swapped.iter().map(|s| u64::from(!*s)).enumerate();
            let moved = || swapped.iter().map(|s| u64::from(*s)).enumerate();
            // A' takes A's counts where not swapped and B's where swapped.
            let mut sa = ua.weighted_sums(kept());
            sa.add(&ub.weighted_sums(moved()));
            let mut sb = ub.weighted_sums(kept());
            sb.add(&ua.weighted_sums(moved()));
            for (((ext, used), [va, vb]), obs) in extreme
                .iter_mut()
                .zip(rounds.iter_mut())
                .zip(values(&sa, &sb))
                .zip(&point)
            {
                for m in 0..3 {
                    let (Some(d_obs), Some(d)) = (minus(obs[0][m], obs[1][m]), minus(va[m], vb[m]))
                    else {
                        continue;
                    };
                    used[m] += 1;
                    if d.abs() >= d_obs.abs() - EPS {
                        ext[m] += 1;
                    }
                }
            }
        }
    }

    Ok(targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let [pa, pb] = point[i];
            let mut delta = |m: usize| {
                let mut xs = std::mem::take(&mut boot[i][m]);
                let delta = minus(pa[m], pb[m]);
                Delta {
                    a: pa[m],
                    b: pb[m],
                    delta,
                    ci: (delta.is_some() && !xs.is_empty())
                        .then(|| bootstrap::interval(&mut xs, CONFIDENCE)),
                    p_value: (delta.is_some() && settings.permutations > 0)
                        .then(|| (extreme[i][m] + 1) as f64 / (rounds[i][m] + 1) as f64),
                }
            };
            RowDelta {
                layer: t.layer,
                scheme: t.scheme.clone(),
                label: t.label.clone(),
                precision: delta(0),
                recall: delta(1),
                f1: delta(2),
            }
        })
        .collect())
}

/// Who is compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The report's name (its path).
    pub report: String,
    /// The extractor that made it.
    pub extractor: String,
}

/// One document's F1 change on one primary scheme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemeChange {
    /// Layer.
    pub layer: Layer,
    /// Scheme.
    pub scheme: String,
    /// F1 in A (None: neither gold nor prediction in this document).
    pub a: Option<f64>,
    /// F1 in B.
    pub b: Option<f64>,
    /// `b − a` (`None` when either is undefined).
    pub delta: Option<f64>,
}

/// A document whose scores moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocChange {
    /// Document id.
    pub doc: String,
    /// Sum of the defined `|ΔF1|` over the primary schemes: the ranking key.
    pub total_abs_delta: f64,
    /// Per primary scheme.
    pub schemes: Vec<SchemeChange>,
}

/// A label whose corpus F1 moved on a primary scheme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelChange {
    /// Layer.
    pub layer: Layer,
    /// Scheme.
    pub scheme: String,
    /// Label.
    pub label: String,
    /// Gold items with this label.
    pub gold: u64,
    /// F1 in A.
    pub a: f64,
    /// F1 in B.
    pub b: f64,
    /// `b − a` (listed only where both are defined).
    pub delta: f64,
}

/// The result of `hudna compare`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Always `hudna-compare`.
    pub comparison: String,
    /// The first report (the reference).
    pub a: Side,
    /// The second report (deltas are `B − A`).
    pub b: Side,
    /// The shared gold.
    pub dataset: Dataset,
    /// The shared scoring options (A's; `resamples` and `seed` there are A's
    /// own, not the ones used here).
    pub options: score::Options,
    /// Resamples, rounds and seed used here; confidence level.
    pub settings: Settings,
    /// Confidence level of the intervals.
    pub confidence: f64,
    /// The layers compared: those both reports scored.
    pub layers: Vec<Layer>,
    /// Layers only A scored (`hudna score --layers`): not compared.
    pub only_in_a: Vec<Layer>,
    /// Layers only B scored: not compared.
    pub only_in_b: Vec<Layer>,
    /// Micro and macro rows of every scheme of the compared layers.
    pub metrics: Vec<RowDelta>,
    /// Documents ranked by how much their primary F1s moved (at most
    /// `settings.top`; unchanged documents are left out).
    pub documents: Vec<DocChange>,
    /// Labels of the primary schemes ranked by `|ΔF1|` (at most
    /// `settings.top`; unchanged labels are left out).
    pub labels: Vec<LabelChange>,
}

/// Compares B against A: refuses incomparable reports, then computes every
/// delta, interval and p-value, and ranks documents and labels.
///
/// Reports that scored different layers (`hudna score --layers`) are
/// compared on the layers both scored, and the comparison names the others;
/// with no layer in common there is nothing to compare, and that is refused.
pub fn compare(
    a: &NamedReport,
    b: &NamedReport,
    settings: &Settings,
) -> Result<Comparison, ReportError> {
    check_comparable(a, b)?;
    let (ra, rb) = (&a.report, &b.report);
    let layers: Vec<Layer> = ra
        .layers
        .iter()
        .copied()
        .filter(|l| rb.layers.contains(l))
        .collect();
    let only = |x: &ScoreReport, y: &ScoreReport| -> Vec<Layer> {
        x.layers
            .iter()
            .copied()
            .filter(|l| !y.layers.contains(l))
            .collect()
    };
    if layers.is_empty() {
        return Err(ReportError::Incompatible(Box::new(Incompatible {
            a: a.name.clone(),
            b: b.name.clone(),
            field: "layers".into(),
            a_value: layer_names(&ra.layers),
            b_value: layer_names(&rb.layers),
            hint: "the reports have no layer in common; rescore one with the other's --layers"
                .into(),
        })));
    }
    let primary: Vec<(Layer, &str)> = primary().filter(|(l, _)| layers.contains(l)).collect();
    let mut targets = Vec::new();
    for &layer in &layers {
        for scheme in layer.schemes() {
            let present =
                ra.row(layer, scheme, MICRO).is_some() || rb.row(layer, scheme, MICRO).is_some();
            if present {
                for label in [MICRO, MACRO] {
                    targets.push(Target {
                        layer,
                        scheme: scheme.to_string(),
                        label: label.into(),
                    });
                }
            }
        }
    }
    let metrics = paired(ra, rb, &targets, settings)?;

    // Labels of the primary schemes, from the corpus rows; a label whose F1
    // is undefined on one side has no delta to rank.
    let mut labels = Vec::new();
    for &(layer, scheme) in &primary {
        let names: BTreeSet<&str> = ra
            .metrics
            .iter()
            .chain(&rb.metrics)
            .filter(|m| m.layer == layer && m.scheme == scheme)
            .map(|m| m.label.as_str())
            .filter(|l| *l != MICRO && *l != MACRO)
            .collect();
        for label in names {
            let (x, y) = (ra.row(layer, scheme, label), rb.row(layer, scheme, label));
            let f1 = |r: Option<&crate::report::MetricRow>| r.and_then(|r| r.f1);
            let gold = x.or(y).and_then(|r| r.counts).map_or(0, |c| c.possible());
            let (Some(fa), Some(fb)) = (f1(x), f1(y)) else {
                continue;
            };
            let delta = fb - fa;
            if delta.abs() > EPS {
                labels.push(LabelChange {
                    layer,
                    scheme: scheme.into(),
                    label: label.into(),
                    gold,
                    a: fa,
                    b: fb,
                    delta,
                });
            }
        }
    }
    labels.sort_by(|x, y| {
        y.delta
            .abs()
            .total_cmp(&x.delta.abs())
            .then(y.gold.cmp(&x.gold))
            .then_with(|| (x.layer, &x.scheme, &x.label).cmp(&(y.layer, &y.scheme, &y.label)))
    });
    labels.truncate(settings.top);

    // Documents.
    let (ta, tb) = aligned(ra, rb)?;
    let mut documents = Vec::new();
    let unpack = |t| CountTable::unpacked(t).map_err(ReportError::Table);
    let (ua, ub) = (unpack(&ta)?, unpack(&tb)?);
    let mut ids = Vec::with_capacity(ta.rows().len());
    for block in ta.rows().blocks() {
        let block = block.map_err(ReportError::Table)?;
        ids.extend(block.rows().map(|(_, r)| r.doc.to_owned()));
    }
    for (d, doc) in ids.into_iter().enumerate() {
        let mut schemes = Vec::new();
        let mut total = 0.0;
        let (sa, sb) = (ua.weighted_sums([(d, 1)]), ub.weighted_sums([(d, 1)]));
        for &(layer, scheme) in &primary {
            let i = ta.find(layer, scheme, MICRO);
            let f = |s: &Sums<'_>| i.and_then(|i| s.column(i)).and_then(|p| p.f1);
            let (fa, fb) = (f(&sa), f(&sb));
            let delta = minus(fa, fb);
            total += delta.map_or(0.0, f64::abs);
            schemes.push(SchemeChange {
                layer,
                scheme: scheme.into(),
                a: fa,
                b: fb,
                delta,
            });
        }
        if total > EPS {
            documents.push(DocChange {
                doc,
                total_abs_delta: total,
                schemes,
            });
        }
    }
    documents.sort_by(|x, y| {
        y.total_abs_delta
            .total_cmp(&x.total_abs_delta)
            .then_with(|| x.doc.cmp(&y.doc))
    });
    documents.truncate(settings.top);

    Ok(Comparison {
        comparison: "hudna-compare".into(),
        a: Side {
            report: a.name.clone(),
            extractor: ra.extractor.clone(),
        },
        b: Side {
            report: b.name.clone(),
            extractor: rb.extractor.clone(),
        },
        dataset: ra.dataset.clone(),
        options: ra.options.clone(),
        settings: *settings,
        confidence: CONFIDENCE,
        only_in_a: only(ra, rb),
        only_in_b: only(rb, ra),
        layers,
        metrics,
        documents,
        labels,
    })
}

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

/// A signed number with three decimals (`+0.012`, `-0.250`, `+0.000`).
fn s3(x: f64) -> String {
    // -0.0004 would print as "-0.000": show a zero as unsigned-positive.
    let r = (x * 1000.0).round() / 1000.0;
    if r == 0.0 {
        "+0.000".into()
    } else {
        format!("{r:+.3}")
    }
}

fn ci_cell(d: &Delta) -> String {
    d.ci.map_or("—".into(), |[lo, hi]| format!("[{}, {}]", s3(lo), s3(hi)))
}

fn p_cell(d: &Delta) -> String {
    d.p_value.map_or("—".into(), |p| format!("{p:.3}"))
}

fn opt_f3(x: Option<f64>) -> String {
    x.map_or("—".into(), f3)
}

fn opt_s3(x: Option<f64>) -> String {
    x.map_or("—".into(), s3)
}

/// The primary schemes of the compared layers, as `layer.scheme`.
fn primary_names(c: &Comparison) -> Vec<String> {
    primary()
        .filter(|(l, _)| c.layers.contains(l))
        .map(|(l, sc)| format!("{}.{}", l.as_str(), sc))
        .collect()
}

/// Why the `—` cells of the metrics table are undefined (nothing when none
/// is): a delta is undefined when either side is.
fn undefined_note(c: &Comparison) -> Option<String> {
    let mut parts = Vec::new();
    let mut add = |undefined: bool, part: &'static str| {
        if undefined && !parts.contains(&part) {
            parts.push(part);
        }
    };
    for m in &c.metrics {
        add(
            m.f1.delta.is_none(),
            "F1 and ΔF1 where a report has nothing in the gold and nothing predicted",
        );
        add(
            m.precision.delta.is_none(),
            "ΔP where A or B predicted nothing",
        );
        add(m.recall.delta.is_none(), "ΔR where the gold has nothing");
    }
    (!parts.is_empty()).then(|| format!("— undefined: {}", parts.join("; ")))
}

fn method_lines(c: &Comparison) -> Vec<String> {
    let s = &c.settings;
    let mut v = vec![
        format!(
            "gold hudna {} ({} documents, fingerprint {}) · options agree",
            c.dataset.version.as_deref().unwrap_or("(unversioned)"),
            c.dataset.documents,
            &c.dataset.fingerprint[..12.min(c.dataset.fingerprint.len())]
        ),
        format!(
            "Δ = B − A · 95% CI: paired bootstrap over documents ({} resamples) · p: approximate randomization, two-sided ({} rounds) · seed {}",
            s.resamples, s.permutations, s.seed
        ),
    ];
    if let Some(floor) = p_floor(c.dataset.documents).filter(|f| *f > 0.01) {
        v.push(format!(
            "note: with {} documents no p-value can fall much below {floor:.3}: a swap of every document gives the same |Δ| as none",
            c.dataset.documents
        ));
    }
    for (side, only) in [("A", &c.only_in_a), ("B", &c.only_in_b)] {
        if !only.is_empty() {
            v.push(format!(
                "note: only {side} scored {} (--layers): not compared; compared: {}",
                layer_names(only),
                layer_names(&c.layers)
            ));
        }
    }
    v
}

/// The smallest p-value randomization can give with `n` documents in the
/// limit of many rounds: the observed assignment and its mirror image are 2 of
/// the `2ⁿ` equally likely ones.
pub fn p_floor(n: usize) -> Option<f64> {
    (n > 0).then(|| 2f64.powi(1 - n.min(1024) as i32))
}

/// Renders a comparison for a terminal.
pub fn to_text(c: &Comparison) -> String {
    let mut s = String::from("hudna compare\n");
    s.push_str(&format!("A: {} ({})\n", c.a.extractor, c.a.report));
    s.push_str(&format!("B: {} ({})\n", c.b.extractor, c.b.report));
    for l in method_lines(c) {
        s.push_str(&l);
        s.push('\n');
    }
    for layer in Layer::ALL {
        let rows: Vec<&RowDelta> = c.metrics.iter().filter(|m| m.layer == layer).collect();
        if rows.is_empty() {
            continue;
        }
        s.push_str(&format!("\n{}\n", layer.as_str()));
        let mut t = vec![
            [
                "scheme",
                "avg",
                "A F1",
                "B F1",
                "ΔF1",
                "ΔF1 95% CI",
                "p",
                "ΔP",
                "ΔR",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for m in rows {
            t.push(vec![
                if m.label == MICRO {
                    m.scheme.clone()
                } else {
                    String::new()
                },
                m.label.clone(),
                opt_f3(m.f1.a),
                opt_f3(m.f1.b),
                opt_s3(m.f1.delta),
                ci_cell(&m.f1),
                p_cell(&m.f1),
                opt_s3(m.precision.delta),
                opt_s3(m.recall.delta),
            ]);
        }
        s.push_str(&crate::report::aligned_table(&t, "ll"));
    }
    if let Some(n) = undefined_note(c) {
        s.push_str(&n);
        s.push('\n');
    }
    let primary = primary_names(c);
    s.push_str(&format!(
        "\ndocuments that changed most (F1 A → B on {})\n",
        primary.join(", ")
    ));
    if c.documents.is_empty() {
        s.push_str("(no document changed)\n");
    } else {
        let mut head = vec!["document".to_string()];
        head.extend(primary.iter().cloned());
        let mut t = vec![head];
        for d in &c.documents {
            let mut row = vec![d.doc.clone()];
            row.extend(d.schemes.iter().map(doc_cell));
            t.push(row);
        }
        s.push_str(&crate::report::aligned_table(&t, "l"));
        if let Some(n) = doc_note(c) {
            s.push_str(&n);
            s.push('\n');
        }
    }
    s.push_str("\nlabels that changed most (F1)\n");
    if c.labels.is_empty() {
        s.push_str("(no label changed)\n");
    } else {
        let mut t = vec![
            ["label", "scheme", "gold", "A F1", "B F1", "ΔF1"]
                .map(String::from)
                .to_vec(),
        ];
        for l in &c.labels {
            t.push(vec![
                l.label.clone(),
                format!("{}.{}", l.layer.as_str(), l.scheme),
                l.gold.to_string(),
                f3(l.a),
                f3(l.b),
                s3(l.delta),
            ]);
        }
        s.push_str(&crate::report::aligned_table(&t, "ll"));
    }
    s
}

/// `A → B (Δ)` of one document and scheme.
fn doc_cell(x: &SchemeChange) -> String {
    format!("{} → {} ({})", opt_f3(x.a), opt_f3(x.b), opt_s3(x.delta))
}

/// Why `—` appears in the documents table, if it does.
fn doc_note(c: &Comparison) -> Option<String> {
    c.documents
        .iter()
        .flat_map(|d| &d.schemes)
        .any(|x| x.delta.is_none())
        .then(|| "— undefined: F1 of a document with nothing in the gold and nothing predicted, and its Δ".to_string())
}

/// Renders a comparison as GitHub-flavoured Markdown (a pull-request comment).
pub fn to_markdown(c: &Comparison) -> String {
    let row = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    let mut s = String::from("### hudna compare\n\n");
    s.push_str(&format!(
        "**A** `{}` ({})  \n**B** `{}` ({})  \n",
        c.a.extractor, c.a.report, c.b.extractor, c.b.report
    ));
    for l in method_lines(c) {
        s.push_str(&format!("{l}  \n"));
    }
    s.push('\n');
    s.push_str("| layer | scheme | avg | A F1 | B F1 | ΔF1 | ΔF1 95% CI | p | ΔP | ΔR |\n");
    s.push_str("|:--|:--|:--|--:|--:|--:|--:|--:|--:|--:|\n");
    for m in &c.metrics {
        s.push_str(&row(&[
            m.layer.as_str().into(),
            format!("`{}`", m.scheme),
            m.label.clone(),
            opt_f3(m.f1.a),
            opt_f3(m.f1.b),
            format!("**{}**", opt_s3(m.f1.delta)),
            ci_cell(&m.f1),
            p_cell(&m.f1),
            opt_s3(m.precision.delta),
            opt_s3(m.recall.delta),
        ]));
    }
    if let Some(n) = undefined_note(c) {
        s.push_str(&format!("\n{n}\n"));
    }
    s.push_str("\n<details><summary>Documents and labels that changed most</summary>\n\n");
    if c.documents.is_empty() {
        s.push_str("No document changed.\n");
    } else {
        let mut head = vec!["document".to_string()];
        head.extend(primary_names(c).into_iter().map(|n| format!("{n} F1")));
        s.push_str(&row(&head));
        let mut rule = vec![":--".to_string()];
        rule.extend((1..head.len()).map(|_| "--:".to_string()));
        s.push_str(&row(&rule));
        for d in &c.documents {
            let mut cells = vec![format!("`{}`", d.doc)];
            cells.extend(d.schemes.iter().map(doc_cell));
            s.push_str(&row(&cells));
        }
        if let Some(n) = doc_note(c) {
            s.push_str(&format!("\n{n}\n"));
        }
    }
    s.push('\n');
    if c.labels.is_empty() {
        s.push_str("No label changed.\n");
    } else {
        s.push_str("| label | scheme | gold | A F1 | B F1 | ΔF1 |\n|:--|:--|--:|--:|--:|--:|\n");
        for l in &c.labels {
            s.push_str(&row(&[
                l.label.clone(),
                format!("`{}.{}`", l.layer.as_str(), l.scheme),
                l.gold.to_string(),
                f3(l.a),
                f3(l.b),
                s3(l.delta),
            ]));
        }
    }
    s.push_str("\n</details>\n");
    s
}

/// The comparison as pretty JSON, newline-terminated.
pub fn to_json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_zero_prints_as_plus() {
        assert_eq!(s3(-0.0001), "+0.000");
        assert_eq!(s3(0.25), "+0.250");
        assert_eq!(s3(-0.0316), "-0.032");
    }

    /// A report hudna wrote reads the same straight into its type (from
    /// text or from a file) as through the JSON tree, with hudna's names
    /// borrowed; JSON the typed read refuses falls back to the tree, so
    /// the outcome, and any message, is the tree's.
    #[test]
    fn the_typed_read_equals_the_tree_read() {
        use crate::corpus::Gold;
        use crate::run::{Settings, Spec, score};
        use std::borrow::Cow;
        let out = score(Gold::Bundled, &Spec::Baseline, &Settings::default()).unwrap();
        let json = out.report.unwrap().to_json().unwrap();
        assert!(typed(serde_json::from_str(&json)).is_some());
        let tree = NamedReport::parse_tree("r", &json).unwrap().report;
        assert_eq!(NamedReport::parse("r", &json).unwrap().report, tree);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        std::fs::write(&path, &json).unwrap();
        let read = NamedReport::read(&path).unwrap().report;
        assert_eq!(read, tree);
        assert!(read.documents.iter().all(|d| {
            d.unwrap()
                .counts
                .iter()
                .all(|c| matches!((&c.scheme, &c.label), (Cow::Borrowed(_), Cow::Borrowed(_))))
        }));

        let message = |text: &str| {
            NamedReport::parse("r", text)
                .map(|n| n.report)
                .map_err(|e| e.to_string())
        };
        let tree_message = |text: &str| {
            NamedReport::parse_tree("r", text)
                .map(|n| n.report)
                .map_err(|e| e.to_string())
        };
        // A field given twice: refused by the typed read, taken (the last
        // one) by the tree, so the report is the tree's.
        let twice = json.replacen('{', "{\n  \"extractor\": \"first\",", 1);
        assert!(typed(serde_json::from_str(&twice)).is_none());
        assert_eq!(message(&twice), tree_message(&twice));
        assert!(message(&twice).is_ok());
        // Another version, trailing text, a count out of range: the tree's
        // messages.
        for bad in [
            json.replacen("\"report_version\": 3", "\"report_version\": 2", 1),
            format!("{json} x"),
            json.replacen("\"correct\": ", "\"correct\": 99999999999999999999", 1),
        ] {
            assert_ne!(bad, json);
            assert!(typed(serde_json::from_str(&bad)).is_none());
            let m = message(&bad);
            assert!(m.is_err());
            assert_eq!(m, tree_message(&bad));
        }
    }
}
