//! `hudna synth`: the gold it writes validates, its predictions load, the
//! same seed writes the same bytes, and the scores move with the
//! perturbation rates as they should.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hudna::evaluate;
use hudna::extract::{Extractor, FileExtractor, GoldExtractor};
use hudna::score::{self, DocScore, Layer, Options};
use hudna::synth::{Layers, Perturb, SynthConfig, write_corpus};
use hudna::validate::load_corpus;

fn config(docs: usize, seed: u64, perturb: Perturb) -> SynthConfig {
    SynthConfig {
        docs,
        seed,
        perturb,
        ..SynthConfig::default()
    }
}

/// Writes a corpus into a fresh temp dir.
fn write(c: &SynthConfig) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(c, dir.path(), false).unwrap();
    dir
}

/// Every file under `dir` with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in ["gold", "pred"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            let p = e.unwrap().path();
            out.insert(
                p.strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(&p).unwrap(),
            );
        }
    }
    out
}

/// Scores `extractor` against the gold in `dir`, summed over documents.
fn total(dir: &Path, extractor: Option<&mut dyn Extractor>) -> DocScore {
    let (corpus, report) = load_corpus(dir.join("gold")).unwrap();
    assert_eq!(report.errors(), 0, "{}", report.render_text());
    let collected = match extractor {
        Some(ex) => evaluate::collect(&corpus, ex).unwrap(),
        None => {
            let (mut ex, report) = FileExtractor::open(&[dir.join("pred")], &corpus).unwrap();
            assert_eq!(report.errors(), 0, "{}", report.render_text());
            evaluate::collect(&corpus, &mut ex).unwrap()
        }
    };
    let opts = Options {
        resamples: 0,
        ..Options::default()
    };
    score::aggregate(evaluate::score(&corpus, &collected, &opts).values())
}

fn f1(t: &DocScore, layer: Layer, scheme: &str) -> f64 {
    let f1 = t.tallies[&(layer, scheme)].overall.prf(false).f1;
    f1.expect("the synthetic gold has items in every scheme")
}

fn recall(t: &DocScore, layer: Layer, scheme: &str) -> f64 {
    let r = t.tallies[&(layer, scheme)].overall.prf(false).recall;
    r.expect("the synthetic gold has items in every scheme")
}

#[test]
fn gold_validates_and_predictions_load() {
    let dir = write(&config(20, 7, Perturb::default()));
    let (corpus, report) = load_corpus(dir.path().join("gold")).unwrap();
    assert_eq!(report.errors(), 0, "{}", report.render_text());
    assert_eq!(corpus.docs.len(), 20);
    let doc = corpus.docs.values().next().unwrap();
    assert!(doc.entities().count() >= 40);
    assert!(doc.events().count() >= 10);
    assert!(doc.casualties().count() >= 2);
    assert!(
        doc.article.text().len() > doc.article.len(),
        "multi-byte text: bytes and code points differ"
    );
    // Some mention nests inside another one.
    let nested = corpus.docs.values().any(|d| {
        let spans: Vec<(usize, usize)> = d
            .entities()
            .map(|e| (e.start.unwrap(), e.end.unwrap()))
            .collect();
        spans
            .iter()
            .any(|a| spans.iter().any(|b| a != b && b.0 <= a.0 && a.1 <= b.1))
    });
    assert!(nested);
    let (ex, report) = FileExtractor::open(&[dir.path().join("pred")], &corpus).unwrap();
    assert_eq!(report.errors(), 0, "{}", report.render_text());
    assert_eq!(ex.predictions().docs.len(), 20);
    assert!(ex.predictions().rejected.is_empty());
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = write(&config(5, 42, Perturb::default()));
    let b = write(&config(5, 42, Perturb::default()));
    let c = write(&config(5, 43, Perturb::default()));
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert_eq!(fa, fb);
    assert_eq!(fa.keys().collect::<Vec<_>>(), fc.keys().collect::<Vec<_>>());
    let txt = PathBuf::from("gold/synth-0000000.txt");
    assert_ne!(fa[&txt], fc[&txt]);
    // A document does not depend on how many come after it, nor its text on
    // the perturbation.
    let d = write(&config(2, 42, Perturb::none()));
    assert_eq!(files(d.path())[&txt], fa[&txt]);
}

#[test]
fn oracle_and_unperturbed_predictions_score_one() {
    let dir = write(&config(20, 3, Perturb::none()));
    let (corpus, _) = load_corpus(dir.path().join("gold")).unwrap();
    let mut oracle = GoldExtractor::new(&corpus);
    for t in [
        total(dir.path(), Some(&mut oracle)),
        total(dir.path(), None),
    ] {
        for layer in Layer::ALL {
            for scheme in layer.schemes() {
                let c = t.tallies[&(layer, *scheme)].overall;
                if c.is_empty() {
                    continue;
                }
                assert_eq!(
                    c.prf(false).f1,
                    Some(1.0),
                    "{} {scheme}: {c:?}",
                    layer.as_str()
                );
            }
        }
    }
}

#[test]
fn scores_follow_the_rates() {
    let r = 0.2;
    // Only entity drops: strict recall near 1 − r, precision 1.
    let dir = write(&config(
        200,
        11,
        Perturb {
            entity_drop: r,
            ..Perturb::none()
        },
    ));
    let t = total(dir.path(), None);
    let got = recall(&t, Layer::Entities, "strict");
    assert!((got - (1.0 - r)).abs() < 0.02, "strict recall {got}");
    assert_eq!(t.tallies[&(Layer::Entities, "strict")].overall.spurious, 0);
    assert_eq!(f1(&t, Layer::Events, "trigger_cls"), 1.0);

    // Only event drops: trigger recall near 1 − r; entities untouched.
    let dir = write(&config(
        200,
        12,
        Perturb {
            event_drop: r,
            casualty_drop: r,
            ..Perturb::none()
        },
    ));
    let t = total(dir.path(), None);
    assert_eq!(f1(&t, Layer::Entities, "strict"), 1.0);
    let got = recall(&t, Layer::Events, "trigger_id");
    assert!((got - (1.0 - r)).abs() < 0.03, "trigger recall {got}");
    let got = recall(&t, Layer::Casualties, "mention");
    assert!((got - (1.0 - r)).abs() < 0.06, "casualty recall {got}");

    // Retypes and value changes keep counts but not matches.
    let dir = write(&config(
        200,
        13,
        Perturb {
            entity_retype: r,
            event_retype: r,
            casualty_value: r,
            ..Perturb::none()
        },
    ));
    let t = total(dir.path(), None);
    let exact = t.tallies[&(Layer::Entities, "exact")].overall;
    assert_eq!(exact.prf(false).f1, Some(1.0), "retypes keep the spans");
    let got = recall(&t, Layer::Entities, "strict");
    assert!((got - (1.0 - r)).abs() < 0.02, "strict recall {got}");
    assert_eq!(f1(&t, Layer::Events, "trigger_id"), 1.0);
    let got = recall(&t, Layer::Events, "trigger_cls");
    assert!((got - (1.0 - r)).abs() < 0.03, "trigger_cls recall {got}");
    let got = recall(&t, Layer::Casualties, "claim");
    assert!((got - (1.0 - r)).abs() < 0.06, "claim recall {got}");

    // Spurious mentions: recall stays 1, about r extra predictions.
    let dir = write(&config(
        200,
        14,
        Perturb {
            entity_spurious: r,
            ..Perturb::none()
        },
    ));
    let t = total(dir.path(), None);
    let c = t.tallies[&(Layer::Entities, "strict")].overall;
    assert_eq!(c.missed, 0);
    let ratio = c.spurious as f64 / c.possible() as f64;
    assert!((ratio - r).abs() < 0.02, "spurious ratio {ratio}");
}

#[test]
fn entities_only_has_no_events_or_casualties() {
    let c = SynthConfig {
        layers: Layers::Entities,
        ..config(10, 5, Perturb::default())
    };
    let dir = write(&c);
    for (path, bytes) in files(dir.path()) {
        let text = String::from_utf8(bytes).unwrap();
        if path.extension().is_some_and(|e| e == "jsonl") {
            assert!(!text.contains(r#""kind":"event""#), "{}", path.display());
            assert!(!text.contains(r#""kind":"casualty""#), "{}", path.display());
        }
    }
    let (corpus, report) = load_corpus(dir.path().join("gold")).unwrap();
    assert_eq!(report.errors(), 0, "{}", report.render_text());
    assert!(corpus.docs.values().all(|d| d.entities().count() > 0));
    // The text is the all-layers text.
    let all = write(&config(1, 5, Perturb::default()));
    let txt = PathBuf::from("gold/synth-0000000.txt");
    assert_eq!(files(all.path())[&txt], files(dir.path())[&txt]);
}

#[test]
fn refuses_a_non_empty_directory_unless_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    let err = write_corpus(&config(2, 1, Perturb::default()), dir.path(), false).unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
    write_corpus(&config(3, 1, Perturb::default()), dir.path(), true).unwrap();
    write_corpus(&config(2, 1, Perturb::default()), dir.path(), true).unwrap();
    assert!(dir.path().join("keep.txt").exists());
    let (corpus, report) = load_corpus(dir.path().join("gold")).unwrap();
    assert_eq!(report.errors(), 0);
    assert_eq!(corpus.docs.len(), 2, "a second run replaces gold/");
    let too_many = config(hudna::synth::MAX_DOCS + 1, 1, Perturb::default());
    assert!(write_corpus(&too_many, &dir.path().join("new"), false).is_err());
}

/// Runs the binary; returns (exit code, stdout, stderr).
fn hudna(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hudna"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    let o = out.to_str().unwrap();
    let (code, stdout, stderr) = hudna(&["synth", "--docs", "3", "--seed", "9", "--out", o]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("3 documents"), "{stdout}");
    let gold = out.join("gold");
    let (code, _, stderr) = hudna(&["validate", gold.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let pred = format!("file:{}", out.join("pred").display());
    let (code, stdout, stderr) = hudna(&[
        "score",
        "--gold",
        gold.to_str().unwrap(),
        "--extractor",
        &pred,
        "--resamples",
        "0",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("casualties"), "{stdout}");
    // Not into a non-empty directory, unless --force.
    let (code, _, stderr) = hudna(&["synth", "--docs", "3", "--out", o]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"), "{stderr}");
    let (code, _, stderr) = hudna(&["synth", "--docs", "3", "--out", o, "--force"]);
    assert_eq!(code, 0, "{stderr}");
    // Caps and ranges are usage errors.
    for bad in [
        ["--docs", "1000001"],
        ["--docs", "0"],
        ["--rate", "1.5"],
        ["--events", "9-3"],
    ] {
        let (code, _, stderr) = hudna(&["synth", bad[0], bad[1], "--out", o, "--force"]);
        assert_eq!(code, 2, "{bad:?}: {stderr}");
        assert!(stderr.contains(bad[0]), "{stderr}");
    }
}
