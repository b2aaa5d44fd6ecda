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
                        e.entity_type = next(EntityType::ALL, e.entity_type);
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
        insta::assert_snapshot!(format!("{name}_text"), report::to_text(&r));
        insta::assert_snapshot!(format!("{name}_markdown"), report::to_markdown(&r));
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
    assert_eq!(free.row(Entities, "set_surface", "micro").unwrap().f1, 1.0);
    assert_eq!(free.row(Casualties, "claim", "micro").unwrap().f1, 1.0);
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
