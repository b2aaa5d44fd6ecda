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

/// Predicted records grouped by document, with where each came from.
#[derive(Debug, Clone, Default)]
pub struct Predictions {
    /// Records by document id.
    pub docs: BTreeMap<String, Vec<Located<Record>>>,
    /// The file each document's records came from (the first, if several).
    pub sources: BTreeMap<String, PathBuf>,
}

impl Predictions {
    /// The records predicted for `doc` (empty when none).
    pub fn records(&self, doc: &str) -> Vec<Record> {
        self.docs
            .get(doc)
            .map(|v| v.iter().map(|l| l.record.clone()).collect())
            .unwrap_or_default()
    }
}

/// Reads prediction files (or directories of `*.jsonl`) and validates them
/// against `corpus`.
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
        add_lines(f, lines, corpus, &mut preds, &mut report);
    }
    finish(corpus, &mut preds, &mut report);
    Ok((preds, report))
}

/// Validates prediction JSONL given as bytes (an extractor's output); `label`
/// names it in diagnostics.
pub fn parse_predictions(label: &Path, bytes: &[u8], corpus: &Corpus) -> (Predictions, Report) {
    let (lines, problems) = jsonl::parse(label, bytes);
    let mut preds = Predictions::default();
    let mut report = Report {
        diagnostics: problems,
    };
    add_lines(label, lines, corpus, &mut preds, &mut report);
    finish(corpus, &mut preds, &mut report);
    (preds, report)
}

fn add_lines(
    path: &Path,
    lines: Vec<Line>,
    corpus: &Corpus,
    preds: &mut Predictions,
    report: &mut Report,
) {
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
        preds
            .sources
            .entry(doc.clone())
            .or_insert_with(|| path.to_path_buf());
        preds.docs.entry(doc).or_default().push(Located {
            line: l.line,
            record,
        });
    }
}

fn finish(corpus: &Corpus, preds: &mut Predictions, report: &mut Report) {
    for (doc, records) in &preds.docs {
        let gold = &corpus.docs[doc];
        let path = preds.sources[doc].clone();
        let mut cx = Ctx {
            path: &path,
            article: &gold.article,
            report,
            gold: false,
        };
        let ids = unique_ids(&mut cx, records);
        check_spans(&mut cx, records);
        // Predictions refer to their own records; refs are free-form for them
        // (an extractor may know entities the KB does not).
        check_refs(&mut cx, records, &ids, None);
    }
    report.sort();
}
