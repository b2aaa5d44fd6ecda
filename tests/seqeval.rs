//! Scoring CoNLL files equals seqeval 1.2.2, in both chunking modes.
//!
//! `tests/fixtures/seqeval/cases.json` was made by seqeval itself
//! (`tools/seqeval_fixture.sh`): a few hundred pairs of CoNLL files, random
//! and adversarial (I- without B-, type switches inside a chunk, E-/S- tags,
//! empty files, all-O, single tokens, several documents), each with
//! seqeval's chunks and its classification report in the default mode and
//! in `mode='strict', scheme=IOB2`. Every case is replayed here through
//! `hudna::run::score` on the files as stored, and the `strict` scheme's
//! micro and per-type counts and precision, recall and F1 must be
//! seqeval's (the ratios to 1e-9; they are computed by the same
//! operations, so in practice bit for bit).
//!
//! Where seqeval refuses a case hudna must refuse it too (E-/S- tags under
//! strict IOB2), except one documented difference: seqeval raises a
//! `TypeError` on a corpus without a single sentence, and hudna scores it
//! as 0 gold, 0 predicted (every ratio 0, as seqeval's zero_division
//! default makes them when it does score).

use std::path::Path;

use hudna::formats::conll;
use hudna::formats::iob::{self, IobMode};
use hudna::run::{self, Settings, Spec};
use hudna::score::{Layer, Options, PerLabel};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seqeval/cases.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn settings(mode: IobMode) -> Settings {
    Settings {
        options: Options {
            iob: Some(mode),
            per_label: PerLabel::Filtered,
            resamples: 0,
            ..Options::default()
        },
        lenient: false,
        timeout: std::time::Duration::from_secs(1),
        shard: None,
        profile: hudna::profile::Profile::Strict,
        breakdowns: false,
        ..Settings::default()
    }
}

/// hudna's chunks of a file as the fixture writes seqeval's:
/// `[sentence, start, end, type]`, sorted.
fn chunks(path: &Path, text: &str, mode: IobMode) -> Result<Vec<Value>, usize> {
    let (f, r) = conll::parse(path, text.as_bytes());
    assert_eq!(r.errors(), 0, "{}", r.render_text());
    let mut out = Vec::new();
    for (k, s) in f.sentences().enumerate() {
        let tags: Vec<conll::Tag> = s.tokens.iter().map(|t| t.tag).collect();
        for c in iob::chunks(&tags, mode)? {
            let ty = &f.types()[c.ty as usize];
            out.push(serde_json::json!([k, c.start, c.end, ty]));
        }
    }
    out.sort_by_key(|v| v.to_string());
    Ok(out)
}

fn sorted(v: &Value) -> Vec<Value> {
    let mut v = v.as_array().unwrap().clone();
    v.sort_by_key(|v| v.to_string());
    v
}

/// Compares one row of hudna's report with seqeval's.
fn check_row(
    bad: &mut Vec<String>,
    what: &str,
    report: &hudna::report::ScoreReport,
    label: &str,
    theirs: &Value,
) {
    let Some(row) = report.row(Layer::Entities, "strict", label) else {
        bad.push(format!("{what}: no strict row for `{label}`"));
        return;
    };
    let c = row.counts.unwrap_or_default();
    let ours = [
        ("tp", c.correct),
        ("pred", c.actual()),
        ("true", c.possible()),
    ];
    for (name, v) in ours {
        if theirs[name].as_u64() != Some(v) {
            bad.push(format!(
                "{what} {label} {name}: hudna {v}, seqeval {}",
                theirs[name]
            ));
        }
    }
    for (name, v) in [
        ("precision", row.precision),
        ("recall", row.recall),
        ("f1", row.f1),
    ] {
        // Where a denominator is 0 seqeval says 0 (zero_division="warn")
        // and hudna undefined: the one documented difference.
        let t = theirs[name].as_f64().unwrap();
        if (t - v.unwrap_or(0.0)).abs() > TOLERANCE {
            bad.push(format!("{what} {label} {name}: hudna {v:?}, seqeval {t}"));
        }
    }
}

#[test]
fn hudna_scores_conll_files_as_seqeval_does_in_both_modes() {
    let fx = fixture();
    assert_eq!(fx["seqeval"], "1.2.2");
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 300, "{} cases", cases.len());
    let dir = tempfile::tempdir().unwrap();
    let (gold, pred) = (dir.path().join("gold.conll"), dir.path().join("pred.conll"));
    let mut bad = Vec::new();
    let mut compared = [0usize; 2];
    let mut refused = [0usize; 2];
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (gt, pt) = (
            case["gold"].as_str().unwrap(),
            case["pred"].as_str().unwrap(),
        );
        std::fs::write(&gold, gt).unwrap();
        std::fs::write(&pred, pt).unwrap();
        for (k, (key, mode)) in [("default", IobMode::Conlleval), ("strict", IobMode::Strict)]
            .into_iter()
            .enumerate()
        {
            let what = format!("{name} [{key}]");
            let theirs = &case[key];
            let out = run::score(
                &gold,
                &Spec::Files(vec![pred.clone().into()]),
                &settings(mode),
            )
            .unwrap_or_else(|e| panic!("{what}: {e}"));
            if let Some(err) = theirs["error"].as_str() {
                if case["sentences"] == 0 {
                    // seqeval: TypeError on no sentence at all; hudna: 0/0,
                    // every ratio undefined.
                    assert!(err.starts_with("TypeError"), "{what}: {err}");
                    let r = out.report.expect("an empty corpus is scored");
                    let m = r.row(Layer::Entities, "strict", "micro").unwrap();
                    assert_eq!(m.counts.unwrap_or_default().possible(), 0, "{what}");
                    assert_eq!((m.precision, m.recall, m.f1), (None, None, None), "{what}");
                } else if out.refused.is_none() {
                    bad.push(format!("{what}: seqeval refused ({err}), hudna scored"));
                } else {
                    let problems = out
                        .gold_problems
                        .diagnostics
                        .iter()
                        .chain(&out.prediction_problems.diagnostics);
                    if !problems.clone().any(|d| d.code == "iob2-tag") {
                        bad.push(format!("{what}: refused without an iob2-tag error"));
                    }
                    refused[k] += 1;
                }
                continue;
            }
            compared[k] += 1;
            // The chunks themselves.
            for (side, text) in [("gold", gt), ("pred", pt)] {
                match chunks(Path::new(side), text, mode) {
                    Ok(c) if c == sorted(&theirs["chunks"][side]) => {}
                    Ok(c) => bad.push(format!(
                        "{what} {side} chunks: hudna {c:?}, seqeval {:?}",
                        theirs["chunks"][side]
                    )),
                    Err(i) => bad.push(format!("{what} {side}: hudna refused token {i}")),
                }
            }
            let Some(report) = out.report else {
                bad.push(format!(
                    "{what}: hudna refused: {}{}",
                    out.gold_problems.render_text(),
                    out.prediction_problems.render_text()
                ));
                continue;
            };
            check_row(&mut bad, &what, &report, "micro", &theirs["micro"]);
            let types = theirs["types"].as_object().unwrap();
            for (label, t) in types {
                check_row(&mut bad, &what, &report, label, t);
            }
            // No type seqeval does not list.
            for m in &report.metrics {
                if m.layer == Layer::Entities
                    && m.scheme == "strict"
                    && m.label != "micro"
                    && m.label != "macro"
                    && !types.contains_key(&m.label)
                {
                    bad.push(format!("{what}: hudna has a row for `{}`", m.label));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} differences from seqeval, the first:\n{}",
        bad.len(),
        bad.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
    // Both modes were really exercised, refusals included.
    assert!(compared[0] >= 300 && compared[1] >= 200, "{compared:?}");
    assert!(refused[1] >= 50 && refused[0] == 0, "{refused:?}");
    eprintln!(
        "seqeval equality: {} cases; default mode {} compared, strict mode {} compared and {} refused as seqeval refuses them",
        cases.len(),
        compared[0],
        compared[1],
        refused[1]
    );
}
