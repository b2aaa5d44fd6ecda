//! The gold compiled into hudna: the same corpus as `annotations/`, used
//! when no `--gold` is given, from any directory.

mod common;

use hudna::corpus::Gold;
use hudna::run::{Settings, Spec};
use hudna::score::Options;

fn settings() -> Settings {
    Settings {
        options: Options {
            resamples: 50,
            ..Options::default()
        },
        lenient: false,
        timeout: std::time::Duration::from_secs(60),
        shard: None,
        ..Settings::default()
    }
}

#[test]
fn the_bundled_gold_is_the_annotations_directory() {
    // Same files, byte for byte.
    let mut on_disk: Vec<(String, Vec<u8>)> = std::fs::read_dir(common::annotations())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .filter(|(n, _)| !n.starts_with('.'))
        .collect();
    on_disk.sort();
    let bundled: Vec<(String, Vec<u8>)> = hudna::bundled::FILES
        .iter()
        .map(|(n, b)| ((*n).to_owned(), b.to_vec()))
        .collect();
    assert_eq!(bundled, on_disk);

    // The same corpus, fingerprint and version.
    let (disk, r1) = hudna::validate::load_corpus(common::annotations()).unwrap();
    let (bund, r2) = hudna::validate::load_corpus(Gold::Bundled).unwrap();
    assert_eq!((r1.errors(), r2.errors()), (0, 0));
    assert_eq!(
        hudna::report::fingerprint(&disk),
        hudna::report::fingerprint(&bund)
    );
    assert_eq!(disk.version, bund.version);
    assert!(bund.version.is_some());
    assert_eq!(bund.root, std::path::Path::new("<bundled>"));
}

#[test]
fn scoring_the_bundled_gold_gives_the_directorys_report() {
    for spec in [Spec::Baseline, Spec::Gold] {
        let a = hudna::run::score(common::annotations(), &spec, &settings()).unwrap();
        let b = hudna::run::score(Gold::Bundled, &spec, &settings()).unwrap();
        let (a, b) = (a.report.unwrap(), b.report.unwrap());
        assert_eq!(
            a.to_json().unwrap(),
            b.to_json().unwrap(),
            "{}",
            spec.name()
        );
    }
}

#[test]
fn hudna_score_works_from_the_root_directory() {
    let from_root = common::hudna_in(
        std::path::Path::new("/"),
        &["score", "--format", "json", "--resamples", "50"],
    );
    assert_eq!(from_root.0, 0, "{}", from_root.2);
    let tmp = tempfile::tempdir().unwrap();
    let with_dir = common::hudna_in(
        tmp.path(),
        &[
            "score",
            "--format",
            "json",
            "--resamples",
            "50",
            "--gold",
            common::annotations().to_str().unwrap(),
        ],
    );
    assert_eq!(with_dir.0, 0, "{}", with_dir.2);
    assert_eq!(from_root.1, with_dir.1);
    // And the other commands that read the gold.
    for args in [
        &["validate"][..],
        &["lint"],
        &["stats"],
        &["show", "2020-10-10-moscow-ceasefire-talks"],
    ] {
        let (code, out, err) = common::hudna_in(tmp.path(), args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(!out.is_empty(), "{args:?}");
    }
}

#[test]
fn a_missing_gold_directory_names_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = common::hudna_in(tmp.path(), &["score", "--gold", "annotations"]);
    assert_eq!(code, 2);
    let file = tmp.path().join("file.txt");
    std::fs::write(&file, "x").unwrap();
    let (code2, _, err2) = common::hudna_in(tmp.path(), &["score", "--gold", "file.txt"]);
    assert_eq!(code2, 2);
    insta::assert_snapshot!("missing_gold_dir", format!("{err}{err2}"));
}
