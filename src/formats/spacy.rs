//! spaCy / Prodigy span JSONL: one task per line, the text and its spans.
//!
//! ```json
//! {"text": "…", "spans": [{"start": 20, "end": 27, "label": "GPE", "text": "قره باغ", "id": "e1", "kb_id": "nagorno-karabakh"}], "meta": {"doc": "2020-10-01-minsk-group-calls-for-talks"}}
//! ```
//!
//! Prodigy's task format, which spaCy users load with
//! `doc.char_span(start, end, label=…, kb_id=…)`. Offsets are Python `str`
//! indices, so code points, as hudna's. A span's `kb_id` is spaCy's name for
//! an entity-linking id, where hudna's `ref` goes; `id` is not spaCy's or
//! Prodigy's but a key both carry along. Spans may nest and overlap (load
//! them into `doc.spans[…]`, not `doc.ents`, which takes one flat layer).
//! `meta.doc` names the document (Prodigy shows `meta` under the task).
//!
//! Reading takes `text`, `spans` (each `start`, `end`, `label`, and
//! optionally `text`, checked against the slice, `id`, `kb_id`) and
//! `meta.doc`; other keys (`tokens`, `_input_hash`, `token_start`…) are
//! ignored. A task Prodigy saved as rejected or ignored (`"answer":
//! "reject"`/`"ignore"`) is not gold: it is skipped, with a warning.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;

use super::bundle::{Bundle, Losses, Output, read_capped};
use super::json_spans::{Parsed, RawSpan, Unit, assemble, need, offset, opt_str, read_lines};
use super::offsets::Units;

/// Writes one task per document.
pub fn write(bundle: &Bundle) -> Output {
    let mut losses = Losses::default();
    let mut out = Vec::new();
    for d in &bundle.docs {
        let mut spans = Vec::new();
        for e in d.entities() {
            let (Some(s), Some(end)) = (e.start, e.end) else {
                losses.add("entity mentions without offsets", 1);
                continue;
            };
            let mut span = json!({
                "start": s,
                "end": end,
                "label": e.entity_type.as_str(),
                "text": e.text,
            });
            if let Some(id) = &e.id {
                span["id"] = json!(id);
            }
            if let Some(r) = &e.r#ref {
                span["kb_id"] = json!(r);
            }
            spans.push(span);
        }
        let task = json!({"text": d.text, "spans": spans, "meta": {"doc": d.id}});
        out.extend(serde_json::to_vec(&task).expect("JSON values serialize"));
        out.push(b'\n');
    }
    losses.not_held(bundle, &["document", "zone", "event", "casualty"]);
    losses.add("KB entries", bundle.kb.len());
    Output {
        files: vec![(PathBuf::new(), out)],
        losses,
    }
}

/// Reads a task file.
#[allow(clippy::result_large_err)] // the closure's error: once per bad line
pub fn read(path: &Path) -> Result<(Bundle, Report), Error> {
    let bytes = read_capped(path)?;
    let mut report = Report::default();
    let docs = read_lines(path, &bytes, &mut report, |n, v| parse(path, n, v));
    let unit = Unit {
        units: Units::CodePoints,
        choosable: false,
    };
    let bundle = assemble(path, docs, unit, &mut report);
    report.sort();
    Ok((bundle, report))
}

/// One task.
#[allow(clippy::result_large_err)] // once per line
fn parse(path: &Path, n: usize, v: &Value) -> Result<Option<Parsed>, Diagnostic> {
    let err = |ptr: &str, msg: String| Diagnostic::error(path, Some(n), ptr, "task", msg);
    if let Some(answer @ ("reject" | "ignore")) = v.get("answer").and_then(Value::as_str) {
        return Err(Diagnostic::warning(
            path,
            Some(n),
            "/answer",
            "skipped",
            format!("a task answered `{answer}` is not gold: not read"),
        ));
    }
    let Some(text) = v.get("text").and_then(Value::as_str) else {
        return Err(err("/text", need("text", v.get("text"))));
    };
    let name = match v.get("meta").map(|m| opt_str(m, "doc")) {
        None => None,
        Some(Ok(name)) => name.map(|d| (d, "/meta/doc".to_owned())),
        Some(Err(m)) => return Err(err("/meta/doc", m)),
    };
    let mut spans = Vec::new();
    match v.get("spans") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, s) in items.iter().enumerate() {
                let at = format!("/spans/{i}");
                let pe = |f: &str, m: String| err(&format!("{at}/{f}"), m);
                let label = match s.get("label").and_then(Value::as_str) {
                    Some(l) => l.to_owned(),
                    None => return Err(err(&format!("{at}/label"), need("label", s.get("label")))),
                };
                spans.push(RawSpan {
                    fields: ["start", "end", "label", "text"],
                    start: offset(s, "start").map_err(|m| pe("start", m))?,
                    end: offset(s, "end").map_err(|m| pe("end", m))?,
                    label,
                    text: opt_str(s, "text").map_err(|m| pe("text", m))?,
                    id: opt_str(s, "id").map_err(|m| pe("id", m))?,
                    // spaCy's "no link" is the empty string.
                    r#ref: opt_str(s, "kb_id")
                        .map_err(|m| pe("kb_id", m))?
                        .filter(|r| !r.is_empty()),
                    at,
                });
            }
        }
        Some(other) => return Err(err("/spans", need("spans", Some(other)))),
    }
    Ok(Some(Parsed {
        line: Some(n),
        at: String::new(),
        name,
        text: text.to_owned(),
        spans,
    }))
}
