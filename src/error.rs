//! Failures that stop a run (as opposed to problems in the data, which are
//! collected as [`crate::diagnostic::Diagnostic`]s).

use std::path::{Path, PathBuf};

/// Why hudna could not do what it was asked. Every variant names the path.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {err}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said. (Not a `#[source]`: the message already
        /// carries it, and error chains would print it twice.)
        err: std::io::Error,
    },
    /// An extractor failed on an article: crashed, timed out, or answered
    /// with something that is not the protocol.
    #[error("extractor `{name}` failed {}: {message}{}", where_(.doc), stderr_block(.stderr))]
    Extractor {
        /// The extractor's name.
        name: String,
        /// The article it was working on (empty: after the last one).
        doc: String,
        /// What went wrong.
        message: String,
        /// The end of the program's stderr, if it wrote any.
        stderr: String,
    },
    /// A file of saved answers (`--resume`) that cannot be used: malformed,
    /// or made for another extractor or another text.
    #[error("{}:{line}: {}: {message}", path.display(), if pointer.is_empty() { "(line)" } else { pointer.as_str() })]
    Saved {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// JSON pointer to the field (`""`: the whole line).
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// Settings that cannot go together, or a value out of range, given to
    /// the library directly (the command line refuses them when parsing).
    #[error("{0}")]
    Settings(String),
    /// A number (resamples, rounds) above the cap hudna sets for it.
    #[error(transparent)]
    Limit(#[from] crate::limits::LimitError),
    /// Inputs that cannot be scored together, such as CoNLL predictions
    /// against a JSONL corpus: the message says what goes with what.
    #[error("{0}")]
    Unsupported(String),
    /// A count table could not read its rows back from its temporary file
    /// ([`crate::score::rows`]; unlinked, so there is no path to name).
    #[error("{0}")]
    Table(std::io::Error),
    /// A directory given as a corpus holds no article.
    #[error("{path}: no articles (*.txt) in this directory")]
    NoArticles {
        /// The directory.
        path: PathBuf,
    },
}

fn where_(doc: &str) -> String {
    if doc.is_empty() {
        "after the last article".into()
    } else {
        format!("on document `{doc}`")
    }
}

fn stderr_block(stderr: &str) -> String {
    let t = stderr.trim_end();
    if t.is_empty() {
        String::new()
    } else {
        let indented: Vec<String> = t.lines().map(|l| format!("    | {l}")).collect();
        format!("\n  its stderr ended with:\n{}", indented.join("\n"))
    }
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            err: source,
        }
    }
}
