//! `hudna compare`: deltas recomputed from per-document counts, the paired
//! bootstrap and the randomization test checked by hand on two documents,
//! the outputs pinned by snapshots, and the refusals (other gold, other
//! options, other documents) with their messages.

mod common;
mod scenarios;

use std::path::Path;
use std::process::Command;

use hudna::compare::{self, NamedReport, ReportError, Settings, Target};
use hudna::report::{MACRO, MICRO, ScoreReport};
use hudna::score::{Boundary, Layer, Options};
use scenarios::{Scenarios, rounded};

fn settings() -> Settings {
    Settings {
        resamples: 300,
        permutations: 300,
        seed: 11,
        top: 5,
    }
}

fn named(name: &str, r: &ScoreReport) -> NamedReport {
    NamedReport::new(name, r.clone())
}

#[test]
fn compare_is_pinned_by_snapshots() {
    let s = Scenarios::new();
    let (a, b) = (s.both_docs_worse(), s.perfect());
    let c = compare::compare(&named("a.json", &a), &named("b.json", &b), &settings()).unwrap();
    insta::assert_snapshot!("worse_vs_perfect_text", compare::to_text(&c));
    insta::assert_snapshot!("worse_vs_perfect_markdown", compare::to_markdown(&c));
    let json: serde_json::Value = serde_json::from_str(&compare::to_json(&c)).unwrap();
    insta::assert_json_snapshot!("worse_vs_perfect_json", rounded(json));
}

#[test]
fn deltas_are_recomputed_from_documents_and_agree_with_the_reports() {
    // Every row a report has — micro, macro and per label — recomputed from
    // the per-document counts alone gives the report's own point values.
    let s = Scenarios::new();
    let (a, b) = (s.both_docs_worse(), s.one_doc_worse());
    let targets: Vec<Target> = a
        .metrics
        .iter()
        .map(|m| Target {
            layer: m.layer,
            scheme: m.scheme.clone(),
            label: m.label.clone(),
        })
        .collect();
    let no_resampling = Settings {
        resamples: 0,
        permutations: 0,
        ..settings()
    };
    let deltas = compare::paired(&a, &b, &targets, &no_resampling).unwrap();
    assert!(targets.iter().any(|t| t.label == MACRO));
    for (t, d) in targets.iter().zip(&deltas) {
        for metric in ["precision", "recall", "f1"] {
            let want_a = a.row(t.layer, &t.scheme, &t.label).unwrap().get(metric);
            // A label B lacks has no item there: every metric undefined.
            let want_b = b
                .row(t.layer, &t.scheme, &t.label)
                .and_then(|r| r.get(metric));
            let got = d.get(metric).unwrap();
            let same = |x: Option<f64>, y: Option<f64>| match (x, y) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-12,
                (x, y) => x == y,
            };
            assert!(
                same(got.a, want_a),
                "{t} {metric}: A {:?} vs {want_a:?}",
                got.a
            );
            assert!(
                same(got.b, want_b),
                "{t} {metric}: B {:?} vs {want_b:?}",
                got.b
            );
            let delta = want_a.zip(want_b).map(|(x, y)| y - x);
            assert!(
                same(got.delta, delta),
                "{t} {metric}: Δ undefined with a side"
            );
            assert_eq!(got.ci, None);
            assert_eq!(got.p_value, None);
        }
    }
}

#[test]
fn against_an_empty_system_the_paired_interval_is_the_reports_own() {
    // An extractor that predicts nothing has no precision (undefined:
    // nothing predicted), so no precision delta either; its recall is 0
    // exactly where the gold has an item, where B's recall is defined too,
    // so with the report's own seed and resamples the paired recall
    // interval of B − empty must be B's stored interval, macro rows
    // included: the bootstrap here and in `report::build` make the same
    // choices. So must the F1 interval, on rows where B predicts nothing in
    // a document without gold (elsewhere B's F1 exists in resamples where
    // the empty system's does not).
    let s = Scenarios::new();
    let empty = s.report("empty", Default::default());
    let b = s.one_doc_worse();
    let opts = scenarios::options();
    let settings = Settings {
        resamples: opts.resamples,
        permutations: 0,
        seed: opts.seed,
        top: 0,
    };
    let targets: Vec<Target> = b
        .metrics
        .iter()
        .map(|m| Target {
            layer: m.layer,
            scheme: m.scheme.clone(),
            label: m.label.clone(),
        })
        .collect();
    let deltas = compare::paired(&empty, &b, &targets, &settings).unwrap();
    // Whether every document where B has an item of the row's column (the
    // scheme's micro column for a macro row) has a gold item there.
    let gold_wherever_b_predicts = |t: &Target| {
        let label = if t.label == MACRO { MICRO } else { &t.label };
        b.documents.iter().all(|d| {
            d.unwrap()
                .counts
                .iter()
                .filter(|c| c.layer == t.layer && c.scheme == t.scheme && c.label == label)
                .all(|c| c.counts.actual() == 0 || c.counts.possible() > 0)
        })
    };
    let mut checked_f1 = 0;
    for (t, d) in targets.iter().zip(&deltas) {
        let row = b.row(t.layer, &t.scheme, &t.label).unwrap();
        assert_eq!(
            d.precision.a, None,
            "{t}: the empty system predicted nothing"
        );
        assert_eq!((d.precision.delta, d.precision.ci), (None, None), "{t}");
        for metric in ["recall", "f1"] {
            let got = d.get(metric).unwrap();
            if metric == "f1" && !gold_wherever_b_predicts(t) {
                continue;
            }
            checked_f1 += usize::from(metric == "f1");
            if row.get(metric).is_some() {
                assert_eq!(got.a, Some(0.0), "{t} {metric}");
            }
            let want = row.ci.and_then(|c| c.get(metric));
            match (got.ci, want) {
                (Some([lo, hi]), Some([wl, wh])) => assert!(
                    (lo - wl).abs() < 1e-12 && (hi - wh).abs() < 1e-12,
                    "{t} {metric}: [{lo}, {hi}] vs the report's [{wl}, {wh}]"
                ),
                (got, want) => assert_eq!(got, want, "{t} {metric}"),
            }
        }
    }
    assert!(checked_f1 > 10, "{checked_f1} F1 rows checked");
}

#[test]
fn paired_bootstrap_and_randomization_by_hand_on_two_documents() {
    // entities.strict: A mistypes one entity in each document (doc-one has
    // 2 entities, doc-two 6), B is perfect.
    //   bootstrap draws: doc-one twice → F1 0.5 vs 1 (Δ 0.5); one of each →
    //   0.75 vs 1 (Δ 0.25); doc-two twice → 5/6 vs 1 (Δ 1/6). The 95%
    //   interval spans the two extremes.
    //   randomization: swapping both or neither gives |Δ| = 0.25; swapping
    //   one document gives 7/8 on both sides (Δ 0), so p ≈ ½.
    let s = Scenarios::new();
    let (a, b) = (s.both_docs_worse(), s.perfect());
    let t = Target {
        layer: hudna::score::Layer::Entities,
        scheme: "strict".into(),
        label: MICRO.into(),
    };
    let settings = Settings {
        resamples: 2000,
        permutations: 2000,
        ..settings()
    };
    let d = compare::paired(&a, &b, &[t], &settings)
        .unwrap()
        .remove(0)
        .f1;
    assert!((d.delta.unwrap() - 0.25).abs() < 1e-12);
    let [lo, hi] = d.ci.unwrap();
    assert!((lo - 1.0 / 6.0).abs() < 1e-12, "{lo}");
    assert!((hi - 0.5).abs() < 1e-12, "{hi}");
    let p = d.p_value.unwrap();
    assert!((0.45..0.55).contains(&p), "{p}");
    assert_eq!(compare::p_floor(2), Some(0.5));
}

#[test]
fn identical_reports_differ_by_nothing() {
    let s = Scenarios::new();
    let a = s.one_doc_worse();
    let c = compare::compare(&named("a.json", &a), &named("b.json", &a), &settings()).unwrap();
    for m in &c.metrics {
        for d in [&m.precision, &m.recall, &m.f1] {
            assert_eq!(d.delta, Some(0.0));
            if let Some([lo, hi]) = d.ci {
                assert_eq!((lo, hi), (0.0, 0.0), "{}.{}", m.scheme, m.label);
            }
            assert_eq!(d.p_value, Some(1.0), "no round can be less extreme than 0");
        }
    }
    assert!(c.documents.is_empty() && c.labels.is_empty());
    assert!(compare::to_text(&c).contains("(no document changed)"));
}

#[test]
fn the_same_seed_gives_the_same_output() {
    let s = Scenarios::new();
    let (a, b) = (
        named("a.json", &s.one_doc_worse()),
        named("b.json", &s.perfect()),
    );
    let one = compare::to_json(&compare::compare(&a, &b, &settings()).unwrap());
    let two = compare::to_json(&compare::compare(&a, &b, &settings()).unwrap());
    assert_eq!(one, two);
}

#[test]
fn the_documents_and_labels_that_changed_most() {
    let s = Scenarios::new();
    let c = compare::compare(
        &named("a.json", &s.perfect()),
        &named("b.json", &s.one_doc_worse()),
        &settings(),
    )
    .unwrap();
    // Only doc-two changed, and only on entities.
    assert_eq!(c.documents.len(), 1);
    let d = &c.documents[0];
    assert_eq!(d.doc, "doc-two");
    assert!((d.schemes[0].delta.unwrap() - (5.0 / 6.0 - 1.0)).abs() < 1e-12);
    assert_eq!(d.schemes[1].delta, Some(0.0));
    // The mistyped OCC entity: OCC lost its only item; NORP (its next type)
    // gained a spurious one.
    let labels: Vec<(&str, f64)> = c
        .labels
        .iter()
        .map(|l| (l.label.as_str(), l.delta))
        .collect();
    assert_eq!(labels[0].0, "OCC");
    assert_eq!(labels[0].1, -1.0);
    assert!(labels.iter().all(|(_, d)| *d != 0.0));
}

fn refusal(a: &ScoreReport, b: &ScoreReport) -> String {
    match compare::compare(&named("a.json", a), &named("b.json", b), &settings()) {
        Err(e @ ReportError::Incompatible(_)) => e.to_string(),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("compared incomparable reports"),
    }
}

#[test]
fn refuses_reports_on_other_gold_options_or_documents() {
    let s = Scenarios::new();
    let a = s.perfect();

    let mut other_gold = a.clone();
    other_gold.dataset.fingerprint = "f".repeat(64);
    other_gold.dataset.version = Some("0.2.0".into());
    insta::assert_snapshot!("refuses_other_gold", refusal(&a, &other_gold));

    let token = s.report_with(
        "token",
        s.gold(),
        &Options {
            boundary: Boundary::Token,
            ..scenarios::options()
        },
    );
    insta::assert_snapshot!("refuses_other_options", refusal(&a, &token));

    let claim_victims = s.report_with(
        "victims",
        s.gold(),
        &Options {
            claim_victims: true,
            ..scenarios::options()
        },
    );
    assert!(refusal(&a, &claim_victims).contains("`options.claim_victims` differs"));

    let mut fewer = a.clone();
    fewer.documents.retain(|d| d.doc != "doc-two").unwrap();
    insta::assert_snapshot!("refuses_other_documents", refusal(&a, &fewer));

    // Resamples and seed only change a report's own intervals: accepted.
    let reseeded = s.report_with(
        "reseeded",
        s.gold(),
        &Options {
            resamples: 10,
            seed: 3,
            ..Options::default()
        },
    );
    assert!(
        compare::compare(
            &named("a.json", &a),
            &named("b.json", &reseeded),
            &settings()
        )
        .is_ok()
    );
}

/// Reports on different layer sets (`hudna score --layers`) are compared on
/// the layers both scored, and the output names the others; with no layer
/// in common, the comparison is refused.
#[test]
fn reports_on_other_layers_are_compared_on_the_common_ones() {
    let s = Scenarios::new();
    let all = s.one_doc_worse();
    let entities = s.report_layers(
        "entities",
        s.retyped(&[("doc-one", "e2")]),
        &[Layer::Entities],
    );
    let c = compare::compare(
        &named("a.json", &all),
        &named("b.json", &entities),
        &settings(),
    )
    .unwrap();
    assert_eq!(c.layers, [Layer::Entities]);
    assert_eq!(c.only_in_a, [Layer::Events, Layer::Casualties]);
    assert!(c.only_in_b.is_empty());
    assert!(c.metrics.iter().all(|m| m.layer == Layer::Entities));
    assert!(c.labels.iter().all(|l| l.layer == Layer::Entities));
    assert!(c.documents.iter().all(|d| d.schemes.len() == 1));
    let text = compare::to_text(&c);
    assert!(
        text.contains(
            "note: only A scored events, casualties (--layers): not compared; compared: entities"
        ),
        "{text}"
    );
    assert!(!text.contains("\nevents\n"), "{text}");
    let md = compare::to_markdown(&c);
    assert!(
        md.contains("| document | entities.strict F1 |\n| :-- | --: |\n"),
        "one column per compared primary scheme: {md}"
    );

    let casualties = s.report_layers("casualties", s.gold(), &[Layer::Casualties]);
    insta::assert_snapshot!("refuses_no_common_layer", refusal(&entities, &casualties));
}

/// A delta with an undefined side is undefined, not a change from 0: a
/// system that predicts no events has no event precision, so its ΔP is
/// `—`, while its event F1 (0) still compares.
#[test]
fn a_delta_with_an_undefined_side_is_undefined() {
    let s = Scenarios::new();
    let (a, b) = (s.report("entities-only", s.entities_only()), s.perfect());
    let c = compare::compare(&named("a.json", &a), &named("b.json", &b), &settings()).unwrap();
    let row = c
        .metrics
        .iter()
        .find(|m| m.layer == Layer::Events && m.scheme == "trigger_cls" && m.label == MICRO)
        .unwrap();
    assert_eq!(
        (row.precision.a, row.precision.b, row.precision.delta),
        (None, Some(1.0), None)
    );
    assert_eq!((row.precision.ci, row.precision.p_value), (None, None));
    assert_eq!(row.f1.delta, Some(1.0));
    assert!(row.f1.ci.is_some() && row.f1.p_value.is_some());
    let text = compare::to_text(&c);
    let line = text
        .lines()
        .find(|l| l.starts_with("trigger_cls "))
        .unwrap();
    assert_eq!(line.split_whitespace().nth(8), Some("—"), "ΔP: {line}");
    assert!(
        text.contains("— undefined: ΔP where A or B predicted nothing"),
        "{text}"
    );
}

fn hudna(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hudna"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_line() {
    let s = Scenarios::new();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.json"), s.both_docs_worse().to_json().unwrap()).unwrap();
    std::fs::write(d.join("b.json"), s.perfect().to_json().unwrap()).unwrap();
    let token = s.report_with(
        "token",
        s.gold(),
        &Options {
            boundary: Boundary::Token,
            ..scenarios::options()
        },
    );
    std::fs::write(d.join("token.json"), token.to_json().unwrap()).unwrap();
    std::fs::write(d.join("notes.txt"), "not json").unwrap();
    let fast = [
        "--resamples",
        "300",
        "--permutations",
        "300",
        "--seed",
        "11",
        "--top",
        "5",
    ];
    let with = |extra: &[&str]| {
        let mut v = vec!["compare", "a.json", "b.json"];
        v.extend(fast);
        v.extend(extra);
        hudna(&v, d)
    };

    // The binary prints what the library renders.
    let (code, out, err) = with(&[]);
    assert_eq!(code, 0, "{err}");
    let c = compare::compare(
        &NamedReport::read(&d.join("a.json")).unwrap(),
        &NamedReport::read(&d.join("b.json")).unwrap(),
        &settings(),
    )
    .unwrap();
    let lib_text = compare::to_text(&c).replace(&d.join("a.json").display().to_string(), "a.json");
    let lib_text = lib_text.replace(&d.join("b.json").display().to_string(), "b.json");
    assert_eq!(out, lib_text);

    let (code, out, _) = with(&["--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["comparison"], "hudna-compare");
    assert_eq!(v["settings"]["resamples"], 300);

    let (code, _, _) = with(&["--format", "markdown", "--output", "cmp.md"]);
    assert_eq!(code, 0);
    assert!(
        std::fs::read_to_string(d.join("cmp.md"))
            .unwrap()
            .starts_with("### hudna compare")
    );

    // Refusals and bad input exit 2 with a message naming the files.
    let (code, out, err) = hudna(&["compare", "a.json", "token.json"], d);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("cannot compare a.json with token.json: `options.boundary` differs"),
        "{err}"
    );
    let (code, _, err) = hudna(&["compare", "a.json", "notes.txt"], d);
    assert_eq!(code, 2);
    assert!(
        err.contains("notes.txt: not a hudna score report: invalid JSON"),
        "{err}"
    );
    let (code, _, err) = hudna(&["compare", "a.json", "missing.json"], d);
    assert_eq!(code, 2);
    assert!(err.contains("missing.json: "), "{err}");
}
