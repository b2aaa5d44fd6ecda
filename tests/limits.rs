//! Issue #13: numbers that size memory or time are capped (`hudna::limits`),
//! in the library where they are used (an error, never a panic or an
//! allocation abort) and on the command line when parsing (a usage error,
//! exit 2, naming the flag and the range).

mod common;

use hudna::compare::{self, NamedReport, ReportError, Settings};
use hudna::error::Error;
use hudna::extract::GoldExtractor;
use hudna::limits::{MAX_PERMUTATIONS, MAX_RESAMPLES};
use hudna::report::ScoreReport;
use hudna::score::Options;

fn report(resamples: usize) -> Result<ScoreReport, Error> {
    let m = common::Mini::new();
    let (corpus, _) = hudna::validate::load_corpus(m.path()).unwrap();
    let collected = hudna::evaluate::collect(&corpus, &mut GoldExtractor::new(&corpus)).unwrap();
    let opts = Options {
        resamples,
        ..Options::default()
    };
    let per_doc = hudna::evaluate::score(&corpus, &collected, &opts);
    hudna::report::build(&corpus, &collected, &per_doc, &opts)
}

/// Case: `report::build` with more resamples than the cap (it used to
/// allocate `resamples × documents` draws first: a capacity overflow or an
/// allocation abort). The cap itself is allowed.
#[test]
fn score_report_refuses_resamples_above_the_cap() {
    match report(MAX_RESAMPLES + 1) {
        Err(Error::Limit(e)) => {
            assert_eq!(
                (e.what, e.value, e.max),
                ("resamples", MAX_RESAMPLES + 1, MAX_RESAMPLES)
            );
        }
        other => panic!("expected a limit error, got {other:?}"),
    }
    assert!(matches!(report(usize::MAX), Err(Error::Limit(_))));
    assert!(report(0).is_ok());
}

/// Case: `compare::paired` (behind `compare` and the gate's regression
/// rules) with resamples or rounds above their caps.
#[test]
fn comparison_refuses_resamples_and_permutations_above_the_caps() {
    let r = report(0).unwrap();
    let (a, b) = (NamedReport::new("a", r.clone()), NamedReport::new("b", r));
    let over = |resamples, permutations| {
        compare::compare(
            &a,
            &b,
            &Settings {
                resamples,
                permutations,
                seed: 1,
                top: 3,
            },
        )
    };
    match over(0, MAX_PERMUTATIONS + 1) {
        Err(ReportError::Limit(e)) => assert_eq!(e.what, "permutations"),
        other => panic!("expected a limit error, got {other:?}"),
    }
    match over(usize::MAX, 0) {
        Err(ReportError::Limit(e)) => assert_eq!(e.what, "resamples"),
        other => panic!("expected a limit error, got {other:?}"),
    }
    assert!(over(10, 10).is_ok());
}

fn hudna(args: &[&str]) -> (i32, String, String) {
    common::hudna_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Case: `--resamples 10000000000` (an allocation abort before), a value too
/// large for any integer, a negative, `--permutations` above its cap, and
/// `--timeout` out of range: each a usage error (exit 2) before anything is
/// read, naming the flag and the accepted range.
#[test]
fn numeric_arguments_above_their_caps_are_usage_errors() {
    let cases: &[&[&str]] = &[
        &["score", "--resamples", "10000000000"],
        &["score", "--resamples", "100001"],
        &["score", "--resamples=-1"],
        &[
            "compare",
            "a.json",
            "b.json",
            "--resamples",
            "18446744073709551616",
        ],
        &["compare", "a.json", "b.json", "--permutations", "1000000"],
        &["score", "--timeout", "nan"],
        &["score", "--timeout", "0"],
    ];
    let mut log = String::new();
    for args in cases {
        let (code, out, err) = hudna(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: nothing runs");
        let flag = args
            .iter()
            .find(|a| a.starts_with("--"))
            .unwrap()
            .split('=')
            .next()
            .unwrap();
        assert!(err.contains(flag), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        log.push_str(&format!("$ hudna {}\n{err}\n", args.join(" ")));
    }
    insta::assert_snapshot!("numeric_caps", log);
    // The caps themselves are accepted.
    let (code, _, err) = hudna(&[
        "score",
        "--gold",
        common::Mini::new().path().to_str().unwrap(),
        "--extractor",
        "gold",
        "--resamples",
        "0",
        "--timeout",
        "86400",
    ]);
    assert_eq!(code, 0, "{err}");
}
