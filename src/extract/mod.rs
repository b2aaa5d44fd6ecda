//! The `extract` stage: anything that turns an article into predicted records.
//!
//! An [`Extractor`] sees only what a deployed system would see — a document id
//! and its text, never the gold — and returns records in the prediction
//! contract (`schemas/prediction.schema.json`). Built-ins:
//!
//! - [`FileExtractor`]: predictions already on disk, validated on load;
//! - [`CommandExtractor`]: any program speaking the JSONL protocol of
//!   `docs/extractor-protocol.md` on stdin/stdout (a Python or LLM system);
//! - [`GoldExtractor`]: an oracle returning the gold itself, which must score
//!   1.0 everywhere — the harness's own sanity check;
//! - [`crate::baseline::Baseline`]: the built-in Arabic rule-based system.
//!
//! The trait has one required method besides the name, and a batch method
//! with a default, so it is small to implement and `Box<dyn Extractor>`
//! works for choosing one at run time.

mod command;
mod file;
mod gold;

pub use command::{CommandExtractor, MAX_ANSWER_LINE};
pub use file::FileExtractor;
pub use gold::GoldExtractor;

use crate::error::Error;
use crate::record::Record;

/// What an extractor is given: an article's id and text.
#[derive(Debug, Clone, Copy)]
pub struct ArticleInput<'a> {
    /// Document id (the predictions' `doc` field).
    pub doc: &'a str,
    /// The article text, exactly as stored; offsets are code points into it.
    pub text: &'a str,
}

/// Something that predicts records for articles.
pub trait Extractor {
    /// A short name for reports (`baseline`, `file:preds.jsonl`…).
    fn name(&self) -> String;

    /// Predicted records for one article. Offsets, when given, are code
    /// points into `article.text`, end exclusive.
    fn extract(&mut self, article: &ArticleInput<'_>) -> Result<Vec<Record>, Error>;

    /// Whether its records were already validated with better locations
    /// than the driver could give (a file's own `path:line`); the driver then
    /// does not check them again. Most extractors keep the default.
    fn prevalidated(&self) -> bool {
        false
    }

    /// Predicted records for several articles, in order. Override it when a
    /// system is faster in batches (one model load, one request).
    fn extract_all(&mut self, articles: &[ArticleInput<'_>]) -> Result<Vec<Vec<Record>>, Error> {
        articles.iter().map(|a| self.extract(a)).collect()
    }
}

impl<E: Extractor + ?Sized> Extractor for Box<E> {
    fn name(&self) -> String {
        (**self).name()
    }

    fn prevalidated(&self) -> bool {
        (**self).prevalidated()
    }

    fn extract(&mut self, article: &ArticleInput<'_>) -> Result<Vec<Record>, Error> {
        (**self).extract(article)
    }

    fn extract_all(&mut self, articles: &[ArticleInput<'_>]) -> Result<Vec<Vec<Record>>, Error> {
        (**self).extract_all(articles)
    }
}

impl<E: Extractor + ?Sized> Extractor for &mut E {
    fn name(&self) -> String {
        (**self).name()
    }

    fn prevalidated(&self) -> bool {
        (**self).prevalidated()
    }

    fn extract(&mut self, article: &ArticleInput<'_>) -> Result<Vec<Record>, Error> {
        (**self).extract(article)
    }

    fn extract_all(&mut self, articles: &[ArticleInput<'_>]) -> Result<Vec<Vec<Record>>, Error> {
        (**self).extract_all(articles)
    }
}
