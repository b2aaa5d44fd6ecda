//! Regression tests for the hardening issue's cases of silent loss or
//! double counting, each named after its case.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use hudna::extract::GoldExtractor;
use hudna::run::{self, Refusal, Settings, Spec};
use hudna::score::{Layer, Options};
use hudna::validate::load_corpus;

fn settings(lenient: bool) -> Settings {
    Settings {
        options: Options {
            resamples: 0,
            ..Options::default()
        },
        lenient,
        timeout: Duration::from_secs(10),
        shard: None,
        ..Settings::default()
    }
}

/// The gold's own scored records as one predictions file in `dir`.
fn predictions(gold: &Path, dir: &Path, prefix: &[u8]) -> PathBuf {
    let (corpus, _) = load_corpus(gold).unwrap();
    let mut bytes = prefix.to_vec();
    for doc in corpus.docs.values() {
        for r in GoldExtractor::scored(doc) {
            bytes.extend(serde_json::to_vec(&r).unwrap());
            bytes.push(b'\n');
        }
    }
    let path = dir.join("preds.jsonl");
    std::fs::write(&path, bytes).unwrap();
    path
}

fn entities_strict(gold: &Path, paths: Vec<PathBuf>, lenient: bool) -> (u64, u64, usize) {
    let o = run::score(
        gold,
        &Spec::Files(paths.into_iter().map(Into::into).collect()),
        &settings(lenient),
    )
    .unwrap();
    let r = o.report.unwrap_or_else(|| panic!("{:?}", o.refused));
    let c = r
        .row(Layer::Entities, "strict", "micro")
        .unwrap()
        .counts
        .unwrap();
    (c.correct, c.spurious, o.rejected)
}

/// Case: `file:a.jsonl,a.jsonl`, or a directory plus a file inside it,
/// counted every prediction twice (each second copy spurious).
#[test]
fn a_file_named_twice_is_read_once() {
    let mini = common::two_docs();
    let dir = tempfile::tempdir().unwrap();
    let p = predictions(mini.path(), dir.path(), b"");
    let once = entities_strict(mini.path(), vec![p.clone()], false);
    assert!(once.0 > 0 && once.1 == 0, "{once:?}");
    let twice = entities_strict(mini.path(), vec![p.clone(), p.clone()], false);
    assert_eq!(twice, once);
    let dir_and_file = entities_strict(mini.path(), vec![dir.path().to_path_buf(), p], false);
    assert_eq!(dir_and_file, once);
}

/// Case: a dangling `<doc>.txt` symlink made an article vanish, exit 0.
#[cfg(unix)]
#[test]
fn a_dangling_article_link_is_an_error() {
    let mini = common::two_docs();
    std::os::unix::fs::symlink(
        mini.path().join("nowhere.txt"),
        mini.path().join("doc-three.txt"),
    )
    .unwrap();
    let (_, report) = load_corpus(mini.path()).unwrap();
    let text = report.render_text();
    assert!(
        text.contains("dangling-link") && text.contains("doc-three.txt"),
        "{text}"
    );
    let o = run::score(mini.path(), &Spec::Baseline, &settings(false)).unwrap();
    assert_eq!(o.refused, Some(Refusal::Gold));
}

/// Case: with `--lenient`, a file-level byte-order-mark diagnostic (filed on
/// line 1) discarded the valid record on line 1.
#[test]
fn a_byte_order_mark_does_not_discard_line_one() {
    let mini = common::two_docs();
    let dir = tempfile::tempdir().unwrap();
    let plain = predictions(mini.path(), dir.path(), b"");
    let expected = entities_strict(mini.path(), vec![plain], false);
    let with_bom = predictions(mini.path(), dir.path(), b"\xEF\xBB\xBF");
    // Strict: the BOM is an error and nothing is scored.
    let o = run::score(
        mini.path(),
        &Spec::Files(vec![with_bom.clone().into()]),
        &settings(false),
    )
    .unwrap();
    assert_eq!(o.refused, Some(Refusal::Predictions));
    assert!(
        o.prediction_problems
            .render_text()
            .contains("byte-order mark")
    );
    // Lenient: every record, the one on line 1 included, is scored.
    let lenient = entities_strict(mini.path(), vec![with_bom], true);
    assert_eq!((lenient.0, lenient.1), (expected.0, expected.1));
    assert_eq!(lenient.2, 0, "no record was refused");
}

/// Case: an empty `kb.jsonl` switched off every reference check, silently.
#[test]
fn an_empty_kb_is_an_error() {
    let mini = common::two_docs();
    mini.write("kb.jsonl", b"");
    let (_, report) = load_corpus(mini.path()).unwrap();
    let text = report.render_text();
    assert!(text.contains("empty-kb"), "{text}");
    assert!(report.errors() > 0);
}

/// Regression (#13): with stdout closed, the report was lost and the exit
/// code was 0.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_stdout_is_an_error_not_a_lost_report() {
    let bin = env!("CARGO_BIN_EXE_hudna");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("exec '{bin}' score --resamples 0 >&-"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("standard output is closed"), "{err}");
}

/// Regression (#13): `-o` onto a FIFO or a symbolic link replaced it with a
/// regular file; onto a file, it lost the file's mode.
#[cfg(unix)]
#[test]
fn output_onto_a_fifo_or_a_link_keeps_it() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a plain mkfifo on a path in our temporary directory.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = common::hudna_in(
        root,
        &[
            "score",
            "--resamples",
            "0",
            "--format",
            "json",
            "-o",
            fifo.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let got = reader.join().unwrap();
    assert!(got.starts_with(b"{"), "the report went through the pipe");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    let real = dir.path().join("real.json");
    std::fs::write(&real, b"old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o604)).unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (code, _, err) = common::hudna_in(
        root,
        &[
            "score",
            "--resamples",
            "0",
            "--format",
            "json",
            "-o",
            link.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read(&real).unwrap().starts_with(b"{"));
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o604
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 3, "no temporary file left: {left:?}");
}

/// Regression (#13): thousands of mutually overlapping predictions made
/// optimal matching cubic on one cluster (5,000 took 88 s). Above
/// `assign::MAX_EXACT` the cluster is paired greedily, and the report says
/// so instead of silently approximating.
#[test]
fn a_huge_overlapping_cluster_is_paired_greedily_and_reported() {
    let (corpus, _) = load_corpus(common::annotations()).unwrap();
    let doc = corpus.docs.values().next().unwrap();
    let e = doc
        .records
        .iter()
        .find_map(|l| match &l.record {
            hudna::record::Record::Entity(e) if e.start.is_some() => Some(e.clone()),
            _ => None,
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let preds = dir.path().join("p.jsonl");
    let line = serde_json::json!({
        "doc": doc.id, "kind": "entity", "type": e.entity_type, "start": e.start, "end": e.end, "text": e.text
    })
    .to_string();
    let n = hudna::score::assign::MAX_EXACT + 76;
    std::fs::write(&preds, format!("{line}\n").repeat(n)).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = format!("file:{}", preds.display());
    let (code, out, err) = common::hudna_in(
        root,
        &[
            "score",
            "--extractor",
            &spec,
            "--resamples",
            "0",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["coverage"]["approximated_clusters"], 1);
    let (_, text, _) = common::hudna_in(root, &["score", "--extractor", &spec, "--resamples", "0"]);
    assert!(text.contains("paired greedily"), "{text}");
    // Greedy or not, one of the copies pairs and the rest are spurious.
    let strict = r["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["scheme"] == "strict" && m["label"] == "micro")
        .unwrap();
    assert_eq!(strict["counts"]["spurious"], (n - 1) as u64);
}
