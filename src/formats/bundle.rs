//! The one shape every converter reads into and writes from: articles with
//! their records, and the KB.
//!
//! `hudna convert --from F --to G` is `G::write(F::read(input))`, so a
//! format is one reader and one writer against this shape, never a reader
//! per target. The records are hudna's own ([`crate::record::Record`]):
//! offsets in code points over `text`, end exclusive; a reader converts a
//! format's units on the way in and proves every span against the text
//! before the record exists, a writer converts on the way out.
//!
//! What a writer cannot put in its format is not left out in silence: it
//! counts it as a [`Loss`], and `hudna convert` prints the counts.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::limits::{LimitError, MAX_CONVERT_FILE_BYTES};
use crate::record::{Casualty, Entity, Event, KbEntry, Record};

/// Articles with their records, and the KB they link to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bundle {
    /// The documents, in the order they are written.
    pub docs: Vec<Annotated>,
    /// KB entries (empty when the input has none).
    pub kb: Vec<KbEntry>,
}

/// One article and its records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotated {
    /// Document id.
    pub id: String,
    /// The article text, exactly as stored.
    pub text: String,
    /// Its records, in file order.
    pub records: Vec<Record>,
}

impl Annotated {
    /// Entity mentions.
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.records.iter().filter_map(|r| match r {
            Record::Entity(e) => Some(e),
            _ => None,
        })
    }

    /// Event mentions.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.records.iter().filter_map(|r| match r {
            Record::Event(e) => Some(e),
            _ => None,
        })
    }

    /// Casualty figures.
    pub fn casualties(&self) -> impl Iterator<Item = &Casualty> {
        self.records.iter().filter_map(|r| match r {
            Record::Casualty(c) => Some(c),
            _ => None,
        })
    }

    /// How many records of `kind` (`"entity"`, `"zone"`…) it has.
    pub fn count(&self, kind: &str) -> usize {
        self.records.iter().filter(|r| r.kind() == kind).count()
    }
}

impl Bundle {
    /// How many records of `kind` the documents have.
    pub fn count(&self, kind: &str) -> usize {
        self.docs.iter().map(|d| d.count(kind)).sum()
    }
}

/// Something a format could not hold (or held only in part), counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// How many.
    pub count: usize,
    /// Of what, and what became of them where not simply dropped
    /// ("event records", "entity spans widened to whole tokens").
    pub what: String,
}

/// The losses of one conversion, in the order they were first counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Losses(Vec<Loss>);

impl Losses {
    /// Counts `n` more of `what` (nothing when `n` is 0).
    pub fn add(&mut self, what: &str, n: usize) {
        if n == 0 {
            return;
        }
        match self.0.iter_mut().find(|l| l.what == what) {
            Some(l) => l.count += n,
            None => self.0.push(Loss {
                count: n,
                what: what.to_owned(),
            }),
        }
    }

    /// The losses.
    pub fn iter(&self) -> impl Iterator<Item = &Loss> {
        self.0.iter()
    }

    /// Whether nothing was lost.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The count of `what` (0 when none).
    pub fn get(&self, what: &str) -> usize {
        self.0
            .iter()
            .find(|l| l.what == what)
            .map_or(0, |l| l.count)
    }

    /// Adds every loss of `other`.
    pub fn extend(&mut self, other: Losses) {
        for l in other.0 {
            self.add(&l.what, l.count);
        }
    }

    /// Counts the records of the kinds in `kinds` as not held.
    pub fn not_held(&mut self, bundle: &Bundle, kinds: &[&str]) {
        for kind in kinds {
            self.add(&format!("{kind} records"), bundle.count(kind));
        }
    }
}

/// What a writer produced: files relative to the output (an empty path is
/// the output file itself) and what it could not hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    /// The files, in the order they are written.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// What the format could not hold.
    pub losses: Losses,
}

/// Reads a file whole, through [`MAX_CONVERT_FILE_BYTES`]: an I/O error,
/// a file over the cap, or its bytes.
pub fn read_capped(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_CONVERT_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() > MAX_CONVERT_FILE_BYTES {
        return Err(Error::Limit(LimitError {
            what: "bytes in one file to convert",
            value: bytes.len(),
            max: MAX_CONVERT_FILE_BYTES,
            why: "a converter holds the whole file and what it parses into; split the file",
        }));
    }
    Ok(bytes)
}

/// The text of a file, or a diagnostic when it is not UTF-8. A leading
/// byte-order mark is refused, as everywhere in hudna: it would be a
/// character at offset 0 for one tool and nothing for another.
#[allow(clippy::result_large_err)] // once per file
pub fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err(crate::jsonl::bom(path));
    }
    String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            path,
            None,
            "",
            "utf8",
            format!(
                "not valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to() + 1
            ),
        )
    })
}

/// Whether `id` is a valid document id (`^[a-z0-9][a-z0-9-]{2,63}$`): it
/// names the article's files.
pub fn doc_id_ok(id: &str) -> bool {
    crate::validate::doc_id_is_valid(id)
}

/// Whether `id` is a valid record id (`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`).
pub fn record_id_ok(id: &str) -> bool {
    let b = id.as_bytes();
    (1..=64).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// The error for a document id a reader found that cannot name files.
pub fn bad_doc_id(path: &Path, line: Option<usize>, pointer: &str, id: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        line,
        pointer,
        "doc-id",
        format!("document id `{id}` does not match ^[a-z0-9][a-z0-9-]{{2,63}}$"),
    )
    .with_hint("the id names the article's files: lower-case letters, digits and hyphens")
}

/// Gives every record an id unique in its document: an id the source gave
/// is kept when it is valid and not taken; the others get the kind's
/// letter and the next free number (`e7`). Returns how many records got a
/// new id because the one they had was invalid or repeated.
pub fn assign_ids(records: &mut [Record], wanted: &[Option<String>]) -> usize {
    let mut taken: HashSet<String> = HashSet::new();
    let mut keep = vec![false; records.len()];
    let mut replaced = 0;
    for (i, w) in wanted.iter().enumerate().take(records.len()) {
        if let Some(id) = w {
            if record_id_ok(id) && taken.insert(id.clone()) {
                keep[i] = true;
            } else {
                replaced += 1;
            }
        }
    }
    let mut next: BTreeMap<char, usize> = BTreeMap::new();
    for (i, r) in records.iter_mut().enumerate() {
        let id = if keep[i] {
            wanted[i].clone().expect("kept ids are given")
        } else {
            let letter = match r {
                Record::Zone(_) => 'z',
                Record::Entity(_) => 'e',
                Record::Event(_) => 'v',
                Record::Casualty(_) => 'c',
                Record::Document(_) => continue,
            };
            let n = next.entry(letter).or_insert(0);
            loop {
                *n += 1;
                let candidate = format!("{letter}{n}");
                if taken.insert(candidate.clone()) {
                    break candidate;
                }
            }
        };
        match r {
            Record::Zone(z) => z.id = id,
            Record::Entity(e) => e.id = Some(id),
            Record::Event(e) => e.id = Some(id),
            Record::Casualty(c) => c.id = Some(id),
            Record::Document(_) => {}
        }
    }
    replaced
}

/// What is wrong with a span a reader met, before it becomes a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanProblem {
    /// `end` is not after `start`.
    Empty,
    /// `end` is past the end of the text (its length in the same units).
    PastEnd(usize),
    /// An offset falls between the two UTF-16 code units of one character
    /// (the code point it cuts).
    SplitsPair(usize),
    /// The text the source gives is not the text's slice.
    Text {
        /// What the offsets give.
        slice: String,
        /// What the source says.
        given: String,
    },
}

impl SpanProblem {
    /// The diagnostic, on `pointer` (the offset or text field).
    pub fn diagnostic(
        &self,
        path: &Path,
        line: Option<usize>,
        pointer: &str,
        start: usize,
        end: usize,
    ) -> Diagnostic {
        let (code, message) = match self {
            SpanProblem::Empty => (
                "span",
                format!("end {end} is not after start {start}: an empty span"),
            ),
            SpanProblem::PastEnd(len) => (
                "span",
                format!("end {end} is past the end of the text ({len} long)"),
            ),
            SpanProblem::SplitsPair(at) => (
                "span",
                format!(
                    "span {start}..{end}: the offset splits the two UTF-16 code units of the character at code point {at}"
                ),
            ),
            SpanProblem::Text { slice, given } => (
                "text-mismatch",
                format!(
                    "offsets {start}..{end} give «{}» but the record says «{}»",
                    abbrev(slice),
                    abbrev(given)
                ),
            ),
        };
        Diagnostic::error(path, line, pointer, code, message)
    }
}

/// `text[start..end]` in code points, checked: non-empty and in range.
pub fn slice(article: &Article, start: usize, end: usize) -> Result<&str, SpanProblem> {
    if end <= start {
        return Err(SpanProblem::Empty);
    }
    article
        .slice(start, end)
        .ok_or(SpanProblem::PastEnd(article.len()))
}

/// Shortens quoted text in messages.
pub fn abbrev(s: &str) -> String {
    const MAX: usize = 60;
    let n = s.chars().count();
    let flat = |t: &str| t.replace('\n', "\\n").replace('\r', "\\r");
    if n <= MAX {
        flat(s)
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{}… ({n} characters)", flat(&head))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Entity;
    use crate::vocab::EntityLabel;

    fn entity(id: Option<&str>) -> Record {
        Record::Entity(Entity {
            doc: "d".into(),
            id: id.map(str::to_owned),
            entity_type: EntityLabel::parse("X"),
            start: Some(0),
            end: Some(1),
            text: "a".into(),
            r#ref: None,
        })
    }

    #[test]
    fn ids_are_kept_when_valid_and_free_and_made_otherwise() {
        let wanted = vec![
            Some("e2".to_owned()),
            None,
            Some("e2".to_owned()),
            Some("bad id".to_owned()),
            Some("keep.me".to_owned()),
        ];
        let mut rs: Vec<Record> = (0..5).map(|_| entity(None)).collect();
        assert_eq!(assign_ids(&mut rs, &wanted), 2);
        let ids: Vec<&str> = rs.iter().map(|r| r.id().unwrap()).collect();
        assert_eq!(ids, ["e2", "e1", "e3", "e4", "keep.me"]);
    }

    #[test]
    fn losses_add_up_and_skip_zero() {
        let mut l = Losses::default();
        l.add("a", 0);
        assert!(l.is_empty());
        l.add("a", 2);
        l.add("b", 1);
        l.add("a", 3);
        assert_eq!((l.get("a"), l.get("b"), l.get("c")), (5, 1, 0));
        assert_eq!(l.iter().count(), 2);
    }

    #[test]
    fn record_ids() {
        for ok in ["e1", "T12", "a", "x_y.z-1"] {
            assert!(record_id_ok(ok), "{ok}");
        }
        for bad in ["", "_a", "a b", "é", &"a".repeat(65)] {
            assert!(!record_id_ok(bad), "{bad}");
        }
    }
}
