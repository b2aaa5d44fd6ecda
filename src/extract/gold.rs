//! The oracle: returns the gold records as predictions.

use std::collections::BTreeMap;

use crate::corpus::Corpus;
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
            .map(|(id, d)| {
                let rs = d
                    .records
                    .iter()
                    .map(|l| l.record.clone())
                    .filter(|r| {
                        matches!(
                            r,
                            Record::Entity(_) | Record::Event(_) | Record::Casualty(_)
                        )
                    })
                    .collect();
                (id.clone(), rs)
            })
            .collect();
        GoldExtractor { records }
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
