//! `hudna annotate add` end to end: what it writes when it can, and every
//! refusal pinned as a snapshot (with the file left untouched).

mod common;

use std::process::Command;

use common::span;

/// A core-profile corpus (no KB, no card): one article in which
/// «أذربيجان» occurs twice and «قُتل» carries a damma.
const TEXT: &str = "قالت أذربيجان إن قوات أذربيجان ردت.\nوقُتل ثلاثة جنود في القصف.\n";

struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        let (s, e) = span(TEXT, "أذربيجان", 0);
        let (qs, qe) = span(TEXT, "قوات أذربيجان", 0);
        let records = format!(
            "{{\"kind\": \"entity\", \"doc\": \"doc-a\", \"id\": \"e1\", \"type\": \"GPE\", \"start\": {s}, \"end\": {e}, \"text\": \"أذربيجان\", \"ref\": null}}\n\
             {{\"kind\": \"entity\", \"doc\": \"doc-a\", \"id\": \"e7\", \"type\": \"ORG\", \"start\": {qs}, \"end\": {qe}, \"text\": \"قوات أذربيجان\", \"ref\": null}}\n"
        );
        std::fs::write(dir.path().join("doc-a.txt"), TEXT).unwrap();
        std::fs::write(dir.path().join("doc-a.jsonl"), records).unwrap();
        Corpus { dir }
    }

    fn records(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("doc-a.jsonl")).unwrap()
    }

    /// Runs `hudna annotate add --dir DIR --doc doc-a ARGS`: exit code,
    /// stdout and stderr with the directory written `<dir>`.
    fn add(&self, args: &[&str]) -> (i32, String, String) {
        add_in(self.dir.path(), "doc-a", args)
    }
}

fn add_in(dir: &std::path::Path, doc: &str, args: &[&str]) -> (i32, String, String) {
    let d = dir.display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_hudna"))
        .args(["annotate", "add", "--dir", &d, "--doc", doc])
        .args(args)
        .output()
        .unwrap();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&d, "<dir>");
    (
        out.status.code().unwrap(),
        clean(&out.stdout),
        clean(&out.stderr),
    )
}

fn validate(dir: &std::path::Path) -> i32 {
    Command::new(env!("CARGO_BIN_EXE_hudna"))
        .args(["validate", dir.to_str().unwrap()])
        .output()
        .unwrap()
        .status
        .code()
        .unwrap()
}

#[test]
fn adds_an_entity_at_the_chosen_occurrence_with_the_next_id() {
    let c = Corpus::new();
    let before = c.records();
    let (code, out, err) = c.add(&[
        "--kind",
        "entity",
        "--type",
        "GPE",
        "--text",
        "أذربيجان",
        "--occurrence",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("add_entity", out);
    let after = c.records();
    let lines: Vec<&str> = after.lines().collect();
    // e8 follows the highest id (e7; ids are never reused), and goes after
    // «قوات أذربيجان» [17, 30), which starts before it, in canonical order.
    let (s, e) = span(TEXT, "أذربيجان", 1);
    assert_eq!(
        lines[2],
        format!(
            "{{\"kind\": \"entity\", \"doc\": \"doc-a\", \"id\": \"e8\", \"type\": \"GPE\", \"start\": {s}, \"end\": {e}, \"text\": \"أذربيجان\", \"ref\": null}}"
        )
    );
    assert_eq!(
        lines[..2].join("\n") + "\n",
        before,
        "the other lines are kept byte for byte"
    );
    assert_eq!(validate(c.dir.path()), 0);
    // And the result is still canonical.
    let f = hudna::canonical::format_bytes(std::path::Path::new("x"), after.as_bytes()).unwrap();
    assert_eq!(f, after);
}

#[test]
fn refusals_name_what_is_wrong_and_write_nothing() {
    let c = Corpus::new();
    let before = c.records();
    let entity = |text: &'static str, extra: &[&'static str]| -> Vec<&'static str> {
        let mut v = vec!["--kind", "entity", "--type", "GPE", "--text", text];
        v.extend_from_slice(extra);
        v
    };
    let cases: [(&str, Vec<&str>); 5] = [
        ("ambiguous", entity("أذربيجان", &[])),
        (
            "occurrence_out_of_range",
            entity("أذربيجان", &["--occurrence", "3"]),
        ),
        ("duplicate", entity("أذربيجان", &["--occurrence", "1"])),
        ("not_found_exactly_but_loosely", entity("اذربيجان", &[])),
        ("not_found", entity("موسكو", &["--loose"])),
    ];
    for (name, args) in cases {
        let (code, out, err) = c.add(&args);
        assert_eq!((code, out.as_str()), (1, ""), "{name}: {err}");
        insta::assert_snapshot!(format!("refused_{name}"), err);
        assert_eq!(c.records(), before, "{name}: nothing written");
    }
}

#[test]
fn loose_matching_keeps_the_article_spelling() {
    let c = Corpus::new();
    let (code, out, err) = c.add(&[
        "--kind",
        "event",
        "--type",
        "ARMED_CLASH",
        "--text",
        "قتل",
        "--loose",
        "--modality",
        "asserted",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("add_event_loose", out);
    let (s, e) = span(TEXT, "قُتل", 0);
    assert!(
        c.records().contains(&format!(
            "\"trigger\": {{\"start\": {s}, \"end\": {e}, \"text\": \"قُتل\"}}"
        )),
        "{}",
        c.records()
    );
    // An exact search for the undotted spelling does not find it.
    let (code, _, err) = c.add(&["--kind", "event", "--type", "SHELLING", "--text", "قتل"]);
    assert_eq!(code, 1);
    assert!(err.contains("add --loose"), "{err}");
}

#[test]
fn casualty_count_is_read_from_the_surface() {
    let c = Corpus::new();
    let (code, out, err) = c.add(&[
        "--kind",
        "casualty",
        "--text",
        "ثلاثة جنود",
        "--category",
        "killed",
        "--group",
        "military",
        "--scope",
        "incident",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("add_casualty_json", out);
    assert_eq!(validate(c.dir.path()), 0);
    // --dry-run checks and prints, and writes nothing.
    let before = c.records();
    let (code, out, _) = c.add(&[
        "--kind",
        "casualty",
        "--text",
        "ثلاثة جنود",
        "--category",
        "injured",
        "--group",
        "military",
        "--scope",
        "incident",
        "--dry-run",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("would add c2"), "{out}");
    assert_eq!(c.records(), before);
}

#[test]
fn an_invalid_result_is_refused_with_the_validators_diagnostics() {
    // The strict corpus: a named mention needs a KB ref, and an argument
    // must point at an entity of the document.
    let m = common::Mini::new();
    let before = std::fs::read_to_string(m.path().join("doc-one.jsonl")).unwrap();
    let (code, _, err) = add_in(
        m.path(),
        "doc-one",
        &["--kind", "entity", "--type", "ORG", "--text", "أذربيجان"],
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("refused_invalid_missing_ref", err);
    let (code, _, err) = add_in(
        m.path(),
        "doc-one",
        &[
            "--kind",
            "event",
            "--type",
            "ARMED_CLASH",
            "--text",
            "وقتل",
            "--arg",
            "actor=e9",
        ],
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("refused_invalid_argument", err);
    assert_eq!(
        std::fs::read_to_string(m.path().join("doc-one.jsonl")).unwrap(),
        before
    );
    let (code, out, err) = add_in(
        m.path(),
        "doc-one",
        &[
            "--kind",
            "entity",
            "--type",
            "NORP",
            "--text",
            "أذربيجان",
            "--ref",
            "azerbaijan",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(": added e3 at [6, 14) «أذربيجان»"), "{out}");
    assert_eq!(validate(m.path()), 0);
}

#[test]
fn a_document_that_does_not_validate_is_left_alone() {
    let c = Corpus::new();
    let broken = c.records() + "{oops\n";
    std::fs::write(c.dir.path().join("doc-a.jsonl"), &broken).unwrap();
    let (code, _, err) = c.add(&["--kind", "entity", "--type", "GPE", "--text", "القصف"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("refused_document_invalid", err);
    assert_eq!(c.records(), broken);
}

#[test]
fn usage_errors_exit_2() {
    let c = Corpus::new();
    for (args, says) in [
        (
            vec![
                "--kind",
                "entity",
                "--type",
                "GPE",
                "--text",
                "القصف",
                "--scope",
                "incident",
            ],
            "--scope does not apply to --kind entity",
        ),
        (
            vec!["--kind", "event", "--text", "القصف"],
            "--kind event needs --type",
        ),
        (
            vec!["--kind", "event", "--type", "WAR", "--text", "القصف"],
            "\"WAR\" is not an event type",
        ),
        (
            vec![
                "--kind",
                "casualty",
                "--text",
                "ثلاثة جنود",
                "--category",
                "killed",
            ],
            "--kind casualty needs --group",
        ),
        (
            vec![
                "--kind",
                "entity",
                "--type",
                "GPE",
                "--text",
                "x",
                "--occurrence",
                "0",
            ],
            "--occurrence",
        ),
    ] {
        let (code, _, err) = c.add(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let (code, _, err) = add_in(
        c.dir.path(),
        "doc-zz",
        &["--kind", "entity", "--type", "GPE", "--text", "x"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("<dir>: no article doc-zz.txt"), "{err}");
}
