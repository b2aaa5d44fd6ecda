//! What the span-based JSON formats (spaCy/Prodigy, doccano, Label Studio)
//! share: reading a document's spans in the format's units, proving each
//! against the text, and making entity mentions of them.
//!
//! A span becomes a mention only when its offsets convert to code points
//! (no half of a surrogate pair, nothing past the end), it is not empty,
//! its label is a label (1–64 characters), and, when the source also gives
//! the span's text, that text is the slice. Otherwise it is an error naming
//! the file, the line (or the JSON pointer of the record in a one-document
//! JSON file) and the field, and no mention is made of it.

use std::path::Path;

use serde_json::Value;

use crate::article::Article;
use crate::diagnostic::{Diagnostic, Report};
use crate::record::{Entity, Record};
use crate::vocab::{EntityLabel, MAX_LABEL_CHARS};

use super::bundle::{SpanProblem, slice};
use super::offsets::{Converter, Units};

/// A span as a tool holds it, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct RawSpan {
    /// Pointer to the span's own field names' parent (`/spans/3`).
    pub at: String,
    /// Field names of start, end, label and text under `at`.
    pub fields: [&'static str; 4],
    /// Start, in the format's units.
    pub start: usize,
    /// End, in the format's units.
    pub end: usize,
    /// Label.
    pub label: String,
    /// The text the source gives for the span, if it does.
    pub text: Option<String>,
    /// The id the source gives, if any.
    pub id: Option<String>,
    /// The KB ref the source gives, if any.
    pub r#ref: Option<String>,
}

/// Where in the input a document came from.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The file.
    pub path: &'a Path,
    /// Its line, for a line-per-document file.
    pub line: Option<usize>,
}

impl Origin<'_> {
    /// An error at `pointer`.
    pub fn error(&self, pointer: &str, code: &'static str, message: String) -> Diagnostic {
        Diagnostic::error(self.path, self.line, pointer, code, message)
    }
}

/// The offsets' unit of a format, and whether `--units` may change it.
#[derive(Debug, Clone, Copy)]
pub struct Unit {
    /// The unit offsets are read in.
    pub units: Units,
    /// Whether the format's unit is a choice (doccano, Label Studio): only
    /// then do messages point at `--units`.
    pub choosable: bool,
}

/// Checks `spans` against `text` (offsets in `unit`) and makes entity
/// mentions of document `doc`, with the ids the source asked for (for
/// [`super::bundle::assign_ids`]). Problems go to `report`.
pub fn entities(
    origin: Origin,
    doc: &str,
    text: &str,
    unit: Unit,
    spans: Vec<RawSpan>,
    report: &mut Report,
) -> (Vec<Record>, Vec<Option<String>>) {
    let units = unit.units;
    let article = Article::from_text(text);
    let conv = Converter::new(text, units);
    let other = match units {
        Units::Utf16 => Units::CodePoints,
        Units::CodePoints => Units::Utf16,
    };
    let alt = (unit.choosable && conv.units_matter()).then(|| Converter::new(text, other));
    let mut records = Vec::new();
    let mut ids = Vec::new();
    for s in spans {
        let [f_start, f_end, f_label, f_text] = s.fields;
        let ptr = |f: &str| format!("{}/{f}", s.at);
        let n = s.label.chars().count();
        if n == 0 || n > MAX_LABEL_CHARS {
            report.push(origin.error(
                &ptr(f_label),
                "label",
                format!("a label of {n} characters; hudna takes 1 to {MAX_LABEL_CHARS}"),
            ));
            continue;
        }
        let converted = conv
            .to_code_point(s.start)
            .map_err(|p| (p, f_start))
            .and_then(|a| {
                conv.to_code_point(s.end)
                    .map(|b| (a, b))
                    .map_err(|p| (p, f_end))
            })
            .and_then(|(a, b)| {
                slice(&article, a, b)
                    .map(|t| (a, b, t))
                    .map_err(|p| (p, f_end))
            });
        let (a, b, got) = match converted {
            Ok(x) => x,
            Err((p, field)) => {
                let mut d = p.diagnostic(origin.path, origin.line, &ptr(field), s.start, s.end);
                if unit.choosable && units == Units::Utf16 {
                    d = d.with_hint(
                        "offsets are read as UTF-16 code units; --units code-points reads them as code points",
                    );
                }
                report.push(d);
                continue;
            }
        };
        if let Some(given) = &s.text
            && given != got
        {
            let problem = SpanProblem::Text {
                slice: got.to_owned(),
                given: given.clone(),
            };
            let mut d = problem.diagnostic(origin.path, origin.line, &ptr(f_text), s.start, s.end);
            // Say so when the other unit would have given the text: the
            // usual cause, and one flag fixes it.
            let fits_other = alt.as_ref().is_some_and(|alt| {
                match (alt.to_code_point(s.start), alt.to_code_point(s.end)) {
                    (Ok(x), Ok(y)) => slice(&article, x, y).is_ok_and(|t| t == given),
                    _ => false,
                }
            });
            d = d.with_hint(if fits_other {
                format!(
                    "read as {} these offsets give the text: --units {}",
                    other.as_str(),
                    other.as_str()
                )
            } else {
                "the text must be exactly the slice of the offsets".to_owned()
            });
            report.push(d);
            continue;
        }
        records.push(Record::Entity(Entity {
            doc: doc.to_owned(),
            id: None,
            entity_type: EntityLabel::parse(&s.label),
            start: Some(a),
            end: Some(b),
            text: got.to_owned(),
            r#ref: s.r#ref,
        }));
        ids.push(s.id);
    }
    (records, ids)
}

/// `v[key]` as a non-negative integer, or the message saying what it is.
pub fn offset(v: &Value, key: &str) -> Result<usize, String> {
    to_offset(v.get(key), key)
}

/// A value as a non-negative integer; `key` names it in the message.
pub fn to_offset(v: Option<&Value>, key: &str) -> Result<usize, String> {
    match v {
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("`{key}` is {n}, not an offset (a whole number from 0)")),
        Some(other) => Err(format!("`{key}` is {}, not an offset", kind(other))),
        None => Err(format!("no `{key}`")),
    }
}

/// `v[key]` as a string: `Ok(None)` when absent or null.
pub fn opt_str(v: &Value, key: &str) -> Result<Option<String>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("`{key}` is {}, not a string", kind(other))),
    }
}

/// What kind of JSON value `v` is, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A document id for the `n`-th document (1-based) when the source names
/// none: `doc-0001`.
pub fn numbered(n: usize) -> String {
    format!("doc-{n:04}")
}

/// The message for a required field that is missing or of the wrong kind.
pub fn need(what: &str, v: Option<&Value>) -> String {
    match v {
        None => format!("no `{what}`"),
        Some(v) => format!("`{what}` is {}", kind(v)),
    }
}

/// One document as a span format holds it, parsed but not checked.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Its line, in a line-per-document file.
    pub line: Option<usize>,
    /// Pointer to the document in a one-JSON file (`/3`), else empty.
    pub at: String,
    /// The document id it gives, and the pointer of that field.
    pub name: Option<(String, String)>,
    /// The text.
    pub text: String,
    /// Its spans (pointers include `at`).
    pub spans: Vec<RawSpan>,
}

/// Checks parsed documents and makes the bundle: ids (given, or
/// `doc-0001`… by position) valid and unique, every span proved against
/// its text, record ids kept where valid and unique.
pub fn assemble(
    path: &Path,
    docs: Vec<Parsed>,
    unit: Unit,
    report: &mut Report,
) -> super::bundle::Bundle {
    use std::collections::BTreeMap;
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, p) in docs.into_iter().enumerate() {
        let origin = Origin { path, line: p.line };
        let (id, pointer) = match p.name {
            Some((id, ptr)) => (id, ptr),
            None => (numbered(i + 1), p.at.clone()),
        };
        if !super::bundle::doc_id_ok(&id) {
            report.push(super::bundle::bad_doc_id(path, p.line, &pointer, &id));
            continue;
        }
        let here = match p.line {
            Some(l) => format!("line {l}"),
            None => pointer.clone(),
        };
        if let Some(first) = seen.get(&id) {
            report.push(origin.error(
                &pointer,
                "duplicate-doc",
                format!("document id `{id}` again (first at {first})"),
            ));
            continue;
        }
        seen.insert(id.clone(), here);
        let (mut records, wanted) = entities(origin, &id, &p.text, unit, p.spans, report);
        let replaced = super::bundle::assign_ids(&mut records, &wanted);
        if replaced > 0 {
            report.push(Diagnostic::warning(
                path,
                p.line,
                &p.at,
                "ids-replaced",
                format!(
                    "{replaced} span id(s) invalid or repeated in the document: given new ones"
                ),
            ));
        }
        out.push(super::bundle::Annotated {
            id,
            text: p.text,
            records,
        });
    }
    super::bundle::Bundle {
        docs: out,
        kb: Vec::new(),
    }
}

/// Reads a line-per-document JSONL file: each non-blank line's JSON object
/// goes to `parse` (with its line number), whose `Err` is a diagnostic.
pub fn read_lines(
    path: &Path,
    bytes: &[u8],
    report: &mut Report,
    mut parse: impl FnMut(usize, &Value) -> Result<Option<Parsed>, Diagnostic>,
) -> Vec<Parsed> {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    crate::jsonl::for_each_line(
        path,
        bytes,
        &mut problems,
        |n, text| match crate::jsonl::value(path, n, text) {
            Ok(v) => match parse(n, &v) {
                Ok(Some(p)) => docs.push(p),
                Ok(None) => {}
                Err(d) => report.push(d),
            },
            Err(d) => report.push(d),
        },
    );
    report.diagnostics.extend(problems);
    docs
}
