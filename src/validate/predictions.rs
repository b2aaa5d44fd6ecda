//! Loading and validating prediction files against a gold corpus.
//!
//! A bad prediction gets the same `file:line: pointer: message` as bad gold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::corpus::{Corpus, Located};
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::error::Error;
use crate::record::Record;
use crate::schema::Flavour;

use super::semantic::{Ctx, check_refs, check_spans, unique_ids};

/// Predicted records grouped by document.
#[derive(Debug, Clone, Default)]
pub struct Predictions {
    /// Records that passed every check, by document id, in file order
    /// (files in the order given).
    pub docs: BTreeMap<String, Vec<Located<Record>>>,
    /// Lines that failed a check. Strict scoring refuses to run when there
    /// are any; `--lenient` scores them as spurious and says how many.
    pub rejected: Vec<Rejected>,
}

/// A prediction line that failed validation, with what could still be read
/// of it (so lenient scoring can count it against the right layer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The file, or the extractor's name.
    pub path: PathBuf,
    /// 1-based line (or record number in an extractor's answer).
    pub line: usize,
    /// Its `doc` field, if readable.
    pub doc: Option<String>,
    /// Its `kind` field, if readable.
    pub kind: Option<String>,
}

/// Reads prediction files (or directories of `*.jsonl`) and validates them
/// against `corpus`.
///
/// Ids and references are checked within each file: a file is one system's
/// output for the documents it covers.
pub fn load_predictions(
    paths: &[PathBuf],
    corpus: &Corpus,
) -> Result<(Predictions, Report), Error> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::io(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|q| q.extension().is_some_and(|x| x == "jsonl"))
                .collect();
            inner.sort();
            files.extend(inner);
        } else {
            files.push(p.clone());
        }
    }
    let mut preds = Predictions::default();
    let mut report = Report::default();
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| Error::io(f, e))?;
        let first = report.diagnostics.len();
        let (records, unread) =
            super::read_records(Flavour::Prediction, f, &bytes, &mut report.diagnostics);
        let mut origin: BTreeMap<usize, (Option<String>, Option<String>)> = BTreeMap::new();
        let grouped = by_doc(f, records, corpus, &mut report, &mut origin);
        for (doc, records) in &grouped {
            check_doc(f, doc, records, corpus, &mut report);
        }
        let bad = error_lines(&report.diagnostics[first..]);
        for (doc, records) in grouped {
            let (keep, drop): (Vec<_>, Vec<_>) =
                records.into_iter().partition(|r| !bad.contains(&r.line));
            for r in drop {
                origin.insert(
                    r.line,
                    (Some(doc.clone()), Some(r.record.kind().to_owned())),
                );
            }
            preds.docs.entry(doc).or_default().extend(keep);
        }
        for line in bad {
            let (doc, kind) = origin
                .remove(&line)
                .or_else(|| unread.get(&line).cloned())
                .unwrap_or_default();
            preds.rejected.push(Rejected {
                path: f.clone(),
                line,
                doc,
                kind,
            });
        }
    }
    report.sort();
    Ok((preds, report))
}

/// Checks the records an extractor returned for one article, as a prediction
/// file would be checked. `origin` names the extractor and article in the
/// diagnostics; "lines" are 1-based record numbers in its answer.
pub fn check_extracted(
    origin: &Path,
    article: &Article,
    records: Vec<Record>,
) -> (Vec<Located<Record>>, Vec<Rejected>, Report) {
    let records: Vec<Located<Record>> = records
        .into_iter()
        .enumerate()
        .map(|(i, record)| Located {
            line: i + 1,
            record,
        })
        .collect();
    let mut report = Report::default();
    let mut cx = Ctx {
        path: origin,
        article,
        report: &mut report,
        gold: false,
    };
    let ids = unique_ids(&mut cx, &records);
    check_spans(&mut cx, &records);
    check_refs(&mut cx, &records, &ids, None);
    let bad = error_lines(&report.diagnostics);
    let rejected = records
        .iter()
        .filter(|r| bad.contains(&r.line))
        .map(|r| Rejected {
            path: origin.to_path_buf(),
            line: r.line,
            doc: Some(r.record.doc().to_owned()),
            kind: Some(r.record.kind().to_owned()),
        })
        .collect();
    let kept = records
        .into_iter()
        .filter(|r| !bad.contains(&r.line))
        .collect();
    (kept, rejected, report)
}

/// Lines with at least one error among `diagnostics`.
fn error_lines(diagnostics: &[Diagnostic]) -> std::collections::BTreeSet<usize> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| d.line)
        .collect()
}

/// Groups one file's records by document, refusing documents the gold
/// does not have (their `doc` and `kind` go to `origin`).
fn by_doc(
    path: &Path,
    records: Vec<Located<Record>>,
    corpus: &Corpus,
    report: &mut Report,
    origin: &mut BTreeMap<usize, (Option<String>, Option<String>)>,
) -> BTreeMap<String, Vec<Located<Record>>> {
    let mut out: BTreeMap<String, Vec<Located<Record>>> = BTreeMap::new();
    for r in records {
        let doc = r.record.doc();
        if !corpus.docs.contains_key(doc) {
            let known: Vec<&str> = corpus.docs.keys().map(String::as_str).collect();
            report.push(
                Diagnostic::error(
                    path,
                    Some(r.line),
                    "/doc",
                    "unknown-doc",
                    format!("no gold document `{doc}`"),
                )
                .with_hint(format!("known documents: {}", known.join(", "))),
            );
            origin.insert(
                r.line,
                (Some(doc.to_owned()), Some(r.record.kind().to_owned())),
            );
            continue;
        }
        out.entry(doc.to_owned()).or_default().push(r);
    }
    out
}

fn check_doc(
    path: &Path,
    doc: &str,
    records: &[Located<Record>],
    corpus: &Corpus,
    report: &mut Report,
) {
    let mut cx = Ctx {
        path,
        article: &corpus.docs[doc].article,
        report,
        gold: false,
    };
    let ids = unique_ids(&mut cx, records);
    check_spans(&mut cx, records);
    // Predictions refer to their own records; refs are free-form for them
    // (an extractor may know entities the KB does not).
    check_refs(&mut cx, records, &ids, None);
}
