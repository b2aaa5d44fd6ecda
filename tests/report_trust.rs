//! A report read back from a file is trusted only as far as its counts
//! (issue #13, "trusting numbers it did not compute"): `gate` and `compare`
//! refuse a report whose metrics, intervals or values do not follow from its
//! per-document counts, whose scheme is unknown, or whose counts are absurd.

mod common;
mod scenarios;

use hudna::compare::NamedReport;
use scenarios::Scenarios;
use serde_json::{Value, json};

/// Writes `edit(report)` to a file and reads it back; the error, if any.
fn read_edited(edit: impl Fn(&mut Value)) -> Result<(), String> {
    let s = Scenarios::new();
    let mut v = serde_json::to_value(s.one_doc_worse()).unwrap();
    edit(&mut v);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    NamedReport::read(&path).map(|_| ()).map_err(|e| {
        e.to_string()
            .replace(&*path.to_string_lossy(), "report.json")
    })
}

fn metric_row<'a>(v: &'a mut Value, path: &str) -> &'a mut Value {
    let parts: Vec<&str> = path.split('.').collect();
    v["metrics"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["layer"] == parts[0] && m["scheme"] == parts[1] && m["label"] == parts[2])
        .unwrap()
}

#[test]
fn an_untouched_report_reads_back() {
    assert_eq!(read_edited(|_| {}), Ok(()));
}

#[test]
fn an_f1_of_five_is_refused() {
    let err =
        read_edited(|v| metric_row(v, "entities.strict.micro")["f1"] = json!(5.0)).unwrap_err();
    insta::assert_snapshot!("f1_of_five", err);
}

#[test]
fn a_huge_f1_in_a_macro_row_is_refused() {
    let err = read_edited(|v| metric_row(v, "events.trigger_cls.macro")["f1"] = json!(1e308))
        .unwrap_err();
    assert!(err.contains("events.trigger_cls.macro"), "{err}");
}

#[test]
fn counts_near_u64_max_are_refused() {
    let err = read_edited(|v| {
        v["documents"][0]["counts"][0]["counts"]["correct"] = json!(u64::MAX - 1);
    })
    .unwrap_err();
    insta::assert_snapshot!("count_near_u64_max", err);
}

#[test]
fn an_unknown_scheme_is_refused() {
    let err = read_edited(|v| {
        metric_row(v, "entities.strict.micro")["scheme"] = json!("stricter");
        v["documents"][0]["counts"][0]["scheme"] = json!("stricter");
    })
    .unwrap_err();
    insta::assert_snapshot!("unknown_scheme", err);
}

#[test]
fn totals_that_are_not_the_sum_of_the_documents_are_refused() {
    let err = read_edited(|v| {
        let row = metric_row(v, "entities.strict.micro");
        row["counts"]["correct"] = json!(row["counts"]["correct"].as_u64().unwrap() + 1);
    })
    .unwrap_err();
    assert!(
        err.contains("not the sum of the documents' counts"),
        "{err}"
    );
}

#[test]
fn an_interval_the_counts_do_not_give_is_refused() {
    let err = read_edited(|v| {
        metric_row(v, "entities.strict.micro")["ci"]["f1"] = json!([0.0, 1.0]);
    })
    .unwrap_err();
    assert!(err.contains("f1 interval"), "{err}");
}
