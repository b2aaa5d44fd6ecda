//! Validation: a real JSON Schema engine first, then the checks a schema
//! cannot express (offsets against the text, ids, references, overlaps).
//!
//! Every problem is collected; nothing stops at the first. Records that fail
//! the schema are dropped from the loaded data (later checks could not trust
//! them) but their problems are reported.

pub mod fast;
mod gold;
pub mod index;
mod lines;
mod predictions;
mod schema;
mod semantic;

pub use gold::{
    GoldIndex, check_corpus, check_corpus_as, check_documents, check_gold_document,
    id_is_valid as doc_id_is_valid, load_corpus, load_corpus_as,
};
pub use index::{Input, STDIN_NAME};
pub use lines::{LineOrigin, read_records};
pub use predictions::{Predictions, Rejected, check_extracted, load_predictions};
pub use schema::{check_kb_line, check_record_line, check_record_line_in};
pub use semantic::expected_bounds;
