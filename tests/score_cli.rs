//! `hudna score` end to end: the oracle, the default main job, prediction
//! files (strict and --lenient), missing documents, and the command protocol
//! exercised with the Python example and with programs that misbehave.

mod common;

use std::path::Path;
use std::process::Command;

fn hudna(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hudna"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

#[test]
fn the_gold_oracle_scores_one_everywhere() {
    let (code, out, err) = hudna(&[
        "score",
        "--extractor",
        "gold",
        "--format",
        "json",
        "--resamples",
        "50",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    let rows = r["metrics"].as_array().unwrap();
    assert!(rows.len() > 50);
    for row in rows {
        for m in ["precision", "recall", "f1"] {
            assert_eq!(
                row[m], 1.0,
                "{} {} {} {m}",
                row["layer"], row["scheme"], row["label"]
            );
        }
    }
    assert_eq!(r["casualty_values"]["exact_accuracy"], 1.0);
    // Intervals too: no resample can make the oracle look worse (a label
    // absent from a resample is left out, not counted as 0).
    for row in rows {
        for m in ["precision", "recall", "f1"] {
            assert_eq!(
                row["ci"][m],
                serde_json::json!([1.0, 1.0]),
                "{} {} {}",
                row["scheme"],
                row["label"],
                m
            );
        }
    }
    // And the terminal table says so for every scheme of every layer.
    let (_, text, _) = hudna(&["score", "--extractor", "gold", "--resamples", "0"]);
    let scheme_lines: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "entities")
        .take_while(|l| !l.starts_with("casualty claims"))
        .filter(|l| l.split_whitespace().count() >= 11)
        .filter(|l| !l.starts_with("scheme"))
        .collect();
    let schemes: usize = hudna::score::Layer::ALL
        .iter()
        .map(|l| l.schemes().len())
        .sum();
    assert_eq!(scheme_lines.len(), schemes);
    for l in scheme_lines {
        let f1 = l.split_whitespace().nth(10).unwrap();
        assert_eq!(f1, "1.000", "{l}");
    }
}

#[test]
fn the_main_job_runs_the_baseline_with_no_arguments() {
    let (code, out, err) = hudna(&["score"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("extractor baseline"), "{out}");
    assert!(out.contains("entities") && out.contains("casualties"));
}

#[test]
fn bad_predictions_are_refused_unless_lenient() {
    let m = common::Mini::new();
    let pd = tempfile::tempdir().unwrap();
    let preds = pd.path().join("preds.jsonl");
    std::fs::write(
        &preds,
        concat!(
            r#"{"kind":"entity","doc":"doc-one","type":"GPE","start":6,"end":14,"text":"أذربيجان"}"#,
            "\n",
            r#"{"kind":"entity","doc":"doc-one","type":"GPE","start":52,"end":600,"text":"باكو"}"#,
            "\n",
            r#"{"kind":"casualty","doc":"doc-one","category":"killed","count":{"value":"eight"}}"#,
            "\n",
            r#"{"kind":"entity","doc":"doc-nine","type":"GPE","text":"باكو"}"#,
            "\n",
        ),
    )
    .unwrap();
    let gold = m.path().to_str().unwrap();
    let spec = format!("file:{}", preds.display());
    let (code, out, err) = hudna(&["score", "--gold", gold, "--extractor", &spec]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "nothing is scored");
    insta::assert_snapshot!(
        "score_refuses_bad_predictions",
        err.replace(&pd.path().display().to_string(), "<preds>")
    );
    let (code, out, err) = hudna(&[
        "score",
        "--gold",
        gold,
        "--extractor",
        &spec,
        "--lenient",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("3 invalid predicted record(s) dropped"),
        "{err}"
    );
    let r = json(&out);
    assert_eq!(r["coverage"]["rejected_records"], 3);
    let strict = r["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["layer"] == "entities" && m["scheme"] == "strict" && m["label"] == "micro")
        .unwrap();
    // One right entity, the out-of-range one spurious (the unknown-doc line
    // has no gold document to count against).
    assert_eq!(strict["counts"]["correct"], 1);
    assert_eq!(strict["counts"]["spurious"], 1);
    let claims = r["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["layer"] == "casualties" && m["scheme"] == "claim" && m["label"] == "micro")
        .unwrap();
    assert_eq!(
        claims["counts"]["spurious"], 1,
        "the unreadable count is a spurious claim"
    );
}

#[test]
fn documents_without_predictions_count_as_missed_and_are_listed() {
    let m = common::two_docs();
    let pd = tempfile::tempdir().unwrap();
    let preds = pd.path().join("preds.jsonl");
    std::fs::write(
        &preds,
        r#"{"kind":"entity","doc":"doc-one","type":"GPE","start":6,"end":14,"text":"أذربيجان"}"#,
    )
    .unwrap();
    let gold = m.path().to_str().unwrap();
    let spec = format!("file:{}", preds.display());
    let (code, out, err) = hudna(&[
        "score",
        "--gold",
        gold,
        "--extractor",
        &spec,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(
        r["coverage"]["without_predictions"],
        serde_json::json!(["doc-two"])
    );
    let strict = &r["metrics"][0];
    assert_eq!(
        (
            strict["counts"]["correct"].as_u64(),
            strict["counts"]["missed"].as_u64()
        ),
        (Some(1), Some(7))
    );
    let (_, text, _) = hudna(&["score", "--gold", gold, "--extractor", &spec]);
    assert!(
        text.contains("note: 1 of 2 documents had no predictions and count as all-missed: doc-two"),
        "{text}"
    );
}

#[test]
fn the_python_example_speaks_the_protocol() {
    let m = common::two_docs();
    let gold = m.path().to_str().unwrap();
    let (code, out, err) = hudna(&[
        "score",
        "--gold",
        gold,
        "--extractor",
        "command:python3 examples/extractor.py",
        "--format",
        "json",
        "--resamples",
        "0",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["extractor"], "command:python3 examples/extractor.py");
    let by = |scheme: &str| {
        r["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["layer"] == "entities" && m["scheme"] == scheme && m["label"] == "micro")
            .unwrap()["counts"]
            .clone()
    };
    // It knows أذربيجان، باكو، روسيا، تركيا (4 of the 8 gold mentions, the
    // last behind a proclitic) and nothing else.
    assert_eq!(by("strict")["correct"], 4);
    assert_eq!(by("strict")["spurious"], 0);
    assert_eq!(by("set_ref")["correct"], 4);
}

/// Runs a misbehaving program as the extractor; returns (exit code, stderr).
fn misbehave(program: &str, extra: &[&str]) -> (i32, String) {
    let m = common::two_docs();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("x.py");
    std::fs::write(&script, program).unwrap();
    let spec = format!("command:python3 {}", script.display());
    let mut args = vec![
        "score",
        "--gold",
        m.path().to_str().unwrap(),
        "--extractor",
        &spec,
    ];
    args.extend(extra);
    let (code, _, err) = hudna(&args);
    (code, err.replace(&script.display().to_string(), "x.py"))
}

const HEAD: &str = "import sys, json\n";

#[test]
fn a_crash_names_the_document_and_quotes_stderr() {
    let (code, err) = misbehave(
        &format!(
            "{HEAD}for line in sys.stdin:\n    print('model failed to load: CUDA error', file=sys.stderr)\n    sys.exit(3)\n"
        ),
        &[],
    );
    assert_eq!(code, 2);
    insta::assert_snapshot!("command_crash", err);
}

#[test]
fn a_slow_program_times_out() {
    let (code, err) = misbehave(
        &format!("{HEAD}import time\nfor line in sys.stdin:\n    time.sleep(30)\n"),
        &["--timeout", "0.5"],
    );
    assert_eq!(code, 2);
    insta::assert_snapshot!("command_timeout", err);
}

#[test]
fn malformed_answers_are_errors_not_zeros() {
    let not_json =
        format!("{HEAD}for line in sys.stdin:\n    print('OK, here you go', flush=True)\n");
    let (code, err) = misbehave(&not_json, &[]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("command_not_json", err);

    let wrong_doc = format!(
        "{HEAD}for line in sys.stdin:\n    print(json.dumps({{'doc': 'other', 'records': []}}), flush=True)\n"
    );
    let (code, err) = misbehave(&wrong_doc, &[]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("command_wrong_doc", err);

    let bad_record = format!(
        "{HEAD}for line in sys.stdin:\n    d = json.loads(line)['doc']\n    print(json.dumps({{'doc': d, 'records': [{{'kind': 'entity', 'type': 'COUNTRY', 'text': 'x'}}]}}), flush=True)\n"
    );
    let (code, err) = misbehave(&bad_record, &[]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("command_bad_record", err);

    let exits_badly = format!(
        "{HEAD}for line in sys.stdin:\n    d = json.loads(line)['doc']\n    print(json.dumps({{'doc': d, 'records': []}}), flush=True)\nsys.exit(1)\n"
    );
    let (code, err) = misbehave(&exits_badly, &[]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("command_bad_exit", err);

    let answers_twice = format!(
        "{HEAD}for line in sys.stdin:\n    d = json.loads(line)['doc']\n    for _ in range(2):\n        print(json.dumps({{'doc': d, 'records': []}}), flush=True)\n"
    );
    let (code, err) = misbehave(&answers_twice, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("answered for document `doc-one`") || err.contains("more answers"),
        "{err}"
    );
}

#[test]
fn a_span_past_the_text_from_a_program_is_reported_like_a_bad_line() {
    let program = format!(
        "{HEAD}for line in sys.stdin:\n    d = json.loads(line)['doc']\n    print(json.dumps({{'doc': d, 'records': [{{'kind': 'entity', 'type': 'GPE', 'start': 5, 'end': 900, 'text': 'x'}}]}}), flush=True)\n"
    );
    let (code, err) = misbehave(&program, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("command_semantic_error", err);
    let (code, _) = misbehave(&program, &["--lenient"]);
    assert_eq!(code, 0);
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = hudna(&["score", "--extractor", "magic"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown extractor `magic`"), "{err}");
    let (code, _, err) = hudna(&["score", "--gold", "no/such/dir"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = hudna(&["score", "--extractor", "file:no/such.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such.jsonl"), "{err}");
}

#[test]
fn outputs_are_written_atomically_to_files() {
    let dir = tempfile::tempdir().unwrap();
    for (fmt, name) in [("json", "r.json"), ("csv", "r.csv"), ("markdown", "r.md")] {
        let p = dir.path().join(name);
        let (code, out, err) = hudna(&[
            "score",
            "--resamples",
            "20",
            "--format",
            fmt,
            "-o",
            p.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.is_empty());
        assert!(std::fs::metadata(&p).unwrap().len() > 100);
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        3,
        "no temp files left"
    );
    let csv = std::fs::read_to_string(dir.path().join("r.csv")).unwrap();
    assert!(csv.starts_with("doc,layer,scheme,label,metric,value,ci_low,ci_high\n"));
    let _ = Path::new("");
}

#[cfg(feature = "polars")]
#[test]
fn parquet_holds_the_tidy_table() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.parquet");
    let (code, _, err) = hudna(&[
        "score",
        "--resamples",
        "20",
        "--format",
        "parquet",
        "-o",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let df = ParquetReader::new(std::fs::File::open(&p).unwrap())
        .finish()
        .unwrap();
    let csv_rows = {
        let (_, out, _) = hudna(&["score", "--resamples", "20", "--format", "csv"]);
        out.lines().count() - 1
    };
    assert_eq!(df.height(), csv_rows);
    assert_eq!(
        df.get_column_names(),
        [
            "doc", "layer", "scheme", "label", "metric", "value", "ci_low", "ci_high"
        ]
    );
}

/// Regression (review): files are validated one by one, so two files that
/// each use id `e1` for the same document are fine; the driver used to
/// re-check the merged records and refuse them without a file:line.
#[test]
fn ids_are_per_file_when_predictions_are_split() {
    let m = common::Mini::new();
    let pd = tempfile::tempdir().unwrap();
    let a = pd.path().join("a.jsonl");
    let b = pd.path().join("b.jsonl");
    std::fs::write(&a, r#"{"kind":"entity","doc":"doc-one","id":"e1","type":"GPE","start":6,"end":14,"text":"أذربيجان"}"#).unwrap();
    std::fs::write(&b, r#"{"kind":"entity","doc":"doc-one","id":"e1","type":"GPE","start":52,"end":56,"text":"باكو"}"#).unwrap();
    let spec = format!("file:{},{}", a.display(), b.display());
    let (code, out, err) = hudna(&[
        "score",
        "--gold",
        m.path().to_str().unwrap(),
        "--extractor",
        &spec,
        "--format",
        "json",
        "--resamples",
        "0",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["metrics"][0]["counts"]["correct"], 2);
}

/// Issue #13 case: the default `hudna score` panicked (index out of bounds
/// in the baseline's lexicon lookup) on an article whose text ends right
/// after a count, with no final full stop.
#[test]
fn the_baseline_scores_an_article_ending_in_a_number() {
    let m = common::Mini::new();
    let text = "قتل 5 أشخاص في باكو يوم 5";
    let sha = hudna::article::sha256_hex(text.as_bytes());
    let n = text.chars().count();
    m.write("doc-end.txt", text.as_bytes());
    m.write(
        "doc-end.jsonl",
        format!(
            concat!(
                r#"{{"kind":"document","doc":"doc-end","sha256":"{sha}","lang":"ar","title":null,"outlet":null,"published":null,"published_basis":"inferred","note":"test"}}"#,
                "\n",
                r#"{{"kind":"zone","doc":"doc-end","id":"z1","type":"body","start":0,"end":{n}}}"#,
                "\n"
            ),
            sha = sha,
            n = n
        )
        .as_bytes(),
    );
    let gold = m.path().to_str().unwrap();
    let (code, out, err) = hudna(&[
        "score",
        "--gold",
        gold,
        "--format",
        "json",
        "--resamples",
        "0",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let r = json(&out);
    assert_eq!(r["extractor"], "baseline");
    assert_eq!(r["dataset"]["documents"], 2, "{}", r["dataset"]);
}

/// Issue #11: an entity-only system predicted no events and no casualty
/// figures, so their precision is undefined — `—` in the text, `null` in
/// JSON, never `0.000` — while their recall and F1 are an honest 0.
#[test]
fn an_entity_only_system_has_no_event_precision_rather_than_zero() {
    let pd = tempfile::tempdir().unwrap();
    let preds = pd.path().join("entities.jsonl");
    let mut lines = String::new();
    for e in std::fs::read_dir(common::annotations()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".jsonl") && name != "kb.jsonl" && !name.contains("lint") {
            for l in std::fs::read_to_string(&p).unwrap().lines() {
                if json(l)["kind"] == "entity" {
                    lines.push_str(l);
                    lines.push('\n');
                }
            }
        }
    }
    std::fs::write(&preds, lines).unwrap();
    let spec = format!("file:{}", preds.display());
    let args = ["score", "--extractor", &spec, "--resamples", "50"];
    let (code, out, err) = hudna(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    for m in r["metrics"].as_array().unwrap() {
        let at = format!("{} {} {}", m["layer"], m["scheme"], m["label"]);
        if m["layer"] == "entities" {
            assert!(m["precision"].is_number(), "{at}");
            continue;
        }
        assert!(m["precision"].is_null(), "{at}: nothing predicted");
        assert!(m["ci"]["precision"].is_null(), "{at}");
        assert_eq!(m["recall"], 0.0, "{at}");
        assert_eq!(m["f1"], 0.0, "{at}: no item was found");
    }
    assert!(r["casualty_values"]["exact_accuracy"].is_null());
    assert_eq!(r["undefined"]["precision"], "nothing predicted");

    let (code, text, err) = hudna(&args);
    assert_eq!(code, 0, "{err}");
    let events: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "events")
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(events.len() > 5, "{text}");
    let (rows, note) = events.split_at(events.len() - 1);
    for l in rows {
        let cells: Vec<&str> = l.split_whitespace().collect();
        assert_eq!(cells[8..11], ["—", "0.000", "0.000"], "P, R, F1: {l}");
    }
    assert_eq!(note, ["— undefined: P (nothing predicted)"]);
}

/// `--layers` scores only the layers named: the others are absent from
/// every format (no rows, no counts, no per-document column), not zeros,
/// and the report says which were scored.
#[test]
fn layers_scores_and_reports_only_those() {
    let base = ["score", "--extractor", "gold", "--resamples", "20"];
    let run = |extra: &[&str]| hudna(&[&base[..], extra].concat());
    let (code, out, err) = run(&["--layers", "casualties,entities", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["layers"], serde_json::json!(["entities", "casualties"]));
    let layers_of = |v: &serde_json::Value| -> std::collections::BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|m| m["layer"].as_str().unwrap().to_owned())
            .collect()
    };
    let want: std::collections::BTreeSet<String> =
        ["entities", "casualties"].map(String::from).into();
    assert_eq!(layers_of(&r["metrics"]), want);
    for d in r["documents"].as_array().unwrap() {
        assert!(layers_of(&d["counts"]).is_subset(&want), "{}", d["doc"]);
    }
    assert!(r["coverage"]["without_offsets"].get("events").is_none());

    let (code, text, _) = run(&["--layers", "entities,casualties"]);
    assert_eq!(code, 0);
    assert!(
        !text.contains("\nevents\n") && !text.contains("events."),
        "{text}"
    );
    let head = text.lines().find(|l| l.starts_with("document ")).unwrap();
    assert_eq!(
        head.split_whitespace().collect::<Vec<_>>(),
        ["document", "entities.strict", "casualties.claim"]
    );

    // The --errors listing, like the counts, has the scored layers only.
    let dir = tempfile::tempdir().unwrap();
    let listing = dir.path().join("errors.jsonl");
    let (code, _, err) = run(&[
        "--layers",
        "entities,casualties",
        "--errors",
        listing.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let listed = std::fs::read_to_string(&listing).unwrap();
    let listed: std::collections::BTreeSet<String> = listed
        .lines()
        .map(|l| json(l)["layer"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, want);

    // Only casualties: no casualty line missing, no entity table.
    let (code, text, _) = run(&["--layers", "casualties"]);
    assert_eq!(code, 0);
    assert!(
        !text.contains("\nentities\n") && text.contains("casualty claims matched: "),
        "{text}"
    );

    // A CoNLL file holds entities only: asking for other layers alone is
    // refused, and `entities` is what it always scores.
    let conll = [
        "--gold",
        "tests/fixtures/conll/gold.conll",
        "--format",
        "json",
    ];
    let (code, _, err) = run(&[&conll[..], &["--layers", "events"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("holds entity mentions only"), "{err}");
    let (code, out, err) = run(&[&conll[..], &["--layers", "entities"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["layers"], serde_json::json!(["entities"]));

    // Unknown or empty names are usage errors listing the layers.
    let (code, out, err) = run(&["--layers", "entities,evnts"]);
    assert_eq!((code, out.as_str()), (2, ""));
    insta::assert_snapshot!("unknown_layer", err);
    let (code, _, err) = run(&["--layers", "entities,"]);
    assert_eq!(code, 2);
    assert!(err.contains("an empty layer name"), "{err}");
}
