//! The tidy (long) table: one row per document × layer × scheme × label ×
//! metric, for R, pandas, polars or a spreadsheet.
//!
//! An undefined ratio (precision with nothing predicted, recall with nothing
//! in the gold, F1 with neither; see [`crate::score::Prf`]) has an empty
//! `value` — `NA` in R, `NaN` in pandas, null in polars and Parquet — never
//! 0; the `possible` and `actual` rows beside it say which denominator is 0.

use serde::Serialize;

use super::{MICRO, ScoreReport};
use crate::score::half_partial;

/// The document column's value for corpus-level rows.
pub const ALL_DOCS: &str = "ALL";

/// One value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TidyRow {
    /// Document id, or `ALL` for the corpus.
    pub doc: String,
    /// Layer.
    pub layer: String,
    /// Scheme.
    pub scheme: String,
    /// `micro`, `macro` or a label.
    pub label: String,
    /// `correct`, …, `possible`, `actual`, `precision`, `recall`, `f1`.
    pub metric: String,
    /// The value; empty (`None`) for an undefined ratio.
    pub value: Option<f64>,
    /// Lower 95% bootstrap bound (corpus-level ratios only).
    pub ci_low: Option<f64>,
    /// Upper 95% bootstrap bound (corpus-level ratios only).
    pub ci_high: Option<f64>,
}

const COUNTS: [&str; 7] = [
    "correct",
    "incorrect",
    "partial",
    "missed",
    "spurious",
    "possible",
    "actual",
];

fn count(c: &crate::score::Counts, name: &str) -> u64 {
    match name {
        "correct" => c.correct,
        "incorrect" => c.incorrect,
        "partial" => c.partial,
        "missed" => c.missed,
        "spurious" => c.spurious,
        "possible" => c.possible(),
        _ => c.actual(),
    }
}

/// Every value in the report as tidy rows: corpus rows first, then documents.
/// Errors when the documents cannot be read back ([`super::Documents`]).
pub fn tidy_rows(r: &ScoreReport) -> std::io::Result<Vec<TidyRow>> {
    let mut out = Vec::new();
    let mut push = |doc: &str,
                    layer: &str,
                    scheme: &str,
                    label: &str,
                    metric: &str,
                    value: Option<f64>,
                    ci: Option<[f64; 2]>| {
        out.push(TidyRow {
            doc: doc.into(),
            layer: layer.into(),
            scheme: scheme.into(),
            label: label.into(),
            metric: metric.into(),
            value,
            ci_low: ci.map(|c| c[0]),
            ci_high: ci.map(|c| c[1]),
        })
    };
    for m in &r.metrics {
        let l = m.layer.as_str();
        if let Some(c) = &m.counts {
            for name in COUNTS {
                push(
                    ALL_DOCS,
                    l,
                    &m.scheme,
                    &m.label,
                    name,
                    Some(count(c, name) as f64),
                    None,
                );
            }
        }
        for name in ["precision", "recall", "f1"] {
            let ci = m.ci.and_then(|c| c.get(name));
            push(ALL_DOCS, l, &m.scheme, &m.label, name, m.get(name), ci);
        }
    }
    for d in &r.documents {
        let d = d?;
        for c in &d.counts {
            let l = c.layer.as_str();
            for name in COUNTS {
                push(
                    &d.doc,
                    l,
                    &c.scheme,
                    &c.label,
                    name,
                    Some(count(&c.counts, name) as f64),
                    None,
                );
            }
            let p = c.counts.prf(half_partial(c.layer, &c.scheme));
            for name in ["precision", "recall", "f1"] {
                push(&d.doc, l, &c.scheme, &c.label, name, p.get(name), None);
            }
        }
    }
    let _ = MICRO;
    Ok(out)
}

/// The tidy table as CSV (header included).
pub fn to_csv(r: &ScoreReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in tidy_rows(r)? {
        w.serialize(row)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The tidy table as Parquet bytes.
#[cfg(feature = "polars")]
pub fn to_parquet(r: &ScoreReport) -> polars::prelude::PolarsResult<Vec<u8>> {
    use polars::prelude::*;
    let rows = tidy_rows(r)?;
    let col = |f: fn(&TidyRow) -> &str| rows.iter().map(f).collect::<Vec<&str>>();
    let mut df = df! {
        "doc" => col(|r| &r.doc),
        "layer" => col(|r| &r.layer),
        "scheme" => col(|r| &r.scheme),
        "label" => col(|r| &r.label),
        "metric" => col(|r| &r.metric),
        "value" => rows.iter().map(|r| r.value).collect::<Vec<Option<f64>>>(),
        "ci_low" => rows.iter().map(|r| r.ci_low).collect::<Vec<Option<f64>>>(),
        "ci_high" => rows.iter().map(|r| r.ci_high).collect::<Vec<Option<f64>>>(),
    }?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(&mut df)?;
    Ok(buf)
}
