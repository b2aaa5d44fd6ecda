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

use rayon::prelude::*;

use super::index::{Input, PredictionIndex};
use super::semantic::check_predicted;

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

/// Reads prediction files (or directories of `*.jsonl`, standard input,
/// JSONL in memory: [`Input`]) and validates them against `corpus`
/// (documents in parallel), under the corpus's profile.
///
/// Ids and references are checked within each file: a file is one system's
/// output for the documents it covers.
pub fn load_predictions<I>(inputs: &[I], corpus: &Corpus) -> Result<(Predictions, Report), Error>
where
    for<'i> &'i I: Into<Input>,
{
    let known: Vec<&str> = corpus.docs.keys().map(String::as_str).collect();
    let (index, mut report) = PredictionIndex::open_as(inputs, &known, corpus.profile)?;
    let mut preds = Predictions {
        docs: BTreeMap::new(),
        rejected: index.rejected.clone(),
    };
    // Positions among `known`, which is the corpus's ids in order.
    let docs: Vec<(usize, (&String, &crate::corpus::Doc))> = corpus
        .docs
        .iter()
        .enumerate()
        .filter(|(i, _)| index.has(*i))
        .collect();
    let loaded: Vec<_> = docs
        .into_par_iter()
        .map(|(i, (id, doc))| (id, index.load(i, id, &doc.article)))
        .collect();
    for (id, l) in loaded {
        let (kept, rejected, r) = l?;
        preds.docs.insert(id.clone(), kept);
        preds.rejected.extend(rejected);
        report.diagnostics.extend(r.diagnostics);
    }
    preds
        .rejected
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
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
    check_predicted(origin, article, &records, &mut report);
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
