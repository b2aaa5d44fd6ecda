//! No count depends on the order of the predicted records or of an event's
//! arguments (issue #14): predictions made by perturbing the bundled gold
//! (drops, repeats, retyped events, changed roles, shifted spans, argument
//! lists cut short, events repeated with other roles or split in two) are scored, then scored again shuffled; every tally of
//! every layer, and the casualty value statistics, must be equal — under
//! both event-counting semantics and both `--boundary` modes.

mod common;

use common::perturb::{Edit, corpus, edit, predictions};
use hudna::record::Record;
use hudna::score::{Boundary, EventCounting, Options, score_doc};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn shuffling_records_and_arguments_changes_no_count(
        doc in 0usize..5,
        edits in prop::collection::vec(edit(), 1..40),
        order in any::<u64>(),
        sets in any::<bool>(),
        token in any::<bool>(),
    ) {
        let d = corpus().docs.values().nth(doc).unwrap();
        let pred = predictions(doc, &edits);
        // A seeded permutation of the records, and each event's arguments
        // reversed or rotated.
        let mut shuffled = pred.clone();
        let n = shuffled.len().max(1);
        let mut x = order | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        for (k, r) in shuffled.iter_mut().enumerate() {
            if let Record::Event(ev) = r {
                if k % 2 == 0 {
                    ev.args.reverse();
                } else if !ev.args.is_empty() {
                    let m = ev.args.len();
                    ev.args.rotate_left((order as usize + k) % m);
                }
            }
        }
        prop_assume!(n > 0);
        let opts = Options {
            event_counting: if sets { EventCounting::Sets } else { EventCounting::OneToOne },
            boundary: if token { Boundary::Token } else { Boundary::Exact },
            resamples: 0,
            ..Options::default()
        };
        prop_assert_eq!(score_doc(d, &pred, &opts), score_doc(d, &shuffled, &opts));
    }
}

/// The property can fail: the greedy entity matching it does not cover
/// depends on order, and the generator produces cases that show it.
#[test]
fn the_generator_reaches_order_sensitive_cases() {
    let d = corpus().docs.values().next().unwrap();
    let pred = predictions(0, &[Edit::Keep, Edit::Shift, Edit::Repeat]);
    let mut rev = pred.clone();
    rev.reverse();
    let greedy = Options {
        matching: hudna::score::Matching::Greedy,
        resamples: 0,
        ..Options::default()
    };
    assert_ne!(score_doc(d, &pred, &greedy), score_doc(d, &rev, &greedy));
}
