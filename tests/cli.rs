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
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            format!(
                "{}: checked under the strict profile (it has a dataset card and kb.jsonl)\nvalid: no problems\n",
                gold.display()
            )
            .as_str()
        )
    );

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

/// Issue #13 case: `validate --format json` panicked (serde_json cannot
/// serialize a non-UTF-8 path) on a prediction file or a corpus directory
/// whose name is not UTF-8. The path is rendered lossily, as text output
/// renders it, and the command reports the problems as usual.
#[cfg(unix)]
#[test]
fn validate_json_with_a_non_utf8_path() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().unwrap();
    let preds = dir.path().join(OsStr::from_bytes(b"\xff.jsonl"));
    std::fs::write(&preds, b"{oops\n").unwrap();
    // A gold corpus in a directory whose name is not UTF-8, one bad line.
    let m = common::Mini::new();
    let corpus = dir.path().join(OsStr::from_bytes(b"gold-\xfe"));
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(m.path()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(corpus.join("doc-one.jsonl"), b"{oops\n").unwrap();

    for (target, name) in [(&preds, "\u{FFFD}.jsonl"), (&corpus, "gold-\u{FFFD}")] {
        let out = Command::new(env!("CARGO_BIN_EXE_hudna"))
            .arg("validate")
            .args(["--format", "json", "--gold"])
            .arg(common::annotations())
            .arg(target)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["valid"], false);
        let json = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "json")
            .expect("the JSON syntax error is listed");
        assert_eq!(json["line"], 1);
        let path = json["path"].as_str().unwrap();
        assert!(path.contains(name), "{path}");
    }
}

/// Issue #13 case: `hudna show` on gold that does not validate shows what
/// loaded — and panicked (subtract with overflow) on an entity whose span is
/// reversed (start after end) or runs past the text.
#[test]
fn show_survives_a_reversed_span_in_invalid_gold() {
    let m = common::Mini::new();
    let records = m
        .records()
        .replace(r#""start":6,"end":14"#, r#""start":14,"end":6"#)
        .replace(r#""start":52,"end":56"#, r#""start":52,"end":9000"#);
    assert!(records.contains(r#""start":14,"end":6"#));
    m.write("doc-one.jsonl", records.as_bytes());
    let (code, out, err) = hudna(&["show", "doc-one", "--dir", m.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("validation error"), "{err}");
    // Both entities are still listed, with their offsets as written.
    assert!(out.contains("[14, 6) «أذربيجان»"), "{out}");
    assert!(out.contains("[52, 9000) «باكو»"), "{out}");
}

/// Issue #11: `-o report.json` used to write the text table. The format
/// follows the output file's extension when `--format` is not given, for
/// every command that writes one; `--format` wins; an extension naming no
/// format gets text and a note; one naming a format the command cannot
/// write is an error (exit 2) before any work.
#[test]
fn the_format_follows_the_output_extension() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gold = common::annotations();
    let gold = gold.to_str().unwrap();
    let file = |name: &str| d.join(name).to_str().unwrap().to_owned();
    let read = |name: &str| std::fs::read_to_string(d.join(name)).unwrap();
    let score = |extra: &[&str]| {
        let mut args = vec![
            "score",
            "--gold",
            gold,
            "--extractor",
            "gold",
            "--resamples",
            "20",
        ];
        args.extend(extra);
        common::hudna_in(d, &args)
    };
    for (name, starts) in [
        ("r.json", "{\n  \"report\": \"hudna-score-report\""),
        ("R.JSON", "{\n  \"report\": \"hudna-score-report\""),
        (
            "r.csv",
            "doc,layer,scheme,label,metric,value,ci_low,ci_high\n",
        ),
        ("r.md", "### hudna score\n"),
        ("r.markdown", "### hudna score\n"),
        ("r.txt", "hudna score\n"),
        ("r", "hudna score\n"),
    ] {
        let (code, out, err) = score(&["-o", &file(name)]);
        assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""), "{name}");
        assert!(
            read(name).starts_with(starts),
            "{name}: {}",
            &read(name)[..40]
        );
    }
    // An explicit --format wins over the extension.
    let (code, _, _) = score(&["--format", "text", "-o", &file("t.json")]);
    assert_eq!(code, 0);
    assert!(read("t.json").starts_with("hudna score\n"));
    // An extension naming no format: text, and a note saying so.
    let (code, _, err) = score(&["-o", &file("r.jsn")]);
    assert_eq!(code, 0);
    assert!(read("r.jsn").starts_with("hudna score\n"));
    insta::assert_snapshot!("unknown_extension_note", err.replace(&file(""), "<dir>/"));

    // compare and merge follow the extension too.
    let (code, _, err) = common::hudna_in(
        d,
        &[
            "compare",
            "r.json",
            "r.json",
            "--resamples",
            "0",
            "--permutations",
            "0",
            "-o",
            "c.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let c: serde_json::Value = serde_json::from_str(&read("c.json")).unwrap();
    assert_eq!(c["comparison"], "hudna-compare");
    let (code, _, _) = common::hudna_in(
        d,
        &[
            "compare",
            "r.json",
            "r.json",
            "--resamples",
            "0",
            "--permutations",
            "0",
            "-o",
            "c.md",
        ],
    );
    assert_eq!(code, 0);
    assert!(read("c.md").starts_with("### hudna compare"));
    // A format the command does not write: refused before reading anything.
    let (code, out, err) =
        common::hudna_in(d, &["compare", "missing.json", "r.json", "-o", "c.csv"]);
    assert_eq!((code, out.as_str()), (2, ""));
    insta::assert_snapshot!("compare_cannot_write_csv", err);
    assert!(!d.join("c.csv").exists());
    for i in 1..=2 {
        let shard = format!("{i}/2");
        let (code, _, err) = score(&["--shard", &shard, "-o", &file(&format!("p{i}.json"))]);
        assert_eq!(code, 0, "{err}");
    }
    let (code, _, err) = common::hudna_in(d, &["merge", "p1.json", "p2.json", "-o", "m.json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read("m.json"), read("r.json"), "merged = one run, as JSON");
    // stats writes CSV for a .csv, and still takes `--format table`.
    let (code, _, _) = common::hudna_in(d, &["stats", gold, "-o", "s.csv"]);
    assert_eq!(code, 0);
    assert!(read("s.csv").starts_with("doc,"), "{}", read("s.csv"));
    let (code, out, _) = common::hudna_in(d, &["stats", gold, "--format", "table"]);
    assert_eq!(code, 0);
    assert!(!out.starts_with("doc,"));
    // Diagnostics take text or json only.
    let (code, _, err) = common::hudna_in(d, &["validate", gold, "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("[possible values: text, json]"), "{err}");
}

/// Parquet needs the `polars` feature and a file: without either, the
/// command says so before it scores anything.
#[cfg(not(feature = "polars"))]
#[test]
fn parquet_without_polars_is_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = common::hudna_in(
        dir.path(),
        &[
            "score",
            "--extractor",
            "file:/no/such/preds.jsonl",
            "-o",
            "r.parquet",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("parquet needs the `polars` feature"), "{err}");
    assert!(!dir.path().join("r.parquet").exists());
}
