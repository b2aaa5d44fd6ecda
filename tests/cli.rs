//! The binary's exit codes and output streams, as CI pipelines rely on them.

mod common;

use std::process::Command;

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

#[test]
fn validate_exit_codes() {
    let gold = common::annotations();
    let (code, out, _) = hudna(&["validate", gold.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, "valid: no problems\n"));

    let m = common::Mini::new();
    m.write("doc-one.jsonl", b"{oops\n");
    let (code, out, _) = hudna(&["validate", m.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("doc-one.jsonl:1: (record): error[json]"),
        "{out}"
    );

    let (code, _, err) = hudna(&["validate", "/nonexistent/dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/dir"), "{err}");
}

#[test]
fn validate_json_format_is_machine_readable() {
    let m = common::Mini::new();
    m.write("doc-one.jsonl", b"{oops\n");
    let (code, out, _) = hudna(&["validate", "--format", "json", m.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], false);
    let diags = v["diagnostics"].as_array().unwrap();
    let json = diags
        .iter()
        .find(|d| d["code"] == "json")
        .expect("the JSON syntax error is listed");
    assert_eq!(json["line"], 1);
    assert!(
        diags.iter().any(|d| d["code"] == "missing-document"),
        "and so is the consequence"
    );
}

#[test]
fn schema_check_passes_on_committed_schemas() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let (code, out, _) = hudna(&["schema", "--check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
}
