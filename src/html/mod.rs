//! The HTML report (`hudna score --html FILE`): one self-contained file —
//! no network, no external script, font or image — that opens in any
//! browser.
//!
//! This module computes a *view* (numbers, chart geometry, text segments
//! and their highlights) from the score report and the per-item listing;
//! the template (`report.html`, rendered by minijinja with HTML
//! auto-escaping on) only lays it out. Every string that comes from an
//! article, the gold or a prediction reaches the page through the
//! template's escaping, never pasted in as markup, so a record whose text
//! holds `<script>` renders as text (a test proves it).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::listing::{Line, Side};
use crate::report::ScoreReport;
use crate::score::{Counts, Layer, Outcome};

/// One document as the report shows it: its text and its listing.
#[derive(Debug, Clone)]
pub struct Document {
    /// Document id.
    pub id: String,
    /// The article text.
    pub text: String,
    /// Its lines of the `--errors` listing.
    pub lines: Vec<Line>,
}

/// The scheme whose outcome colours a highlight and whose F1 the layer's
/// chart shows ([`Layer::highlight`]): for casualties the mention, not the
/// claim the text report and `compare` lead with, since a highlight marks
/// a span.
pub fn headline(layer: Layer) -> &'static str {
    layer.highlight()
}

const TEMPLATE: &str = include_str!("report.html");

/// Renders the report. `docs` in the order they should appear.
pub fn render(report: &ScoreReport, docs: &[Document]) -> Result<String, minijinja::Error> {
    let view = view(report, docs);
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("report.html", TEMPLATE)?;
    env.get_template("report.html")?
        .render(minijinja::value::Serde(&view))
}

#[derive(Serialize)]
struct View {
    extractor: String,
    dataset_version: String,
    fingerprint: String,
    documents: usize,
    options: String,
    layers: Vec<LayerView>,
    docs: Vec<DocView>,
    types: Vec<String>,
    outcomes: Vec<&'static str>,
}

#[derive(Serialize)]
struct LayerView {
    name: &'static str,
    headline: &'static str,
    /// Nothing in gold or predictions for this layer.
    empty: bool,
    schemes: Vec<SchemeView>,
    chart: Chart,
    confusion: Option<Confusion>,
    boundaries: Vec<(String, u64)>,
    breakdowns: Vec<BreakdownView>,
    claims: Vec<ClaimRow>,
}

#[derive(Serialize)]
struct SchemeView {
    scheme: String,
    rows: Vec<RowView>,
}

#[derive(Serialize)]
struct RowView {
    label: String,
    correct: String,
    incorrect: String,
    partial: String,
    missed: String,
    spurious: String,
    precision: String,
    recall: String,
    f1: String,
    /// 95% bootstrap intervals, `low–high`, empty where there are none.
    ci_precision: String,
    ci_recall: String,
    ci_f1: String,
}

#[derive(Serialize, Default)]
struct Chart {
    width: u32,
    height: u32,
    bars: Vec<Bar>,
    ticks: Vec<Tick>,
}

#[derive(Serialize)]
struct Bar {
    label: String,
    y: u32,
    width: f64,
    text_x: f64,
    value: String,
    whisker: Option<(f64, f64)>,
}

#[derive(Serialize)]
struct Tick {
    x: f64,
    text: String,
}

#[derive(Serialize)]
struct Confusion {
    labels: Vec<String>,
    rows: Vec<(String, Vec<u64>)>,
}

#[derive(Serialize)]
struct BreakdownView {
    dimension: String,
    rows: Vec<RowView>,
}

#[derive(Serialize)]
struct ClaimRow {
    doc: String,
    outcome: &'static str,
    gold: Option<ClaimCell>,
    pred: Option<ClaimCell>,
    differs: Vec<&'static str>,
}

#[derive(Serialize, PartialEq)]
struct ClaimCell {
    category: String,
    number: String,
    qualifier: String,
    source: String,
    text: String,
}

#[derive(Serialize)]
struct DocView {
    id: String,
    segments: Vec<Segment>,
}

#[derive(Serialize)]
struct Segment {
    text: String,
    /// Items covering it, as `i3 i7` (for the filters' script).
    items: String,
    depth: usize,
    tags: Vec<Tag>,
}

#[derive(Serialize, Clone)]
struct Tag {
    id: usize,
    layer: &'static str,
    outcome: &'static str,
    label: String,
    /// `gold`, `pred` or `both`.
    sides: &'static str,
    /// The records, for the tooltip.
    detail: String,
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{x:.3}"))
}

fn row_view(
    label: &str,
    c: Option<Counts>,
    p: Option<f64>,
    r: Option<f64>,
    f: Option<f64>,
) -> RowView {
    let n = |x: fn(&Counts) -> u64| c.map_or_else(String::new, |c| x(&c).to_string());
    RowView {
        label: label.to_owned(),
        correct: n(|c| c.correct),
        incorrect: n(|c| c.incorrect),
        partial: n(|c| c.partial),
        missed: n(|c| c.missed),
        spurious: n(|c| c.spurious),
        precision: num(p),
        recall: num(r),
        f1: num(f),
        ci_precision: String::new(),
        ci_recall: String::new(),
        ci_f1: String::new(),
    }
}

fn interval(i: Option<[f64; 2]>) -> String {
    i.map_or_else(String::new, |[lo, hi]| format!("{lo:.3}–{hi:.3}"))
}

/// P/R/F1 of counts, from the one arithmetic core ([`Counts::prf`]).
fn prf(c: &Counts, half: bool) -> (Option<f64>, Option<f64>, Option<f64>) {
    let p = c.prf(half);
    (p.precision, p.recall, p.f1)
}

fn metric(v: &serde_json::Value, k: &str) -> Option<f64> {
    v.get(k).and_then(serde_json::Value::as_f64)
}

fn view(report: &ScoreReport, docs: &[Document]) -> View {
    let rows: Vec<serde_json::Value> = report
        .metrics
        .iter()
        .map(|m| serde_json::to_value(m).unwrap_or_default())
        .collect();
    let mut types = BTreeSet::new();
    let mut layers = Vec::new();
    for &layer in &report.layers {
        let lname = layer.as_str();
        let lines: Vec<&Line> = docs
            .iter()
            .flat_map(|d| &d.lines)
            .filter(|l| l.layer == layer)
            .collect();
        let mut schemes = Vec::new();
        for scheme in layer.schemes() {
            let mut out = Vec::new();
            for (m, v) in report.metrics.iter().zip(&rows) {
                if m.layer == layer && m.scheme == *scheme {
                    if m.label != "micro" && m.label != "macro" {
                        types.insert(m.label.clone());
                    }
                    let mut row = row_view(
                        &m.label,
                        m.counts,
                        metric(v, "precision"),
                        metric(v, "recall"),
                        metric(v, "f1"),
                    );
                    if let Some(ci) = &m.ci {
                        row.ci_precision = interval(ci.precision);
                        row.ci_recall = interval(ci.recall);
                        row.ci_f1 = interval(ci.f1);
                    }
                    out.push(row);
                }
            }
            schemes.push(SchemeView {
                scheme: (*scheme).to_owned(),
                rows: out,
            });
        }
        let chart = chart(report, &rows, layer);
        let boundaries = {
            let mut b: BTreeMap<String, u64> = BTreeMap::new();
            for l in &lines {
                if let Some(k) = l.boundary {
                    let k = serde_json::to_value(k)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    *b.entry(k).or_default() += 1;
                }
            }
            b.into_iter().collect()
        };
        let breakdowns = breakdowns(report, layer);
        let empty = report
            .metrics
            .iter()
            .filter(|m| m.layer == layer && m.label == "micro")
            .all(|m| {
                m.counts
                    .is_none_or(|c| c.possible() == 0 && c.actual() == 0)
            });
        layers.push(LayerView {
            name: lname,
            headline: headline(layer),
            empty,
            schemes,
            chart,
            confusion: (layer == Layer::Entities || layer == Layer::Events)
                .then(|| confusion(&lines, layer)),
            boundaries,
            breakdowns,
            claims: if layer == Layer::Casualties {
                claims(&lines)
            } else {
                Vec::new()
            },
        });
    }
    View {
        extractor: report.extractor.clone(),
        dataset_version: report.dataset.version.clone().unwrap_or_else(|| "—".into()),
        fingerprint: report.dataset.fingerprint.chars().take(12).collect(),
        documents: report.coverage.documents,
        options: serde_json::to_string(&report.options).unwrap_or_default(),
        layers,
        docs: docs.iter().map(doc_view).collect(),
        types: types.into_iter().collect(),
        outcomes: Outcome::ALL.iter().map(|o| o.as_str()).collect(),
    }
}

/// Per-type F1 of the headline scheme as horizontal bars, with bootstrap
/// whiskers when the report has intervals.
fn chart(report: &ScoreReport, rows: &[serde_json::Value], layer: Layer) -> Chart {
    const LEFT: f64 = 190.0;
    const SPAN: f64 = 420.0;
    const ROW: u32 = 22;
    let mut bars = Vec::new();
    for (m, v) in report.metrics.iter().zip(rows) {
        if m.layer != layer || m.scheme != headline(layer) || m.label == "macro" {
            continue;
        }
        let f1 = metric(v, "f1");
        let y = 20 + ROW * bars.len() as u32;
        let w = f1.unwrap_or(0.0) * SPAN;
        let whisker =
            m.ci.and_then(|ci| ci.f1)
                .map(|[lo, hi]| (LEFT + lo * SPAN, LEFT + hi * SPAN));
        // The value is written past the bar and its whisker, never over them.
        let right = whisker.map_or(LEFT + w, |(_, hi)| hi.max(LEFT + w));
        bars.push(Bar {
            label: m.label.clone(),
            y,
            width: w,
            text_x: right + 4.0,
            value: num(f1),
            whisker,
        });
    }
    let ticks = (0..=4)
        .map(|i| Tick {
            x: LEFT + SPAN * f64::from(i) / 4.0,
            text: format!("{:.2}", f64::from(i) / 4.0),
        })
        .collect();
    Chart {
        width: 680,
        height: 40 + ROW * bars.len() as u32,
        bars,
        ticks,
    }
}

fn label_of(side: Option<&Side>, layer: Layer) -> String {
    let Some(s) = side else {
        return "∅".to_owned();
    };
    let key = if layer == Layer::Casualties {
        "category"
    } else {
        "type"
    };
    s.record
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_owned()
}

/// Gold type × predicted type over the headline scheme's lines (∅: no
/// counterpart, i.e. missed or spurious).
fn confusion(lines: &[&Line], layer: Layer) -> Confusion {
    let mut cells: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut labels = BTreeSet::new();
    for l in lines {
        if !l.outcomes.contains_key(headline(layer))
            || (l.gold.as_ref().or(l.pred.as_ref())).is_some_and(|s| s.arg.is_some())
        {
            continue;
        }
        let (g, p) = (
            label_of(l.gold.as_ref(), layer),
            label_of(l.pred.as_ref(), layer),
        );
        labels.insert(g.clone());
        labels.insert(p.clone());
        *cells.entry((g, p)).or_default() += 1;
    }
    let labels: Vec<String> = labels.into_iter().collect();
    let rows = labels
        .iter()
        .map(|g| {
            (
                g.clone(),
                labels
                    .iter()
                    .map(|p| cells.get(&(g.clone(), p.clone())).copied().unwrap_or(0))
                    .collect(),
            )
        })
        .collect();
    Confusion { labels, rows }
}

fn breakdowns(report: &ScoreReport, layer: Layer) -> Vec<BreakdownView> {
    let mut by_dim: BTreeMap<&str, Vec<RowView>> = BTreeMap::new();
    for r in &report.breakdowns {
        if r.layer == layer && r.scheme == headline(layer) {
            let (p, rc, f) = prf(&r.counts, crate::score::half_partial(layer, &r.scheme));
            by_dim
                .entry(r.dimension.as_str())
                .or_default()
                .push(row_view(&r.bucket, Some(r.counts), p, rc, f));
        }
    }
    crate::listing::DIMENSIONS
        .iter()
        .filter_map(|d| {
            Some(BreakdownView {
                dimension: (*d).to_owned(),
                rows: by_dim.remove(d)?,
            })
        })
        .collect()
}

fn claim_cell(side: Option<&Side>) -> Option<ClaimCell> {
    let r = &side?.record;
    let s = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(x) => x.to_string(),
    };
    let count = r.get("count");
    let number = match (
        count.and_then(|c| c.get("value")),
        count.and_then(|c| c.get("low")),
        count.and_then(|c| c.get("high")),
    ) {
        (Some(v), _, _) if !v.is_null() => v.to_string(),
        (_, lo, hi) => format!("{}–{}", s(lo), s(hi)),
    };
    Some(ClaimCell {
        category: s(r.get("category")),
        number,
        qualifier: s(count.and_then(|c| c.get("qualifier"))),
        source: s(r.get("source")),
        text: s(r.get("text")),
    })
}

/// The claim-level pairing, gold beside prediction, differences named.
fn claims(lines: &[&Line]) -> Vec<ClaimRow> {
    lines
        .iter()
        .filter_map(|l| {
            let o = l.outcomes.get("claim")?;
            let (g, p) = (claim_cell(l.gold.as_ref()), claim_cell(l.pred.as_ref()));
            let mut differs = Vec::new();
            if let (Some(a), Some(b)) = (&g, &p) {
                if a.number != b.number {
                    differs.push("number");
                }
                if a.qualifier != b.qualifier {
                    differs.push("qualifier");
                }
                if a.source != b.source {
                    differs.push("source");
                }
            }
            Some(ClaimRow {
                doc: l.doc.clone(),
                outcome: o.outcome.as_str(),
                gold: g,
                pred: p,
                differs,
            })
        })
        .collect()
}

fn span_of(s: &Side, layer: Layer) -> Option<(usize, usize)> {
    let r = &s.record;
    let pair = |v: &serde_json::Value| {
        Some((
            v.get("start")?.as_u64()? as usize,
            v.get("end")?.as_u64()? as usize,
        ))
    };
    match layer {
        Layer::Events => pair(r.get("trigger")?),
        _ => pair(r),
    }
}

fn doc_view(d: &Document) -> DocView {
    struct Item {
        start: usize,
        end: usize,
        tag: Tag,
    }
    let n = d.text.chars().count();
    let mut items = Vec::new();
    for l in &d.lines {
        let Some(o) = l.outcomes.get(headline(l.layer)) else {
            continue;
        };
        let side = l.gold.as_ref().or(l.pred.as_ref());
        if side.is_some_and(|s| s.arg.is_some()) {
            continue;
        }
        let spans: Vec<(usize, usize)> = [l.gold.as_ref(), l.pred.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|s| span_of(s, l.layer))
            .filter(|&(s, e)| s < e && e <= n)
            .collect();
        let Some(start) = spans.iter().map(|s| s.0).min() else {
            continue;
        };
        let end = spans.iter().map(|s| s.1).max().unwrap_or(start);
        let detail = |name: &str, s: Option<&Side>| {
            s.map(|s| {
                format!(
                    "{name}: {}",
                    serde_json::to_string(&s.record).unwrap_or_default()
                )
            })
        };
        let detail: Vec<String> = [
            detail("gold", l.gold.as_ref()),
            detail("pred", l.pred.as_ref()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let id = items.len();
        items.push(Item {
            start,
            end,
            tag: Tag {
                id,
                layer: l.layer.as_str(),
                outcome: o.outcome.as_str(),
                label: o.label.clone(),
                sides: match (&l.gold, &l.pred) {
                    (Some(_), Some(_)) => "both",
                    (Some(_), None) => "gold",
                    _ => "pred",
                },
                detail: detail.join("\n"),
            },
        });
    }
    let mut cuts: BTreeSet<usize> = [0, n].into_iter().collect();
    for it in &items {
        cuts.insert(it.start);
        cuts.insert(it.end);
    }
    let chars: Vec<char> = d.text.chars().collect();
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut segments = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let covering: Vec<&Item> = items
            .iter()
            .filter(|it| it.start <= a && b <= it.end)
            .collect();
        let ids: Vec<String> = covering
            .iter()
            .map(|it| format!("i{}", it.tag.id))
            .collect();
        segments.push(Segment {
            text: chars[a..b].iter().collect(),
            items: ids.join(" "),
            depth: covering.len().min(3),
            tags: items
                .iter()
                .filter(|it| it.end == b)
                .map(|it| it.tag.clone())
                .collect(),
        });
    }
    DocView {
        id: d.id.clone(),
        segments,
    }
}
