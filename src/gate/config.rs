//! Reading a gates file: TOML in, checked rules out, or every problem with
//! its file, line, column and field.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::report::{MACRO, MICRO};
use crate::score::Layer;

use super::GateError;

/// Bootstrap resamples a gates file uses unless it says otherwise.
pub const DEFAULT_RESAMPLES: usize = crate::compare::DEFAULT_RESAMPLES;
/// The most resamples a gates file may ask for: hudna's cap
/// ([`crate::limits::MAX_RESAMPLES`]), reported with the file's line.
pub const MAX_RESAMPLES: usize = crate::limits::MAX_RESAMPLES;

/// The metrics a path may end in.
pub const METRICS: [&str; 3] = ["precision", "recall", "f1"];

/// A place in a gates file (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    /// Line.
    pub line: usize,
    /// Column, in characters.
    pub column: usize,
}

impl Location {
    /// The line and column of byte `offset` in `src`.
    pub fn of(src: &str, offset: usize) -> Location {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &src[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        Location {
            line,
            column: before[start..].chars().count() + 1,
        }
    }
}

/// One problem in a gates file (or a rule that does not fit the report it
/// is applied to), rendered `path:line:column: field: error: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The gates file.
    pub path: PathBuf,
    /// Where in it (absent when the TOML reader gave no position).
    pub at: Option<Location>,
    /// The field, e.g. `threshold #2.metric`.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, e.g. the closest valid name.
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(at) = self.at {
            write!(f, ":{}:{}", at.line, at.column)?;
        }
        let field = if self.field.is_empty() {
            "(file)"
        } else {
            &self.field
        };
        write!(f, ": {field}: error: {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n    hint: {h}")?;
        }
        Ok(())
    }
}

/// Precision, recall or F1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    /// Precision.
    Precision,
    /// Recall.
    Recall,
    /// F1.
    F1,
}

impl Metric {
    /// The name used in paths and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Precision => "precision",
            Metric::Recall => "recall",
            Metric::F1 => "f1",
        }
    }

    fn parse(s: &str) -> Option<Metric> {
        match s {
            "precision" => Some(Metric::Precision),
            "recall" => Some(Metric::Recall),
            "f1" => Some(Metric::F1),
            _ => None,
        }
    }
}

/// `layer.scheme[.label].metric`, checked against the layers and schemes
/// hudna scores. Labels are checked against a report when a rule is
/// evaluated, since which types occur depends on the gold and the extractor.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MetricPath {
    /// Layer.
    pub layer: Layer,
    /// Scheme (one of [`Layer::schemes`]).
    pub scheme: String,
    /// [`MICRO`] (the default), [`MACRO`] or a type label.
    pub label: String,
    /// The metric.
    pub metric: Metric,
}

impl fmt::Display for MetricPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}.{}",
            self.layer.as_str(),
            self.scheme,
            self.label,
            self.metric.as_str()
        )
    }
}

/// Why a path did not parse: the byte offset of the bad part within the
/// path, a message and maybe a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// Byte offset of the offending part in the path string.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// The closest valid name, or an example.
    pub hint: Option<String>,
}

impl MetricPath {
    /// Parses `layer.scheme[.label].metric`. The label is everything between
    /// the scheme and the last dot, so a label containing a dot still parses.
    pub fn parse(s: &str) -> Result<MetricPath, PathError> {
        const SHAPE: &str = "a metric path is layer.scheme[.label].metric, e.g. `entities.strict.micro.f1` or `casualties.claim.recall`";
        let parts: Vec<&str> = s.split('.').collect();
        let offset_of = |i: usize| parts[..i].iter().map(|p| p.len() + 1).sum::<usize>();
        if parts.len() < 3 {
            let last = parts.last().copied().unwrap_or("");
            let hint = (parts.len() == 2 && Metric::parse(last).is_none())
                .then(|| format!("did you mean `{s}.f1`?"));
            return Err(PathError {
                offset: 0,
                message: format!("`{s}` has {} part(s); {SHAPE}", parts.len()),
                hint,
            });
        }
        if let Some(i) = parts.iter().position(|p| p.is_empty()) {
            return Err(PathError {
                offset: offset_of(i),
                message: format!("`{s}` has an empty part; {SHAPE}"),
                hint: None,
            });
        }
        let layer_names: Vec<&str> = Layer::ALL.iter().map(|l| l.as_str()).collect();
        let Some(layer) = Layer::parse(parts[0]) else {
            return Err(PathError {
                offset: 0,
                message: format!(
                    "unknown layer `{}`; layers are {}",
                    parts[0],
                    layer_names.join(", ")
                ),
                hint: closest(parts[0], &layer_names).map(|c| format!("did you mean `{c}`?")),
            });
        };
        let schemes = layer.schemes();
        if !schemes.contains(&parts[1]) {
            let hint = layer
                .renamed(parts[1])
                .map(|c| format!("`{}` is now called `{c}`", parts[1]))
                .or_else(|| closest(parts[1], schemes).map(|c| format!("did you mean `{c}`?")))
                .or_else(|| {
                    // A label where the scheme goes: `entities.PERS.f1`.
                    (parts.len() == 3).then(|| {
                        format!(
                            "a label goes between scheme and metric: `{}.{}.{}.{}`",
                            parts[0], schemes[0], parts[1], parts[2]
                        )
                    })
                });
            return Err(PathError {
                offset: offset_of(1),
                message: format!(
                    "unknown {} scheme `{}`; {} schemes are {}",
                    layer.as_str(),
                    parts[1],
                    layer.as_str(),
                    schemes.join(", ")
                ),
                hint,
            });
        }
        let last = parts.len() - 1;
        let Some(metric) = Metric::parse(parts[last]) else {
            let alias = match parts[last].to_lowercase().replace(['-', '_'], "").as_str() {
                "p" | "prec" | "precision" => Some("precision"),
                "r" | "rec" | "recall" => Some("recall"),
                "f" | "fscore" | "f1score" | "fmeasure" | "f1" => Some("f1"),
                _ => None,
            };
            let hint = alias
                .or_else(|| closest(parts[last], &METRICS))
                .map(|c| format!("did you mean `{c}`?"))
                .or_else(|| {
                    let l = parts[last];
                    (l == MICRO || l == MACRO || l.chars().any(|c| c.is_ascii_uppercase()))
                        .then(|| format!("`{l}` looks like a label: did you mean `{s}.f1`?"))
                });
            return Err(PathError {
                offset: offset_of(last),
                message: format!(
                    "unknown metric `{}`; a path ends in {}",
                    parts[last],
                    METRICS.join(", ")
                ),
                hint,
            });
        };
        let label = if parts.len() == 3 {
            MICRO.to_owned()
        } else {
            parts[2..last].join(".")
        };
        Ok(MetricPath {
            layer,
            scheme: parts[1].to_owned(),
            label,
            metric,
        })
    }
}

/// A value of the gates file (a metric path) and where it was written, so
/// that a rule failing at evaluation time can still point at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Its place in the gates file.
    pub at: Location,
    /// Its field, e.g. `regression #1.metrics #2`.
    pub field: String,
}

/// `[[threshold]]`: a bound on one metric of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The metric.
    pub metric: Located<MetricPath>,
    /// Passes when `value >= min`.
    pub min: Option<f64>,
    /// Passes when `value <= max`.
    pub max: Option<f64>,
}

/// `[[regression]]`: no listed metric may drop more than `max_drop` below the
/// baseline report.
#[derive(Debug, Clone, PartialEq)]
pub struct Regression {
    /// The metrics.
    pub metrics: Vec<Located<MetricPath>>,
    /// The largest allowed drop (`baseline − current`), in [0, 1].
    pub max_drop: f64,
    /// Strict for this rule: the file's `strict` unless the rule sets its own.
    pub strict: bool,
}

/// A checked gates file.
#[derive(Debug, Clone, PartialEq)]
pub struct GateConfig {
    /// The file it was read from (named in every message).
    pub path: PathBuf,
    /// The baseline report for regression rules, resolved against the gates
    /// file's directory (so `hudna gate` gives the same answer from any
    /// working directory).
    pub baseline: Option<PathBuf>,
    /// The file-wide `strict`.
    pub strict: bool,
    /// Bootstrap resamples for the regression rules' intervals.
    pub resamples: usize,
    /// Their seed.
    pub seed: u64,
    /// `[[threshold]]` rules in file order.
    pub thresholds: Vec<Threshold>,
    /// `[[regression]]` rules in file order.
    pub regressions: Vec<Regression>,
}

// The file as written. Every field a message may point at is `Spanned`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    baseline: Option<Spanned<String>>,
    strict: Option<bool>,
    resamples: Option<Spanned<i64>>,
    seed: Option<u64>,
    #[serde(default)]
    threshold: Vec<Spanned<RawThreshold>>,
    #[serde(default)]
    regression: Vec<Spanned<RawRegression>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThreshold {
    metric: Spanned<String>,
    min: Option<Spanned<f64>>,
    max: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegression {
    metrics: Spanned<Vec<Spanned<String>>>,
    max_drop: Spanned<f64>,
    strict: Option<bool>,
}

/// Edit distance over characters, a transposition of neighbours counting as
/// one edit (optimal string alignment): `PRES` is one edit from `PERS`.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `word` (case-insensitively), if it is close
/// enough to be a typo of it: at most a third of the word's length, and at
/// least one edit, away.
///
/// Two words further apart in length than the limit are further apart in
/// edits too, so they are never compared: the distance table is bounded by
/// the candidates' lengths, not by a (possibly huge) word from the file.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase();
    let len = w.chars().count();
    let limit = (len / 3).max(1);
    candidates
        .iter()
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (distance(&w, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// The backquoted names in a serde message, e.g. the field and the expected
/// ones in "unknown field `mn`, expected one of `metric`, `min`, `max`".
fn quoted(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

impl GateConfig {
    /// Reads and checks a gates file.
    pub fn read(path: &Path) -> Result<GateConfig, GateError> {
        let text = std::fs::read_to_string(path).map_err(|err| GateError::Io {
            path: path.to_path_buf(),
            err,
        })?;
        GateConfig::parse(&text, path)
    }

    /// Parses and checks gates-file text; `path` names the file in messages
    /// and anchors a relative `baseline`. Syntax and type errors stop at the
    /// first (the TOML reader cannot go on); rule errors are all collected.
    pub fn parse(src: &str, path: &Path) -> Result<GateConfig, GateError> {
        let problem =
            |at: Option<Location>, field: String, message: String, hint: Option<String>| Problem {
                path: path.to_path_buf(),
                at,
                field,
                message,
                hint,
            };
        let raw: RawConfig = {
            let de = toml::Deserializer::parse(src).map_err(|e| {
                GateError::Config(vec![problem(
                    e.span().map(|s| Location::of(src, s.start)),
                    String::new(),
                    format!("invalid TOML: {}", e.message().trim_end()),
                    None,
                )])
            })?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let field = field_name(e.path());
                let inner = e.into_inner();
                let message = inner.message().trim_end().to_owned();
                let names = quoted(&message);
                let (field, hint) = if message.starts_with("unknown field") && !names.is_empty() {
                    let unknown = names[0];
                    // The path may or may not end in the unknown key already.
                    let field = if field.is_empty() {
                        unknown.to_owned()
                    } else if field == unknown || field.ends_with(&format!(".{unknown}")) {
                        field
                    } else {
                        format!("{field}.{unknown}")
                    };
                    let top_level = ["baseline", "strict", "resamples", "seed"];
                    let hint = if field.contains('#') && top_level.contains(&unknown) {
                        Some(format!(
                            "`{unknown}` is a top-level key: move it above the first [[threshold]] or [[regression]] (TOML files the keys under a table header into that table)"
                        ))
                    } else {
                        closest(unknown, &names[1..]).map(|c| format!("did you mean `{c}`?"))
                    };
                    (field, hint)
                } else {
                    (field, None)
                };
                GateError::Config(vec![problem(
                    inner.span().map(|s| Location::of(src, s.start)),
                    field,
                    message,
                    hint,
                )])
            })?
        };

        let mut problems = Vec::new();
        let at = |s: &std::ops::Range<usize>| Location::of(src, s.start);
        // A metric path; errors point at the offending part when the string
        // is written without escapes.
        let metric = |s: &Spanned<String>, field: String, problems: &mut Vec<Problem>| {
            let span = s.span();
            match MetricPath::parse(s.get_ref()) {
                Ok(p) => Some(Located {
                    value: p,
                    at: at(&span),
                    field,
                }),
                Err(e) => {
                    let raw = src.get(span.clone()).unwrap_or("");
                    let inner_start = if raw.len() >= 2 && &raw[1..raw.len() - 1] == s.get_ref() {
                        span.start + 1 + e.offset
                    } else {
                        span.start
                    };
                    problems.push(problem(
                        Some(Location::of(src, inner_start)),
                        field,
                        e.message,
                        e.hint,
                    ));
                    None
                }
            }
        };
        let unit = |x: &Spanned<f64>, field: String, problems: &mut Vec<Problem>| {
            let v = *x.get_ref();
            if !(0.0..=1.0).contains(&v) {
                problems.push(problem(
                    Some(at(&x.span())),
                    field,
                    format!("{v} is outside [0, 1]; scores are fractions, not percentages"),
                    (2.0..=100.0)
                        .contains(&v)
                        .then(|| format!("did you mean {}?", v / 100.0)),
                ));
            }
            v
        };

        let mut thresholds = Vec::new();
        for (i, t) in raw.threshold.iter().enumerate() {
            let name = format!("threshold #{}", i + 1);
            let m = metric(&t.get_ref().metric, format!("{name}.metric"), &mut problems);
            let tr = t.get_ref();
            let min = tr
                .min
                .as_ref()
                .map(|x| unit(x, format!("{name}.min"), &mut problems));
            let max = tr
                .max
                .as_ref()
                .map(|x| unit(x, format!("{name}.max"), &mut problems));
            match (min, max) {
                (None, None) => problems.push(problem(
                    Some(at(&t.span())),
                    name.clone(),
                    "a threshold needs `min` or `max` (or both)".into(),
                    Some("e.g. `min = 0.7`".into()),
                )),
                (Some(lo), Some(hi)) if lo > hi => problems.push(problem(
                    tr.max.as_ref().map(|x| at(&x.span())),
                    format!("{name}.max"),
                    format!("max {hi} is below min {lo}: no value could pass"),
                    None,
                )),
                _ => {}
            }
            if let Some(m) = m {
                thresholds.push(Threshold {
                    metric: m,
                    min,
                    max,
                });
            }
        }

        let strict = raw.strict.unwrap_or(false);
        let mut regressions = Vec::new();
        for (i, r) in raw.regression.iter().enumerate() {
            let name = format!("regression #{}", i + 1);
            let rr = r.get_ref();
            let max_drop = unit(&rr.max_drop, format!("{name}.max_drop"), &mut problems);
            if rr.metrics.get_ref().is_empty() {
                problems.push(problem(
                    Some(at(&rr.metrics.span())),
                    format!("{name}.metrics"),
                    "no metrics listed: this rule would check nothing".into(),
                    Some("e.g. `metrics = [\"entities.strict.micro.f1\"]`".into()),
                ));
            }
            let mut metrics = Vec::new();
            for (j, s) in rr.metrics.get_ref().iter().enumerate() {
                if let Some(m) = metric(s, format!("{name}.metrics #{}", j + 1), &mut problems) {
                    metrics.push(m);
                }
            }
            regressions.push(Regression {
                metrics,
                max_drop,
                strict: rr.strict.unwrap_or(strict),
            });
        }

        let resamples = match &raw.resamples {
            None => DEFAULT_RESAMPLES,
            Some(n) => {
                let v = *n.get_ref();
                if v < 1 || v > MAX_RESAMPLES as i64 {
                    problems.push(problem(
                        Some(at(&n.span())),
                        "resamples".into(),
                        format!(
                            "{v} resamples; use 1 to {MAX_RESAMPLES} (default {DEFAULT_RESAMPLES})"
                        ),
                        None,
                    ));
                }
                v.clamp(1, MAX_RESAMPLES as i64) as usize
            }
        };
        let baseline = match &raw.baseline {
            Some(b) if b.get_ref().trim().is_empty() => {
                problems.push(problem(
                    Some(at(&b.span())),
                    "baseline".into(),
                    "empty path".into(),
                    None,
                ));
                None
            }
            Some(b) => {
                let p = Path::new(b.get_ref());
                let dir = path.parent().unwrap_or(Path::new(""));
                Some(if p.is_absolute() {
                    p.to_path_buf()
                } else {
                    dir.join(p)
                })
            }
            None => None,
        };
        if raw.threshold.is_empty() && raw.regression.is_empty() {
            problems.push(problem(
                Some(Location { line: 1, column: 1 }),
                String::new(),
                "no rules: a gates file without [[threshold]] or [[regression]] would pass anything".into(),
                Some("add `[[threshold]]` with `metric = \"entities.strict.micro.f1\"` and `min = 0.7`".into()),
            ));
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.at);
            return Err(GateError::Config(problems));
        }
        Ok(GateConfig {
            path: path.to_path_buf(),
            baseline,
            strict,
            resamples,
            seed: raw.seed.unwrap_or(crate::score::Options::default().seed),
            thresholds,
            regressions,
        })
    }
}

/// `threshold #2.metric` from serde's `threshold[1].metric`, without the
/// wrapper keys `Spanned` adds.
fn field_name(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut s = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => s.push_str(&format!(" #{}", index + 1)),
            Segment::Map { key } if key.starts_with("$__") => {}
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(key);
            }
            Segment::Unknown => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_default_to_micro_and_keep_dotted_labels() {
        let p = MetricPath::parse("casualties.claim.recall").unwrap();
        assert_eq!(p.to_string(), "casualties.claim.micro.recall");
        let p = MetricPath::parse("events.arg_cls_plus.A.B.f1").unwrap();
        assert_eq!(p.label, "A.B");
    }

    #[test]
    fn typos_get_the_closest_name() {
        assert_eq!(
            closest("entitis", &["entities", "events"]),
            Some("entities")
        );
        assert_eq!(closest("stric", &["strict", "exact"]), Some("strict"));
        assert_eq!(closest("zzz", &["strict", "exact"]), None);
        assert_eq!(closest("PRES", &["PERS", "ORG"]), Some("PERS"));
        assert_eq!(distance("evnets", "events"), 1);
        // Issue #13: a huge word from a gates file is not run through the
        // (word × candidate) distance table; it is simply no typo.
        let huge = "e".repeat(50_000_000);
        assert_eq!(closest(&huge, &["entities", "events"]), None);
        let e = MetricPath::parse("entities.strict.micro.F").unwrap_err();
        assert_eq!(e.offset, "entities.strict.micro.".len());
    }

    #[test]
    fn locations_count_characters() {
        let src = "a = 1\nبب = 2\n";
        let off = src.find('2').unwrap();
        assert_eq!(Location::of(src, off), Location { line: 2, column: 6 });
    }
}
