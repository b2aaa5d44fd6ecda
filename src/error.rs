//! Failures that stop a run (as opposed to problems in the data, which are
//! collected as [`crate::diagnostic::Diagnostic`]s).

use std::path::{Path, PathBuf};

/// Why hudna could not do what it was asked. Every variant names the path.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A directory given as a corpus holds no article.
    #[error("{path}: no articles (*.txt) in this directory")]
    NoArticles {
        /// The directory.
        path: PathBuf,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
