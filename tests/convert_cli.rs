//! `hudna convert` end to end: the summary, offsets in UTF-16 converted both
//! ways, and every refusal a user meets, pinned as snapshots. A record whose
//! offsets cannot be made to agree with its text is an error naming file,
//! line (or JSON pointer) and field, and nothing is written.

mod common;

use std::path::Path;
use std::process::Command;

/// Runs hudna in `dir`: exit code, stdout, stderr (with `dir` as `<dir>`).
fn hudna(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hudna"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&dir.display().to_string(), "<dir>");
    (
        out.status.code().unwrap(),
        clean(&out.stdout),
        clean(&out.stderr),
    )
}

/// A temp dir with `files` written in it.
fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, body) in files {
        let p = d.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    d
}

/// Converts `input` (written as `name`) from `from` to hudna: exit code and stderr.
fn refused(from: &str, name: &str, input: &str, extra: &[&str]) -> (i32, String) {
    let d = dir_with(&[(name, input)]);
    let mut args = vec!["convert", "--from", from, "--to", "hudna", name, "out"];
    args.extend(extra);
    let (code, _, err) = hudna(d.path(), &args);
    assert!(
        !d.path().join("out").exists(),
        "nothing is written on an error"
    );
    (code, err)
}

#[test]
fn the_summary_says_what_the_format_cannot_hold() {
    let m = common::Mini::new();
    let (code, out, err) = hudna(m.path(), &["convert", "--to", "conll", ".", "gold.conll"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
    let conll = std::fs::read_to_string(m.path().join("gold.conll")).unwrap();
    insta::assert_snapshot!("mini_conll", conll);
}

#[test]
fn a_tagger_output_becomes_predictions_on_the_articles() {
    let m = common::Mini::new();
    // A tagger that dropped -DOCSTART- and tagged «وقتل» nothing, «باكو» LOC.
    let tagged = "أعلنت\tO\nأذربيجان\tB-GPE\nوقف\tO\nإطلاق\tO\nالنار\tO\n.\tO\n\nوقتل\tO\nثمانية\tO\nجنود\tO\nفي\tO\nباكو\tB-LOC\n.\tO\n";
    m.write("tagger.conll", tagged.as_bytes());
    let (code, _, err) = hudna(
        m.path(),
        &[
            "convert",
            "--from",
            "conll",
            "--to",
            "records",
            "--articles",
            ".",
            "tagger.conll",
            "pred/pred.jsonl",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let pred = std::fs::read_to_string(m.path().join("pred/pred.jsonl")).unwrap();
    insta::assert_snapshot!(pred);
    // And they score: both mentions are where the gold's are.
    let (code, out, err) = hudna(
        m.path(),
        &[
            "score",
            "--gold",
            ".",
            "--extractor",
            "file:pred/pred.jsonl",
            "--format",
            "json",
            "--resamples",
            "0",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let exact = v["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["layer"] == "entities" && m["scheme"] == "exact" && m["label"] == "micro")
        .unwrap();
    assert_eq!(exact["counts"]["correct"], 2, "{exact}");
}

#[test]
fn utf16_offsets_are_converted_both_ways() {
    // «😀» is one code point and two UTF-16 code units: every span after it
    // is one further in doccano's and Label Studio's offsets.
    let text = "😀 باكو و😀 يريفان";
    let line = serde_json::json!({"text": text, "spans": [
        {"start": 2, "end": 6, "label": "GPE"},
        {"start": 10, "end": 16, "label": "GPE"}], "meta": {"doc": "doc-emoji"}});
    let d = dir_with(&[("in.jsonl", &format!("{line}\n"))]);
    let run = |args: &[&str]| {
        let (code, _, err) = hudna(d.path(), args);
        assert_eq!(code, 0, "{err}");
    };
    run(&[
        "convert",
        "--from",
        "spacy",
        "--to",
        "doccano",
        "in.jsonl",
        "d16.jsonl",
    ]);
    run(&[
        "convert",
        "--from",
        "spacy",
        "--to",
        "doccano",
        "--units",
        "code-points",
        "in.jsonl",
        "dcp.jsonl",
    ]);
    run(&[
        "convert",
        "--from",
        "spacy",
        "--to",
        "label-studio",
        "in.jsonl",
        "ls.json",
    ]);
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.path().join(name)).unwrap()).unwrap()
    };
    assert_eq!(
        read("d16.jsonl")["label"],
        serde_json::json!([[3, 7, "GPE"], [12, 18, "GPE"]])
    );
    assert_eq!(
        read("dcp.jsonl")["label"],
        serde_json::json!([[2, 6, "GPE"], [10, 16, "GPE"]])
    );
    let region = &read("ls.json")[0]["annotations"][0]["result"][1]["value"];
    assert_eq!(
        (region["start"].as_u64(), region["end"].as_u64()),
        (Some(12), Some(18))
    );
    assert_eq!(region["text"], "يريفان");
    // Read back, they are the code points they were.
    for (from, name, units) in [
        ("doccano", "d16.jsonl", "utf16"),
        ("doccano", "dcp.jsonl", "code-points"),
        ("label-studio", "ls.json", "utf16"),
    ] {
        let out = format!("back-{name}");
        run(&[
            "convert", "--from", from, "--to", "spacy", "--units", units, name, &out,
        ]);
        let v = read(&out);
        let spans: Vec<(u64, u64)> = v["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()))
            .collect();
        assert_eq!(spans, vec![(2, 6), (10, 16)], "{name}");
    }
}

#[test]
fn spacy_span_text_that_is_not_the_slice() {
    let task = r#"{"text": "باكو ويريفان", "spans": [{"start": 0, "end": 4, "label": "GPE", "text": "باكو"}, {"start": 5, "end": 12, "label": "GPE", "text": "يريفان"}], "meta": {"doc": "doc-one"}}"#;
    let (code, err) = refused("spacy", "tasks.jsonl", &format!("{task}\n"), &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn doccano_offset_inside_a_surrogate_pair() {
    let line = r#"{"text": "😀 باكو", "label": [[1, 7, "GPE"], [3, 99, "GPE"]], "doc": "doc-one"}"#;
    let (code, err) = refused("doccano", "d.jsonl", &format!("{line}\n"), &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn label_studio_offsets_in_the_other_unit_say_so() {
    // Code-point offsets (as a Python script writes them) read as UTF-16.
    let tasks = r#"[{"data": {"text": "😀 باكو", "doc": "doc-one"}, "annotations": [{"result": [
        {"id": "r1", "type": "labels", "value": {"start": 2, "end": 6, "text": "باكو", "labels": ["GPE"]}}]}]}]"#;
    let (code, err) = refused("label-studio", "ls.json", tasks, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
    let d = dir_with(&[("ls.json", tasks)]);
    let (code, _, err) = hudna(
        d.path(),
        &[
            "convert",
            "--from",
            "label-studio",
            "--to",
            "hudna",
            "--units",
            "code-points",
            "ls.json",
            "out",
        ],
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn label_studio_task_with_two_annotations() {
    let tasks = r#"[{"data": {"text": "باكو"}, "annotations": [{"result": []}, {"result": []}]}]"#;
    let (code, err) = refused("label-studio", "ls.json", tasks, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn brat_text_that_is_not_the_slice_and_a_discontinuous_span() {
    let d = dir_with(&[
        ("doc-one.txt", "باكو\nويريفان وموسكو"),
        (
            "doc-one.ann",
            "T1\tGPE 0 4\tباكو\nT2\tGPE 6 12\tيريفا\nT3\tGPE 0 4;14 19\tباكو موسكو\nR1\tNear Arg1:T1 Arg2:T3\n",
        ),
    ]);
    let (code, _, err) = hudna(
        d.path(),
        &["convert", "--from", "brat", "--to", "hudna", ".", "out"],
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn conll_token_that_is_not_in_the_article() {
    let m = common::Mini::new();
    // The tagger normalised «إطلاق» to «اطلاق».
    m.write(
        "tagger.conll",
        "-DOCSTART- doc-one\n\nأعلنت\tO\nأذربيجان\tB-GPE\nوقف\tO\nاطلاق\tO\n".as_bytes(),
    );
    let (code, _, err) = hudna(
        m.path(),
        &[
            "convert",
            "--from",
            "conll",
            "--to",
            "records",
            "--articles",
            ".",
            "tagger.conll",
            "pred.jsonl",
        ],
    );
    assert_eq!(code, 1);
    assert!(!m.path().join("pred.jsonl").exists());
    insta::assert_snapshot!(err);
}

#[test]
fn records_that_do_not_fit_their_articles() {
    let m = common::Mini::new();
    m.write(
        "pred.jsonl",
        concat!(
            r#"{"kind":"entity","doc":"doc-one","type":"GPE","start":6,"end":14,"text":"أذربيجا"}"#,
            "\n",
            r#"{"kind":"entity","doc":"doc-two","type":"GPE","text":"باكو"}"#,
            "\n"
        )
        .as_bytes(),
    );
    let (code, _, err) = hudna(
        m.path(),
        &[
            "convert",
            "--from",
            "records",
            "--to",
            "brat",
            "--articles",
            ".",
            "pred.jsonl",
            "out",
        ],
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn a_document_id_that_cannot_name_files() {
    let task = r#"{"text": "باكو", "spans": [], "meta": {"doc": "Doc One"}}"#;
    let (code, err) = refused("spacy", "tasks.jsonl", &format!("{task}\n"), &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn usage_errors() {
    let m = common::Mini::new();
    let cases: &[&[&str]] = &[
        &[
            "convert", "--from", "conll", "--to", "records", "x.conll", "p.jsonl",
        ],
        &[
            "convert", "--to", "spacy", "--units", "utf16", ".", "x.jsonl",
        ],
        &["convert", "--to", "brat", ".", "."],
    ];
    m.write("x.conll", b"a O\n");
    let mut all = String::new();
    for args in cases {
        let (code, _, err) = hudna(m.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        all.push_str(&format!("$ hudna {}\n{err}\n", args.join(" ")));
    }
    insta::assert_snapshot!(all);
}
