//! `hudna fmt`: the canonical form is a function of the records (any order
//! of lines and keys formats to the same bytes), it keeps every record,
//! it is idempotent, `--check` lists what is not canonical, and the shipped
//! corpus is already canonical.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use hudna::canonical::format_bytes;

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

/// The records files of a corpus directory, by name.
fn records_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    hudna::canonical::records_files(&[dir.to_path_buf()])
        .unwrap()
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// A file's records as a sorted list of JSON values (a multiset).
fn record_set(bytes: &[u8]) -> Vec<String> {
    let mut v: Vec<String> = String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .unwrap()
                .to_string()
        })
        .collect();
    v.sort();
    v
}

/// A copy of the bundled corpus whose records files are scrambled: lines
/// reversed, keys in serde_json's (alphabetical) order without spaces, a
/// blank line in the middle.
fn scrambled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(common::annotations()).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    for (name, bytes) in records_files(dir.path()) {
        let text = String::from_utf8(bytes).unwrap();
        let mut lines: Vec<String> = text
            .lines()
            .rev()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l)
                    .unwrap()
                    .to_string()
            })
            .collect();
        lines.insert(lines.len() / 2, String::new());
        std::fs::write(dir.path().join(name), lines.join("\n") + "\n").unwrap();
    }
    dir
}

/// The canonical-form test of the shipped corpus. If the gold changes in a
/// way that is not canonical, `hudna fmt annotations` puts it right.
#[test]
fn the_shipped_corpus_is_already_canonical() {
    for (name, bytes) in records_files(&common::annotations()) {
        let canonical = format_bytes(Path::new(&name), &bytes).unwrap();
        assert!(
            canonical.as_bytes() == bytes.as_slice(),
            "annotations/{name} is not in canonical form: run `hudna fmt annotations`"
        );
    }
}

#[test]
fn fmt_restores_the_canonical_form_keeping_every_record() {
    let dir = scrambled_copy();
    let d = dir.path().display().to_string();
    let originals = records_files(&common::annotations());
    let scrambled = records_files(dir.path());

    let (code, out, _) = hudna(&["fmt", "--check", &d]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_lists_files", out.replace(&d, "<dir>"));
    assert_eq!(
        records_files(dir.path()),
        scrambled,
        "--check writes nothing"
    );

    let (code, out, err) = hudna(&["fmt", &d]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("5 file(s) formatted, 0 already canonical\n"),
        "{out}"
    );
    let formatted = records_files(dir.path());
    for (name, bytes) in &formatted {
        // Every record kept (the same multiset of values).
        assert_eq!(record_set(bytes), record_set(&originals[name]), "{name}");
        // The canonical form depends on the records only, not on the order
        // lines and keys came in.
        let from_original = format_bytes(Path::new(name), &originals[name]).unwrap();
        assert_eq!(String::from_utf8_lossy(bytes), from_original, "{name}");
    }
    // Still the same corpus: it validates, and its counts are unchanged.
    let (corpus, report) = hudna::validate::load_corpus(dir.path()).unwrap();
    assert_eq!(report.errors(), 0, "{}", report.render_text());
    let (shipped, _) = hudna::validate::load_corpus(common::annotations()).unwrap();
    assert_eq!(
        hudna::stats::to_markdown(&hudna::stats::compute(&corpus)),
        hudna::stats::to_markdown(&hudna::stats::compute(&shipped))
    );

    // Idempotent: a second run changes nothing, and --check is satisfied.
    let (code, out, _) = hudna(&["fmt", &d]);
    assert_eq!(
        (code, out.as_str()),
        (0, "0 file(s) formatted, 5 already canonical\n")
    );
    assert_eq!(records_files(dir.path()), formatted);
    let (code, out, _) = hudna(&["fmt", "--check", &d]);
    assert_eq!((code, out.as_str()), (0, "5 file(s) canonical\n"));
}

#[test]
fn formatting_twice_is_formatting_once() {
    for (name, bytes) in records_files(&common::annotations()) {
        let once = format_bytes(Path::new(&name), &bytes).unwrap();
        let twice = format_bytes(Path::new(&name), once.as_bytes()).unwrap();
        assert_eq!(once, twice, "{name}");
    }
}

#[test]
fn a_file_that_cannot_be_formatted_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let bad = "{\"kind\": \"entity\", \"doc\": \"d\", \"id\": \"e1\", \"id\": \"e2\"}\n{\"doc\": \"d\"}\n";
    let good = "{\"doc\": \"d\", \"kind\": \"zone\"}\n";
    std::fs::write(dir.path().join("bad.jsonl"), bad).unwrap();
    std::fs::write(dir.path().join("good.jsonl"), good).unwrap();
    std::fs::write(dir.path().join("kb.jsonl"), "{\"z\": 1, \"a\": 2}\n").unwrap();
    let (code, out, _) = hudna(&["fmt", &d]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("refused", out.replace(&d, "<dir>"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.jsonl")).unwrap(),
        bad
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("good.jsonl")).unwrap(),
        "{\"kind\": \"zone\", \"doc\": \"d\"}\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kb.jsonl")).unwrap(),
        "{\"z\": 1, \"a\": 2}\n",
        "the KB is not a records file"
    );
    let (code, _, err) = hudna(&["fmt", "/nonexistent/dir"]);
    assert_eq!(code, 2, "{err}");
}
