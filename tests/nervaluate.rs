//! `--matching greedy` reproduces nervaluate 1.2.1 exactly, and the default
//! optimal matching agrees with it wherever overlaps are one-to-one.
//!
//! The fixture was produced by nervaluate itself (`tools/nervaluate_fixture.sh`);
//! see `tests/fixtures/nervaluate/README.md`.

use hudna::score::counts::Counts;
use hudna::score::spans::{self, Matching, SchemeTallies, Span};
use serde_json::Value;

const NERVALUATE_SCHEMES: [&str; 4] = ["strict", "exact", "partial", "ent_type"];

fn spans(v: &Value) -> Vec<Span> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            Span::new(
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
                s["label"].as_str().unwrap(),
            )
        })
        .collect()
}

/// Scores a case's documents one by one and sums them, as the harness does.
fn score_case(case: &Value, matching: Matching) -> SchemeTallies {
    let mut total: SchemeTallies = Default::default();
    for d in case["docs"].as_array().unwrap() {
        let t = spans::score(&spans(&d["gold"]), &spans(&d["pred"]), matching);
        for (a, b) in total.iter_mut().zip(&t) {
            a.merge(b);
        }
    }
    total
}

fn check(case: &str, what: &str, ours: &Counts, half: bool, theirs: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let ints = [
        ("correct", ours.correct),
        ("incorrect", ours.incorrect),
        ("partial", ours.partial),
        ("missed", ours.missed),
        ("spurious", ours.spurious),
        ("possible", ours.possible()),
        ("actual", ours.actual()),
    ];
    for (name, v) in ints {
        if theirs[name].as_u64() != Some(v) {
            bad.push(format!(
                "{case} {what} {name}: hudna {v}, nervaluate {}",
                theirs[name]
            ));
        }
    }
    let prf = ours.prf(half);
    for (name, v) in [
        ("precision", prf.precision),
        ("recall", prf.recall),
        ("f1", prf.f1),
    ] {
        // Bit-for-bit: the same operations in the same order.
        if theirs[name].as_f64() != Some(v) {
            bad.push(format!(
                "{case} {what} {name}: hudna {v}, nervaluate {}",
                theirs[name]
            ));
        }
    }
    bad
}

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/nervaluate/cases.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn greedy_matching_reproduces_nervaluate() {
    let fx = fixture();
    assert_eq!(fx["meta"]["nervaluate_version"], "1.2.1");
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 300);
    let mut bad = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let ours = score_case(case, Matching::Greedy);
        for (i, scheme) in NERVALUATE_SCHEMES.iter().enumerate() {
            let half = *scheme == "partial";
            bad.extend(check(
                id,
                scheme,
                &ours[i].overall,
                half,
                &case["overall"][scheme],
            ));
            for (label, theirs) in case["per_label"].as_object().unwrap() {
                let c = ours[i].by_label.get(label).copied().unwrap_or_default();
                bad.extend(check(
                    id,
                    &format!("{scheme}/{label}"),
                    &c,
                    half,
                    &theirs[scheme],
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn optimal_matching_agrees_where_overlaps_are_one_to_one() {
    let fx = fixture();
    let mut n = 0;
    let mut bad = Vec::new();
    for case in fx["cases"].as_array().unwrap() {
        if case["overlap_free"] != true {
            continue;
        }
        n += 1;
        let id = case["id"].as_str().unwrap();
        let ours = score_case(case, Matching::Optimal);
        for (i, scheme) in NERVALUATE_SCHEMES.iter().enumerate() {
            let half = *scheme == "partial";
            bad.extend(check(
                id,
                scheme,
                &ours[i].overall,
                half,
                &case["overall"][scheme],
            ));
        }
    }
    assert!(n >= 100, "only {n} overlap-free cases");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn optimal_matching_ignores_list_order_where_greedy_does_not() {
    let fx = fixture();
    let mut order_sensitive = 0;
    for case in fx["cases"].as_array().unwrap() {
        let mut reversed = case.clone();
        for d in reversed["docs"].as_array_mut().unwrap() {
            for side in ["gold", "pred"] {
                d[side].as_array_mut().unwrap().reverse();
            }
        }
        let id = case["id"].as_str().unwrap();
        assert_eq!(
            score_case(case, Matching::Optimal),
            score_case(&reversed, Matching::Optimal),
            "{id}"
        );
        if score_case(case, Matching::Greedy) != score_case(&reversed, Matching::Greedy) {
            order_sensitive += 1;
        }
    }
    assert!(
        order_sensitive > 0,
        "the fixture should show greedy's order dependence"
    );
}
