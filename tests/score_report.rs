//! Report formats pinned by snapshots for a fixed grid of prediction sets
//! (perfect, empty, all-wrong-type, shifted boundaries, spurious-only,
//! offset-free), and the report JSON checked against its published schema.

mod common;
mod scenarios;

use std::collections::BTreeMap;

use hudna::corpus::Corpus;
use hudna::evaluate;
use hudna::extract::{ArticleInput, Extractor, GoldExtractor};
use hudna::ontology::EventType;
use hudna::record::Record;
use hudna::report::{self, ScoreReport};
use hudna::score::Options;
use hudna::validate::load_corpus;
use hudna::vocab::{CasualtyCategory, EntityType};
use scenarios::{Fixed, rounded};

fn next<T: Copy + PartialEq>(all: &[T], t: T) -> T {
    let i = all.iter().position(|x| *x == t).unwrap();
    all[(i + 1) % all.len()]
}

fn slice(text: &str, s: usize, e: usize) -> String {
    text.chars().skip(s).take(e - s).collect()
}

/// Predictions for one scenario, derived from the gold by code.
fn scenario(corpus: &Corpus, name: &str) -> BTreeMap<String, Vec<Record>> {
    let mut out = BTreeMap::new();
    for (id, doc) in &corpus.docs {
        let text = doc.article.text();
        let gold = GoldExtractor::new(corpus)
            .extract(&ArticleInput { doc: id, text })
            .unwrap();
        let preds: Vec<Record> = match name {
            "perfect" => gold,
            "empty" => Vec::new(),
            "all_wrong_type" => gold
                .into_iter()
                .map(|r| match r {
                    Record::Entity(mut e) => {
                        let t = e
                            .entity_type
                            .known()
                            .expect("the bundled gold uses hudna's types");
                        e.entity_type = next(EntityType::ALL, t).into();
                        Record::Entity(e)
                    }
                    Record::Event(mut v) => {
                        v.event_type = next(EventType::ALL, v.event_type);
                        Record::Event(v)
                    }
                    Record::Casualty(mut c) => {
                        c.category = next(CasualtyCategory::ALL, c.category);
                        Record::Casualty(c)
                    }
                    other => other,
                })
                .collect(),
            "shifted" => gold
                .into_iter()
                .map(|r| match r {
                    // One code point dropped at the start of every span.
                    Record::Entity(mut e) => {
                        let (s, t) = (e.start.unwrap() + 1, e.end.unwrap());
                        e.start = Some(s);
                        e.text = slice(text, s, t);
                        Record::Entity(e)
                    }
                    Record::Event(mut v) => {
                        let (s, t) = (v.trigger.start.unwrap() + 1, v.trigger.end.unwrap());
                        v.trigger.start = Some(s);
                        v.trigger.text = slice(text, s, t);
                        Record::Event(v)
                    }
                    Record::Casualty(mut c) => {
                        let (s, t) = (c.start.unwrap() + 1, c.end.unwrap());
                        c.start = Some(s);
                        c.text = slice(text, s, t);
                        Record::Casualty(c)
                    }
                    other => other,
                })
                .collect(),
            "spurious_only" => {
                // The first word of the text, which no gold span touches, as
                // an entity and a trigger; an impossible casualty claim.
                let (s, t) = (0, text.chars().position(char::is_whitespace).unwrap());
                let w = slice(text, s, t);
                let line = |j: &str| serde_json::from_str::<Record>(j).unwrap();
                vec![
                    line(&format!(
                        r#"{{"kind":"entity","doc":"{id}","type":"LOC","start":{s},"end":{t},"text":"{w}"}}"#
                    )),
                    line(&format!(
                        r#"{{"kind":"event","doc":"{id}","type":"PROTEST","trigger":{{"start":{s},"end":{t},"text":"{w}"}}}}"#
                    )),
                    line(&format!(
                        r#"{{"kind":"casualty","doc":"{id}","category":"missing","count":{{"value":999}}}}"#
                    )),
                ]
            }
            "offset_free" => gold
                .into_iter()
                .map(|r| match r {
                    Record::Entity(mut e) => {
                        (e.start, e.end) = (None, None);
                        Record::Entity(e)
                    }
                    Record::Event(mut v) => {
                        (v.trigger.start, v.trigger.end) = (None, None);
                        Record::Event(v)
                    }
                    Record::Casualty(mut c) => {
                        (c.start, c.end) = (None, None);
                        c.text = String::new();
                        Record::Casualty(c)
                    }
                    other => other,
                })
                .collect(),
            _ => unreachable!(),
        };
        out.insert(id.clone(), preds);
    }
    out
}

fn run(corpus: &Corpus, name: &str) -> ScoreReport {
    let mut ex = Fixed(scenario(corpus, name));
    let collected = evaluate::collect(corpus, &mut ex).unwrap();
    assert_eq!(
        collected.problems.errors(),
        0,
        "{name}: {}",
        collected.problems.render_text()
    );
    let opts = Options {
        resamples: 200,
        ..Options::default()
    };
    let per_doc = evaluate::score(corpus, &collected, &opts);
    report::build(corpus, &collected, &per_doc, &opts).unwrap()
}

const SCENARIOS: [&str; 6] = [
    "perfect",
    "empty",
    "all_wrong_type",
    "shifted",
    "spurious_only",
    "offset_free",
];

#[test]
fn every_format_is_pinned_for_every_scenario() {
    let m = common::two_docs();
    let (corpus, problems) = load_corpus(m.path()).unwrap();
    assert_eq!(problems.errors(), 0, "{}", problems.render_text());
    for name in SCENARIOS {
        let r = run(&corpus, name);
        // The fingerprint hashes the temp corpus, which is fixed; the
        // dataset version is absent (no card).
        insta::assert_snapshot!(format!("{name}_text"), report::to_text(&r).unwrap());
        insta::assert_snapshot!(format!("{name}_markdown"), report::to_markdown(&r).unwrap());
        let csv = report::to_csv(&r).unwrap();
        let csv: String = csv
            .lines()
            .map(|l| {
                // Round the value columns in CSV as well.
                l.split(',')
                    .map(|c| match c.parse::<f64>() {
                        Ok(x) if c.contains('.') => format!("{:.4}", x),
                        _ => c.to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(format!("{name}_csv"), csv);
        let json = rounded(serde_json::to_value(&r).unwrap());
        insta::assert_json_snapshot!(format!("{name}_json"), json);
    }
}

#[test]
fn reports_validate_against_the_published_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(hudna::schema::committed("report.schema.json").unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let m = common::two_docs();
    let (corpus, _) = load_corpus(m.path()).unwrap();
    for name in SCENARIOS {
        let v = serde_json::to_value(run(&corpus, name)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        // And the JSON reads back into the same report.
        let back: ScoreReport = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(back).unwrap(), v);
    }
}

#[test]
fn scenario_counts_are_what_the_scenario_means() {
    let m = common::two_docs();
    let (corpus, _) = load_corpus(m.path()).unwrap();
    let get = |r: &ScoreReport, l, s: &str| r.row(l, s, "micro").unwrap().counts.unwrap();
    use hudna::score::Layer::*;
    let wrong = run(&corpus, "all_wrong_type");
    let c = get(&wrong, Entities, "strict");
    assert_eq!((c.correct, c.incorrect), (0, 8));
    assert_eq!(
        get(&wrong, Entities, "exact").correct,
        8,
        "boundaries are right"
    );
    assert_eq!(get(&wrong, Events, "trigger_id").correct, 3);
    assert_eq!(get(&wrong, Events, "trigger_cls").correct, 0);
    let shifted = run(&corpus, "shifted");
    assert_eq!(get(&shifted, Entities, "partial").partial, 8);
    assert_eq!(get(&shifted, Entities, "type").correct, 8);
    assert_eq!(
        get(&shifted, Casualties, "mention").correct,
        2,
        "overlap is enough for mentions"
    );
    let empty = run(&corpus, "empty");
    assert_eq!(empty.coverage.without_predictions, ["doc-one", "doc-two"]);
    assert_eq!(get(&empty, Entities, "strict").missed, 8);
    let free = run(&corpus, "offset_free");
    assert_eq!(
        get(&free, Entities, "strict").actual(),
        0,
        "no spans, no span-level credit"
    );
    assert_eq!(
        free.row(Entities, "set_surface", "micro").unwrap().f1,
        Some(1.0)
    );
    assert_eq!(
        free.row(Casualties, "claim", "micro").unwrap().f1,
        Some(1.0)
    );
    assert_eq!(free.coverage.without_offsets["entities"], 8);
    let spurious = run(&corpus, "spurious_only");
    let c = get(&spurious, Entities, "strict");
    assert_eq!((c.correct, c.spurious, c.missed), (0, 2, 8));
}

#[test]
fn token_boundaries_forgive_a_kept_proclitic() {
    let m = common::two_docs();
    let (corpus, _) = load_corpus(m.path()).unwrap();
    let text = common::TEXT_TWO;
    let (s, e) = common::span(text, "وتركيا", 0);
    let rec: Record = serde_json::from_str(&format!(
        r#"{{"kind":"entity","doc":"doc-two","type":"GPE","start":{s},"end":{e},"text":"وتركيا"}}"#
    ))
    .unwrap();
    let mut preds = BTreeMap::new();
    preds.insert("doc-two".to_string(), vec![rec]);
    let collected = evaluate::collect(&corpus, &mut Fixed(preds)).unwrap();
    let strict = |boundary| {
        let opts = Options {
            boundary,
            resamples: 0,
            ..Options::default()
        };
        let per_doc = evaluate::score(&corpus, &collected, &opts);
        let r = report::build(&corpus, &collected, &per_doc, &opts).unwrap();
        r.row(hudna::score::Layer::Entities, "strict", "micro")
            .unwrap()
            .counts
            .unwrap()
    };
    assert_eq!(strict(hudna::score::Boundary::Exact).correct, 0);
    assert_eq!(strict(hudna::score::Boundary::Token).correct, 1);
}

// ---------------------------------------------------------------------------
// The scenarios' counts derived from the gold by hand-written rules, for
// every entity scheme, the trigger and casualty schemes, per label, micro,
// macro and per document: the snapshots above are then a second check.

/// Expected counts per label for one (layer, scheme).
type Expected = BTreeMap<String, hudna::score::Counts>;

fn bump(e: &mut Expected, label: &str, f: impl Fn(&mut hudna::score::Counts)) {
    f(e.entry(label.to_owned()).or_default());
}

/// F1 from counts, written out from the SemEval definitions, and
/// undefined (`None`) only when there is neither a gold item nor a
/// prediction: one side alone credits nothing, an F1 of 0.
fn f1_of(c: &hudna::score::Counts, half_partial: bool) -> Option<f64> {
    let credit = c.correct as f64
        + if half_partial {
            c.partial as f64 / 2.0
        } else {
            0.0
        };
    let possible = (c.correct + c.incorrect + c.partial + c.missed) as f64;
    let actual = (c.correct + c.incorrect + c.partial + c.spurious) as f64;
    if possible + actual == 0.0 {
        return None;
    }
    let p = if actual > 0.0 { credit / actual } else { 0.0 };
    let r = if possible > 0.0 {
        credit / possible
    } else {
        0.0
    };
    Some(if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    })
}

/// Two values, both undefined or both defined and equal.
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() < 1e-12,
        _ => false,
    }
}

fn check_rows(
    r: &ScoreReport,
    layer: hudna::score::Layer,
    scheme: &str,
    exp: &Expected,
    what: &str,
) {
    let half = hudna::score::half_partial(layer, scheme);
    let mut micro = hudna::score::Counts::default();
    for (label, c) in exp {
        micro += *c;
        let row = r
            .row(layer, scheme, label)
            .unwrap_or_else(|| panic!("{what}: no row {layer:?}.{scheme}.{label}"));
        assert_eq!(row.counts, Some(*c), "{what}: {layer:?}.{scheme}.{label}");
        assert!(same(row.f1, f1_of(c, half)), "{what}: {scheme}.{label} f1");
    }
    // No label rows beyond the expected ones.
    let labels: Vec<&str> = r
        .metrics
        .iter()
        .filter(|m| m.layer == layer && m.scheme == scheme)
        .map(|m| m.label.as_str())
        .filter(|l| *l != "micro" && *l != "macro" && !exp.contains_key(*l))
        .collect();
    assert!(
        labels.is_empty(),
        "{what}: {scheme} unexpected labels {labels:?}"
    );
    let row = r.row(layer, scheme, "micro").unwrap();
    assert_eq!(row.counts, Some(micro), "{what}: {layer:?}.{scheme}.micro");
    assert!(
        same(row.f1, f1_of(&micro, half)),
        "{what}: {scheme} micro f1"
    );
    // Macro: the mean over every label with gold or predicted items, a
    // label found only in the gold included.
    let used: Vec<f64> = exp.values().filter_map(|c| f1_of(c, half)).collect();
    let want = (!used.is_empty()).then(|| used.iter().sum::<f64>() / used.len() as f64);
    let row = r.row(layer, scheme, "macro").unwrap();
    assert!(
        same(row.f1, want),
        "{what}: {scheme} macro f1 {:?} vs {want:?}",
        row.f1
    );
}

struct GoldEntity {
    label: &'static str,
    has_ref: bool,
}

fn gold_entities(corpus: &Corpus) -> Vec<GoldEntity> {
    let mut out = Vec::new();
    for doc in corpus.docs.values() {
        for l in &doc.records {
            if let Record::Entity(e) = &l.record {
                out.push(GoldEntity {
                    label: e.entity_type.known().expect("hudna's types").as_str(),
                    has_ref: e.r#ref.is_some(),
                });
            }
        }
    }
    out
}

/// Entity expectations: span schemes (strict, exact, partial, type),
/// set_surface and set_ref, for the scenario.
fn entity_expectations(corpus: &Corpus, name: &str) -> BTreeMap<&'static str, Expected> {
    let gold = gold_entities(corpus);
    let mut e: BTreeMap<&'static str, Expected> = BTreeMap::new();
    for scheme in [
        "strict",
        "exact",
        "partial",
        "type",
        "set_surface",
        "set_ref",
    ] {
        e.insert(scheme, Expected::new());
    }
    for g in &gold {
        let wrong = next(EntityType::ALL, EntityType::parse(g.label).unwrap()).as_str();
        let ent = |e: &mut BTreeMap<&'static str, Expected>,
                   s: &'static str,
                   f: &dyn Fn(&mut hudna::score::Counts)| {
            bump(e.get_mut(s).unwrap(), g.label, f)
        };
        let on_ref = |e: &mut BTreeMap<&'static str, Expected>,
                      f: &dyn Fn(&mut hudna::score::Counts)| {
            if g.has_ref {
                bump(e.get_mut("set_ref").unwrap(), g.label, f)
            }
        };
        match name {
            "perfect" => {
                for s in ["strict", "exact", "partial", "type", "set_surface"] {
                    ent(&mut e, s, &|c| c.correct += 1);
                }
                on_ref(&mut e, &|c| c.correct += 1);
            }
            "empty" | "spurious_only" => {
                for s in ["strict", "exact", "partial", "type", "set_surface"] {
                    ent(&mut e, s, &|c| c.missed += 1);
                }
                on_ref(&mut e, &|c| c.missed += 1);
            }
            "all_wrong_type" => {
                // Same boundaries, the next type: outcomes under the gold type.
                ent(&mut e, "strict", &|c| c.incorrect += 1);
                ent(&mut e, "exact", &|c| c.correct += 1);
                ent(&mut e, "partial", &|c| c.correct += 1);
                ent(&mut e, "type", &|c| c.incorrect += 1);
                ent(&mut e, "set_surface", &|c| c.missed += 1);
                bump(e.get_mut("set_surface").unwrap(), wrong, |c| {
                    c.spurious += 1
                });
                if g.has_ref {
                    bump(e.get_mut("set_ref").unwrap(), g.label, |c| c.missed += 1);
                    bump(e.get_mut("set_ref").unwrap(), wrong, |c| c.spurious += 1);
                }
            }
            "shifted" => {
                // Overlapping, same type, other boundaries and surface.
                ent(&mut e, "strict", &|c| c.incorrect += 1);
                ent(&mut e, "exact", &|c| c.incorrect += 1);
                ent(&mut e, "partial", &|c| c.partial += 1);
                ent(&mut e, "type", &|c| c.correct += 1);
                ent(&mut e, "set_surface", &|c| {
                    c.missed += 1;
                    c.spurious += 1
                });
                on_ref(&mut e, &|c| c.correct += 1);
            }
            "offset_free" => {
                // No spans: nothing predicted at span level.
                for s in ["strict", "exact", "partial", "type"] {
                    ent(&mut e, s, &|c| c.missed += 1);
                }
                ent(&mut e, "set_surface", &|c| c.correct += 1);
                on_ref(&mut e, &|c| c.correct += 1);
            }
            _ => unreachable!(),
        }
    }
    if name == "spurious_only" {
        // One LOC entity per document, no ref.
        for _ in &corpus.docs {
            for s in ["strict", "exact", "partial", "type", "set_surface"] {
                bump(e.get_mut(s).unwrap(), "LOC", |c| c.spurious += 1);
            }
        }
    }
    e
}

#[test]
fn scenario_entity_counts_follow_from_the_gold() {
    use hudna::score::Layer::Entities;
    let m = common::two_docs();
    let (corpus, _) = load_corpus(m.path()).unwrap();
    for name in SCENARIOS {
        let r = run(&corpus, name);
        let exp = entity_expectations(&corpus, name);
        for (scheme, e) in &exp {
            check_rows(&r, Entities, scheme, e, name);
        }
        // Per document: strict counts from that document's gold alone.
        for d in &r.documents {
            let d = d.unwrap();
            let mut one = Corpus::clone(&corpus);
            one.docs.retain(|id, _| *id == d.doc);
            let exp = entity_expectations(&one, name);
            for (scheme, e) in &exp {
                let mut micro = hudna::score::Counts::default();
                for c in e.values() {
                    micro += *c;
                }
                let got = d
                    .counts
                    .iter()
                    .find(|c| c.layer == Entities && c.scheme == *scheme && c.label == "micro")
                    .map(|c| c.counts)
                    .unwrap_or_default();
                assert_eq!(got, micro, "{name}: {} {scheme}", d.doc);
            }
        }
    }
}

/// A label present only in the gold counts in the macro average: drop
/// every OCC prediction from a perfect run.
#[test]
fn a_gold_only_label_lowers_the_macro_average() {
    use hudna::score::Layer::Entities;
    let m = common::two_docs();
    let (corpus, _) = load_corpus(m.path()).unwrap();
    let mut preds = scenario(&corpus, "perfect");
    for rs in preds.values_mut() {
        rs.retain(|r| !matches!(r, Record::Entity(e) if e.entity_type == EntityType::Occ));
    }
    let mut ex = Fixed(preds);
    let collected = evaluate::collect(&corpus, &mut ex).unwrap();
    let opts = Options {
        resamples: 0,
        ..Options::default()
    };
    let per_doc = evaluate::score(&corpus, &collected, &opts);
    let r = report::build(&corpus, &collected, &per_doc, &opts).unwrap();
    let mut exp = Expected::new();
    for g in gold_entities(&corpus) {
        bump(&mut exp, g.label, |c| {
            if g.label == "OCC" {
                c.missed += 1
            } else {
                c.correct += 1
            }
        });
    }
    assert!(exp.len() > 1 && exp["OCC"].missed > 0);
    check_rows(&r, Entities, "strict", &exp, "no OCC");
    let labels = exp.len() as f64;
    let macro_f1 = r.row(Entities, "strict", "macro").unwrap().f1;
    assert!(
        same(macro_f1, Some((labels - 1.0) / labels)),
        "{macro_f1:?}"
    );
}
