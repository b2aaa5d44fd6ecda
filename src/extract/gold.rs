//! The oracle: returns the gold records as predictions.

use std::collections::BTreeMap;

use crate::corpus::{Corpus, Doc};
use crate::error::Error;
use crate::record::Record;

use super::{ArticleInput, Extractor};

/// Returns each article's gold entities, events and casualty figures. Any
/// score below 1.0 for it is a bug in the scorer, which a test guards.
#[derive(Debug, Clone)]
pub struct GoldExtractor {
    records: BTreeMap<String, Vec<Record>>,
}

impl GoldExtractor {
    /// An oracle for `corpus`.
    pub fn new(corpus: &Corpus) -> Self {
        let records = corpus
            .docs
            .iter()
            .map(|(id, d)| (id.clone(), GoldExtractor::scored(d)))
            .collect();
        GoldExtractor { records }
    }

    /// A document's gold records of the scored layers: entities, events and
    /// casualty figures.
    pub fn scored(doc: &Doc) -> Vec<Record> {
        doc.records
            .iter()
            .map(|l| &l.record)
            .filter(|r| {
                matches!(
                    r,
                    Record::Entity(_) | Record::Event(_) | Record::Casualty(_)
                )
            })
            .cloned()
            .collect()
    }
}

impl Extractor for GoldExtractor {
    fn name(&self) -> String {
        "gold".into()
    }

    fn extract(&mut self, article: &ArticleInput<'_>) -> Result<Vec<Record>, Error> {
        Ok(self.records.get(article.doc).cloned().unwrap_or_default())
    }
}
