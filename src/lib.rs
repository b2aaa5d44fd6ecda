//! hudna (هدنة, "truce"): a gold-annotated Arabic news dataset about the
//! Armenia–Azerbaijan ceasefires, and a harness that scores information
//! extractors against it.
//!
//! Data flows one way: **load → validate → extract → match → aggregate →
//! render**. Each stage is its own module and none reaches back: the loader
//! knows nothing of scoring, the matcher nothing of reports, and nothing in the
//! library knows about the command line (clap lives in the binary only).
//!
//! Offsets everywhere are Unicode code points, end exclusive, over the stored
//! article text — Python `str` semantics, so a Python user's `text[s:e]` and
//! ours agree.
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

#[macro_use]
pub mod vocab;
pub mod agree;
pub mod annotate;
pub mod arabic;
pub mod article;
pub mod baseline;
pub mod bundled;
pub mod canonical;
pub mod compare;
pub mod corpus;
pub mod diagnostic;
pub mod error;
pub mod evaluate;
pub mod extract;
pub mod formats;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
pub mod gate;
pub mod html;
pub mod jsonl;
pub mod limits;
pub mod lint;
pub mod listing;
pub mod ontology;
pub mod profile;
pub mod record;
pub mod report;
pub mod run;
pub mod schema;
pub mod score;
pub mod show;
pub mod stats;
pub mod synth;
#[cfg(test)]
mod test_rng;
pub mod utf8;
pub mod validate;
