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
pub mod layer;
pub mod nervaluate;
pub mod outcome;
pub mod rows;
pub mod sets;
pub mod spans;
pub mod table;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

use serde::{Deserialize, Serialize};

use crate::arabic::normalize;
use crate::corpus::Doc;
use crate::record::{Entity, Record};

pub use casualties::ClaimKeys;
pub use counts::{Counts, Prf, Tally, Undefined, ValueStats};
pub use events::EventCounting;
pub use layer::{ENTITY_SCHEMES, Layer, LayerSpec, half_partial, normalize_layers};
pub use outcome::{Origin, Outcome, Recorder, Sink, Tallies};
pub use spans::{Matching, PerLabel, Span};

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
    /// under the gold label, and leave it unwritten. Greedy matching files
    /// them as nervaluate does, each label alone, either way.
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
    /// Clusters paired greedily for being too large to pair exactly
    /// ([`assign::MAX_EXACT`]).
    pub approximated: u64,
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
        self.approximated += o.approximated;
    }
}

impl DocScore {
    /// Keeps the scores of `layers` only (see [`score_doc_layers`]).
    pub fn retain_layers(&mut self, layers: &[Layer]) {
        self.tallies.retain(|(l, _), _| layers.contains(l));
        self.without_offsets.retain(|l, _| layers.contains(l));
        if !layers.contains(&Layer::Casualties) {
            self.values = ValueStats::default();
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
    // One pass, one allocation: the folded characters with every run of
    // whitespace made one space and none at either end (what joining the
    // folded text's `split_whitespace` words with spaces gives).
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    normalize::fold_each(s, normalize::Fold { teh_marbuta }, |c| {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    });
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

/// One side of a document (gold or predicted) as the matchers take it: its
/// records in order, and its entities by id, built once for both the event
/// and the casualty layer.
struct Side<'r> {
    records: Vec<&'r Record>,
    by_id: HashMap<&'r str, &'r Entity>,
}

impl<'r> Side<'r> {
    fn new(records: impl Iterator<Item = &'r Record>) -> Side<'r> {
        let records: Vec<&Record> = records.collect();
        let by_id = entities_by_id(&records);
        Side { records, by_id }
    }
}

/// The entity records of one side by id, which event arguments and
/// casualty sources point to: left empty, unbuilt, when the side has no
/// event or casualty record (an entity-only corpus never needs it).
fn entities_by_id<'r>(records: &[&'r Record]) -> HashMap<&'r str, &'r Entity> {
    if !records
        .iter()
        .any(|r| matches!(r, Record::Event(_) | Record::Casualty(_)))
    {
        return HashMap::new();
    }
    records
        .iter()
        .filter_map(|r| match r {
            Record::Entity(e) => e.id.as_deref().map(|id| (id, e)),
            _ => None,
        })
        .collect()
}

/// Scores one document: a pure function of its gold and predicted records.
pub fn score_doc(doc: &Doc, pred: &[Record], opts: &Options) -> DocScore {
    let mut ent = Tallies::<{ ENTITY_SCHEMES.len() }>::default();
    let mut ev = Tallies::<{ events::SCHEMES.len() }>::default();
    let mut cas = Tallies::<{ casualties::SCHEMES.len() }>::default();
    let mut out = DocScore::default();
    // Only this document's clusters are counted (see assign::take_approximated).
    assign::take_approximated();
    let mut sinks = Sinks {
        entities: &mut ent,
        events: &mut ev,
        casualties: &mut cas,
    };
    let (without, values) = match_doc(doc, pred, opts, &mut sinks, false);
    let (mut ent, mut ev, mut cas) = (ent.into_tallies(), ev.into_tallies(), cas.into_tallies());
    if opts.matching == Matching::Greedy {
        // nervaluate's per-label numbers are separate passes, one label at
        // a time, not a breakdown of its overall pass: take them from it.
        let (g, p) = entity_span_lists(doc, pred, opts);
        let greedy = spans::score_with(&g.1, &p.1, opts.matching, opts.min_overlap);
        for (i, t) in greedy.into_iter().enumerate() {
            ent[i] = t;
        }
    } else if opts.per_label == PerLabel::Filtered {
        // Each label alone, as conlleval and seqeval count; the overall
        // counts stay the optimal pass's.
        let (g, p) = entity_span_lists(doc, pred, opts);
        let alone = spans::score_per_label(
            &g.1,
            &p.1,
            opts.matching,
            opts.min_overlap,
            PerLabel::Filtered,
        );
        for (t, a) in ent.iter_mut().zip(alone) {
            t.by_label = a.by_label;
        }
    }
    for (layer, schemes, tallies) in [
        (Layer::Entities, &ENTITY_SCHEMES[..], &mut ent[..]),
        (Layer::Events, &events::SCHEMES[..], &mut ev[..]),
        (Layer::Casualties, &casualties::SCHEMES[..], &mut cas[..]),
    ] {
        for (scheme, t) in schemes.iter().zip(tallies.iter_mut()) {
            out.tallies.insert((layer, scheme), std::mem::take(t));
        }
    }
    out.values = values;
    out.without_offsets = without;
    out.approximated = assign::take_approximated();
    out
}

/// Scores one document on `layers` only (`hudna score --layers`): the
/// others' tallies, offset counts and casualty values are dropped, so a
/// report shows those layers as absent rather than as zeros. Every layer is
/// still matched — matching is cheap beside extraction, and one matching
/// pass keeps [`score_doc`] and [`explain_doc`] the same code.
pub fn score_doc_layers(doc: &Doc, pred: &[Record], opts: &Options, layers: &[Layer]) -> DocScore {
    let mut out = score_doc(doc, pred, opts);
    out.retain_layers(layers);
    out
}

/// Every counted outcome of one document, layer by layer: which gold and
/// predicted records each decision is about (positions in the document's
/// gold records and in the predicted records), under which scheme and
/// label. They add up to [`score_doc`]'s tallies, per label too — except
/// under greedy matching or per-label counting `filtered`, where the
/// per-label entity numbers come from separate passes, one label at a time,
/// and only the overall numbers are a sum of these.
#[derive(Debug, Clone, Default)]
pub struct Explained {
    /// Entities: schemes indexed as [`ENTITY_SCHEMES`].
    pub entities: Recorder,
    /// Events: schemes indexed as [`events::SCHEMES`].
    pub events: Recorder,
    /// Casualties: schemes indexed as [`casualties::SCHEMES`].
    pub casualties: Recorder,
}

impl Explained {
    /// The recorder of one layer.
    pub fn layer(&self, l: Layer) -> &Recorder {
        match l {
            Layer::Entities => &self.entities,
            Layer::Events => &self.events,
            Layer::Casualties => &self.casualties,
        }
    }
}

/// The outcomes behind [`score_doc`]'s counts, for error analysis.
pub fn explain_doc(doc: &Doc, pred: &[Record], opts: &Options) -> Explained {
    let mut out = Explained::default();
    let mut sinks = Sinks {
        entities: &mut out.entities,
        events: &mut out.events,
        casualties: &mut out.casualties,
    };
    match_doc(doc, pred, opts, &mut sinks, true);
    out
}

/// Where each layer's outcomes go.
struct Sinks<'a> {
    entities: &'a mut dyn Sink,
    events: &'a mut dyn Sink,
    casualties: &'a mut dyn Sink,
}

/// Forwards outcomes with positions in a layer's item list turned into
/// positions in the document's records, and schemes shifted by `offset`.
struct Remap<'a> {
    inner: &'a mut dyn Sink,
    gold: &'a [u32],
    pred: &'a [u32],
    offset: usize,
}

impl Sink for Remap<'_> {
    fn outcome(
        &mut self,
        scheme: usize,
        label: &str,
        gold: Option<Origin>,
        pred: Option<Origin>,
        o: Outcome,
    ) {
        let map = |o: Origin, to: &[u32]| Origin {
            record: to[o.record as usize],
            ..o
        };
        self.inner.outcome(
            scheme + self.offset,
            label,
            gold.map(|g| map(g, self.gold)),
            pred.map(|p| map(p, self.pred)),
            o,
        );
    }
}

/// Matches every layer of one document, outcomes to `sinks`. Greedy entity
/// matching reports its overall pass only when `greedy_outcomes` (the
/// tallies take nervaluate's own per-label passes instead).
fn match_doc(
    doc: &Doc,
    pred: &[Record],
    opts: &Options,
    sinks: &mut Sinks<'_>,
    greedy_outcomes: bool,
) -> (BTreeMap<Layer, u64>, ValueStats) {
    let prep = Prep {
        opts,
        tokens: (opts.boundary == Boundary::Token).then(|| Tokens::new(doc.article.text())),
    };
    let gold = Side::new(doc.records.iter().map(|l| &l.record));
    let pred = Side::new(pred.iter());
    let mut without = BTreeMap::new();
    let n = match_entities(
        &prep,
        &gold.records,
        &pred.records,
        sinks.entities,
        greedy_outcomes,
    );
    without.insert(Layer::Entities, n);
    let n = match_events(&prep, &gold, &pred, sinks.events);
    without.insert(Layer::Events, n);
    let (n, values) = match_casualties(&prep, &gold, &pred, sinks.casualties);
    without.insert(Layer::Casualties, n);
    (without, values)
}

/// Entity records with their positions among `records`.
fn entities<'r>(records: &[&'r Record]) -> Vec<(u32, &'r Entity)> {
    records
        .iter()
        .zip(0u32..)
        .filter_map(|(r, i)| match r {
            Record::Entity(e) => Some((i, e)),
            _ => None,
        })
        .collect()
}

/// Entity mentions with offsets as spans (widened under `--boundary
/// token`), with their positions among the records.
fn entity_spans(prep: &Prep<'_>, es: &[(u32, &Entity)]) -> (Vec<u32>, Vec<Span>) {
    es.iter()
        .filter_map(|(i, e)| {
            let (s, t) = prep.span(e.start?, e.end?);
            Some((*i, Span::new(s, t, e.entity_type.as_str())))
        })
        .unzip()
}

type SpanList = (Vec<u32>, Vec<Span>);

fn entity_span_lists(doc: &Doc, pred: &[Record], opts: &Options) -> (SpanList, SpanList) {
    let prep = Prep {
        opts,
        tokens: (opts.boundary == Boundary::Token).then(|| Tokens::new(doc.article.text())),
    };
    let gold: Vec<&Record> = doc.records.iter().map(|l| &l.record).collect();
    let pred: Vec<&Record> = pred.iter().collect();
    (
        entity_spans(&prep, &entities(&gold)),
        entity_spans(&prep, &entities(&pred)),
    )
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
    let side = Side::new(records.iter());
    LayerInputs {
        spans: entity_spans(&prep, &entities(&side.records)).1,
        events: event_items(&prep, &side).1,
        casualties: casualty_items(&prep, &side).1,
    }
}

/// Offset-free entity keys in key order, each with the first record naming
/// it ([`sets::first_of_each`]).
fn entity_keys<'e>(
    es: &[(u32, &'e Entity)],
    key: impl Fn(&'e Entity) -> Option<Cow<'e, str>>,
) -> Vec<((&'e str, Cow<'e, str>), Origin)> {
    let keys = es
        .iter()
        .filter_map(|&(i, e)| {
            Some((
                (e.entity_type.as_str(), key(e)?),
                Origin::record(i as usize),
            ))
        })
        .collect();
    sets::first_of_each(keys)
}

fn match_entities<'r>(
    prep: &Prep<'_>,
    gold: &[&'r Record],
    pred: &[&'r Record],
    sink: &mut dyn Sink,
    greedy_outcomes: bool,
) -> u64 {
    let g = entities(gold);
    let p = entities(pred);
    let (g_at, g_spans) = entity_spans(prep, &g);
    let (p_at, p_spans) = entity_spans(prep, &p);
    let mut remap = Remap {
        inner: sink,
        gold: &g_at,
        pred: &p_at,
        offset: 0,
    };
    match prep.opts.matching {
        Matching::Optimal => {
            spans::optimal_into(&g_spans, &p_spans, prep.opts.min_overlap, &mut remap)
        }
        Matching::Greedy if greedy_outcomes => nervaluate::outcomes_into(
            &g_spans,
            &p_spans,
            prep.opts
                .min_overlap
                .unwrap_or(spans::NERVALUATE_MIN_OVERLAP),
            &mut remap,
        ),
        // The tallies take nervaluate's own passes (see `score_doc`).
        Matching::Greedy => {}
    }
    let surface = |e: &Entity| Some(Cow::Owned(prep.key(&e.text)));
    sets::outcomes_into(
        sink,
        4,
        &entity_keys(&g, surface),
        &entity_keys(&p, surface),
        |k| k.0,
    );
    let r#ref = |e: &'r Entity| e.r#ref.as_deref().map(Cow::Borrowed);
    sets::outcomes_into(
        sink,
        5,
        &entity_keys(&g, r#ref),
        &entity_keys(&p, r#ref),
        |k| k.0,
    );
    p.iter()
        .filter(|(_, e)| e.start.is_none() || e.end.is_none())
        .count() as u64
}

/// An entity mention as the entity layer sees it when it comes from no
/// record: a chunk of CoNLL tags over the text its tokens make.
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

/// Scores one document's entity layer from mentions alone, over a text of
/// `text`: what a source without records, events or casualties (a CoNLL
/// file) is scored on, by the same matchers and options as [`score_doc`]'s
/// entity layer. `refs`: whether the source can hold KB refs at all;
/// without, the `set_ref` scheme is left out rather than reported as 0 of 0.
pub fn score_mentions(
    text: &str,
    gold: &[Mention<'_>],
    pred: &[Mention<'_>],
    opts: &Options,
    refs: bool,
) -> DocScore {
    assign::take_approximated();
    let prep = Prep {
        opts,
        tokens: (opts.boundary == Boundary::Token).then(|| Tokens::new(text)),
    };
    let spans_of = |ms: &[Mention<'_>]| -> Vec<Span> {
        ms.iter()
            .filter_map(|m| {
                let (s, t) = m.span?;
                let (s, t) = prep.span(s, t);
                Some(Span::new(s, t, m.label))
            })
            .collect()
    };
    let per_label = match opts.matching {
        Matching::Greedy => PerLabel::Filtered,
        Matching::Optimal => opts.per_label,
    };
    let tallies = spans::score_per_label(
        &spans_of(gold),
        &spans_of(pred),
        opts.matching,
        opts.min_overlap,
        per_label,
    );
    let mut out = DocScore::default();
    for (scheme, t) in ENTITY_SCHEMES.iter().zip(tallies) {
        out.tallies.insert((Layer::Entities, scheme), t);
    }
    let surfaces = |ms: &[Mention<'_>]| -> BTreeSet<(String, String)> {
        ms.iter()
            .map(|m| (m.label.to_owned(), prep.key(m.text)))
            .collect()
    };
    let mut t = Tally::default();
    sets::tally(&mut t, &surfaces(gold), &surfaces(pred), |k| &k.0);
    out.tallies.insert((Layer::Entities, "set_surface"), t);
    if refs {
        let refs = |ms: &[Mention<'_>]| -> BTreeSet<(String, String)> {
            ms.iter()
                .filter_map(|m| Some((m.label.to_owned(), m.r#ref?.to_owned())))
                .collect()
        };
        let mut t = Tally::default();
        sets::tally(&mut t, &refs(gold), &refs(pred), |k| &k.0);
        out.tallies.insert((Layer::Entities, "set_ref"), t);
    }
    let n = pred.iter().filter(|m| m.span.is_none()).count() as u64;
    out.without_offsets.insert(Layer::Entities, n);
    out.approximated = assign::take_approximated();
    out
}

fn event_items(prep: &Prep<'_>, side: &Side<'_>) -> (Vec<u32>, Vec<events::EventItem>) {
    let by_id = &side.by_id;
    side.records
        .iter()
        .zip(0u32..)
        .filter_map(|(r, i)| match r {
            Record::Event(e) => Some((i, e)),
            _ => None,
        })
        .map(|(i, e)| {
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
            let item = events::EventItem {
                event_type: e.event_type,
                span,
                surface: prep.key(&e.trigger.text),
                args,
            };
            (i, item)
        })
        .unzip()
}

fn match_events(prep: &Prep<'_>, gold: &Side<'_>, pred: &Side<'_>, sink: &mut dyn Sink) -> u64 {
    let (g_at, g) = event_items(prep, gold);
    let (p_at, p) = event_items(prep, pred);
    let n = p.iter().filter(|e| e.span.is_none()).count() as u64;
    let mut remap = Remap {
        inner: sink,
        gold: &g_at,
        pred: &p_at,
        offset: 0,
    };
    events::score_into(&g, &p, prep.opts.event_counting, &mut remap);
    n
}

fn casualty_items(prep: &Prep<'_>, side: &Side<'_>) -> (Vec<u32>, Vec<casualties::CasualtyItem>) {
    let by_id = &side.by_id;
    side.records
        .iter()
        .zip(0u32..)
        .filter_map(|(r, i)| match r {
            Record::Casualty(c) => Some((i, c)),
            _ => None,
        })
        .map(|(i, c)| {
            let item = casualties::CasualtyItem {
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
            };
            (i, item)
        })
        .unzip()
}

fn match_casualties(
    prep: &Prep<'_>,
    gold: &Side<'_>,
    pred: &Side<'_>,
    sink: &mut dyn Sink,
) -> (u64, ValueStats) {
    let (g_at, g) = casualty_items(prep, gold);
    let (p_at, p) = casualty_items(prep, pred);
    let keys = ClaimKeys {
        victims: prep.opts.claim_victims,
        source: prep.opts.claim_source,
    };
    let mut remap = Remap {
        inner: sink,
        gold: &g_at,
        pred: &p_at,
        offset: 0,
    };
    let values = casualties::score_into(&g, &p, keys, &mut remap);
    let n = p.iter().filter(|c| c.span.is_none()).count() as u64;
    (n, values)
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
    fn layer_lists_parse_in_report_order_each_once() {
        assert_eq!(
            Layer::parse_list("casualties, entities,casualties"),
            Ok(vec![Layer::Entities, Layer::Casualties])
        );
        assert_eq!(Layer::parse_list("events"), Ok(vec![Layer::Events]));
        assert_eq!(
            Layer::parse_list("entities,,events"),
            Err("an empty layer name in `entities,,events`; layers are entities, events, casualties".into())
        );
        assert_eq!(
            Layer::parse_list(""),
            Err("an empty layer name in ``; layers are entities, events, casualties".into())
        );
        assert_eq!(
            Layer::parse_list("entities,people"),
            Err("unknown layer `people`; layers are entities, events, casualties".into())
        );
    }

    /// A document score touching every layer, with value statistics and
    /// offset-free counts, for the merge and retain tests.
    fn busy_doc(n: u64) -> DocScore {
        let mut d = DocScore {
            approximated: n,
            values: ValueStats {
                matched: n,
                exact: n,
                with_values: n,
                abs_error_sum: 10 * n,
            },
            ..DocScore::default()
        };
        for l in Layer::ALL {
            let mut t = Tally::default();
            t.add("X", |c| c.correct += n);
            d.tallies.insert((l, l.schemes()[0]), t);
            d.without_offsets.insert(l, n);
        }
        d
    }

    #[test]
    fn merging_adds_every_field() {
        let mut a = busy_doc(2);
        a.merge(&busy_doc(3));
        assert_eq!(a, busy_doc(5));
        assert_eq!(
            aggregate([&busy_doc(1), &busy_doc(4), &busy_doc(6)]),
            busy_doc(11)
        );
    }

    #[test]
    fn retaining_layers_drops_the_others_and_their_values() {
        let mut d = busy_doc(1);
        d.retain_layers(&[Layer::Entities, Layer::Events]);
        assert_eq!(
            d.tallies.keys().map(|(l, _)| *l).collect::<Vec<_>>(),
            [Layer::Entities, Layer::Events]
        );
        assert_eq!(
            d.without_offsets.keys().copied().collect::<Vec<_>>(),
            [Layer::Entities, Layer::Events]
        );
        assert_eq!(d.values, ValueStats::default());
        assert_eq!(d.approximated, 1);

        let mut c = busy_doc(1);
        c.retain_layers(&[Layer::Casualties]);
        assert_eq!(
            c.tallies.keys().map(|(l, _)| *l).collect::<Vec<_>>(),
            [Layer::Casualties]
        );
        assert_eq!(c.values, busy_doc(1).values);
    }

    #[test]
    fn an_all_blank_span_is_left_as_given() {
        let t = Tokens::new("a   b");
        assert_eq!(t.widen(1, 2), (1, 2));
        assert_eq!(t.widen(1, 4), (1, 4));
        assert_eq!(t.widen(2, 5), (4, 5));
    }

    /// Reports leave the default per-label filing unwritten (older reports
    /// never had the field) and write the other one, so that two reports
    /// filed differently never compare as alike.
    #[test]
    fn only_the_default_per_label_filing_is_left_unwritten() {
        let d = serde_json::to_value(Options::default()).unwrap();
        assert!(d.get("per_label").is_none(), "{d}");
        let o = Options {
            per_label: PerLabel::Filtered,
            ..Options::default()
        };
        let v = serde_json::to_value(&o).unwrap();
        assert_eq!(v["per_label"], "filtered");
        assert_eq!(serde_json::from_value::<Options>(v).unwrap(), o);
    }

    #[test]
    fn surface_keys_are_folded_words_joined_by_one_space() {
        // The key is the folded text's whitespace-separated words joined
        // by single spaces, whatever whitespace (folded odd spaces too)
        // stands between, before or after them.
        let pool: Vec<char> = "اأةى ي\t\n\u{00A0}\u{2003}\u{064E}\u{200F}ﻻa1"
            .chars()
            .collect();
        let mut rng = crate::test_rng::Lcg::new(0x5eed_0000_0000_0002);
        for _ in 0..3000 {
            let s = rng.string(&pool, 10);
            for teh_marbuta in [false, true] {
                let folded = normalize::fold_opts(&s, normalize::Fold { teh_marbuta });
                let words: Vec<&str> = folded.split_whitespace().collect();
                assert_eq!(surface_key(&s, teh_marbuta), words.join(" "), "{s:?}");
            }
        }
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
