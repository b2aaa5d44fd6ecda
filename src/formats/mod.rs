//! Formats other than hudna's own JSONL that users' data comes in.
//!
//! A reader here turns a file into plain data and a [`crate::diagnostic::Report`]
//! of what is wrong with it, naming file and line; it knows nothing of
//! scoring (the drivers in [`crate::run`] do) nor of the command line.

pub mod conll;
pub mod iob;
