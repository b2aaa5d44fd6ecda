//! Entity mention matching under the four SemEval-2013 schemes.
//!
//! The schemes (as nervaluate names them, with `ent_type` called `type`):
//!
//! | pair                           | strict    | exact     | partial | type      |
//! |--------------------------------|-----------|-----------|---------|-----------|
//! | same boundaries, same type     | correct   | correct   | correct | correct   |
//! | same boundaries, other type    | incorrect | correct   | correct | incorrect |
//! | overlap, same type             | incorrect | incorrect | partial | correct   |
//! | overlap, other type            | incorrect | incorrect | partial | incorrect |
//!
//! A gold span left unpaired is missed and a predicted span left unpaired is
//! spurious, in every scheme. Only `partial` credits partial with 0.5.
//!
//! In optimal mode one pairing serves all four schemes: it puts
//! same-boundary pairs first, so a scheme that ignores boundaries (`type`)
//! can score lower than a pairing chosen for it alone would (gold PERS
//! [0,10) against ORG [0,10) and PERS [0,8): `type` gets 0 of 1). One pairing
//! keeps the four schemes' counts about the same pairs, as in nervaluate.
//! Unlike nervaluate, any shared code point is an overlap (nervaluate ignores
//! overlaps under 1% of a gold span's length), so the two modes can also
//! differ on gold spans longer than 100 code points.
//!
//! Two pairing rules: [`Matching::Optimal`] (default, see
//! [`super::assign`]) and [`Matching::Greedy`], which reproduces nervaluate
//! 1.2 including its dependence on list order (see [`super::nervaluate`]).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::assign;
use super::counts::Tally;
use super::outcome::{Origin, Outcome, Sink};

/// A labelled span, `[start, end)` in code points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Start (inclusive).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The type.
    pub label: String,
}

impl Span {
    /// A span.
    pub fn new(start: usize, end: usize, label: impl Into<String>) -> Self {
        Span {
            start,
            end,
            label: label.into(),
        }
    }

    /// Code points shared with `o`.
    pub fn overlap(&self, o: &Span) -> usize {
        self.end.min(o.end).saturating_sub(self.start.max(o.start))
    }

    fn same_bounds(&self, o: &Span) -> bool {
        self.start == o.start && self.end == o.end
    }
}

/// How gold and predicted spans are paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    /// One-to-one, maximum total weight, independent of input order.
    #[default]
    Optimal,
    /// nervaluate 1.2's list-order matching, reproduced exactly.
    Greedy,
}

/// How the four schemes' counts are filed per label. The overall counts
/// are the same either way; only the per-label rows differ, and only where
/// a gold span is paired with a prediction of another type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PerLabel {
    /// Every outcome under exactly one label: a pair under its gold span's
    /// type, a spurious prediction under its own. The labels sum to the
    /// overall counts, so a per-label table accounts for every item.
    #[default]
    Gold,
    /// Every label scored on its own, against the gold and predicted spans
    /// of that label only: the per-type scores of conlleval, seqeval and
    /// nervaluate. A pair of different types is a miss under one label and
    /// a false alarm under the other, so labels need not sum to the overall
    /// counts; a label's precision is over the predictions of that label.
    Filtered,
}

impl PerLabel {
    /// Whether this is the default ([`PerLabel::Gold`]), which reports leave
    /// unwritten.
    pub fn is_default(&self) -> bool {
        *self == PerLabel::Gold
    }
}

/// The four schemes, in report order.
pub const SCHEMES: [&str; 4] = ["strict", "exact", "partial", "type"];

/// Tallies for the four schemes, indexed like [`SCHEMES`].
pub type SchemeTallies = [Tally; 4];

/// nervaluate's default `min_overlap_percentage`, which greedy mode uses
/// when no other is given.
pub const NERVALUATE_MIN_OVERLAP: f64 = 1.0;

/// Scores one document's predicted spans against its gold spans; any
/// shared code point is an overlap.
pub fn score(gold: &[Span], pred: &[Span], matching: Matching) -> SchemeTallies {
    score_with(gold, pred, matching, None)
}

/// As [`score`], where a gold and a predicted span only count as
/// overlapping when they share at least `min_overlap` percent of the gold
/// span's length (nervaluate 1.2's `min_overlap_percentage`, in every
/// scheme: a prediction below it is spurious and the gold missed). `None`:
/// any shared code point in optimal mode, nervaluate's 1% in greedy mode.
pub fn score_with(
    gold: &[Span],
    pred: &[Span],
    matching: Matching,
    min_overlap: Option<f64>,
) -> SchemeTallies {
    match matching {
        Matching::Optimal => optimal(gold, pred, min_overlap),
        Matching::Greedy => {
            super::nervaluate::score(gold, pred, min_overlap.unwrap_or(NERVALUATE_MIN_OVERLAP))
        }
    }
}

/// As [`score_with`], with the per-label counts filed as `per_label` says.
pub fn score_per_label(
    gold: &[Span],
    pred: &[Span],
    matching: Matching,
    min_overlap: Option<f64>,
    per_label: PerLabel,
) -> SchemeTallies {
    let mut out = score_with(gold, pred, matching, min_overlap);
    if per_label == PerLabel::Filtered {
        for t in out.iter_mut() {
            t.by_label.clear();
        }
        let labels: BTreeSet<&str> = gold.iter().chain(pred).map(|s| s.label.as_str()).collect();
        for label in labels {
            let only = |spans: &[Span]| -> Vec<Span> {
                spans.iter().filter(|s| s.label == label).cloned().collect()
            };
            let alone = score_with(&only(gold), &only(pred), matching, min_overlap);
            for (t, a) in out.iter_mut().zip(alone) {
                t.by_label.insert(label.to_owned(), a.overall);
            }
        }
    }
    out
}

/// Pair weight: boundaries-and-type beats boundaries beats type beats mere
/// overlap; among equals, more shared code points win.
fn weight(g: &Span, p: &Span, min_overlap: Option<f64>) -> Option<i64> {
    let overlap = g.overlap(p);
    if overlap == 0 || min_overlap.is_some_and(|m| !super::nervaluate::overlaps(p, g, m)) {
        return None;
    }
    let same_type = g.label == p.label;
    let tier = match (g.same_bounds(p), same_type) {
        (true, true) => 8,
        (true, false) => 4,
        (false, true) => 2,
        (false, false) => 1,
    };
    Some(tier * 1_000_000_000 + overlap.min(999_999_999) as i64)
}

fn optimal(gold: &[Span], pred: &[Span], min_overlap: Option<f64>) -> SchemeTallies {
    let mut out: SchemeTallies = Default::default();
    optimal_into(gold, pred, min_overlap, &mut out[..]);
    out
}

/// The four schemes' outcomes of one pair: one pairing serves them all.
pub fn classify(g: &Span, p: &Span) -> [Outcome; 4] {
    let bounds = g.same_bounds(p);
    let typ = g.label == p.label;
    let ok = |b: bool, otherwise: Outcome| if b { Outcome::Correct } else { otherwise };
    [
        ok(bounds && typ, Outcome::Incorrect),
        ok(bounds, Outcome::Incorrect),
        ok(bounds, Outcome::Partial),
        ok(typ, Outcome::Incorrect),
    ]
}

/// Optimal pairing, every outcome reported to `sink` (origins are indices
/// into `gold` and `pred`; paired outcomes are filed under the gold label).
pub fn optimal_into<S: Sink + ?Sized>(
    gold: &[Span],
    pred: &[Span],
    min_overlap: Option<f64>,
    sink: &mut S,
) {
    // Sorting makes the result independent of input order, ties included
    // (tied spans are identical, so which of them is paired cannot show in
    // any count).
    let order = |v: &[Span]| -> Vec<usize> {
        let mut ix: Vec<usize> = (0..v.len()).collect();
        ix.sort_by(|&a, &b| v[a].cmp(&v[b]));
        ix
    };
    let (gix, pix) = (order(gold), order(pred));
    let g_at = |i: usize| &gold[gix[i]];
    let p_at = |i: usize| &pred[pix[i]];
    // Both sides are sorted by start: for each gold span only predictions
    // starting before its end and after (its start − the longest
    // prediction) can overlap it.
    // (A larger bound only widens the window: `p.end + p.start` here is an
    // equivalent mutant, see tools/mutants-equivalent.txt.)
    let longest = pred.iter().map(|p| p.end - p.start).max().unwrap_or(0);
    let mut edges = Vec::new();
    for gi in 0..gix.len() {
        let g = g_at(gi);
        let from = pix.partition_point(|&p| pred[p].start + longest <= g.start);
        for pi in from..pix.len() {
            let p = p_at(pi);
            if p.start >= g.end {
                break;
            }
            if let Some(w) = weight(g, p, min_overlap) {
                edges.push((gi, pi, w));
            }
        }
    }
    let pairs = assign::optimal_edges(gix.len(), pix.len(), edges);
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; pred.len()];
    for &(gi, pi) in &pairs {
        let (go, po) = (gix[gi], pix[pi]);
        gold_used[go] = true;
        pred_used[po] = true;
        let (g, p) = (&gold[go], &pred[po]);
        for (scheme, o) in classify(g, p).into_iter().enumerate() {
            sink.outcome(
                scheme,
                &g.label,
                Some(Origin::record(go)),
                Some(Origin::record(po)),
                o,
            );
        }
    }
    for &go in &gix {
        if !gold_used[go] {
            for scheme in 0..SCHEMES.len() {
                let o = Some(Origin::record(go));
                sink.outcome(scheme, &gold[go].label, o, None, Outcome::Missed);
            }
        }
    }
    for &po in &pix {
        if !pred_used[po] {
            for scheme in 0..SCHEMES.len() {
                let o = Some(Origin::record(po));
                sink.outcome(scheme, &pred[po].label, None, o, Outcome::Spurious);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: usize, b: usize, l: &str) -> Span {
        Span::new(a, b, l)
    }

    #[test]
    fn the_scenario_grid() {
        let gold = [
            s(0, 5, "GPE"),
            s(10, 15, "PERS"),
            s(20, 25, "ORG"),
            s(30, 35, "LOC"),
        ];
        let pred = [
            s(0, 5, "GPE"),   // perfect
            s(10, 15, "ORG"), // wrong type
            s(21, 25, "ORG"), // shifted boundary
            s(40, 45, "GPE"), // spurious; LOC is missed
        ];
        let t = score(&gold, &pred, Matching::Optimal);
        let strict = t[0].overall;
        assert_eq!(
            (
                strict.correct,
                strict.incorrect,
                strict.missed,
                strict.spurious
            ),
            (1, 2, 1, 1)
        );
        let exact = t[1].overall;
        assert_eq!((exact.correct, exact.incorrect), (2, 1));
        let partial = t[2].overall;
        assert_eq!((partial.correct, partial.partial), (2, 1));
        let typ = t[3].overall;
        assert_eq!((typ.correct, typ.incorrect), (2, 1));
    }

    #[test]
    fn order_does_not_change_the_score() {
        let gold = [s(0, 10, "ORG"), s(4, 8, "GPE")];
        let pred = [s(4, 8, "GPE"), s(0, 10, "ORG"), s(2, 6, "GPE")];
        let mut rev = pred.to_vec();
        rev.reverse();
        assert_eq!(
            score(&gold, &pred, Matching::Optimal),
            score(&gold, &rev, Matching::Optimal)
        );
        let t = score(&gold, &pred, Matching::Optimal);
        assert_eq!(t[0].overall.correct, 2, "nested gold spans both found");
        assert_eq!(t[0].overall.spurious, 1);
    }

    #[test]
    fn filtered_labels_score_each_type_alone() {
        // Gold PER [0,5) predicted as LOC [0,5): one incorrect overall; a
        // missed PER and a spurious LOC when each type is scored alone.
        let gold = [s(0, 5, "PER"), s(10, 12, "LOC")];
        let pred = [s(0, 5, "LOC"), s(10, 12, "LOC")];
        let by_gold = score_per_label(&gold, &pred, Matching::Optimal, None, PerLabel::Gold);
        let alone = score_per_label(&gold, &pred, Matching::Optimal, None, PerLabel::Filtered);
        assert_eq!(by_gold[0].overall, alone[0].overall);
        assert_eq!(by_gold[0].by_label["PER"].incorrect, 1);
        assert!(
            !by_gold[0].by_label.contains_key("LOC") || by_gold[0].by_label["LOC"].spurious == 0
        );
        let (per, loc) = (alone[0].by_label["PER"], alone[0].by_label["LOC"]);
        assert_eq!((per.correct, per.missed, per.actual()), (0, 1, 0));
        assert_eq!((loc.correct, loc.spurious, loc.possible()), (1, 1, 1));
    }

    #[test]
    fn per_label_counts_sum_to_overall() {
        let gold = [s(0, 5, "GPE"), s(3, 9, "PERS"), s(20, 25, "ORG")];
        let pred = [s(0, 4, "PERS"), s(3, 9, "GPE"), s(30, 31, "LOC")];
        for t in score(&gold, &pred, Matching::Optimal) {
            let mut sum = super::super::counts::Counts::default();
            for c in t.by_label.values() {
                sum += *c;
            }
            assert_eq!(sum, t.overall);
        }
    }
}
