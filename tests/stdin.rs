//! `-` is standard input: `score --extractor file:-`, `validate -`,
//! `gate -` (and the report arguments of `compare` and `merge`).

mod common;

/// Runs the binary in the repository root with `input` on its stdin.
fn hudna_stdin(args: &[&str], input: &[u8]) -> (i32, String, String) {
    common::hudna_stdin_in(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        args,
        input,
    )
}

/// Every other gold entity of the bundled gold, as predictions.
fn predictions() -> Vec<u8> {
    let (corpus, _) = hudna::validate::load_corpus(hudna::corpus::Gold::Bundled).unwrap();
    let mut out = String::new();
    for doc in corpus.docs.values() {
        let entities = hudna::extract::GoldExtractor::scored(doc)
            .into_iter()
            .filter(|r| r.kind() == "entity");
        for r in entities.step_by(2) {
            out.push_str(&serde_json::to_string(&r).unwrap());
            out.push('\n');
        }
    }
    out.into_bytes()
}

fn without_extractor(json: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    v.as_object_mut().unwrap().remove("extractor");
    v
}

#[test]
fn file_dash_scores_standard_input_as_a_file() {
    let preds = predictions();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("preds.jsonl");
    std::fs::write(&path, &preds).unwrap();
    let from_file = common::hudna_in(
        dir.path(),
        &[
            "score",
            "--extractor",
            "file:preds.jsonl",
            "--format",
            "json",
            "--resamples",
            "20",
        ],
    );
    assert_eq!(from_file.0, 0, "{}", from_file.2);
    let (code, out, err) = hudna_stdin(
        &[
            "score",
            "--extractor",
            "file:-",
            "--format",
            "json",
            "--resamples",
            "20",
        ],
        &preds,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(without_extractor(&out), without_extractor(&from_file.1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["extractor"], "file:-");
}

#[test]
fn bad_predictions_on_standard_input_are_named_by_line() {
    let mut preds = predictions();
    preds.extend_from_slice(b"{\"kind\":\"entity\",\"doc\":\"2020-10-10-moscow-ceasefire-talks\",\"type\":\"GPEX\",\"text\":\"x\"}\n");
    let line = preds.iter().filter(|b| **b == b'\n').count();
    let (code, _, err) = hudna_stdin(&["score", "--extractor", "file:-"], &preds);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("<stdin>:{line}: /type")), "{err}");
    let (vcode, vout, _) = hudna_stdin(&["validate", "-"], &preds);
    assert_eq!(vcode, 1);
    insta::assert_snapshot!("validate_stdin_bad_line", vout);
}

#[test]
fn validate_dash_checks_standard_input() {
    let (code, out, err) = hudna_stdin(&["validate", "-"], &predictions());
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "<bundled>: checked under the strict profile (it is the gold bundled with hudna)\nvalid: no problems\n"
        ),
        "{err}"
    );
}

#[test]
fn gate_dash_reads_the_report_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let gates = dir.path().join("gates.toml");
    std::fs::write(
        &gates,
        "[[threshold]]\nmetric = \"entities.strict.micro.f1\"\nmin = 0.5\n",
    )
    .unwrap();
    let (code, report, err) = common::hudna_in(
        dir.path(),
        &["score", "--format", "json", "--resamples", "20"],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = hudna_stdin(
        &["gate", "--config", gates.to_str().unwrap(), "-"],
        report.as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("entities.strict.micro.f1"), "{out}");
    // Not a report: the message names standard input.
    let (code, _, err) = hudna_stdin(&["gate", "--config", gates.to_str().unwrap(), "-"], b"{}");
    assert_eq!(code, 2);
    assert!(err.contains("<stdin>: not a hudna score report"), "{err}");
    // Standard input twice is refused, not read as an empty report.
    let (code, _, err) = hudna_stdin(&["compare", "-", "-"], report.as_bytes());
    assert_eq!(code, 2);
    assert!(err.contains("only once"), "{err}");
}

#[test]
fn jsonl_in_memory_is_read_as_a_file_named_by_the_caller() {
    let (corpus, _) = hudna::validate::load_corpus(hudna::corpus::Gold::Bundled).unwrap();
    let mut preds = predictions();
    let n = preds.iter().filter(|b| **b == b'\n').count();
    preds.extend_from_slice(b"{\"kind\":\"entity\",\"doc\":\"2020-10-10-moscow-ceasefire-talks\",\"type\":\"GPE\",\"start\":0,\"end\":99999,\"text\":\"x\"}\n");
    let input = hudna::validate::Input::Bytes {
        name: "<predictions>".into(),
        bytes: preds.into(),
    };
    let (p, report) = hudna::validate::load_predictions(&[input], &corpus).unwrap();
    assert_eq!(p.docs.values().map(Vec::len).sum::<usize>(), n);
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.path.to_str().unwrap(), d.line),
        ("<predictions>", Some(n + 1))
    );
}
