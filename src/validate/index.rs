//! Prediction files indexed by document, read once and then per document.
//!
//! A predictions file may hold a whole corpus's records in any order. To
//! score documents one at a time without holding every record, the files
//! are read once, line by line, keeping for each line only its document,
//! file, offset and length (a light parse reads just `doc`); a document's
//! records are then read back from those offsets, validated and scored, and
//! dropped. Lines that cannot belong to a scored document (not JSON, no
//! `doc`, a document the gold lacks) are checked fully on the first read.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use crate::article::Article;
use crate::corpus::Located;
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::error::Error;
use crate::profile::Profile;
use crate::record::Record;
use crate::schema::Flavour;

use super::lines::records_of_lines;
use super::predictions::Rejected;
use super::semantic::check_predicted;

/// The longest line a predictions file may have: a record is a few hundred
/// bytes, and a line without end must not exhaust memory.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// Where a run of consecutive lines of one document is: a document's lines
/// are usually adjacent, so a run is one read and 32 bytes of index,
/// whatever the number of records.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// The document's position among the gold's (sorted) ids: a position,
    /// not the id, so that the index holds no string per document.
    doc: u32,
    file: u32,
    /// Line number of the first line.
    line: u32,
    /// Lines in the run.
    lines: u32,
    /// Byte offset of the first line's text.
    offset: u64,
    /// Byte offset just past the last line's text (its terminator excluded).
    end: u64,
}

/// Where predictions are read from.
///
/// Files are read twice (indexed, then one document at a time); standard
/// input and in-memory JSONL cannot be read back from an offset, so they
/// are held in memory, which is why they are their own variants rather than
/// special paths.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A file, or a directory of `*.jsonl`.
    Path(PathBuf),
    /// The process's standard input, read to its end when opened and named
    /// `<stdin>` in messages.
    Stdin,
    /// JSONL already in memory (a Python list of records, say); `name`
    /// labels it in messages, and lines are numbered from 1 as in a file.
    Bytes {
        /// How messages name it.
        name: PathBuf,
        /// The JSONL.
        bytes: Arc<[u8]>,
    },
}

impl Input {
    /// How messages and the extractor's name refer to it: the path, `-`
    /// for standard input, or the given name.
    pub fn label(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".into(),
            Input::Bytes { name, .. } => name.display().to_string(),
        }
    }
}

impl From<PathBuf> for Input {
    fn from(p: PathBuf) -> Self {
        Input::Path(p)
    }
}

impl From<&Path> for Input {
    fn from(p: &Path) -> Self {
        Input::Path(p.to_path_buf())
    }
}

impl From<&PathBuf> for Input {
    fn from(p: &PathBuf) -> Self {
        Input::Path(p.clone())
    }
}

impl From<&Input> for Input {
    fn from(i: &Input) -> Self {
        i.clone()
    }
}

/// What standard input is called in diagnostics.
pub const STDIN_NAME: &str = "<stdin>";

/// One source of prediction lines, opened.
#[derive(Debug)]
enum Source {
    File(File),
    Memory(Arc<[u8]>),
}

/// Prediction files indexed by document.
///
/// The index is compressed-sparse-row: every run, ordered by document, then
/// file, then line, and where each document's runs start. A document whose
/// lines are adjacent is one run, so at 100,000 such documents that is some
/// 4 MB, where a map from id to runs took 40; files that interleave
/// documents line by line cost a run per line.
#[derive(Debug)]
pub struct PredictionIndex {
    profile: Profile,
    files: Vec<(PathBuf, Source)>,
    /// Every run, by (document position, file, line).
    runs: Vec<Run>,
    /// Where the runs of the document at each position start in `runs`;
    /// one more entry than documents, the last being `runs.len()`.
    starts: Vec<usize>,
    /// Lines refused on the first read.
    pub rejected: Vec<Rejected>,
}

/// A document's predictions from the files: the valid records, the refused
/// lines, and what is wrong with them.
pub type DocPredictions = (Vec<Located<Record>>, Vec<Rejected>, Report);

/// Just the document of a line.
#[derive(Deserialize)]
struct DocOf<'a> {
    #[serde(borrow, default)]
    doc: Option<std::borrow::Cow<'a, str>>,
}

/// One file's first read.
struct FileIndex {
    /// Runs in line order.
    runs: Vec<Run>,
    rejected: Vec<Rejected>,
    report: Report,
}

/// A source to read, before it is opened: a file's path, or bytes in
/// memory with the name messages use.
enum Pending {
    File(PathBuf),
    Memory(PathBuf, Arc<[u8]>),
}

/// The files `paths` name: files as given, directories as their `*.jsonl`
/// in name order. A file named twice — the same path twice, or a directory
/// and a file inside it, or two links to one file — is read once: its
/// predictions must not count twice. Identity is the canonical path.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let inputs: Vec<Input> = paths.iter().map(Input::from).collect();
    Ok(expand_inputs(&inputs)?
        .into_iter()
        .filter_map(|p| match p {
            Pending::File(f) => Some(f),
            Pending::Memory(..) => None,
        })
        .collect())
}

/// [`expand`] for every kind of input. Standard input is read here, once,
/// however often it is named (a second read would find it empty).
fn expand_inputs(inputs: &[Input]) -> Result<Vec<Pending>, Error> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stdin_read = false;
    for input in inputs {
        let files = match input {
            Input::Stdin => {
                if !stdin_read {
                    stdin_read = true;
                    let mut bytes = Vec::new();
                    std::io::stdin()
                        .lock()
                        .read_to_end(&mut bytes)
                        .map_err(|e| Error::io(Path::new(STDIN_NAME), e))?;
                    out.push(Pending::Memory(PathBuf::from(STDIN_NAME), bytes.into()));
                }
                continue;
            }
            Input::Bytes { name, bytes } => {
                out.push(Pending::Memory(name.clone(), Arc::clone(bytes)));
                continue;
            }
            Input::Path(p) if p.is_dir() => {
                let mut inner: Vec<PathBuf> = std::fs::read_dir(p)
                    .map_err(|e| Error::io(p, e))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|q| q.extension().is_some_and(|x| x == "jsonl"))
                    .collect();
                inner.sort();
                inner
            }
            Input::Path(p) => vec![p.clone()],
        };
        for f in files {
            let id = std::fs::canonicalize(&f).map_err(|e| Error::io(&f, e))?;
            if seen.insert(id) {
                out.push(Pending::File(f));
            }
        }
    }
    Ok(out)
}

impl PredictionIndex {
    /// Reads `inputs` (files, directories of `*.jsonl`, standard input,
    /// JSONL in memory) once. `known` are the gold's document ids, sorted:
    /// [`PredictionIndex::load`] and [`PredictionIndex::has`] take a
    /// document's position among them. Records are checked under the
    /// strict profile.
    pub fn open<I>(inputs: &[I], known: &[&str]) -> Result<(PredictionIndex, Report), Error>
    where
        for<'i> &'i I: Into<Input>,
    {
        PredictionIndex::open_as(inputs, known, Profile::Strict)
    }

    /// As [`PredictionIndex::open`], checking records under `profile` (the
    /// gold's: predictions against a core corpus use its labels).
    pub fn open_as<I>(
        inputs: &[I],
        known: &[&str],
        profile: Profile,
    ) -> Result<(PredictionIndex, Report), Error>
    where
        for<'i> &'i I: Into<Input>,
    {
        let inputs: Vec<Input> = inputs.iter().map(Into::into).collect();
        let files = expand_inputs(&inputs)?;
        let parts: Vec<Result<FileIndex, Error>> = files
            .par_iter()
            .enumerate()
            .map(|(i, f)| match f {
                Pending::File(p) => {
                    let file = File::open(p).map_err(|e| Error::io(p, e))?;
                    index_file(i as u32, p, file, known, profile)
                }
                Pending::Memory(name, bytes) => {
                    index_file(i as u32, name, &bytes[..], known, profile)
                }
            })
            .collect();
        let mut index = PredictionIndex {
            profile,
            files: Vec::with_capacity(files.len()),
            // Sized once: grown by doubling, then shrunk, the runs of a
            // large corpus took up to three times their size while built.
            runs: Vec::with_capacity(
                parts
                    .iter()
                    .filter_map(|p| p.as_ref().ok())
                    .map(|p| p.runs.len())
                    .sum(),
            ),
            starts: Vec::new(),
            rejected: Vec::new(),
        };
        let mut report = Report::default();
        for (f, part) in files.into_iter().zip(parts) {
            let part = part?;
            index.files.push(match f {
                Pending::File(p) => {
                    let handle = File::open(&p).map_err(|e| Error::io(&p, e))?;
                    (p, Source::File(handle))
                }
                Pending::Memory(name, bytes) => (name, Source::Memory(bytes)),
            });
            index.runs.extend(part.runs);
            index.rejected.extend(part.rejected);
            report.diagnostics.extend(part.report.diagnostics);
        }
        // A document's runs in file, then line, order: the key is unique,
        // so an in-place sort gives it without a stable sort's scratch
        // buffer (half the runs, at the run's peak).
        index.runs.sort_unstable_by_key(|r| (r.doc, r.file, r.line));
        index.starts = Vec::with_capacity(known.len() + 1);
        let mut at = 0usize;
        for d in 0..known.len() {
            index.starts.push(at);
            while index.runs.get(at).is_some_and(|r| r.doc as usize == d) {
                at += 1;
            }
        }
        index.starts.push(at);
        Ok((index, report))
    }

    /// The runs of the document at position `doc`.
    fn runs_of(&self, doc: usize) -> &[Run] {
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => &self.runs[from..to],
            _ => &[],
        }
    }

    /// Whether any line names the document at position `doc` of the ids
    /// the index was opened with.
    pub fn has(&self, doc: usize) -> bool {
        debug_assert!(
            doc + 1 < self.starts.len(),
            "a position among the known ids"
        );
        !self.runs_of(doc).is_empty()
    }

    /// Reads and validates the records of the document at position `pos`
    /// among the ids the index was opened with against its article: the
    /// valid ones, the refused lines, and what is wrong with them. `doc`,
    /// its id, only labels what is refused: the position decides which
    /// lines are read. Ids and references are checked within each file.
    pub fn load(&self, pos: usize, doc: &str, article: &Article) -> Result<DocPredictions, Error> {
        debug_assert!(
            pos + 1 < self.starts.len(),
            "a position among the known ids"
        );
        let mut kept = Vec::new();
        let mut rejected = Vec::new();
        let mut report = Report::default();
        let runs = self.runs_of(pos);
        if runs.is_empty() {
            return Ok((kept, rejected, report));
        }
        let mut bytes = Vec::new();
        for group in runs.chunk_by(|a, b| a.file == b.file) {
            let (path, file) = &self.files[group[0].file as usize];
            let first = report.diagnostics.len();
            let changed =
                || Error::io(path, std::io::Error::other("file changed while being read"));
            // (line number, start, length) of each line in `bytes`.
            let mut spans: Vec<(usize, usize, usize)> = Vec::new();
            bytes.clear();
            for run in group {
                let base = bytes.len();
                read_run(path, file, run, &mut bytes)?;
                let mut at = base;
                let before = spans.len();
                for (k, piece) in bytes[base..].split(|b| *b == b'\n').enumerate() {
                    let text = piece.strip_suffix(b"\r").unwrap_or(piece);
                    spans.push((run.line as usize + k, at, text.len()));
                    at += piece.len() + 1;
                }
                if spans.len() - before != run.lines as usize {
                    return Err(changed());
                }
            }
            let mut lines: Vec<(usize, &str)> = Vec::with_capacity(spans.len());
            for (n, start, len) in spans {
                // The first read found these bytes UTF-8; a file changed
                // since is an I/O error, not a panic.
                let text = bytes
                    .get(start..start + len)
                    .and_then(|b| crate::utf8::str(b).ok())
                    .ok_or_else(changed)?;
                lines.push((n, text));
            }
            let (records, origins) = records_of_lines(
                self.profile,
                Flavour::Prediction,
                path,
                lines,
                &mut report.diagnostics,
            );
            check_predicted(path, article, &records, &mut report);
            let bad: std::collections::BTreeSet<usize> = report.diagnostics[first..]
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .filter_map(|d| d.line)
                .collect();
            if bad.is_empty() && kept.is_empty() {
                // The common case: one file, every record kept, moved as a
                // whole rather than one by one.
                kept = records;
                continue;
            }
            kept.reserve(records.len());
            for r in records {
                if bad.contains(&r.line) {
                    rejected.push(Rejected {
                        path: path.clone(),
                        line: r.line,
                        doc: Some(doc.to_owned()),
                        kind: Some(r.record.kind().to_owned()),
                    });
                } else {
                    kept.push(r);
                }
            }
            for line in bad {
                if let Some((d, k)) = origins.get(&line) {
                    rejected.push(Rejected {
                        path: path.clone(),
                        line,
                        doc: d.clone(),
                        kind: k.clone(),
                    });
                }
            }
        }
        rejected.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        Ok((kept, rejected, report))
    }
}

/// Appends a run's bytes to `buf`.
fn read_run(path: &Path, source: &Source, run: &Run, buf: &mut Vec<u8>) -> Result<(), Error> {
    let len = usize::try_from(run.end - run.offset)
        .map_err(|_| Error::io(path, std::io::Error::other("run too long")))?;
    match source {
        Source::File(file) => {
            let at = buf.len();
            buf.resize(at + len, 0);
            read_exact_at(file, &mut buf[at..], run.offset).map_err(|e| Error::io(path, e))
        }
        Source::Memory(bytes) => {
            let piece = usize::try_from(run.offset)
                .ok()
                .and_then(|start| bytes.get(start..start.checked_add(len)?))
                .ok_or_else(|| Error::io(path, std::io::Error::other("run out of range")))?;
            buf.extend_from_slice(piece);
            Ok(())
        }
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// The first read of one file (or of bytes in memory, `path` naming them).
fn index_file(
    i: u32,
    path: &Path,
    source: impl Read,
    known: &[&str],
    profile: Profile,
) -> Result<FileIndex, Error> {
    let mut reader = BufReader::with_capacity(1 << 16, source);
    let mut out = FileIndex {
        runs: Vec::new(),
        rejected: Vec::new(),
        report: Report::default(),
    };
    let mut raw = Vec::new();
    let mut offset = 0u64;
    let mut n = 0usize;
    // The last indexed line's text end and where the line after it starts:
    // a run goes on only across its own terminator.
    let mut last: Option<(u64, u64)> = None;
    // The last known document a line named, and its position.
    let mut previous: Option<(String, usize)> = None;
    loop {
        raw.clear();
        let got = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut raw)
            .map_err(|e| Error::io(path, e))?;
        if got == 0 {
            break;
        }
        n += 1;
        let line_start = offset;
        offset += got as u64;
        if got > MAX_LINE_BYTES && raw.last() != Some(&b'\n') {
            out.report.push(
                Diagnostic::error(
                    path,
                    Some(n),
                    "",
                    "line-too-long",
                    format!("line is longer than {MAX_LINE_BYTES} bytes"),
                )
                .with_hint("one record per line; a record is a few hundred bytes"),
            );
            out.rejected.push(Rejected {
                path: path.to_path_buf(),
                line: n,
                doc: None,
                kind: None,
            });
            // Skip the rest of the line without holding it.
            loop {
                raw.clear();
                let more = (&mut reader)
                    .take(1 << 16)
                    .read_until(b'\n', &mut raw)
                    .map_err(|e| Error::io(path, e))?;
                offset += more as u64;
                if more == 0 || raw.last() == Some(&b'\n') {
                    break;
                }
            }
            continue;
        }
        let mut body: &[u8] = &raw;
        let mut skip = 0u64;
        if n == 1
            && let Some(rest) = body.strip_prefix(b"\xEF\xBB\xBF")
        {
            out.report.push(crate::jsonl::bom(path));
            body = rest;
            skip = 3;
        }
        let body = body.strip_suffix(b"\n").unwrap_or(body);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        let text = match crate::utf8::str(body) {
            Ok(t) => t,
            Err(e) => {
                out.report
                    .push(crate::jsonl::not_utf8(path, n, e.valid_up_to()));
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let doc = serde_json::from_str::<DocOf<'_>>(text)
            .ok()
            .and_then(|d| d.doc)
            .and_then(|d| {
                // A document's lines are usually adjacent: one comparison
                // with the line before spares a search of the gold's ids
                // (a tenth of indexing, counted by callgrind on 1,000).
                if let Some((id, pos)) = &previous
                    && *id == d
                {
                    return Some(*pos);
                }
                let pos = known.binary_search(&d.as_ref()).ok()?;
                let id = previous.get_or_insert_with(|| (String::new(), pos));
                id.0.clear();
                id.0.push_str(&d);
                id.1 = pos;
                Some(pos)
            });
        if let Some(doc) = doc {
            let doc = u32::try_from(doc).map_err(|_| {
                Error::io(path, std::io::Error::other("more than 2^32 gold documents"))
            })?;
            let start = line_start + skip;
            let end = start + text.len() as u64;
            match out.runs.last_mut() {
                // The next line of the same run: the same document, the
                // next number, and no byte between but the run's own
                // terminator. Only the last run can end on the line before.
                Some(r)
                    if r.doc == doc
                        && r.line as usize + r.lines as usize == n
                        && last == Some((r.end, line_start)) =>
                {
                    r.lines += 1;
                    r.end = end;
                }
                _ => out.runs.push(Run {
                    doc,
                    file: i,
                    line: n as u32,
                    lines: 1,
                    offset: start,
                    end,
                }),
            }
            last = Some((end, offset));
            continue;
        }
        last = None;
        // Not a line of a scored document: check it now, fully, so that it
        // is refused with the reason it would have anyway.
        let (records, origins) = records_of_lines(
            profile,
            Flavour::Prediction,
            path,
            [(n, text)],
            &mut out.report.diagnostics,
        );
        for r in records {
            let doc = r.record.doc().to_owned();
            out.report.push(
                Diagnostic::error(
                    path,
                    Some(n),
                    "/doc",
                    "unknown-doc",
                    format!("no gold document `{doc}`"),
                )
                .with_hint(known_documents(known)),
            );
            out.rejected.push(Rejected {
                path: path.to_path_buf(),
                line: n,
                doc: Some(doc),
                kind: Some(r.record.kind().to_owned()),
            });
        }
        for (line, (doc, kind)) in origins {
            out.rejected.push(Rejected {
                path: path.to_path_buf(),
                line,
                doc,
                kind,
            });
        }
        if !out.rejected.iter().any(|r| r.line == n) {
            out.rejected.push(Rejected {
                path: path.to_path_buf(),
                line: n,
                doc: None,
                kind: None,
            });
        }
    }
    Ok(out)
}

/// The hint of an unknown-document error: the gold's ids, the first 20
/// of a large corpus.
fn known_documents(known: &[&str]) -> String {
    const SHOWN: usize = 20;
    if known.len() <= SHOWN {
        format!("known documents: {}", known.join(", "))
    } else {
        format!(
            "known documents: {}, … ({} in all)",
            known[..SHOWN].join(", "),
            known.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(doc: &str, id: &str) -> String {
        format!(
            r#"{{"kind":"entity","doc":"{doc}","id":"{id}","type":"GPE","start":0,"end":3,"text":"abc","ref":null}}"#
        )
    }

    /// Lines go to the document they name wherever they fall: adjacent or
    /// interleaved, after an unknown document or a line that is not JSON,
    /// and a document named again after another keeps its own position.
    #[test]
    fn interleaved_lines_go_to_their_documents() {
        let lines = [
            line("doc-a", "e1"),
            line("doc-a", "e2"),
            line("doc-b", "e1"),
            line("doc-a", "e3"),
            line("doc-zz", "e1"),
            line("doc-b", "e2"),
            "not json".to_owned(),
            line("doc-b", "e3"),
            line("doc-c", "e1"),
            line("doc-a", "e4"),
        ];
        let bytes: Arc<[u8]> = (lines.join("\n") + "\n").into_bytes().into();
        let input = Input::Bytes {
            name: PathBuf::from("mem.jsonl"),
            bytes,
        };
        let known = ["doc-a", "doc-b", "doc-c", "doc-d"];
        let (index, _) = PredictionIndex::open(&[input], &known).unwrap();
        let article = Article::from_string("abc def".to_owned());
        let lines_of = |pos: usize| -> Vec<usize> {
            let (kept, rejected, report) = index.load(pos, known[pos], &article).unwrap();
            assert!(rejected.is_empty(), "{:?}", report.diagnostics);
            kept.iter().map(|r| r.line).collect()
        };
        assert_eq!(lines_of(0), [1, 2, 4, 10]);
        assert_eq!(lines_of(1), [3, 6, 8]);
        assert_eq!(lines_of(2), [9]);
        assert!(!index.has(3));
        let refused: Vec<usize> = index.rejected.iter().map(|r| r.line).collect();
        assert_eq!(refused, [5, 7]);
    }
}
