//! Matching and metrics: the `match → aggregate` stages.
//!
//! [`score_doc`] is a pure function of one document's gold and predicted
//! records: it keeps no corpus-wide state and returns additive counts, so
//! scoring in parallel, streaming or in shards is a change of driver, not of
//! design. [`aggregate`] sums documents; [`bootstrap`] resamples them.

pub mod assign;
pub mod bootstrap;
pub mod casualties;
pub mod counts;
pub mod events;
pub mod nervaluate;
pub mod sets;
pub mod spans;
pub mod table;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::arabic::normalize;
use crate::corpus::Doc;
use crate::record::{Entity, Record};

pub use casualties::ClaimKeys;
pub use counts::{Counts, Prf, Tally, ValueStats};
pub use events::EventCounting;
pub use spans::{Matching, PerLabel, Span};

/// The three scored layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// Entity mentions.
    Entities,
    /// Events and their arguments.
    Events,
    /// Casualty figures.
    Casualties,
}

impl Layer {
    /// All layers in report order.
    pub const ALL: [Layer; 3] = [Layer::Entities, Layer::Events, Layer::Casualties];

    /// The name used in reports and gate paths.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Entities => "entities",
            Layer::Events => "events",
            Layer::Casualties => "casualties",
        }
    }

    /// Parses a layer name.
    pub fn parse(s: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The current name of a scheme that an earlier version called `old`.
    pub fn renamed(self, old: &str) -> Option<&'static str> {
        match self {
            Layer::Events => events::RENAMED
                .iter()
                .find(|(o, _)| *o == old)
                .map(|(_, n)| *n),
            Layer::Entities | Layer::Casualties => None,
        }
    }

    /// The layer's schemes, in report order.
    pub fn schemes(self) -> &'static [&'static str] {
        match self {
            Layer::Entities => &ENTITY_SCHEMES,
            Layer::Events => &events::SCHEMES,
            Layer::Casualties => &casualties::SCHEMES,
        }
    }
}

/// Entity schemes: the four SemEval-2013 ones, then two offset-free ones.
pub const ENTITY_SCHEMES: [&str; 6] = [
    "strict",
    "exact",
    "partial",
    "type",
    "set_surface",
    "set_ref",
];

/// Whether a scheme credits partial matches with one half.
pub fn half_partial(layer: Layer, scheme: &str) -> bool {
    layer == Layer::Entities && scheme == "partial"
}

/// How span boundaries are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// As given.
    #[default]
    Exact,
    /// Both sides widened to whitespace-token edges first, so «وأذربيجان»
    /// and «أذربيجان» (with and without the proclitic) match.
    Token,
}

/// Scoring options. They are part of every report, and two reports can only
/// be compared when their options agree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// How entity spans are paired.
    pub matching: Matching,
    /// How boundaries are compared.
    pub boundary: Boundary,
    /// Offset-free comparison folds teh marbuta into heh (ة → ه).
    pub fold_teh_marbuta: bool,
    /// Casualty claims must agree on the victims' group.
    pub claim_victims: bool,
    /// Casualty claims must agree on the source's KB ref.
    pub claim_source: bool,
    /// The least overlap, in percent of the gold span's length, for two
    /// entity spans to be paired at all (nervaluate 1.2's
    /// `min_overlap_percentage`); `None`: any shared code point in optimal
    /// mode, nervaluate's default 1% in greedy mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_overlap: Option<f64>,
    /// How repeated events and arguments count (TextEE's sets, or
    /// one-to-one). Reports made before this option existed were one-to-one.
    #[serde(default)]
    pub event_counting: EventCounting,
    /// How entity counts are filed per label (the overall counts do not
    /// depend on it). Reports made before this option existed filed them
    /// under the gold label, and leave it unwritten.
    #[serde(default, skip_serializing_if = "PerLabel::is_default")]
    pub per_label: PerLabel,
    /// How CoNLL tags were read into chunks; set on CoNLL runs only, whose
    /// scores depend on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iob: Option<crate::formats::iob::IobMode>,
    /// Bootstrap resamples (0 turns confidence intervals off).
    pub resamples: usize,
    /// Bootstrap seed.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            matching: Matching::Optimal,
            boundary: Boundary::Exact,
            fold_teh_marbuta: true,
            claim_victims: false,
            claim_source: false,
            min_overlap: None,
            event_counting: EventCounting::OneToOne,
            per_label: PerLabel::Gold,
            iob: None,
            resamples: 1000,
            seed: 20_231_020,
        }
    }
}

/// A scheme within a layer.
pub type Key = (Layer, &'static str);

/// One document's scores: a tally per (layer, scheme), plus value statistics
/// for matched casualty claims. Everything in it adds across documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocScore {
    /// Tallies per (layer, scheme).
    pub tallies: BTreeMap<Key, Tally>,
    /// How close matched casualty numbers were.
    pub values: ValueStats,
    /// Predicted records without offsets, per layer (scored offset-free only).
    pub without_offsets: BTreeMap<Layer, u64>,
}

impl DocScore {
    /// Adds another document's scores into this one.
    pub fn merge(&mut self, o: &DocScore) {
        for (k, t) in &o.tallies {
            self.tallies.entry(*k).or_default().merge(t);
        }
        self.values += o.values;
        for (l, n) in &o.without_offsets {
            *self.without_offsets.entry(*l).or_default() += n;
        }
    }
}

/// Sums documents.
pub fn aggregate<'a>(docs: impl IntoIterator<Item = &'a DocScore>) -> DocScore {
    let mut total = DocScore::default();
    for d in docs {
        total.merge(d);
    }
    total
}

/// The normalised surface used by offset-free comparison: orthographic
/// folding, whitespace collapsed.
pub fn surface_key(s: &str, teh_marbuta: bool) -> String {
    let folded = normalize::fold_opts(s, normalize::Fold { teh_marbuta });
    let mut out = String::with_capacity(folded.len());
    for w in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Token edges for `--boundary token`, computed once per document.
struct Tokens {
    start: Vec<usize>,
    end: Vec<usize>,
    space: Vec<bool>,
}

impl Tokens {
    fn new(text: &str) -> Tokens {
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        let mut start = vec![0; n + 1];
        let mut end = vec![n; n + 1];
        for i in 0..=n {
            start[i] = if i > 0 && !chars[i - 1].is_whitespace() {
                start[i - 1]
            } else {
                i
            };
        }
        for i in (0..n).rev() {
            end[i] = if chars[i].is_whitespace() {
                i
            } else {
                end[i + 1]
            };
        }
        let space = chars.iter().map(|c| c.is_whitespace()).collect();
        Tokens { start, end, space }
    }

    fn widen(&self, mut s: usize, mut e: usize) -> (usize, usize) {
        // Whitespace at the span's edges is not part of any token.
        let blank = |i: usize| self.space.get(i).copied().unwrap_or(false);
        let (s0, e0) = (s, e);
        while s < e && blank(s) {
            s += 1;
        }
        while e > s && blank(e - 1) {
            e -= 1;
        }
        if s == e {
            return (s0, e0);
        }
        let s2 = self.start.get(s).copied().unwrap_or(s);
        let e2 = if e == 0 {
            0
        } else {
            self.end.get(e - 1).copied().unwrap_or(e)
        };
        (s2.min(s), e2.max(e))
    }
}

/// The document being scored, prepared once.
struct Prep<'a> {
    opts: &'a Options,
    tokens: Option<Tokens>,
}

impl Prep<'_> {
    fn span(&self, s: usize, e: usize) -> (usize, usize) {
        match &self.tokens {
            Some(t) => t.widen(s, e),
            None => (s, e),
        }
    }

    fn key(&self, s: &str) -> String {
        surface_key(s, self.opts.fold_teh_marbuta)
    }
}

fn entities_by_id<'r>(records: impl Iterator<Item = &'r Record>) -> HashMap<&'r str, &'r Entity> {
    records
        .filter_map(|r| match r {
            Record::Entity(e) => e.id.as_deref().map(|id| (id, e)),
            _ => None,
        })
        .collect()
}

/// Scores one document: a pure function of its gold and predicted records.
pub fn score_doc(doc: &Doc, pred: &[Record], opts: &Options) -> DocScore {
    let prep = Prep {
        opts,
        tokens: (opts.boundary == Boundary::Token).then(|| Tokens::new(doc.article.text())),
    };
    let gold: Vec<&Record> = doc.records.iter().map(|l| &l.record).collect();
    let pred: Vec<&Record> = pred.iter().collect();
    let mut out = DocScore::default();
    score_entities(&prep, &gold, &pred, &mut out);
    score_events(&prep, &gold, &pred, &mut out);
    score_casualties(&prep, &gold, &pred, &mut out);
    out
}

fn entities<'r>(records: &[&'r Record]) -> Vec<&'r Entity> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Entity(e) => Some(e),
            _ => None,
        })
        .collect()
}

/// An entity mention as the entity layer sees it, whatever it was read
/// from: a JSONL record, or a chunk of CoNLL tags over the text made of its
/// tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention<'a> {
    /// `[start, end)` in code points, when the mention has offsets.
    pub span: Option<(usize, usize)>,
    /// Its type.
    pub label: &'a str,
    /// Its surface text.
    pub text: &'a str,
    /// Its KB ref, if any.
    pub r#ref: Option<&'a str>,
}

impl<'a> Mention<'a> {
    /// An entity record's mention.
    pub fn of(e: &'a Entity) -> Mention<'a> {
        Mention {
            span: e.start.zip(e.end),
            label: e.entity_type.as_str(),
            text: &e.text,
            r#ref: e.r#ref.as_deref(),
        }
    }
}

/// Mentions with offsets as spans (widened under `--boundary token`).
fn mention_spans(prep: &Prep<'_>, ms: &[Mention<'_>]) -> Vec<Span> {
    ms.iter()
        .filter_map(|m| {
            let (s, t) = m.span?;
            let (s, t) = prep.span(s, t);
            Some(Span::new(s, t, m.label))
        })
        .collect()
}

/// Entity mentions with offsets as spans (widened under `--boundary token`).
fn entity_spans(prep: &Prep<'_>, es: &[&Entity]) -> Vec<Span> {
    let ms: Vec<Mention<'_>> = es.iter().map(|e| Mention::of(e)).collect();
    mention_spans(prep, &ms)
}

/// What each layer's matcher is given for one side of a document, built
/// exactly as [`score_doc`] builds it: public so that benchmarks and tools
/// measure the matchers on their real input rather than on a copy of this
/// code.
#[derive(Debug, Clone)]
pub struct LayerInputs {
    /// Entity spans ([`spans::score_with`]).
    pub spans: Vec<Span>,
    /// Events ([`events::score`]).
    pub events: Vec<events::EventItem>,
    /// Casualty figures ([`casualties::score`]).
    pub casualties: Vec<casualties::CasualtyItem>,
}

/// The layer inputs of `records` on an article of text `text`.
pub fn layer_inputs(text: &str, records: &[Record], opts: &Options) -> LayerInputs {
    let prep = Prep {
        opts,
        tokens: (opts.boundary == Boundary::Token).then(|| Tokens::new(text)),
    };
    let records: Vec<&Record> = records.iter().collect();
    LayerInputs {
        spans: entity_spans(&prep, &entities(&records)),
        events: event_items(&prep, &records),
        casualties: casualty_items(&prep, &records),
    }
}

/// Scores one document's entity layer from mentions alone, over a text of
/// `text`: what a source without events or casualties (a CoNLL file) is
/// scored on. `refs`: whether the source can hold KB refs at all; without,
/// the `set_ref` scheme is left out rather than reported as 0 of 0.
pub fn score_mentions(
    text: &str,
    gold: &[Mention<'_>],
    pred: &[Mention<'_>],
    opts: &Options,
    refs: bool,
) -> DocScore {
    let prep = Prep {
        opts,
        tokens: (opts.boundary == Boundary::Token).then(|| Tokens::new(text)),
    };
    let mut out = DocScore::default();
    entity_layer(&prep, gold, pred, refs, &mut out);
    out
}

fn score_entities(prep: &Prep<'_>, gold: &[&Record], pred: &[&Record], out: &mut DocScore) {
    let g: Vec<Mention<'_>> = entities(gold).into_iter().map(Mention::of).collect();
    let p: Vec<Mention<'_>> = entities(pred).into_iter().map(Mention::of).collect();
    entity_layer(prep, &g, &p, true, out);
}

/// (type, normalised surface) of each mention.
fn surface_set<'a>(prep: &Prep<'_>, ms: &[Mention<'a>]) -> BTreeSet<(&'a str, String)> {
    ms.iter().map(|m| (m.label, prep.key(m.text))).collect()
}

/// (type, KB ref) of each mention that has a ref.
fn ref_set<'a>(ms: &[Mention<'a>]) -> BTreeSet<(&'a str, &'a str)> {
    ms.iter()
        .filter_map(|m| Some((m.label, m.r#ref?)))
        .collect()
}

fn entity_layer(
    prep: &Prep<'_>,
    g: &[Mention<'_>],
    p: &[Mention<'_>],
    refs: bool,
    out: &mut DocScore,
) {
    let tallies = spans::score_per_label(
        &mention_spans(prep, g),
        &mention_spans(prep, p),
        prep.opts.matching,
        prep.opts.min_overlap,
        prep.opts.per_label,
    );
    for (scheme, t) in spans::SCHEMES.iter().zip(tallies) {
        out.tallies.insert((Layer::Entities, scheme), t);
    }
    let mut t = Tally::default();
    sets::tally(&mut t, &surface_set(prep, g), &surface_set(prep, p), |k| {
        k.0
    });
    out.tallies.insert((Layer::Entities, "set_surface"), t);
    if refs {
        let mut t = Tally::default();
        sets::tally(&mut t, &ref_set(g), &ref_set(p), |k| k.0);
        out.tallies.insert((Layer::Entities, "set_ref"), t);
    }
    let n = p.iter().filter(|m| m.span.is_none()).count() as u64;
    out.without_offsets.insert(Layer::Entities, n);
}

fn event_items(prep: &Prep<'_>, records: &[&Record]) -> Vec<events::EventItem> {
    let by_id = entities_by_id(records.iter().copied());
    records
        .iter()
        .filter_map(|r| match r {
            Record::Event(e) => Some(e),
            _ => None,
        })
        .map(|e| {
            let args = e
                .args
                .iter()
                .map(|a| {
                    let m = a.mention.as_deref().and_then(|id| by_id.get(id));
                    let span = m.and_then(|m| Some(prep.span(m.start?, m.end?)));
                    let text = m.map(|m| m.text.as_str()).or(a.text.as_deref());
                    let r#ref = m.and_then(|m| m.r#ref.clone()).or_else(|| a.r#ref.clone());
                    events::ArgItem {
                        role: a.role,
                        span,
                        surface: text.map(|t| prep.key(t)),
                        r#ref,
                    }
                })
                .collect();
            let span = match (e.trigger.start, e.trigger.end) {
                (Some(s), Some(t)) => Some(prep.span(s, t)),
                _ => None,
            };
            events::EventItem {
                event_type: e.event_type,
                span,
                surface: prep.key(&e.trigger.text),
                args,
            }
        })
        .collect()
}

fn score_events(prep: &Prep<'_>, gold: &[&Record], pred: &[&Record], out: &mut DocScore) {
    let g = event_items(prep, gold);
    let p = event_items(prep, pred);
    let n = p.iter().filter(|e| e.span.is_none()).count() as u64;
    for (scheme, t) in events::SCHEMES
        .iter()
        .zip(events::score(&g, &p, prep.opts.event_counting))
    {
        out.tallies.insert((Layer::Events, scheme), t);
    }
    out.without_offsets.insert(Layer::Events, n);
}

fn casualty_items(prep: &Prep<'_>, records: &[&Record]) -> Vec<casualties::CasualtyItem> {
    let by_id = entities_by_id(records.iter().copied());
    records
        .iter()
        .filter_map(|r| match r {
            Record::Casualty(c) => Some(c),
            _ => None,
        })
        .map(|c| casualties::CasualtyItem {
            category: c.category,
            count: c.count.clone(),
            span: match (c.start, c.end) {
                (Some(s), Some(e)) => Some(prep.span(s, e)),
                _ => None,
            },
            group: c.victims.as_ref().map(|v| v.group),
            source_ref: c
                .source
                .as_deref()
                .and_then(|id| by_id.get(id))
                .and_then(|e| e.r#ref.clone()),
        })
        .collect()
}

fn score_casualties(prep: &Prep<'_>, gold: &[&Record], pred: &[&Record], out: &mut DocScore) {
    let g = casualty_items(prep, gold);
    let p = casualty_items(prep, pred);
    let keys = ClaimKeys {
        victims: prep.opts.claim_victims,
        source: prep.opts.claim_source,
    };
    let (mention, claim, values) = casualties::score(&g, &p, keys);
    out.tallies.insert((Layer::Casualties, "mention"), mention);
    out.tallies.insert((Layer::Casualties, "claim"), claim);
    out.values = values;
    let n = p.iter().filter(|c| c.span.is_none()).count() as u64;
    out.without_offsets.insert(Layer::Casualties, n);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_boundaries_reach_whitespace() {
        let t = Tokens::new("قال وأذربيجان، اليوم");
        // «أذربيجان» at 5..13 widens to the token «وأذربيجان،» 4..14.
        assert_eq!(t.widen(5, 13), (4, 14));
        assert_eq!(t.widen(4, 14), (4, 14));
        assert_eq!(t.widen(0, 3), (0, 3));
        // Edge whitespace is trimmed before widening, never widened into
        // the neighbouring word.
        assert_eq!(t.widen(3, 14), (4, 14));
        assert_eq!(t.widen(4, 15), (4, 14));
    }

    #[test]
    fn surface_keys_fold_spelling_variants() {
        assert_eq!(surface_key("الروسیة  ", true), surface_key("الروسية", true));
        assert_eq!(surface_key("إيران", true), "ايران");
        assert_ne!(surface_key("روسية", false), surface_key("روسيه", false));
        // Presentation forms fold like the letters under either option:
        // final teh marbuta «ﺔ» stays teh marbuta when it is kept apart,
        // and the lam-alef ligature «ﻻ» becomes two letters.
        assert_eq!(surface_key("روسيﺔ", false), surface_key("روسية", false));
        assert_eq!(surface_key("ﻻتفاق", false), surface_key("لاتفاق", false));
        assert_eq!(surface_key("ﻻتفاق", true), surface_key("لاتفاق", true));
    }
}
