//! Loading and validating prediction files against a gold corpus.
//!
//! A bad prediction gets the same `file:line: pointer: message` as bad gold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::corpus::{Corpus, Located};
use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::jsonl::{self, Line};
use crate::record::Record;
use crate::schema::Flavour;

use super::schema::check_record_line;
use super::semantic::{Ctx, check_refs, check_spans, unique_ids};

/// Predicted records grouped by document.
#[derive(Debug, Clone, Default)]
pub struct Predictions {
    /// Records by document id, in file order (files in the order given).
    pub docs: BTreeMap<String, Vec<Located<Record>>>,
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
        let (lines, problems) = jsonl::read(f)?;
        report.diagnostics.extend(problems);
        for (doc, records) in by_doc(f, lines, corpus, &mut report) {
            check_doc(f, &doc, &records, corpus, &mut report);
            preds.docs.entry(doc).or_default().extend(records);
        }
    }
    report.sort();
    Ok((preds, report))
}

/// Schema-checks one file's lines and groups the valid ones by document.
fn by_doc(
    path: &Path,
    lines: Vec<Line>,
    corpus: &Corpus,
    report: &mut Report,
) -> BTreeMap<String, Vec<Located<Record>>> {
    let mut out: BTreeMap<String, Vec<Located<Record>>> = BTreeMap::new();
    for l in lines {
        let record = match check_record_line(Flavour::Prediction, path, l.line, &l.value) {
            Ok(r) => r,
            Err(ds) => {
                report.diagnostics.extend(ds);
                continue;
            }
        };
        let doc = record.doc().to_owned();
        if !corpus.docs.contains_key(&doc) {
            let known: Vec<&str> = corpus.docs.keys().map(String::as_str).collect();
            report.push(
                Diagnostic::error(
                    path,
                    Some(l.line),
                    "/doc",
                    "unknown-doc",
                    format!("no gold document `{doc}`"),
                )
                .with_hint(format!("known documents: {}", known.join(", "))),
            );
            continue;
        }
        out.entry(doc).or_default().push(Located {
            line: l.line,
            record,
        });
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
