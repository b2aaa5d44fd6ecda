//! No CoNLL input makes hudna panic: files assembled from tokens, every kind
//! of tag, junk columns, `-DOCSTART-` lines, blank and whitespace lines, CR,
//! a byte-order mark and invalid UTF-8 are read, and pairs of them scored
//! end to end in both chunking modes. Every outcome is a report or a list of
//! problems, each naming its file and a line.

use hudna::formats::conll;
use hudna::formats::iob::IobMode;
use hudna::run::{self, Settings, Spec};
use hudna::score::Options;
use proptest::prelude::*;

/// Pieces a line is made of.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => Just(b"tok".to_vec()),
        2 => Just("باكو".as_bytes().to_vec()),
        3 => Just(b"\t".to_vec()),
        3 => Just(b" ".to_vec()),
        4 => Just(b"O".to_vec()),
        3 => Just(b"B-PER".to_vec()),
        3 => Just(b"I-PER".to_vec()),
        2 => Just(b"I-LOC".to_vec()),
        1 => Just(b"E-PER".to_vec()),
        1 => Just(b"S-LOC".to_vec()),
        1 => Just(b"U-X".to_vec()),
        1 => Just(b"B-".to_vec()),
        1 => Just(b"B--X".to_vec()),
        1 => Just(b"-DOCSTART-".to_vec()),
        1 => Just(b"\r".to_vec()),
        1 => Just(b"\xEF\xBB\xBF".to_vec()),
        1 => Just(b"\xff\xfe".to_vec()),
        1 => Just("\u{a0}".as_bytes().to_vec()),
    ]
}

fn file() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::collection::vec(piece(), 0..5), 0..25).prop_map(|lines| {
        let mut out = Vec::new();
        for l in lines {
            for p in l {
                out.extend(p);
            }
            out.push(b'\n');
        }
        out
    })
}

/// A well-formed file and a prediction with the same tokens but other tags.
fn aligned() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    let tag = prop_oneof![
        Just("O"),
        Just("B-PER"),
        Just("I-PER"),
        Just("B-LOC"),
        Just("I-LOC"),
        Just("E-PER"),
        Just("S-LOC"),
    ];
    let line = (0u8..6, tag.clone(), tag);
    prop::collection::vec(line, 0..40).prop_map(|lines| {
        let (mut g, mut p) = (String::new(), String::new());
        for (kind, a, b) in lines {
            match kind {
                0 => {
                    g.push('\n');
                    p.push('\n');
                }
                1 => {
                    g.push_str("-DOCSTART-\n");
                    p.push_str("-DOCSTART- -X- -X- O\n");
                }
                _ => {
                    g.push_str(&format!("w{kind}\t{a}\n"));
                    p.push_str(&format!("w{kind} {b}\n"));
                }
            }
        }
        (g.into_bytes(), p.into_bytes())
    })
}

fn settings(mode: IobMode) -> Settings {
    Settings {
        options: Options {
            iob: Some(mode),
            resamples: 20,
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

fn score(gold: &[u8], pred: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let (g, p) = (dir.path().join("g.conll"), dir.path().join("p.conll"));
    std::fs::write(&g, gold).unwrap();
    std::fs::write(&p, pred).unwrap();
    for mode in [IobMode::Conlleval, IobMode::Strict] {
        let out = run::score(&g, &Spec::Files(vec![p.clone().into()]), &settings(mode)).unwrap();
        let problems: Vec<_> = out
            .gold_problems
            .diagnostics
            .iter()
            .chain(&out.prediction_problems.diagnostics)
            .collect();
        assert_eq!(out.report.is_some(), problems.is_empty());
        for d in problems {
            assert!(d.path == g || d.path == p, "{d}");
        }
        if let Some(r) = out.report {
            for m in &r.metrics {
                // Undefined (no item at all) or a finite fraction.
                assert!(
                    m.f1.is_none_or(|f1| f1.is_finite() && (0.0..=1.0).contains(&f1)),
                    "{m:?}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_bytes_are_read_without_panic(bytes in file()) {
        let (f, r) = conll::parse(std::path::Path::new("x.conll"), &bytes);
        prop_assert!(!f.documents.is_empty());
        for d in &r.diagnostics {
            prop_assert!(d.line.is_some() || d.code == "iob2-tag", "{}", d);
        }
    }

    #[test]
    fn any_pair_is_scored_or_refused(gold in file(), pred in file()) {
        score(&gold, &pred);
    }

    #[test]
    fn aligned_pairs_are_scored(pair in aligned()) {
        score(&pair.0, &pair.1);
        // The oracle scores 1 wherever there is anything to find.
        let dir = tempfile::tempdir().unwrap();
        let g = dir.path().join("g.conll");
        std::fs::write(&g, &pair.0).unwrap();
        let out = run::score(&g, &Spec::Gold, &settings(IobMode::Conlleval)).unwrap();
        let r = out.report.unwrap();
        for m in &r.metrics {
            if m.counts.is_some_and(|c| c.possible() > 0) {
                prop_assert_eq!(m.f1, Some(1.0), "{:?}", m);
            }
        }
    }
}
