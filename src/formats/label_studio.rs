//! Label Studio JSON: one array of tasks, each with its text and the
//! labelled regions of one annotation.
//!
//! ```json
//! [{"data": {"text": "…", "doc": "2020-10-01-minsk-group-calls-for-talks"},
//!   "annotations": [{"result": [{"id": "e1", "from_name": "label", "to_name": "text", "type": "labels",
//!     "value": {"start": 20, "end": 27, "text": "قره باغ", "labels": ["GPE"]}}]}]}]
//! ```
//!
//! What Label Studio imports (tasks with annotations) and exports ("JSON"),
//! for a project whose labeling config has `<Text name="text"
//! value="$text"/>` and `<Labels name="label" toName="text">` with one
//! `<Label value="…"/>` per type (`docs/formats.md` has it). Region ids are
//! free strings, so hudna's record ids are kept; `data.doc` names the
//! document. Offsets are UTF-16 code units, what the browser counts
//! ([`super::offsets`]); every region carries its text, so each one read is
//! re-verified: the converted slice must be `value.text`, and when it is
//! not but the other unit would give it, the error says `--units`.
//!
//! Reading takes, per task, its one annotation that was not cancelled (a
//! task annotated by several people is refused: pick one annotator's work
//! first) and every region with `start`, `end` and `labels` (one mention per
//! label); relations, choices and text areas are not mentions and are
//! skipped with a warning.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;

use super::bundle::{Bundle, Losses, Output, read_capped, utf8};
use super::json_spans::{Parsed, RawSpan, Unit, assemble, need, offset, opt_str};
use super::offsets::{Converter, Units};

/// Writes every document as a task with one annotation, offsets in `units`.
pub fn write(bundle: &Bundle, units: Units) -> Output {
    let mut losses = Losses::default();
    let mut tasks = Vec::new();
    for d in &bundle.docs {
        let conv = Converter::new(&d.text, units);
        let mut result = Vec::new();
        for (i, e) in d.entities().enumerate() {
            let (Some(s), Some(end)) = (e.start, e.end) else {
                losses.add("entity mentions without offsets", 1);
                continue;
            };
            let id = e.id.clone().unwrap_or_else(|| format!("r{}", i + 1));
            result.push(json!({
                "id": id,
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": conv.from_code_point(s),
                    "end": conv.from_code_point(end),
                    "text": e.text,
                    "labels": [e.entity_type.as_str()],
                },
            }));
        }
        tasks.push(json!({
            "data": {"text": d.text, "doc": d.id},
            "annotations": [{"result": result}],
        }));
    }
    let mut out = serde_json::to_vec_pretty(&Value::Array(tasks)).expect("JSON values serialize");
    out.push(b'\n');
    losses.add(
        "entity refs",
        bundle
            .docs
            .iter()
            .flat_map(|d| d.entities())
            .filter(|e| e.r#ref.is_some())
            .count(),
    );
    losses.not_held(bundle, &["document", "zone", "event", "casualty"]);
    losses.add("KB entries", bundle.kb.len());
    Output {
        files: vec![(PathBuf::new(), out)],
        losses,
    }
}

/// Reads a Label Studio JSON export with offsets in `units`.
pub fn read(path: &Path, units: Units) -> Result<(Bundle, Report), Error> {
    let mut report = Report::default();
    let text = match utf8(path, read_capped(path)?) {
        Ok(t) => t,
        Err(d) => {
            report.push(d);
            return Ok((Bundle::default(), report));
        }
    };
    let tasks: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            report.push(Diagnostic::error(
                path,
                Some(e.line()),
                "",
                "json",
                format!("invalid JSON: {e}"),
            ));
            return Ok((Bundle::default(), report));
        }
    };
    let Value::Array(tasks) = tasks else {
        report.push(
            Diagnostic::error(path, None, "", "label-studio", "not an array of tasks")
                .with_hint("export the project as JSON (not JSON-MIN, which has no offsets' text)"),
        );
        return Ok((Bundle::default(), report));
    };
    let mut docs = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        match parse(path, i, t) {
            Ok((p, notes)) => {
                report.diagnostics.extend(notes);
                docs.push(p);
            }
            Err(d) => report.push(d),
        }
    }
    let unit = Unit {
        units,
        choosable: true,
    };
    let bundle = assemble(path, docs, unit, &mut report);
    report.sort();
    Ok((bundle, report))
}

/// One task: the document, and warnings about what was not read.
#[allow(clippy::result_large_err)] // once per task
fn parse(path: &Path, i: usize, t: &Value) -> Result<(Parsed, Vec<Diagnostic>), Diagnostic> {
    let at = format!("/{i}");
    let err = |ptr: String, msg: String| Diagnostic::error(path, None, ptr, "label-studio", msg);
    let Some(data) = t.get("data") else {
        return Err(err(format!("{at}/data"), need("data", None)));
    };
    let Some(text) = data.get("text").and_then(Value::as_str) else {
        return Err(err(
            format!("{at}/data/text"),
            need("data.text", data.get("text")),
        )
        .with_hint("the labeling config's <Text value=\"$text\"/> reads data.text"));
    };
    let name = opt_str(data, "doc")
        .map_err(|m| err(format!("{at}/data/doc"), m))?
        .map(|d| (d, format!("{at}/data/doc")));
    let mut notes = Vec::new();
    let annotations: Vec<(usize, &Value)> = match t.get("annotations") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .filter(|(_, a)| a.get("was_cancelled").and_then(Value::as_bool) != Some(true))
            .collect(),
        Some(other) => {
            return Err(err(
                format!("{at}/annotations"),
                need("annotations", Some(other)),
            ));
        }
    };
    let mut spans = Vec::new();
    match annotations.as_slice() {
        [] => notes.push(Diagnostic::warning(
            path,
            None,
            &at,
            "no-annotation",
            "a task without an annotation: a document without mentions",
        )),
        [(k, a)] => {
            let Some(Value::Array(result)) = a.get("result") else {
                return Err(err(
                    format!("{at}/annotations/{k}/result"),
                    need("result", a.get("result")),
                ));
            };
            let mut skipped = 0;
            for (j, r) in result.iter().enumerate() {
                let here = format!("{at}/annotations/{k}/result/{j}");
                let value = r.get("value");
                let labels = value.and_then(|v| v.get("labels"));
                let (Some(v), Some(Value::Array(labels))) = (value, labels) else {
                    skipped += 1;
                    continue;
                };
                let start =
                    offset(v, "start").map_err(|m| err(format!("{here}/value/start"), m))?;
                let end = offset(v, "end").map_err(|m| err(format!("{here}/value/end"), m))?;
                let text = opt_str(v, "text").map_err(|m| err(format!("{here}/value/text"), m))?;
                let id = opt_str(r, "id").map_err(|m| err(format!("{here}/id"), m))?;
                for (l, label) in labels.iter().enumerate() {
                    let Some(label) = label.as_str() else {
                        return Err(err(
                            format!("{here}/value/labels/{l}"),
                            need("label", Some(label)),
                        ));
                    };
                    spans.push(RawSpan {
                        at: format!("{here}/value"),
                        fields: ["start", "end", "labels", "text"],
                        start,
                        end,
                        label: label.to_owned(),
                        text: text.clone(),
                        // Several labels on one region: one mention each,
                        // the first keeps the region's id.
                        id: if l == 0 { id.clone() } else { None },
                        r#ref: None,
                    });
                }
            }
            if skipped > 0 {
                notes.push(Diagnostic::warning(
                    path,
                    None,
                    format!("{at}/annotations/{k}/result"),
                    "not-a-span",
                    format!("{skipped} result(s) that are not labelled spans (relations, choices, text areas): not read"),
                ));
            }
        }
        more => {
            return Err(err(
                format!("{at}/annotations"),
                format!("{} annotations of one task; hudna converts one", more.len()),
            )
            .with_hint("export one annotator's work (filter the project by annotator), or compare them with hudna agree"));
        }
    }
    Ok((
        Parsed {
            line: None,
            at,
            name,
            text: text.to_owned(),
            spans,
        },
        notes,
    ))
}
