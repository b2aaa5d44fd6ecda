//! Predictions from JSONL files.

use std::path::PathBuf;

use crate::corpus::Corpus;
use crate::diagnostic::Report;
use crate::error::Error;
use crate::record::Record;
use crate::validate::{Predictions, load_predictions};

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
    pub fn open(paths: &[PathBuf], corpus: &Corpus) -> Result<(Self, Report), Error> {
        let (predictions, report) = load_predictions(paths, corpus)?;
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
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
