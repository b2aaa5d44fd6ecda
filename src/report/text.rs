//! The terminal report: what a researcher reads after `hudna score`.

use super::{MACRO, MICRO, MetricRow, NO_MATCHED_CLAIM, NO_MATCHED_NUMBERS, ScoreReport};
use crate::score::{Layer, Prf, Undefined};

/// The layers a report scored, in report order (`--layers` picks some; a
/// CoNLL run scores entities only): the others show no rows at all, rather
/// than rows of zeros that would read as a system that found nothing.
pub(super) fn layers(r: &ScoreReport) -> Vec<Layer> {
    r.layers.clone()
}

/// The primary schemes of the layers a report has.
pub(super) fn primary(r: &ScoreReport) -> Vec<(Layer, &'static str)> {
    // The schemes each layer shows per label and per document
    // ([`Layer::shown`]), in report order whatever order `layers` lists.
    let have = layers(r);
    Layer::ALL
        .into_iter()
        .filter(|l| have.contains(l))
        .flat_map(|l| l.shown().iter().map(move |s| (l, *s)))
        .collect()
}

/// A plain-text table, widths from content; `align` has an `l` or `r` per
/// column (columns past its end are right-aligned, numbers being the rule).
/// Shared by the score report, the gate table and `compare`.
///
/// An undefined value (`—`) is as wide as a number (`0.000`), so that a
/// column of them lines up with the same column in the next table.
pub(crate) fn aligned_table(rows: &[Vec<String>], align: &str) -> String {
    let mut widths = Vec::new();
    for r in rows {
        widen(&mut widths, r);
    }
    let mut out = String::new();
    for r in rows {
        out.push_str(&aligned_line(r, &widths, align));
    }
    out
}

/// Widens `widths` to fit the cells of one row: the first pass of an
/// [`aligned_table`], which a streamed table makes over rows it does not
/// hold.
fn widen(widths: &mut Vec<usize>, row: &[String]) {
    if widths.len() < row.len() {
        widths.resize(row.len(), 0);
    }
    for (w, s) in widths.iter_mut().zip(row) {
        let n = match s.as_str() {
            UNDEFINED => "0.000".len(),
            s => s.chars().count(),
        };
        *w = (*w).max(n);
    }
}

/// One row of an [`aligned_table`], newline-terminated.
fn aligned_line(row: &[String], widths: &[usize], align: &str) -> String {
    let mut line = String::new();
    for ((c, cell), a) in row
        .iter()
        .enumerate()
        .zip(align.chars().map(Some).chain(std::iter::repeat(None)))
    {
        let width = widths.get(c).copied().unwrap_or(0);
        let pad = " ".repeat(width.saturating_sub(cell.chars().count()));
        if c > 0 {
            line.push_str("  ");
        }
        if a == Some('l') {
            line.push_str(cell);
            line.push_str(&pad);
        } else {
            line.push_str(&pad);
            line.push_str(cell);
        }
    }
    let mut out = line.trim_end().to_owned();
    out.push('\n');
    out
}

/// A left-aligned first column and right-aligned others.
pub(super) fn table(rows: &[Vec<String>]) -> String {
    aligned_table(rows, "l")
}

/// A ratio with three decimals, or `—` when it is undefined.
pub(super) fn f3(x: Option<f64>) -> String {
    x.map_or(UNDEFINED.into(), |x| format!("{x:.3}"))
}

/// What an undefined ratio prints as; [`Footnote`] says why.
pub(super) const UNDEFINED: &str = "—";

pub(super) fn ci(r: &MetricRow) -> String {
    r.ci.and_then(|c| c.f1)
        .map_or("—".into(), |[lo, hi]| format!("[{lo:.3}, {hi:.3}]"))
}

/// The line under a table that says why its `—` cells are undefined, one
/// reason per kind of cell, in the order first met (nothing when every
/// value is defined).
#[derive(Debug, Default)]
pub(super) struct Footnote(Vec<(&'static str, &'static str)>);

impl Footnote {
    /// Notes the undefined metrics of `p`, shown as P, R and F1.
    pub(super) fn prf(&mut self, p: &Prf) {
        self.metric(p.precision, "P", "precision");
        self.metric(p.recall, "R", "recall");
        self.metric(p.f1, "F1", "f1");
    }

    /// Notes the F1 of `p` alone (the tables that show only F1).
    pub(super) fn f1(&mut self, p: &Prf) {
        self.metric(p.f1, "F1", "f1");
    }

    fn metric(&mut self, x: Option<f64>, shown: &'static str, metric: &str) {
        if x.is_none()
            && let Some(u) = Undefined::of(metric)
        {
            self.add(shown, u.reason());
        }
    }

    /// Notes a cell shown as `shown`, undefined because `reason`.
    pub(super) fn add(&mut self, shown: &'static str, reason: &'static str) {
        if !self.0.contains(&(shown, reason)) {
            self.0.push((shown, reason));
        }
    }

    /// `— undefined: P (nothing predicted), …`, or `None`; P, R and F1
    /// first, in that order.
    pub(super) fn line(&self) -> Option<String> {
        (!self.0.is_empty()).then(|| {
            let mut cells = self.0.clone();
            cells.sort_by_key(|(s, _)| ["P", "R", "F1"].iter().position(|x| x == s));
            let parts: Vec<String> = cells.iter().map(|(s, r)| format!("{s} ({r})")).collect();
            format!("{UNDEFINED} undefined: {}", parts.join(", "))
        })
    }
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
/// P, R, F1, CI; undefined cells noted in `note`. Shared by the text and
/// Markdown renderers.
pub(super) fn label_rows(
    r: &ScoreReport,
    layer: Layer,
    scheme: &str,
    note: &mut Footnote,
) -> Vec<Vec<String>> {
    r.metrics
        .iter()
        .filter(|m| m.layer == layer && m.scheme == scheme && m.label != MICRO && m.label != MACRO)
        .map(|m| {
            let c = m.counts.unwrap_or_default();
            note.prf(&m.prf());
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

/// The cells P, R, F1, F1 CI and macro F1 of a scheme's micro row.
pub(super) fn scheme_cells(r: &ScoreReport, m: &MetricRow, note: &mut Footnote) -> Vec<String> {
    let mac = r.row(m.layer, &m.scheme, MACRO);
    note.prf(&m.prf());
    if let Some(x) = mac {
        note.f1(&x.prf());
    }
    vec![
        f3(m.precision),
        f3(m.recall),
        f3(m.f1),
        ci(m),
        mac.map_or(UNDEFINED.into(), |x| f3(x.f1)),
    ]
}

/// The casualty value line's numbers: matched, exact (accuracy), mean
/// absolute error, each undefined one noted.
pub(super) fn value_cells(r: &ScoreReport, note: &mut Footnote) -> (String, String, String) {
    let v = &r.casualty_values;
    if v.exact_accuracy.is_none() {
        note.add("exact value", NO_MATCHED_CLAIM);
    }
    if v.mean_abs_error.is_none() {
        note.add("mean absolute error", NO_MATCHED_NUMBERS);
    }
    (
        v.counts.matched.to_string(),
        format!("{} ({})", v.counts.exact, f3(v.exact_accuracy)),
        f3(v.mean_abs_error),
    )
}

/// Header of the per-label table.
pub(super) const LABEL_HEAD: [&str; 8] =
    ["label", "gold", "pred", "corr", "P", "R", "F1", "F1 95% CI"];

/// Header and rows of the per-document table: F1 (correct/gold) of each
/// primary scheme of the scored layers; undefined cells noted in `note`.
pub(super) fn doc_table(
    r: &ScoreReport,
    note: &mut Footnote,
) -> std::io::Result<(Vec<String>, Vec<Vec<String>>)> {
    let shown = primary(r);
    let rows = r
        .documents
        .iter()
        .map(|d| Ok(doc_row(&shown, &*d?, note)))
        .collect::<std::io::Result<_>>()?;
    Ok((doc_head(&shown), rows))
}

/// The per-document table's header.
fn doc_head(shown: &[(Layer, &'static str)]) -> Vec<String> {
    let mut head = vec!["document".to_string()];
    head.extend(
        shown
            .iter()
            .map(|(l, sch)| format!("{}.{}", l.as_str(), sch)),
    );
    head
}

/// One document's row of the per-document table.
fn doc_row(
    shown: &[(Layer, &'static str)],
    d: &super::DocCounts,
    note: &mut Footnote,
) -> Vec<String> {
    let mut row = vec![d.doc.clone()];
    for &(layer, scheme) in shown {
        let c = d
            .counts
            .iter()
            .find(|c| c.layer == layer && c.scheme == scheme && c.label == MICRO)
            .map(|c| c.counts)
            .unwrap_or_default();
        let p = c.prf(crate::score::half_partial(layer, scheme));
        note.f1(&p);
        row.push(format!("{} ({}/{})", f3(p.f1), c.correct, c.possible()));
    }
    row
}

/// Renders the report for a terminal. Errors when the documents cannot be
/// read back from a spilled table ([`super::Documents`]).
pub fn to_text(r: &ScoreReport) -> std::io::Result<String> {
    let mut v = Vec::new();
    write_text(r, &mut v)?;
    // Every piece written is a `str`.
    String::from_utf8(v).map_err(std::io::Error::other)
}

/// Writes [`to_text`]'s report as a stream. Its per-document table has a
/// line per document, 100,000 lines for a large corpus, so it is never
/// held: the documents are read twice, once for the column widths and once
/// to write.
pub fn write_text(r: &ScoreReport, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::io::Write as _;
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
    let push_note = |s: &mut String, note: &Footnote| {
        if let Some(l) = note.line() {
            s.push_str(&l);
            s.push('\n');
        }
    };
    for layer in layers(r) {
        s.push_str(&format!("\n{}\n", layer.as_str()));
        let mut rows = vec![head.clone()];
        let mut note = Footnote::default();
        for scheme in layer.schemes() {
            let Some(m) = r.row(layer, scheme, MICRO) else {
                continue;
            };
            let mut row = vec![scheme.to_string()];
            row.extend(count_cells(m));
            row.extend(scheme_cells(r, m, &mut note));
            rows.push(row);
        }
        s.push_str(&table(&rows));
        push_note(&mut s, &note);
    }
    if layers(r).contains(&Layer::Casualties) {
        let mut note = Footnote::default();
        let (matched, exact, mae) = value_cells(r, &mut note);
        s.push_str(&format!(
            "\ncasualty claims matched: {matched} · exact value {exact} · mean absolute error {mae}\n"
        ));
        push_note(&mut s, &note);
    }
    for (layer, scheme) in primary(r) {
        s.push_str(&format!("\nper label: {}.{}\n", layer.as_str(), scheme));
        let mut rows = vec![LABEL_HEAD.map(String::from).to_vec()];
        let mut note = Footnote::default();
        rows.extend(label_rows(r, layer, scheme, &mut note));
        s.push_str(&table(&rows));
        push_note(&mut s, &note);
    }
    s.push_str("\nper document: F1 (correct/gold)\n");
    w.write_all(s.as_bytes())?;
    let shown = primary(r);
    let head = doc_head(&shown);
    let mut note = Footnote::default();
    let mut widths = Vec::new();
    widen(&mut widths, &head);
    for d in &r.documents {
        widen(&mut widths, &doc_row(&shown, &*d?, &mut note));
    }
    let mut out = std::io::BufWriter::new(w);
    out.write_all(aligned_line(&head, &widths, "l").as_bytes())?;
    // The footnote was gathered in the first pass.
    let mut again = Footnote::default();
    for d in &r.documents {
        out.write_all(aligned_line(&doc_row(&shown, &*d?, &mut again), &widths, "l").as_bytes())?;
    }
    if let Some(l) = note.line() {
        out.write_all(l.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
