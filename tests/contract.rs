//! The public contract cannot drift: committed schemas equal the generated
//! ones, compile under a real draft 2020-12 engine, and agree with the Rust
//! types in both directions on the shipped gold.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use hudna::record::Record;
use hudna::schema::{Flavour, generate, to_text};
use hudna::validate::{check_record_line, load_corpus};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_schemas_are_the_generated_ones() {
    for f in generate() {
        let committed = std::fs::read_to_string(root().join("schemas").join(f.name)).unwrap();
        assert!(
            committed == to_text(&f.schema),
            "schemas/{} is stale: run `cargo run -- schema --write schemas`",
            f.name
        );
    }
}

#[test]
fn schemas_compile_as_draft_2020_12() {
    for f in generate() {
        assert_eq!(
            f.schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::meta::validate(&f.schema)
            .unwrap_or_else(|e| panic!("{} is not a valid schema: {e}", f.name));
        jsonschema::draft202012::new(&f.schema).unwrap();
    }
}

#[test]
fn every_schema_field_has_a_description_and_examples() {
    fn walk(v: &serde_json::Value, at: &str, missing: &mut Vec<String>) {
        if let Some(props) = v.get("properties").and_then(|p| p.as_object()) {
            for (k, p) in props {
                if p.get("description").is_none() || p.get("examples").is_none() {
                    missing.push(format!("{at}/{k}"));
                }
                walk(p, &format!("{at}/{k}"), missing);
                if let Some(items) = p.get("items") {
                    walk(items, &format!("{at}/{k}[]"), missing);
                }
            }
        }
        if let Some(defs) = v.get("$defs").and_then(|d| d.as_object()) {
            for (k, d) in defs {
                walk(d, &format!("{at}#{k}"), missing);
            }
        }
    }
    // The input contracts: what annotators and extractor authors write by
    // hand. (The report schema describes hudna's own output.)
    for f in generate()
        .into_iter()
        .filter(|f| f.name != "report.schema.json")
    {
        let mut missing = Vec::new();
        walk(&f.schema, f.name, &mut missing);
        assert!(
            missing.is_empty(),
            "fields without description or examples: {missing:?}"
        );
    }
}

/// Types → schema: every gold record, serialized back from the Rust types,
/// still validates against the gold schema and round-trips unchanged.
/// Schema → types: every line that validates deserializes (load_corpus would
/// have reported it otherwise).
#[test]
fn gold_round_trips_through_the_types() {
    let (corpus, report) = load_corpus(common::annotations()).unwrap();
    assert_eq!(report.errors(), 0, "{}", report.render_text());
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in corpus.docs.values() {
        let raw = std::fs::read_to_string(&doc.jsonl_path).unwrap();
        let lines: Vec<&str> = raw.lines().collect();
        for l in &doc.records {
            let back = serde_json::to_value(&l.record).unwrap();
            check_record_line(Flavour::Gold, &doc.jsonl_path, l.line, &back)
                .unwrap_or_else(|e| panic!("{e:?}"));
            let original: serde_json::Value = serde_json::from_str(lines[l.line - 1]).unwrap();
            assert_eq!(
                back,
                original,
                "{}:{} does not round-trip",
                doc.jsonl_path.display(),
                l.line
            );
            *by_kind.entry(l.record.kind()).or_default() += 1;
        }
    }
    for kind in ["document", "zone", "entity", "event", "casualty"] {
        assert!(
            by_kind.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} record exercised"
        );
    }
}

#[test]
fn a_record_the_schema_rejects_never_reaches_the_types() {
    let bad = serde_json::json!({"kind": "entity", "doc": "doc-one", "type": "GPE", "text": "x"});
    let errs = check_record_line(Flavour::Gold, Path::new("x.jsonl"), 1, &bad).unwrap_err();
    let pointers: Vec<&str> = errs.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(pointers, vec!["/end", "/id", "/ref", "/start"]);
    let ok: Record = check_record_line(Flavour::Prediction, Path::new("x.jsonl"), 1, &bad).unwrap();
    assert_eq!(ok.kind(), "entity");
}

#[test]
fn ontology_table_in_schema_docs_is_current() {
    let doc = std::fs::read_to_string(root().join("schemas/README.md")).unwrap();
    assert!(
        doc.contains(&hudna::ontology::mapping_markdown()),
        "schemas/README.md's mapping table is stale: paste `hudna::ontology::mapping_markdown()`"
    );
}
