//! What must not be credited, and what must, for entity spans and casualty
//! figures, option by option; and casualty value statistics end to end.
//!
//! Each test states its expected counts from its inputs: a figure that does
//! not overlap, or has another category, or an incompatible count is not a
//! match; `--claim-victims` and `--claim-source` each change the verdict
//! when (and only when) they are on.

mod common;
mod scenarios;

use hudna::record::{Count, Record, Victims};
use hudna::score::casualties::{self, CasualtyItem, ClaimKeys};
use hudna::score::spans::{self, Matching, Span};
use hudna::score::{Counts, Layer, Options, Tally};
use hudna::vocab::{CasualtyCategory, Qualifier, VictimGroup};
use scenarios::Scenarios;

fn cms(c: Counts) -> (u64, u64, u64) {
    (c.correct, c.missed, c.spurious)
}

fn exactly(v: u64) -> Count {
    Count {
        value: Some(v),
        qualifier: Qualifier::Exact,
        low: None,
        high: None,
    }
}

fn bounds(value: Option<u64>, low: Option<u64>, high: Option<u64>) -> Count {
    Count {
        value,
        qualifier: Qualifier::Range,
        low,
        high,
    }
}

fn fig(cat: CasualtyCategory, count: Count, span: Option<(usize, usize)>) -> CasualtyItem {
    CasualtyItem {
        category: cat,
        count,
        span,
        group: None,
        source_ref: None,
    }
}

// ---------------------------------------------------------------- mentions

#[test]
fn a_mention_needs_overlap() {
    use CasualtyCategory::Killed;
    let gold = [fig(Killed, exactly(8), Some((10, 20)))];
    for (span, shared) in [((20, 25), 0), ((0, 10), 0), ((30, 40), 0), ((19, 25), 1)] {
        let pred = [fig(Killed, exactly(8), Some(span))];
        let (mention, claim, _) = casualties::score(&gold, &pred, ClaimKeys::default());
        let want = if shared > 0 { (1, 0, 0) } else { (0, 1, 1) };
        assert_eq!(cms(mention.overall), want, "pred span {span:?}");
        assert_eq!(cms(claim.overall), (1, 0, 0), "claims ignore spans");
    }
}

#[test]
fn a_mention_needs_the_category_and_a_compatible_count() {
    use CasualtyCategory::{Injured, Killed};
    let gold = [fig(Killed, exactly(8), Some((10, 20)))];
    let cases = [
        (fig(Injured, exactly(8), Some((10, 20))), false),
        (fig(Killed, exactly(9), Some((10, 20))), false),
        (fig(Killed, exactly(8), Some((12, 15))), true),
        // A figure without offsets takes no part in mentions at all.
        (fig(Killed, exactly(8), None), false),
    ];
    for (p, ok) in cases {
        let with_span = p.span.is_some();
        let (mention, _, _) =
            casualties::score(&gold, std::slice::from_ref(&p), ClaimKeys::default());
        let want = match (ok, with_span) {
            (true, _) => (1, 0, 0),
            (false, true) => (0, 1, 1),
            (false, false) => (0, 1, 0),
        };
        assert_eq!(cms(mention.overall), want, "{p:?}");
        if !ok && with_span {
            // Missed under the gold's category, spurious under the prediction's.
            assert_eq!(mention.by_label["killed"].missed, 1);
            assert_eq!(mention.by_label[p.category.as_str()].spurious, 1);
        }
    }
}

#[test]
fn mentions_prefer_more_pairs_then_more_shared_code_points() {
    use CasualtyCategory::Killed;
    // g0 fits p0 only; g1 fits both. Pairing g1 with p0 (the larger overlap)
    // would leave g0 alone: the most pairs come first.
    let gold = [
        fig(Killed, exactly(3), Some((0, 4))),
        fig(Killed, exactly(3), Some((2, 12))),
    ];
    let pred = [
        fig(Killed, exactly(3), Some((2, 10))),
        fig(Killed, exactly(3), Some((10, 12))),
    ];
    let (mention, _, _) = casualties::score(&gold, &pred, ClaimKeys::default());
    assert_eq!(cms(mention.overall), (2, 0, 0));
}

// ------------------------------------------------------------------ claims

fn keyed(group: Option<VictimGroup>, source: Option<&str>) -> CasualtyItem {
    CasualtyItem {
        group,
        source_ref: source.map(str::to_owned),
        ..fig(CasualtyCategory::Killed, exactly(8), None)
    }
}

#[test]
fn claim_victims_is_checked_only_when_asked() {
    let gold = [keyed(Some(VictimGroup::Military), None)];
    let other = [keyed(Some(VictimGroup::Civilian), None)];
    let unsaid = [keyed(None, None)];
    let same = [keyed(Some(VictimGroup::Military), None)];
    let on = ClaimKeys {
        victims: true,
        source: false,
    };
    let claim = |pred: &[CasualtyItem], keys| cms(casualties::score(&gold, pred, keys).1.overall);
    assert_eq!(claim(&other, ClaimKeys::default()), (1, 0, 0));
    assert_eq!(claim(&unsaid, ClaimKeys::default()), (1, 0, 0));
    assert_eq!(claim(&other, on), (0, 1, 1), "other victims");
    assert_eq!(claim(&unsaid, on), (0, 1, 1), "victims not said");
    assert_eq!(claim(&same, on), (1, 0, 0));
    // The source key is not the victims key.
    let src = ClaimKeys {
        victims: false,
        source: true,
    };
    assert_eq!(claim(&other, src), (1, 0, 0));
}

#[test]
fn claim_source_is_checked_only_when_asked() {
    let gold = [keyed(None, Some("ministry"))];
    let other = [keyed(None, Some("army"))];
    let unsaid = [keyed(None, None)];
    let same = [keyed(None, Some("ministry"))];
    let on = ClaimKeys {
        victims: false,
        source: true,
    };
    let claim = |pred: &[CasualtyItem], keys| cms(casualties::score(&gold, pred, keys).1.overall);
    assert_eq!(claim(&other, ClaimKeys::default()), (1, 0, 0));
    assert_eq!(claim(&other, on), (0, 1, 1), "another source");
    assert_eq!(claim(&unsaid, on), (0, 1, 1), "source not said");
    assert_eq!(claim(&same, on), (1, 0, 0));
    let both = ClaimKeys {
        victims: true,
        source: true,
    };
    assert_eq!(claim(&same, both), (1, 0, 0), "no victims on either side");
    let vic = ClaimKeys {
        victims: true,
        source: false,
    };
    assert_eq!(claim(&other, vic), (1, 0, 0));
}

#[test]
fn a_claim_needs_the_category_and_a_compatible_count() {
    use CasualtyCategory::{Injured, Killed};
    let gold = [fig(Killed, bounds(Some(200), Some(201), None), None)];
    let cases = [
        (fig(Injured, exactly(250), None), false),
        (fig(Killed, exactly(150), None), false),
        (fig(Killed, exactly(250), None), true),
        (fig(Killed, bounds(None, None, None), None), false),
    ];
    for (p, ok) in cases {
        let (_, claim, v) =
            casualties::score(&gold, std::slice::from_ref(&p), ClaimKeys::default());
        let want = if ok { (1, 0, 0) } else { (0, 1, 1) };
        assert_eq!(cms(claim.overall), want, "{p:?}");
        assert_eq!(v.matched, ok as u64);
    }
}

// ------------------------------------------------------- value statistics

#[test]
fn value_statistics_count_errors_and_vague_figures() {
    use CasualtyCategory::{Injured, Killed, Missing};
    let gold = [
        // "About 10" (5 to 15), read as 12: error 2.
        fig(Killed, bounds(Some(10), Some(5), Some(15)), None),
        // "More than 200", read as 250: error 50.
        fig(Injured, bounds(Some(200), Some(201), None), None),
        // Vague "hundreds", read with the same bounds: exact, no error term.
        fig(Missing, bounds(None, Some(100), Some(999)), None),
    ];
    let pred = [
        fig(Killed, exactly(12), None),
        fig(Injured, exactly(250), None),
        fig(Missing, bounds(None, Some(100), Some(999)), None),
    ];
    let stats = |gold: &[CasualtyItem], pred: &[CasualtyItem]| {
        casualties::score(gold, pred, ClaimKeys::default()).2
    };
    let v = stats(&gold, &pred);
    assert_eq!(
        (v.matched, v.exact, v.with_values, v.abs_error_sum),
        (3, 1, 2, 2 + 50)
    );
    assert!((v.mean_abs_error().unwrap() - 26.0).abs() < 1e-12);
    assert!((v.exact_accuracy().unwrap() - 1.0 / 3.0).abs() < 1e-12);

    // A value-less prediction is compatible with a vague gold figure whose
    // range holds its bound, but it is not the gold's exact figure.
    let v = stats(
        &gold[2..],
        &[fig(Missing, bounds(None, Some(150), None), None)],
    );
    assert_eq!((v.matched, v.exact, v.with_values), (1, 0, 0));
    // Nor is a bound alone the gold's stated value.
    let v = stats(
        &gold[1..2],
        &[fig(Injured, bounds(None, Some(200), None), None)],
    );
    assert_eq!((v.matched, v.exact, v.with_values), (1, 0, 0));
    // A vague prediction with other bounds is not exact either.
    let v = stats(
        &gold[2..],
        &[fig(Missing, bounds(None, Some(100), Some(500)), None)],
    );
    assert_eq!((v.matched, v.exact), (1, 0));
}

#[test]
fn among_full_pairings_exact_values_are_preferred() {
    use CasualtyCategory::Killed;
    // Both predictions fit both gold figures; only 15 is a gold value.
    let gold = [
        fig(Killed, bounds(None, Some(10), Some(20)), None),
        fig(Killed, bounds(Some(15), Some(10), Some(20)), None),
    ];
    for pred in [
        [
            fig(Killed, exactly(15), None),
            fig(Killed, exactly(12), None),
        ],
        [
            fig(Killed, exactly(12), None),
            fig(Killed, exactly(15), None),
        ],
    ] {
        let (_, claim, v) = casualties::score(&gold, &pred, ClaimKeys::default());
        assert_eq!(cms(claim.overall), (2, 0, 0));
        // 15 goes to the gold that states 15; 12 to the vague one, which
        // has no value to measure an error against.
        assert_eq!((v.exact, v.with_values, v.abs_error_sum), (1, 1, 0));
    }
}

#[test]
fn among_inexact_pairings_closer_numbers_are_preferred() {
    use CasualtyCategory::Killed;
    // "About 50" and "about 90", both within 40–100: 52 and 88 fit either,
    // neither is exact; the pairing that keeps each number near its gold
    // value (error 2 + 2) beats the crossed one (38 + 38). The figures sit
    // at different places in the text, in both arrangements, so that the
    // closer pairing is sometimes the first in record order and sometimes
    // not: only closeness can pick it both times.
    let gold = [
        fig(Killed, bounds(Some(50), Some(40), Some(100)), Some((0, 5))),
        fig(
            Killed,
            bounds(Some(90), Some(40), Some(100)),
            Some((10, 15)),
        ),
    ];
    for (near, far) in [((0, 5), (10, 15)), ((10, 15), (0, 5))] {
        let pred = [
            fig(Killed, exactly(52), Some(near)),
            fig(Killed, exactly(88), Some(far)),
        ];
        let (_, claim, v) = casualties::score(&gold, &pred, ClaimKeys::default());
        assert_eq!(cms(claim.overall), (2, 0, 0));
        assert_eq!((v.exact, v.with_values, v.abs_error_sum), (0, 2, 4));
    }
}

/// Scored through the whole pipeline: the report's value summary.
#[test]
fn value_statistics_end_to_end() {
    let sc = Scenarios::new();
    let mut preds = sc.gold();
    // doc-one: gold "8 soldiers killed", exact — kept. doc-two: gold "more
    // than 200 civilians injured" — read as 230.
    for r in preds.get_mut("doc-two").unwrap().iter_mut() {
        if let Record::Casualty(c) = r {
            c.count = exactly(230);
        }
    }
    let opts = Options {
        resamples: 0,
        ..Options::default()
    };
    let r = sc.report_with("values", preds, &opts);
    let v = r.casualty_values;
    assert_eq!(
        (
            v.counts.matched,
            v.counts.exact,
            v.counts.with_values,
            v.counts.abs_error_sum
        ),
        (2, 1, 2, 30)
    );
    assert!((v.mean_abs_error.unwrap() - 15.0).abs() < 1e-12);
    assert!((v.exact_accuracy.unwrap() - 0.5).abs() < 1e-12);
    let doc_two = r
        .documents
        .iter()
        .map(Result::unwrap)
        .find(|d| d.doc == "doc-two")
        .unwrap();
    assert_eq!(
        (doc_two.values.matched, doc_two.values.abs_error_sum),
        (1, 30)
    );
}

/// `--claim-victims` and `--claim-source` through the whole pipeline.
#[test]
fn claim_options_end_to_end() {
    let sc = Scenarios::new();
    let mut preds = sc.gold();
    // doc-one's figure (gold: military, no source) said to be civilians,
    // reported by Azerbaijan (entity e1, ref "azerbaijan").
    for r in preds.get_mut("doc-one").unwrap().iter_mut() {
        if let Record::Casualty(c) = r {
            c.victims = Some(Victims {
                group: VictimGroup::Civilian,
                side: None,
            });
            c.source = Some("e1".into());
        }
    }
    let claim = |victims, source| {
        let opts = Options {
            resamples: 0,
            claim_victims: victims,
            claim_source: source,
            ..Options::default()
        };
        let r = sc.report_with("claims", preds.clone(), &opts);
        let row = r.row(Layer::Casualties, "claim", "micro").unwrap();
        let mention = r.row(Layer::Casualties, "mention", "micro").unwrap();
        assert_eq!(
            cms(mention.counts.unwrap()),
            (2, 0, 0),
            "mentions ignore the claim keys"
        );
        cms(row.counts.unwrap())
    };
    assert_eq!(claim(false, false), (2, 0, 0));
    assert_eq!(claim(true, false), (1, 1, 1));
    assert_eq!(claim(false, true), (1, 1, 1));
    assert_eq!(claim(true, true), (1, 1, 1));
}

// ---------------------------------------------------------------- entities

fn s(a: usize, b: usize, l: &str) -> Span {
    Span::new(a, b, l)
}

/// (correct, incorrect, partial, missed, spurious) per scheme.
fn five(t: &Tally) -> [u64; 5] {
    let c = t.overall;
    [c.correct, c.incorrect, c.partial, c.missed, c.spurious]
}

#[test]
fn touching_spans_are_not_a_match() {
    for matching in [Matching::Optimal, Matching::Greedy] {
        let t = spans::score(&[s(0, 5, "GPE")], &[s(5, 9, "GPE")], matching);
        for (scheme, tally) in spans::SCHEMES.iter().zip(&t) {
            assert_eq!(five(tally), [0, 0, 0, 1, 1], "{scheme} {matching:?}");
        }
    }
}

#[test]
fn the_weight_order_is_bounds_and_type_then_bounds_then_type() {
    // One gold, two candidates: the better tier must win.
    let gold = [s(0, 10, "PERS")];
    // Same bounds and type over same bounds, other type.
    let t = spans::score(
        &gold,
        &[s(0, 10, "ORG"), s(0, 10, "PERS")],
        Matching::Optimal,
    );
    assert_eq!(five(&t[0]), [1, 0, 0, 0, 1], "strict");
    assert_eq!(t[0].by_label["ORG"].spurious, 1);
    // Same bounds, other type over same type, other bounds: exact credits,
    // type does not (the documented cost of one pairing for all schemes).
    let t = spans::score(
        &gold,
        &[s(0, 8, "PERS"), s(0, 10, "ORG")],
        Matching::Optimal,
    );
    assert_eq!(five(&t[1]), [1, 0, 0, 0, 1], "exact");
    assert_eq!(five(&t[3]), [0, 1, 0, 0, 1], "type");
    assert_eq!(t[3].by_label["PERS"].spurious, 1);
    // Same type over mere overlap.
    let t = spans::score(
        &gold,
        &[s(2, 12, "ORG"), s(1, 9, "PERS")],
        Matching::Optimal,
    );
    assert_eq!(five(&t[3]), [1, 0, 0, 0, 1], "type");
    assert_eq!(t[3].by_label["ORG"].spurious, 1);
    // Among mere overlaps, more shared code points win; either list order.
    for (wide, narrow) in [
        (s(0, 8, "ORG"), s(7, 10, "LOC")),
        (s(3, 10, "LOC"), s(0, 2, "ORG")),
    ] {
        for pred in [
            [wide.clone(), narrow.clone()],
            [narrow.clone(), wide.clone()],
        ] {
            let t = spans::score(&gold, &pred, Matching::Optimal);
            assert_eq!(t[2].by_label[narrow.label.as_str()].spurious, 1, "{pred:?}");
            assert_eq!(t[2].by_label["PERS"].partial, 1);
        }
    }
}

#[test]
fn an_unpairable_cluster_leaves_a_gold_missed_not_mispaired() {
    // g0 and g1 only overlap p0; g2 overlaps p1 and p2.
    let gold = [s(0, 3, "GPE"), s(4, 7, "GPE"), s(8, 20, "GPE")];
    let pred = [s(0, 10, "GPE"), s(12, 14, "GPE"), s(16, 18, "GPE")];
    let t = spans::score(&gold, &pred, Matching::Optimal);
    assert_eq!(five(&t[2]), [0, 0, 2, 1, 1], "partial");
    assert_eq!(five(&t[3]), [2, 0, 0, 1, 1], "type");
}

// ------------------------------------------------------------ per label

#[test]
fn per_label_filtered_scores_each_type_alone_with_the_same_totals() {
    use hudna::score::PerLabel;
    let s = Scenarios::new();
    // doc-one's e2 (GPE «باكو») predicted as the next type, LOC.
    let preds = s.retyped(&[("doc-one", "e2")]);
    let by_gold = s.report_with("gold", preds.clone(), &Options::default());
    let alone = s.report_with(
        "alone",
        preds,
        &Options {
            per_label: PerLabel::Filtered,
            ..Options::default()
        },
    );
    let row = |r: &hudna::report::ScoreReport, label: &str| {
        r.row(Layer::Entities, "strict", label)
            .and_then(|m| m.counts)
            .unwrap_or_default()
    };
    assert_eq!(row(&by_gold, "micro"), row(&alone, "micro"));
    assert_eq!(row(&by_gold, "GPE").incorrect, 1);
    assert_eq!(
        row(&by_gold, "LOC").actual(),
        0,
        "filed under the gold type"
    );
    let (gpe, loc) = (row(&alone, "GPE"), row(&alone, "LOC"));
    assert_eq!(
        (gpe.incorrect, gpe.missed, gpe.actual()),
        (0, 1, gpe.correct)
    );
    assert_eq!((loc.spurious, loc.possible()), (1, 0));
    assert_eq!(alone.options.per_label, PerLabel::Filtered);
    assert!(
        !serde_json::to_string(&by_gold.options)
            .unwrap()
            .contains("per_label"),
        "the default stays out of reports"
    );
}
