//! `hudna score --event-dedup` counts events as TextEE does: on seeded
//! perturbations of the bundled gold, scored by TextEE's own
//! `compute_scores(preds, golds, "E2E")` (`tools/textee_fixture.sh`; see
//! `tests/fixtures/textee/README.md`), every count of its six metrics
//! equals hudna's.

mod common;

use std::path::PathBuf;

use hudna::evaluate;
use hudna::extract::FileExtractor;
use hudna::score::{self, EventCounting, Layer, Options};
use hudna::validate::load_corpus;
use serde_json::Value;

/// TextEE's metric and the hudna scheme that counts the same tuples.
const METRICS: [(&str, &str); 6] = [
    ("trigger_id", "trigger_id"),
    ("trigger_cls", "trigger_cls"),
    ("argument_id", "arg_id_unattached"),
    ("argument_cls", "arg_cls_unattached"),
    ("argument_attached_id", "arg_id_plus"),
    ("argument_attached_cls", "arg_cls_plus"),
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/textee")
}

fn fixture() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// (gold_num, pred_num, match_num) per TextEE metric, as hudna counts them.
fn hudna_counts(case_file: &str, counting: EventCounting) -> Vec<(u64, u64, u64)> {
    let (corpus, problems) = load_corpus(common::annotations()).unwrap();
    assert_eq!(problems.errors(), 0);
    let (mut ex, report) = FileExtractor::open(&[dir().join(case_file)], &corpus).unwrap();
    assert_eq!(report.errors(), 0, "{case_file}: {}", report.render_text());
    let collected = evaluate::collect(&corpus, &mut ex).unwrap();
    let opts = Options {
        event_counting: counting,
        resamples: 0,
        ..Options::default()
    };
    let total = score::aggregate(evaluate::score(&corpus, &collected, &opts).values());
    METRICS
        .iter()
        .map(|(_, scheme)| {
            let c = total.tallies[&(Layer::Events, *scheme)].overall;
            (c.possible(), c.actual(), c.correct)
        })
        .collect()
}

fn textee_counts(case: &Value) -> Vec<(u64, u64, u64)> {
    METRICS
        .iter()
        .map(|(m, _)| {
            let s = &case["scores"][m];
            let n = |k: &str| s[k].as_u64().unwrap();
            (n("gold_num"), n("pred_num"), n("match_num"))
        })
        .collect()
}

#[test]
fn the_fixture_was_made_on_this_gold() {
    let fx = fixture();
    for (doc, sha) in fx["meta"]["gold_sha256"].as_object().unwrap() {
        let bytes = std::fs::read(common::annotations().join(format!("{doc}.jsonl"))).unwrap();
        assert_eq!(
            sha256_hex(&bytes),
            sha.as_str().unwrap(),
            "{doc}.jsonl changed since the TextEE fixture was made: rerun tools/textee_fixture.sh"
        );
    }
}

#[test]
fn event_dedup_reproduces_textee_counts() {
    let fx = fixture();
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 12, "a dozen perturbations at least");
    let mut bad = Vec::new();
    for case in cases {
        let name = case["case"].as_str().unwrap();
        let ours = hudna_counts(case["file"].as_str().unwrap(), EventCounting::Sets);
        for ((metric, scheme), (o, t)) in METRICS.iter().zip(ours.iter().zip(textee_counts(case))) {
            if *o != t {
                bad.push(format!(
                    "{name} {metric} ({scheme}): hudna (gold, pred, match) {o:?}, TextEE {t:?}"
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The default one-to-one counting is deliberately not TextEE's: a repeated
/// event is spurious there. The fixture's `duplicate` case shows it.
#[test]
fn one_to_one_counting_charges_repeats() {
    let fx = fixture();
    let case = fx["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case"] == "duplicate")
        .expect("a duplicate case");
    let sets = hudna_counts(case["file"].as_str().unwrap(), EventCounting::Sets);
    let one = hudna_counts(case["file"].as_str().unwrap(), EventCounting::OneToOne);
    // Triggers: as many matched, more predicted.
    assert_eq!(one[1].2, sets[1].2);
    assert!(one[1].1 > sets[1].1, "{one:?} vs {sets:?}");
}
