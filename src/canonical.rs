//! The canonical form of a records file, which `hudna fmt` writes and
//! `hudna fmt --check` holds the corpus to.
//!
//! Two annotators, a script and a hand edit each leave their own record
//! order and key order behind; a diff of the gold then shows churn instead of
//! the change. The canonical form makes the bytes a function of the records:
//!
//! - **Record order**: by `doc`, then kind (`document`, `zone`, `entity`,
//!   `event`, `casualty`, then any other kind by name), then start offset
//!   (an event's trigger start), then end offset *descending* (of two spans
//!   starting together the longer comes first, so a nested mention follows
//!   the mention that contains it, as it is read), then id in natural order
//!   (`e2` before `e10`). Records without offsets (predictions may omit them)
//!   come after those with offsets of their kind. Records equal on all of
//!   these keep their order in the file.
//! - **Key order**: `kind`, `doc`, `id`, then each kind's fields in the
//!   order of the record contract as the corpus has always written them
//!   (`type`, `start`, `end`, `text`, `ref` for an entity; the document
//!   record's long `sha256` last). Nested objects (`trigger`, `count`,
//!   `victims`, `args`) have their own order. Keys the contract does not
//!   name follow the known ones, sorted, so nothing is ever dropped.
//! - **Bytes**: one record per line, `", "` and `": "` between items,
//!   non-ASCII written as itself (what Python's `json.dumps(r,
//!   ensure_ascii=False)` writes, so `tools/anchor.py` and `hudna` write the
//!   same lines), `\n` after every line, no blank lines, no byte-order mark.
//!
//! Ids are never renumbered: events, casualty figures and the lint
//! allow-list refer to them, and a renumbering would turn every later
//! correction into a diff of the whole file.
//!
//! Formatting needs only well-formed JSON objects with a `kind`, not valid
//! records, so a file can be put in order before it validates; a line that is
//! not such an object, or an object with a key twice (one of the two would be
//! lost), is an error naming its file and line, and the file is left as it is.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::jsonl;

/// Record kinds in canonical order; any other kind sorts after them.
pub const KIND_ORDER: [&str; 5] = ["document", "zone", "entity", "event", "casualty"];

/// The canonical key order of each known record kind.
fn record_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "document" => &[
            "kind",
            "doc",
            "lang",
            "title",
            "outlet",
            "published",
            "published_basis",
            "note",
            "sha256",
        ],
        "zone" => &["kind", "doc", "id", "type", "start", "end"],
        "entity" => &["kind", "doc", "id", "type", "start", "end", "text", "ref"],
        "event" => &[
            "kind",
            "doc",
            "id",
            "type",
            "trigger",
            "args",
            "modality",
            "reported_by",
        ],
        "casualty" => &[
            "kind", "doc", "id", "start", "end", "text", "category", "count", "victims", "source",
            "event", "scope",
        ],
        _ => &["kind", "doc", "id"],
    }
}

/// The canonical key order of an object found under `key` (for array
/// elements, the array's key).
fn nested_keys(key: &str) -> &'static [&'static str] {
    match key {
        "trigger" => &["start", "end", "text"],
        "args" => &["role", "mention", "text", "ref"],
        "count" => &["value", "qualifier", "low", "high"],
        "victims" => &["group", "side"],
        _ => &[],
    }
}

/// Where a record goes in canonical order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    doc: String,
    kind_rank: usize,
    kind: String,
    /// `None` (no offsets) sorts after every offset.
    start: Option<u64>,
    end: Option<u64>,
    id: Option<String>,
}

impl SortKey {
    /// The sort key of one record (a JSON object).
    pub fn of(record: &Map<String, Value>) -> SortKey {
        let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let kind = s(record.get("kind")).unwrap_or_default();
        let span = match kind.as_str() {
            "event" => record.get("trigger").and_then(Value::as_object),
            _ => Some(record),
        };
        let offset = |k: &str| span.and_then(|o| o.get(k)).and_then(Value::as_u64);
        SortKey {
            doc: s(record.get("doc")).unwrap_or_default(),
            kind_rank: KIND_ORDER
                .iter()
                .position(|k| *k == kind)
                .unwrap_or(KIND_ORDER.len()),
            kind,
            start: offset("start"),
            end: offset("end"),
            id: s(record.get("id")),
        }
    }
}

impl Ord for SortKey {
    fn cmp(&self, o: &Self) -> Ordering {
        // `None` offsets last: records without spans follow those with.
        // `by` orders two offsets that are both present.
        let offsets = |a: Option<u64>, b: Option<u64>, by: fn(&u64, &u64) -> Ordering| match (a, b)
        {
            (Some(a), Some(b)) => by(&a, &b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        self.doc
            .cmp(&o.doc)
            .then(self.kind_rank.cmp(&o.kind_rank))
            .then_with(|| self.kind.cmp(&o.kind))
            .then_with(|| offsets(self.start, o.start, u64::cmp))
            // The longer of two spans starting together first.
            .then_with(|| offsets(self.end, o.end, |a, b| b.cmp(a)))
            .then_with(|| match (&self.id, &o.id) {
                (Some(a), Some(b)) => natural(a, b),
                (a, b) => a.is_none().cmp(&b.is_none()),
            })
    }
}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Compares ids as their letters, then their number: `e2` < `e10`.
fn natural(a: &str, b: &str) -> Ordering {
    let split = |s: &str| {
        let i = s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (head, digits) = s.split_at(i);
        let n = digits.trim_start_matches('0');
        (head.to_owned(), n.len(), n.to_owned())
    };
    split(a).cmp(&split(b)).then_with(|| a.cmp(b))
}

/// Writes one record as its canonical line (without the newline).
pub fn record_line(record: &Map<String, Value>) -> String {
    let kind = record.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut out = String::new();
    write_object(record, record_keys(kind), &mut out);
    out
}

fn write_object(o: &Map<String, Value>, order: &[&str], out: &mut String) {
    let mut keys: Vec<&str> = order
        .iter()
        .copied()
        .filter(|k| o.contains_key(*k))
        .collect();
    let mut rest: Vec<&str> = o
        .keys()
        .map(String::as_str)
        .filter(|k| !order.contains(k))
        .collect();
    rest.sort_unstable();
    keys.extend(rest);
    out.push('{');
    for (i, k) in keys.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_str(k, out);
        out.push_str(": ");
        write_value(k, &o[k], out);
    }
    out.push('}');
}

fn write_value(key: &str, v: &Value, out: &mut String) {
    match v {
        Value::Object(o) => write_object(o, nested_keys(key), out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(key, item, out);
            }
            out.push(']');
        }
        Value::String(s) => write_str(s, out),
        // Numbers, booleans and null: serde_json writes them as Python does
        // for every value the contract holds (integers).
        other => out.push_str(&other.to_string()),
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push_str(&Value::from(s).to_string());
}

/// A file's records in canonical form, or what stops it from being put in
/// it: lines that are not JSON objects with a string `kind`, keys given
/// twice, a byte-order mark, bytes that are not UTF-8 (each a diagnostic on
/// its line).
pub fn format_bytes(path: &Path, bytes: &[u8]) -> Result<String, Report> {
    let mut problems = Vec::new();
    let mut bad = Vec::new();
    let mut records: Vec<(SortKey, Map<String, Value>)> = Vec::new();
    jsonl::for_each_line(path, bytes, &mut problems, |n, text| {
        if let Err(e) = serde_json::from_str::<NoDuplicateKeys>(text) {
            let d = if e.is_data() {
                Diagnostic::error(path, Some(n), "", "duplicate-key", e.to_string())
                    .with_hint("a JSON object names each key once; keep the value you mean")
            } else {
                Diagnostic::error(path, Some(n), "", "json", format!("invalid JSON: {e}"))
            };
            bad.push(d);
            return;
        }
        match jsonl::value(path, n, text) {
            Ok(Value::Object(o)) if o.get("kind").is_some_and(Value::is_string) => {
                records.push((SortKey::of(&o), o));
            }
            Ok(_) => bad.push(Diagnostic::error(
                path,
                Some(n),
                "/kind",
                "kind",
                "a record needs a string `kind` to have a place in the file",
            )),
            Err(d) => bad.push(d),
        }
    });
    problems.extend(bad);
    if !problems.is_empty() {
        let mut report = Report {
            diagnostics: problems,
        };
        report.sort();
        return Err(report);
    }
    // A stable sort: records equal on every key keep their file order.
    records.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(bytes.len());
    for (_, r) in &records {
        out.push_str(&record_line(r));
        out.push('\n');
    }
    Ok(out)
}

/// Accepts any JSON value, refusing an object that names a key twice
/// (`serde_json::Value` keeps the last and would lose the other silently).
struct NoDuplicateKeys;

impl<'de> Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicateKeys)
    }
}

impl<'de> Visitor<'de> for NoDuplicateKeys {
    type Value = NoDuplicateKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format!("key `{key}` is given twice")));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(NoDuplicateKeys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(NoDuplicateKeys)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }
}

/// What formatting did to one file.
#[derive(Debug, Clone)]
pub enum FileOutcome {
    /// Already canonical: left untouched.
    Canonical,
    /// Not canonical: rewritten (or, when only checking, would be).
    Changed,
    /// Not formatted: the problems say why; the file is left as it is.
    Refused(Report),
}

/// The records files `paths` name: each file as it is, each directory's
/// `*.jsonl` files except the KB and the lint allow-list (whose order is
/// curated by topic, not by position), in name order.
pub fn records_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if !p.is_dir() {
            if !p.exists() {
                return Err(Error::io(
                    p,
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
                ));
            }
            out.push(p.clone());
            continue;
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(p).map_err(|e| Error::io(p, e))? {
            let path = entry.map_err(|e| Error::io(p, e))?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_file()
                && path.extension().is_some_and(|e| e == "jsonl")
                && !crate::corpus::RESERVED.contains(&name.as_str())
            {
                files.push(path);
            }
        }
        files.sort();
        out.extend(files);
    }
    Ok(out)
}

/// Puts one file in canonical form. With `write`, a file that is not
/// canonical is replaced atomically ([`crate::fsutil::write_atomic`]);
/// without, nothing is written (`--check`).
pub fn format_file(path: &Path, write: bool) -> Result<FileOutcome, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let formatted = match format_bytes(path, &bytes) {
        Ok(f) => f,
        Err(report) => return Ok(FileOutcome::Refused(report)),
    };
    if formatted.as_bytes() == bytes.as_slice() {
        return Ok(FileOutcome::Canonical);
    }
    if write {
        crate::fsutil::write_atomic(path, formatted.as_bytes()).map_err(|e| Error::io(path, e))?;
    }
    Ok(FileOutcome::Changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(s: &str) -> String {
        format_bytes(Path::new("t.jsonl"), s.as_bytes()).unwrap()
    }

    #[test]
    fn orders_records_by_kind_offset_longer_first_and_natural_id() {
        let input = concat!(
            r#"{"kind":"event","doc":"d","id":"v1","trigger":{"text":"x","end":9,"start":8}}"#,
            "\n",
            r#"{"kind":"entity","doc":"d","id":"e10","start":3,"end":5}"#,
            "\n",
            r#"{"kind":"entity","doc":"d","id":"e2","start":3,"end":5}"#,
            "\n",
            r#"{"kind":"entity","doc":"d","id":"e1","start":0,"end":2}"#,
            "\n",
            r#"{"kind":"entity","doc":"d","id":"e3","start":3,"end":9}"#,
            "\n\n",
            r#"{"kind":"casualty","doc":"d","id":"c1"}"#,
            "\n",
            r#"{"kind":"document","doc":"d"}"#,
            "\n",
        );
        let out = fmt(input);
        let ids: Vec<String> = out
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                v.get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("doc")
                    .to_owned()
            })
            .collect();
        assert_eq!(ids, ["doc", "e1", "e3", "e2", "e10", "v1", "c1"]);
        assert!(out.contains(
            r#"{"kind": "event", "doc": "d", "id": "v1", "trigger": {"start": 8, "end": 9, "text": "x"}}"#
        ));
        assert_eq!(fmt(&out), out, "idempotent");
    }

    #[test]
    fn unknown_keys_follow_sorted_and_nothing_is_lost() {
        let out =
            fmt(r#"{"zeta":1,"kind":"entity","alpha":[{"b":1,"a":"ق"}],"doc":"d","text":"أ\"\n"}"#);
        assert_eq!(
            out,
            "{\"kind\": \"entity\", \"doc\": \"d\", \"text\": \"أ\\\"\\n\", \"alpha\": [{\"a\": \"ق\", \"b\": 1}], \"zeta\": 1}\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_place_or_would_lose() {
        let bad =
            "{\"kind\":\"entity\",\"doc\":\"d\",\"doc\":\"e\"}\n[1]\n{\"doc\":\"d\"}\n{oops\n";
        let report = format_bytes(Path::new("t.jsonl"), bad.as_bytes()).unwrap_err();
        let codes: Vec<(Option<usize>, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.line, d.code))
            .collect();
        assert_eq!(
            codes,
            [
                (Some(1), "duplicate-key"),
                (Some(2), "not-object"),
                (Some(3), "kind"),
                (Some(4), "json")
            ]
        );
        assert!(report.diagnostics[0].message.contains("`doc`"));
    }

    #[test]
    fn natural_id_order() {
        assert_eq!(natural("e2", "e10"), Ordering::Less);
        assert_eq!(natural("e10", "e9"), Ordering::Greater);
        assert_eq!(natural("c1", "e1"), Ordering::Less);
        assert_eq!(natural("e01", "e1"), Ordering::Less, "a total order");
    }
}
