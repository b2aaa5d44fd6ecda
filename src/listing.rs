//! The per-item error listing (`hudna score --errors FILE`): one JSON line
//! per gold or predicted item and the outcome it got under each scheme.
//!
//! It is built from the matcher's own decisions ([`crate::score::explain_doc`]),
//! never recomputed, so counting its outcomes per layer, scheme and label
//! gives the report's counts exactly (under greedy matching, the overall
//! entity counts; nervaluate's per-label passes are not a breakdown).
//!
//! A line is one *pairing* of items: a gold item and the prediction it was
//! paired with, or a lone gold item (missed) or prediction (spurious). When
//! all of a layer's schemes pair an item alike — the usual case, and always
//! so for entity spans under optimal matching — the item has one line with
//! every scheme's outcome; where schemes pair it differently (each event
//! scheme chooses its own pairing; offset-free schemes pair by key, the first
//! record carrying a key standing for it) it appears on one line per
//! pairing, each naming its schemes. Event arguments are items of their own
//! (`item: "argument"`), since the argument schemes count arguments.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::Doc;
use crate::record::Record;
use crate::score::{Explained, Layer, Origin, Outcome};
use crate::validate::Rejected;

/// Code points of context on each side of an item.
pub const CONTEXT: usize = 40;

/// One item's outcome under one scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeOutcome {
    /// The outcome.
    pub outcome: Outcome,
    /// The label the count is filed under (the gold's when paired).
    pub label: String,
}

/// Which record, and where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// For gold, the line in the document's gold file; for a prediction,
    /// its position among the document's predicted records (from 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Its position among the records (from 0).
    pub index: u32,
    /// For an argument item, the argument's position in the event's `args`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arg: Option<u32>,
    /// The record itself.
    pub record: serde_json::Value,
}

/// The boundary difference of a paired mention whose boundaries differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundaryError {
    /// The spans differ only by proclitic letters at the start (و ف ب ك ل س).
    Proclitic,
    /// … by the article «ال», with or without proclitics before it.
    Article,
    /// Any other difference.
    Other,
}

/// Text around an item: `before`, the item's `span`, `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// Up to [`CONTEXT`] code points before.
    pub before: String,
    /// The item's text (the union of the gold and predicted spans).
    pub span: String,
    /// Up to [`CONTEXT`] code points after.
    pub after: String,
}

/// One line of the listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// The document.
    pub doc: String,
    /// The layer.
    pub layer: Layer,
    /// `mention`, `event`, `argument` or `figure`.
    pub item: String,
    /// The outcome per scheme, for the schemes that pair the item this way.
    pub outcomes: BTreeMap<String, SchemeOutcome>,
    /// The gold side.
    pub gold: Option<Side>,
    /// The predicted side.
    pub pred: Option<Side>,
    /// For a prediction refused as invalid (`--lenient`): where it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
    /// How the boundaries differ, for paired spans that differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<BoundaryError>,
    /// The text around the item, when it has offsets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// The buckets the breakdowns file this item under.
    #[serde(default)]
    pub facets: Facets,
}

/// What the breakdowns bucket an item by (ExplainaBoard-style), read off
/// the gold side when there is one, else the prediction: so a missed item
/// and the prediction that should have found it land in the same bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// The page zone the item starts in (`title`, `body`, `related`,
    /// `boilerplate`, `appended`), `body` where the gold marks none,
    /// `unplaced` for items without offsets.
    pub zone: String,
    /// Its length in whitespace tokens: `1`, `2`, `3`, `4+`, or
    /// `unplaced`.
    pub tokens: String,
    /// Whether a proclitic letter (و ف ب ك ل س) is attached to its first
    /// token outside the span: `yes`, `no`, `unplaced`.
    pub proclitic: String,
    /// For casualty figures, how the number is written: `digits`, `words`
    /// or `mixed` («30 ألف»); empty for other layers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub figure: String,
}

/// The breakdown dimensions, in report order.
pub const DIMENSIONS: [&str; 4] = ["zone", "tokens", "proclitic", "figure"];

impl Facets {
    /// The bucket of one dimension (`None`: not applicable to the item).
    pub fn bucket(&self, dim: &str) -> Option<&str> {
        let b = match dim {
            "zone" => &self.zone,
            "tokens" => &self.tokens,
            "proclitic" => &self.proclitic,
            "figure" => &self.figure,
            _ => return None,
        };
        (!b.is_empty()).then_some(b.as_str())
    }
}

fn facets(
    text: &str,
    zones: &[(usize, usize, &str)],
    layer: Layer,
    span: Option<(usize, usize)>,
    surface: Option<&str>,
) -> Facets {
    let unplaced = || "unplaced".to_owned();
    let figure = if layer == Layer::Casualties && surface.is_none() {
        "unplaced".to_owned()
    } else if layer == Layer::Casualties {
        let t = surface.unwrap_or("");
        let digits = t.chars().any(|c| {
            c.is_ascii_digit()
                || ('\u{660}'..='\u{669}').contains(&c)
                || ('\u{6f0}'..='\u{6f9}').contains(&c)
        });
        let letters = t.chars().any(|c| c.is_alphabetic());
        match (digits, letters) {
            (true, true) => "mixed",
            (true, false) => "digits",
            _ => "words",
        }
        .to_owned()
    } else {
        String::new()
    };
    let Some((s, e)) = span else {
        return Facets {
            zone: unplaced(),
            tokens: unplaced(),
            proclitic: unplaced(),
            figure,
        };
    };
    let zone = zones
        .iter()
        .find(|z| z.0 <= s && s < z.1)
        .map_or("body", |z| z.2)
        .to_owned();
    let piece: String = text.chars().skip(s).take(e.saturating_sub(s)).collect();
    let n = piece.split_whitespace().count();
    let tokens = match n {
        0 | 1 => "1".to_owned(),
        2 | 3 => n.to_string(),
        _ => "4+".to_owned(),
    };
    let before: Vec<char> = text
        .chars()
        .skip(s.saturating_sub(2))
        .take(s.min(2))
        .collect();
    let attached = match before.as_slice() {
        [c] => PROCLITICS.contains(c),
        [a, c] => PROCLITICS.contains(c) && (a.is_whitespace() || !a.is_alphabetic()),
        _ => false,
    };
    Facets {
        zone,
        tokens,
        proclitic: if attached { "yes" } else { "no" }.to_owned(),
        figure,
    }
}

/// Counts per layer, scheme, dimension and bucket, added from listing
/// lines: every line counts once in one bucket of each dimension that
/// applies, so a dimension's buckets sum to the scheme's counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// `(layer, scheme, dimension, bucket)` → counts.
    pub cells: BTreeMap<(Layer, String, String, String), crate::score::Counts>,
}

impl Breakdown {
    /// Adds one line.
    pub fn add(&mut self, l: &Line) {
        for (scheme, o) in &l.outcomes {
            for dim in DIMENSIONS {
                if let Some(b) = l.facets.bucket(dim) {
                    self.cells
                        .entry((l.layer, scheme.clone(), dim.to_owned(), b.to_owned()))
                        .or_default()
                        .record(o.outcome);
                }
            }
        }
    }

    /// Adds another breakdown (another shard's).
    pub fn merge(&mut self, o: &Breakdown) {
        for (k, c) in &o.cells {
            *self.cells.entry(k.clone()).or_default() += *c;
        }
    }
}

impl Line {
    /// Whether any scheme gave this line `o`.
    pub fn has_outcome(&self, o: Outcome) -> bool {
        self.outcomes.values().any(|s| s.outcome == o)
    }
}

/// The span an item's record points at, for context and boundaries.
fn record_span(r: &Record, arg: Option<u32>, doc_records: &[&Record]) -> Option<(usize, usize)> {
    match r {
        Record::Entity(e) => Some((e.start?, e.end?)),
        Record::Casualty(c) => Some((c.start?, c.end?)),
        Record::Event(e) => {
            if let Some(a) = arg.and_then(|a| e.args.get(a as usize))
                && let Some(id) = a.mention.as_deref()
            {
                let m = doc_records.iter().find_map(|r| match r {
                    Record::Entity(m) if m.id.as_deref() == Some(id) => Some(m),
                    _ => None,
                });
                if let Some(m) = m {
                    return Some((m.start?, m.end?));
                }
            }
            Some((e.trigger.start?, e.trigger.end?))
        }
        _ => None,
    }
}

/// The surface text of a record, for the figure facet.
fn record_text(r: &Record) -> Option<&str> {
    match r {
        Record::Entity(e) => Some(&e.text),
        Record::Casualty(c) => Some(&c.text),
        Record::Event(e) => Some(&e.trigger.text),
        _ => None,
    }
}

const PROCLITICS: [char; 6] = ['و', 'ف', 'ب', 'ك', 'ل', 'س'];

/// How two overlapping spans' boundaries differ (`None` when equal).
pub fn boundary_error(text: &str, g: (usize, usize), p: (usize, usize)) -> Option<BoundaryError> {
    if g == p {
        return None;
    }
    if g.1 != p.1 {
        return Some(BoundaryError::Other);
    }
    let (a, b) = (g.0.min(p.0), g.0.max(p.0));
    let extra: String = text.chars().skip(a).take(b - a).collect();
    // «لل» is «ل» + «ال» with the alef dropped: an article, not two «ل».
    let before_ll = extra.strip_suffix("لل");
    if before_ll.is_some_and(|b| b.chars().all(|c| PROCLITICS.contains(&c))) {
        return Some(BoundaryError::Article);
    }
    let rest = extra.trim_start_matches(PROCLITICS);
    Some(if rest.is_empty() {
        BoundaryError::Proclitic
    } else if rest == "ال" {
        BoundaryError::Article
    } else {
        BoundaryError::Other
    })
}

fn context(text: &str, s: usize, e: usize) -> Context {
    let from = s.saturating_sub(CONTEXT);
    let chars: Vec<char> = text.chars().skip(from).take(e - from + CONTEXT).collect();
    let at = |i: usize| i.saturating_sub(from).min(chars.len());
    let piece = |a: usize, b: usize| chars[at(a)..at(b).max(at(a))].iter().collect::<String>();
    Context {
        before: piece(from, s),
        span: piece(s, e),
        after: piece(e, e + CONTEXT),
    }
}

fn layer_item(layer: Layer, arg: bool) -> &'static str {
    match (layer, arg) {
        (Layer::Entities, _) => "mention",
        (Layer::Events, false) => "event",
        (Layer::Events, true) => "argument",
        (Layer::Casualties, _) => "figure",
    }
}

/// The listing of one document: its lines in a stable order (by gold
/// position, then prediction, per layer), then one line per refused
/// prediction.
pub fn lines(
    doc: &Doc,
    pred: &[Record],
    explained: &Explained,
    rejected: &[Rejected],
) -> Vec<Line> {
    let text = doc.article.text();
    let gold_records: Vec<&Record> = doc.records.iter().map(|l| &l.record).collect();
    let pred_records: Vec<&Record> = pred.iter().collect();
    let zones: Vec<(usize, usize, &str)> = gold_records
        .iter()
        .filter_map(|r| match r {
            Record::Zone(z) => Some((z.start, z.end, z.zone_type.as_str())),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for layer in Layer::ALL {
        let schemes = layer.schemes();
        type Key = (Option<Origin>, Option<Origin>);
        let mut groups: BTreeMap<Key, BTreeMap<String, SchemeOutcome>> = BTreeMap::new();
        for d in &explained.layer(layer).decisions {
            groups.entry((d.gold, d.pred)).or_default().insert(
                schemes[d.scheme].to_owned(),
                SchemeOutcome {
                    outcome: d.outcome,
                    label: d.label.clone(),
                },
            );
        }
        // Missed and paired lines in gold order, spurious ones after.
        let mut keys: Vec<Key> = groups.keys().copied().collect();
        keys.sort_by_key(|(g, p)| (g.is_none(), *g, *p));
        for key in keys {
            let outcomes = groups.remove(&key).unwrap_or_default();
            let (g, p) = key;
            let arg = g.or(p).and_then(|o| o.arg).is_some();
            let side = |o: Origin, records: &[&Record], line: Option<usize>| Side {
                line,
                index: o.record,
                arg: o.arg,
                record: serde_json::to_value(records[o.record as usize])
                    .unwrap_or(serde_json::Value::Null),
            };
            let gs = g.map(|o| side(o, &gold_records, Some(doc.records[o.record as usize].line)));
            let ps = p.map(|o| side(o, &pred_records, None));
            let g_span =
                g.and_then(|o| record_span(gold_records[o.record as usize], o.arg, &gold_records));
            let p_span =
                p.and_then(|o| record_span(pred_records[o.record as usize], o.arg, &pred_records));
            let boundary = match (g_span, p_span) {
                (Some(a), Some(b)) if layer != Layer::Events && a.0 < b.1 && b.0 < a.1 => {
                    boundary_error(text, a, b)
                }
                _ => None,
            };
            let len = doc.article.len();
            let union = match (g_span, p_span) {
                (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
                (a, b) => a.or(b),
            };
            let context = union
                .filter(|&(s, e)| s <= e && e <= len)
                .map(|(s, e)| context(text, s, e));
            let (span, surface) = match (g, g_span) {
                (Some(o), s) => (s, record_text(gold_records[o.record as usize])),
                (None, _) => (
                    p_span,
                    p.and_then(|o| record_text(pred_records[o.record as usize])),
                ),
            };
            let facets = facets(
                text,
                &zones,
                layer,
                span.filter(|&(s, e)| s <= e && e <= len),
                surface,
            );
            out.push(Line {
                doc: doc.id.clone(),
                layer,
                item: layer_item(layer, arg).to_owned(),
                outcomes,
                gold: gs,
                pred: ps,
                rejected: None,
                boundary,
                context,
                facets,
            });
        }
    }
    for r in rejected {
        let layer = match r.kind.as_deref() {
            Some("entity") => Layer::Entities,
            Some("event") => Layer::Events,
            Some("casualty") => Layer::Casualties,
            _ => continue,
        };
        let outcomes = layer
            .schemes()
            .iter()
            .filter(|s| !s.starts_with("arg_"))
            .map(|s| {
                let o = SchemeOutcome {
                    outcome: Outcome::Spurious,
                    label: crate::score::table::INVALID.to_owned(),
                };
                (s.to_string(), o)
            })
            .collect();
        out.push(Line {
            doc: doc.id.clone(),
            layer,
            item: layer_item(layer, false).to_owned(),
            outcomes,
            gold: None,
            pred: None,
            rejected: Some(format!("{}:{}", r.path.display(), r.line)),
            boundary: None,
            context: None,
            facets: facets(text, &zones, layer, None, None),
        });
    }
    out
}

/// Why a listing file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{}: {err}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What failed.
        err: std::io::Error,
    },
    /// A line is not a listing line.
    #[error("{}:{line}: {pointer}: {message}", path.display())]
    Line {
        /// The file.
        path: std::path::PathBuf,
        /// 1-based line.
        line: usize,
        /// JSON pointer to the field at fault (`/` for the whole line).
        pointer: String,
        /// What is wrong.
        message: String,
    },
}

/// Reads a listing file line by line (each line at most
/// [`crate::validate::index::MAX_LINE_BYTES`]), handing each to `f`. A score
/// report given by mistake is named as such.
pub fn read_each(path: &std::path::Path, mut f: impl FnMut(Line)) -> Result<(), ReadError> {
    use std::io::BufRead as _;
    let max = crate::validate::index::MAX_LINE_BYTES;
    let io = |err| ReadError::Io {
        path: path.to_path_buf(),
        err,
    };
    let at = |line: usize, pointer: &str, message: String| ReadError::Line {
        path: path.to_path_buf(),
        line,
        pointer: pointer.to_owned(),
        message,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut r = std::io::BufReader::new(file);
    let mut raw = Vec::new();
    let mut n = 0;
    loop {
        raw.clear();
        n += 1;
        let got = std::io::Read::take(&mut r, max as u64 + 1)
            .read_until(b'\n', &mut raw)
            .map_err(io)?;
        if got == 0 {
            return Ok(());
        }
        if got > max && raw.last() != Some(&b'\n') {
            return Err(at(n, "/", format!("line is longer than {max} bytes")));
        }
        let text = std::str::from_utf8(&raw).map_err(|e| at(n, "/", format!("not UTF-8: {e}")))?;
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        if n == 1 && (text == "{" || (text.starts_with('{') && text.contains("\"report_version\"")))
        {
            return Err(at(
                n,
                "/",
                "this is a score report, not an error listing: write one with `hudna score --errors FILE`".into(),
            ));
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let line: Line = serde_path_to_error::deserialize(de).map_err(|e| {
            let ptr = e.path().to_string();
            let ptr = if ptr == "." || ptr == "?" {
                "/".to_owned()
            } else {
                format!("/{}", ptr.replace('.', "/"))
            };
            at(n, &ptr, e.into_inner().to_string())
        })?;
        f(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_errors_name_proclitics_and_the_article() {
        let t = "قال وأذربيجان والروسية للجيش";
        // «أذربيجان» 5..13 against «وأذربيجان» 4..13.
        assert_eq!(
            boundary_error(t, (5, 13), (4, 13)),
            Some(BoundaryError::Proclitic)
        );
        assert_eq!(
            boundary_error(t, (4, 13), (5, 13)),
            Some(BoundaryError::Proclitic)
        );
        // «روسية» 17..22 against «والروسية» 14..22.
        assert_eq!(
            boundary_error(t, (17, 22), (14, 22)),
            Some(BoundaryError::Article)
        );
        // «جيش» 25..28 against «للجيش» 23..28: ل + ال.
        assert_eq!(
            boundary_error(t, (25, 28), (23, 28)),
            Some(BoundaryError::Article)
        );
        assert_eq!(
            boundary_error(t, (5, 13), (5, 12)),
            Some(BoundaryError::Other)
        );
        assert_eq!(
            boundary_error(t, (0, 13), (5, 13)),
            Some(BoundaryError::Other)
        );
        assert_eq!(boundary_error(t, (5, 13), (5, 13)), None);
    }

    #[test]
    fn context_is_cut_at_the_text_edges() {
        let c = context("abcdef", 2, 4);
        assert_eq!(
            (c.before.as_str(), c.span.as_str(), c.after.as_str()),
            ("ab", "cd", "ef")
        );
        let long = "x".repeat(100);
        let c = context(&long, 50, 52);
        assert_eq!((c.before.len(), c.after.len()), (CONTEXT, CONTEXT));
    }
}
