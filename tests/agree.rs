//! `hudna agree`: identical annotations agree perfectly; a hand-made
//! disagreement gives the numbers derived below by hand; swapping the two
//! annotators changes no F1 and no kappa; the command line's refusals.

mod common;

use std::path::Path;
use std::process::Command;

use common::span;
use hudna::agree::{Agreement, agree, load_side};

fn hudna(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hudna"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Both defined and equal, or both undefined.
fn close(x: impl Into<Option<f64>>, y: impl Into<Option<f64>>) -> bool {
    match (x.into(), y.into()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-12,
        (x, y) => x.is_none() && y.is_none(),
    }
}

fn counts(g: &Agreement, layer: &str, name: &str) -> (u64, u64, u64) {
    let (agreed, a, b, _) = measure(g, layer, name);
    (agreed, a, b)
}

fn measure(g: &Agreement, layer: &str, name: &str) -> (u64, u64, u64, Option<f64>) {
    let m = g.measure(layer, name).unwrap();
    (m.counts.agreed, m.counts.a, m.counts.b, m.f1)
}

#[test]
fn identical_annotations_agree_perfectly() {
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(common::annotations()).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, copy.path().join(p.file_name().unwrap())).unwrap();
    }
    let (a, ra) = load_side(&common::annotations(), None).unwrap();
    let (b, rb) = load_side(copy.path(), None).unwrap();
    assert_eq!(ra.errors() + rb.errors(), 0, "{}", ra.render_text());
    let g = agree(&a, &b).unwrap();
    assert_eq!(g.documents.len(), 5);
    assert!(g.only_in_a.is_empty() && g.only_in_b.is_empty());
    for m in &g.measures {
        assert!(
            m.counts.a > 0,
            "{} {}: the corpus has items",
            m.layer,
            m.name
        );
        assert_eq!(m.counts.agreed, m.counts.a, "{} {}", m.layer, m.name);
        assert_eq!(m.counts.a, m.counts.b, "{} {}", m.layer, m.name);
        assert_eq!(
            (m.precision, m.recall, m.f1),
            (Some(1.0), Some(1.0), Some(1.0)),
            "{}",
            m.name
        );
        for (label, l) in &m.by_label {
            assert_eq!(l.f1, Some(1.0), "{} {label}", m.name);
        }
    }
    for k in &g.kappas {
        assert_eq!(k.kappa, Some(1.0), "{} {}", k.layer, k.name);
        assert_eq!(k.observed, 1.0);
    }
    assert!(g.trigger_choices.is_empty());
    let mentions: usize = a.values().map(|d| d.entities().count()).sum();
    let strict = g.measure("entities", "strict").unwrap();
    assert_eq!(
        strict.counts.a, mentions as u64,
        "every entity mention of the gold"
    );
}

/// Three sentences, annotated twice; every difference is planted and its
/// effect derived in the test below.
const TEXT: &str =
    "قالت أرمينيا إن قوات أذربيجان قصفت يريفان.\nوقتل ثلاثة جنود.\nودعت روسيا إلى وقف إطلاق النار.\n";

fn entity(id: &str, t: &str, surface: &str, nth: usize, r: Option<&str>) -> String {
    let (s, e) = span(TEXT, surface, nth);
    let r = r.map_or("null".to_owned(), |r| format!("\"{r}\""));
    format!(
        r#"{{"kind": "entity", "doc": "doc-x", "id": "{id}", "type": "{t}", "start": {s}, "end": {e}, "text": "{surface}", "ref": {r}}}"#
    )
}

fn event(
    id: &str,
    t: &str,
    trigger: &str,
    args: &[(&str, &str)],
    modality: &str,
    by: Option<&str>,
) -> String {
    let (s, e) = span(TEXT, trigger, 0);
    let args: Vec<String> = args
        .iter()
        .map(|(role, m)| format!(r#"{{"role": "{role}", "mention": "{m}"}}"#))
        .collect();
    let by = by.map_or("null".to_owned(), |b| format!("\"{b}\""));
    format!(
        r#"{{"kind": "event", "doc": "doc-x", "id": "{id}", "type": "{t}", "trigger": {{"start": {s}, "end": {e}, "text": "{trigger}"}}, "args": [{}], "modality": "{modality}", "reported_by": {by}}}"#,
        args.join(", ")
    )
}

fn killed(id: &str, surface: &str) -> String {
    let (s, e) = span(TEXT, surface, 0);
    format!(
        r#"{{"kind": "casualty", "doc": "doc-x", "id": "{id}", "start": {s}, "end": {e}, "text": "{surface}", "category": "killed", "count": {{"value": 3, "qualifier": "exact", "low": 3, "high": 3}}, "victims": {{"group": "military", "side": null}}, "source": null, "event": null, "scope": "incident"}}"#
    )
}

/// A directory `a/` with the article and the first annotation, and the
/// second annotation as `b/second.jsonl` (no article beside it).
fn two_annotators() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let first = [
        entity("e1", "GPE", "أرمينيا", 0, Some("armenia")),
        entity("e2", "ORG", "قوات أذربيجان", 0, None),
        entity("e3", "GPE", "أذربيجان", 0, Some("azerbaijan")),
        entity("e4", "GPE", "يريفان", 0, Some("yerevan")),
        entity("e5", "GPE", "روسيا", 0, Some("russia")),
        event(
            "v1",
            "SHELLING",
            "قصفت",
            &[("actor", "e2"), ("location", "e4")],
            "asserted",
            Some("e1"),
        ),
        event(
            "v2",
            "CEASEFIRE_CALL",
            "وقف إطلاق النار",
            &[("actor", "e5")],
            "called_for",
            None,
        ),
        killed("c1", "ثلاثة جنود"),
    ];
    // The second annotator: no ORG «قوات أذربيجان» (the actor is the bare
    // name), «يريفان» as LOC (same ref), Russia without a ref, the
    // call's trigger «دعت» in the same sentence, and a second, overlapping
    // reading of the casualty figure.
    let second = [
        entity("x1", "GPE", "أرمينيا", 0, Some("armenia")),
        entity("x2", "GPE", "أذربيجان", 0, Some("azerbaijan")),
        entity("x3", "LOC", "يريفان", 0, Some("yerevan")),
        entity("x4", "GPE", "روسيا", 0, None),
        event(
            "w1",
            "SHELLING",
            "قصفت",
            &[("actor", "x2"), ("location", "x3")],
            "asserted",
            Some("x1"),
        ),
        event(
            "w2",
            "CEASEFIRE_CALL",
            "ودعت",
            &[("actor", "x4")],
            "called_for",
            None,
        ),
        killed("y1", "ثلاثة جنود"),
        killed("y2", "ثلاثة"),
    ];
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::create_dir(dir.path().join("b")).unwrap();
    std::fs::write(dir.path().join("a/doc-x.txt"), TEXT).unwrap();
    std::fs::write(dir.path().join("a/doc-x.jsonl"), first.join("\n") + "\n").unwrap();
    std::fs::write(dir.path().join("b/second.jsonl"), second.join("\n") + "\n").unwrap();
    dir
}

fn sides(dir: &Path) -> (hudna::agree::Side, hudna::agree::Side) {
    let (a, ra) = load_side(&dir.join("a"), None).unwrap();
    let (b, rb) = load_side(&dir.join("b/second.jsonl"), Some(&dir.join("a"))).unwrap();
    assert_eq!(ra.errors(), 0, "{}", ra.render_text());
    assert_eq!(rb.errors(), 0, "{}", rb.render_text());
    (a, b)
}

#[test]
fn a_hand_made_disagreement_gives_the_numbers_derived_by_hand() {
    let dir = two_annotators();
    let (a, b) = sides(dir.path());
    let g = agree(&a, &b).unwrap();
    let f1 = |agreed: f64, a: f64, b: f64| 2.0 * agreed / (a + b);

    // Entities. Strict: أرمينيا, أذربيجان, روسيا agree; A's ORG and the
    // GPE/LOC «يريفان» do not: 3 of 5 and 4.
    let (ag, na, nb, s) = measure(&g, "entities", "strict");
    assert_eq!((ag, na, nb), (3, 5, 4));
    assert!(close(s, f1(3.0, 5.0, 4.0)), "{s:?}");
    let by = &g.measure("entities", "strict").unwrap().by_label;
    assert_eq!(
        (
            by["GPE"].counts.agreed,
            by["GPE"].counts.a,
            by["GPE"].counts.b
        ),
        (3, 4, 3)
    );
    assert!(close(by["GPE"].f1, 6.0 / 7.0));
    assert_eq!((by["ORG"].counts.a, by["ORG"].f1), (1, Some(0.0)));
    assert_eq!((by["LOC"].counts.b, by["LOC"].f1), (1, Some(0.0)));
    // Span only: «يريفان» agrees too.
    assert_eq!(measure(&g, "entities", "span").0, 4);
    // Refs: armenia, azerbaijan, yerevan (the type does not matter); A has
    // 4 mentions with a ref, B 3.
    let (ag, na, nb, r) = measure(&g, "entities", "ref");
    assert_eq!((ag, na, nb), (3, 4, 3));
    assert!(close(r, 6.0 / 7.0));

    // Events. Only the shelling triggers overlap: 1 of 2 and 2.
    assert_eq!(counts(&g, "events", "trigger_overlap_type"), (1, 2, 2));
    assert!(close(measure(&g, "events", "trigger_overlap_type").3, 0.5));
    assert_eq!(measure(&g, "events", "trigger_overlap").0, 1);
    // By sentence + type both agree, and the call is a trigger choice.
    assert_eq!(counts(&g, "events", "sentence_type"), (2, 2, 2));
    assert_eq!(g.trigger_choices.len(), 1);
    let c = &g.trigger_choices[0];
    assert_eq!(
        (c.event_type.as_str(), c.a.2.as_str(), c.b.2.as_str()),
        ("CEASEFIRE_CALL", "وقف إطلاق النار", "ودعت")
    );
    // In the shelling pair, the location agrees and the actor does not
    // («قوات أذربيجان» against «أذربيجان»); modality and reporter (by span:
    // «أرمينيا») agree.
    assert_eq!(counts(&g, "events", "arguments"), (1, 2, 2));
    let roles = &g.measure("events", "arguments").unwrap().by_label;
    assert_eq!(
        (
            roles["actor"].counts.agreed,
            roles["location"].counts.agreed
        ),
        (0, 1)
    );
    assert_eq!(counts(&g, "events", "modality"), (1, 1, 1));
    assert_eq!(counts(&g, "events", "reported_by"), (1, 1, 1));

    // Casualties: one claim against two equal ones, one mention pairs
    // («ثلاثة» and «ثلاثة جنود» overlap): 1 of 1 and 2 both ways.
    for name in ["claim", "mention"] {
        let (ag, na, nb, f) = measure(&g, "casualties", name);
        assert_eq!((ag, na, nb), (1, 1, 2), "{name}");
        assert!(close(f, 2.0 / 3.0), "{name}");
    }

    // Kappa on BIO labels of the 16 whitespace tokens:
    //   A: O B-GPE O B-ORG I-ORG O B-GPE | O O O | O B-GPE O O O O
    //   B: O B-GPE O O     B-GPE O B-LOC | O O O | O B-GPE O O O O
    // 13 agree: p_o = 13/16. A has 11 O, 3 B-GPE; B 12 O, 3 B-GPE:
    // p_e = (11·12 + 3·3) / 16² = 141/256; κ = (208 − 141) / (256 − 141).
    let k = g.kappa("entities", "bio_tokens").unwrap();
    assert_eq!((k.items, k.labels), (16, 5));
    assert!(close(k.observed, 13.0 / 16.0));
    assert!(close(k.expected, 141.0 / 256.0));
    assert!(close(k.kappa.unwrap(), 67.0 / 115.0));
    // One paired event, both asserted: chance agreement is 1, κ undefined.
    let k = g.kappa("events", "modality").unwrap();
    assert_eq!(
        (k.items, k.observed, k.expected, k.kappa),
        (1, 1.0, 1.0, None)
    );
}

#[test]
fn swapping_the_annotators_changes_no_f1_and_no_kappa() {
    let dir = two_annotators();
    let (a, b) = sides(dir.path());
    let ab = agree(&a, &b).unwrap();
    let ba = agree(&b, &a).unwrap();
    for (x, y) in ab.measures.iter().zip(&ba.measures) {
        assert_eq!(x.name, y.name);
        assert_eq!(
            (x.counts.agreed, x.counts.a, x.counts.b),
            (y.counts.agreed, y.counts.b, y.counts.a)
        );
        assert!(close(x.f1, y.f1), "{}", x.name);
        assert!(
            close(x.precision, y.recall) && close(x.recall, y.precision),
            "{}",
            x.name
        );
        for (label, l) in &x.by_label {
            assert!(close(l.f1, y.by_label[label].f1), "{} {label}", x.name);
        }
    }
    for (x, y) in ab.kappas.iter().zip(&ba.kappas) {
        assert_eq!(
            (x.items, x.kappa.map(|k| (k * 1e12).round())),
            (y.items, y.kappa.map(|k| (k * 1e12).round()))
        );
    }
}

#[test]
fn command_line_formats_and_refusals() {
    let dir = two_annotators();
    let (a, b, arts) = (
        dir.path().join("a").display().to_string(),
        dir.path().join("b/second.jsonl").display().to_string(),
        dir.path().join("a").display().to_string(),
    );
    let (code, out, err) = hudna(&["agree", &a, &b, "--articles", &arts, "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("markdown", out);
    let (code, out, _) = hudna(&["agree", &a, &b, "--articles", &arts]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(
        "text",
        out.replace(&dir.path().display().to_string(), "<dir>")
    );
    let (code, out, _) = hudna(&["agree", &a, &b, "--articles", &arts, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["f1_is_symmetric"], true);
    let strict = &v["agreement"]["measures"][0];
    assert_eq!(
        (strict["name"].as_str(), strict["agreed"].as_u64()),
        (Some("strict"), Some(3))
    );

    // -o picks the format by extension, as for every command.
    let card = dir.path().join("agreement.md");
    let (code, _, err) = hudna(&[
        "agree",
        &a,
        &b,
        "--articles",
        &arts,
        "-o",
        card.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&card)
            .unwrap()
            .starts_with("| layer | measure |")
    );

    // Without the article, the second file cannot be checked.
    let (code, out, _) = hudna(&["agree", &a, &b]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[missing-article]: no article doc-x.txt beside this file"),
        "{out}"
    );
    // Invalid records are refused with their file, line and field.
    let bad = dir.path().join("b/second.jsonl");
    let text = std::fs::read_to_string(&bad).unwrap().replacen(
        "\"text\": \"أرمينيا\"",
        "\"text\": \"أرمينيه\"",
        1,
    );
    std::fs::write(&bad, text).unwrap();
    let (code, out, _) = hudna(&["agree", &a, &b, "--articles", &arts]);
    assert_eq!(code, 1);
    assert!(
        out.contains("second.jsonl:1: /text: error[text-mismatch]"),
        "{out}"
    );
    // Nothing in common: a usage error.
    let (code, _, err) = hudna(&["agree", &a, &common::annotations().display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("share no document"), "{err}");
}

/// Where one trigger overlaps two of the other side's (same type), the
/// pair taken is the one that also agrees on modality, so a tie between
/// pairings never shows up as a disagreement: whichever way round the
/// files are given.
#[test]
fn a_tie_between_pairings_goes_to_the_agreeing_pair() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["a", "b"] {
        std::fs::create_dir(dir.path().join(side)).unwrap();
        std::fs::write(dir.path().join(side).join("doc-x.txt"), TEXT).unwrap();
    }
    let first = [
        event("v1", "SHELLING", "قصفت", &[], "asserted", None),
        event("v2", "SHELLING", "قصفت يريفان", &[], "hypothetical", None),
    ];
    let second = [event("w1", "SHELLING", "قصفت", &[], "hypothetical", None)];
    std::fs::write(dir.path().join("a/doc-x.jsonl"), first.join("\n") + "\n").unwrap();
    std::fs::write(dir.path().join("b/doc-x.jsonl"), second.join("\n") + "\n").unwrap();
    let (a, _) = load_side(&dir.path().join("a"), None).unwrap();
    let (b, _) = load_side(&dir.path().join("b"), None).unwrap();
    let (ab, ba) = (agree(&a, &b).unwrap(), agree(&b, &a).unwrap());
    assert_eq!(counts(&ab, "events", "trigger_overlap_type"), (1, 2, 1));
    assert_eq!(counts(&ba, "events", "trigger_overlap_type"), (1, 1, 2));
    for g in [ab, ba] {
        assert_eq!(counts(&g, "events", "modality"), (1, 1, 1));
    }
}
