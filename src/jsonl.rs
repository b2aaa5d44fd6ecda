//! Reading JSONL files line by line without ever panicking.
//!
//! Annotators and extractors produce every kind of broken file: a byte-order
//! mark, CRLF endings, invalid UTF-8, a truncated line, a 10 MB line, deeply
//! nested garbage. Each becomes a [`Diagnostic`] on its line, and the remaining
//! lines are still read, so one run reports everything.

use std::path::Path;

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::error::Error;

/// One parsed line.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number.
    pub line: usize,
    /// The JSON value on it.
    pub value: Value,
}

/// Reads `path` and parses each non-blank line as JSON.
///
/// I/O failures (missing file, permission) are an [`Error`]; everything about
/// the content is a diagnostic next to the lines that did parse.
pub fn read(path: &Path) -> Result<(Vec<Line>, Vec<Diagnostic>), Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(parse(path, &bytes))
}

/// Parses JSONL bytes; `path` only labels the diagnostics.
pub fn parse(path: &Path, bytes: &[u8]) -> (Vec<Line>, Vec<Diagnostic>) {
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    let mut bad = Vec::new();
    for_each_line(path, bytes, &mut problems, |n, text| {
        match value(path, n, text) {
            Ok(value) => lines.push(Line { line: n, value }),
            Err(d) => bad.push(d),
        }
    });
    problems.extend(bad);
    problems.sort_by_key(|d| d.line);
    (lines, problems)
}

/// Calls `f` with the number and text of each non-blank line. What is wrong
/// with the bytes themselves (a byte-order mark, invalid UTF-8) goes to
/// `problems`, and the other lines are still read.
pub fn for_each_line<'b>(
    path: &Path,
    bytes: &'b [u8],
    problems: &mut Vec<Diagnostic>,
    mut f: impl FnMut(usize, &'b str),
) {
    let mut body = bytes;
    if let Some(rest) = body.strip_prefix(b"\xEF\xBB\xBF") {
        problems.push(bom(path));
        body = rest;
    }
    for (i, raw) in body.split(|&b| b == b'\n').enumerate() {
        let n = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let text = match crate::utf8::str(raw) {
            Ok(t) => t,
            Err(e) => {
                problems.push(not_utf8(path, n, e.valid_up_to()));
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        f(n, text);
    }
}

/// A file that starts with a byte-order mark.
pub fn bom(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        Some(1),
        "",
        "bom",
        "file starts with a UTF-8 byte-order mark",
    )
    .with_hint("save the file as UTF-8 without BOM")
}

/// A line that is not UTF-8, valid up to byte `valid_up_to` (0-based).
pub fn not_utf8(path: &Path, n: usize, valid_up_to: usize) -> Diagnostic {
    Diagnostic::error(
        path,
        Some(n),
        "",
        "utf8",
        format!("invalid UTF-8 at byte {} of the line", valid_up_to + 1),
    )
    .with_hint("JSONL files must be UTF-8")
}

/// One line's JSON object, or what is wrong with it.
#[allow(clippy::result_large_err)] // built once per bad line, never on the hot path
pub fn value(path: &Path, n: usize, text: &str) -> Result<Value, Diagnostic> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) if value.is_object() => Ok(value),
        Ok(_) => Err(Diagnostic::error(
            path,
            Some(n),
            "",
            "not-object",
            "a line must be one JSON object",
        )),
        Err(e) => Err(
            Diagnostic::error(path, Some(n), "", "json", format!("invalid JSON: {e}"))
                .with_hint("each line holds exactly one JSON object"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> (usize, Vec<&'static str>) {
        let (lines, problems) = parse(Path::new("x.jsonl"), bytes);
        (lines.len(), problems.iter().map(|d| d.code).collect())
    }

    #[test]
    fn keeps_reading_after_bad_lines() {
        let (n, codes) = run(b"{\"a\":1}\n{oops\n\xff\xfe\n[1]\n{\"b\":2}\r\n\n");
        assert_eq!(n, 2);
        assert_eq!(codes, vec!["json", "utf8", "not-object"]);
    }

    #[test]
    fn bom_is_reported_and_skipped() {
        let (n, codes) = run(b"\xEF\xBB\xBF{\"a\":1}\n");
        assert_eq!((n, codes), (1, vec!["bom"]));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let (n, codes) = run(deep.as_bytes());
        assert_eq!((n, codes), (0, vec!["json"]));
    }
}
