//! The two gold profiles: the bundled dataset keeps its strict rules, and a
//! corpus made elsewhere (its own labels, no KB, no document records) is
//! checked and scored under the core contract, which still holds it to
//! offsets, text and the record schema.

mod common;

use std::process::Command;

use hudna::profile::Profile;
use hudna::run::{self, Settings, Spec};
use hudna::score::{Layer, Options};
use hudna::validate::{check_corpus, check_corpus_as, load_corpus_as};

/// An ANERcorp-style corpus: one article, PER/LOC/MISC mentions, no refs,
/// no document record, no kb.jsonl.
const TEXT: &str = "التقى إلهام علييف في باكو بوفد من الاتحاد الأوروبي.\n";

fn entity(id: &str, ty: &str, surface: &str) -> String {
    let (s, e) = common::span(TEXT, surface, 0);
    format!(
        r#"{{"kind":"entity","doc":"doc-one","id":"{id}","type":"{ty}","start":{s},"end":{e},"text":"{surface}"}}"#
    )
}

fn core_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc-one.txt"), TEXT).unwrap();
    let records = [
        entity("e1", "PER", "إلهام علييف"),
        entity("e2", "LOC", "باكو"),
        entity("e3", "MISC", "الاتحاد الأوروبي"),
    ];
    std::fs::write(dir.path().join("doc-one.jsonl"), records.join("\n") + "\n").unwrap();
    dir
}

fn codes(r: &hudna::diagnostic::Report) -> Vec<&'static str> {
    let mut c: Vec<&'static str> = r.diagnostics.iter().map(|d| d.code).collect();
    c.sort();
    c.dedup();
    c
}

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

#[test]
fn a_foreign_corpus_is_valid_under_core_and_not_under_strict() {
    let dir = core_corpus();
    assert_eq!(Profile::detect(dir.path()).0, Profile::Core);
    let core = check_corpus_as(dir.path(), Profile::Core).unwrap();
    assert_eq!(core.errors(), 0, "{}", core.render_text());
    let strict = check_corpus(dir.path()).unwrap();
    assert_eq!(
        codes(&strict),
        vec!["missing-document", "missing-kb", "schema"],
        "{}",
        strict.render_text()
    );
}

#[test]
fn the_bundled_dataset_is_strict_and_also_meets_the_core_contract() {
    let gold = common::annotations();
    assert_eq!(Profile::detect(&gold).0, Profile::Strict);
    assert_eq!(check_corpus(&gold).unwrap().errors(), 0);
    assert_eq!(check_corpus_as(&gold, Profile::Core).unwrap().errors(), 0);
}

#[test]
fn the_core_contract_still_binds() {
    let dir = core_corpus();
    let (s, e) = common::span(TEXT, "باكو", 0);
    let bad = [
        // text that is not the slice
        format!(
            r#"{{"kind":"entity","doc":"doc-one","id":"e1","type":"LOC","start":{s},"end":{e},"text":"يريفان"}}"#
        ),
        // no offsets in gold
        r#"{"kind":"entity","doc":"doc-one","id":"e2","type":"LOC","text":"باكو"}"#.to_owned(),
        // an empty label, and one of 65 characters
        entity("e3", "", "باكو"),
        entity("e4", &"L".repeat(65), "باكو"),
        // a duplicate id
        entity("e5", "PER", "إلهام علييف"),
        entity("e5", "LOC", "باكو"),
        // a document record is optional, but checked when present
        r#"{"kind":"document","doc":"doc-one","sha256":"0000000000000000000000000000000000000000000000000000000000000000","lang":"ar","title":null,"outlet":null,"published":null,"published_basis":"inferred","note":"x"}"#.to_owned(),
    ];
    std::fs::write(dir.path().join("doc-one.jsonl"), bad.join("\n") + "\n").unwrap();
    let r = check_corpus_as(dir.path(), Profile::Core).unwrap();
    let text = r
        .render_text()
        .replace(&dir.path().display().to_string(), "<corpus>");
    insta::assert_snapshot!(text);
}

#[test]
fn predictions_against_a_core_corpus_use_its_labels() {
    let dir = core_corpus();
    let preds = [
        entity("p1", "PER", "إلهام علييف"),
        entity("p2", "MISC", "باكو"),
        entity("p3", "ORG", "الاتحاد الأوروبي"),
    ];
    let pred_dir = tempfile::tempdir().unwrap();
    let file = pred_dir.path().join("preds.jsonl");
    std::fs::write(&file, preds.join("\n") + "\n").unwrap();
    let settings = Settings {
        options: Options {
            resamples: 0,
            ..Options::default()
        },
        lenient: false,
        timeout: std::time::Duration::from_secs(5),
        shard: None,
        profile: Profile::Core,
        breakdowns: false,
        ..Settings::default()
    };
    let out = run::score(
        dir.path(),
        &Spec::Files(vec![file.clone().into()]),
        &settings,
    )
    .unwrap();
    assert!(
        out.refused.is_none(),
        "{}",
        out.prediction_problems.render_text()
    );
    let r = out.report.unwrap();
    let strict = r.row(Layer::Entities, "strict", "micro").unwrap();
    let c = strict.counts.unwrap();
    assert_eq!((c.correct, c.incorrect, c.possible()), (1, 2, 3));
    assert!(r.row(Layer::Entities, "strict", "MISC").is_some());
    // The same labels against the strict profile are refused: PER is not
    // one of hudna's types.
    let strict_settings = Settings {
        profile: Profile::Strict,
        ..settings
    };
    let out = run::score(
        dir.path(),
        &Spec::Files(vec![file.into()]),
        &strict_settings,
    )
    .unwrap();
    assert!(out.refused.is_some());
}

#[test]
fn validate_says_which_profile_it_checked() {
    let dir = core_corpus();
    let d = dir.path().display().to_string();
    let (code, out, err) = hudna(&["validate", &d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.replace(&d, "<corpus>"),
        "<corpus>: checked under the core profile (it has no kb.jsonl and no dataset card)\nvalid: no problems\n"
    );
    let (code, out, _) = hudna(&["validate", "--profile", "strict", &d]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("strict_on_a_core_corpus", out.replace(&d, "<corpus>"));
    let (code, out, _) = hudna(&["validate", "--format", "json", &d]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["profiles"][0]["profile"], "core");
    // Scoring detects the profile the same way.
    let (code, out, err) = hudna(&[
        "score",
        "--gold",
        &d,
        "--extractor",
        "gold",
        "--resamples",
        "0",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["dataset"]["documents"], 1);
}

#[test]
fn a_strict_corpus_that_lost_its_kb_is_still_strict() {
    let m = common::Mini::new();
    std::fs::write(m.path().join("README.md"), "---\nversion: 0.0.1\n---\n").unwrap();
    m.remove("kb.jsonl");
    let (profile, why) = Profile::detect(m.path());
    assert_eq!(
        (profile, why),
        (Profile::Strict, "it has a dataset card (README.md)")
    );
    let (_, r) = load_corpus_as(m.path(), profile).unwrap();
    assert!(r.diagnostics.iter().any(|d| d.code == "missing-kb"));
}

/// Answers every request with the records in the JSONL file it is given.
const TAGGER: &str = r#"import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    records = [json.loads(l) for l in f if l.strip()]
for line in sys.stdin:
    req = json.loads(line)
    print(json.dumps({"doc": req["doc"], "records": records}, ensure_ascii=False), flush=True)
"#;

#[test]
fn a_program_and_its_saved_answers_are_checked_under_the_corpus_profile() {
    let dir = core_corpus();
    let d = dir.path().display().to_string();
    let work = tempfile::tempdir().unwrap();
    let preds = [
        entity("p1", "PER", "إلهام علييف"),
        entity("p2", "MISC", "باكو"),
    ];
    std::fs::write(work.path().join("preds.jsonl"), preds.join("\n") + "\n").unwrap();
    std::fs::write(work.path().join("tagger.py"), TAGGER).unwrap();
    let run = |extra: &[&str]| {
        let args = [
            &[
                "score",
                "--gold",
                &d,
                "--extractor",
                "command:python3 tagger.py preds.jsonl",
                "--resamples",
                "0",
                "--format",
                "json",
            ][..],
            extra,
        ]
        .concat();
        common::hudna_in(work.path(), &args)
    };
    // The corpus's labels are taken from the program (core, detected)…
    let (code, whole, err) = run(&["--save-predictions", "answers.jsonl"]);
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&whole).unwrap();
    assert_eq!(r["coverage"]["rejected_records"], 0, "{whole}");
    // … and from its saved answers.
    let (code, resumed, err) = run(&["--resume", "answers.jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(resumed, whole);
    // The same records break the strict schema.
    let items: Vec<serde_json::Value> = preds
        .iter()
        .map(|p| serde_json::from_str(p).unwrap())
        .collect();
    let check = |profile| hudna::extract::records_of_answer("t", "doc-one", &items, profile);
    assert_eq!(check(Profile::Core).unwrap().len(), 2);
    assert!(check(Profile::Strict).unwrap_err().contains("/type"));
}

#[test]
fn the_bundled_gold_is_strict() {
    let (code, _, err) = hudna(&["score", "--profile", "core", "--resamples", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--profile core applies to a --gold directory"),
        "{err}"
    );
    let (code, out, err) = hudna(&["validate"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "<bundled>: checked under the strict profile (it is the gold bundled with hudna)\n"
        ),
        "{out}"
    );
}
