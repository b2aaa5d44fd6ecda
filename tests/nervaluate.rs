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
        // Bit-for-bit: the same operations in the same order. Where a
        // denominator is 0 nervaluate says 0 and hudna undefined (None):
        // the one documented difference.
        if theirs[name].as_f64() != Some(v.unwrap_or(0.0)) {
            bad.push(format!(
                "{case} {what} {name}: hudna {v:?}, nervaluate {}",
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

/// `tests/fixtures/nervaluate/min_overlap.json`: the same kind of cases,
/// scored by nervaluate 1.2.1 at several `min_overlap_percentage` values.
fn min_overlap_fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/nervaluate/min_overlap.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn score_case_with(case: &Value, matching: Matching, min_overlap: f64) -> SchemeTallies {
    let mut total: SchemeTallies = Default::default();
    for d in case["docs"].as_array().unwrap() {
        let t = spans::score_with(
            &spans(&d["gold"]),
            &spans(&d["pred"]),
            matching,
            Some(min_overlap),
        );
        for (a, b) in total.iter_mut().zip(&t) {
            a.merge(b);
        }
    }
    total
}

/// The fixture's counts: [correct, incorrect, partial, missed, spurious,
/// possible, actual].
fn counts_of(c: &Counts) -> Vec<u64> {
    vec![
        c.correct,
        c.incorrect,
        c.partial,
        c.missed,
        c.spurious,
        c.possible(),
        c.actual(),
    ]
}

fn as_counts(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

#[test]
fn greedy_matching_reproduces_nervaluate_min_overlap_percentage() {
    let fx = min_overlap_fixture();
    assert_eq!(fx["meta"]["nervaluate_version"], "1.2.1");
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 300);
    let (mut bad, mut checked) = (Vec::new(), 0);
    for case in cases {
        let id = case["id"].as_str().unwrap();
        for run in case["by_min_overlap"].as_array().unwrap() {
            let t = run["min_overlap_percentage"].as_f64().unwrap();
            let ours = score_case_with(case, Matching::Greedy, t);
            for (i, scheme) in NERVALUATE_SCHEMES.iter().enumerate() {
                checked += 1;
                let theirs = as_counts(&run["overall"][scheme]);
                if counts_of(&ours[i].overall) != theirs {
                    bad.push(format!(
                        "{id} @{t}% {scheme}: hudna {:?}, nervaluate {theirs:?}",
                        counts_of(&ours[i].overall)
                    ));
                }
                for (label, per) in run["per_label"].as_object().unwrap() {
                    let c = ours[i].by_label.get(label).copied().unwrap_or_default();
                    let theirs = as_counts(&per[scheme]);
                    if counts_of(&c) != theirs {
                        bad.push(format!(
                            "{id} @{t}% {scheme}/{label}: hudna {:?}, nervaluate {theirs:?}",
                            counts_of(&c)
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Whether, at threshold `t`, every gold and every predicted span of every
/// document overlaps at most one span of the other side (the test's own
/// reading of nervaluate's rule: shared length / gold length × 100 ≥ t).
fn one_to_one_at(case: &Value, t: f64) -> bool {
    case["docs"].as_array().unwrap().iter().all(|d| {
        let (g, p) = (spans(&d["gold"]), spans(&d["pred"]));
        let hit = |a: &Span, b: &Span| {
            let ov = a.end.min(b.end).saturating_sub(a.start.max(b.start));
            ov > 0 && (ov as f64 / (a.end - a.start) as f64) * 100.0 >= t
        };
        g.iter()
            .all(|x| p.iter().filter(|y| hit(x, y)).count() <= 1)
            && p.iter()
                .all(|y| g.iter().filter(|x| hit(x, y)).count() <= 1)
    })
}

#[test]
fn optimal_matching_honours_min_overlap_where_pairs_are_forced() {
    let fx = min_overlap_fixture();
    let (mut n, mut bad) = (0, Vec::new());
    for case in fx["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        for run in case["by_min_overlap"].as_array().unwrap() {
            let t = run["min_overlap_percentage"].as_f64().unwrap();
            if !one_to_one_at(case, t) {
                continue;
            }
            n += 1;
            let ours = score_case_with(case, Matching::Optimal, t);
            for (i, scheme) in NERVALUATE_SCHEMES.iter().enumerate() {
                let theirs = as_counts(&run["overall"][scheme]);
                if counts_of(&ours[i].overall) != theirs {
                    bad.push(format!(
                        "{id} @{t}% {scheme}: hudna {:?}, nervaluate {theirs:?}",
                        counts_of(&ours[i].overall)
                    ));
                }
            }
        }
    }
    assert!(n >= 300, "only {n} forced (case, threshold) pairs");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
