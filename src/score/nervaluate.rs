//! nervaluate 1.2's greedy matching, reproduced for `--matching greedy`.
//!
//! Kept so that numbers can be compared with papers that used nervaluate;
//! a fixture of 300 cases produced by nervaluate 1.2.1 itself
//! (`tests/fixtures/nervaluate/`) checks this module count for count and
//! float for float. Its behaviour, in brief:
//!
//! - predictions are taken in list order; each looks at the gold spans not yet
//!   consumed, in list order, that it overlaps by at least 1% of the gold's
//!   length, and consumes at most one of them; gold never consumed is missed;
//! - strict/exact/partial take the same-boundary gold if one is free (strict
//!   also needs the type), else the first overlapping one;
//! - the type scheme takes the free same-type gold with the smallest
//!   boundary distance, else the first overlapping gold of another type;
//! - per-label numbers rerun everything with both sides restricted to one
//!   label, so they are not a breakdown of the overall numbers.
//!
//! The order dependence this brings is why it is not hudna's default.

use std::collections::BTreeSet;

use super::counts::Counts;
use super::outcome::{Origin, Outcome, Sink};
use super::spans::{SchemeTallies, Span};

/// nervaluate's overlap test: shared code points are at least
/// `min_overlap` percent of the gold span's length (its
/// `min_overlap_percentage`, 1 by default; computed in floating point as
/// nervaluate does).
pub(super) fn overlaps(p: &Span, g: &Span, min_overlap: f64) -> bool {
    let ov = p.overlap(g);
    let len = g.end.saturating_sub(g.start);
    ov > 0 && len > 0 && (ov as f64 / len as f64) * 100.0 >= min_overlap
}

fn same_bounds(a: &Span, b: &Span) -> bool {
    a.start == b.start && a.end == b.end
}

/// Runs one scheme (index into [`super::spans::SCHEMES`]) over one
/// document, reporting each outcome with the positions (in `gold` and
/// `pred`) of the spans it is about.
fn run(
    scheme: usize,
    gold: &[&Span],
    pred: &[&Span],
    min_overlap: f64,
    mut out: impl FnMut(Option<usize>, Option<usize>, Outcome),
) {
    let mut consumed = vec![false; gold.len()];
    for (pi, p) in pred.iter().enumerate() {
        let free: Vec<usize> = (0..gold.len())
            .filter(|&i| !consumed[i] && overlaps(p, gold[i], min_overlap))
            .collect();
        let Some(&first) = free.first() else {
            out(None, Some(pi), Outcome::Spurious);
            continue;
        };
        let (chosen, outcome) = match scheme {
            // strict, exact, partial
            0..=2 => {
                let hit = free.iter().copied().find(|&i| {
                    same_bounds(p, gold[i]) && (scheme != 0 || p.label == gold[i].label)
                });
                match (hit, scheme) {
                    (Some(i), _) => (i, Outcome::Correct),
                    (None, 2) => (first, Outcome::Partial),
                    (None, _) => (first, Outcome::Incorrect),
                }
            }
            // type
            _ => {
                let dist = |i: usize| gold[i].start.abs_diff(p.start) + gold[i].end.abs_diff(p.end);
                let same: Option<usize> = free
                    .iter()
                    .copied()
                    .filter(|&i| gold[i].label == p.label)
                    .fold(None, |best, i| match best {
                        Some(b) if dist(b) <= dist(i) => Some(b),
                        _ => Some(i),
                    });
                match same {
                    Some(i) => (i, Outcome::Correct),
                    None => (first, Outcome::Incorrect),
                }
            }
        };
        out(Some(chosen), Some(pi), outcome);
        consumed[chosen] = true;
    }
    for (gi, _) in consumed.iter().enumerate().filter(|(_, u)| !**u) {
        out(Some(gi), None, Outcome::Missed);
    }
}

fn counts(scheme: usize, gold: &[&Span], pred: &[&Span], min_overlap: f64) -> Counts {
    let mut c = Counts::default();
    run(scheme, gold, pred, min_overlap, |_, _, o| c.record(o));
    c
}

fn all_schemes(gold: &[&Span], pred: &[&Span], min_overlap: f64) -> [Counts; 4] {
    [0, 1, 2, 3].map(|s| counts(s, gold, pred, min_overlap))
}

/// Scores one document the way nervaluate 1.2 does, in the given list order,
/// with its `min_overlap_percentage` (1.0 to 100.0).
pub fn score(gold: &[Span], pred: &[Span], min_overlap: f64) -> SchemeTallies {
    let g: Vec<&Span> = gold.iter().collect();
    let p: Vec<&Span> = pred.iter().collect();
    let mut out: SchemeTallies = Default::default();
    for (t, c) in out.iter_mut().zip(all_schemes(&g, &p, min_overlap)) {
        t.overall = c;
    }
    let labels: BTreeSet<&str> = gold.iter().chain(pred).map(|s| s.label.as_str()).collect();
    for label in labels {
        let g: Vec<&Span> = gold.iter().filter(|s| s.label == label).collect();
        let p: Vec<&Span> = pred.iter().filter(|s| s.label == label).collect();
        for (t, c) in out.iter_mut().zip(all_schemes(&g, &p, min_overlap)) {
            t.by_label.insert(label.to_owned(), c);
        }
    }
    out
}

/// The outcomes of nervaluate's overall pass, per scheme, for the error
/// listing. They sum to the overall counts of [`score`]; its per-label
/// numbers come from separate passes (nervaluate's), so a listing filed by
/// label need not sum to them. A paired outcome is filed under the gold
/// label.
pub fn outcomes_into<S: Sink + ?Sized>(
    gold: &[Span],
    pred: &[Span],
    min_overlap: f64,
    sink: &mut S,
) {
    let g: Vec<&Span> = gold.iter().collect();
    let p: Vec<&Span> = pred.iter().collect();
    for scheme in 0..4 {
        run(scheme, &g, &p, min_overlap, |gi, pi, o| {
            let label = match gi {
                Some(i) => &gold[i].label,
                None => &pred[pi.unwrap_or_default()].label,
            };
            sink.outcome(
                scheme,
                label,
                gi.map(Origin::record),
                pi.map(Origin::record),
                o,
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: usize, b: usize, l: &str) -> Span {
        Span::new(a, b, l)
    }

    #[test]
    fn list_order_changes_the_greedy_score() {
        // nervaluate's own behaviour (fixture cases c012/c013).
        let gold = [s(0, 5, "PERS")];
        let a = score(&gold, &[s(0, 3, "PERS"), s(0, 5, "PERS")], 1.0);
        let b = score(&gold, &[s(0, 5, "PERS"), s(0, 3, "PERS")], 1.0);
        assert_eq!((a[0].overall.incorrect, a[0].overall.spurious), (1, 1));
        assert_eq!((b[0].overall.correct, b[0].overall.spurious), (1, 1));
    }

    #[test]
    fn one_percent_overlap_threshold() {
        let gold = [s(0, 101, "ORG")];
        let t = score(&gold, &[s(100, 110, "ORG")], 1.0);
        assert_eq!((t[0].overall.missed, t[0].overall.spurious), (1, 1));
    }

    /// Spans that share no code point never overlap, even at a threshold
    /// of 0% that a library caller may pass (the CLI takes 1 to 100).
    #[test]
    fn disjoint_spans_never_overlap_at_any_threshold() {
        let (g, p) = (s(0, 5, "PERS"), s(10, 15, "PERS"));
        assert!(!overlaps(&p, &g, 0.0));
        let t = score(&[g], &[p], 0.0);
        let c = t[2].overall;
        assert_eq!((c.partial, c.missed, c.spurious), (0, 1, 1));
    }
}
