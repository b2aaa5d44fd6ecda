//! The built-in Arabic rule-based baseline extractor.
//!
//! It exists so that `hudna score` does something real on a fresh machine,
//! and so that every report has a row to beat. It is deliberately simple and
//! fully deterministic:
//!
//! - **entities**: longest match of a gazetteer (countries, capitals,
//!   leaders, organisations, forces, media, nationality words, weapons) and
//!   of date words, on folded text, proclitics stripped;
//! - **events**: longest match of a trigger lexicon; a ceasefire expression
//!   is narrowed to the expression itself and its type chosen by the
//!   predicate around it (a call, an offer, a breach, entry into force —
//!   guideline V2), and the nearest preceding named entity in the sentence
//!   becomes the actor;
//! - **casualties**: a count ([`crate::arabic::numbers::find_counts`])
//!   followed by a casualty noun («قتيلا»), or by a victim noun («جنود»)
//!   with a casualty word nearby in either order («قتل … جنود», «جنود
//!   قتلوا»), with a qualifier before it («أكثر من») setting the bounds;
//!   duals («قتيلان») count two.
//!
//! Its resources live in `src/baseline/data/*.tsv`, written from general
//! knowledge; **nothing in this module reads the gold annotations**, and it
//! runs without the `annotations/` directory (a test proves both).

mod casualties;
mod lexicon;

use crate::arabic::tokenize::{Token, TokenKind, tokenize};
use crate::error::Error;
use crate::extract::{ArticleInput, Extractor};
use crate::ontology::EventType;
use crate::record::{Arg, Entity, Event, Record, Trigger};
use crate::vocab::{CasualtyCategory, EntityType, Modality, Qualifier, Role, VictimGroup};

pub use lexicon::{Hit, Lexicon, key, tsv};

const GAZETTEER: &str = include_str!("data/gazetteer.tsv");
const DATES: &str = include_str!("data/dates.tsv");
const TRIGGERS: &str = include_str!("data/triggers.tsv");
const CASUALTY_WORDS: &str = include_str!("data/casualties.tsv");
const VICTIMS: &str = include_str!("data/victims.tsv");
const QUALIFIERS: &str = include_str!("data/qualifiers.tsv");

/// Ceasefire expressions (guideline V2/V3): a longer trigger phrase that
/// contains one is narrowed to it.
const CEASEFIRE_CORES: &[&str] = &[
    "وقف إطلاق النار",
    "وقف لإطلاق النار",
    "وقف إطلاق نار",
    "وقف الأعمال القتالية",
    "وقف الأعمال العدائية",
    "وقف القتال",
    "هدنة",
];

/// Words before a ceasefire expression that choose its type.
const CALL_CUES: &[&str] = &[
    "دعا",
    "دعت",
    "يدعو",
    "تدعو",
    "دعوا",
    "دعوة",
    "الدعوة",
    "دعوات",
    "حث",
    "حثت",
    "يحث",
    "تحث",
    "طالب",
    "طالبت",
    "يطالب",
    "تطالب",
    "طلب",
    "طلبت",
    "ناشد",
    "ناشدت",
    "مطالبة",
];
const OFFER_CUES: &[&str] = &[
    "اقترح",
    "اقترحت",
    "يقترح",
    "تقترح",
    "عرض",
    "عرضت",
    "مقترح",
    "اقتراح",
];
const VIOLATION_CUES: &[&str] = &[
    "خرق",
    "خروقات",
    "انتهاك",
    "انتهاكات",
    "خرقت",
    "انتهكت",
    "خرقا",
    "انتهاكا",
];
/// Words after a ceasefire expression saying it is in force.
const IN_FORCE_CUES: &[&str] = &["حيز", "صامدا", "صامد", "سريان", "يسري", "ساري", "احترام"];

/// Entity types that can act in an event.
const ACTOR_TYPES: &[EntityType] = &[
    EntityType::Gpe,
    EntityType::Org,
    EntityType::Pers,
    EntityType::Norp,
];

/// The baseline extractor. Building it parses the compiled-in resources.
#[derive(Debug, Clone)]
pub struct Baseline {
    gazetteer: Lexicon<(EntityType, Option<String>)>,
    triggers: Lexicon<(EventType, Modality)>,
    casualty_words: Lexicon<(CasualtyCategory, bool)>,
    victims: Lexicon<VictimGroup>,
    qualifiers: Lexicon<Qualifier>,
}

impl Default for Baseline {
    fn default() -> Self {
        Self::new()
    }
}

/// A tokenized article with folded tokens and sentence numbers.
pub(crate) struct Tokens<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token<'a>>,
    pub folded: Vec<String>,
    pub sentence: Vec<usize>,
    /// Byte offset of every code point (and of the end): slicing by code
    /// points is then constant time, where walking the text from its start
    /// made the baseline quadratic in article length (issue #13).
    bytes_at: Vec<usize>,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let folded = tokens.iter().map(|t| key(t.text)).collect();
        let chars: Vec<char> = text.chars().collect();
        let mut sentence = Vec::with_capacity(tokens.len());
        let mut s = 0;
        let mut prev_end = 0;
        for t in &tokens {
            if chars[prev_end..t.start].contains(&'\n') {
                s += 1;
            }
            sentence.push(s);
            if t.kind == TokenKind::Punct && matches!(t.text, "." | "؟" | "?" | "!" | "؛" | ";") {
                s += 1;
            }
            prev_end = t.end;
        }
        let bytes_at = crate::article::code_point_starts(text);
        Tokens {
            text,
            tokens,
            folded,
            sentence,
            bytes_at,
        }
    }

    /// `text[start:end]` in code points (empty when out of range).
    pub(crate) fn slice(&self, start: usize, end: usize) -> String {
        match (self.bytes_at.get(start), self.bytes_at.get(end)) {
            (Some(&a), Some(&b)) if a <= b => self.text[a..b].to_owned(),
            _ => String::new(),
        }
    }

    /// Index of the first token starting at or after `at`.
    pub(crate) fn index_at(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| t.start < at)
    }

    /// Whether token `i`'s folded form (or a proclitic-stripped stem of it)
    /// is one of `words`.
    pub(crate) fn is_one_of(&self, i: usize, words: &[&str]) -> bool {
        let Some(t) = self.tokens.get(i) else {
            return false;
        };
        crate::arabic::tokenize::stems(t.text)
            .iter()
            .any(|s| words.iter().any(|w| key(w) == key(s.text)))
    }
}

fn parse_enum<T>(s: &str, f: impl Fn(&str) -> Option<T>) -> Option<T> {
    f(s)
}

impl Baseline {
    /// Loads the compiled-in resources.
    pub fn new() -> Self {
        let gazetteer = Lexicon::new(
            tsv(GAZETTEER, 3)
                .filter_map(|f| {
                    let t = EntityType::parse(f[1])?;
                    let r = (f[2] != "-").then(|| f[2].to_owned());
                    Some((key(f[0]), (t, r)))
                })
                .chain(
                    tsv(DATES, 2)
                        .filter_map(|f| Some((key(f[0]), (EntityType::parse(f[1])?, None)))),
                ),
        );
        let triggers = Lexicon::new(tsv(TRIGGERS, 3).filter_map(|f| {
            Some((
                key(f[0]),
                (EventType::parse(f[1])?, parse_enum(f[2], Modality::parse)?),
            ))
        }));
        let casualty_words =
            Lexicon::new(tsv(CASUALTY_WORDS, 3).filter_map(|f| {
                Some((key(f[0]), (CasualtyCategory::parse(f[1])?, f[2] == "noun")))
            }));
        let victims = Lexicon::new(
            tsv(VICTIMS, 2).filter_map(|f| Some((key(f[0]), VictimGroup::parse(f[1])?))),
        );
        let qualifiers = Lexicon::new(
            tsv(QUALIFIERS, 2).filter_map(|f| Some((key(f[0]), Qualifier::parse(f[1])?))),
        );
        Baseline {
            gazetteer,
            triggers,
            casualty_words,
            victims,
            qualifiers,
        }
    }

    /// Entries per resource, for the tests and the README.
    pub fn sizes(&self) -> [(&'static str, usize); 5] {
        [
            ("gazetteer+dates", self.gazetteer.len()),
            ("triggers", self.triggers.len()),
            ("casualty words", self.casualty_words.len()),
            ("victim words", self.victims.len()),
            ("qualifiers", self.qualifiers.len()),
        ]
    }

    fn entities(&self, doc: &str, t: &Tokens<'_>) -> Vec<Entity> {
        let mut out: Vec<Entity> = Vec::new();
        for h in self.gazetteer.find_all(&t.tokens, &t.folded) {
            let (etype, r) = h.value;
            let (mut start, mut end) = (h.start, h.end);
            if *etype == EntityType::Date {
                // «27 سبتمبر 2020»: join a day number before and a year after.
                if h.first > 0 && t.tokens[h.first - 1].kind == TokenKind::Number {
                    let n: u32 = t.folded[h.first - 1].parse().unwrap_or(0);
                    if (1..=31).contains(&n) {
                        start = t.tokens[h.first - 1].start;
                    }
                }
                if let Some(y) = t.tokens.get(h.last)
                    && y.kind == TokenKind::Number
                    && t.folded[h.last].len() == 4
                {
                    end = y.end;
                }
            }
            out.push(Entity {
                doc: doc.to_owned(),
                id: Some(format!("e{}", out.len() + 1)),
                entity_type: (*etype).into(),
                start: Some(start),
                end: Some(end),
                text: t.slice(start, end),
                r#ref: r.clone(),
            });
        }
        out
    }

    /// Narrows a ceasefire phrase to its core expression: `(start, end)`.
    fn ceasefire_core(
        t: &Tokens<'_>,
        h: &Hit<'_, (EventType, Modality)>,
    ) -> Option<(usize, usize)> {
        for core in CEASEFIRE_CORES {
            let words: Vec<String> = key(core).split(' ').map(str::to_owned).collect();
            for i in h.first..h.last {
                if i + words.len() > h.last {
                    break;
                }
                let first_ok = crate::arabic::tokenize::stems(t.tokens[i].text)
                    .into_iter()
                    .find(|s| key(s.text) == words[0]);
                let rest_ok = (1..words.len()).all(|k| t.folded[i + k] == words[k]);
                if let (Some(stem), true) = (first_ok, rest_ok) {
                    return Some((
                        t.tokens[i].start + stem.start,
                        t.tokens[i + words.len() - 1].end,
                    ));
                }
            }
        }
        None
    }

    fn events(&self, doc: &str, t: &Tokens<'_>, entities: &[Entity]) -> Vec<Event> {
        let mut out = Vec::new();
        for h in self.triggers.find_all(&t.tokens, &t.folded) {
            let (mut etype, mut modality) = *h.value;
            let (mut start, mut end) = (h.start, h.end);
            if let Some((s, e)) = Self::ceasefire_core(t, &h) {
                (start, end) = (s, e);
                if etype == EventType::CeasefireDeclared {
                    let sent = t.sentence[h.first];
                    let before =
                        (h.first.saturating_sub(5)..h.first).filter(|&i| t.sentence[i] == sent);
                    let after = (h.last..(h.last + 4).min(t.tokens.len()))
                        .filter(|&i| t.sentence[i] == sent);
                    let before: Vec<usize> = before.collect();
                    if before.iter().any(|&i| t.is_one_of(i, CALL_CUES)) {
                        (etype, modality) = (EventType::CeasefireCall, Modality::CalledFor);
                    } else if before.iter().any(|&i| t.is_one_of(i, OFFER_CUES)) {
                        etype = EventType::CeasefireOffer;
                    } else if before.iter().any(|&i| t.is_one_of(i, VIOLATION_CUES)) {
                        etype = EventType::CeasefireViolation;
                    } else if after.clone().any(|i| t.is_one_of(i, IN_FORCE_CUES)) {
                        etype = EventType::CeasefireImplemented;
                    }
                }
            }
            // The nearest named entity before the trigger, in its sentence.
            // Entities come in text order: only those ending before the
            // trigger are looked at, from the nearest back, and the search
            // stops at the sentence's start (a scan of every entity per
            // trigger was quadratic in article length).
            let sent = t.sentence[h.first];
            let before = entities.partition_point(|e| e.start.unwrap_or(0) < start);
            let actor = entities[..before]
                .iter()
                .rev()
                .take_while(|e| {
                    let i = t.index_at(e.start.unwrap_or(0));
                    t.sentence.get(i) == Some(&sent)
                })
                .filter(|e| {
                    e.entity_type
                        .known()
                        .is_some_and(|t| ACTOR_TYPES.contains(&t))
                })
                .filter(|e| e.end.unwrap_or(usize::MAX) <= start)
                .find(|e| {
                    let i = t.index_at(e.start.unwrap_or(0));
                    h.first.saturating_sub(i) <= 10
                });
            let args = actor
                .map(|e| Arg {
                    role: Role::Actor,
                    mention: e.id.clone(),
                    text: None,
                    r#ref: None,
                })
                .into_iter()
                .collect();
            out.push(Event {
                doc: doc.to_owned(),
                id: Some(format!("v{}", out.len() + 1)),
                event_type: etype,
                trigger: Trigger {
                    start: Some(start),
                    end: Some(end),
                    text: t.slice(start, end),
                },
                args,
                modality,
                reported_by: None,
            });
        }
        out
    }
}

impl Extractor for Baseline {
    fn name(&self) -> String {
        "baseline".into()
    }

    fn extract(&mut self, article: &ArticleInput<'_>) -> Result<Vec<Record>, Error> {
        Ok(self.run(article.doc, article.text))
    }
}

impl Baseline {
    /// Everything the baseline finds in `text`, as records of document `doc`.
    pub fn run(&self, doc: &str, text: &str) -> Vec<Record> {
        let t = Tokens::new(text);
        let entities = self.entities(doc, &t);
        let events = self.events(doc, &t, &entities);
        let casualties = casualties::find(self, doc, &t);
        entities
            .into_iter()
            .map(Record::Entity)
            .chain(events.into_iter().map(Record::Event))
            .chain(casualties.into_iter().map(Record::Casualty))
            .collect()
    }
}
