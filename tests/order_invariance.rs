//! No count depends on the order of the predicted records or of an event's
//! arguments (issue #14): predictions made by perturbing the bundled gold
//! (drops, repeats, retyped events, changed roles, shifted spans, argument
//! lists cut short, events repeated with other roles or split in two) are scored, then scored again shuffled; every tally of
//! every layer, and the casualty value statistics, must be equal — under
//! both event-counting semantics and both `--boundary` modes.

mod common;

use std::sync::OnceLock;

use hudna::corpus::Corpus;
use hudna::ontology::EventType;
use hudna::record::Record;
use hudna::score::{Boundary, EventCounting, Options, score_doc};
use hudna::validate::load_corpus;
use hudna::vocab::Role;
use proptest::prelude::*;

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| load_corpus(common::annotations()).unwrap().0)
}

/// What to do with one gold record.
#[derive(Debug, Clone, Copy)]
enum Edit {
    Keep,
    Drop,
    Repeat,
    /// Another event type / entity type; a casualty count one higher.
    Retype(u8),
    /// Every argument's role rotated; an entity's end moved one back.
    Shift,
    /// An event's arguments cut to the first `n`.
    CutArgs(u8),
    /// The record, and a copy with the roles rotated (an event predicted
    /// twice with the same trigger, arguments disagreeing).
    RepeatShifted,
    /// An event split in two records with one trigger: the arguments before
    /// `n`, and the rest.
    Split(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => Just(Edit::Keep),
        1 => Just(Edit::Drop),
        2 => Just(Edit::Repeat),
        1 => any::<u8>().prop_map(Edit::Retype),
        1 => Just(Edit::Shift),
        1 => (0u8..3).prop_map(Edit::CutArgs),
        2 => Just(Edit::RepeatShifted),
        2 => (0u8..3).prop_map(Edit::Split),
    ]
}

const ROLES: [Role; 5] = [
    Role::Actor,
    Role::Recipient,
    Role::Mediator,
    Role::Location,
    Role::Time,
];

fn apply(r: &Record, e: Edit, out: &mut Vec<Record>) {
    let mut r = r.clone();
    match (e, &mut r) {
        (Edit::Drop, _) => return,
        (Edit::Repeat, _) => out.push(r.clone()),
        (Edit::Retype(k), Record::Event(ev)) => {
            ev.event_type = EventType::ALL[k as usize % EventType::ALL.len()];
        }
        (Edit::Retype(k), Record::Casualty(c)) => {
            c.count.value = c.count.value.map(|v| v + 1 + (k as u64 % 2));
        }
        (Edit::Shift, Record::Event(ev)) => {
            for a in &mut ev.args {
                let i = ROLES.iter().position(|r| *r == a.role).unwrap_or(0);
                a.role = ROLES[(i + 1) % ROLES.len()];
            }
        }
        (Edit::Shift, Record::Entity(en)) => {
            if let (Some(s), Some(t)) = (en.start, en.end)
                && t > s + 1
            {
                en.end = Some(t - 1);
            }
        }
        (Edit::CutArgs(n), Record::Event(ev)) => ev.args.truncate(n as usize),
        (Edit::RepeatShifted, Record::Event(_)) => {
            out.push(r.clone());
            apply(&r, Edit::Shift, out);
            return;
        }
        (Edit::Split(n), Record::Event(ev)) => {
            let rest = ev.args.split_off((n as usize).min(ev.args.len()));
            let mut other = ev.clone();
            other.args = rest;
            out.push(Record::Event(other));
        }
        _ => {}
    }
    out.push(r);
}

fn predictions(doc: usize, edits: &[Edit]) -> Vec<Record> {
    let d = corpus().docs.values().nth(doc).unwrap();
    let mut out = Vec::new();
    let scored = d.records.iter().map(|l| &l.record).filter(|r| {
        matches!(
            r,
            Record::Entity(_) | Record::Event(_) | Record::Casualty(_)
        )
    });
    for (r, e) in scored.zip(edits.iter().cycle()) {
        apply(r, *e, &mut out);
    }
    out
}

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
