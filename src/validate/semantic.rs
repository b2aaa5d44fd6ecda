//! Checks a JSON Schema cannot express: offsets against the article text,
//! unique ids, references between records, overlapping zones, count bounds.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};
use std::path::Path;

use crate::article::Article;
use crate::corpus::{Doc, Located};
use crate::diagnostic::{Diagnostic, Report};
use crate::record::{Count, KbEntry, Record};
use crate::vocab::Qualifier;

/// Where diagnostics for one document's records go.
pub(super) struct Ctx<'a> {
    pub path: &'a Path,
    pub article: &'a Article,
    pub report: &'a mut Report,
    /// Gold must spell out UCDP bounds; predictions may leave them to be derived.
    pub gold: bool,
}

impl Ctx<'_> {
    fn err(
        &mut self,
        line: usize,
        pointer: impl Into<String>,
        code: &'static str,
        msg: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report
            .push(Diagnostic::error(self.path, Some(line), pointer, code, msg));
        self.report.diagnostics.last_mut().expect("just pushed")
    }

    /// Checks one span: in range, non-empty, and `text` equal to the slice.
    pub fn span(
        &mut self,
        line: usize,
        prefix: &str,
        start: Option<usize>,
        end: Option<usize>,
        text: Option<&str>,
    ) {
        let (s, e) = match (start, end) {
            (Some(s), Some(e)) => (s, e),
            (None, None) => return,
            (Some(_), None) => {
                self.err(
                    line,
                    format!("{prefix}/end"),
                    "span",
                    "`start` given without `end`",
                );
                return;
            }
            (None, Some(_)) => {
                self.err(
                    line,
                    format!("{prefix}/start"),
                    "span",
                    "`end` given without `start`",
                );
                return;
            }
        };
        let len = self.article.len();
        if s >= e {
            self.err(
                line,
                format!("{prefix}/end"),
                "span",
                format!("end {e} is not after start {s}"),
            );
            return;
        }
        if e > len {
            self.err(
                line,
                format!("{prefix}/end"),
                "span",
                format!("end {e} is past the end of the article ({len} code points)"),
            )
            .hint = Some("offsets count Unicode code points, not bytes".into());
            return;
        }
        let Some(text) = text else { return };
        let slice = self.article.slice(s, e).unwrap_or_default();
        if slice != text {
            let found = self.find_hint(text);
            self.err(
                line,
                format!("{prefix}/text"),
                "text-mismatch",
                format!(
                    "text {:?} does not match article[{s}:{e}] = {:?}",
                    abbrev(text),
                    abbrev(slice)
                ),
            )
            .hint = found;
        }
    }

    fn find_hint(&self, text: &str) -> Option<String> {
        let t = self.article.text();
        let hits: Vec<usize> = t
            .match_indices(text)
            .map(|(b, _)| self.article.char_at_byte(b))
            .take(4)
            .collect();
        match hits.as_slice() {
            [] => Some("the text does not occur in the article at all".into()),
            [s] => Some(format!(
                "the text occurs once, at {}..{}",
                s,
                s + text.chars().count()
            )),
            many => Some(format!(
                "the text occurs at {}",
                many.iter()
                    .map(|s| format!("{s}..{}", s + text.chars().count()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// Shortens long strings in messages (a 10 MB `text` must not flood a terminal).
fn abbrev(s: &str) -> String {
    const MAX: usize = 60;
    let n = s.chars().count();
    if n <= MAX {
        return s.to_owned();
    }
    let head: String = s.chars().take(MAX).collect();
    format!("{head}… ({n} characters)")
}

/// The checks one system's predicted records for one article get (a file's
/// records for a document, or an extractor's answer): unique ids, spans
/// against the text, references to their own records. Refs are free-form
/// for predictions: an extractor may know entities the KB does not.
pub(super) fn check_predicted(
    path: &Path,
    article: &Article,
    records: &[Located<Record>],
    report: &mut Report,
) {
    let mut cx = Ctx {
        path,
        article,
        report,
        gold: false,
    };
    let ids = unique_ids(&mut cx, records);
    check_spans(&mut cx, records);
    check_refs(&mut cx, records, &ids, None);
}

/// All checks of one gold document. `kb` is the corpus's KB under the strict profile, `None` under the core
/// profile: then refs are free-form and optional, and the document record
/// is optional too (checked when present).
pub(super) fn check_gold_doc(
    doc: &Doc,
    kb: Option<&BTreeMap<String, KbEntry>>,
    report: &mut Report,
) {
    let mut cx = Ctx {
        path: &doc.jsonl_path,
        article: &doc.article,
        report,
        gold: true,
    };
    let records = &doc.records;
    let mut documents = 0;
    for r in records {
        if r.record.doc() != doc.id {
            cx.err(
                r.line,
                "/doc",
                "doc-mismatch",
                format!(
                    "record is for `{}` but the file is {}.jsonl",
                    r.record.doc(),
                    doc.id
                ),
            );
        }
        if let Record::Document(d) = &r.record {
            documents += 1;
            if documents > 1 {
                cx.err(r.line, "", "duplicate-document", "a second document record");
            }
            if d.sha256 != doc.article.sha256() {
                cx.err(
                    r.line,
                    "/sha256",
                    "sha256",
                    format!(
                        "sha256 {} does not match the article's bytes ({})",
                        d.sha256,
                        doc.article.sha256()
                    ),
                )
                .hint = Some(
                    "the article must be the source copied byte-for-byte; never edit it".into(),
                );
            }
        }
    }
    if documents == 0 && kb.is_some() {
        cx.report.push(
            Diagnostic::error(
                &doc.jsonl_path,
                None,
                "",
                "missing-document",
                "no document record",
            )
            .with_hint("the first line should be {\"kind\":\"document\",...}"),
        );
    }
    let ids = unique_ids(&mut cx, records);
    check_spans(&mut cx, records);
    check_refs(&mut cx, records, &ids, kb);
    check_zones(&mut cx, records);
    check_duplicate_mentions(&mut cx, records);
}

/// Record ids and their kinds, reporting duplicates.
pub(super) fn unique_ids<'r>(
    cx: &mut Ctx<'_>,
    records: &'r [Located<Record>],
) -> HashMap<&'r str, (&'static str, usize)> {
    let mut ids: HashMap<&str, (&'static str, usize)> = HashMap::with_capacity(records.len());
    for r in records {
        let Some(id) = r.record.id() else { continue };
        if let Some((_, first)) = ids.get(id) {
            cx.err(
                r.line,
                "/id",
                "duplicate-id",
                format!("id `{id}` is already used on line {first}"),
            );
        } else {
            ids.insert(id, (r.record.kind(), r.line));
        }
    }
    ids
}

pub(super) fn check_spans(cx: &mut Ctx<'_>, records: &[Located<Record>]) {
    for r in records {
        match &r.record {
            Record::Zone(z) => cx.span(r.line, "", Some(z.start), Some(z.end), None),
            Record::Entity(e) => cx.span(r.line, "", e.start, e.end, Some(&e.text)),
            Record::Event(v) => cx.span(
                r.line,
                "/trigger",
                v.trigger.start,
                v.trigger.end,
                Some(&v.trigger.text),
            ),
            Record::Casualty(c) => {
                cx.span(r.line, "", c.start, c.end, Some(&c.text));
                check_count(cx, r.line, &c.count);
            }
            Record::Document(_) => {}
        }
    }
}

fn check_count(cx: &mut Ctx<'_>, line: usize, c: &Count) {
    if let (Some(l), Some(h)) = (c.low, c.high)
        && l > h
    {
        cx.err(
            line,
            "/count/low",
            "bounds",
            format!("low {l} is greater than high {h}"),
        );
    }
    if let (Some(v), Some(l)) = (c.value, c.low)
        && l > v
        && c.qualifier != Qualifier::MoreThan
    {
        cx.err(
            line,
            "/count/low",
            "bounds",
            format!("low {l} is greater than value {v}"),
        );
    }
    if let (Some(v), Some(h)) = (c.value, c.high)
        && v > h
        && c.qualifier != Qualifier::LessThan
    {
        cx.err(
            line,
            "/count/high",
            "bounds",
            format!("value {v} is greater than high {h}"),
        );
    }
    let derived = !cx.gold && c.low.is_none() && c.high.is_none();
    let expect = expected_bounds(c);
    if let Some((low, high)) = expect
        && !derived
        && (c.low, c.high) != (low, high)
    {
        let show = |b: Option<u64>| b.map_or("null".to_owned(), |n| n.to_string());
        cx.err(
            line,
            "/count",
            "qualifier-bounds",
            format!(
                "{} count with value {} must have low {} and high {}, not {} and {}",
                c.qualifier,
                show(c.value),
                show(low),
                show(high),
                show(c.low),
                show(c.high)
            ),
        )
        .hint = Some("see docs/guidelines.md rule C4".into());
    }
    let needs_value = !matches!(c.qualifier, Qualifier::Range | Qualifier::Vague);
    if needs_value && c.value.is_none() {
        cx.err(
            line,
            "/count/value",
            "qualifier-bounds",
            format!("a {} count needs a value", c.qualifier),
        );
    }
    if !needs_value && c.value.is_some() {
        cx.err(
            line,
            "/count/value",
            "qualifier-bounds",
            format!("a {} count has value null", c.qualifier),
        );
    }
}

/// The bounds rule C4 derives from a qualifier and value, where it derives any.
pub fn expected_bounds(c: &Count) -> Option<(Option<u64>, Option<u64>)> {
    let v = c.value?;
    Some(match c.qualifier {
        Qualifier::Exact | Qualifier::Approx => (Some(v), Some(v)),
        Qualifier::AtLeast => (Some(v), None),
        Qualifier::MoreThan => (Some(v.saturating_add(1)), None),
        Qualifier::AtMost => (None, Some(v)),
        Qualifier::LessThan => (None, Some(v.saturating_sub(1))),
        Qualifier::Range | Qualifier::Vague => return None,
    })
}

/// `kb` is `None` for predictions: their refs are free-form and optional.
pub(super) fn check_refs(
    cx: &mut Ctx<'_>,
    records: &[Located<Record>],
    ids: &HashMap<&str, (&'static str, usize)>,
    kb: Option<&BTreeMap<String, KbEntry>>,
) {
    let want =
        |cx: &mut Ctx<'_>, line: usize, pointer: String, id: &str, kind: &'static str| match ids
            .get(id)
        {
            Some((k, _)) if *k == kind => {}
            Some((k, l)) => {
                cx.err(
                    line,
                    pointer,
                    "reference",
                    format!("`{id}` is a {k} (line {l}), not an {kind}"),
                );
            }
            None => {
                cx.err(
                    line,
                    pointer,
                    "reference",
                    format!("no {kind} with id `{id}` in this document"),
                );
            }
        };
    let kb_known = |cx: &mut Ctx<'_>, line: usize, pointer: &str, r: &str| {
        if let Some(kb) = kb
            && !kb.is_empty()
            && !kb.contains_key(r)
        {
            cx.err(
                line,
                pointer.to_owned(),
                "unknown-ref",
                format!("ref `{r}` is not in kb.jsonl"),
            )
            .hint = Some("add the entity to annotations/kb.jsonl, or use an existing ref".into());
        }
    };
    for r in records {
        match &r.record {
            Record::Entity(e) => match &e.r#ref {
                Some(rf) => kb_known(cx, r.line, "/ref", rf),
                None if kb.is_some() && e.entity_type.needs_ref() => {
                    cx.err(
                        r.line,
                        "/ref",
                        "missing-ref",
                        format!("a {} mention needs a ref into kb.jsonl", e.entity_type),
                    );
                }
                None => {}
            },
            Record::Event(v) => {
                for (i, a) in v.args.iter().enumerate() {
                    if let Some(m) = &a.mention {
                        want(cx, r.line, format!("/args/{i}/mention"), m, "entity");
                    }
                }
                if let Some(s) = &v.reported_by {
                    want(cx, r.line, "/reported_by".into(), s, "entity");
                }
            }
            Record::Casualty(c) => {
                if let Some(s) = &c.source {
                    want(cx, r.line, "/source".into(), s, "entity");
                }
                if let Some(ev) = &c.event {
                    want(cx, r.line, "/event".into(), ev, "event");
                }
                // `both` is the reserved unsplit-figure value, not a ref (C7).
                if let Some(side) = c.victims.as_ref().and_then(|v| v.side_ref()) {
                    kb_known(cx, r.line, "/victims/side", side);
                }
            }
            _ => {}
        }
    }
}

fn check_zones(cx: &mut Ctx<'_>, records: &[Located<Record>]) {
    let mut zones: Vec<(usize, usize, usize, &str)> = records
        .iter()
        .filter_map(|r| match &r.record {
            Record::Zone(z) => Some((z.start, z.end, r.line, z.id.as_str())),
            _ => None,
        })
        .collect();
    zones.sort();
    for w in zones.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b.0 < a.1 {
            cx.err(
                b.2,
                "/start",
                "zone-overlap",
                format!(
                    "zone `{}` [{}, {}) overlaps zone `{}` [{}, {}) on line {}",
                    b.3, b.0, b.1, a.3, a.0, a.1, a.2
                ),
            );
        }
    }
}

fn check_duplicate_mentions(cx: &mut Ctx<'_>, records: &[Located<Record>]) {
    let mut seen: HashMap<(usize, usize, &str), usize> = HashMap::with_capacity(records.len());
    for r in records {
        if let Record::Entity(e) = &r.record
            && let (Some(s), Some(en)) = (e.start, e.end)
        {
            let key = (s, en, e.entity_type.as_str());
            if let Some(first) = seen.get(&key) {
                cx.err(
                    r.line,
                    "",
                    "duplicate-mention",
                    format!(
                        "a {} mention of [{s}, {en}) is already on line {first}",
                        e.entity_type
                    ),
                );
            } else {
                seen.insert(key, r.line);
            }
        }
    }
}
