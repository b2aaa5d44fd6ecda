//! Problems found in data, each tied to a file, a line and a field.
//!
//! Validation collects every problem instead of stopping at the first: an
//! annotator fixing a file wants the whole list in one run. A problem renders as
//! `path:line: /json/pointer: message`, the shape editors and CI logs link.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data breaks the contract: `validate` fails.
    Error,
    /// Likely an annotation mistake: reported by `lint`.
    Warning,
}

/// One problem in one place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// The file the problem is in. Serialized lossily (as `Display` shows
    /// it): a path that is not UTF-8 cannot be a JSON string as it is.
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    /// 1-based line, when the problem is in one line of a JSONL file.
    pub line: Option<usize>,
    /// JSON pointer to the field (`""` for the whole record or file).
    pub pointer: String,
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `text-mismatch`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where there is something useful to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// A path as a JSON string, invalid UTF-8 replaced by U+FFFD.
fn lossy_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

impl Diagnostic {
    /// An error at `path:line` on field `pointer`.
    pub fn error(
        path: &Path,
        line: Option<usize>,
        pointer: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line,
            pointer: pointer.into(),
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `path:line` on field `pointer`.
    pub fn warning(
        path: &Path,
        line: Option<usize>,
        pointer: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, pointer, code, message)
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let pointer = if self.pointer.is_empty() {
            "(record)"
        } else {
            &self.pointer
        };
        write!(f, ": {pointer}: {sev}[{}]: {}", self.code, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n    hint: {h}")?;
        }
        Ok(())
    }
}

/// Everything found in one run, in file/line order.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    /// The problems.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// The human form: one problem per line, then a count.
    pub fn render_text(&self) -> String {
        let mut s = String::new();
        for d in &self.diagnostics {
            s.push_str(&d.to_string());
            s.push('\n');
        }
        match (self.errors(), self.warnings()) {
            (0, 0) => s.push_str("valid: no problems\n"),
            (0, w) => s.push_str(&format!("valid: {w} warning(s)\n")),
            (e, _) => s.push_str(&format!("invalid: {e} error(s)\n")),
        }
        s
    }

    /// Sorts by file, line and field so output is stable whatever order checks ran in.
    pub fn sort(&mut self) {
        self.diagnostics.sort();
    }
}
