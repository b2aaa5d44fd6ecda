//! Predictions from JSONL files.

use crate::corpus::Corpus;
use crate::diagnostic::Report;
use crate::error::Error;
use crate::record::Record;
use crate::validate::{Input, Predictions, load_predictions};

use super::{ArticleInput, Extractor};

/// Serves predictions read from files (or directories of `*.jsonl`),
/// validated against the corpus when opened, so a bad prediction gets the
/// same `file:line: pointer` message as bad gold.
#[derive(Debug, Clone)]
pub struct FileExtractor {
    name: String,
    predictions: Predictions,
}

impl FileExtractor {
    /// Reads and validates `paths`. The report holds every problem found;
    /// records with errors are left out (see [`Predictions::rejected`]).
    pub fn open<I>(inputs: &[I], corpus: &Corpus) -> Result<(Self, Report), Error>
    where
        for<'i> &'i I: Into<Input>,
    {
        let (predictions, report) = load_predictions(inputs, corpus)?;
        let names: Vec<String> = inputs.iter().map(|i| i.into().label()).collect();
        let name = format!("file:{}", names.join(","));
        Ok((FileExtractor { name, predictions }, report))
    }

    /// The loaded predictions.
    pub fn predictions(&self) -> &Predictions {
        &self.predictions
    }
}

impl Extractor for FileExtractor {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn prevalidated(&self) -> bool {
        true
    }

    fn extract(&mut self, article: &ArticleInput<'_>) -> Result<Vec<Record>, Error> {
        Ok(self
            .predictions
            .docs
            .get(article.doc)
            .map(|rs| rs.iter().map(|l| l.record.clone()).collect())
            .unwrap_or_default())
    }
}
