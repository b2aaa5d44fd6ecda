//! The streaming run's chunking is invisible in its results: a gold error
//! stops the scoring from the chunk it is in (the gold is still read to
//! the end, every problem in it reported), whatever the order the chunks
//! are read, scored and tabulated in.

use std::io::Write;
use std::path::Path;

use hudna::corpus::Doc;
use hudna::error::Error;
use hudna::extract::FileExtractor;
use hudna::listing::Line;
use hudna::run::{self, Refusal, Settings, Spec};
use hudna::score::Options;
use hudna::synth::{Layers, SynthConfig, write_corpus};
use hudna::validate::load_corpus;

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
    // Bad predictions in the first and second chunks (lines 1, 2), in
    // the error's chunk, 128–191 (lines 3, 5), in the chunk after it,
    // which may be scored while the error's chunk is tabulated (line 4),
    // and in the last (line 6).
    for n in [10, 100, 170, 200, 140, 259] {
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
    // A bad prediction after the first error: never read as a prediction.
    append(
        &dir.path().join("pred").join("zz-extra.jsonl"),
        &wrong_text(100),
    );
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

/// Past one chunk, the direct path (each document read, extracted and
/// scored in one task; tabulation beside the next chunk's scoring, or
/// between chunks when listings are handed on) and the live path (a chunk
/// at a time through an extractor object) give the same report, byte for
/// byte, and the same listing in the same order.
#[test]
fn the_direct_and_the_live_paths_agree_past_one_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let config = SynthConfig {
        docs: 150,
        seed: 12,
        entities: (3, 6),
        events: (1, 3),
        casualties: (1, 2),
        chars: (300, 600),
        ..SynthConfig::default()
    };
    write_corpus(&config, dir.path(), false).unwrap();
    let gold = dir.path().join("gold");
    let pred = dir.path().join("pred");
    let settings = Settings {
        options: Options {
            resamples: 50,
            ..Options::default()
        },
        breakdowns: true,
        ..Settings::default()
    };
    let listed = |go: &mut dyn FnMut(&mut run::OnLines<'_>) -> run::Outcome| {
        let mut lines: Vec<(String, Line)> = Vec::new();
        let mut take = |d: &Doc, ls: Vec<Line>| -> Result<(), Error> {
            lines.extend(ls.into_iter().map(|l| (d.id.clone(), l)));
            Ok(())
        };
        let o = go(&mut take);
        (o.report.unwrap().to_json().unwrap(), lines)
    };
    let spec = Spec::Files(vec![pred.clone().into()]);
    let direct = run::score(&gold, &spec, &settings).unwrap();
    let direct = direct.report.unwrap().to_json().unwrap();
    let (direct_listed, direct_lines) =
        listed(&mut |f| run::score_listed(&gold, &spec, &settings, Some(f)).unwrap());
    let (corpus, _) = load_corpus(&gold).unwrap();
    let (mut fx, problems) = FileExtractor::open(std::slice::from_ref(&pred), &corpus).unwrap();
    assert_eq!(problems.errors(), 0);
    let (live_listed, live_lines) =
        listed(&mut |f| run::score_with_listed(&gold, &mut fx, &settings, Some(f)).unwrap());
    assert!(direct_lines.len() > 1000, "{}", direct_lines.len());
    assert_eq!(direct, direct_listed);
    assert_eq!(direct, live_listed);
    assert_eq!(direct_lines, live_lines);
}

/// What the run counts besides the scores adds up over every chunk:
/// predictions without offsets, and predictions refused and (under
/// `--lenient`) scored as spurious.
#[test]
fn coverage_counts_add_up_across_chunks() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 150);
    let gold = dir.path().join("gold");
    let spec = Spec::Files(vec![dir.path().join("pred").into()]);
    let settings = Settings {
        lenient: true,
        ..Settings::default()
    };
    let coverage = || {
        let o = run::score(&gold, &spec, &settings).unwrap();
        o.report.unwrap().coverage
    };
    let before = coverage();
    let extra = dir.path().join("pred").join("zz-extra.jsonl");
    // Four entities without offsets, in three chunks.
    for n in [3, 70, 70, 140] {
        append(
            &extra,
            &format!(r#"{{"kind":"entity","doc":"synth-{n:07}","type":"GPE","text":"باكو"}}"#),
        );
    }
    // Three refused predictions, in three chunks.
    for n in [1, 100, 149] {
        append(&extra, &wrong_text(n));
    }
    let after = coverage();
    let offset_free =
        |c: &hudna::report::Coverage| c.without_offsets.get("entities").copied().unwrap_or(0);
    assert_eq!(offset_free(&after), offset_free(&before) + 4);
    assert_eq!(after.rejected_records, before.rejected_records + 3);
}
