//! Shards: `hudna score --shard I/N` on each slice, then `hudna merge`,
//! gives the report of one run — every count, average and bootstrap
//! interval, byte for byte — and merging refuses parts that do not make one
//! run.

mod common;

use std::path::Path;
use std::time::Duration;

use hudna::report::{self, ScoreReport, Shard};
use hudna::run::{self, Settings, Spec};
use hudna::score::{Layer, Options};
use hudna::synth::{SynthConfig, write_corpus};

fn settings(shard: Option<Shard>) -> Settings {
    Settings {
        options: Options {
            resamples: 300,
            ..Options::default()
        },
        lenient: false,
        timeout: Duration::from_secs(60),
        shard,
        // Breakdowns are merged like counts: the equality covers them.
        breakdowns: true,
        ..Settings::default()
    }
}

fn scored(gold: &Path, spec: &Spec, shard: Option<Shard>) -> ScoreReport {
    let o = run::score(gold, spec, &settings(shard)).unwrap();
    assert!(
        o.refused.is_none(),
        "{}",
        o.prediction_problems.render_text()
    );
    o.report.unwrap()
}

fn sharded(gold: &Path, spec: &Spec, n: u32) -> ScoreReport {
    let mut parts: Vec<ScoreReport> = (1..=n)
        .map(|index| scored(gold, spec, Some(Shard { index, count: n })))
        .collect();
    // Any order.
    parts.reverse();
    report::merge(&parts).unwrap()
}

#[test]
fn shards_partition_the_documents() {
    for n in [1usize, 2, 5, 9, 10, 1000] {
        for count in [1u32, 2, 3, 7] {
            let mut seen = vec![0; n];
            for index in 1..=count {
                for i in (Shard { index, count }).range(n) {
                    seen[i] += 1;
                }
            }
            assert!(seen.iter().all(|s| *s == 1), "{n} docs, {count} shards");
        }
    }
}

#[test]
fn merged_shards_equal_one_run_on_the_bundled_gold() {
    let gold = common::annotations();
    let whole = scored(&gold, &Spec::Baseline, None);
    for n in [2, 3, 5] {
        let merged = sharded(&gold, &Spec::Baseline, n);
        assert_eq!(
            merged.to_json().unwrap(),
            whole.to_json().unwrap(),
            "{n} shards"
        );
    }
}

#[test]
fn merged_shards_equal_one_run_on_a_synthetic_corpus_with_files() {
    let dir = tempfile::tempdir().unwrap();
    let config = SynthConfig {
        docs: 40,
        seed: 7,
        ..SynthConfig::default()
    };
    write_corpus(&config, dir.path(), false).unwrap();
    let gold = dir.path().join("gold");
    let spec = Spec::Files(vec![dir.path().join("pred").into()]);
    let whole = scored(&gold, &spec, None);
    assert_eq!(whole.documents.len(), 40);
    let merged = sharded(&gold, &spec, 4);
    assert_eq!(merged.to_json().unwrap(), whole.to_json().unwrap());
    // A shard alone is partial, and says so.
    let part = scored(&gold, &spec, Some(Shard { index: 2, count: 4 }));
    assert_eq!(part.shard, Some(Shard { index: 2, count: 4 }));
    assert_eq!(part.documents.len(), 10);
}

#[test]
fn merge_refuses_what_is_not_one_run() {
    let gold = common::annotations();
    let part = |index, count| scored(&gold, &Spec::Baseline, Some(Shard { index, count }));
    let (a, b, c) = (part(1, 3), part(2, 3), part(3, 3));
    let err = |parts: &[ScoreReport]| report::merge(parts).unwrap_err();
    let mut msgs = vec![
        err(&[a.clone(), b.clone()]),
        err(&[a.clone(), a.clone(), b.clone(), c.clone()]),
        err(&[scored(&gold, &Spec::Baseline, None)]),
        err(&[a.clone(), part(2, 2)]),
        err(&[]),
    ];
    let mut other = b.clone();
    other.extractor = "gold".into();
    msgs.push(err(&[a.clone(), other, c.clone()]));
    let mut greedy = c.clone();
    greedy.options.matching = hudna::score::Matching::Greedy;
    msgs.push(err(&[a, b, greedy]));
    insta::assert_snapshot!("merge_refusals", msgs.join("\n"));
}

/// Shards of a `--layers` run merge into that run's report, shards with no
/// document at all included (7 shards of 5 documents); shards scored on
/// other layers are refused.
#[test]
fn shards_of_some_layers_merge_and_other_layers_are_refused() {
    let gold = common::annotations();
    let layers = [Layer::Entities, Layer::Casualties];
    let run = |shard: Option<Shard>, layers: &[Layer]| {
        let settings = Settings {
            layers: layers.to_vec(),
            ..settings(shard)
        };
        let o = run::score(&gold, &Spec::Gold, &settings).unwrap();
        o.report.unwrap()
    };
    let whole = run(None, &layers);
    let parts: Vec<ScoreReport> = (1..=7)
        .map(|index| run(Some(Shard { index, count: 7 }), &layers))
        .collect();
    assert!(
        parts.iter().any(|p| p.documents.is_empty()),
        "an empty shard"
    );
    let empty = parts.iter().find(|p| p.documents.is_empty()).unwrap();
    assert_eq!(
        empty.layers, layers,
        "an empty shard still says what it scored"
    );
    assert_eq!(
        report::merge(&parts).unwrap().to_json().unwrap(),
        whole.to_json().unwrap()
    );
    let mut mixed = parts.clone();
    mixed[1] = run(Some(Shard { index: 2, count: 7 }), &[Layer::Entities]);
    assert_eq!(
        report::merge(&mixed).unwrap_err(),
        "report 2 scored the layers entities but report 1 scored entities, casualties (every shard needs the same --layers)"
    );
}

fn hudna(args: &[&str], cwd: &Path) -> (i32, String, String) {
    common::hudna_in(cwd, args)
}

#[test]
fn the_command_line_shards_and_merges() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let gold = Path::new(root).join("annotations");
    let gold = gold.to_str().unwrap();
    let mut parts = Vec::new();
    for i in 1..=2 {
        let out = dir.path().join(format!("part{i}.json"));
        let shard = format!("{i}/2");
        let (code, _, err) = hudna(
            &[
                "score",
                "--gold",
                gold,
                "--shard",
                &shard,
                "--format",
                "json",
                "-o",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert_eq!(code, 0, "{err}");
        parts.push(out);
    }
    let (code, merged, err) = hudna(
        &[
            "merge",
            parts[1].to_str().unwrap(),
            parts[0].to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let (code, whole, _) = hudna(&["score", "--gold", gold, "--format", "json"], dir.path());
    assert_eq!(code, 0);
    assert_eq!(merged, whole);
    // One part alone is refused, with exit 2.
    let (code, _, err) = hudna(&["merge", parts[0].to_str().unwrap()], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("missing shard(s): 2/2"), "{err}");
    let (code, _, err) = hudna(&["score", "--gold", gold, "--shard", "3/2"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("is not a shard"), "{err}");
}
