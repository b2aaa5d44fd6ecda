//! CoNLL / IOB files: the two-column format most NER taggers write
//! (Hugging Face token classification, flair, CAMeL Tools).
//!
//! ```text
//! -DOCSTART-
//!
//! قال  O
//! الرئيس  O
//! إلهام  B-PER
//! علييف  I-PER
//!
//! باكو  B-LOC
//! ```
//!
//! One token per line, its tag after a tab or spaces; a blank line ends a
//! sentence; a line whose first column is `-DOCSTART-` starts a document (the
//! rest of that line is ignored, as CoNLL-2003's `-DOCSTART- -X- -X- O` has
//! it). A file without `-DOCSTART-` is one document. Tags are `O` or a prefix
//! `B-`, `I-`, `E-`, `S-` and a type; which of them make a chunk is
//! [`super::iob`]'s business, not the reader's.
//!
//! Only a space or a tab separates columns: a token may hold any other
//! character, the no-break space included (Python's `str.split()` would cut
//! it). Exactly two columns: a four-column CoNLL-2003 file or a three-column
//! conlleval file (token, gold, prediction) would otherwise be read with the
//! wrong column as the tag, without a word. The one exception is asked for
//! by name ([`read_layered`]): nested mentions written one layer per tag
//! column, as `hudna convert` writes them and Wojood's nested files have
//! them, where every line has the same number of tag columns.
//!
//! The rest of a `-DOCSTART-` line is ignored, except that a second column
//! other than CoNLL-2003's `-X-` is kept as the document's name
//! ([`Document::name`]): `hudna convert` writes the document id there, and
//! reads it back to know which article a document's tokens come from.
//!
//! The reader never panics and never holds more than the caps in
//! [`crate::limits`] allow: a bad line is a diagnostic naming the file, the
//! line and the column, and reading goes on so that one run lists every
//! problem (up to [`MAX_PROBLEMS`]).

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::limits::{
    MAX_CONLL_DOCUMENTS, MAX_CONLL_LINE_BYTES, MAX_CONLL_TAG_COLUMNS, MAX_CONLL_TOKENS,
    MAX_CONLL_TYPE_BYTES, MAX_CONLL_TYPES,
};

/// File extensions read as CoNLL.
pub const EXTENSIONS: [&str; 3] = ["conll", "iob", "bio"];

/// The first column of a line that starts a document.
pub const DOCSTART: &str = "-DOCSTART-";

/// Problems listed for one file before reading stops: past a few dozen, the
/// file is in another format and more lines say nothing new.
pub const MAX_PROBLEMS: usize = 50;

/// Whether `path` names a CoNLL file (by its extension).
pub fn is_conll_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The prefix of a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prefix {
    /// `B-`: begins a chunk.
    B,
    /// `I-`: inside a chunk.
    I,
    /// `E-`: ends a chunk (IOBES).
    E,
    /// `S-`: a one-token chunk (IOBES).
    S,
    /// `O`: outside any chunk.
    O,
}

impl Prefix {
    /// The letter.
    pub fn as_char(self) -> char {
        match self {
            Prefix::B => 'B',
            Prefix::I => 'I',
            Prefix::E => 'E',
            Prefix::S => 'S',
            Prefix::O => 'O',
        }
    }
}

/// A tag: its prefix and its type, an index into [`TaggedFile::types`]
/// (types are few and tokens many, so each is stored once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    /// The prefix.
    pub prefix: Prefix,
    /// The type's index; meaningless for `O`.
    pub ty: u32,
}

impl Tag {
    /// The `O` tag.
    pub const O: Tag = Tag {
        prefix: Prefix::O,
        ty: u32::MAX,
    };
}

/// One token line.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// 1-based line in its file.
    pub line: usize,
    /// The token.
    pub text: Box<str>,
    /// Its tag.
    pub tag: Tag,
}

/// A sentence: the tokens between two blank lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    /// Its tokens, never none.
    pub tokens: Vec<Token>,
    /// The tags of the second and later tag columns of a file read with
    /// [`read_layered`], one vector per column, each as long as `tokens`
    /// (the first column's tags are the tokens' own); empty otherwise.
    /// Kept by column, not by token, so that a column chunks as one slice.
    pub layers: Vec<Vec<Tag>>,
}

/// A document: the sentences after a `-DOCSTART-` line (or the whole file).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The line of its `-DOCSTART-`, if it has one.
    pub line: Option<usize>,
    /// The second column of its `-DOCSTART-` line, unless absent or
    /// CoNLL-2003's `-X-`: the document id `hudna convert` writes there.
    pub name: Option<String>,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Its tokens, sentence after sentence.
    pub fn tokens(&self) -> impl Iterator<Item = &Token> {
        self.sentences.iter().flat_map(|s| &s.tokens)
    }
}

/// A CoNLL file read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaggedFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its documents: at least one (an empty file is one empty document).
    pub documents: Vec<Document>,
    /// Whether any line was a `-DOCSTART-`.
    pub has_docstart: bool,
    types: Vec<String>,
}

impl TaggedFile {
    /// The entity types its tags use, in order of first use.
    pub fn types(&self) -> &[String] {
        &self.types
    }

    /// The type of a tag (`""` for `O`).
    pub fn type_of(&self, tag: Tag) -> &str {
        match tag.prefix {
            Prefix::O => "",
            _ => self.types.get(tag.ty as usize).map_or("", String::as_str),
        }
    }

    /// A tag as written (`B-PER`, `O`).
    pub fn tag_text(&self, tag: Tag) -> String {
        match tag.prefix {
            Prefix::O => "O".into(),
            p => format!("{}-{}", p.as_char(), self.type_of(tag)),
        }
    }

    /// Its sentences, document after document.
    pub fn sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.documents.iter().flat_map(|d| &d.sentences)
    }

    /// Number of tokens.
    pub fn token_count(&self) -> usize {
        self.sentences().map(|s| s.tokens.len()).sum()
    }
}

/// How many tag columns a line may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TagColumns {
    /// Exactly one, after the token: what scoring reads.
    #[default]
    One,
    /// One or more (at most [`MAX_CONLL_TAG_COLUMNS`]), the same number on
    /// every token line: one layer of nested mentions per column.
    Layered,
}

/// Reads the CoNLL file at `path`. `Err` only when it cannot be read; what
/// is wrong with its content is in the report (and a file with errors must
/// not be scored).
pub fn read(path: &Path) -> Result<(TaggedFile, Report), Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_from(
        path,
        std::io::BufReader::with_capacity(1 << 16, file),
        TagColumns::One,
    )
}

/// Reads CoNLL text from `bytes`; `path` only labels the diagnostics.
pub fn parse(path: &Path, bytes: &[u8]) -> (TaggedFile, Report) {
    parse_with(path, bytes, TagColumns::One)
}

/// Reads the CoNLL file at `path` whose lines may carry several tag
/// columns ([`TagColumns::Layered`]): the extra columns' tags are in each
/// sentence's [`Sentence::layers`].
pub fn read_layered(path: &Path) -> Result<(TaggedFile, Report), Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_from(
        path,
        std::io::BufReader::with_capacity(1 << 16, file),
        TagColumns::Layered,
    )
}

/// Reads CoNLL text from `bytes` with `columns` tag columns; `path` only
/// labels the diagnostics.
pub fn parse_with(path: &Path, bytes: &[u8], columns: TagColumns) -> (TaggedFile, Report) {
    // Reading from memory cannot fail.
    read_from(path, bytes, columns).unwrap_or_else(|_| (TaggedFile::default(), Report::default()))
}

/// What the reader is building.
struct Builder {
    file: TaggedFile,
    report: Report,
    type_index: HashMap<String, u32>,
    /// The document being read, if it has begun (by a `-DOCSTART-` line or
    /// a token).
    doc: Option<Document>,
    sentence: Vec<Token>,
    /// The extra tag columns of the sentence being read.
    sentence_layers: Vec<Vec<Tag>>,
    columns: TagColumns,
    /// Tag columns per line in a layered file: fixed by its first token line.
    width: Option<(usize, usize)>,
    tokens: usize,
    /// Reading stopped: a cap was reached or too many problems.
    stopped: bool,
}

impl Builder {
    fn problem(&mut self, d: Diagnostic) {
        if self.report.diagnostics.len() + 1 >= MAX_PROBLEMS {
            self.report.push(
                Diagnostic::error(
                    &self.file.path,
                    d.line,
                    "",
                    "conll-stopped",
                    format!("{MAX_PROBLEMS} problems: reading stopped here"),
                )
                .with_hint("is this a CoNLL file? one token and its tag per line, a blank line between sentences"),
            );
            self.stopped = true;
        } else {
            self.report.push(d);
        }
    }

    /// A cap reached: one error, and nothing more is read.
    fn cap(&mut self, line: usize, code: &'static str, message: String, hint: &str) {
        self.report.push(
            Diagnostic::error(&self.file.path, Some(line), "", code, message).with_hint(hint),
        );
        self.stopped = true;
    }

    fn end_sentence(&mut self) {
        if !self.sentence.is_empty() {
            let tokens = std::mem::take(&mut self.sentence);
            let layers = std::mem::take(&mut self.sentence_layers);
            self.doc
                .get_or_insert_with(Document::default)
                .sentences
                .push(Sentence { tokens, layers });
        }
    }

    fn end_document(&mut self) {
        self.end_sentence();
        if let Some(d) = self.doc.take() {
            self.file.documents.push(d);
        }
    }

    fn type_id(&mut self, ty: &str, line: usize) -> Option<u32> {
        if let Some(&i) = self.type_index.get(ty) {
            return Some(i);
        }
        if self.file.types.len() >= MAX_CONLL_TYPES {
            self.cap(
                line,
                "conll-types",
                format!("more than {MAX_CONLL_TYPES} distinct entity types"),
                "each type is a column of every report; a tag set has a few dozen",
            );
            return None;
        }
        let i = self.file.types.len() as u32;
        self.file.types.push(ty.to_owned());
        self.type_index.insert(ty.to_owned(), i);
        Some(i)
    }

    fn line(&mut self, n: usize, text: &str) {
        let mut cols = text.split([' ', '\t']).filter(|c| !c.is_empty());
        let Some(first) = cols.next() else {
            self.end_sentence();
            return;
        };
        if first == DOCSTART {
            self.end_document();
            if self.file.documents.len() >= MAX_CONLL_DOCUMENTS {
                self.cap(
                    n,
                    "conll-documents",
                    format!("more than {MAX_CONLL_DOCUMENTS} documents"),
                    "split the file",
                );
                return;
            }
            self.file.has_docstart = true;
            self.doc = Some(Document {
                line: Some(n),
                name: cols.next().filter(|c| *c != "-X-").map(str::to_owned),
                sentences: Vec::new(),
            });
            return;
        }
        let rest: Vec<&str> = cols.collect();
        let path = self.file.path.clone();
        if self.columns == TagColumns::Layered && !rest.is_empty() {
            self.layered_line(n, first, &rest);
            return;
        }
        let tag_text = match rest.as_slice() {
            [tag] => *tag,
            [] => {
                self.problem(
                    Diagnostic::error(
                        &path,
                        Some(n),
                        "tag",
                        "conll-columns",
                        format!("token `{}` has no tag", abbrev(first)),
                    )
                    .with_hint(
                        "each line is a token, a tab or spaces, and its tag (O, B-PER, I-PER…)",
                    ),
                );
                return;
            }
            more => {
                self.problem(
                    Diagnostic::error(
                        &path,
                        Some(n),
                        "columns",
                        "conll-columns",
                        format!(
                            "{} columns; hudna reads two, a token and its tag",
                            more.len() + 1
                        ),
                    )
                    .with_hint(
                        "keep the token and the NER tag, e.g. awk '{print $1 \"\\t\" $NF}' for CoNLL-2003's four columns (a blank line stays blank)",
                    ),
                );
                return;
            }
        };
        let Some(tag) = self.tag(n, tag_text) else {
            return;
        };
        self.push_token(n, first, tag);
    }

    /// A tag, or `None` when it is bad (a problem) or a cap is reached.
    fn tag(&mut self, n: usize, tag_text: &str) -> Option<Tag> {
        match parse_tag(tag_text) {
            Ok((Prefix::O, _)) => Some(Tag::O),
            Ok((prefix, ty)) => self.type_id(ty, n).map(|ty| Tag { prefix, ty }),
            Err(problem) => {
                let path = self.file.path.clone();
                self.problem(problem.diagnostic(&path, n, tag_text));
                None
            }
        }
    }

    /// A token line of a layered file: `tags` has one or more columns, as
    /// many as the file's first token line.
    fn layered_line(&mut self, n: usize, token: &str, tags: &[&str]) {
        let path = self.file.path.clone();
        if tags.len() > MAX_CONLL_TAG_COLUMNS {
            self.problem(
                Diagnostic::error(
                    &path,
                    Some(n),
                    "columns",
                    "conll-columns",
                    format!(
                        "{} tag columns; hudna reads at most {MAX_CONLL_TAG_COLUMNS}",
                        tags.len()
                    ),
                )
                .with_hint("one column per layer of nested mentions"),
            );
            return;
        }
        match self.width {
            Some((width, first)) if width != tags.len() => {
                self.problem(
                    Diagnostic::error(
                        &path,
                        Some(n),
                        "columns",
                        "conll-columns",
                        format!(
                            "{} tag columns, where line {first} has {width}",
                            tags.len()
                        ),
                    )
                    .with_hint("every token line has the same number of tag columns (O where a layer has no mention)"),
                );
                return;
            }
            Some(_) => {}
            None => self.width = Some((tags.len(), n)),
        }
        let mut parsed = Vec::with_capacity(tags.len());
        for t in tags {
            match self.tag(n, t) {
                Some(tag) => parsed.push(tag),
                None => return,
            }
        }
        if !self.push_token(n, token, parsed[0]) {
            return;
        }
        if self.sentence_layers.len() < parsed.len() - 1 {
            self.sentence_layers.resize(parsed.len() - 1, Vec::new());
        }
        for (layer, tag) in self.sentence_layers.iter_mut().zip(&parsed[1..]) {
            layer.push(*tag);
        }
    }

    /// Adds a token to the sentence; `false` when the token cap is reached.
    fn push_token(&mut self, n: usize, text: &str, tag: Tag) -> bool {
        if self.tokens >= MAX_CONLL_TOKENS {
            self.cap(
                n,
                "conll-tokens",
                format!("more than {MAX_CONLL_TOKENS} tokens"),
                "split the file into parts and score each, or merge their reports",
            );
            return false;
        }
        self.tokens += 1;
        self.sentence.push(Token {
            line: n,
            text: text.into(),
            tag,
        });
        true
    }
}

/// Reads CoNLL text from `reader`.
pub(crate) fn read_from(
    path: &Path,
    mut reader: impl BufRead,
    columns: TagColumns,
) -> Result<(TaggedFile, Report), Error> {
    let mut b = Builder {
        file: TaggedFile {
            path: path.to_path_buf(),
            ..TaggedFile::default()
        },
        report: Report::default(),
        type_index: HashMap::new(),
        doc: None,
        sentence: Vec::new(),
        sentence_layers: Vec::new(),
        columns,
        width: None,
        tokens: 0,
        stopped: false,
    };
    let mut raw = Vec::new();
    let mut n = 0usize;
    while !b.stopped {
        raw.clear();
        let got = (&mut reader)
            .take(MAX_CONLL_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut raw)
            .map_err(|e| Error::io(path, e))?;
        if got == 0 {
            break;
        }
        n += 1;
        if got > MAX_CONLL_LINE_BYTES && raw.last() != Some(&b'\n') {
            b.problem(
                Diagnostic::error(
                    path,
                    Some(n),
                    "",
                    "line-too-long",
                    format!("line is longer than {MAX_CONLL_LINE_BYTES} bytes"),
                )
                .with_hint("one token and its tag per line"),
            );
            // Skip the rest of the line without holding it.
            loop {
                raw.clear();
                let more = (&mut reader)
                    .take(1 << 16)
                    .read_until(b'\n', &mut raw)
                    .map_err(|e| Error::io(path, e))?;
                if more == 0 || raw.last() == Some(&b'\n') {
                    break;
                }
            }
            continue;
        }
        let mut body: &[u8] = &raw;
        if n == 1
            && let Some(rest) = body.strip_prefix(b"\xEF\xBB\xBF")
        {
            b.problem(crate::jsonl::bom(path));
            body = rest;
        }
        let body = body.strip_suffix(b"\n").unwrap_or(body);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        match std::str::from_utf8(body) {
            Ok(text) => b.line(n, text),
            Err(e) => b.problem(
                Diagnostic::error(
                    path,
                    Some(n),
                    "",
                    "utf8",
                    format!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1),
                )
                .with_hint("CoNLL files must be UTF-8"),
            ),
        }
    }
    b.end_document();
    if b.file.documents.is_empty() {
        b.file.documents.push(Document::default());
    }
    b.report.sort();
    Ok((b.file, b.report))
}

/// What is wrong with a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagProblem {
    /// Not `O` nor a prefix, a hyphen and a type.
    NotATag,
    /// A BILOU tag (`U-`, `L-`).
    Bilou,
    /// A prefix and a hyphen with no type after it.
    NoType,
    /// A type that starts or ends with a hyphen.
    HyphenEdge,
    /// A type longer than [`MAX_CONLL_TYPE_BYTES`].
    LongType,
}

impl TagProblem {
    fn diagnostic(self, path: &Path, line: usize, tag: &str) -> Diagnostic {
        let t = abbrev(tag);
        let (message, hint) = match self {
            TagProblem::NotATag => (
                format!("`{t}` is not an IOB tag"),
                "a tag is O, or B-, I-, E- or S- followed by the type (B-PER)",
            ),
            TagProblem::Bilou => (
                format!("`{t}` is a BILOU tag"),
                "hudna reads IOB2 (B-, I-, O) and IOBES (E-, S-); write U- as S- and L- as E-",
            ),
            TagProblem::NoType => (
                format!("`{t}` has no type after its prefix"),
                "write the type after the hyphen: B-PER",
            ),
            TagProblem::HyphenEdge => (
                format!("the type of `{t}` starts or ends with a hyphen"),
                "seqeval reads such a type one way in its default mode and another in strict mode; rename the type",
            ),
            TagProblem::LongType => (
                format!("the type of `{t}` is longer than {MAX_CONLL_TYPE_BYTES} bytes"),
                "a type is a short label such as PER or MISC",
            ),
        };
        Diagnostic::error(path, Some(line), "tag", "iob-tag", message).with_hint(hint)
    }
}

/// Splits a tag into its prefix and type (`""` for `O`).
pub fn parse_tag(tag: &str) -> Result<(Prefix, &str), TagProblem> {
    if tag == "O" {
        return Ok((Prefix::O, ""));
    }
    let b = tag.as_bytes();
    if b.len() < 2 || b[1] != b'-' {
        return Err(TagProblem::NotATag);
    }
    let prefix = match b[0] {
        b'B' => Prefix::B,
        b'I' => Prefix::I,
        b'E' => Prefix::E,
        b'S' => Prefix::S,
        b'U' | b'L' => return Err(TagProblem::Bilou),
        _ => return Err(TagProblem::NotATag),
    };
    // Both bytes are ASCII, so byte 2 is a character boundary.
    let ty = &tag[2..];
    if ty.is_empty() {
        Err(TagProblem::NoType)
    } else if ty.starts_with('-') || ty.ends_with('-') {
        Err(TagProblem::HyphenEdge)
    } else if ty.len() > MAX_CONLL_TYPE_BYTES {
        Err(TagProblem::LongType)
    } else {
        Ok((prefix, ty))
    }
}

/// Shortens what a message quotes from a line.
fn abbrev(s: &str) -> String {
    const MAX: usize = 40;
    let n = s.chars().count();
    if n <= MAX {
        s.to_owned()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}… ({n} characters)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (TaggedFile, Report) {
        parse(Path::new("t.conll"), text.as_bytes())
    }

    fn codes(r: &Report) -> Vec<(Option<usize>, &'static str)> {
        r.diagnostics.iter().map(|d| (d.line, d.code)).collect()
    }

    #[test]
    fn documents_sentences_and_tokens() {
        let (f, r) = read(
            "-DOCSTART- -X- -X- O\n\nقال\tO\nعلييف  B-PER\n\n\n باكو \t B-LOC \r\n-DOCSTART-\nx O\n",
        );
        assert_eq!(r.errors(), 0, "{}", r.render_text());
        assert!(f.has_docstart);
        assert_eq!(f.documents.len(), 2);
        assert_eq!(f.documents[0].line, Some(1));
        assert_eq!(f.documents[0].sentences.len(), 2);
        let t = &f.documents[0].sentences[1].tokens[0];
        assert_eq!(
            (t.line, &*t.text, f.tag_text(t.tag)),
            (7, "باكو", "B-LOC".into())
        );
        assert_eq!(f.types(), ["PER", "LOC"]);
        assert_eq!(f.token_count(), 4);
    }

    #[test]
    fn no_docstart_is_one_document_and_an_empty_file_one_empty_one() {
        let (f, r) = read("a O\nb B-X\n");
        assert_eq!(
            (f.documents.len(), f.has_docstart, r.errors()),
            (1, false, 0)
        );
        let (f, r) = read("");
        assert_eq!(f.documents, vec![Document::default()]);
        assert_eq!(r.errors(), 0);
        let (f, _) = read("\n \n\t\n");
        assert_eq!(f.token_count(), 0);
    }

    #[test]
    fn tokens_before_the_first_docstart_are_a_document() {
        let (f, _) = read("a O\n-DOCSTART-\nb O\n-DOCSTART-\n");
        assert_eq!(f.documents.len(), 3);
        assert_eq!(f.documents[0].line, None);
        assert!(f.documents[2].sentences.is_empty());
    }

    #[test]
    fn a_no_break_space_stays_inside_the_token() {
        let (f, r) = read("a\u{a0}b O\n");
        assert_eq!(r.errors(), 0);
        assert_eq!(&*f.documents[0].sentences[0].tokens[0].text, "a\u{a0}b");
    }

    #[test]
    fn every_bad_line_is_named_and_reading_goes_on() {
        let (f, r) = read("a\nb O x\nc PER\nd B-\ne U-PER\nf B-PER-\n\u{feff}g O\nh I-ORG\n");
        assert_eq!(
            codes(&r),
            vec![
                (Some(1), "conll-columns"),
                (Some(2), "conll-columns"),
                (Some(3), "iob-tag"),
                (Some(4), "iob-tag"),
                (Some(5), "iob-tag"),
                (Some(6), "iob-tag"),
            ]
        );
        assert_eq!(f.token_count(), 2, "the good lines are kept");
        let bad = parse(Path::new("t.conll"), b"a O\n\xff O\n");
        assert_eq!(codes(&bad.1), vec![(Some(2), "utf8")]);
        let bom = parse(Path::new("t.conll"), b"\xEF\xBB\xBFa O\n");
        assert_eq!(codes(&bom.1), vec![(Some(1), "bom")]);
    }

    #[test]
    fn docstart_names_and_layered_columns() {
        let text =
            "-DOCSTART- -X- -X- O\n\na O O\n-DOCSTART- doc-two\nb B-X\tB-Y\nc I-X O\n\nd O O\n";
        let (f, r) = parse_with(Path::new("t.conll"), text.as_bytes(), TagColumns::Layered);
        assert_eq!(r.errors(), 0, "{}", r.render_text());
        assert_eq!(f.documents[0].name, None, "CoNLL-2003's -X- is no name");
        assert_eq!(f.documents[1].name.as_deref(), Some("doc-two"));
        let s = &f.documents[1].sentences[0];
        let layer: Vec<String> = s.layers[0].iter().map(|t| f.tag_text(*t)).collect();
        assert_eq!(layer, ["B-Y", "O"]);
        assert_eq!(f.tag_text(s.tokens[1].tag), "I-X");
        assert_eq!(f.documents[1].sentences[1].layers.len(), 1);
        // A layered file keeps its width; the two-column reader refuses it.
        let (_, r) = parse_with(
            Path::new("t.conll"),
            b"a O O\nb O\nc O O O\n",
            TagColumns::Layered,
        );
        assert_eq!(
            codes(&r),
            vec![(Some(2), "conll-columns"), (Some(3), "conll-columns")]
        );
        assert_eq!(read("a O O\n").1.errors(), 1);
        let wide = format!("a{}\n", " O".repeat(MAX_CONLL_TAG_COLUMNS + 1));
        let (f, r) = parse_with(Path::new("t.conll"), wide.as_bytes(), TagColumns::Layered);
        assert_eq!(
            (codes(&r), f.token_count()),
            (vec![(Some(1), "conll-columns")], 0)
        );
    }

    #[test]
    fn tags() {
        assert_eq!(parse_tag("O"), Ok((Prefix::O, "")));
        assert_eq!(parse_tag("B-PER"), Ok((Prefix::B, "PER")));
        assert_eq!(parse_tag("I-B-X"), Ok((Prefix::I, "B-X")));
        assert_eq!(parse_tag("S-شخص"), Ok((Prefix::S, "شخص")));
        for t in ["o", "B", "B_PER", "PER", "X-PER", "-", "", "ب-PER", "OO"] {
            assert_eq!(parse_tag(t), Err(TagProblem::NotATag), "{t}");
        }
        assert_eq!(parse_tag("L-PER"), Err(TagProblem::Bilou));
        assert_eq!(parse_tag("I-"), Err(TagProblem::NoType));
        assert_eq!(parse_tag("B--PER"), Err(TagProblem::HyphenEdge));
        let long = format!("B-{}", "X".repeat(MAX_CONLL_TYPE_BYTES + 1));
        assert_eq!(parse_tag(&long), Err(TagProblem::LongType));
    }

    #[test]
    fn a_long_line_is_an_error_not_a_buffer() {
        let mut text = "a O\n".to_string();
        text.push_str(&"x".repeat(MAX_CONLL_LINE_BYTES + 10));
        text.push_str(" O\nb O\n");
        let (f, r) = read(&text);
        assert_eq!(codes(&r), vec![(Some(2), "line-too-long")]);
        assert_eq!(f.token_count(), 2);
    }

    #[test]
    fn too_many_problems_stop_the_reading() {
        let text = "bad\n".repeat(1000);
        let (_, r) = read(&text);
        assert_eq!(r.diagnostics.len(), MAX_PROBLEMS);
        assert_eq!(r.diagnostics.last().unwrap().code, "conll-stopped");
    }

    #[test]
    fn extensions() {
        assert!(is_conll_path(Path::new("x/test.conll")));
        assert!(is_conll_path(Path::new("a.BIO")));
        assert!(is_conll_path(Path::new("a.iob")));
        assert!(!is_conll_path(Path::new("a.jsonl")));
        assert!(!is_conll_path(Path::new("conll")));
    }
}
