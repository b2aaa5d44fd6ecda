//! Adding one annotation to a gold document without typing an offset.
//!
//! Annotators name a span by its surface text; offsets are computed, never
//! typed (the rule `tools/anchor.py` already follows for whole drafts). One
//! addition here is one record: the span is found in the article (exactly,
//! or after Arabic folding with [`Folding::Loose`]), the record gets the next
//! free id of its kind, the document with the record added is validated by
//! the same checks `hudna validate` runs, and only then is the file written,
//! atomically. Nothing is written when anything is wrong, and the error says
//! what: a surface that does not occur, one that occurs several times with
//! no occurrence chosen, an occurrence out of range, a record that would be
//! a duplicate, or the validator's own diagnostics (file, line, field).
//!
//! The new line is inserted where [`crate::canonical`] order puts it (after
//! the last record that sorts before it), and every other line of the file
//! is kept byte for byte, so an addition to a canonical file leaves it
//! canonical and its diff is one line.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::arabic::normalize::{Fold, Folded, fold};
use crate::arabic::numbers::read_count;
use crate::canonical::{SortKey, record_line};
use crate::corpus::Doc;
use crate::diagnostic::Report;
use crate::error::Error;
use crate::ontology::EventType;
use crate::profile::Profile;
use crate::record::{Arg, Casualty, Count, Entity, Event, Record, Trigger, Victims};
use crate::validate::{GoldIndex, expected_bounds};
use crate::vocab::{CasualtyCategory, EntityLabel, Modality, Qualifier, Role, Scope, VictimGroup};

/// How a surface is looked for in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Folding {
    /// Code point for code point.
    #[default]
    Exact,
    /// After hudna's Arabic folding ([`crate::arabic::normalize`]: NFKC,
    /// alef and yeh forms, teh marbuta, digits, diacritics and tatweel
    /// dropped) on both sides, with every run of whitespace read as one
    /// space. The span found is mapped back to the exact original code
    /// points, so the record's `text` is the article's own spelling.
    Loose,
}

/// What kind of record to add, with the fields the surface does not give.
#[derive(Debug, Clone, PartialEq)]
pub enum Annotation {
    /// An entity mention.
    Entity {
        /// Its type (hudna's, or the corpus's own label under the core profile).
        label: EntityLabel,
        /// KB ref; the strict profile requires one for named types.
        r#ref: Option<String>,
    },
    /// An event mention, the surface being its trigger.
    Event {
        /// Its type.
        event_type: EventType,
        /// How the text presents it.
        modality: Modality,
        /// Arguments: role and entity id in the same document.
        args: Vec<(Role, String)>,
        /// Entity id of who reports it, or `None` for the narrator.
        reported_by: Option<String>,
    },
    /// A casualty figure, the surface being the count expression.
    Casualty {
        /// What happened to the victims.
        category: CasualtyCategory,
        /// The count as given; see [`CountSpec`].
        count: CountSpec,
        /// Who the victims are.
        group: VictimGroup,
        /// KB ref of the victims' side.
        side: Option<String>,
        /// Entity id of who reports the figure.
        source: Option<String>,
        /// Event id the figure results from.
        event: Option<String>,
        /// What the figure counts over.
        scope: Scope,
    },
}

impl Annotation {
    fn kind(&self) -> &'static str {
        match self {
            Annotation::Entity { .. } => "entity",
            Annotation::Event { .. } => "event",
            Annotation::Casualty { .. } => "casualty",
        }
    }

    /// The id prefix of the kind, as the bundled corpus numbers its records.
    fn id_prefix(&self) -> &'static str {
        match self {
            Annotation::Entity { .. } => "e",
            Annotation::Event { .. } => "v",
            Annotation::Casualty { .. } => "c",
        }
    }
}

/// A casualty count as an annotator gives it. Whatever is left out is read
/// from the surface ([`crate::arabic::numbers::read_count`]: «ثمانية جنود»
/// is 8) and the bounds follow from the qualifier as the validator expects
/// (`more_than` 200 is low 201, no high); `range` and `vague` need their
/// bounds unless the surface states them («عشرات»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CountSpec {
    /// The number as stated.
    pub value: Option<u64>,
    /// How the count relates to it (default: exact).
    pub qualifier: Option<Qualifier>,
    /// Lower bound.
    pub low: Option<u64>,
    /// Upper bound.
    pub high: Option<u64>,
}

/// One record to add to one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The document id (its `.txt` stem).
    pub doc: String,
    /// The surface text: the mention, the trigger, the count expression.
    pub surface: String,
    /// Which occurrence (1-based, in text order) when the surface occurs
    /// more than once.
    pub occurrence: Option<usize>,
    /// How the surface is looked for.
    pub folding: Folding,
    /// The record's kind and fields.
    pub annotation: Annotation,
}

/// One place a surface occurs, with some text around it for a reader
/// choosing between occurrences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Start (code points, inclusive).
    pub start: usize,
    /// End (code points, exclusive).
    pub end: usize,
    /// The text around it, the occurrence in «»; line breaks shown as ⏎.
    pub context: String,
}

impl std::fmt::Display for Occurrence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}, {}) {}", self.start, self.end, self.context)
    }
}

/// Why a record was not added. Nothing is written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    /// Reading the corpus failed.
    #[error(transparent)]
    Io(#[from] Error),
    /// No article of that id.
    #[error("{}: no article {doc}.txt in this corpus", dir.display())]
    NoDocument {
        /// The corpus directory.
        dir: PathBuf,
        /// The id asked for.
        doc: String,
    },
    /// An empty (or all-whitespace) surface.
    #[error("the surface text is empty")]
    EmptySurface,
    /// The surface does not occur.
    #[error("{}: «{surface}» does not occur in the article{}", path.display(), folding_note(*folding, *loosely))]
    NotFound {
        /// The article.
        path: PathBuf,
        /// The surface asked for.
        surface: String,
        /// How it was looked for.
        folding: Folding,
        /// How often it occurs after folding (when looked for exactly).
        loosely: usize,
    },
    /// The surface occurs several times and no occurrence was chosen.
    #[error("{}: «{surface}» occurs {} times; choose one (1 to {}):\n{}", path.display(), at.len(), at.len(), listing(at))]
    Ambiguous {
        /// The article.
        path: PathBuf,
        /// The surface asked for.
        surface: String,
        /// Every occurrence, in text order.
        at: Vec<Occurrence>,
    },
    /// The occurrence asked for does not exist.
    #[error("{}: occurrence {asked} asked for, but «{surface}» occurs {} time(s){}", path.display(), at.len(), if at.is_empty() { String::new() } else { format!(":\n{}", listing(at)) })]
    NoSuchOccurrence {
        /// The article.
        path: PathBuf,
        /// The surface asked for.
        surface: String,
        /// The occurrence asked for (1-based).
        asked: usize,
        /// Every occurrence, in text order.
        at: Vec<Occurrence>,
    },
    /// The same annotation is already there.
    #[error("{}:{line}: already annotated: {id} is the {kind} [{start}, {end}) of type {label}", path.display())]
    Duplicate {
        /// The records file.
        path: PathBuf,
        /// Its line.
        line: usize,
        /// The existing record's id.
        id: String,
        /// Its kind.
        kind: &'static str,
        /// Its type or category.
        label: String,
        /// Its span.
        start: usize,
        /// Its span.
        end: usize,
    },
    /// A casualty count that cannot be completed from what was given.
    #[error("{}: {message}", path.display())]
    Count {
        /// The records file.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
    /// The document has errors before anything is added: an addition
    /// cannot be validated against a document that does not validate.
    #[error("the document does not validate as it stands ({} error(s)); fix it first:\n{}", report.errors(), listed(report))]
    DocumentInvalid {
        /// Its problems.
        report: Report,
    },
    /// The document with the record added does not validate.
    #[error("{}:{line}: the new record does not validate ({} error(s)):\n{}", path.display(), report.errors(), listed(report))]
    Invalid {
        /// The records file.
        path: PathBuf,
        /// The line the record would have had.
        line: usize,
        /// The validator's diagnostics.
        report: Report,
    },
}

/// The report's diagnostics, one a line (no summary: the message has it).
fn listed(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn folding_note(folding: Folding, loosely: usize) -> String {
    match folding {
        Folding::Loose => " (not even after folding)".into(),
        Folding::Exact if loosely > 0 => {
            format!(" exactly; after Arabic folding it occurs {loosely} time(s) (loose matching)")
        }
        Folding::Exact => String::new(),
    }
}

fn listing(at: &[Occurrence]) -> String {
    at.iter()
        .enumerate()
        .map(|(i, o)| format!("  {}: {o}", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every occurrence of `surface` in `text`, overlapping ones included, as
/// code-point spans in text order.
pub fn occurrences(text: &str, surface: &str, folding: Folding) -> Vec<(usize, usize)> {
    match folding {
        Folding::Exact => exact_occurrences(text, surface),
        Folding::Loose => loose_occurrences(text, surface),
    }
}

fn exact_occurrences(text: &str, surface: &str) -> Vec<(usize, usize)> {
    if surface.is_empty() {
        return Vec::new();
    }
    let n = surface.chars().count();
    let mut out = Vec::new();
    let mut from = 0;
    let mut chars_before = 0;
    let mut counted_to = 0;
    while let Some(i) = text[from..].find(surface) {
        let at = from + i;
        chars_before += text[counted_to..at].chars().count();
        counted_to = at;
        out.push((chars_before, chars_before + n));
        // Step one character on, so overlapping occurrences are found too.
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Folded text with whitespace runs read as one space: each kept
/// character and the folded index it stands for.
fn squeezed(folded: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::new();
    let mut at = Vec::new();
    for (i, c) in folded.chars().enumerate() {
        if c.is_whitespace() {
            if chars.last() == Some(&' ') {
                continue;
            }
            chars.push(' ');
        } else {
            chars.push(c);
        }
        at.push(i);
    }
    (chars, at)
}

fn loose_occurrences(text: &str, surface: &str) -> Vec<(usize, usize)> {
    let needle: Vec<char> = squeezed(fold(surface).trim()).0;
    if needle.is_empty() {
        return Vec::new();
    }
    let folded = Folded::new(text, Fold::default());
    let (hay, at) = squeezed(folded.text());
    let mut out: Vec<(usize, usize)> = Vec::new();
    for s in 0..hay.len().saturating_sub(needle.len() - 1) {
        if hay[s..s + needle.len()] == needle[..] {
            let (fs, fe) = (at[s], at[s + needle.len() - 1] + 1);
            if let Some(span) = folded.original_span(fs, fe)
                && out.last() != Some(&span)
            {
                out.push(span);
            }
        }
    }
    out
}

/// The text around `[start, end)`, the span itself in «».
fn context(text: &[char], start: usize, end: usize) -> String {
    const AROUND: usize = 15;
    let show = |cs: &[char]| -> String {
        cs.iter()
            .map(|&c| if c == '\n' { '⏎' } else { c })
            .collect()
    };
    let from = start.saturating_sub(AROUND);
    let to = (end + AROUND).min(text.len());
    format!(
        "{}{}«{}»{}{}",
        if from > 0 { "…" } else { "" },
        show(&text[from..start]),
        show(&text[start..end]),
        show(&text[end..to]),
        if to < text.len() { "…" } else { "" }
    )
}

/// A record ready to be written: the whole new file and where the record
/// is in it.
#[derive(Debug, Clone)]
pub struct Addition {
    /// The records file.
    pub path: PathBuf,
    /// The new record's id.
    pub id: String,
    /// Its line in the new file (1-based).
    pub line: usize,
    /// Its span (an event's trigger).
    pub start: usize,
    /// Its span (an event's trigger).
    pub end: usize,
    /// The article's text at the span (differs from the surface asked for
    /// only under loose matching).
    pub text: String,
    /// The record.
    pub record: Record,
    /// The record's line, as written.
    pub record_line: String,
    /// The new contents of the file.
    pub bytes: Vec<u8>,
}

impl Addition {
    /// Writes the file atomically.
    pub fn write(&self) -> Result<(), Error> {
        crate::fsutil::write_atomic(&self.path, &self.bytes).map_err(|e| Error::io(&self.path, e))
    }
}

/// Prepares the addition `req` asks for to the corpus in `dir`, checked
/// under `profile`; writes nothing ([`Addition::write`] does).
pub fn prepare(dir: &Path, profile: Profile, req: &Request) -> Result<Addition, AnnotateError> {
    let (index, opened) = GoldIndex::open_as(dir, profile)?;
    let i = index
        .position(&req.doc)
        .ok_or_else(|| AnnotateError::NoDocument {
            dir: dir.to_path_buf(),
            doc: req.doc.clone(),
        })?;
    let txt_path = index.txt_path(i);
    let path = txt_path.with_extension("jsonl");
    let current = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io(&path, e).into()),
    };

    // The document as it stands must validate (and so must the KB it
    // links to), or the check of the result would blame the new record.
    let mut before = Report::default();
    let kb_path = dir.join("kb.jsonl");
    before
        .diagnostics
        .extend(opened.diagnostics.into_iter().filter(|d| d.path == kb_path));
    let doc = index.load_with(i, &current, &mut before)?;
    let Some(doc) = doc.filter(|_| before.errors() == 0) else {
        before.sort();
        return Err(AnnotateError::DocumentInvalid { report: before });
    };

    let surface = req.surface.trim();
    if surface.is_empty() {
        return Err(AnnotateError::EmptySurface);
    }
    let (start, end) = locate(&doc, &txt_path, surface, req)?;
    let text = doc
        .article
        .slice(start, end)
        .expect("occurrences lie inside the article")
        .to_owned();
    duplicate(&doc, &req.annotation, start, end)?;

    let id = next_id(&doc, req.annotation.id_prefix());
    let record = build(&req.doc, &id, start, end, &text, &req.annotation, &path)?;
    let value = serde_json::to_value(&record).expect("records serialize");
    let Value::Object(object) = value else {
        unreachable!("a record is an object")
    };
    let line_text = record_line(&object);
    let (bytes, line) = insert(&current, &line_text, &SortKey::of(&object));

    let mut after = Report::default();
    index.load_with(i, &bytes, &mut after)?;
    if after.errors() > 0 {
        after.sort();
        return Err(AnnotateError::Invalid {
            path,
            line,
            report: after,
        });
    }
    Ok(Addition {
        path,
        id,
        line,
        start,
        end,
        text,
        record,
        record_line: line_text,
        bytes,
    })
}

fn locate(
    doc: &Doc,
    txt_path: &Path,
    surface: &str,
    req: &Request,
) -> Result<(usize, usize), AnnotateError> {
    let text = doc.article.text();
    let spans = occurrences(text, surface, req.folding);
    let chars: Vec<char> = text.chars().collect();
    let described = || -> Vec<Occurrence> {
        spans
            .iter()
            .map(|&(start, end)| Occurrence {
                start,
                end,
                context: context(&chars, start, end),
            })
            .collect()
    };
    match (spans.as_slice(), req.occurrence) {
        ([], _) => Err(AnnotateError::NotFound {
            path: txt_path.to_path_buf(),
            surface: surface.to_owned(),
            folding: req.folding,
            loosely: match req.folding {
                Folding::Exact => loose_occurrences(text, surface).len(),
                Folding::Loose => 0,
            },
        }),
        (&[one], None) => Ok(one),
        (_, None) => Err(AnnotateError::Ambiguous {
            path: txt_path.to_path_buf(),
            surface: surface.to_owned(),
            at: described(),
        }),
        (all, Some(n)) => match n.checked_sub(1).and_then(|k| all.get(k)) {
            Some(&span) => Ok(span),
            None => Err(AnnotateError::NoSuchOccurrence {
                path: txt_path.to_path_buf(),
                surface: surface.to_owned(),
                asked: n,
                at: described(),
            }),
        },
    }
}

/// Refuses a record the document already has: an entity of the same span
/// and type, an event of the same trigger and type, a casualty figure of
/// the same span and category. (The validator refuses duplicate entity
/// mentions too; this names the record it duplicates.)
fn duplicate(doc: &Doc, a: &Annotation, start: usize, end: usize) -> Result<(), AnnotateError> {
    for r in &doc.records {
        let found = match (&r.record, a) {
            (Record::Entity(e), Annotation::Entity { label, .. })
                if (e.start, e.end) == (Some(start), Some(end)) && &e.entity_type == label =>
            {
                Some((e.id.clone(), label.as_str().to_owned()))
            }
            (Record::Event(e), Annotation::Event { event_type, .. })
                if (e.trigger.start, e.trigger.end) == (Some(start), Some(end))
                    && e.event_type == *event_type =>
            {
                Some((e.id.clone(), event_type.as_str().to_owned()))
            }
            (Record::Casualty(c), Annotation::Casualty { category, .. })
                if (c.start, c.end) == (Some(start), Some(end)) && c.category == *category =>
            {
                Some((c.id.clone(), category.as_str().to_owned()))
            }
            _ => None,
        };
        if let Some((id, label)) = found {
            return Err(AnnotateError::Duplicate {
                path: doc.jsonl_path.clone(),
                line: r.line,
                id: id.unwrap_or_default(),
                kind: a.kind(),
                label,
                start,
                end,
            });
        }
    }
    Ok(())
}

/// One more than the highest `<prefix><number>` id in the document (ids
/// are unique across kinds, so every record is looked at). Gaps are left
/// as they are: a removed record's id is never reused, so an old reference
/// to it cannot silently point at a new record.
fn next_id(doc: &Doc, prefix: &str) -> String {
    let highest = doc
        .records
        .iter()
        .filter_map(|r| r.record.id())
        .filter_map(|id| id.strip_prefix(prefix))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|n| n.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{}", highest + 1)
}

fn build(
    doc: &str,
    id: &str,
    start: usize,
    end: usize,
    text: &str,
    a: &Annotation,
    path: &Path,
) -> Result<Record, AnnotateError> {
    Ok(match a {
        Annotation::Entity { label, r#ref } => Record::Entity(Entity {
            doc: doc.to_owned(),
            id: Some(id.to_owned()),
            entity_type: label.clone(),
            start: Some(start),
            end: Some(end),
            text: text.to_owned(),
            r#ref: r#ref.clone(),
        }),
        Annotation::Event {
            event_type,
            modality,
            args,
            reported_by,
        } => Record::Event(Event {
            doc: doc.to_owned(),
            id: Some(id.to_owned()),
            event_type: *event_type,
            trigger: Trigger {
                start: Some(start),
                end: Some(end),
                text: text.to_owned(),
            },
            args: args
                .iter()
                .map(|(role, mention)| Arg {
                    role: *role,
                    mention: Some(mention.clone()),
                    text: None,
                    r#ref: None,
                })
                .collect(),
            modality: *modality,
            reported_by: reported_by.clone(),
        }),
        Annotation::Casualty {
            category,
            count,
            group,
            side,
            source,
            event,
            scope,
        } => Record::Casualty(Casualty {
            doc: doc.to_owned(),
            id: Some(id.to_owned()),
            start: Some(start),
            end: Some(end),
            text: text.to_owned(),
            category: *category,
            count: complete_count(*count, text, path)?,
            victims: Some(Victims {
                group: *group,
                side: side.clone(),
            }),
            source: source.clone(),
            event: event.clone(),
            scope: Some(*scope),
        }),
    })
}

/// Fills in what the annotator left out of a count (see [`CountSpec`]).
fn complete_count(spec: CountSpec, text: &str, path: &Path) -> Result<Count, AnnotateError> {
    let read = read_count(text);
    let qualifier = spec.qualifier.unwrap_or(match read {
        Some(q) if q.value.is_none() => Qualifier::Vague,
        _ => Qualifier::Exact,
    });
    let value = spec.value.or(read.and_then(|q| q.value));
    let stated = Count {
        value,
        qualifier,
        low: None,
        high: None,
    };
    let (low, high) = match (spec.low, spec.high) {
        (Some(l), Some(h)) => (Some(l), Some(h)),
        (l, h) => match expected_bounds(&stated) {
            Some((el, eh)) => (l.or(el), h.or(eh)),
            None => {
                let (rl, rh) = read.map_or((None, None), |q| (q.low, q.high));
                (l.or(rl), h.or(rh))
            }
        },
    };
    if value.is_none() && low.is_none() && high.is_none() {
        return Err(AnnotateError::Count {
            path: path.to_path_buf(),
            message: format!(
                "no number can be read from «{text}»: give the value (or, for a vague count, its bounds)"
            ),
        });
    }
    Ok(Count {
        value,
        qualifier,
        low,
        high,
    })
}

/// `bytes` with `line` inserted after the last record that sorts at or
/// before `key` (at the top when none does); every other line is kept as
/// it is. Returns the new bytes and the new line's number (1-based).
fn insert(bytes: &[u8], line: &str, key: &SortKey) -> (Vec<u8>, usize) {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    let mut at = 0;
    for (i, l) in lines.iter().enumerate() {
        if let Ok(Value::Object(o)) = serde_json::from_str::<Value>(l.trim_end_matches('\r'))
            && SortKey::of(&o) <= *key
        {
            at = i + 1;
        }
    }
    lines.insert(at, line);
    let mut out = lines.join("\n");
    out.push('\n');
    (out.into_bytes(), at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_occurrences_are_code_points_and_may_overlap() {
        let t = "قره باغ وقره باغ";
        assert_eq!(exact_occurrences(t, "قره باغ"), [(0, 7), (9, 16)]);
        assert_eq!(exact_occurrences("ااا", "اا"), [(0, 2), (1, 3)]);
        assert_eq!(exact_occurrences(t, "بغداد"), []);
    }

    #[test]
    fn loose_occurrences_map_back_to_the_original_spelling() {
        // Hamza, diacritics, teh marbuta, Persian yeh, a double space and
        // an Arabic-Indic digit all differ from what is typed.
        let t = "قالت أذربيجانُ إن  الهدنةَ في کاراباخ منذ ٢٧ سبتمبر";
        let at = |s: &str| {
            let (a, b) = loose_occurrences(t, s)[0];
            t.chars().skip(a).take(b - a).collect::<String>()
        };
        assert_eq!(at("اذربيجان"), "أذربيجانُ");
        assert_eq!(at("ان الهدنه"), "إن  الهدنةَ");
        assert_eq!(at("كاراباخ"), "کاراباخ");
        assert_eq!(at("27 سبتمبر"), "٢٧ سبتمبر");
        assert!(loose_occurrences(t, "موسكو").is_empty());
    }

    #[test]
    fn context_marks_the_span() {
        let chars: Vec<char> = "أعلنت أذربيجان\nوقف إطلاق النار".chars().collect();
        assert_eq!(context(&chars, 6, 14), "أعلنت «أذربيجان»⏎وقف إطلاق النا…");
    }

    #[test]
    fn counts_are_completed_from_the_surface_and_qualifier() {
        let p = Path::new("d.jsonl");
        let c = complete_count(CountSpec::default(), "ثمانية جنود", p).unwrap();
        assert_eq!((c.value, c.low, c.high), (Some(8), Some(8), Some(8)));
        let more = CountSpec {
            qualifier: Some(Qualifier::MoreThan),
            ..CountSpec::default()
        };
        let c = complete_count(more, "أكثر من 200 مدني", p).unwrap();
        assert_eq!((c.value, c.low, c.high), (Some(200), Some(201), None));
        let c = complete_count(CountSpec::default(), "عشرات القتلى", p).unwrap();
        assert_eq!((c.qualifier, c.value), (Qualifier::Vague, None));
        assert!(c.low.is_some() && c.high.is_some());
        assert!(complete_count(CountSpec::default(), "الجنود", p).is_err());
    }

    #[test]
    fn inserts_in_canonical_place_keeping_other_lines() {
        let file = "{\"kind\":\"document\",\"doc\":\"d\"}\n{\"kind\":\"entity\",\"doc\":\"d\",\"id\":\"e1\",\"start\":0,\"end\":2}\n{\"kind\":\"entity\",\"doc\":\"d\",\"id\":\"e2\",\"start\":9,\"end\":12}\n";
        let new: serde_json::Map<String, Value> = serde_json::from_str(
            "{\"kind\":\"entity\",\"doc\":\"d\",\"id\":\"e3\",\"start\":4,\"end\":6}",
        )
        .unwrap();
        let (out, line) = insert(file.as_bytes(), "NEW", &SortKey::of(&new));
        assert_eq!(line, 3);
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], "NEW");
        assert_eq!(lines.len(), 4);
        assert!(out.starts_with("{\"kind\":\"document\",\"doc\":\"d\"}\n"));
        let (out, line) = insert(b"", "NEW", &SortKey::of(&new));
        assert_eq!((out, line), (b"NEW\n".to_vec(), 1));
    }
}
