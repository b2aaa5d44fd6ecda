//! The streaming run's chunking is invisible in its results: a gold error
//! stops the scoring from the chunk it is in (the gold is still read to
//! the end, every problem in it reported), whatever the order the chunks
//! are read, scored and tabulated in.

use std::io::Write;
use std::path::Path;

use hudna::run::{self, Refusal, Settings, Spec};
use hudna::synth::{Layers, SynthConfig, write_corpus};

fn corpus(dir: &Path, docs: usize) {
    let config = SynthConfig {
        docs,
        seed: 11,
        layers: Layers::Entities,
        entities: (3, 5),
        chars: (200, 400),
        ..SynthConfig::default()
    };
    write_corpus(&config, dir, false).unwrap();
}

fn append(path: &Path, line: &str) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .unwrap();
    writeln!(f, "{line}").unwrap();
}

/// A prediction line for document `n` whose text is not the article's.
fn wrong_text(n: usize) -> String {
    format!(
        r#"{{"kind":"entity","doc":"synth-{n:07}","type":"GPE","start":0,"end":1,"text":"WRONG"}}"#
    )
}

#[test]
fn a_gold_error_stops_scoring_from_its_chunk_on() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 260);
    let gold = dir.path().join("gold");
    // Documents are scored 64 at a time: 130 is in the third chunk.
    append(&gold.join("synth-0000130.jsonl"), r#"{"kind":"entity"}"#);
    let extra = dir.path().join("pred").join("zz-extra.jsonl");
    // Lines 1–4: bad predictions in the first, second, third and last
    // chunks; line 5, a second gold-free problem after the error's chunk.
    for n in [10, 100, 170, 259, 140] {
        append(&extra, &wrong_text(n));
    }
    let spec = Spec::Files(vec![dir.path().join("pred").into()]);
    let o = run::score(&gold, &spec, &Settings::default()).unwrap();
    assert_eq!(o.refused, Some(Refusal::Gold));
    let gold_lines: Vec<_> = o
        .gold_problems
        .diagnostics
        .iter()
        .filter(|d| d.path.ends_with("synth-0000130.jsonl"))
        .collect();
    assert!(!gold_lines.is_empty());
    // The chunks before the error's were scored; it and the ones after,
    // not.
    let mut lines: Vec<usize> = o
        .prediction_problems
        .diagnostics
        .iter()
        .filter(|d| d.path.ends_with("zz-extra.jsonl"))
        .filter_map(|d| d.line)
        .collect();
    lines.dedup();
    assert_eq!(lines, [1, 2]);
}

#[test]
fn every_gold_problem_is_reported_past_the_first_error() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 200);
    let gold = dir.path().join("gold");
    for n in [5, 70, 199] {
        append(
            &gold.join(format!("synth-{n:07}.jsonl")),
            r#"{"kind":"entity"}"#,
        );
    }
    for spec in [
        Spec::Files(vec![dir.path().join("pred").into()]),
        Spec::Gold,
        Spec::Baseline,
    ] {
        let o = run::score(&gold, &spec, &Settings::default()).unwrap();
        assert_eq!(o.refused, Some(Refusal::Gold));
        for n in [5, 70, 199] {
            let file = format!("synth-{n:07}.jsonl");
            assert!(
                o.gold_problems
                    .diagnostics
                    .iter()
                    .any(|d| d.path.ends_with(&file)),
                "{file} under {spec:?}"
            );
        }
        assert_eq!(o.prediction_problems.errors(), 0, "{spec:?}");
    }
}
