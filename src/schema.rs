//! The JSON Schemas (draft 2020-12) of the record contract.
//!
//! The committed files under `schemas/` are the public contract that third-party
//! tools (check-jsonschema, editors) read. They are generated here from the
//! vocabularies in [`crate::vocab`] and [`crate::ontology`], and a test fails
//! when the committed files and the generator disagree, so the contract cannot
//! drift from the code. `hudna schema --write schemas` regenerates them.
//!
//! Gold and prediction schemas come from one generator: predictions may omit
//! ids, offsets and some fields (an LLM extractor that outputs only strings and
//! numbers must still be scorable), gold may not.

use serde_json::{Map, Value, json};

use crate::profile::Profile;

use crate::ontology::EventType;
use crate::vocab::{
    CasualtyCategory, DateBasis, EntityType, Modality, Qualifier, Role, Scope, VictimGroup,
    ZoneType,
};

/// Which flavour of the record schema to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Gold annotations: every field required, ids and offsets included.
    Gold,
    /// Predictions: ids, offsets and descriptive fields optional.
    Prediction,
}

/// A schema file: its name under `schemas/` and its JSON.
pub struct SchemaFile {
    /// File name, e.g. `gold.schema.json`.
    pub name: &'static str,
    /// The schema.
    pub schema: Value,
}

/// Every schema file hudna publishes, generated.
pub fn generate() -> Vec<SchemaFile> {
    vec![
        SchemaFile {
            name: "gold.schema.json",
            schema: records(Flavour::Gold),
        },
        SchemaFile {
            name: "prediction.schema.json",
            schema: records(Flavour::Prediction),
        },
        SchemaFile {
            name: "gold-core.schema.json",
            schema: records_in(Flavour::Gold, Profile::Core),
        },
        SchemaFile {
            name: "prediction-core.schema.json",
            schema: records_in(Flavour::Prediction, Profile::Core),
        },
        SchemaFile {
            name: "kb.schema.json",
            schema: kb(),
        },
        SchemaFile {
            name: "report.schema.json",
            schema: crate::report::report_schema(),
        },
    ]
}

/// The committed schema text, embedded so the binary validates without the repo.
pub fn committed(name: &str) -> Option<&'static str> {
    match name {
        "gold.schema.json" => Some(include_str!("../schemas/gold.schema.json")),
        "prediction.schema.json" => Some(include_str!("../schemas/prediction.schema.json")),
        "gold-core.schema.json" => Some(include_str!("../schemas/gold-core.schema.json")),
        "prediction-core.schema.json" => {
            Some(include_str!("../schemas/prediction-core.schema.json"))
        }
        "kb.schema.json" => Some(include_str!("../schemas/kb.schema.json")),
        "report.schema.json" => Some(include_str!("../schemas/report.schema.json")),
        _ => None,
    }
}

const BASE: &str = "urn:hudna:schema:";

fn enum_of<T: Copy>(
    all: &[T],
    name: impl Fn(T) -> &'static str,
    desc: impl Fn(T) -> &'static str,
) -> Value {
    let values: Vec<&str> = all.iter().map(|v| name(*v)).collect();
    let described: Vec<String> = all
        .iter()
        .map(|v| format!("`{}`: {}", name(*v), desc(*v)))
        .collect();
    json!({ "enum": values, "description": described.join(" ") })
}

fn with(mut v: Value, description: &str, examples: Value) -> Value {
    let obj = v.as_object_mut().expect("schema fragments are objects");
    let prior = obj
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let text = match prior {
        Some(p) => format!("{description} {p}"),
        None => description.to_owned(),
    };
    obj.insert("description".into(), Value::String(text));
    obj.insert("examples".into(), examples);
    v
}

fn nullable(v: Value) -> Value {
    let mut v = v;
    let obj = v.as_object_mut().expect("schema fragments are objects");
    match obj.get("type").cloned() {
        Some(Value::String(t)) => {
            obj.insert("type".into(), json!([t, "null"]));
        }
        _ => {
            if let Some(Value::Array(e)) = obj.get_mut("enum") {
                e.push(Value::Null);
            }
        }
    }
    v
}

fn object(props: Vec<(&str, Value)>, required: &[&str], description: &str) -> Value {
    let mut p = Map::new();
    for (k, v) in props {
        p.insert(k.to_owned(), v);
    }
    json!({
        "type": "object",
        "description": description,
        "properties": p,
        "required": required,
        "additionalProperties": false,
    })
}

fn offset(which: &str) -> Value {
    let what = if which == "start" {
        "Start offset in Unicode code points into the article text, inclusive (Python str index)."
    } else {
        "End offset in Unicode code points into the article text, exclusive (Python str index)."
    };
    with(
        json!({ "type": "integer", "minimum": 0 }),
        what,
        json!([120]),
    )
}

fn id_field(prefix: &str) -> Value {
    with(
        json!({ "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" }),
        "Record id, unique within the document; other records refer to it.",
        json!([format!("{prefix}1"), format!("{prefix}12")]),
    )
}

fn doc_field() -> Value {
    with(
        json!({ "type": "string", "pattern": "^[a-z0-9][a-z0-9-]{2,63}$" }),
        "Document id: the stem of the article's .txt file (date, topic, outlet).",
        json!(["2023-09-20-ceasefire-khaleej"]),
    )
}

fn kind(k: &str) -> Value {
    with(json!({ "const": k }), "Record kind.", json!([k]))
}

fn reference(what: &str, example: &str) -> Value {
    with(
        json!({ "type": ["string", "null"] }),
        what,
        json!([example, null]),
    )
}

fn req<'a>(flavour: Flavour, gold: &[&'a str], pred: &[&'a str]) -> Vec<&'a str> {
    match flavour {
        Flavour::Gold => gold.to_vec(),
        Flavour::Prediction => pred.to_vec(),
    }
}

fn document(f: Flavour) -> Value {
    let props = vec![
        ("kind", kind("document")),
        ("doc", doc_field()),
        (
            "sha256",
            with(
                json!({ "type": "string", "pattern": "^[0-9a-f]{64}$" }),
                "Hex sha256 of the article's .txt bytes: the identity of the text.",
                json!(["4b3c7beeff16a41e5d141c7cfad65ca60ebe42f9e7c382f1ac408cf2b2137b5b"]),
            ),
        ),
        (
            "lang",
            with(
                json!({ "const": "ar" }),
                "Language of the article.",
                json!(["ar"]),
            ),
        ),
        (
            "title",
            with(
                json!({ "type": ["string", "null"] }),
                "The headline as written, or null when the page has none.",
                json!(["وساطة روسية تنهي التصعيد بين أرمينيا وأذربيجان"]),
            ),
        ),
        (
            "outlet",
            with(
                json!({ "type": ["string", "null"] }),
                "The outlet as stated in the text, or null when the text does not say.",
                json!(["الخليج الجديد", null]),
            ),
        ),
        (
            "published",
            with(
                json!({ "type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
                "Publication date (ISO 8601), or null.",
                json!(["2023-09-20"]),
            ),
        ),
        (
            "published_basis",
            with(
                enum_of(DateBasis::ALL, DateBasis::as_str, DateBasis::description),
                "How the date was obtained.",
                json!(["inferred"]),
            ),
        ),
        (
            "note",
            with(
                json!({ "type": "string" }),
                "Provenance: how date and outlet were determined.",
                json!(["Events of Wednesday 20 September 2023."]),
            ),
        ),
        ("meta", meta()),
    ];
    let all = [
        "kind",
        "doc",
        "sha256",
        "lang",
        "title",
        "outlet",
        "published",
        "published_basis",
        "note",
    ];
    object(
        props,
        &req(f, &all, &["kind", "doc"]),
        "Metadata of one article. Exactly one per gold file.",
    )
}

fn meta() -> Value {
    with(
        json!({ "type": "object" }),
        "Free-form extra data (a system's confidence, an annotator's comment). Ignored by the scorer.",
        json!([{ "confidence": 0.9 }]),
    )
}

fn zone(f: Flavour) -> Value {
    let props = vec![
        ("kind", kind("zone")),
        ("doc", doc_field()),
        ("id", id_field("z")),
        (
            "type",
            with(
                enum_of(ZoneType::ALL, ZoneType::as_str, ZoneType::description),
                "Zone type.",
                json!(["body"]),
            ),
        ),
        ("start", offset("start")),
        ("end", offset("end")),
        ("meta", meta()),
    ];
    let all = ["kind", "doc", "id", "type", "start", "end"];
    object(
        props,
        &req(f, &all, &all),
        "A stretch of the page. Zones never overlap.",
    )
}

fn entity(f: Flavour) -> Value {
    let props = vec![
        ("kind", kind("entity")),
        ("doc", doc_field()),
        ("id", id_field("e")),
        (
            "type",
            with(
                enum_of(EntityType::ALL, EntityType::as_str, EntityType::description),
                "Entity type (Wojood's names plus ACE's WEA).",
                json!(["GPE", "PERS"]),
            ),
        ),
        ("start", offset("start")),
        ("end", offset("end")),
        (
            "text",
            with(
                json!({ "type": "string", "minLength": 1 }),
                "The mention's surface text, equal to article[start:end].",
                json!(["ناغورني قره باغ"]),
            ),
        ),
        (
            "ref",
            reference(
                "Key of the canonical entity in kb.jsonl; required (non-null) in gold for PERS, NORP, ORG, GPE, LOC, FAC and EVENT.",
                "nagorno-karabakh",
            ),
        ),
        ("meta", meta()),
    ];
    let all = ["kind", "doc", "id", "type", "start", "end", "text", "ref"];
    object(
        props,
        &req(f, &all, &["kind", "doc", "type", "text"]),
        "An entity mention. Nested mentions are allowed; two with the same span and type are not.",
    )
}

fn trigger(f: Flavour) -> Value {
    let props = vec![
        ("start", offset("start")),
        ("end", offset("end")),
        (
            "text",
            with(
                json!({ "type": "string", "minLength": 1 }),
                "The trigger's surface text, equal to article[start:end].",
                json!(["وقف إطلاق النار"]),
            ),
        ),
    ];
    object(
        props,
        &req(f, &["start", "end", "text"], &["text"]),
        "The word or fixed expression that most clearly expresses the event.",
    )
}

fn arg(f: Flavour) -> Value {
    let props = vec![
        (
            "role",
            with(
                enum_of(Role::ALL, Role::as_str, Role::description),
                "Argument role.",
                json!(["actor"]),
            ),
        ),
        (
            "mention",
            with(
                json!({ "type": "string" }),
                "Id of an entity record in the same document.",
                json!(["e7"]),
            ),
        ),
        (
            "text",
            with(
                json!({ "type": "string" }),
                "Predictions without ids: the argument's surface text.",
                json!(["أذربيجان"]),
            ),
        ),
        (
            "ref",
            with(
                json!({ "type": "string" }),
                "Predictions without ids: the argument's KB ref.",
                json!(["azerbaijan"]),
            ),
        ),
    ];
    let mut o = object(
        props,
        &req(f, &["role", "mention"], &["role"]),
        "An event argument.",
    );
    if f == Flavour::Gold {
        // Gold arguments point at mentions only.
        let p = o["properties"].as_object_mut().expect("object");
        p.remove("text");
        p.remove("ref");
    }
    o
}

fn event(f: Flavour) -> Value {
    let props = vec![
        ("kind", kind("event")),
        ("doc", doc_field()),
        ("id", id_field("v")),
        (
            "type",
            with(
                enum_of(EventType::ALL, EventType::as_str, EventType::description),
                "Event type of the hudna ontology (mapped to PLOVER and ACLED in schemas/README.md).",
                json!(["CEASEFIRE_DECLARED"]),
            ),
        ),
        (
            "trigger",
            with(
                trigger(f),
                "The trigger.",
                json!([{ "start": 59, "end": 74, "text": "وقف إطلاق النار" }]),
            ),
        ),
        (
            "args",
            with(
                json!({ "type": "array", "items": arg(f) }),
                "Arguments, each pointing at an entity mention in the same sentence.",
                json!([[{ "role": "actor", "mention": "e1" }]]),
            ),
        ),
        (
            "modality",
            with(
                enum_of(Modality::ALL, Modality::as_str, Modality::description),
                "How the text presents the event.",
                json!(["asserted"]),
            ),
        ),
        (
            "reported_by",
            reference(
                "Id of the entity mention the event is attributed to, or null for the narrator.",
                "e3",
            ),
        ),
        ("meta", meta()),
    ];
    let all = [
        "kind",
        "doc",
        "id",
        "type",
        "trigger",
        "args",
        "modality",
        "reported_by",
    ];
    object(
        props,
        &req(f, &all, &["kind", "doc", "type", "trigger"]),
        "An event mention (ACE-style: each mention with its own trigger is a record).",
    )
}

fn count(f: Flavour) -> Value {
    let n = json!({ "type": "integer", "minimum": 0 });
    let props = vec![
        (
            "value",
            with(
                nullable(n.clone()),
                "The number as stated; null when the text gives only a vague quantity.",
                json!([8, null]),
            ),
        ),
        (
            "qualifier",
            with(
                enum_of(Qualifier::ALL, Qualifier::as_str, Qualifier::description),
                "How the count relates to the number stated.",
                json!(["more_than"]),
            ),
        ),
        (
            "low",
            with(
                nullable(n.clone()),
                "UCDP-style lower bound, or null when unbounded.",
                json!([201, null]),
            ),
        ),
        (
            "high",
            with(
                nullable(n),
                "UCDP-style upper bound, or null when unbounded.",
                json!([999, null]),
            ),
        ),
    ];
    object(
        props,
        &req(f, &["value", "qualifier", "low", "high"], &[]),
        "A count with UCDP-style bounds.",
    )
}

fn victims(f: Flavour) -> Value {
    let props = vec![
        (
            "group",
            with(
                enum_of(
                    VictimGroup::ALL,
                    VictimGroup::as_str,
                    VictimGroup::description,
                ),
                "Who the victims are.",
                json!(["military"]),
            ),
        ),
        (
            "side",
            with(
                json!({ "type": ["string", "null"] }),
                "KB ref of the side the victims belong to, when the text says; `both` (reserved, never a KB ref) when the figure counts the victims of both belligerents together without splitting them; or null.",
                json!(["azerbaijan", crate::record::BOTH_SIDES, null]),
            ),
        ),
    ];
    object(
        props,
        &req(f, &["group", "side"], &["group"]),
        "The victims of a casualty figure.",
    )
}

fn casualty(f: Flavour) -> Value {
    let props = vec![
        ("kind", kind("casualty")),
        ("doc", doc_field()),
        ("id", id_field("c")),
        ("start", offset("start")),
        ("end", offset("end")),
        (
            "text",
            with(
                json!({ "type": "string", "minLength": 1 }),
                "The count expression: qualifier, number and counted noun.",
                json!(["ثمانية جنود", "أكثر من ألفي مدني"]),
            ),
        ),
        (
            "category",
            with(
                enum_of(
                    CasualtyCategory::ALL,
                    CasualtyCategory::as_str,
                    CasualtyCategory::description,
                ),
                "What happened to the people counted.",
                json!(["killed"]),
            ),
        ),
        (
            "count",
            with(
                count(f),
                "The count.",
                json!([{ "value": 200, "qualifier": "more_than", "low": 201, "high": null }]),
            ),
        ),
        (
            "victims",
            with(
                victims(f),
                "The victims.",
                json!([{ "group": "military", "side": "azerbaijan" }]),
            ),
        ),
        (
            "source",
            reference(
                "Id of the entity mention that reports the figure, or null.",
                "e12",
            ),
        ),
        (
            "event",
            reference(
                "Id of the event record the figure results from, or null.",
                "v4",
            ),
        ),
        (
            "scope",
            with(
                enum_of(Scope::ALL, Scope::as_str, Scope::description),
                "What the figure counts over.",
                json!(["incident"]),
            ),
        ),
        ("meta", meta()),
    ];
    let all = [
        "kind", "doc", "id", "start", "end", "text", "category", "count", "victims", "source",
        "event", "scope",
    ];
    object(
        props,
        &req(f, &all, &["kind", "doc", "category", "count"]),
        "A casualty figure: one source's claim, recorded as stated, never reconciled.",
    )
}

/// The record schema: a union discriminated on `kind`.
///
/// `if`/`then` per kind (rather than `oneOf`) keeps an engine's errors about the
/// one branch that applies instead of "matches none of five schemas".
pub fn records(f: Flavour) -> Value {
    let (name, title, what) = match f {
        Flavour::Gold => (
            "gold",
            "hudna gold record",
            "One line of a gold annotations file (annotations/<doc>.jsonl).",
        ),
        Flavour::Prediction => (
            "prediction",
            "hudna prediction record",
            "One line of a predictions file: the gold kinds, with ids, offsets and descriptive fields optional.",
        ),
    };
    let kinds = ["document", "zone", "entity", "event", "casualty"];
    let branches: Vec<Value> = kinds
        .iter()
        .map(|k| json!({ "if": { "properties": { "kind": { "const": k } }, "required": ["kind"] }, "then": { "$ref": format!("#/$defs/{k}") } }))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{BASE}{name}"),
        "title": title,
        "description": what,
        "type": "object",
        "required": ["kind", "doc"],
        "properties": {
            "kind": with(json!({ "enum": kinds }), "Record kind: selects which definition applies.", json!(["entity"])),
        },
        "allOf": branches,
        "$defs": {
            "document": document(f),
            "zone": zone(f),
            "entity": entity(f),
            "event": event(f),
            "casualty": casualty(f),
        },
    })
}

/// The record schema under `profile`. The core profile's differs from the
/// strict one in the entity record only: `type` is any label of 1 to
/// [`crate::vocab::MAX_LABEL_CHARS`] characters (the corpus's own, `PER`,
/// `MISC`), and `ref` is optional in gold, since a core corpus has no KB.
pub fn records_in(f: Flavour, profile: Profile) -> Value {
    let mut v = records(f);
    if profile == Profile::Core {
        let (name, title, what) = match f {
            Flavour::Gold => (
                "gold-core",
                "hudna gold record (core profile)",
                "One line of a gold annotations file of a corpus held to the core profile: the strict record, with entity types the corpus's own labels and no KB ref required.",
            ),
            Flavour::Prediction => (
                "prediction-core",
                "hudna prediction record (core profile)",
                "One line of a predictions file scored against a core-profile corpus: entity types are the corpus's own labels.",
            ),
        };
        v["$id"] = json!(format!("{BASE}{name}"));
        v["title"] = json!(title);
        v["description"] = json!(what);
        let entity = &mut v["$defs"]["entity"];
        entity["properties"]["type"] = with(
            json!({ "type": "string", "minLength": 1, "maxLength": crate::vocab::MAX_LABEL_CHARS }),
            "Entity type: the corpus's own label (PER, MISC, GPE…).",
            json!(["PER", "MISC"]),
        );
        entity["properties"]["ref"] = reference(
            "Key of the canonical entity in the corpus's own KB, if it has one; free-form and optional.",
            "nagorno-karabakh",
        );
        if let Some(Value::Array(req)) = entity.get_mut("required") {
            req.retain(|k| k != "ref");
        }
    }
    v
}

/// The KB schema: one canonical entity per line of annotations/kb.jsonl.
pub fn kb() -> Value {
    let props = vec![
        (
            "ref",
            with(
                json!({
                    "type": "string",
                    "pattern": "^[a-z0-9][a-z0-9-]{1,63}$",
                    "not": { "const": crate::record::BOTH_SIDES }
                }),
                "Stable key, kebab-case English. `both` is reserved for casualty figures covering both sides.",
                json!(["nikol-pashinyan"]),
            ),
        ),
        (
            "type",
            with(
                enum_of(EntityType::ALL, EntityType::as_str, EntityType::description),
                "Type of the mentions that link here.",
                json!(["PERS"]),
            ),
        ),
        (
            "name_en",
            with(
                json!({ "type": "string", "minLength": 1 }),
                "English name.",
                json!(["Nikol Pashinyan"]),
            ),
        ),
        (
            "names_ar",
            with(
                json!({ "type": "array", "items": { "type": "string", "minLength": 1 }, "uniqueItems": true }),
                "Arabic spellings met in the corpus.",
                json!([["نيكول باشينيان", "باشينيان"]]),
            ),
        ),
        (
            "wikidata",
            with(
                json!({ "type": "string", "pattern": "^Q[1-9][0-9]*$" }),
                "Wikidata id; only when checked, never guessed.",
                json!(["Q1234"]),
            ),
        ),
    ];
    let mut o = object(
        props,
        &["ref", "type", "name_en", "names_ar"],
        "A canonical real-world entity that mentions link to.",
    );
    let obj = o.as_object_mut().expect("object");
    obj.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    obj.insert("$id".into(), json!(format!("{BASE}kb")));
    obj.insert("title".into(), json!("hudna knowledge-base entry"));
    o
}

/// Pretty JSON with a trailing newline: the committed form of a schema.
pub fn to_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("a Value always serializes");
    s.push('\n');
    s
}
