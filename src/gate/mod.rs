//! Quality gates: rules a score report must meet, for CI.
//!
//! A gates file (TOML) holds two kinds of rule:
//!
//! ```toml
//! # regression rules compare against this report unless another is given;
//! # a relative path is relative to the gates file's directory
//! baseline = "ci/baseline-report.json"
//! strict = false      # true: any drop beyond max_drop fails, CI or not
//! resamples = 1000    # bootstrap resamples for the regression CIs (default 1000)
//! seed = 20231020     # their seed (default: the report default)
//!
//! [[threshold]]
//! metric = "entities.strict.micro.f1"   # layer.scheme[.label].metric
//! min = 0.70                            # and/or max = …
//!
//! [[regression]]
//! metrics = ["entities.strict.micro.f1", "events.trigger_cls.micro.f1"]
//! max_drop = 0.02
//! # strict = true   # per rule, overrides the file's
//! ```
//!
//! **Metric paths** are `layer.scheme[.label].metric`: the layer and scheme
//! must be ones hudna scores, the metric `precision`, `recall` or `f1`, and a
//! missing label means `micro`; `macro` and type labels (`PERS`,
//! `CEASEFIRE_DECLARED`, `killed`…) are checked against the report when the
//! rule is evaluated, since which labels occur depends on the gold and the
//! extractor. A bad path, a bound outside [0, 1], an unknown key or a TOML
//! syntax error is an error naming the file, line, column and field (with the
//! closest valid name for a typo), never a rule that silently passes.
//!
//! **Thresholds** compare the report's point value: pass when
//! `value >= min` and `value <= max`. The margin is the distance to the
//! nearest bound (positive: room to spare).
//!
//! **Regressions** compare with a baseline report scored on the same gold
//! with the same options (`resamples` and `seed` aside; anything else is
//! refused, see [`crate::compare::check_comparable`]). For each listed
//! metric, `drop = baseline − current` (a tolerance of 1e-9 keeps
//! `0.766 − 0.746` at 0.020). The rule:
//!
//! - `drop <= max_drop`: **passes**.
//! - `drop > max_drop` and `strict`: **fails**, whatever the interval.
//! - `drop > max_drop`, not strict: **fails only if the drop is outside the
//!   95% confidence interval**, meaning: the paired bootstrap interval of
//!   `Δ = current − baseline` over documents (the same resampled documents
//!   applied to both reports' per-document counts, see [`crate::compare`])
//!   lies entirely below 0, so resampling the documents does not explain the
//!   drop. If the interval reaches 0 the drop is "not significant" and the
//!   rule passes, saying so. With no interval (no resample had an item) the
//!   rule is judged as strict, and says so.
//!
//! **A rule that cannot be judged is an error, not a pass or a fail** (exit
//! 2, naming the rule's line): a metric that is undefined in a report
//! (precision where nothing was predicted, recall where the gold has
//! nothing, F1 where there is neither: see [`crate::score::Prf`]), or a
//! layer the report did not score (`hudna score --layers`). Passing such a
//! rule would let an extractor that never attempted a layer through a gate;
//! failing it would blame a score that does not exist.
//!
//! The outcome names, for every rule, which of these applied
//! ([`Applied`]) and why, in words. Rendering: [`to_text`] (a table),
//! [`to_junit`] (one test case per rule and metric), [`to_markdown`] (a
//! pull-request comment).

mod config;
mod render;

use std::path::{Path, PathBuf};

pub use config::{
    DEFAULT_RESAMPLES, GateConfig, Located, Location, MAX_RESAMPLES, METRICS, Metric, MetricPath,
    PathError, Problem, Regression, Threshold, closest,
};
pub use render::{to_junit, to_markdown, to_text};

use crate::compare::{self, NamedReport, ReportError, Settings, Target};
use crate::report::ScoreReport;

/// Tolerance on `drop > max_drop` and on bounds, so decimal arithmetic
/// (0.766 − 0.746 = 0.020000000000000018) does not fail a rule on its last bit.
pub const TOLERANCE: f64 = 1e-9;

/// Why gates could not be evaluated (as opposed to a gate that failed).
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    /// A file could not be read.
    #[error("{}: {err}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said (not a `source`: the message already holds it).
        err: std::io::Error,
    },
    /// Problems in the gates file, or rules naming labels the report lacks.
    #[error("{}", problems_text(.0))]
    Config(Vec<Problem>),
    /// A report could not be read, or the reports are not comparable.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// Regression rules without a baseline report.
    #[error(
        "{}: {rules} [[regression]] rule(s) need a baseline report; set `baseline = \"path/to/report.json\"` in the gates file or give one (--baseline-report)",
        path.display()
    )]
    NoBaseline {
        /// The gates file.
        path: PathBuf,
        /// How many regression rules it has.
        rules: usize,
    },
    /// The JUnit writer failed.
    #[error("writing JUnit XML: {0}")]
    Junit(String),
}

fn problems_text(ps: &[Problem]) -> String {
    let mut s: Vec<String> = ps.iter().map(ToString::to_string).collect();
    if ps.len() > 1 {
        s.push(format!("{} errors in the gates file", ps.len()));
    }
    s.join("\n")
}

/// Threshold or regression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// `[[threshold]]`.
    Threshold,
    /// `[[regression]]`.
    Regression,
}

impl RuleKind {
    /// `threshold` or `regression`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Threshold => "threshold",
            RuleKind::Regression => "regression",
        }
    }
}

/// What a rule compared the value with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    /// Threshold bounds.
    Bounds {
        /// Lower bound.
        min: Option<f64>,
        /// Upper bound.
        max: Option<f64>,
    },
    /// Regression against the baseline.
    Regression {
        /// The baseline's value.
        baseline: f64,
        /// The allowed drop.
        max_drop: f64,
        /// `baseline − value`.
        drop: f64,
        /// Paired bootstrap 95% interval of `value − baseline`.
        ci: Option<[f64; 2]>,
    },
}

/// Which rule decided the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Threshold bounds.
    Bounds,
    /// The drop was within `max_drop`: passes without consulting the interval.
    WithinMaxDrop,
    /// The drop exceeded `max_drop` and the rule is strict: fails.
    Strict,
    /// The drop exceeded `max_drop` and the interval lies below 0: fails.
    OutsideCi,
    /// The drop exceeded `max_drop` but the interval reaches 0: passes as
    /// not significant.
    WithinCi,
    /// The drop exceeded `max_drop` and there is no interval: judged as strict.
    NoCi,
}

impl Applied {
    /// A short name for tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Applied::Bounds => "bounds",
            Applied::WithinMaxDrop => "drop <= max_drop",
            Applied::Strict => "strict",
            Applied::OutsideCi => "max_drop + 95% CI",
            Applied::WithinCi => "max_drop + 95% CI",
            Applied::NoCi => "strict (no CI)",
        }
    }
}

/// One rule applied to one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleResult {
    /// `threshold #1`, `regression #2`: the rule's place in the file.
    pub rule: String,
    /// Its kind.
    pub kind: RuleKind,
    /// The metric.
    pub metric: MetricPath,
    /// Where the metric is written in the gates file.
    pub at: Location,
    /// The report's value.
    pub value: f64,
    /// What it was compared with.
    pub check: Check,
    /// Distance to failing: positive passes (`value − min`, `max − value`,
    /// `max_drop − drop`).
    pub margin: f64,
    /// Whether the rule passed.
    pub passed: bool,
    /// Which rule decided.
    pub applied: Applied,
    /// The verdict in words, e.g. `failed: drop 0.031 > max_drop 0.020,
    /// outside the 95% CI …`.
    pub detail: String,
}

impl RuleResult {
    /// The bound as a table cell: `min 0.700`, `baseline 0.766`.
    pub fn bound(&self) -> String {
        match self.check {
            Check::Bounds {
                min: Some(lo),
                max: Some(hi),
            } => format!("{lo:.3}..{hi:.3}"),
            Check::Bounds { min: Some(lo), .. } => format!("min {lo:.3}"),
            Check::Bounds { max: Some(hi), .. } => format!("max {hi:.3}"),
            Check::Bounds { .. } => "—".into(),
            Check::Regression { baseline, .. } => format!("baseline {baseline:.3}"),
        }
    }

    /// A stable name (no measured value in it), for JUnit test cases.
    pub fn name(&self) -> String {
        let what = match self.check {
            Check::Bounds {
                min: Some(lo),
                max: Some(hi),
            } => format!("in [{lo}, {hi}]"),
            Check::Bounds { min: Some(lo), .. } => format!(">= {lo}"),
            Check::Bounds { max: Some(hi), .. } => format!("<= {hi}"),
            Check::Bounds { .. } => String::new(),
            Check::Regression { max_drop, .. } => {
                format!("drops at most {max_drop} below the baseline")
            }
        };
        format!("{}: {} {what}", self.rule, self.metric)
    }
}

/// Who was gated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The report's name (path).
    pub report: String,
    /// Its extractor.
    pub extractor: String,
}

/// Every rule's result.
#[derive(Debug, Clone, PartialEq)]
pub struct GateOutcome {
    /// The gates file.
    pub config: PathBuf,
    /// The gated report.
    pub report: Subject,
    /// The baseline, when there are regression rules.
    pub baseline: Option<Subject>,
    /// The file-wide `strict`.
    pub strict: bool,
    /// Bootstrap resamples of the regression intervals.
    pub resamples: usize,
    /// Their seed.
    pub seed: u64,
    /// One result per threshold, and per metric of each regression rule, in
    /// file order.
    pub results: Vec<RuleResult>,
}

impl GateOutcome {
    /// How many results failed.
    pub fn failures(&self) -> usize {
        self.results.iter().filter(|r| !r.passed).count()
    }

    /// Whether every rule passed.
    pub fn passed(&self) -> bool {
        self.failures() == 0
    }
}

fn subject(r: &NamedReport) -> Subject {
    Subject {
        report: r.name.clone(),
        extractor: r.report.extractor.clone(),
    }
}

/// The labels a report has for `layer.scheme`, for "labels there are" lists.
fn labels_of(r: &ScoreReport, m: &MetricPath) -> Vec<String> {
    let mut v: Vec<String> = r
        .metrics
        .iter()
        .filter(|x| x.layer == m.layer && x.scheme == m.scheme)
        .map(|x| x.label.clone())
        .collect();
    v.dedup();
    v
}

fn missing_label(config: &Path, m: &Located<MetricPath>, reports: &[&NamedReport]) -> Problem {
    let p = &m.value;
    let mut labels: Vec<String> = Vec::new();
    for r in reports {
        for l in labels_of(&r.report, p) {
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
    }
    let names: Vec<&str> = labels.iter().map(String::as_str).collect();
    let scheme = format!("{}.{}", p.layer.as_str(), p.scheme);
    let where_ = reports
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(" or ");
    let message = if labels.is_empty() {
        format!("{where_} has no rows for {scheme}")
    } else {
        format!(
            "label `{}` is not in {where_}; {scheme} has {}",
            p.label,
            names.join(", ")
        )
    };
    Problem {
        path: config.to_path_buf(),
        at: Some(m.at),
        field: m.field.clone(),
        message,
        hint: closest(&p.label, &names)
            .map(|c| format!("did you mean `{scheme}.{c}.{}`?", p.metric.as_str())),
    }
}

/// What a report holds at a metric path.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lookup {
    /// The report did not score the layer.
    NotScored,
    /// It scored the layer but has no such row (an unknown label).
    NoRow,
    /// The row's metric is undefined (a zero denominator).
    Undefined,
    /// The value.
    Value(f64),
}

fn value_of(r: &ScoreReport, p: &MetricPath) -> Lookup {
    if !r.layers.contains(&p.layer) {
        return Lookup::NotScored;
    }
    match r.row(p.layer, &p.scheme, &p.label) {
        None => Lookup::NoRow,
        Some(row) => row
            .get(p.metric.as_str())
            .map_or(Lookup::Undefined, Lookup::Value),
    }
}

/// A rule on a layer that `reports` did not score.
fn not_scored(config: &Path, m: &Located<MetricPath>, reports: &[&NamedReport]) -> Problem {
    let p = &m.value;
    let which: Vec<String> = reports
        .iter()
        .map(|r| {
            format!(
                "{} (scored: {})",
                r.name,
                compare::layer_names(&r.report.layers)
            )
        })
        .collect();
    Problem {
        path: config.to_path_buf(),
        at: Some(m.at),
        field: m.field.clone(),
        message: format!(
            "`{p}` is on layer `{}`, which {} did not score (hudna score --layers): the rule cannot be checked",
            p.layer.as_str(),
            which.join(" and ")
        ),
        hint: Some(format!(
            "score the {} layer too (drop --layers, or list it), or remove the rule",
            p.layer.as_str()
        )),
    }
}

/// A rule on a metric that is undefined in `reports`.
fn undefined(config: &Path, m: &Located<MetricPath>, reports: &[&NamedReport]) -> Problem {
    let p = &m.value;
    let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
    let reason = crate::score::Undefined::of(p.metric.as_str()).map_or("", |u| u.reason());
    let hint = match p.metric {
        Metric::Precision => {
            "precision divides by the predictions: gate on recall or f1, which stay defined, or remove the rule"
        }
        Metric::Recall => {
            "recall divides by the gold items: gate on precision or f1, or remove the rule"
        }
        Metric::F1 => "this row has no gold item and no prediction: remove the rule",
    };
    Problem {
        path: config.to_path_buf(),
        at: Some(m.at),
        field: m.field.clone(),
        message: format!(
            "`{p}` is undefined in {} ({reason}): a rule on it can neither pass nor fail",
            names.join(" and ")
        ),
        hint: Some(hint.into()),
    }
}

fn threshold_result(rule: String, t: &Threshold, value: f64) -> RuleResult {
    let (min, max) = (t.min, t.max);
    let low_ok = min.is_none_or(|lo| value >= lo - TOLERANCE);
    let high_ok = max.is_none_or(|hi| value <= hi + TOLERANCE);
    let margin = match (min, max) {
        (Some(lo), Some(hi)) => (value - lo).min(hi - value),
        (Some(lo), None) => value - lo,
        (None, Some(hi)) => hi - value,
        (None, None) => 0.0,
    };
    let passed = low_ok && high_ok;
    let detail = match (low_ok, high_ok) {
        (false, _) => format!("failed: {value:.3} < min {:.3}", min.unwrap_or_default()),
        (_, false) => format!("failed: {value:.3} > max {:.3}", max.unwrap_or_default()),
        _ => {
            let mut parts = Vec::new();
            if let Some(lo) = min {
                parts.push(format!("{value:.3} >= min {lo:.3}"));
            }
            if let Some(hi) = max {
                parts.push(format!("{value:.3} <= max {hi:.3}"));
            }
            format!("passed: {}", parts.join(", "))
        }
    };
    RuleResult {
        rule,
        kind: RuleKind::Threshold,
        metric: t.metric.value.clone(),
        at: t.metric.at,
        value,
        check: Check::Bounds { min, max },
        margin,
        passed,
        applied: Applied::Bounds,
        detail,
    }
}

fn ci_text(ci: [f64; 2]) -> String {
    format!("[{:+.3}, {:+.3}]", ci[0], ci[1])
}

/// Judges one metric of a regression rule: see the module docs.
fn regression_result(
    rule: String,
    m: &Located<MetricPath>,
    baseline: f64,
    value: f64,
    max_drop: f64,
    strict: bool,
    ci: Option<[f64; 2]>,
) -> RuleResult {
    let drop = baseline - value;
    let margin = max_drop - drop;
    let (passed, applied, detail) = if drop <= max_drop + TOLERANCE {
        let detail = if drop <= 0.0 {
            format!(
                "passed: no drop ({:+.3} against the baseline)",
                value - baseline
            )
        } else {
            format!("passed: drop {drop:.3} <= max_drop {max_drop:.3}")
        };
        (true, Applied::WithinMaxDrop, detail)
    } else if strict {
        (
            false,
            Applied::Strict,
            format!(
                "failed: drop {drop:.3} > max_drop {max_drop:.3} (strict = true: the confidence interval is not consulted)"
            ),
        )
    } else {
        match ci {
            Some(iv) if iv[1] < 0.0 => (
                false,
                Applied::OutsideCi,
                format!(
                    "failed: drop {drop:.3} > max_drop {max_drop:.3}, outside the 95% CI: the paired bootstrap interval of current − baseline, {}, lies below 0",
                    ci_text(iv)
                ),
            ),
            Some(iv) => (
                true,
                Applied::WithinCi,
                format!(
                    "passed: drop {drop:.3} > max_drop {max_drop:.3} but within the 95% CI: the paired bootstrap interval of current − baseline, {}, reaches 0, so the drop is not significant (strict = false)",
                    ci_text(iv)
                ),
            ),
            None => (
                false,
                Applied::NoCi,
                format!(
                    "failed: drop {drop:.3} > max_drop {max_drop:.3}; no bootstrap interval (no resample had an item), so judged as strict"
                ),
            ),
        }
    };
    RuleResult {
        rule,
        kind: RuleKind::Regression,
        metric: m.value.clone(),
        at: m.at,
        value,
        check: Check::Regression {
            baseline,
            max_drop,
            drop,
            ci,
        },
        margin,
        passed,
        applied,
        detail,
    }
}

/// Applies every rule of `config` to `report`, regression rules against
/// `baseline` (which the caller reads: from `config.baseline` or elsewhere).
///
/// Errors (not failures): a label a report lacks, regression rules without a
/// baseline, or a baseline not comparable with the report.
pub fn evaluate(
    config: &GateConfig,
    report: &NamedReport,
    baseline: Option<&NamedReport>,
) -> Result<GateOutcome, GateError> {
    let mut problems = Vec::new();
    let mut results = Vec::new();
    for (i, t) in config.thresholds.iter().enumerate() {
        let m = &t.metric;
        match value_of(&report.report, &m.value) {
            Lookup::Value(v) => {
                results.push(threshold_result(format!("threshold #{}", i + 1), t, v))
            }
            Lookup::NotScored => problems.push(not_scored(&config.path, m, &[report])),
            Lookup::NoRow => problems.push(missing_label(&config.path, m, &[report])),
            Lookup::Undefined => problems.push(undefined(&config.path, m, &[report])),
        }
    }

    let mut base_subject = None;
    if !config.regressions.is_empty() {
        let Some(base) = baseline else {
            return Err(GateError::NoBaseline {
                path: config.path.clone(),
                rules: config.regressions.len(),
            });
        };
        compare::check_comparable(base, report)?;
        base_subject = Some(subject(base));
        // One paired bootstrap for every metric of every rule.
        let mut targets: Vec<Target> = Vec::new();
        // (rule index, metric, baseline value, current value), every value
        // defined: a rule on anything else is a problem.
        let mut judged = Vec::new();
        for (i, r) in config.regressions.iter().enumerate() {
            for m in &r.metrics {
                let p = &m.value;
                let both = [base, report];
                let looked = both.map(|x| value_of(&x.report, p));
                let with = |pred: fn(&Lookup) -> bool| -> Vec<&NamedReport> {
                    both.iter()
                        .zip(&looked)
                        .filter(|(_, l)| pred(l))
                        .map(|(r, _)| *r)
                        .collect()
                };
                let problem = match looked {
                    [Lookup::Value(b), Lookup::Value(v)] => {
                        judged.push((i, m, b, v));
                        None
                    }
                    _ if looked.contains(&Lookup::NotScored) => Some(not_scored(
                        &config.path,
                        m,
                        &with(|l| *l == Lookup::NotScored),
                    )),
                    [Lookup::NoRow, Lookup::NoRow] => Some(missing_label(&config.path, m, &both)),
                    // A label one report lacks has no item there: undefined.
                    _ => Some(undefined(
                        &config.path,
                        m,
                        &with(|l| matches!(l, Lookup::NoRow | Lookup::Undefined)),
                    )),
                };
                if let Some(problem) = problem {
                    problems.push(problem);
                    continue;
                }
                let t = Target {
                    layer: p.layer,
                    scheme: p.scheme.clone(),
                    label: p.label.clone(),
                };
                if !targets.contains(&t) {
                    targets.push(t);
                }
            }
        }
        if problems.is_empty() {
            let settings = Settings {
                resamples: config.resamples,
                permutations: 0,
                seed: config.seed,
                top: 0,
            };
            let deltas = compare::paired(&base.report, &report.report, &targets, &settings)?;
            for (i, m, b, v) in judged {
                let p = &m.value;
                let r = &config.regressions[i];
                let d = targets
                    .iter()
                    .position(|t| t.layer == p.layer && t.scheme == p.scheme && t.label == p.label)
                    .and_then(|k| deltas[k].get(p.metric.as_str()));
                results.push(regression_result(
                    format!("regression #{}", i + 1),
                    m,
                    b,
                    v,
                    r.max_drop,
                    r.strict,
                    d.and_then(|d| d.ci),
                ));
            }
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.at);
        return Err(GateError::Config(problems));
    }
    Ok(GateOutcome {
        config: config.path.clone(),
        report: subject(report),
        baseline: base_subject,
        strict: config.strict,
        resamples: config.resamples,
        seed: config.seed,
        results,
    })
}
