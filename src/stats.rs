//! Corpus statistics: counts per document × layer × label.
//!
//! Kept as one tidy table (one row per document, layer, label) so every output
//! — terminal table, CSV, JSON, Markdown for the dataset card, Parquet — is a
//! view of the same rows, and the dataset card's numbers can be regenerated
//! and checked by a test instead of typed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::corpus::Corpus;
use crate::vocab::{EntityType, ZoneType};

/// The document column's value for corpus totals.
pub const ALL: &str = "ALL";

/// One count.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Row {
    /// Document id, or [`ALL`] for the corpus.
    pub doc: String,
    /// `entity`, `event`, `modality`, `casualty`, `zone`, `spans_in_zone`, `refs`, `records`.
    pub layer: &'static str,
    /// The label within the layer (a type, category, modality or zone type).
    pub label: String,
    /// How many.
    pub count: u64,
}

/// Layers in display order.
pub const LAYERS: &[&str] = &[
    "records",
    "entity",
    "event",
    "modality",
    "casualty",
    "zone",
    "spans_in_zone",
    "refs",
];

/// Counts everything in a corpus; corpus totals are rows with `doc == ALL`.
pub fn compute(corpus: &Corpus) -> Vec<Row> {
    let mut counts: BTreeMap<(String, &'static str, String), u64> = BTreeMap::new();
    let mut refs_all: BTreeSet<&str> = BTreeSet::new();
    let mut refs_per_doc: Vec<(String, u64)> = Vec::new();
    let mut add = |doc: &str, layer: &'static str, label: String| {
        *counts
            .entry((doc.to_owned(), layer, label.clone()))
            .or_default() += 1;
        *counts.entry((ALL.to_owned(), layer, label)).or_default() += 1;
    };
    for doc in corpus.docs.values() {
        let d = doc.id.as_str();
        let mut refs: BTreeSet<&str> = BTreeSet::new();
        for e in doc.entities() {
            add(d, "entity", e.entity_type.to_string());
            add(d, "records", "entity".into());
            if let Some(r) = e.r#ref.as_deref() {
                refs.insert(r);
            }
            zone_of(doc, e.start, &mut add);
        }
        for v in doc.events() {
            add(d, "event", v.event_type.to_string());
            add(d, "modality", v.modality.to_string());
            add(d, "records", "event".into());
            zone_of(doc, v.trigger.start, &mut add);
        }
        for c in doc.casualties() {
            add(d, "casualty", c.category.to_string());
            add(d, "records", "casualty".into());
            zone_of(doc, c.start, &mut add);
        }
        for z in doc.zones() {
            add(d, "zone", z.zone_type.to_string());
        }
        refs_per_doc.push((d.to_owned(), refs.len() as u64));
        refs_all.extend(refs);
    }
    for (d, n) in refs_per_doc {
        counts.insert((d, "refs", "distinct".into()), n);
    }
    counts.insert(
        (ALL.to_owned(), "refs", "distinct".into()),
        refs_all.len() as u64,
    );
    counts.insert(
        (ALL.to_owned(), "refs", "kb_entries".into()),
        corpus.kb.len() as u64,
    );
    counts.insert(
        (ALL.to_owned(), "records", "documents".into()),
        corpus.docs.len() as u64,
    );
    let mut rows: Vec<Row> = counts
        .into_iter()
        .map(|((doc, layer, label), count)| Row {
            doc,
            layer,
            label,
            count,
        })
        .collect();
    let layer_rank = |l: &str| LAYERS.iter().position(|x| *x == l).unwrap_or(usize::MAX);
    rows.sort_by(|a, b| {
        (
            a.doc == ALL,
            &a.doc,
            layer_rank(a.layer),
            label_rank(a.layer, &a.label),
            &a.label,
        )
            .cmp(&(
                b.doc == ALL,
                &b.doc,
                layer_rank(b.layer),
                label_rank(b.layer, &b.label),
                &b.label,
            ))
    });
    rows
}

fn label_rank(layer: &str, label: &str) -> usize {
    match layer {
        "entity" => EntityType::ALL.iter().position(|t| t.as_str() == label),
        "zone" | "spans_in_zone" => ZoneType::ALL.iter().position(|t| t.as_str() == label),
        _ => None,
    }
    .unwrap_or(usize::MAX)
}

fn zone_of(
    doc: &crate::corpus::Doc,
    at: Option<usize>,
    add: &mut impl FnMut(&str, &'static str, String),
) {
    let label = at
        .and_then(|s| doc.zone_at(s))
        .map_or("none".to_owned(), |z| z.zone_type.to_string());
    add(&doc.id, "spans_in_zone", label);
}

/// The pivot the table and Markdown views show: (layer, label) → count per
/// document column, last column the corpus total.
/// One pivot line: layer, label, and a count per document column.
type PivotLine = (String, String, Vec<Option<u64>>);

fn pivot(rows: &[Row]) -> (Vec<String>, Vec<PivotLine>) {
    let mut docs: Vec<String> = rows
        .iter()
        .filter(|r| r.doc != ALL)
        .map(|r| r.doc.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    docs.push(ALL.to_owned());
    let mut keys: Vec<(&'static str, String)> = Vec::new();
    for r in rows.iter().filter(|r| r.doc == ALL) {
        keys.push((r.layer, r.label.clone()));
    }
    let lookup: BTreeMap<(&str, &str, &str), u64> = rows
        .iter()
        .map(|r| ((r.doc.as_str(), r.layer, r.label.as_str()), r.count))
        .collect();
    let body = keys
        .into_iter()
        .map(|(layer, label)| {
            let cells = docs
                .iter()
                .map(|d| lookup.get(&(d.as_str(), layer, label.as_str())).copied())
                .collect();
            (layer.to_owned(), label, cells)
        })
        .collect();
    (docs, body)
}

/// The legend naming the numbered document columns (the last column is the total).
fn legend(docs: &[String], line: impl Fn(usize, &str) -> String) -> String {
    let mut s = String::new();
    for (i, d) in docs.iter().enumerate().take(docs.len() - 1) {
        s.push_str(&line(i + 1, d));
        s.push('\n');
    }
    s.push('\n');
    s
}

/// A Markdown table (documents as numbered columns, with a legend).
pub fn to_markdown(rows: &[Row]) -> String {
    let (docs, body) = pivot(rows);
    let mut s = legend(&docs, |i, d| format!("- D{i} = `{d}`"));
    s.push_str("| layer | label |");
    for i in 0..docs.len() - 1 {
        s.push_str(&format!(" D{} |", i + 1));
    }
    s.push_str(" all |\n|---|---|");
    for _ in &docs {
        s.push_str("---:|");
    }
    s.push('\n');
    for (layer, label, cells) in body {
        s.push_str(&format!("| {layer} | {label} |"));
        for c in cells {
            s.push_str(&format!(
                " {} |",
                c.map_or(String::new(), |n| n.to_string())
            ));
        }
        s.push('\n');
    }
    s
}

/// A plain-text table for terminals.
pub fn to_table(rows: &[Row]) -> String {
    let (docs, body) = pivot(rows);
    let mut s = legend(&docs, |i, d| format!("D{i} = {d}"));
    let mut head = format!("{:<14} {:<22}", "layer", "label");
    for i in 0..docs.len() - 1 {
        head.push_str(&format!("{:>7}", format!("D{}", i + 1)));
    }
    head.push_str(&format!("{:>7}", "all"));
    s.push_str(head.trim_end());
    s.push('\n');
    let mut last = String::new();
    for (layer, label, cells) in body {
        let shown = if layer == last {
            String::new()
        } else {
            layer.clone()
        };
        last = layer;
        let mut line = format!("{shown:<14} {label:<22}");
        for c in cells {
            line.push_str(&format!(
                "{:>7}",
                c.map_or("·".to_owned(), |n| n.to_string())
            ));
        }
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// Tidy CSV: `doc,layer,label,count`.
pub fn to_csv(rows: &[Row]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings is UTF-8"))
}

/// The rows as a polars DataFrame (for Parquet and DataFrame users).
#[cfg(feature = "polars")]
pub fn to_dataframe(rows: &[Row]) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    use polars::prelude::*;
    df!(
        "doc" => rows.iter().map(|r| r.doc.as_str()).collect::<Vec<_>>(),
        "layer" => rows.iter().map(|r| r.layer).collect::<Vec<_>>(),
        "label" => rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(),
        "count" => rows.iter().map(|r| r.count).collect::<Vec<_>>(),
    )
}

/// Parquet bytes of the rows (readable by pandas and polars).
#[cfg(feature = "polars")]
pub fn to_parquet(rows: &[Row]) -> polars::prelude::PolarsResult<Vec<u8>> {
    use polars::prelude::*;
    let mut df = to_dataframe(rows)?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(&mut df)?;
    Ok(buf)
}
