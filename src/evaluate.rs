//! Driving an extractor over the corpus and scoring what it returns.
//!
//! [`collect`] runs the extractor on every gold article (the extractor sees
//! ids and texts only) and checks its output like a prediction file;
//! [`score()`] matches each document on its own ([`crate::score::score_doc`]).
//! Every gold document is scored: one the extractor said nothing about counts
//! as all-missed, and the report lists it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::corpus::{Corpus, Doc};
use crate::diagnostic::Report;
use crate::error::Error;
use crate::extract::{ArticleInput, Extractor};
use crate::record::Record;
use crate::score::{self, DocScore, Layer, Options};
use crate::validate::{Rejected, check_extracted};

/// What an extractor returned for the corpus, checked.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// The extractor's name.
    pub extractor: String,
    /// Valid predicted records per gold document (every document has an entry).
    pub outputs: BTreeMap<String, Vec<Record>>,
    /// Records that failed a check.
    pub rejected: Vec<Rejected>,
    /// Every problem found in the output.
    pub problems: Report,
}

impl Collected {
    /// Documents the extractor returned nothing for.
    pub fn without_predictions(&self) -> Vec<String> {
        self.outputs
            .iter()
            .filter(|(_, rs)| rs.is_empty())
            .map(|(d, _)| d.clone())
            .collect()
    }
}

/// Runs `extractor` over every article of `corpus` (in id order) and checks
/// the records it returns. Records with problems are set aside in
/// [`Collected::rejected`]; whether to go on is the caller's choice.
pub fn collect(corpus: &Corpus, extractor: &mut dyn Extractor) -> Result<Collected, Error> {
    let inputs: Vec<ArticleInput<'_>> = corpus
        .docs
        .values()
        .map(|d| ArticleInput {
            doc: &d.id,
            text: d.article.text(),
        })
        .collect();
    let name = extractor.name();
    let answers = extractor.extract_all(&inputs)?;
    if answers.len() != inputs.len() {
        return Err(Error::Extractor {
            name,
            doc: String::new(),
            message: format!(
                "it returned {} answers for {} articles",
                answers.len(),
                inputs.len()
            ),
            stderr: String::new(),
        });
    }
    let mut out = Collected {
        extractor: name.clone(),
        ..Collected::default()
    };
    for (input, records) in inputs.iter().zip(answers) {
        let doc = &corpus.docs[input.doc];
        let answer = check_answer(&name, doc, records, extractor.prevalidated());
        out.problems.diagnostics.extend(answer.problems.diagnostics);
        out.rejected.extend(answer.rejected);
        out.outputs.insert(input.doc.to_owned(), answer.records);
    }
    Ok(out)
}

/// An extractor's answer for one document, checked.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// The records that passed.
    pub records: Vec<Record>,
    /// The records refused.
    pub rejected: Vec<Rejected>,
    /// What is wrong with them.
    pub problems: Report,
}

/// Checks the records extractor `name` returned for `doc` as a prediction
/// file would be checked (unless it `prevalidated` them); a record for
/// another document is refused as `wrong-doc`. Diagnostics name the
/// extractor and document, and record numbers in its answer.
pub fn check_answer(name: &str, doc: &Doc, records: Vec<Record>, prevalidated: bool) -> Answer {
    let origin = PathBuf::from(format!("{name} [{}]", doc.id));
    let (own, foreign): (Vec<Record>, Vec<Record>) =
        records.into_iter().partition(|r| r.doc() == doc.id);
    let mut answer = Answer::default();
    for r in foreign {
        answer.problems.push(crate::diagnostic::Diagnostic::error(
            &origin,
            None,
            "/doc",
            "wrong-doc",
            format!(
                "a record for document `{}` came back for `{}`",
                r.doc(),
                doc.id
            ),
        ));
        answer.rejected.push(Rejected {
            path: origin.clone(),
            line: 0,
            doc: Some(doc.id.clone()),
            kind: Some(r.kind().to_owned()),
        });
    }
    if prevalidated {
        answer.records = own;
        return answer;
    }
    let (kept, rejected, report) = check_extracted(&origin, &doc.article, own);
    answer.problems.diagnostics.extend(report.diagnostics);
    answer.rejected.extend(rejected);
    answer.records = kept.into_iter().map(|l| l.record).collect();
    answer
}

/// Scores every gold document. Rejected records (kept only under
/// `--lenient`) count as spurious in their layer under the label `invalid`.
pub fn score(corpus: &Corpus, collected: &Collected, opts: &Options) -> BTreeMap<String, DocScore> {
    let empty = Vec::new();
    let mut out: BTreeMap<String, DocScore> = corpus
        .docs
        .iter()
        .map(|(id, doc)| {
            let pred = collected.outputs.get(id).unwrap_or(&empty);
            (id.clone(), score::score_doc(doc, pred, opts))
        })
        .collect();
    for r in &collected.rejected {
        if let Some(ds) = r.doc.as_deref().and_then(|d| out.get_mut(d)) {
            count_rejected(ds, r.kind.as_deref(), &Layer::ALL);
        }
    }
    out
}

/// Counts a refused prediction (kept only under `--lenient`) as spurious in
/// its layer, under the label `invalid`, when that layer is among the
/// `scored` ones; argument schemes are left alone, since a refused record's
/// arguments were never read.
pub fn count_rejected(ds: &mut DocScore, kind: Option<&str>, scored: &[Layer]) {
    let layer = match kind {
        Some("entity") => Layer::Entities,
        Some("event") => Layer::Events,
        Some("casualty") => Layer::Casualties,
        _ => return,
    };
    if !scored.contains(&layer) {
        return;
    }
    for scheme in layer.schemes() {
        if scheme.starts_with("arg_") {
            continue;
        }
        ds.tallies
            .entry((layer, scheme))
            .or_default()
            .add(crate::score::table::INVALID, |c| c.spurious += 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Under `--layers`, a refused record of a layer not scored counts
    /// nowhere: that layer has no tally to be spurious in.
    #[test]
    fn a_refused_record_counts_only_in_a_scored_layer() {
        let mut ds = DocScore::default();
        count_rejected(&mut ds, Some("event"), &[Layer::Entities]);
        assert!(ds.tallies.is_empty());
        count_rejected(&mut ds, Some("entity"), &[Layer::Entities]);
        assert!(ds.tallies.keys().all(|(l, _)| *l == Layer::Entities));
        assert_eq!(ds.tallies[&(Layer::Entities, "strict")].overall.spurious, 1);
    }
}
