//! Check (c): an event (or casualty figure) whose speaker is an anaphor or a
//! pronoun, with nobody in `reported_by` (`source`).
//!
//! Rule A1 resolves «وقالت الوزارة», «وأكمل البيان», «وتابع:» to the
//! antecedent mention; before it, such sentences were left with
//! `reported_by: null`, which records the ministry's claim as the narrator's.
//! The speaker is found without a parser: a speech verb (or «وفقا/بحسب»)
//! followed by an anaphoric noun, or a speech verb followed directly by
//! «أن/إن», a colon or an opening quote (a pronoun subject). A verb followed by
//! an annotated mention has an overt speaker and is left alone.

use crate::corpus::Doc;
use crate::record::Record;

use super::words::{Word, words};

/// Speech verbs and participles, folded. «اوضافت» is the corpus's own
/// misspelling of «أضافت» (2023-09-20-ceasefire-khaleej), kept so the check
/// sees the text as it is.
const SPEECH: &[&str] = &[
    "قال",
    "قالت",
    "اعلن",
    "اعلنت",
    "اكد",
    "اكدت",
    "اضاف",
    "اضافت",
    "اوضافت",
    "اوضح",
    "اوضحت",
    "تابع",
    "تابعت",
    "افاد",
    "افادت",
    "ذكر",
    "ذكرت",
    "اشار",
    "اشارت",
    "شدد",
    "شددت",
    "اكمل",
    "اكملت",
    "كشف",
    "كشفت",
    "مشيرا",
    "مشيره",
    "مضيفا",
    "مضيفه",
    "مؤكدا",
    "مؤكده",
    "موكدا",
    "موكده",
    "موضحا",
    "موضحه",
];
/// Attribution prepositions: a speaker only when an anaphor follows.
const ACCORDING: &[&str] = &["وفقا", "بحسب", "حسب"];
/// Anaphoric nouns that stand for a speaker named earlier (E16, A1). The
/// «لل» forms are listed whole: ل + ال drops the alef, so taking the
/// proclitic off «للبيان» leaves «بيان», which is not an anaphor.
const ANAPHOR: &[&str] = &[
    "الوزاره",
    "للوزاره",
    "البيان",
    "للبيان",
    "للوكاله",
    "الوكاله",
    "الرئاسه",
    "الحكومه",
    "المتحدث",
    "الناطق",
    "الجيش",
    "الحركه",
];
/// Words that start the reported content right after the verb, so the
/// verb's subject is a pronoun («وأوضحت أن», «قالت فيه إن», «مشيرة إلى أن»).
const CONTENT: &[&str] = &[
    "ان", "انه", "انها", "انهم", "بان", "بانه", "فيه", "الي", "عن",
];
/// Punctuation that opens the reported content («وتابع:», «وقال “…»).
const OPENERS: &[&str] = &[":", "“", "\"", "«", "”"];

/// A speaker that is an anaphor or a pronoun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Speaker {
    /// Start of the speech verb (or preposition).
    pub start: usize,
    /// End of the anaphor, or of the verb for a pronoun subject.
    pub end: usize,
    /// The anaphoric noun, or `None` for a pronoun subject.
    pub anaphor: Option<String>,
}

/// Every anaphor or pronoun speaker in `doc`, in text order.
pub(super) fn find(doc: &Doc) -> Vec<Speaker> {
    let ws: Vec<Word<'_>> = words(doc.article.text());
    let mentions: Vec<(usize, usize)> = doc
        .entities()
        .filter_map(|e| Some((e.start?, e.end?)))
        .collect();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let verb = w.find_verb(SPEECH).is_some();
        if !verb && !w.is(ACCORDING) {
            continue;
        }
        let Some(next) = ws.get(i + 1) else { continue };
        let overt = mentions
            .iter()
            .any(|(s, e)| *s < next.tok.end && next.tok.start < *e);
        if overt {
            continue;
        }
        if next.is(ANAPHOR) {
            out.push(Speaker {
                start: w.tok.start,
                end: next.tok.end,
                anaphor: Some(next.tok.text.to_owned()),
            });
        } else if verb && (next.is(CONTENT) || next.is_punct(OPENERS)) {
            out.push(Speaker {
                start: w.tok.start,
                end: w.tok.end,
                anaphor: None,
            });
        }
    }
    out
}

/// A record that check (c) reports: line, pointer, the surface and start
/// the allow-list matches on, and the message.
pub(super) struct Unresolved {
    /// Line of the record in its `.jsonl`.
    pub line: usize,
    /// `/reported_by` or `/source`.
    pub pointer: &'static str,
    /// The trigger or count text.
    pub text: String,
    /// Its start offset.
    pub start: Option<usize>,
    /// What to fix.
    pub message: String,
}

/// Events after an anaphor or pronoun speaker in its sentence with
/// `reported_by: null`, and casualty figures there with `source: null`.
pub(super) fn unresolved(doc: &Doc, speakers: &[Speaker]) -> Vec<Unresolved> {
    let mut out = Vec::new();
    for l in &doc.records {
        let (start, text, empty, pointer) = match &l.record {
            Record::Event(v) => (
                v.trigger.start,
                v.trigger.text.as_str(),
                v.reported_by.is_none(),
                "/reported_by",
            ),
            Record::Casualty(c) => (c.start, c.text.as_str(), c.source.is_none(), "/source"),
            _ => continue,
        };
        let Some(at) = start else { continue };
        if !empty {
            continue;
        }
        let (s, _) = doc.article.sentence_of(at);
        let Some(sp) = speakers
            .iter()
            .rev()
            .find(|sp| s <= sp.start && sp.end <= at)
        else {
            continue;
        };
        let verb = doc.article.slice(sp.start, sp.end).unwrap_or_default();
        let who = match &sp.anaphor {
            Some(a) => format!("the anaphor «{a}»"),
            None => "a pronoun".to_owned(),
        };
        out.push(Unresolved {
            line: l.line,
            pointer,
            text: text.to_owned(),
            start,
            message: format!(
                "«{text}» is reported after «{verb}», whose speaker is {who}, but {} is null: resolve it to the antecedent mention (rule A1)",
                &pointer[1..]
            ),
        });
    }
    out
}

/// Whether `doc` has an anaphor or pronoun speaker before `at` in the
/// sentence `[s, e)`: then a `reported_by` in an earlier sentence is A1's
/// antecedent, not a mistake.
pub(super) fn resolves_back(speakers: &[Speaker], s: usize, at: usize) -> bool {
    speakers.iter().any(|sp| s <= sp.start && sp.end <= at)
}
