//! CoNLL / IOB2 as a converter end: the gold's entity mentions written as
//! token tags, and a tagger's tags read back as entity mentions with offsets
//! on the articles.
//!
//! **Writing.** Tokens are [`crate::arabic::tokenize`]'s: whitespace
//! separates them, punctuation stands alone, and clitics stay on their word
//! («وأذربيجان» is one token), as Wojood and ANERcorp tokenize. A sentence
//! ends at a line break or after `.` `!` `?` `؟`, never inside a mention.
//! Each mention covers the tokens it touches, so a mention inside a token
//! («أذربيجان» in «وأذربيجان») grows to the whole token, and the writer
//! counts how many did. Nested and overlapping mentions go to extra tag
//! columns: mentions are laid out by start (longest first) and each takes
//! the first column where it overlaps nothing, so the outermost mentions
//! are in the first column and a file has as many columns as mentions nest
//! deep (the same number on every line). Each document opens with
//! `-DOCSTART- <doc id>`.
//!
//! **Reading** a tagger's output needs the articles the tokens came from
//! (`--articles DIR`): each token is found in its article where the last
//! one ended, skipping only whitespace and invisible format characters.
//! The tokens must spell the article: a token that is not there (a tagger
//! that normalised, dropped or reordered text) is an error naming its line
//! and where in which article it was looked for, never a guess. Documents
//! whose `-DOCSTART-` names an article go to it; a file without names (most
//! taggers drop `-DOCSTART-`) is laid over the articles in id order. Every
//! chunk ([`super::iob`], either mode) of every tag column becomes an entity
//! mention whose offsets are its first token's start and last token's end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::arabic::normalize::is_format;
use crate::arabic::tokenize::tokenize;
use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::record::{Entity, Record};
use crate::vocab::EntityLabel;

use super::bundle::{Annotated, Bundle, Losses, Output, abbrev, assign_ids, bad_doc_id, doc_id_ok};
use super::conll::{self, DOCSTART, TaggedFile, parse_tag};
use super::iob::{self, IobMode};

/// A mention laid on tokens: tokens `first..last` (exclusive), its type.
#[derive(Debug, Clone)]
struct Laid<'a> {
    first: usize,
    last: usize,
    label: &'a str,
}

/// Writes every document's entity mentions as a layered CoNLL file. `Err`
/// when a type cannot be a tag (whitespace, a hyphen at either end, over 64
/// bytes): such a file would not read back.
pub fn write(bundle: &Bundle) -> (Output, Report) {
    let mut report = Report::default();
    let mut losses = Losses::default();
    let mut docs = Vec::new();
    let mut width = 1;
    for d in &bundle.docs {
        let tokens = tokenize(&d.text);
        let mut laid: Vec<Laid> = Vec::new();
        for e in d.entities() {
            let (Some(s), Some(end)) = (e.start, e.end) else {
                losses.add("entity mentions without offsets", 1);
                continue;
            };
            let label = e.entity_type.as_str();
            if label.chars().any(char::is_whitespace) || parse_tag(&format!("B-{label}")).is_err() {
                report.push(
                    Diagnostic::error(
                        Path::new(&format!("{}.jsonl", d.id)),
                        None,
                        "/type",
                        "conll-type",
                        format!(
                            "entity {} has type `{label}`, which cannot be a CoNLL tag",
                            e.id.as_deref().unwrap_or("(no id)")
                        ),
                    )
                    .with_hint("a tag's type has no whitespace, no hyphen at either end and at most 64 bytes"),
                );
                continue;
            }
            let first = tokens.partition_point(|t| t.end <= s);
            let last = tokens.partition_point(|t| t.start < end);
            if first >= last {
                losses.add("entity mentions over no token", 1);
                continue;
            }
            if tokens[first].start != s || tokens[last - 1].end != end {
                losses.add("entity spans widened to whole tokens", 1);
            }
            laid.push(Laid { first, last, label });
        }
        laid.sort_by(|a, b| {
            (a.first, std::cmp::Reverse(a.last), a.label).cmp(&(
                b.first,
                std::cmp::Reverse(b.last),
                b.label,
            ))
        });
        // Interval partitioning by start: each mention takes the first
        // column whose last mention ended before it begins, which uses as
        // few columns as the deepest nesting needs.
        let mut column_end: Vec<usize> = Vec::new();
        let mut columns: Vec<Vec<&Laid>> = Vec::new();
        for m in &laid {
            match column_end.iter().position(|&end| end <= m.first) {
                Some(c) => {
                    column_end[c] = m.last;
                    columns[c].push(m);
                }
                None => {
                    column_end.push(m.last);
                    columns.push(vec![m]);
                }
            }
        }
        width = width.max(columns.len());
        let mut tags: Vec<Vec<String>> = Vec::new();
        for col in &columns {
            let mut t = vec!["O".to_owned(); tokens.len()];
            for m in col {
                t[m.first] = format!("B-{}", m.label);
                for tag in &mut t[m.first + 1..m.last] {
                    *tag = format!("I-{}", m.label);
                }
            }
            tags.push(t);
        }
        // A sentence may end after token i unless a mention covers i and i + 1.
        let mut covered = vec![false; tokens.len()];
        for m in &laid {
            for c in &mut covered[m.first..m.last - 1] {
                *c = true;
            }
        }
        let chars: Vec<char> = d.text.chars().collect();
        let mut lines = Vec::with_capacity(tokens.len());
        for (i, t) in tokens.iter().enumerate() {
            let next_start = tokens.get(i + 1).map_or(chars.len(), |n| n.start);
            let gap_has_break = chars[t.end..next_start]
                .iter()
                .any(|c| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'));
            // A run of stops («..», «?!») ends one sentence, after its last.
            let is_stop = |t: &str| matches!(t, "." | "!" | "?" | "؟");
            let stop = is_stop(t.text)
                && tokens
                    .get(i + 1)
                    .is_none_or(|n| n.start > t.end || !is_stop(n.text));
            let ends = (gap_has_break || stop) && !covered[i];
            lines.push((t.text, i, ends));
        }
        docs.push((d.id.as_str(), lines, tags));
    }
    losses.add(
        "entity ids (made anew when read back)",
        bundle
            .docs
            .iter()
            .flat_map(|d| d.entities())
            .filter(|e| e.id.is_some())
            .count(),
    );
    losses.add(
        "entity refs",
        bundle
            .docs
            .iter()
            .flat_map(|d| d.entities())
            .filter(|e| e.r#ref.is_some())
            .count(),
    );
    losses.add(
        "articles: only their tokens are kept (no spacing, no line breaks)",
        bundle.docs.len(),
    );
    losses.not_held(bundle, &["document", "zone", "event", "casualty"]);

    let mut out = String::new();
    for (id, lines, tags) in docs {
        out.push_str(DOCSTART);
        out.push(' ');
        out.push_str(id);
        out.push_str("\n\n");
        let mut open = false;
        for (text, i, ends) in lines {
            out.push_str(text);
            for c in 0..width {
                out.push('\t');
                out.push_str(tags.get(c).map_or("O", |t| t[i].as_str()));
            }
            out.push('\n');
            open = true;
            if ends {
                out.push('\n');
                open = false;
            }
        }
        if open {
            out.push('\n');
        }
    }
    (
        Output {
            files: vec![(PathBuf::new(), out.into_bytes())],
            losses,
        },
        report,
    )
}

/// Where one token was found: its article (an index into the articles)
/// and its code-point span.
#[derive(Debug, Clone, Copy)]
struct Placed {
    doc: usize,
    start: usize,
    end: usize,
}

/// The articles, as characters, and where the reading is in them.
struct Aligner<'a> {
    path: &'a Path,
    ids: Vec<&'a str>,
    chars: Vec<Vec<char>>,
    doc: usize,
    pos: usize,
}

impl Aligner<'_> {
    fn at(&self, token: &[char]) -> bool {
        self.chars[self.doc]
            .get(self.pos..self.pos + token.len())
            .is_some_and(|s| s == token)
    }

    fn separator(&self) -> bool {
        self.chars[self.doc]
            .get(self.pos)
            .is_some_and(|c| c.is_whitespace() || is_format(*c))
    }

    fn skip(&mut self) {
        while self.separator() {
            self.pos += 1;
        }
    }

    /// Finds `token` where the reading is, stepping over whitespace and
    /// format characters one at a time (a token may itself begin with a
    /// joiner); `follow` lets it move on to the next article when this one
    /// has nothing left.
    fn place(&mut self, token: &str, line: usize, follow: bool) -> Result<Placed, Box<Diagnostic>> {
        let t: Vec<char> = token.chars().collect();
        loop {
            if self.at(&t) {
                let p = Placed {
                    doc: self.doc,
                    start: self.pos,
                    end: self.pos + t.len(),
                };
                self.pos += t.len();
                return Ok(p);
            }
            if self.separator() {
                self.pos += 1;
            } else if follow
                && self.pos == self.chars[self.doc].len()
                && self.doc + 1 < self.ids.len()
            {
                self.doc += 1;
                self.pos = 0;
            } else {
                break;
            }
        }
        let text = &self.chars[self.doc];
        let found: String = text[self.pos..].iter().take(t.len().max(12)).collect();
        let message = if self.pos == text.len() {
            format!(
                "token «{}» is past the end of article {}",
                abbrev(token),
                self.ids[self.doc]
            )
        } else {
            format!(
                "token «{}» is not in article {} at code point {}, where it has «{}»",
                abbrev(token),
                self.ids[self.doc],
                self.pos,
                abbrev(&found)
            )
        };
        Err(Box::new(Diagnostic::error(self.path, Some(line), "token", "conll-align", message)
            .with_hint("the tokens must spell the article in order, as the tagger was given it (no normalisation); -DOCSTART- <doc id> lines say which article a document is")))
    }

    /// The rest of the current article after the reading, if any is more
    /// than whitespace.
    fn rest(&mut self) -> Option<(usize, usize)> {
        self.skip();
        let len = self.chars[self.doc].len();
        (self.pos < len).then_some((self.pos, len))
    }
}

/// Reads a tagger's CoNLL output (one or more tag columns) against the
/// articles in `articles`, chunking in `mode`: one entity mention per chunk
/// of every column, offsets on the articles. Every article becomes a
/// document; one whose text the file stops short of gets a warning.
pub fn read(path: &Path, articles: &Path, mode: IobMode) -> Result<(Bundle, Report), Error> {
    let (file, mut report) = conll::read_layered(path)?;
    if report.errors() > 0 {
        return Ok((Bundle::default(), report));
    }
    let (texts, r) = super::native::read_articles(articles)?;
    report.diagnostics.extend(r.diagnostics);
    if report.errors() > 0 {
        return Ok((Bundle::default(), report));
    }
    let (records, r) = place(&file, path, &texts, mode);
    report.diagnostics.extend(r.diagnostics);
    let mut docs: Vec<Annotated> = texts
        .into_iter()
        .map(|(id, text)| Annotated {
            id,
            text,
            records: Vec::new(),
        })
        .collect();
    for (i, mut rs) in records.into_iter().enumerate() {
        rs.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
        let mut records: Vec<Record> = rs.into_iter().map(Record::Entity).collect();
        assign_ids(&mut records, &[]);
        docs[i].records = records;
    }
    report.sort();
    Ok((
        Bundle {
            docs,
            kb: Vec::new(),
        },
        report,
    ))
}

/// Places the file's tokens on the articles and makes its chunks entity
/// mentions: the mentions of each article (by index, in id order).
fn place(
    file: &TaggedFile,
    path: &Path,
    texts: &BTreeMap<String, String>,
    mode: IobMode,
) -> (Vec<Vec<Entity>>, Report) {
    let mut report = Report::default();
    let ids: Vec<&str> = texts.keys().map(String::as_str).collect();
    let mut out: Vec<Vec<Entity>> = vec![Vec::new(); ids.len()];
    let mut aligner = Aligner {
        path,
        ids: ids.clone(),
        chars: texts.values().map(|t| t.chars().collect()).collect(),
        doc: 0,
        pos: 0,
    };
    let with_tokens: Vec<&conll::Document> = file
        .documents
        .iter()
        .filter(|d| d.tokens().next().is_some())
        .collect();
    let by_name = !with_tokens.is_empty() && with_tokens.iter().all(|d| d.name.is_some());
    let mut reached = vec![false; ids.len()];
    for d in with_tokens {
        if by_name {
            let name = d.name.as_deref().unwrap_or_default();
            let Some(i) = ids.iter().position(|id| *id == name) else {
                let d = if doc_id_ok(name) {
                    Diagnostic::error(
                        path,
                        d.line,
                        "-DOCSTART-",
                        "unknown-doc",
                        format!("no article {name}.txt among the articles"),
                    )
                } else {
                    bad_doc_id(path, d.line, "-DOCSTART-", name)
                };
                report.push(d);
                continue;
            };
            if reached[i] {
                report.push(Diagnostic::error(
                    path,
                    d.line,
                    "-DOCSTART-",
                    "duplicate-doc",
                    format!("a second document for article {name}"),
                ));
                continue;
            }
            aligner.doc = i;
            aligner.pos = 0;
        }
        for s in &d.sentences {
            let mut placed = Vec::with_capacity(s.tokens.len());
            for t in &s.tokens {
                match aligner.place(&t.text, t.line, !by_name) {
                    Ok(p) => placed.push(p),
                    Err(diag) => {
                        report.push(*diag);
                        report.sort();
                        return (out, report);
                    }
                }
                reached[aligner.doc] = true;
            }
            let columns = std::iter::once(s.tokens.iter().map(|t| t.tag).collect::<Vec<_>>())
                .chain(s.layers.iter().cloned());
            for tags in columns {
                let chunks = match iob::chunks(&tags, mode) {
                    Ok(c) => c,
                    Err(at) => {
                        report.push(
                            Diagnostic::error(
                                path,
                                Some(s.tokens[at].line),
                                "tag",
                                "iob-strict",
                                "E- and S- tags are not IOB2 (--iob strict)",
                            )
                            .with_hint("read IOBES files with --iob conlleval"),
                        );
                        continue;
                    }
                };
                for c in chunks {
                    let (a, b) = (placed[c.start], placed[c.end - 1]);
                    if a.doc != b.doc {
                        report.push(Diagnostic::error(
                            path,
                            Some(s.tokens[c.start].line),
                            "tag",
                            "conll-align",
                            format!(
                                "a chunk starts in article {} and ends in article {}",
                                ids[a.doc], ids[b.doc]
                            ),
                        ).with_hint("end the sentence where the article ends, or add -DOCSTART- <doc id> lines"));
                        continue;
                    }
                    let text: String = aligner.chars[a.doc][a.start..b.end].iter().collect();
                    out[a.doc].push(Entity {
                        doc: ids[a.doc].to_owned(),
                        id: None,
                        entity_type: EntityLabel::parse(
                            file.types().get(c.ty as usize).map_or("", String::as_str),
                        ),
                        start: Some(a.start),
                        end: Some(b.end),
                        text,
                        r#ref: None,
                    });
                }
            }
        }
        if by_name && let Some((at, len)) = aligner.rest() {
            report.push(short(path, d.line, ids[aligner.doc], at, len));
        }
    }
    if !by_name && let Some((at, len)) = aligner.rest() {
        report.push(short(path, None, ids[aligner.doc], at, len));
    }
    for (i, r) in reached.iter().enumerate() {
        if !r {
            report.push(Diagnostic::warning(
                path,
                None,
                "",
                "conll-short",
                format!("no tokens for article {}: it gets no mentions", ids[i]),
            ));
        }
    }
    report.sort();
    (out, report)
}

/// The warning for an article the tokens stop short of.
fn short(path: &Path, line: Option<usize>, id: &str, at: usize, len: usize) -> Diagnostic {
    Diagnostic::warning(
        path,
        line,
        "",
        "conll-short",
        format!(
            "the tokens end at code point {at} of article {id} ({len} long): the rest gets no mentions"
        ),
    )
    .with_hint("a tagger that truncates long inputs (512 subwords) stops early")
}
