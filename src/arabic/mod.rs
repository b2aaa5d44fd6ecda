//! Arabic text tools: orthographic folding, tokenizing and number reading.
//!
//! All three report positions as code-point offsets over the original text,
//! end exclusive, like the rest of the crate: folding keeps a map back
//! ([`normalize::Folded`]), tokens carry their spans ([`tokenize::Token`]),
//! and counts found in text carry theirs ([`numbers::CountSpan`]).

pub mod normalize;
pub mod numbers;
pub mod tokenize;
