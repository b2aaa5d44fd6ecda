//! Properties of the scoring core over perturbed gold (issue #13), each a
//! statement that could fail:
//!
//! - every one-to-one scheme counts each gold item once and each predicted
//!   item once: possible = gold items, actual = predicted items (with
//!   offsets, where the scheme needs them);
//! - the gold scored against itself is perfect in every layer and scheme;
//! - one more spurious prediction never raises precision, in any scheme;
//! - prefixing the article with text and shifting every offset by its
//!   length changes no count.

mod common;

use common::perturb::{corpus, edit, predictions};
use hudna::article::Article;
use hudna::corpus::{Doc, Located};
use hudna::record::Record;
use hudna::score::{Layer, Options, score_doc};
use proptest::prelude::*;

fn opts() -> Options {
    Options {
        resamples: 0,
        ..Options::default()
    }
}

fn spanned_entities(rs: &[&Record]) -> u64 {
    rs.iter()
        .filter(|r| matches!(r, Record::Entity(e) if e.start.is_some() && e.end.is_some()))
        .count() as u64
}

fn spanned_events(rs: &[&Record]) -> u64 {
    rs.iter()
        .filter(|r| matches!(r, Record::Event(e) if e.trigger.start.is_some()))
        .count() as u64
}

fn spanned_figures(rs: &[&Record]) -> u64 {
    rs.iter()
        .filter(|r| matches!(r, Record::Casualty(c) if c.start.is_some()))
        .count() as u64
}

fn figures(rs: &[&Record]) -> u64 {
    rs.iter()
        .filter(|r| matches!(r, Record::Casualty(_)))
        .count() as u64
}

fn shift(r: &mut Record, k: usize) {
    let s = |x: &mut Option<usize>| {
        if let Some(v) = x {
            *v += k;
        }
    };
    match r {
        Record::Entity(e) => {
            s(&mut e.start);
            s(&mut e.end);
        }
        Record::Event(e) => {
            s(&mut e.trigger.start);
            s(&mut e.trigger.end);
        }
        Record::Casualty(c) => {
            s(&mut c.start);
            s(&mut c.end);
        }
        Record::Zone(z) => {
            z.start += k;
            z.end += k;
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn each_item_is_counted_once(doc in 0usize..5, edits in prop::collection::vec(edit(), 1..40)) {
        let d = corpus().docs.values().nth(doc).unwrap();
        let pred = predictions(doc, &edits);
        let s = score_doc(d, &pred, &opts());
        let gold: Vec<&Record> = d.records.iter().map(|l| &l.record).collect();
        let pred_refs: Vec<&Record> = pred.iter().collect();
        for scheme in ["strict", "exact", "partial", "type"] {
            let c = s.tallies[&(Layer::Entities, scheme)].overall;
            prop_assert_eq!(c.possible(), spanned_entities(&gold), "{}", scheme);
            prop_assert_eq!(c.actual(), spanned_entities(&pred_refs), "{}", scheme);
        }
        for scheme in ["trigger_id", "trigger_cls"] {
            let c = s.tallies[&(Layer::Events, scheme)].overall;
            prop_assert_eq!(c.possible(), spanned_events(&gold), "{}", scheme);
            prop_assert_eq!(c.actual(), spanned_events(&pred_refs), "{}", scheme);
        }
        let m = s.tallies[&(Layer::Casualties, "mention")].overall;
        prop_assert_eq!((m.possible(), m.actual()), (figures(&gold), spanned_figures(&pred_refs)));
        let c = s.tallies[&(Layer::Casualties, "claim")].overall;
        prop_assert_eq!((c.possible(), c.actual()), (figures(&gold), figures(&pred_refs)));
    }

    #[test]
    fn a_spurious_prediction_never_raises_precision(
        doc in 0usize..5,
        edits in prop::collection::vec(edit(), 1..40),
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
    ) {
        let d = corpus().docs.values().nth(doc).unwrap();
        let pred = predictions(doc, &edits);
        // A copy of some predicted record moved to another place: it is
        // either spurious or pairs where an earlier prediction did not.
        prop_assume!(!pred.is_empty());
        let mut extra = pred[pick.index(pred.len())].clone();
        let n = d.article.len();
        let len = match &extra {
            Record::Entity(e) => e.end.unwrap_or(0).saturating_sub(e.start.unwrap_or(0)),
            _ => 0,
        };
        prop_assume!(len > 0 && len < n);
        let s0 = at.index(n - len);
        let text = d.article.slice(s0, s0 + len).unwrap().to_owned();
        if let Record::Entity(e) = &mut extra {
            e.start = Some(s0);
            e.end = Some(s0 + len);
            e.text = text;
            e.id = Some("extra".into());
        }
        let before = score_doc(d, &pred, &opts());
        let mut more = pred.clone();
        more.push(extra);
        let after = score_doc(d, &more, &opts());
        for scheme in ["strict", "exact", "type"] {
            let (a, b) = (before.tallies[&(Layer::Entities, scheme)].overall, after.tallies[&(Layer::Entities, scheme)].overall);
            // Correct pairs can only be gained by re-pairing, never more than one.
            prop_assert!(b.correct <= a.correct + 1);
            if b.correct == a.correct {
                // Both defined: the extra record is one of the predicted
                // entities, moved, so there are predictions before and after.
                let (pa, pb) = (a.prf(false).precision, b.prf(false).precision);
                let (pa, pb) = (pa.expect("predicted before"), pb.expect("and after"));
                prop_assert!(pb <= pa + 1e-12, "{}: {} -> {}", scheme, pa, pb);
            }
        }
    }

    #[test]
    fn shifting_every_offset_changes_nothing(
        doc in 0usize..5,
        edits in prop::collection::vec(edit(), 1..30),
        prefix in "[ a-zء-ي]{1,20}",
    ) {
        let d = corpus().docs.values().nth(doc).unwrap();
        let pred = predictions(doc, &edits);
        let k = prefix.chars().count();
        let shifted = Doc {
            id: d.id.clone(),
            article: Article::from_text(&format!("{prefix}{}", d.article.text())),
            txt_path: d.txt_path.clone(),
            jsonl_path: d.jsonl_path.clone(),
            records: d
                .records
                .iter()
                .map(|l| {
                    let mut r = l.record.clone();
                    shift(&mut r, k);
                    Located { line: l.line, record: r }
                })
                .collect(),
        };
        let mut moved = pred.clone();
        for r in &mut moved {
            shift(r, k);
        }
        prop_assert_eq!(score_doc(d, &pred, &opts()), score_doc(&shifted, &moved, &opts()));
    }
}

/// The gold against itself: every count is correct, in every layer and
/// scheme of every document.
#[test]
fn the_gold_scores_perfectly_against_itself() {
    for d in corpus().docs.values() {
        let gold: Vec<Record> = d.records.iter().map(|l| l.record.clone()).collect();
        let s = score_doc(d, &gold, &opts());
        for ((layer, scheme), t) in &s.tallies {
            let c = t.overall;
            assert_eq!(
                (c.incorrect, c.partial, c.missed, c.spurious),
                (0, 0, 0, 0),
                "{} {} {scheme} {c:?}",
                d.id,
                layer.as_str()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The number reader reads back every count it can write: digits in
    /// the three scripts it knows, Western, Arabic-Indic and Persian.
    #[test]
    fn the_number_reader_round_trips_digits(n in 0u64..1_000_000_000_000u64, script in 0usize..3) {
        let western = n.to_string();
        let text: String = western
            .chars()
            .map(|c| {
                let d = c.to_digit(10).unwrap();
                match script {
                    0 => c,
                    1 => char::from_u32(0x660 + d).unwrap(),
                    _ => char::from_u32(0x6F0 + d).unwrap(),
                }
            })
            .collect();
        let q = hudna::arabic::numbers::read_count(&text);
        prop_assert_eq!(q.and_then(|q| q.value), Some(n), "{}", text);
    }

    /// Normalisation maps every output character back to an input code
    /// point, in order, so a match in folded text is a span of the original.
    #[test]
    fn normalisation_maps_offsets_back_exactly(s in "[ -~ء-يًٌٍَُِّْﭐ-ﯿﹰ-ﻼ0-9٠-٩]{0,60}") {
        let (folded, map) = hudna::arabic::normalize::fold_with_map(&s);
        let n = s.chars().count();
        prop_assert_eq!(folded.chars().count(), map.len());
        for w in map.windows(2) {
            prop_assert!(w[0] <= w[1], "map goes backwards: {:?}", map);
        }
        prop_assert!(map.iter().all(|&i| i < n.max(1)), "{:?} beyond {}", map, n);
    }
}
