//! Check (b): one surface annotated with different spans, or a trigger word
//! with types from different families, in different places.
//!
//! `surface-conflict` already compares the type and ref of identical entity
//! spans. What it cannot see is the *span* choice: «اليوم الأربعاء» one DATE
//! in one article and «اليوم» + «الأربعاء» in another, or «وقف القتال» a whole
//! trigger here and «وقف» there (rules E19, V3). For every annotated surface,
//! each other occurrence of it is checked against the annotations of the same
//! layer (same entity type; any event for triggers): pieces strictly inside
//! it, or a span crossing its edge, mean the two places made different span
//! decisions. Missing annotations are not this check's business
//! (`unannotated` and the cue check see those).

use std::collections::BTreeMap;
use std::fmt::Display;

use crate::corpus::{Corpus, Doc};
use crate::diagnostic::Diagnostic;
use crate::record::Record;

use super::cues::is_ceasefire;
use super::{Hit, token_bounded};

/// Surfaces shorter than this are too common to compare («في»).
const MIN_CHARS: usize = 3;

/// One annotated span: its layer key, offsets, record line and text.
struct Span<'c, K> {
    key: K,
    start: usize,
    end: usize,
    line: usize,
    text: &'c str,
}

/// Runs both parts of check (b).
pub(super) fn check(corpus: &Corpus, hits: &mut Vec<Hit>) {
    span_conflicts(corpus, entity_spans, "/start", hits);
    span_conflicts(corpus, trigger_spans, "/trigger/start", hits);
    trigger_types(corpus, hits);
}

/// Entity mentions, keyed by type.
fn entity_spans(doc: &Doc) -> Vec<Span<'_, String>> {
    doc.records
        .iter()
        .filter_map(|l| match &l.record {
            Record::Entity(e) => Some(Span {
                key: e.entity_type.to_string(),
                start: e.start?,
                end: e.end?,
                line: l.line,
                text: e.text.as_str(),
            }),
            _ => None,
        })
        .collect()
}

/// Event triggers, all one key: a span decision does not depend on the type.
fn trigger_spans(doc: &Doc) -> Vec<Span<'_, String>> {
    doc.records
        .iter()
        .filter_map(|l| match &l.record {
            Record::Event(v) => Some(Span {
                key: "trigger".to_owned(),
                start: v.trigger.start?,
                end: v.trigger.end?,
                line: l.line,
                text: v.trigger.text.as_str(),
            }),
            _ => None,
        })
        .collect()
}

fn span_conflicts<'c, K>(
    corpus: &'c Corpus,
    layer: fn(&'c Doc) -> Vec<Span<'c, K>>,
    pointer: &str,
    hits: &mut Vec<Hit>,
) where
    K: Ord + Clone + Display,
{
    let by_doc: BTreeMap<&str, Vec<Span<'c, K>>> = corpus
        .docs
        .values()
        .map(|d| (d.id.as_str(), layer(d)))
        .collect();
    // Surface → the first place it is annotated whole, per key.
    let mut surfaces: BTreeMap<(K, &str), (&str, usize)> = BTreeMap::new();
    for (doc, spans) in &by_doc {
        for sp in spans {
            if sp.text.chars().count() >= MIN_CHARS {
                surfaces
                    .entry((sp.key.clone(), sp.text))
                    .or_insert((doc, sp.line));
            }
        }
    }
    for doc in corpus.docs.values() {
        let text = doc.article.text();
        let chars: Vec<char> = text.chars().collect();
        let spans = &by_doc[doc.id.as_str()];
        for ((key, surface), (where_doc, where_line)) in &surfaces {
            let n = surface.chars().count();
            for (byte, _) in text.match_indices(surface) {
                let s = doc.article.char_at_byte(byte);
                let e = s + n;
                if !token_bounded(&chars, s, e) {
                    continue;
                }
                let same: Vec<&Span<'c, K>> = spans.iter().filter(|x| x.key == *key).collect();
                if same.iter().any(|x| x.start == s && x.end == e) {
                    continue;
                }
                let mut pieces: Vec<&&Span<'c, K>> = same
                    .iter()
                    .filter(|x| {
                        let inside = s <= x.start && x.end <= e;
                        let crossing = (x.start < s && s < x.end && x.end < e)
                            || (s < x.start && x.start < e && e < x.end);
                        inside || crossing
                    })
                    .collect();
                if pieces.is_empty() {
                    continue;
                }
                pieces.sort_by_key(|x| (x.start, x.end));
                let shown: Vec<String> = pieces
                    .iter()
                    .map(|x| format!("«{}» {}..{}", x.text, x.start, x.end))
                    .collect();
                hits.push(Hit {
                    diag: Diagnostic::warning(
                        &doc.jsonl_path,
                        Some(pieces[0].line),
                        pointer,
                        "span-conflict",
                        format!(
                            "«{surface}» at {s}..{e} is one {key} span in {where_doc} (line {where_line}) but here it is annotated as {}",
                            shown.join(" + ")
                        ),
                    )
                    .with_hint("one surface, one span decision (rules E19, V3): change one of the two places"),
                    doc: doc.id.clone(),
                    text: (*surface).to_owned(),
                    start: Some(s),
                });
            }
        }
    }
}

/// A trigger word's type family: the ceasefire types are one family, since
/// the predicate, not the word, chooses among them (V2).
fn family(t: crate::ontology::EventType) -> String {
    if is_ceasefire(t) {
        "CEASEFIRE_*".to_owned()
    } else {
        t.to_string()
    }
}

fn trigger_types(corpus: &Corpus, hits: &mut Vec<Hit>) {
    type Places<'c> = Vec<(&'c Doc, usize)>;
    let mut seen: BTreeMap<&str, BTreeMap<String, Places<'_>>> = BTreeMap::new();
    for doc in corpus.docs.values() {
        for l in &doc.records {
            if let Record::Event(v) = &l.record {
                seen.entry(v.trigger.text.as_str())
                    .or_default()
                    .entry(family(v.event_type))
                    .or_default()
                    .push((doc, l.line));
            }
        }
    }
    for (text, families) in &seen {
        if families.len() < 2 {
            continue;
        }
        let Some((majority, n)) = families
            .iter()
            .max_by_key(|(_, v)| v.len())
            .map(|(k, v)| (k.clone(), v.len()))
        else {
            continue;
        };
        for (fam, places) in families {
            if *fam == majority {
                continue;
            }
            for (doc, line) in places {
                hits.push(Hit {
                    diag: Diagnostic::warning(
                        &doc.jsonl_path,
                        Some(*line),
                        "/type",
                        "trigger-type-conflict",
                        format!(
                            "trigger «{text}» is {fam} here but {majority} in {n} other place(s)"
                        ),
                    )
                    .with_hint("outside the ceasefire family a trigger word has one type (rules V4–V20): check which place is right"),
                    doc: doc.id.clone(),
                    text: (*text).to_owned(),
                    start: None,
                });
            }
        }
    }
}
