//! Offset-free scoring: per document, gold and predictions as sets of keys.
//!
//! This is how extractors that return no spans (LLMs, most often) are
//! judged: a key such as (type, normalised surface) is found or not, however
//! often or wherever the text mentions it. Sets are per document, so counts
//! still add up across documents.

use std::collections::BTreeSet;

use super::counts::Tally;
use super::outcome::{Origin, Outcome, Sink};

/// Tallies a gold set against a predicted set; `label` names the bucket a
/// key is filed under.
pub fn tally<K: Ord>(
    t: &mut Tally,
    gold: &BTreeSet<K>,
    pred: &BTreeSet<K>,
    label: impl Fn(&K) -> &str,
) {
    for k in gold {
        if pred.contains(k) {
            t.add(label(k), |c| c.correct += 1);
        } else {
            t.add(label(k), |c| c.missed += 1);
        }
    }
    for k in pred.difference(gold) {
        t.add(label(k), |c| c.spurious += 1);
    }
}

/// A document's keys in key order, each once, with the record that first
/// named it: what [`outcomes_into`] takes. `keys` come in record order;
/// a stable sort keeps, among equal keys, the first record first, and only
/// that one is kept.
pub fn first_of_each<K: Ord>(mut keys: Vec<(K, Origin)>) -> Vec<(K, Origin)> {
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    keys.dedup_by(|later, kept| later.0 == kept.0);
    keys
}

/// As [`tally`], each key carrying the record that first named it: the
/// outcomes go to `sink` under `scheme`, a found key naming both records.
/// `gold` and `pred` are in key order with no key twice
/// ([`first_of_each`]), so the two are merged in one walk each instead of
/// looking every key up in the other side; outcomes come in key order,
/// gold's keys first, then the keys only predicted.
pub fn outcomes_into<K: Ord, S: Sink + ?Sized>(
    sink: &mut S,
    scheme: usize,
    gold: &[(K, Origin)],
    pred: &[(K, Origin)],
    label: impl Fn(&K) -> &str,
) {
    debug_assert!(
        gold.windows(2).all(|w| w[0].0 < w[1].0),
        "gold keys sorted, once each"
    );
    debug_assert!(
        pred.windows(2).all(|w| w[0].0 < w[1].0),
        "predicted keys sorted, once each"
    );
    let mut j = 0;
    for (k, g) in gold {
        while pred.get(j).is_some_and(|(p, _)| p < k) {
            j += 1;
        }
        match pred.get(j) {
            Some((pk, p)) if pk == k => {
                sink.outcome(scheme, label(k), Some(*g), Some(*p), Outcome::Correct)
            }
            _ => sink.outcome(scheme, label(k), Some(*g), None, Outcome::Missed),
        }
    }
    let mut i = 0;
    for (k, p) in pred {
        while gold.get(i).is_some_and(|(g, _)| g < k) {
            i += 1;
        }
        if gold.get(i).is_none_or(|(g, _)| g != k) {
            sink.outcome(scheme, label(k), None, Some(*p), Outcome::Spurious);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merge gives the outcomes, in the order, that looking each key
    /// up in a map of the other side gives (first record of a key kept).
    #[test]
    fn merged_outcomes_are_map_lookups() {
        use crate::score::outcome::{Decision, Recorder};
        use std::collections::BTreeMap;
        let mut rng = crate::test_rng::Lcg::new(0x5e75_0000_0000_0003);
        let mut next = |n: usize| rng.below(n);
        let labels = ["GPE", "ORG", "PERS"];
        for _ in 0..2000 {
            let mut side = || -> Vec<((&str, u8), Origin)> {
                let len = next(9);
                (0..len)
                    .map(|i| ((labels[next(3)], next(6) as u8), Origin::record(i)))
                    .collect()
            };
            let (g, p) = (side(), side());
            let mut got = Recorder::default();
            outcomes_into(
                &mut got,
                0,
                &first_of_each(g.clone()),
                &first_of_each(p.clone()),
                |k| k.0,
            );
            let map = |v: &[((&'static str, u8), Origin)]| {
                let mut m = BTreeMap::new();
                for (k, o) in v {
                    m.entry(*k).or_insert(*o);
                }
                m
            };
            let (gm, pm) = (map(&g), map(&p));
            let mut want = Vec::new();
            for (k, &o) in &gm {
                let (pred, outcome) = match pm.get(k) {
                    Some(&q) => (Some(q), Outcome::Correct),
                    None => (None, Outcome::Missed),
                };
                want.push((k.0, Some(o), pred, outcome));
            }
            for (k, &q) in &pm {
                if !gm.contains_key(k) {
                    want.push((k.0, None, Some(q), Outcome::Spurious));
                }
            }
            let got: Vec<_> = got
                .decisions
                .iter()
                .map(|d: &Decision| (d.label.as_str(), d.gold, d.pred, d.outcome))
                .collect();
            assert_eq!(got, want, "{g:?} {p:?}");
        }
    }

    #[test]
    fn duplicates_collapse_and_counts_are_set_sizes() {
        let g: BTreeSet<(&str, &str)> =
            [("GPE", "باكو"), ("GPE", "يريفان"), ("PERS", "علييف")].into();
        let p: BTreeSet<(&str, &str)> = [("GPE", "باكو"), ("ORG", "علييف")].into();
        let mut t = Tally::default();
        tally(&mut t, &g, &p, |k| k.0);
        let c = t.overall;
        assert_eq!((c.correct, c.missed, c.spurious), (1, 2, 1));
        assert_eq!(t.by_label["ORG"].spurious, 1);
    }
}
