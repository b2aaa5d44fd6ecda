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
pub mod saved;

pub use command::{CommandExtractor, MAX_ANSWER_LINE, stop_all_programs};
pub use file::FileExtractor;
pub use gold::GoldExtractor;

use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::error::Error;
use crate::profile::Profile;
use crate::record::Record;
use crate::schema::Flavour;
use crate::validate::check_record_line_in;

/// Receives an extractor program's stderr, one line at a time (without its
/// newline), from the thread reading it.
pub type LineSink = Arc<dyn Fn(&str) + Send + Sync>;

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

/// The records of one answer, as JSON values (a program's answer line, the
/// list a Python extractor returned), checked against the prediction
/// schema of `profile` (the gold's: against a core corpus, entity types
/// are the corpus's labels). A record may leave out `doc`: the answer's
/// document is used. The error lists every record that breaks the schema,
/// numbered from 1 within the answer, for an [`Error::Extractor`] message.
pub fn records_of_answer(
    name: &str,
    doc: &str,
    items: &[Value],
    profile: Profile,
) -> Result<Vec<Record>, String> {
    let origin = format!("{name} [{doc}]");
    let mut records = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut item = item.clone();
        if let Some(obj) = item.as_object_mut() {
            obj.entry("doc").or_insert_with(|| json!(doc));
        }
        match check_record_line_in(
            profile,
            Flavour::Prediction,
            Path::new(&origin),
            i + 1,
            &item,
        ) {
            Ok(r) => records.push(r),
            Err(ds) => problems.extend(ds.into_iter().map(|d| d.to_string())),
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "{} of its records break the prediction schema (line = record number):\n{}",
            problems.len(),
            problems.join("\n")
        ));
    }
    Ok(records)
}
