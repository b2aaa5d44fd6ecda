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

/// `null` is accepted exactly where the counts leave a ratio undefined:
/// a precision without predictions must be null, and a null precision where
/// something was predicted is refused; so are the intervals and the
/// casualty value statistics.
#[test]
fn null_is_accepted_where_the_counts_say_undefined_and_nowhere_else() {
    let s = Scenarios::new();
    let entities_only = serde_json::to_value(s.report("entities-only", s.entities_only())).unwrap();
    let read = |v: &Value| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
        NamedReport::read(&path).map(|_| ()).map_err(|e| {
            e.to_string()
                .replace(&*path.to_string_lossy(), "report.json")
        })
    };
    assert_eq!(
        read(&entities_only),
        Ok(()),
        "its nulls follow from its counts"
    );
    let mut errors = Vec::new();
    // A 0 where nothing was predicted.
    let mut v = entities_only.clone();
    metric_row(&mut v, "events.trigger_cls.micro")["precision"] = json!(0.0);
    errors.push(read(&v).unwrap_err());
    // A null where the counts give a value.
    let mut v = entities_only.clone();
    metric_row(&mut v, "entities.strict.micro")["recall"] = Value::Null;
    errors.push(read(&v).unwrap_err());
    // A macro precision of 0 where no label has a prediction.
    let mut v = entities_only.clone();
    metric_row(&mut v, "casualties.claim.macro")["precision"] = json!(0.0);
    errors.push(read(&v).unwrap_err());
    // An interval for an undefined precision.
    let mut v = entities_only.clone();
    metric_row(&mut v, "events.trigger_id.micro")["ci"]["precision"] = json!([0.0, 0.0]);
    errors.push(read(&v).unwrap_err());
    // A mean error of 0 where no casualty claim matched.
    let mut v = entities_only.clone();
    v["casualty_values"]["mean_abs_error"] = json!(0.0);
    errors.push(read(&v).unwrap_err());
    insta::assert_snapshot!("nulls_follow_from_counts", errors.join("\n"));
}

/// A report's rows and counts are of the layers it says it scored.
#[test]
fn rows_of_a_layer_not_scored_are_refused() {
    let err = read_edited(|v| {
        v["layers"] = json!(["entities", "casualties"]);
    })
    .unwrap_err();
    assert!(
        err.contains(
            "layer `events` is not among the layers the report scored (entities, casualties)"
        ),
        "{err}"
    );
    let err =
        read_edited(|v| v["layers"] = json!(["events", "entities", "casualties"])).unwrap_err();
    assert!(err.contains("not in report order"), "{err}");
}

/// A version-2 report (zeros where ratios are undefined) is refused with
/// what changed and a rescore hint, as version 1 was.
#[test]
fn a_version_2_report_is_refused_with_a_rescore_hint() {
    let err = read_edited(|v| v["report_version"] = json!(2)).unwrap_err();
    assert_eq!(
        err,
        "report.json: not a hudna score report: report_version 2, but this hudna reads version 3 (version 3 reports an undefined ratio as null instead of 0, and lists the layers scored); rescore with this version"
    );
}
