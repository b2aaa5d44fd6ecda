//! Offset-free scoring: per document, gold and predictions as sets of keys.
//!
//! This is how extractors that return no spans (LLMs, most often) are
//! judged: a key such as (type, normalised surface) is found or not, however
//! often or wherever the text mentions it. Sets are per document, so counts
//! still add up across documents.

use std::collections::{BTreeMap, BTreeSet};

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

/// As [`tally`], each key carrying the record that first named it: the
/// outcomes go to `sink` under `scheme`, a found key naming both records.
pub fn outcomes_into<K: Ord, S: Sink + ?Sized>(
    sink: &mut S,
    scheme: usize,
    gold: &BTreeMap<K, Origin>,
    pred: &BTreeMap<K, Origin>,
    label: impl Fn(&K) -> &str,
) {
    for (k, &g) in gold {
        match pred.get(k) {
            Some(&p) => sink.outcome(scheme, label(k), Some(g), Some(p), Outcome::Correct),
            None => sink.outcome(scheme, label(k), Some(g), None, Outcome::Missed),
        }
    }
    for (k, &p) in pred {
        if !gold.contains_key(k) {
            sink.outcome(scheme, label(k), None, Some(p), Outcome::Spurious);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
