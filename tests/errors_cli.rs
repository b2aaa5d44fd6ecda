//! `hudna score --errors FILE` and `hudna errors` end to end (issue #11):
//! the listing's outcomes, counted per layer, scheme and label, equal the
//! report's counts in every layer and scheme — for the baseline, under the
//! other event counting and boundary mode, and with refused predictions
//! scored as spurious (`--lenient`); a refused run leaves no listing; the
//! terminal view is pinned by snapshots.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::hudna_in;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

type Counts = BTreeMap<String, u64>;

/// Counts per (layer, scheme, label) from a listing, `micro` for the sum.
fn listed(path: &Path) -> BTreeMap<(String, String, String), Counts> {
    let mut out: BTreeMap<(String, String, String), Counts> = BTreeMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let layer = v["layer"].as_str().unwrap().to_owned();
        for (scheme, o) in v["outcomes"].as_object().unwrap() {
            let outcome = o["outcome"].as_str().unwrap().to_owned();
            let label = o["label"].as_str().unwrap().to_owned();
            for l in [label, "micro".to_owned()] {
                *out.entry((layer.clone(), scheme.clone(), l))
                    .or_default()
                    .entry(outcome.clone())
                    .or_default() += 1;
            }
        }
    }
    out
}

/// The same from a JSON report's metric rows.
fn reported(report: &serde_json::Value) -> BTreeMap<(String, String, String), Counts> {
    let mut out = BTreeMap::new();
    for row in report["metrics"].as_array().unwrap() {
        let Some(c) = row["counts"].as_object() else {
            continue; // macro rows carry no counts
        };
        let counts: Counts = c
            .iter()
            .filter(|(_, n)| n.as_u64() != Some(0))
            .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
            .collect();
        if counts.is_empty() {
            continue;
        }
        let key = |f: &str| row[f].as_str().unwrap().to_owned();
        out.insert((key("layer"), key("scheme"), key("label")), counts);
    }
    out
}

fn reconcile(extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (errors, report) = (dir.path().join("e.jsonl"), dir.path().join("r.json"));
    let mut args = vec![
        "score",
        "--resamples",
        "0",
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
        "--errors",
        errors.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, _, err) = hudna_in(root(), &args);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let (got, want) = (listed(&errors), reported(&report));
    assert_eq!(got, want, "listing vs report with {extra:?}");
    // Every layer and scheme took part.
    for layer in ["entities", "events", "casualties"] {
        assert!(got.keys().any(|k| k.0 == layer), "{layer} listed");
    }
    assert!(got.len() > 100);
}

#[test]
fn the_listing_adds_up_to_the_report() {
    reconcile(&[]);
}

#[test]
fn the_listing_adds_up_under_sets_and_token_boundaries() {
    reconcile(&["--event-dedup", "--boundary", "token", "--claim-victims"]);
}

#[test]
fn refused_predictions_are_listed_as_spurious_under_lenient() {
    let dir = tempfile::tempdir().unwrap();
    let preds = dir.path().join("p.jsonl");
    // One valid mention, one with a bad offset, one with an unknown kind
    // of field.
    let doc = "2020-10-01-minsk-group-calls-for-talks";
    std::fs::write(
        &preds,
        format!(
            "{{\"doc\":\"{doc}\",\"kind\":\"entity\",\"type\":\"GPE\",\"start\":20,\"end\":27,\"text\":\"قره باغ\"}}\n\
             {{\"doc\":\"{doc}\",\"kind\":\"entity\",\"type\":\"GPE\",\"start\":20,\"end\":26,\"text\":\"قره باغ\"}}\n"
        ),
    )
    .unwrap();
    let spec = format!("file:{}", preds.display());
    reconcile(&["--extractor", &spec, "--lenient"]);
    let errors = dir.path().join("e.jsonl");
    let (code, _, err) = hudna_in(
        root(),
        &[
            "score",
            "--extractor",
            &spec,
            "--resamples",
            "0",
            "--lenient",
            "--errors",
            errors.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&errors).unwrap();
    let rejected: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("\"rejected\""))
        .collect();
    assert_eq!(rejected.len(), 1, "{text}");
    assert!(rejected[0].contains("p.jsonl:2"), "{}", rejected[0]);
}

#[test]
fn a_refused_run_writes_no_listing() {
    let dir = tempfile::tempdir().unwrap();
    let preds = dir.path().join("p.jsonl");
    std::fs::write(
        &preds,
        "{\"doc\":\"2020-10-01-minsk-group-calls-for-talks\",\"kind\":\"entity\"}\n",
    )
    .unwrap();
    let errors = dir.path().join("e.jsonl");
    let spec = format!("file:{}", preds.display());
    let (code, _, _) = hudna_in(
        root(),
        &[
            "score",
            "--extractor",
            &spec,
            "--errors",
            errors.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(!errors.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the predictions remain: {left:?}");
}

#[test]
fn hudna_errors_filters_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    let errors = dir.path().join("e.jsonl");
    let e = errors.to_str().unwrap();
    let (code, _, err) = hudna_in(root(), &["score", "--resamples", "0", "--errors", e]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = hudna_in(
        root(),
        &[
            "errors",
            e,
            "--layer",
            "entities",
            "--scheme",
            "strict",
            "--outcome",
            "incorrect",
            "--limit",
            "3",
        ],
    );
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("errors_entities_incorrect", out);
    let (_, out, _) = hudna_in(
        root(),
        &["errors", e, "--layer", "casualties", "--limit", "2"],
    );
    insta::assert_snapshot!("errors_casualties", out);
    // --format jsonl passes matching lines through: all missed under claim.
    let (code, out, _) = hudna_in(
        root(),
        &[
            "errors",
            e,
            "--scheme",
            "claim",
            "--outcome",
            "missed",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(code, 0);
    assert!(!out.is_empty());
    for l in out.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["outcomes"]["claim"]["outcome"], "missed");
    }
    // A report given by mistake, a bad line, an unknown scheme.
    let (_, _, err) = hudna_in(root(), &["errors", "ci/baseline-report.json"]);
    insta::assert_snapshot!("errors_given_a_report", err);
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"doc\":1}\n").unwrap();
    let (code, _, err) = hudna_in(root(), &["errors", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.jsonl:1: /doc:"), "{err}");
    let (code, _, err) = hudna_in(root(), &["errors", e, "--scheme", "strictest"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("errors_unknown_scheme", err);
}

/// Each breakdown dimension's buckets sum to the scheme's micro counts,
/// in every layer and scheme, and the report still meets its schema.
#[test]
fn breakdowns_sum_to_the_headline_counts() {
    let (code, out, err) = hudna_in(
        root(),
        &[
            "score",
            "--resamples",
            "0",
            "--breakdowns",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(hudna::schema::committed("report.schema.json").unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let problems: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    let micro: BTreeMap<(String, String), Counts> = reported(&report)
        .into_iter()
        .filter(|(k, _)| k.2 == "micro")
        .map(|(k, v)| ((k.0, k.1), v))
        .collect();
    let mut sums: BTreeMap<(String, String, String), Counts> = BTreeMap::new();
    for row in report["breakdowns"].as_array().unwrap() {
        let key = (
            row["layer"].as_str().unwrap().to_owned(),
            row["scheme"].as_str().unwrap().to_owned(),
            row["dimension"].as_str().unwrap().to_owned(),
        );
        for (k, n) in row["counts"].as_object().unwrap() {
            if n.as_u64() != Some(0) {
                *sums
                    .entry(key.clone())
                    .or_default()
                    .entry(k.clone())
                    .or_default() += n.as_u64().unwrap();
            }
        }
    }
    let mut checked = 0;
    for ((layer, scheme, dim), c) in &sums {
        if dim == "figure" {
            assert_eq!(layer, "casualties");
        }
        assert_eq!(
            Some(c),
            micro.get(&(layer.clone(), scheme.clone())),
            "{layer} {scheme} {dim}"
        );
        checked += 1;
    }
    // Three dimensions in every scheme of every layer, four for figures.
    assert_eq!(checked, 3 * (6 + 10 + 2) + 2, "{sums:?}");
}
