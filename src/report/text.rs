//! The terminal report: what a researcher reads after `hudna score`.

use super::{MACRO, MICRO, MetricRow, ScoreReport};
use crate::score::Layer;

/// The scheme shown per label and per document for each layer.
pub(super) const PRIMARY: [(Layer, &str); 4] = [
    (Layer::Entities, "strict"),
    (Layer::Events, "trigger_cls"),
    (Layer::Events, "arg_cls_plus"),
    (Layer::Casualties, "claim"),
];

/// The layers a report has rows for, in report order. A CoNLL run scores
/// entities only: its report shows no events or casualties at all, rather
/// than rows of zeros that would read as a system that found nothing.
pub(super) fn layers(r: &ScoreReport) -> Vec<Layer> {
    Layer::ALL
        .into_iter()
        .filter(|l| r.metrics.iter().any(|m| m.layer == *l))
        .collect()
}

/// The primary schemes of the layers a report has.
pub(super) fn primary(r: &ScoreReport) -> Vec<(Layer, &'static str)> {
    let have = layers(r);
    PRIMARY
        .into_iter()
        .filter(|(l, _)| have.contains(l))
        .collect()
}

/// A plain-text table, widths from content; `align` has an `l` or `r` per
/// column (columns past its end are right-aligned, numbers being the rule).
/// Shared by the score report, the gate table and `compare`.
pub(crate) fn aligned_table(rows: &[Vec<String>], align: &str) -> String {
    let align: Vec<char> = align.chars().collect();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[c].saturating_sub(cell.chars().count()));
            if c > 0 {
                line.push_str("  ");
            }
            if align.get(c) == Some(&'l') {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A left-aligned first column and right-aligned others.
pub(super) fn table(rows: &[Vec<String>]) -> String {
    aligned_table(rows, "l")
}

pub(super) fn f3(x: f64) -> String {
    format!("{x:.3}")
}

pub(super) fn ci(r: &MetricRow) -> String {
    r.ci.map_or("—".into(), |c| {
        format!("[{:.3}, {:.3}]", c.f1[0], c.f1[1])
    })
}

/// The summary line under the title: who, against what, how.
pub(super) fn header(r: &ScoreReport) -> Vec<String> {
    let o = &r.options;
    let ci = if o.resamples > 0 {
        format!(
            "95% CI: bootstrap over documents, {} resamples, seed {}",
            o.resamples, o.seed
        )
    } else {
        "no confidence intervals (0 resamples)".into()
    };
    let gold = match o.iob {
        Some(_) => "CoNLL".to_string(),
        None => format!(
            "hudna {}",
            r.dataset.version.as_deref().unwrap_or("(unversioned)")
        ),
    };
    vec![
        format!(
            "extractor {} · gold {gold} ({} documents, fingerprint {})",
            r.extractor,
            r.dataset.documents,
            &r.dataset.fingerprint[..12.min(r.dataset.fingerprint.len())]
        ),
        format!(
            "{}matching {:?} · boundary {:?}{}{}{} · {ci}",
            o.iob
                .map(|m| format!("iob {} · ", m.as_str()))
                .unwrap_or_default(),
            o.matching,
            o.boundary,
            o.min_overlap
                .map(|m| format!(" · min overlap {m}%"))
                .unwrap_or_default(),
            if o.event_counting == crate::score::EventCounting::Sets {
                " · events as sets (TextEE)"
            } else {
                ""
            },
            if o.per_label == crate::score::PerLabel::Filtered {
                " · per label: each type alone"
            } else {
                ""
            }
        )
        .to_lowercase()
        .replace("95% ci", "95% CI")
        .replace("(textee)", "(TextEE)"),
    ]
}

/// Notes a reader must not miss: documents without predictions, rejected
/// records, predictions scored offset-free only.
pub(super) fn notes(r: &ScoreReport) -> Vec<String> {
    let mut n = Vec::new();
    let c = &r.coverage;
    if !c.without_predictions.is_empty() {
        n.push(format!(
            "{} of {} documents had no predictions and count as all-missed: {}",
            c.without_predictions.len(),
            c.documents,
            c.without_predictions.join(", ")
        ));
    }
    if c.rejected_records > 0 {
        n.push(format!(
            "{} invalid predicted records were dropped (--lenient); those of a known layer in a gold document count as spurious",
            c.rejected_records
        ));
    }
    if c.approximated_clusters > 0 {
        n.push(format!(
            "{} cluster(s) of more than {} mutually overlapping items were paired greedily, not optimally: counts there may be slightly low",
            c.approximated_clusters,
            crate::score::assign::MAX_EXACT
        ));
    }
    for (layer, k) in &c.without_offsets {
        if *k > 0 {
            n.push(format!("{k} predicted {layer} records have no offsets: only offset-free schemes credit them"));
        }
    }
    n
}

pub(super) fn count_cells(r: &MetricRow) -> Vec<String> {
    let c = r.counts.unwrap_or_default();
    vec![
        c.possible().to_string(),
        c.actual().to_string(),
        c.correct.to_string(),
        c.incorrect.to_string(),
        c.partial.to_string(),
        c.missed.to_string(),
        c.spurious.to_string(),
    ]
}

/// Rows of the per-label table for one scheme: label, gold, pred, correct,
/// P, R, F1, CI. Shared by the text and Markdown renderers.
pub(super) fn label_rows(r: &ScoreReport, layer: Layer, scheme: &str) -> Vec<Vec<String>> {
    r.metrics
        .iter()
        .filter(|m| m.layer == layer && m.scheme == scheme && m.label != MICRO && m.label != MACRO)
        .map(|m| {
            let c = m.counts.unwrap_or_default();
            vec![
                m.label.clone(),
                c.possible().to_string(),
                c.actual().to_string(),
                c.correct.to_string(),
                f3(m.precision),
                f3(m.recall),
                f3(m.f1),
                ci(m),
            ]
        })
        .collect()
}

/// Header of the per-label table.
pub(super) const LABEL_HEAD: [&str; 8] =
    ["label", "gold", "pred", "corr", "P", "R", "F1", "F1 95% CI"];

/// Header and rows of the per-document table: F1 (correct/gold) of each
/// primary scheme.
pub(super) fn doc_table(r: &ScoreReport) -> (Vec<String>, Vec<Vec<String>>) {
    let primary = primary(r);
    let mut head = vec!["document".to_string()];
    head.extend(
        primary
            .iter()
            .map(|(l, sch)| format!("{}.{}", l.as_str(), sch)),
    );
    let rows = r
        .documents
        .iter()
        .map(|d| {
            let mut row = vec![d.doc.clone()];
            for &(layer, scheme) in &primary {
                let c = d
                    .counts
                    .iter()
                    .find(|c| c.layer == layer && c.scheme == scheme && c.label == MICRO)
                    .map(|c| c.counts)
                    .unwrap_or_default();
                row.push(format!(
                    "{} ({}/{})",
                    f3(c.prf(false).f1),
                    c.correct,
                    c.possible()
                ));
            }
            row
        })
        .collect();
    (head, rows)
}

/// Renders the report for a terminal.
pub fn to_text(r: &ScoreReport) -> String {
    let mut s = String::from("hudna score\n");
    for h in header(r) {
        s.push_str(&h);
        s.push('\n');
    }
    for n in notes(r) {
        s.push_str(&format!("note: {n}\n"));
    }
    let head: Vec<String> = [
        "scheme",
        "gold",
        "pred",
        "corr",
        "inc",
        "part",
        "miss",
        "spur",
        "P",
        "R",
        "F1",
        "F1 95% CI",
        "macro F1",
    ]
    .map(String::from)
    .to_vec();
    for layer in layers(r) {
        s.push_str(&format!("\n{}\n", layer.as_str()));
        let mut rows = vec![head.clone()];
        for scheme in layer.schemes() {
            let Some(m) = r.row(layer, scheme, MICRO) else {
                continue;
            };
            let mac = r.row(layer, scheme, MACRO).map_or("—".into(), |x| f3(x.f1));
            let mut row = vec![scheme.to_string()];
            row.extend(count_cells(m));
            row.extend([f3(m.precision), f3(m.recall), f3(m.f1), ci(m), mac]);
            rows.push(row);
        }
        s.push_str(&table(&rows));
    }
    if layers(r).contains(&Layer::Casualties) {
        let v = &r.casualty_values;
        s.push_str(&format!(
            "\ncasualty claims matched: {} · exact value {} ({:.3}) · mean absolute error {:.3}\n",
            v.counts.matched, v.counts.exact, v.exact_accuracy, v.mean_abs_error
        ));
    }
    for (layer, scheme) in primary(r) {
        s.push_str(&format!("\nper label: {}.{}\n", layer.as_str(), scheme));
        let mut rows = vec![LABEL_HEAD.map(String::from).to_vec()];
        rows.extend(label_rows(r, layer, scheme));
        s.push_str(&table(&rows));
    }
    s.push_str("\nper document: F1 (correct/gold)\n");
    let (head, body) = doc_table(r);
    let mut rows = vec![head];
    rows.extend(body);
    s.push_str(&table(&rows));
    s
}
