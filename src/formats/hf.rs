//! A Hugging Face `datasets`-ready export: one document per line, its text
//! and typed lists of zones, entity mentions, events and casualty figures,
//! with one fixed schema.
//!
//! `datasets.load_dataset("json", …)` infers a column's type from the values
//! it meets, file by file and block by block; the corpus's own JSONL does
//! not load that way (a field that is null in every record of one file,
//! such as `outlet` or `victims.side`, becomes a null column that clashes
//! with the string column of the next). Here every field is present in
//! every row, nested ones included, always with the same JSON type (null
//! only where the column is nullable), so inference has nothing to guess;
//! and the card's `dataset_info` declares the same schema ([`FEATURES`],
//! written into the YAML by [`card`]), so a load from the repository casts
//! to it rather than inferring at all.
//!
//! The layout is a dataset repository on its own (`hf/`): `README.md` (the
//! card: `configs:` and `dataset_info:`), `data/documents.jsonl` (config
//! `documents`, split `test`) and `data/kb.jsonl` (config `kb`).
//! `README-config.yaml` holds the same two keys with paths from the
//! repository root, for a card kept there. The export holds every record;
//! reading it back gives the corpus again (document records are written
//! back when the row has their fields).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::article::{Article, sha256_hex};
use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::ontology::EventType;
use crate::record::{
    Arg, Casualty, Count, Document, Entity, Event, KbEntry, Record, Trigger, Victims, Zone,
};
use crate::vocab::{
    CasualtyCategory, DateBasis, EntityLabel, EntityType, Modality, Qualifier, Role, Scope,
    VictimGroup, ZoneType,
};

use super::bundle::{
    Annotated, Bundle, Output, SpanProblem, bad_doc_id, doc_id_ok, read_capped, slice,
};

/// Where the documents go, under the export directory.
pub const DOCUMENTS: &str = "data/documents.jsonl";
/// Where the KB goes.
pub const KB: &str = "data/kb.jsonl";
/// The card.
pub const CARD: &str = "README.md";
/// The card's `configs` and `dataset_info` for a card at the repository
/// root (paths under `hf/`).
pub const ROOT_SNIPPET: &str = "README-config.yaml";

/// One document: a row of the `documents` config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// Document id.
    pub doc: String,
    /// The article.
    pub text: String,
    /// Hex sha256 of the article's UTF-8 bytes.
    pub sha256: String,
    /// Language (null without a document record).
    pub lang: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`; the card types it
    /// `date32`).
    pub published: Option<String>,
    /// stated or inferred (null without a document record).
    pub published_basis: Option<DateBasis>,
    /// Provenance note (null without a document record).
    pub note: Option<String>,
    /// Page zones.
    pub zones: Vec<RowZone>,
    /// Entity mentions.
    pub entities: Vec<RowEntity>,
    /// Events.
    pub events: Vec<RowEvent>,
    /// Casualty figures.
    pub casualties: Vec<RowCasualty>,
}

/// A zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowZone {
    /// Record id.
    pub id: String,
    /// Zone type.
    #[serde(rename = "type")]
    pub zone_type: ZoneType,
    /// Start (code points).
    pub start: usize,
    /// End (code points, exclusive).
    pub end: usize,
}

/// An entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowEntity {
    /// Record id.
    pub id: Option<String>,
    /// Type.
    #[serde(rename = "type")]
    pub entity_type: EntityLabel,
    /// Start (code points).
    pub start: Option<usize>,
    /// End (code points, exclusive).
    pub end: Option<usize>,
    /// Surface text.
    pub text: String,
    /// KB ref.
    pub r#ref: Option<String>,
}

/// A span with its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSpan {
    /// Start (code points).
    pub start: Option<usize>,
    /// End (code points, exclusive).
    pub end: Option<usize>,
    /// Text.
    pub text: String,
}

/// An event argument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowArg {
    /// Role.
    pub role: Role,
    /// Entity record id.
    pub mention: Option<String>,
}

/// An event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowEvent {
    /// Record id.
    pub id: Option<String>,
    /// Type.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// Trigger.
    pub trigger: RowSpan,
    /// Arguments.
    pub args: Vec<RowArg>,
    /// Modality.
    pub modality: Modality,
    /// Entity id of who reports it.
    pub reported_by: Option<String>,
}

/// A count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowCount {
    /// The number as stated.
    pub value: Option<u64>,
    /// Qualifier.
    pub qualifier: Qualifier,
    /// Lower bound.
    pub low: Option<u64>,
    /// Upper bound.
    pub high: Option<u64>,
}

/// Who the victims are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowVictims {
    /// Group (null in a prediction that gives none).
    pub group: Option<VictimGroup>,
    /// KB ref of their side.
    pub side: Option<String>,
}

/// A casualty figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowCasualty {
    /// Record id.
    pub id: Option<String>,
    /// Start (code points).
    pub start: Option<usize>,
    /// End (code points, exclusive).
    pub end: Option<usize>,
    /// The count expression.
    pub text: String,
    /// Category.
    pub category: CasualtyCategory,
    /// The count.
    pub count: RowCount,
    /// The victims.
    pub victims: RowVictims,
    /// Entity id of the source.
    pub source: Option<String>,
    /// Event id it results from.
    pub event: Option<String>,
    /// Scope.
    pub scope: Option<Scope>,
}

/// A row of the `kb` config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbRow {
    /// Key.
    pub r#ref: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// English name.
    pub name_en: String,
    /// Arabic spellings.
    pub names_ar: Vec<String>,
    /// Wikidata id.
    pub wikidata: Option<String>,
}

/// A column's type, as `datasets` spells it in a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    /// A scalar of this dtype (`string`, `int64`).
    Value(&'static str),
    /// A struct of named fields.
    Struct(&'static [(&'static str, Feature)]),
    /// A list of one feature.
    List(&'static Feature),
}

use Feature::{List, Struct, Value as V};

const STRING: Feature = V("string");
const INT: Feature = V("int64");
const SPAN: &[(&str, Feature)] = &[("start", INT), ("end", INT), ("text", STRING)];

/// The `documents` config's schema: [`Row`]'s fields, nested ones included
/// (tests hold the two together, and every exported row to it).
pub const FEATURES: &[(&str, Feature)] = &[
    ("doc", STRING),
    ("text", STRING),
    ("sha256", STRING),
    ("lang", STRING),
    ("title", STRING),
    ("outlet", STRING),
    // A date, not a string: pyarrow reads an ISO date in JSON as a
    // timestamp, and `datasets` would cast that to the string
    // "2020-10-01 00:00:00"; to `date32` the cast is exact.
    ("published", V("date32")),
    ("published_basis", STRING),
    ("note", STRING),
    (
        "zones",
        List(&Struct(&[
            ("id", STRING),
            ("type", STRING),
            ("start", INT),
            ("end", INT),
        ])),
    ),
    (
        "entities",
        List(&Struct(&[
            ("id", STRING),
            ("type", STRING),
            ("start", INT),
            ("end", INT),
            ("text", STRING),
            ("ref", STRING),
        ])),
    ),
    (
        "events",
        List(&Struct(&[
            ("id", STRING),
            ("type", STRING),
            ("trigger", Struct(SPAN)),
            (
                "args",
                List(&Struct(&[("role", STRING), ("mention", STRING)])),
            ),
            ("modality", STRING),
            ("reported_by", STRING),
        ])),
    ),
    (
        "casualties",
        List(&Struct(&[
            ("id", STRING),
            ("start", INT),
            ("end", INT),
            ("text", STRING),
            ("category", STRING),
            (
                "count",
                Struct(&[
                    ("value", INT),
                    ("qualifier", STRING),
                    ("low", INT),
                    ("high", INT),
                ]),
            ),
            ("victims", Struct(&[("group", STRING), ("side", STRING)])),
            ("source", STRING),
            ("event", STRING),
            ("scope", STRING),
        ])),
    ),
];

/// The `kb` config's schema.
pub const KB_FEATURES: &[(&str, Feature)] = &[
    ("ref", STRING),
    ("type", STRING),
    ("name_en", STRING),
    ("names_ar", List(&STRING)),
    ("wikidata", STRING),
];

/// Whether a JSON value has exactly the shape of `f`: every field present
/// and no other, each of its type or null. `Err` says where it parts.
pub fn conforms(v: &serde_json::Value, f: Feature, at: &str) -> Result<(), String> {
    use serde_json::Value as J;
    match (f, v) {
        (_, J::Null) => Ok(()),
        (V("string"), J::String(_)) => Ok(()),
        (V("int64"), J::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
        (V("date32"), J::String(s)) if is_iso_date(s) => Ok(()),
        (List(inner), J::Array(items)) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| conforms(x, *inner, &format!("{at}/{i}"))),
        (Struct(fields), J::Object(map)) => {
            if let Some(extra) = map.keys().find(|k| !fields.iter().any(|(n, _)| n == k)) {
                return Err(format!("{at}/{extra}: a field the schema does not have"));
            }
            fields
                .iter()
                .try_for_each(|(name, ft)| match map.get(*name) {
                    Some(x) => conforms(x, *ft, &format!("{at}/{name}")),
                    None => Err(format!("{at}/{name}: missing")),
                })
        }
        (f, v) => Err(format!("{at}: {v} is not {f:?}")),
    }
}

/// Whether `s` is `YYYY-MM-DD`.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// One row per document.
pub fn rows(bundle: &Bundle) -> Vec<Row> {
    bundle.docs.iter().map(row).collect()
}

fn row(d: &Annotated) -> Row {
    let meta = d.records.iter().find_map(|r| match r {
        Record::Document(m) => Some(m),
        _ => None,
    });
    let span = |s: Option<usize>, e: Option<usize>, t: &str| RowSpan {
        start: s,
        end: e,
        text: t.to_owned(),
    };
    Row {
        doc: d.id.clone(),
        text: d.text.clone(),
        sha256: sha256_hex(d.text.as_bytes()),
        lang: meta.map(|m| m.lang.clone()),
        title: meta.and_then(|m| m.title.clone()),
        outlet: meta.and_then(|m| m.outlet.clone()),
        published: meta.and_then(|m| m.published.clone()),
        published_basis: meta.map(|m| m.published_basis),
        note: meta.map(|m| m.note.clone()),
        zones: d
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Zone(z) => Some(RowZone {
                    id: z.id.clone(),
                    zone_type: z.zone_type,
                    start: z.start,
                    end: z.end,
                }),
                _ => None,
            })
            .collect(),
        entities: d
            .entities()
            .map(|e| RowEntity {
                id: e.id.clone(),
                entity_type: e.entity_type.clone(),
                start: e.start,
                end: e.end,
                text: e.text.clone(),
                r#ref: e.r#ref.clone(),
            })
            .collect(),
        events: d
            .events()
            .map(|v| RowEvent {
                id: v.id.clone(),
                event_type: v.event_type,
                trigger: span(v.trigger.start, v.trigger.end, &v.trigger.text),
                args: v
                    .args
                    .iter()
                    .map(|a| RowArg {
                        role: a.role,
                        mention: a.mention.clone(),
                    })
                    .collect(),
                modality: v.modality,
                reported_by: v.reported_by.clone(),
            })
            .collect(),
        casualties: d
            .casualties()
            .map(|c| RowCasualty {
                id: c.id.clone(),
                start: c.start,
                end: c.end,
                text: c.text.clone(),
                category: c.category,
                count: RowCount {
                    value: c.count.value,
                    qualifier: c.count.qualifier,
                    low: c.count.low,
                    high: c.count.high,
                },
                victims: RowVictims {
                    group: c.victims.as_ref().map(|v| v.group),
                    side: c.victims.as_ref().and_then(|v| v.side.clone()),
                },
                source: c.source.clone(),
                event: c.event.clone(),
                scope: c.scope,
            })
            .collect(),
    }
}

fn kb_rows(kb: &[KbEntry]) -> Vec<KbRow> {
    kb.iter()
        .map(|k| KbRow {
            r#ref: k.r#ref.clone(),
            entity_type: k.entity_type,
            name_en: k.name_en.clone(),
            names_ar: k.names_ar.clone(),
            wikidata: k.wikidata.clone(),
        })
        .collect()
}

fn jsonl<T: Serialize>(rows: &[T]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in rows {
        out.extend(serde_json::to_vec(r).expect("rows serialize"));
        out.push(b'\n');
    }
    out
}

/// Writes the export: the data files, the card and the root snippet.
pub fn write(bundle: &Bundle) -> Output {
    let mut out = Output::default();
    out.files
        .push((PathBuf::from(CARD), card(bundle).into_bytes()));
    out.files
        .push((PathBuf::from(ROOT_SNIPPET), root_snippet().into_bytes()));
    out.files
        .push((PathBuf::from(DOCUMENTS), jsonl(&rows(bundle))));
    out.files
        .push((PathBuf::from(KB), jsonl(&kb_rows(&bundle.kb))));
    out
}

/// Appends a feature list to `s` in the card's YAML, at `indent` spaces.
fn yaml_features(s: &mut String, fields: &[(&str, Feature)], indent: usize) {
    let pad = " ".repeat(indent);
    for (name, f) in fields {
        let _ = writeln!(s, "{pad}- name: {name}");
        yaml_feature(s, *f, indent + 2);
    }
}

fn yaml_feature(s: &mut String, f: Feature, indent: usize) {
    let pad = " ".repeat(indent);
    match f {
        V(dtype) => {
            let _ = writeln!(s, "{pad}dtype: {dtype}");
        }
        Struct(fields) => {
            let _ = writeln!(s, "{pad}struct:");
            yaml_features(s, fields, indent);
        }
        List(V(dtype)) => {
            let _ = writeln!(s, "{pad}list: {dtype}");
        }
        List(Struct(fields)) => {
            let _ = writeln!(s, "{pad}list:");
            yaml_features(s, fields, indent);
        }
        List(inner) => {
            let _ = writeln!(s, "{pad}list:");
            yaml_feature(s, *inner, indent + 2);
        }
    }
}

/// `configs:` and `dataset_info:` with data files under `prefix`.
fn configs_yaml(prefix: &str) -> String {
    let mut s = String::from("configs:\n");
    let _ = write!(
        s,
        "- config_name: documents\n  default: true\n  data_files:\n  - split: test\n    path: {prefix}{DOCUMENTS}\n\
         - config_name: kb\n  data_files:\n  - split: test\n    path: {prefix}{KB}\n"
    );
    s.push_str("dataset_info:\n- config_name: documents\n  features:\n");
    yaml_features(&mut s, FEATURES, 2);
    s.push_str("- config_name: kb\n  features:\n");
    yaml_features(&mut s, KB_FEATURES, 2);
    s
}

/// The root snippet: the two keys, paths from the repository root.
pub fn root_snippet() -> String {
    format!(
        "# The dataset card's `configs:` and `dataset_info:` for a card at the repository root\n\
         # (generated by `hudna convert --to hf annotations hf`; hf/README.md has the same with\n\
         # paths inside hf/).\n{}",
        configs_yaml("hf/")
    )
}

/// The card of the export directory.
pub fn card(bundle: &Bundle) -> String {
    let mut s = String::from(
        "---\n\
         # Generated by `hudna convert --from hudna --to hf annotations hf --force`; do not edit by hand.\n\
         language:\n- ar\n\
         license: other\n\
         pretty_name: hudna — Arabic news on the Armenia–Azerbaijan ceasefires, gold-annotated\n\
         task_categories:\n- token-classification\n\
         task_ids:\n- named-entity-recognition\n\
         size_categories:\n- n<1K\n",
    );
    s.push_str(&configs_yaml(""));
    s.push_str("---\n\n");
    let _ = write!(
        s,
        "# hudna, as a Hugging Face dataset\n\n\
         The hudna gold corpus in a form `datasets` loads as it is: \
         {} documents, one per line of `{DOCUMENTS}` with {} entity mentions, {} events and \
         {} casualty figures, and the KB ({} entries) in `{KB}`. The articles are third-party news \
         texts kept for research evaluation only (their terms: `annotations/TERMS.md` of the \
         repository; the annotations are the project's); the dataset card and guidelines are \
         `annotations/README.md` and `docs/guidelines.md` there.\n\n\
         ```python\n\
         from datasets import load_dataset\n\
         docs = load_dataset(\"path/to/hf\", \"documents\", split=\"test\")\n\
         kb = load_dataset(\"path/to/hf\", \"kb\", split=\"test\")\n\
         ```\n\n\
         Offsets (`start`, `end`) are Unicode code points, end exclusive, into `text`: \
         `text[start:end] == mention[\"text\"]` in Python. Every field is present in every row \
         (null where a value is absent), so the schema above is the schema of every line. \
         Events point at their arguments and casualty figures at their source and event by \
         record `id` within the document; `ref` and `victims.side` are keys of the `kb` config.\n",
        bundle.docs.len(),
        bundle.count("entity"),
        bundle.count("event"),
        bundle.count("casualty"),
        bundle.kb.len(),
    );
    s
}

/// Reads an export directory (`data/documents.jsonl`, and `data/kb.jsonl`
/// when present) back into documents: every span is checked against the
/// row's text, and the row's sha256 against its bytes.
pub fn read(dir: &Path) -> Result<(Bundle, Report), Error> {
    let mut report = Report::default();
    let path = dir.join(DOCUMENTS);
    let bytes = read_capped(&path)?;
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    crate::jsonl::for_each_line(&path, &bytes, &mut problems, |n, text| {
        let de = &mut serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, Row>(de) {
            Ok(r) => {
                if let Some(d) = from_row(&path, n, r, &mut report) {
                    docs.push(d);
                }
            }
            Err(e) => report.push(Diagnostic::error(
                &path,
                Some(n),
                pointer(e.path()),
                "hf-row",
                e.inner().to_string(),
            )),
        }
    });
    report.diagnostics.extend(problems);
    let kb_path = dir.join(KB);
    let mut kb = Vec::new();
    if kb_path.is_file() {
        let bytes = read_capped(&kb_path)?;
        let mut problems = Vec::new();
        crate::jsonl::for_each_line(&kb_path, &bytes, &mut problems, |n, text| {
            let de = &mut serde_json::Deserializer::from_str(text);
            match serde_path_to_error::deserialize::<_, KbRow>(de) {
                Ok(k) => kb.push(KbEntry {
                    r#ref: k.r#ref,
                    entity_type: k.entity_type,
                    name_en: k.name_en,
                    names_ar: k.names_ar,
                    wikidata: k.wikidata,
                }),
                Err(e) => report.push(Diagnostic::error(
                    &kb_path,
                    Some(n),
                    pointer(e.path()),
                    "hf-row",
                    e.inner().to_string(),
                )),
            }
        });
        report.diagnostics.extend(problems);
    }
    report.sort();
    Ok((Bundle { docs, kb }, report))
}

fn pointer(p: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    p.iter()
        .map(|s| match s {
            Segment::Seq { index } => format!("/{index}"),
            Segment::Map { key } => format!("/{key}"),
            Segment::Enum { variant } => format!("/{variant}"),
            Segment::Unknown => "/?".into(),
        })
        .collect()
}

/// The records of one row, its spans proved against its text.
fn from_row(path: &Path, n: usize, r: Row, report: &mut Report) -> Option<Annotated> {
    if !doc_id_ok(&r.doc) {
        report.push(bad_doc_id(path, Some(n), "/doc", &r.doc));
        return None;
    }
    let before = report.errors();
    let article = Article::from_text(&r.text);
    let sha = sha256_hex(r.text.as_bytes());
    if sha != r.sha256 {
        report.push(Diagnostic::error(
            path,
            Some(n),
            "/sha256",
            "sha256",
            format!("sha256 {} is not the text's ({sha})", r.sha256),
        ));
    }
    let mut check = |pointer: String, s: Option<usize>, e: Option<usize>, text: Option<&str>| {
        let (Some(s), Some(e)) = (s, e) else {
            return;
        };
        let problem = match slice(&article, s, e) {
            Ok(got) if text.is_none_or(|t| t == got) => return,
            Ok(got) => SpanProblem::Text {
                slice: got.to_owned(),
                given: text.unwrap_or_default().to_owned(),
            },
            Err(p) => p,
        };
        report.push(problem.diagnostic(path, Some(n), &pointer, s, e));
    };
    let doc = r.doc.clone();
    let mut records = Vec::new();
    if let (Some(lang), Some(basis), Some(note)) = (&r.lang, r.published_basis, &r.note) {
        records.push(Record::Document(Document {
            doc: doc.clone(),
            sha256: r.sha256.clone(),
            lang: lang.clone(),
            title: r.title.clone(),
            outlet: r.outlet.clone(),
            published: r.published.clone(),
            published_basis: basis,
            note: note.clone(),
        }));
    }
    for (i, z) in r.zones.into_iter().enumerate() {
        check(format!("/zones/{i}/end"), Some(z.start), Some(z.end), None);
        records.push(Record::Zone(Zone {
            doc: doc.clone(),
            id: z.id,
            zone_type: z.zone_type,
            start: z.start,
            end: z.end,
        }));
    }
    for (i, e) in r.entities.into_iter().enumerate() {
        check(format!("/entities/{i}/text"), e.start, e.end, Some(&e.text));
        records.push(Record::Entity(Entity {
            doc: doc.clone(),
            id: e.id,
            entity_type: e.entity_type,
            start: e.start,
            end: e.end,
            text: e.text,
            r#ref: e.r#ref,
        }));
    }
    for (i, v) in r.events.into_iter().enumerate() {
        check(
            format!("/events/{i}/trigger/text"),
            v.trigger.start,
            v.trigger.end,
            Some(&v.trigger.text),
        );
        records.push(Record::Event(Event {
            doc: doc.clone(),
            id: v.id,
            event_type: v.event_type,
            trigger: Trigger {
                start: v.trigger.start,
                end: v.trigger.end,
                text: v.trigger.text,
            },
            args: v
                .args
                .into_iter()
                .map(|a| Arg {
                    role: a.role,
                    mention: a.mention,
                    text: None,
                    r#ref: None,
                })
                .collect(),
            modality: v.modality,
            reported_by: v.reported_by,
        }));
    }
    for (i, c) in r.casualties.into_iter().enumerate() {
        check(
            format!("/casualties/{i}/text"),
            c.start,
            c.end,
            Some(&c.text),
        );
        records.push(Record::Casualty(Casualty {
            doc: doc.clone(),
            id: c.id,
            start: c.start,
            end: c.end,
            text: c.text,
            category: c.category,
            count: Count {
                value: c.count.value,
                qualifier: c.count.qualifier,
                low: c.count.low,
                high: c.count.high,
            },
            victims: c.victims.group.map(|group| Victims {
                group,
                side: c.victims.side,
            }),
            source: c.source,
            event: c.event,
            scope: c.scope,
        }));
    }
    (report.errors() == before).then_some(Annotated {
        id: r.doc,
        text: r.text,
        records,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field names of a feature list.
    fn names(fields: &[(&str, Feature)]) -> Vec<String> {
        fields.iter().map(|(n, _)| (*n).to_owned()).collect()
    }

    #[test]
    fn the_schema_table_names_the_row_fields_in_order() {
        let row = Row {
            doc: "d".into(),
            text: String::new(),
            sha256: String::new(),
            lang: None,
            title: None,
            outlet: None,
            published: None,
            published_basis: None,
            note: None,
            zones: vec![],
            entities: vec![],
            events: vec![],
            casualties: vec![],
        };
        let v = serde_json::to_value(&row).unwrap();
        let keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        let mut want = names(FEATURES);
        want.sort();
        let mut got = keys;
        got.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn conformance_catches_a_missing_an_extra_and_a_mistyped_field() {
        let f = Struct(&[("a", INT), ("b", List(&STRING))]);
        let ok = serde_json::json!({"a": 1, "b": ["x", null]});
        assert_eq!(conforms(&ok, f, ""), Ok(()));
        let missing = serde_json::json!({"a": 1});
        assert!(
            conforms(&missing, f, "")
                .unwrap_err()
                .contains("/b: missing")
        );
        let extra = serde_json::json!({"a": 1, "b": [], "c": 2});
        assert!(conforms(&extra, f, "").is_err());
        let mistyped = serde_json::json!({"a": "1", "b": []});
        assert!(conforms(&mistyped, f, "").unwrap_err().starts_with("/a:"));
    }

    #[test]
    fn card_yaml_spells_lists_and_structs_as_datasets_does() {
        let mut s = String::new();
        yaml_features(
            &mut s,
            &[
                ("names", List(&STRING)),
                ("trigger", Struct(SPAN)),
                ("args", List(&Struct(&[("role", STRING)]))),
            ],
            0,
        );
        assert_eq!(
            s,
            "- name: names\n  list: string\n- name: trigger\n  struct:\n  - name: start\n    dtype: int64\n  - name: end\n    dtype: int64\n  - name: text\n    dtype: string\n- name: args\n  list:\n  - name: role\n    dtype: string\n"
        );
    }
}
