//! `hudna score` on CoNLL files end to end: the report (entities only), the
//! oracle, shards, and every refusal a user can meet, pinned as snapshots.

mod common;

const GOLD: &str = "tests/fixtures/conll/gold.conll";
const PRED: &str = "tests/fixtures/conll/pred.conll";

fn hudna(args: &[&str]) -> (i32, String, String) {
    common::hudna_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

/// Gold and prediction files in a temp dir; stderr with the dir replaced.
struct Pair {
    dir: tempfile::TempDir,
}

impl Pair {
    fn new(gold: &str, pred: &str) -> Pair {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("g.conll"), gold).unwrap();
        std::fs::write(dir.path().join("p.conll"), pred).unwrap();
        Pair { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    /// Scores p.conll against g.conll with `extra` options: exit code and stderr.
    fn score(&self, extra: &[&str]) -> (i32, String) {
        let (g, p) = (
            self.path("g.conll"),
            format!("file:{}", self.path("p.conll")),
        );
        let mut args = vec!["score", "--gold", &g, "--extractor", &p];
        args.extend(extra);
        let (code, _, err) = hudna(&args);
        (
            code,
            err.replace(&self.dir.path().display().to_string(), "<dir>"),
        )
    }
}

#[test]
fn report_text() {
    let (code, out, err) = hudna(&[
        "score",
        "--gold",
        GOLD,
        "--extractor",
        &format!("file:{PRED}"),
        "--resamples",
        "200",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn the_report_holds_the_entity_layer_only() {
    let (code, out, err) = hudna(&[
        "score",
        "--gold",
        GOLD,
        "--extractor",
        &format!("file:{PRED}"),
        "--format",
        "json",
        "--resamples",
        "0",
        "--iob",
        "strict",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["options"]["iob"], "strict");
    assert_eq!(r["options"]["per_label"], "filtered");
    for row in r["metrics"].as_array().unwrap() {
        assert_eq!(row["layer"], "entities", "{row}");
        assert_ne!(row["scheme"], "set_ref", "a CoNLL file holds no KB refs");
    }
    assert_eq!(r["dataset"]["documents"], 2);
    // seqeval 1.2.2, mode='strict', scheme=IOB2, on the same files.
    let micro = r["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["scheme"] == "strict" && m["label"] == "micro")
        .unwrap();
    assert_eq!(
        (
            micro["counts"]["correct"].as_u64(),
            micro["actual"].as_u64()
        ),
        (Some(3), Some(5))
    );
    assert_eq!(micro["possible"], 8);
    // The Markdown report has no events or casualties either.
    let (_, md, _) = hudna(&[
        "score",
        "--gold",
        GOLD,
        "--extractor",
        &format!("file:{PRED}"),
        "--format",
        "markdown",
        "--resamples",
        "0",
    ]);
    assert!(!md.contains("events") && !md.contains("asualt"), "{md}");
}

#[test]
fn the_oracle_and_per_label_gold() {
    let (code, out, err) = hudna(&[
        "score",
        "--gold",
        GOLD,
        "--extractor",
        "gold",
        "--format",
        "json",
        "--resamples",
        "0",
        "--per-label",
        "gold",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert!(
        r["options"].get("per_label").is_none(),
        "the default is left out"
    );
    for row in r["metrics"].as_array().unwrap() {
        assert_eq!(row["f1"], 1.0, "{row}");
    }
}

#[test]
fn shards_merge_into_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let pred = format!("file:{PRED}");
    let mut parts = Vec::new();
    for i in 1..=2 {
        let out = dir.path().join(format!("part-{i}.json"));
        let out = out.display().to_string();
        let shard = format!("{i}/2");
        let (code, _, err) = hudna(&[
            "score",
            "--gold",
            GOLD,
            "--extractor",
            &pred,
            "--shard",
            &shard,
            "--format",
            "json",
            "-o",
            &out,
        ]);
        assert_eq!(code, 0, "{err}");
        parts.push(out);
    }
    let (code, merged, err) = hudna(&["merge", &parts[0], &parts[1], "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let (_, whole, _) = hudna(&[
        "score",
        "--gold",
        GOLD,
        "--extractor",
        &pred,
        "--format",
        "json",
    ]);
    assert_eq!(merged, whole);
}

#[test]
fn bad_lines_in_the_gold() {
    let p = Pair::new(
        "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects O\nGerman B-MISC\ncall\nto U-X\nboycott B-\n",
        "",
    );
    let (code, err) = p.score(&[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn tokens_that_differ() {
    let p = Pair::new(
        "قال O\nعلييف B-PER\n\nفي O\nباكو B-LOC\n",
        "قال O\nعلييف B-PER\n\nفي O\nيريفان B-LOC\n",
    );
    let (code, err) = p.score(&[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn sentence_breaks_that_differ() {
    let p = Pair::new("a O\nb B-X\nc I-X\n\nd O\n", "a O\nb B-X\n\nc I-X\nd O\n");
    let (code, err) = p.score(&[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn iobes_under_strict_iob2() {
    let p = Pair::new("a B-X\nb E-X\nc S-Y\n", "a B-X\nb I-X\nc B-Y\n");
    let (code, err) = p.score(&["--iob", "strict"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
    // The default mode reads them.
    assert_eq!(p.score(&[]).0, 0);
}

#[test]
fn what_does_not_go_together() {
    let p = Pair::new("a O\n", "a O\n");
    let g = p.path("g.conll");
    let pred = format!("file:{}", p.path("p.conll"));
    let both = format!("file:{},{}", p.path("p.conll"), p.path("p.conll"));
    let errors = p.path("errors.jsonl");
    let cases: [(&str, Vec<&str>); 6] = [
        (
            "baseline",
            vec!["score", "--gold", &g, "--extractor", "baseline"],
        ),
        (
            "errors_listing",
            vec![
                "score",
                "--gold",
                &g,
                "--extractor",
                &pred,
                "--errors",
                &errors,
            ],
        ),
        (
            "breakdowns",
            vec!["score", "--gold", &g, "--extractor", &pred, "--breakdowns"],
        ),
        (
            "two_files",
            vec!["score", "--gold", &g, "--extractor", &both],
        ),
        ("conll_against_jsonl", vec!["score", "--extractor", &pred]),
        (
            "iob_on_jsonl",
            vec!["score", "--extractor", "gold", "--iob", "strict"],
        ),
    ];
    for (name, args) in cases {
        let (code, _, err) = hudna(&args);
        assert_eq!(code, 2, "{name}: {err}");
        let err = err.replace(&p.dir.path().display().to_string(), "<dir>");
        insta::assert_snapshot!(name, err);
    }
}

#[test]
fn validate_reads_conll_files() {
    let (code, out, _) = hudna(&["validate", GOLD, PRED]);
    assert_eq!((code, out.as_str()), (0, "valid: no problems\n"));
    let p = Pair::new("a O\nb PER\n", "");
    let (code, out, _) = hudna(&["validate", &p.path("g.conll")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("g.conll:2: tag: error[iob-tag]: `PER` is not an IOB tag"),
        "{out}"
    );
}

#[test]
fn a_tagger_on_standard_input_is_read_as_conll() {
    let args = |extractor: &str| {
        [
            "score",
            "--gold",
            GOLD,
            "--extractor",
            extractor,
            "--format",
            "json",
            "--resamples",
            "50",
        ]
        .map(str::to_owned)
    };
    let from_file = args(&format!("file:{PRED}"));
    let from_file: Vec<&str> = from_file.iter().map(String::as_str).collect();
    let (code, file_out, err) = hudna(&from_file);
    assert_eq!(code, 0, "{err}");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pred = std::fs::read(root.join(PRED)).unwrap();
    let from_stdin = args("file:-");
    let from_stdin: Vec<&str> = from_stdin.iter().map(String::as_str).collect();
    let (code, stdin_out, err) = common::hudna_stdin_in(root, &from_stdin, &pred);
    assert_eq!(code, 0, "{err}");
    let (mut a, mut b) = (json(&file_out), json(&stdin_out));
    assert_eq!(b["extractor"], "file:-");
    a.as_object_mut().unwrap().remove("extractor");
    b.as_object_mut().unwrap().remove("extractor");
    assert_eq!(a, b);
    // Its problems are named by line.
    let (code, _, err) = common::hudna_stdin_in(root, &from_stdin, b"a\tB-PER\tX\n");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("<stdin>:1"), "{err}");
}
