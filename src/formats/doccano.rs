//! doccano JSONL (sequence labeling): one document per line, its spans as
//! `[start, end, label]` triples.
//!
//! ```json
//! {"text": "…", "label": [[20, 27, "GPE"], [88, 95, "GPE"]], "doc": "2020-10-01-minsk-group-calls-for-talks"}
//! ```
//!
//! What doccano imports into a sequence-labeling project and exports from
//! it; keys other than `text` and `label` are kept as the document's
//! metadata, which is where `doc` (the document id) rides. Offsets count
//! what the browser counts, UTF-16 code units ([`super::offsets`]): hudna
//! converts on the way out and back, and `--units code-points` reads or
//! writes code points instead (a doccano whose server recomputed them).
//!
//! Reading also takes doccano's relation-project export, where spans are
//! objects (`"entities": [{"start_offset", "end_offset", "label"}]`); its
//! numeric entity ids are not record ids and are not kept. A triple holds
//! no text, so nothing can be checked against the slice beyond range and
//! the code-unit boundaries: doccano files are where a wrong unit would
//! shift spans unseen, and why the writer never guesses one.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;

use super::bundle::{Bundle, Losses, Output, read_capped};
use super::json_spans::{
    Parsed, RawSpan, Unit, assemble, need, offset, opt_str, read_lines, to_offset,
};
use super::offsets::{Converter, Units};

/// Writes one line per document, offsets in `units`.
pub fn write(bundle: &Bundle, units: Units) -> Output {
    let mut losses = Losses::default();
    let mut out = Vec::new();
    for d in &bundle.docs {
        let conv = Converter::new(&d.text, units);
        let mut label = Vec::new();
        for e in d.entities() {
            let (Some(s), Some(end)) = (e.start, e.end) else {
                losses.add("entity mentions without offsets", 1);
                continue;
            };
            label.push(json!([
                conv.from_code_point(s),
                conv.from_code_point(end),
                e.entity_type.as_str()
            ]));
        }
        let line = json!({"text": d.text, "label": label, "doc": d.id});
        out.extend(serde_json::to_vec(&line).expect("JSON values serialize"));
        out.push(b'\n');
    }
    let entities = || bundle.docs.iter().flat_map(|d| d.entities());
    losses.add(
        "entity ids (made anew when read back)",
        entities().filter(|e| e.id.is_some()).count(),
    );
    losses.add(
        "entity refs",
        entities().filter(|e| e.r#ref.is_some()).count(),
    );
    losses.not_held(bundle, &["document", "zone", "event", "casualty"]);
    losses.add("KB entries", bundle.kb.len());
    Output {
        files: vec![(PathBuf::new(), out)],
        losses,
    }
}

/// Reads a doccano JSONL file with offsets in `units`.
#[allow(clippy::result_large_err)] // the closure's error: once per bad line
pub fn read(path: &Path, units: Units) -> Result<(Bundle, Report), Error> {
    let bytes = read_capped(path)?;
    let mut report = Report::default();
    let docs = read_lines(path, &bytes, &mut report, |n, v| parse(path, n, v));
    let unit = Unit {
        units,
        choosable: true,
    };
    let bundle = assemble(path, docs, unit, &mut report);
    report.sort();
    Ok((bundle, report))
}

#[allow(clippy::result_large_err)] // once per line
fn parse(path: &Path, n: usize, v: &Value) -> Result<Option<Parsed>, Diagnostic> {
    let err = |ptr: &str, msg: String| Diagnostic::error(path, Some(n), ptr, "doccano", msg);
    let Some(text) = v.get("text").and_then(Value::as_str) else {
        return Err(err("/text", need("text", v.get("text"))));
    };
    let name = match (opt_str(v, "doc"), v.get("meta").map(|m| opt_str(m, "doc"))) {
        (Err(m), _) => return Err(err("/doc", m)),
        (Ok(Some(d)), _) => Some((d, "/doc".to_owned())),
        (Ok(None), Some(Err(m))) => return Err(err("/meta/doc", m)),
        (Ok(None), Some(Ok(d))) => d.map(|d| (d, "/meta/doc".to_owned())),
        (Ok(None), None) => None,
    };
    let mut spans = Vec::new();
    match (v.get("label"), v.get("entities")) {
        (Some(Value::Array(triples)), _) => {
            for (i, t) in triples.iter().enumerate() {
                let at = format!("/label/{i}");
                let Some([s, e, l]) = t.as_array().map(Vec::as_slice) else {
                    return Err(err(&at, "a span is [start, end, label]".into()));
                };
                let off = |x: &Value, k: &str| {
                    to_offset(Some(x), k).map_err(|m| err(&format!("{at}/{k}"), m))
                };
                let Some(label) = l.as_str() else {
                    return Err(err(&format!("{at}/2"), need("label", Some(l))));
                };
                spans.push(RawSpan {
                    fields: ["0", "1", "2", ""],
                    start: off(s, "0")?,
                    end: off(e, "1")?,
                    label: label.to_owned(),
                    at,
                    ..RawSpan::default()
                });
            }
        }
        (None | Some(Value::Null), Some(Value::Array(objects))) => {
            for (i, o) in objects.iter().enumerate() {
                let at = format!("/entities/{i}");
                let field =
                    |r: Result<usize, String>, f: &str| r.map_err(|m| err(&format!("{at}/{f}"), m));
                let Some(label) = o.get("label").and_then(Value::as_str) else {
                    return Err(err(&format!("{at}/label"), need("label", o.get("label"))));
                };
                spans.push(RawSpan {
                    fields: ["start_offset", "end_offset", "label", ""],
                    start: field(offset(o, "start_offset"), "start_offset")?,
                    end: field(offset(o, "end_offset"), "end_offset")?,
                    label: label.to_owned(),
                    at,
                    ..RawSpan::default()
                });
            }
        }
        (None | Some(Value::Null), None | Some(Value::Null)) => {}
        (Some(other), _) => return Err(err("/label", need("label", Some(other)))),
        (_, Some(other)) => return Err(err("/entities", need("entities", Some(other)))),
    }
    Ok(Some(Parsed {
        line: Some(n),
        at: String::new(),
        name,
        text: text.to_owned(),
        spans,
    }))
}
