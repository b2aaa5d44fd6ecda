//! Check (a): a cue word of an event rule in a sentence that has no event of
//! the type the rule expects.
//!
//! The review of #16 found rules applied by keyword in one article and not
//! in another («بوساطة» always an event, «برعاية» never). These lexicons are
//! the rule lists of `docs/guidelines.md` in folded form; a cue is answered
//! when an event trigger overlaps it (the annotator looked at the word and
//! typed it) or when its sentence holds an event of the expected type. What
//! is left is either a missed event or a reviewed exception for
//! `lint-allow.jsonl`.

use crate::corpus::Doc;
use crate::ontology::EventType;
use crate::record::Event;
use crate::vocab::{Modality, ZoneType};

use super::words::{Word, words};

/// What a cue word announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    /// A broker named by «بوساطة», «برعاية»… (V13).
    Mediation,
    /// A ceasefire expression (V2, V3).
    Ceasefire,
    /// «انتهت الحرب», «أنهت … الاشتباكات» (V16).
    WarEnded,
    /// A fighting noun (V4, V18).
    Clash,
    /// «دعا», «حث», «طالب»… (V2, V17).
    Call,
}

impl Cue {
    /// Whether `v` is an event of the type this cue expects.
    fn answered_by(self, v: &Event) -> bool {
        match self {
            Cue::Mediation => v.event_type == EventType::TalksMediation,
            Cue::Ceasefire => is_ceasefire(v.event_type),
            Cue::WarEnded => v.event_type == EventType::CeasefireImplemented,
            Cue::Clash => v.event_type == EventType::ArmedClash,
            Cue::Call => v.modality == Modality::CalledFor,
        }
    }

    /// Whether the cue word must itself be the trigger. The mediation noun
    /// (V13), the ceasefire expression (V2) and the ending verb (V16) are
    /// the triggers their rules name, so another event of the type in the
    /// sentence does not answer them («محادثات … برعاية روسية» needs
    /// «رعاية» as well as «محادثات»). A fighting noun must be a trigger of
    /// some event (a figurative use is an allowed exception); a call verb is
    /// never a trigger, the called-for event is.
    fn needs_own_trigger(self) -> bool {
        !matches!(self, Cue::Call)
    }

    /// How the message names the cue, what is missing and the rule.
    fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Cue::Mediation => (
                "mediation",
                "no TALKS_MEDIATION event has it as trigger",
                "V13",
            ),
            Cue::Ceasefire => (
                "ceasefire",
                "no CEASEFIRE_* event has it as trigger",
                "V2/V3",
            ),
            Cue::WarEnded => (
                "war-ended",
                "no CEASEFIRE_IMPLEMENTED event has it as trigger",
                "V16",
            ),
            Cue::Clash => ("clash", "no event has it in its trigger", "V4/V18"),
            Cue::Call => ("call", "its sentence has no called_for event", "V2/V17"),
        }
    }
}

/// The ceasefire family: one expression takes any of these types by its
/// predicate (V2), so they count as one answer to a ceasefire cue.
pub(super) fn is_ceasefire(t: EventType) -> bool {
    matches!(
        t,
        EventType::CeasefireCall
            | EventType::CeasefireOffer
            | EventType::CeasefireDeclared
            | EventType::CeasefireImplemented
            | EventType::CeasefireViolation
    )
}

// Lexicons, folded (أ إ آ → ا, ى → ي, ة → ه, marks dropped).

/// Mediation nouns (V13).
const MEDIATION: &[&str] = &["وساطه", "رعايه", "توسط"];
/// Heads of a ceasefire expression: the noun «وقف» and its verbs.
const CEASEFIRE_HEAD: &[&str] = &["وقف", "يوقف", "يوقفون", "يوقفوا", "توقف", "اوقف"];
/// What a ceasefire head stops, within a few words (V2's list).
const CEASEFIRE_OBJECT: &[&str] = &[
    "اطلاق",
    "قتال",
    "القتال",
    "اعمال",
    "الاعمال",
    "اراقه",
    "اشتباكات",
    "الاشتباكات",
    "عدوان",
    "العدوان",
];
/// The genitive after «إراقة» / «إطلاق» inside a ceasefire expression.
const COMPLEMENT: &[&str] = &["الدماء", "النار", "نار"];
/// How many words after the head the object may stand («وقف فوري للقتال»).
const CEASEFIRE_REACH: usize = 3;
/// The truce noun, a ceasefire expression on its own.
const TRUCE: &[&str] = &["هدنه"];
/// Verbs saying fighting stopped (V16), a cue only beside a fighting noun.
const ENDED: &[&str] = &["انتهت", "انتهي", "انهت", "تنهي", "انهي", "ينهي"];
/// Fighting nouns that make an ending verb a war-ended cue.
const FIGHTING: &[&str] = &[
    "حرب",
    "الحرب",
    "معارك",
    "المعارك",
    "اشتباكات",
    "الاشتباكات",
    "صراع",
    "الصراع",
    "قتال",
    "القتال",
    "تصعيد",
    "التصعيد",
    "مواجهات",
    "المواجهات",
];
/// Fighting nouns that are clash cues on their own (V4).
const CLASH: &[&str] = &[
    "اشتباكات",
    "الاشتباكات",
    "اشتباك",
    "معارك",
    "المعارك",
    "معركه",
    "المعركه",
    "قتال",
    "القتال",
    "حرب",
    "الحرب",
    "حربا",
    "مواجهات",
    "المواجهات",
    "هجوم",
    "الهجوم",
    "هجمات",
    "صراع",
    "الصراع",
    "عدوان",
    "العدوان",
];
/// First word of a two-word clash cue («عملية عسكرية», «الأعمال العدائية»).
const CLASH_HEAD: &[&str] = &[
    "عمليه",
    "العمليه",
    "عمليات",
    "العمليات",
    "عمليتها",
    "عمليتنا",
    "حمله",
    "الحمله",
    "اعمال",
    "الاعمال",
    "عمل",
    "العمل",
    "اجراءات",
    "الاجراءات",
];
/// Second word of a two-word clash cue.
const CLASH_TAIL: &[&str] = &[
    "عسكريه",
    "العسكريه",
    "عسكري",
    "العسكري",
    "عدائيه",
    "العدائيه",
    "قتاليه",
    "القتاليه",
];
/// Call verbs and nouns (V2, V17).
const CALL: &[&str] = &[
    "دعا",
    "دعت",
    "دعوا",
    "دعتها",
    "داعيه",
    "دعوات",
    "دعوه",
    "حث",
    "حثت",
    "نحث",
    "حض",
    "حضت",
    "طالب",
    "طالبت",
    "ناشد",
    "ناشدت",
    "طلب",
    "طلبت",
    "نطلب",
];

/// One cue found in a text: its kind and code-point span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    /// What the cue announces.
    pub cue: Cue,
    /// Start of the cue word (after its proclitics).
    pub start: usize,
    /// End of the cue (the last word of a multi-word cue).
    pub end: usize,
}

/// Every cue in `text`, in text order. A fighting noun inside a ceasefire
/// expression («وقف القتال») is the ceasefire's, not a clash of its own.
pub(super) fn find(text: &str) -> Vec<Found> {
    let ws: Vec<Word<'_>> = words(text);
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if let Some(at) = w.find(MEDIATION) {
            out.push(found(Cue::Mediation, at, w.tok.end));
        }
        if let Some(at) = w.find(TRUCE) {
            out.push(found(Cue::Ceasefire, at, w.tok.end));
        }
        if let Some(at) = ceasefire_head(w) {
            let object = ws[i + 1..]
                .iter()
                .filter(|x| !x.readings.is_empty())
                .take(CEASEFIRE_REACH)
                .find(|x| x.is(CEASEFIRE_OBJECT));
            if let Some(o) = object {
                out.push(found(Cue::Ceasefire, at, ceasefire_end(&ws, o)));
            }
        }
        if let Some(at) = w.find_verb(CALL) {
            out.push(found(Cue::Call, at, w.tok.end));
        }
        if let Some(at) = w.find(CLASH_HEAD)
            && let Some(next) = ws.get(i + 1)
            && next.is(CLASH_TAIL)
        {
            out.push(found(Cue::Clash, at, next.tok.end));
        }
        if let Some(at) = w.find(CLASH) {
            out.push(found(Cue::Clash, at, w.tok.end));
        }
        if let Some(at) = w.find_verb(ENDED) {
            out.push(found(Cue::WarEnded, at, w.tok.end));
        }
    }
    let ceasefires: Vec<(usize, usize)> = out
        .iter()
        .filter(|f| f.cue == Cue::Ceasefire)
        .map(|f| (f.start, f.end))
        .collect();
    out.retain(|f| {
        f.cue != Cue::Clash || !ceasefires.iter().any(|(s, e)| *s <= f.start && f.end <= *e)
    });
    out
}

/// Where a ceasefire expression ends: after its object's adjective
/// («الأعمال القتالية») and after objects coordinated with «و» («وقف إراقة
/// الدماء والأعمال القتالية»), so the fighting nouns inside it are not read
/// as clashes of their own.
fn ceasefire_end(ws: &[Word<'_>], object: &Word<'_>) -> usize {
    let mut end = object.tok.end;
    let mut rest = ws
        .iter()
        .skip_while(|w| w.tok.start < object.tok.end)
        .filter(|w| !w.readings.is_empty())
        .peekable();
    while let Some(w) = rest.peek() {
        let coordinated = w.tok.text.starts_with('و') && w.is(CEASEFIRE_OBJECT);
        if w.is(CLASH_TAIL) || w.is(COMPLEMENT) || coordinated {
            end = w.tok.end;
            rest.next();
        } else {
            break;
        }
    }
    end
}

fn found(cue: Cue, start: usize, end: usize) -> Found {
    Found { cue, start, end }
}

/// A ceasefire head, allowing the future prefix «س» on its verbs
/// («سيوقفون»), which the proclitic table does not strip.
fn ceasefire_head(w: &Word<'_>) -> Option<usize> {
    w.find(CEASEFIRE_HEAD).or_else(|| {
        w.verb_readings().iter().find_map(|(at, r)| {
            r.strip_prefix('س')
                .filter(|rest| CEASEFIRE_HEAD.contains(rest))
                .map(|_| *at)
        })
    })
}

/// A cue left unanswered in one document: what the lint reports.
#[derive(Debug, Clone)]
pub(super) struct Unanswered {
    /// The cue.
    pub found: Found,
    /// Its surface text.
    pub text: String,
    /// The message.
    pub message: String,
}

/// The cues of `doc` that no event answers. Boilerplate is skipped: keyword
/// and tag lines assert nothing (V21).
pub(super) fn unanswered(doc: &Doc) -> Vec<Unanswered> {
    let text = doc.article.text();
    let events: Vec<&Event> = doc.events().collect();
    let fighting: Vec<(usize, usize)> = words(text)
        .iter()
        .filter(|w| w.is(FIGHTING))
        .map(|w| doc.article.sentence_of(w.tok.start))
        .collect();
    let mut out = Vec::new();
    for f in find(text) {
        if doc
            .zone_at(f.start)
            .is_some_and(|z| z.zone_type == ZoneType::Boilerplate)
        {
            continue;
        }
        let (s, e) = doc.article.sentence_of(f.start);
        // An ending verb is a V16 cue only where the sentence names fighting
        // («بعد انتهاء محادثات» ends talks, not a war).
        if f.cue == Cue::WarEnded && !fighting.contains(&(s, e)) {
            continue;
        }
        let overlaps = |v: &&&Event| matches!((v.trigger.start, v.trigger.end), (Some(a), Some(b)) if a < f.end && f.start < b);
        let answered = if f.cue.needs_own_trigger() {
            // A clash noun inside another event's trigger («حالة الحرب»,
            // «تبادل إطلاق نار») was looked at and typed: that answers it.
            events
                .iter()
                .filter(overlaps)
                .any(|v| f.cue == Cue::Clash || f.cue.answered_by(v))
        } else {
            events
                .iter()
                .any(|v| v.trigger.start.is_some_and(|a| s <= a && a < e) && f.cue.answered_by(v))
        };
        if answered {
            continue;
        }
        let surface = doc.article.slice(f.start, f.end).unwrap_or_default();
        let sentence = doc
            .article
            .slice(s, e)
            .unwrap_or_default()
            .trim()
            .to_owned();
        let (kind, missing, rule) = f.cue.describe();
        out.push(Unanswered {
            text: surface.to_owned(),
            message: format!(
                "«{surface}» at {}..{} is a {kind} cue (rule {rule}) but {missing}: «{}»",
                f.start,
                f.end,
                excerpt(&sentence, 90)
            ),
            found: f,
        });
    }
    out
}

/// The first `n` characters of `s`, with an ellipsis when cut.
fn excerpt(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Cue, String)> {
        let chars: Vec<char> = text.chars().collect();
        find(text)
            .into_iter()
            .map(|f| (f.cue, chars[f.start..f.end].iter().collect()))
            .collect()
    }

    #[test]
    fn mediation_synonyms_are_one_cue() {
        assert_eq!(
            kinds("محادثات جرت برعاية روسية ثم بوساطة تركية"),
            vec![
                (Cue::Mediation, "رعاية".into()),
                (Cue::Mediation, "وساطة".into())
            ]
        );
    }

    #[test]
    fn a_fighting_noun_inside_a_ceasefire_is_not_a_clash() {
        assert_eq!(
            kinds("دعا إلى وقف فوري للقتال بعد المعارك"),
            vec![
                (Cue::Call, "دعا".into()),
                (Cue::Ceasefire, "وقف فوري للقتال".into()),
                (Cue::Clash, "المعارك".into()),
            ]
        );
    }

    #[test]
    fn future_verbs_and_two_word_clashes() {
        assert_eq!(
            kinds("سيوقفون إطلاق النار والعملية العسكرية مستمرة"),
            vec![
                (Cue::Ceasefire, "سيوقفون إطلاق النار".into()),
                (Cue::Clash, "العملية العسكرية".into()),
            ]
        );
    }
}
