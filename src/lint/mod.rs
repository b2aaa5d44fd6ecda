//! Warnings that catch incomplete or inconsistent gold.
//!
//! `validate` proves the gold is well-formed; `lint` looks for what a careful
//! reviewer would query: a name annotated in one place and missed in another,
//! one surface with two types or refs, an argument outside its sentence, a
//! casualty value that disagrees with the number in its own span, invisible
//! characters at a span edge. Three checks follow the event rules of #16,
//! which a review had to apply by eye before: a cue word of a rule list in a
//! sentence with no event of the expected type ([`cues`], `cue-no-event`);
//! one surface with different spans, or one trigger word with types from
//! different families ([`spans`], `span-conflict`, `trigger-type-conflict`);
//! an anaphor or pronoun speaker left as `reported_by: null`
//! ([`speakers`], `speaker-unresolved`). A warning that is right to ignore
//! goes into `annotations/lint-allow.jsonl` with the reason, so the shipped
//! corpus has zero *unexplained* warnings and every exception is reviewed.

mod cues;
mod spans;
mod speakers;
mod words;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::arabic::numbers::{implied_count, read_count};
use crate::corpus::{Corpus, Doc};
use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::jsonl;
use crate::ontology::EventType;
use crate::record::Record;
use crate::vocab::{EntityLabel, EntityType, Modality, Qualifier};

/// One reviewed exception: a warning that is right as the gold stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The warning code.
    pub code: String,
    /// The document.
    pub doc: String,
    /// The surface text the warning is about.
    pub text: String,
    /// The start offset, to allow one occurrence only; absent allows all in the doc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Why the warning does not call for a change.
    pub reason: String,
}

/// A warning with what the allow-list matches on.
#[derive(Debug, Clone)]
struct Hit {
    diag: Diagnostic,
    doc: String,
    text: String,
    start: Option<usize>,
}

/// The outcome of a lint run.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Unexplained warnings (plus problems in the allow-list itself).
    pub report: Report,
    /// Warnings suppressed by the allow-list.
    pub suppressed: usize,
}

/// Reads `lint-allow.jsonl` (absent means empty).
pub fn read_allow(path: &Path) -> Result<(Vec<Allow>, Report), Error> {
    if !path.exists() {
        return Ok((Vec::new(), Report::default()));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(parse_allow(path, &bytes))
}

/// Parses an allow-list's bytes; `path` names it in diagnostics.
pub fn parse_allow(path: &Path, bytes: &[u8]) -> (Vec<Allow>, Report) {
    let mut report = Report::default();
    let (lines, problems) = jsonl::parse(path, bytes);
    report.diagnostics.extend(problems);
    let mut out = Vec::new();
    for l in lines {
        match serde_json::from_value::<Allow>(l.value) {
            Ok(a) if a.reason.trim().is_empty() => report.push(Diagnostic::error(
                path,
                Some(l.line),
                "/reason",
                "allow",
                "an exception needs its reason",
            )),
            Ok(a) => out.push(a),
            Err(e) => report.push(Diagnostic::error(
                path,
                Some(l.line),
                "",
                "allow",
                e.to_string(),
            )),
        }
    }
    (out, report)
}

/// Lints a (valid) corpus against an allow-list.
pub fn lint(corpus: &Corpus, allow: &[Allow], allow_path: &Path) -> Outcome {
    let mut hits = Vec::new();
    surfaces(corpus, &mut hits);
    spans::check(corpus, &mut hits);
    for doc in corpus.docs.values() {
        let speakers = speakers::find(doc);
        per_doc(doc, corpus, &speakers, &mut hits);
        rule_cues(doc, &speakers, &mut hits);
    }
    unused_kb(corpus, &mut hits);

    let mut used = vec![false; allow.len()];
    let mut outcome = Outcome::default();
    for h in hits {
        let matched = allow.iter().position(|a| {
            a.code == h.diag.code
                && a.doc == h.doc
                && a.text == h.text
                && (a.start.is_none() || a.start == h.start)
        });
        match matched {
            Some(i) => {
                used[i] = true;
                outcome.suppressed += 1;
            }
            None => outcome.report.push(h.diag),
        }
    }
    for (i, a) in allow.iter().enumerate() {
        if !used[i] {
            outcome.report.push(
                Diagnostic::warning(
                    allow_path,
                    Some(i + 1),
                    "",
                    "stale-allow",
                    format!(
                        "exception for {} «{}» in {} matches no warning",
                        a.code, a.text, a.doc
                    ),
                )
                .with_hint("remove it: the gold no longer needs it"),
            );
        }
    }
    outcome.report.sort();
    outcome
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || crate::arabic::normalize::is_ignorable(c)
}

/// Whether `[s, e)` in `chars` is a whole token, allowing one proclitic before it.
fn token_bounded(chars: &[char], s: usize, e: usize) -> bool {
    let after_ok = chars.get(e).is_none_or(|c| !is_word_char(*c));
    let before_ok = s == 0
        || !is_word_char(chars[s - 1])
        || (matches!(chars[s - 1], 'و' | 'ف' | 'ب' | 'ل' | 'ك')
            && (s == 1 || !is_word_char(chars[s - 2])));
    after_ok && before_ok
}

/// Every (type, ref) a surface string is annotated with, and where.
type Labels<'c> = BTreeMap<(&'c EntityLabel, Option<&'c str>), Vec<(&'c Doc, usize)>>;

fn surfaces(corpus: &Corpus, hits: &mut Vec<Hit>) {
    // Surface → every (type, ref) it is annotated with, and where.
    let mut seen: BTreeMap<&str, Labels<'_>> = BTreeMap::new();
    for doc in corpus.docs.values() {
        for l in &doc.records {
            if let Record::Entity(e) = &l.record {
                seen.entry(e.text.as_str())
                    .or_default()
                    .entry((&e.entity_type, e.r#ref.as_deref()))
                    .or_default()
                    .push((doc, l.line));
            }
        }
    }
    for (text, labels) in &seen {
        if labels.len() > 1 {
            let majority = labels
                .iter()
                .max_by_key(|(_, v)| v.len())
                .map(|(k, _)| *k)
                .expect("non-empty");
            let show = |(t, r): (&EntityLabel, Option<&str>)| format!("{t}/{}", r.unwrap_or("-"));
            for (label, places) in labels {
                if *label == majority {
                    continue;
                }
                for (doc, line) in places {
                    hits.push(Hit {
                        diag: Diagnostic::warning(
                            &doc.jsonl_path,
                            Some(*line),
                            "/type",
                            "surface-conflict",
                            format!(
                                "«{text}» is {} here but {} in {} other place(s)",
                                show(*label),
                                show(majority),
                                labels[&majority].len()
                            ),
                        ),
                        doc: doc.id.clone(),
                        text: (*text).to_owned(),
                        start: None,
                    });
                }
            }
        }
    }
    // Unannotated occurrences of annotated surfaces (dates and times vary too
    // much with context to expect every «اليوم» to be one).
    for doc in corpus.docs.values() {
        let chars: Vec<char> = doc.article.text().chars().collect();
        let spans: HashSet<(usize, usize, &EntityLabel)> = doc
            .entities()
            .filter_map(|e| Some((e.start?, e.end?, &e.entity_type)))
            .collect();
        for (text, labels) in &seen {
            let (etype, _) = *labels
                .iter()
                .max_by_key(|(_, v)| v.len())
                .map(|(k, _)| k)
                .expect("non-empty");
            if matches!(etype.known(), Some(EntityType::Date | EntityType::Time))
                || text.chars().count() < 3
            {
                continue;
            }
            let needle: Vec<char> = text.chars().collect();
            for s in 0..chars.len().saturating_sub(needle.len() - 1) {
                let e = s + needle.len();
                if chars[s..e] != needle[..] || !token_bounded(&chars, s, e) {
                    continue;
                }
                let exact = labels.keys().any(|(t, _)| spans.contains(&(s, e, *t)));
                let covered = spans
                    .iter()
                    .any(|(a, b, t)| *t == etype && *a <= s && e <= *b);
                if !exact && !covered {
                    let ctx: String = chars[s.saturating_sub(20)..(e + 20).min(chars.len())]
                        .iter()
                        .collect::<String>()
                        .replace('\n', " ");
                    hits.push(Hit {
                        diag: Diagnostic::warning(&doc.jsonl_path, None, "", "unannotated", format!("«{text}» at {s}..{e} is annotated as {etype} elsewhere but not here: …{ctx}…")),
                        doc: doc.id.clone(),
                        text: (*text).to_owned(),
                        start: Some(s),
                    });
                }
            }
        }
    }
}

/// Checks (a) and (c) of #16 on one document.
fn rule_cues(doc: &Doc, speakers: &[speakers::Speaker], hits: &mut Vec<Hit>) {
    for u in cues::unanswered(doc) {
        hits.push(Hit {
            diag: Diagnostic::warning(&doc.jsonl_path, None, "", "cue-no-event", u.message)
                .with_hint("annotate the event the rule asks for, or add the reviewed exception to lint-allow.jsonl with its reason"),
            doc: doc.id.clone(),
            text: u.text,
            start: Some(u.found.start),
        });
    }
    for u in speakers::unresolved(doc, speakers) {
        hits.push(Hit {
            diag: Diagnostic::warning(
                &doc.jsonl_path,
                Some(u.line),
                u.pointer,
                "speaker-unresolved",
                u.message,
            ),
            doc: doc.id.clone(),
            text: u.text,
            start: u.start,
        });
    }
}

fn per_doc(doc: &Doc, corpus: &Corpus, speakers: &[speakers::Speaker], hits: &mut Vec<Hit>) {
    let entities: BTreeMap<&str, (usize, usize)> = doc
        .entities()
        .filter_map(|e| Some((e.id.as_deref()?, (e.start?, e.end?))))
        .collect();
    let hit = |line: usize,
               pointer: &str,
               code: &'static str,
               text: &str,
               start: Option<usize>,
               msg: String| Hit {
        diag: Diagnostic::warning(&doc.jsonl_path, Some(line), pointer, code, msg),
        doc: doc.id.clone(),
        text: text.to_owned(),
        start,
    };
    for l in &doc.records {
        let (text, start) = match &l.record {
            Record::Entity(e) => (e.text.as_str(), e.start),
            Record::Event(v) => (v.trigger.text.as_str(), v.trigger.start),
            Record::Casualty(c) => (c.text.as_str(), c.start),
            _ => continue,
        };
        if let Some(msg) = edge_problem(text) {
            hits.push(hit(l.line, "/text", "span-edge", text, start, msg));
        }
        match &l.record {
            Record::Entity(e) => {
                if let Some(k) = e.r#ref.as_deref().and_then(|r| corpus.kb.get(r))
                    && k.entity_type != e.entity_type
                {
                    hits.push(hit(
                        l.line,
                        "/type",
                        "kb-type",
                        text,
                        start,
                        format!(
                            "{} mention links to `{}`, a {} in kb.jsonl",
                            e.entity_type, k.r#ref, k.entity_type
                        ),
                    ));
                }
            }
            Record::Event(v) => {
                let expected = match v.event_type {
                    EventType::CeasefireCall => Some(Modality::CalledFor),
                    EventType::CeasefireOffer => Some(Modality::Asserted),
                    _ => None,
                };
                if let Some(m) = expected
                    && m != v.modality
                {
                    hits.push(hit(
                        l.line,
                        "/modality",
                        "modality-rule",
                        text,
                        start,
                        format!("a {} is {m}, not {} (rule V8)", v.event_type, v.modality),
                    ));
                }
                let Some(ts) = v.trigger.start else { continue };
                let (s, e) = doc.article.sentence_of(ts);
                // A1: a speaker named by an anaphor or a pronoun resolves to
                // an earlier mention, so reported_by may point back then.
                let back_ok = speakers::resolves_back(speakers, s, ts);
                let mut check = |pointer: String, id: &str| {
                    let earlier_ok = back_ok && pointer == "/reported_by";
                    if let Some((ms, _)) = entities.get(id)
                        && !(s <= *ms && *ms < e)
                        && !(earlier_ok && *ms < s)
                    {
                        let why = if pointer == "/reported_by" {
                            "and the sentence has no anaphor or pronoun speaker to resolve back to it (rules V10, A1)"
                        } else {
                            "(rule V9)"
                        };
                        hits.push(hit(
                            l.line,
                            &pointer,
                            "arg-sentence",
                            text,
                            start,
                            format!("`{id}` is outside the sentence of trigger «{text}» {why}"),
                        ));
                    }
                };
                for (i, a) in v.args.iter().enumerate() {
                    if let Some(m) = &a.mention {
                        check(format!("/args/{i}/mention"), m);
                    }
                }
                if let Some(r) = &v.reported_by {
                    check("/reported_by".into(), r);
                }
            }
            Record::Casualty(c) => {
                if let Some(msg) = count_problem(&c.text, &c.count) {
                    hits.push(hit(l.line, "/count", "casualty-value", text, start, msg));
                }
            }
            _ => {}
        }
    }
}

/// A bidi control or tatweel at a span edge, or whitespace/punctuation there.
fn edge_problem(text: &str) -> Option<String> {
    let bidi = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}');
    if let Some(c) = text.chars().find(|c| bidi(*c)) {
        return Some(format!("span contains the bidi control U+{:04X}", c as u32));
    }
    let (first, last) = (text.chars().next()?, text.chars().last()?);
    for (c, which) in [(first, "starts"), (last, "ends")] {
        if c == '\u{0640}' {
            return Some(format!("span {which} with a tatweel (ـ)"));
        }
        if c.is_whitespace()
            || (c.is_ascii_punctuation() || matches!(c, '،' | '؛' | '؟' | '“' | '”' | '«' | '»'))
        {
            return Some(format!("span {which} with {c:?} (rule S7)"));
        }
    }
    None
}

/// Disagreement between a casualty's count and the number written in its span.
fn count_problem(text: &str, count: &crate::record::Count) -> Option<String> {
    let show = |v: Option<u64>| v.map_or("null".to_owned(), |n| n.to_string());
    match read_count(text) {
        Some(q) if q.value.is_some() => (q.value != count.value).then(|| {
            format!(
                "span reads {} but value is {}",
                show(q.value),
                show(count.value)
            )
        }),
        Some(q) => (count.qualifier != Qualifier::Vague
            || (q.low, q.high) != (count.low, count.high))
            .then(|| {
                format!(
                    "span is a vague quantity ({}..{}) but the count is {} {}..{}",
                    show(q.low),
                    show(q.high),
                    count.qualifier,
                    show(count.low),
                    show(count.high)
                )
            }),
        None => implied_count(text)
            .filter(|n| Some(*n) != count.value)
            .map(|n| {
                format!(
                    "«{text}» implies {n} (rule C2) but value is {}",
                    show(count.value)
                )
            }),
    }
}

fn unused_kb(corpus: &Corpus, hits: &mut Vec<Hit>) {
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for doc in corpus.docs.values() {
        used.extend(doc.entities().filter_map(|e| e.r#ref.as_deref()));
        used.extend(
            doc.casualties()
                .filter_map(|c| c.victims.as_ref()?.side_ref()),
        );
    }
    for k in corpus.kb.values() {
        if !used.contains(k.r#ref.as_str()) {
            hits.push(Hit {
                diag: Diagnostic::warning(
                    &corpus.kb_path(),
                    None,
                    "/ref",
                    "unused-ref",
                    format!("kb entry `{}` is not linked by any mention", k.r#ref),
                ),
                doc: "kb".into(),
                text: k.r#ref.clone(),
                start: None,
            });
        }
    }
}
