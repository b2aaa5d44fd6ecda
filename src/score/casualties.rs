//! Casualty matching, at two levels.
//!
//! - `mention`: a predicted figure with offsets matches a gold figure when
//!   the spans overlap, the category is the same and the count is compatible.
//! - `claim`: per document and without spans, a predicted claim matches a
//!   gold claim when the category is the same and the count is compatible
//!   (optionally also the victims' group and the source's KB ref). This is
//!   the level at which a system that reads "8 soldiers killed, says the
//!   ministry" is judged, wherever it found it.
//!
//! *Compatible* means the predicted number equals the gold value or lies in
//! the gold's UCDP-style [low, high] (see [`Count::admits`]); the predicted
//! number is the prediction's `value`, else its `low`, else its `high`. Two
//! vague counts with equal bounds are compatible. For matched claims, the
//! exact-value accuracy and mean absolute error say how close the numbers
//! were, since compatibility alone forgives "more than 200" read as 250.

use crate::record::Count;
use crate::vocab::{CasualtyCategory, VictimGroup};

use super::assign;
use super::counts::{Tally, ValueStats};
use super::outcome::{Origin, Outcome, Sink};

/// A casualty figure, resolved to what can be compared.
#[derive(Debug, Clone, PartialEq)]
pub struct CasualtyItem {
    /// What happened to the victims.
    pub category: CasualtyCategory,
    /// The count.
    pub count: Count,
    /// Span, when given.
    pub span: Option<(usize, usize)>,
    /// Victims' group, when given.
    pub group: Option<VictimGroup>,
    /// The KB ref of the figure's source, when known.
    pub source_ref: Option<String>,
}

/// Which optional claim attributes must agree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClaimKeys {
    /// The victims' group must agree.
    pub victims: bool,
    /// The source's KB ref must agree.
    pub source: bool,
}

/// Casualty schemes, in report order.
pub const SCHEMES: [&str; 2] = ["mention", "claim"];

/// The number a prediction states.
fn stated(c: &Count) -> Option<u64> {
    c.value.or(c.low).or(c.high)
}

/// Whether a predicted count is compatible with a gold one.
pub fn compatible(gold: &Count, pred: &Count) -> bool {
    if stated(pred).is_some_and(|n| gold.admits(n)) {
        return true;
    }
    gold.value.is_none()
        && pred.value.is_none()
        && (gold.low, gold.high) == (pred.low, pred.high)
        && gold.low.or(gold.high).is_some()
}

fn exact(gold: &Count, pred: &Count) -> bool {
    match gold.value {
        Some(v) => pred.value == Some(v),
        None => pred.value.is_none() && (gold.low, gold.high) == (pred.low, pred.high),
    }
}

/// How close a predicted value is to the gold value, 0..=1023 (1023 when
/// equal, 0 when either side states no value or they are 1,023 or more
/// apart).
fn closeness(gold: &Count, pred: &Count) -> i64 {
    match (gold.value, pred.value) {
        (Some(a), Some(b)) => 1023 - a.abs_diff(b).min(1023) as i64,
        _ => 0,
    }
}

/// Positions of `items` sorted on every compared attribute (ties keep
/// input order; tied items are identical in every compared attribute).
fn canonical(items: &[CasualtyItem]) -> Vec<usize> {
    let key = |c: &CasualtyItem| {
        (
            c.category,
            c.span,
            (c.count.value, c.count.low, c.count.high, c.count.qualifier),
            c.group,
            c.source_ref.clone(),
        )
    };
    let mut v: Vec<usize> = (0..items.len()).collect();
    v.sort_by_key(|&i| key(&items[i]));
    v
}

/// Scores one document's casualty figures: `(mention, claim, value stats)`.
pub fn score(
    gold: &[CasualtyItem],
    pred: &[CasualtyItem],
    keys: ClaimKeys,
) -> (Tally, Tally, ValueStats) {
    let mut out: [Tally; 2] = Default::default();
    let values = score_into(gold, pred, keys, &mut out[..]);
    let [mention, claim] = out;
    (mention, claim, values)
}

/// Scores one document's casualty figures, every outcome reported to
/// `sink` (scheme 0 `mention`, 1 `claim`; origins are positions in `gold`
/// and `pred`); returns the matched claims' value statistics.
pub fn score_into<S: Sink + ?Sized>(
    gold: &[CasualtyItem],
    pred: &[CasualtyItem],
    keys: ClaimKeys,
    sink: &mut S,
) -> ValueStats {
    // A canonical order first: which of two equally good pairs is taken
    // (and so the value statistics) must not depend on record order.
    let g_ix = canonical(gold);
    let gold_c: Vec<&CasualtyItem> = g_ix.iter().map(|&i| &gold[i]).collect();
    let p_ix = canonical(pred);
    let spanned: Vec<usize> = p_ix
        .iter()
        .copied()
        .filter(|&i| pred[i].span.is_some())
        .collect();
    let pairs = assign::optimal(gold_c.len(), spanned.len(), |g, p| {
        let (g, p) = (gold_c[g], &pred[spanned[p]]);
        let (gs, ps) = (g.span?, p.span?);
        let overlap = gs.1.min(ps.1).saturating_sub(gs.0.max(ps.0));
        // The overlap term only picks among maximum matchings, which all
        // tally alike (pairs never cross categories), so mutants of it are
        // equivalent (tools/mutants-equivalent.txt).
        (overlap > 0 && g.category == p.category && compatible(&g.count, &p.count))
            .then(|| (1 << 40) + overlap.min(1 << 30) as i64)
    });
    outcomes(sink, 0, gold, pred, &g_ix, &spanned, &pairs);

    let pairs = assign::optimal(gold_c.len(), p_ix.len(), |g, p| {
        let (g, p) = (gold_c[g], &pred[p_ix[p]]);
        let ok = g.category == p.category
            && compatible(&g.count, &p.count)
            && (!keys.victims || g.group == p.group)
            && (!keys.source || g.source_ref == p.source_ref);
        // Matching as many claims as possible comes first; among
        // maximum matchings, exact values are preferred, then numbers
        // closer to the gold's (a tie-break only: closeness saturates at
        // 1,023 and a component never has 1,024 claims of one category).
        ok.then(|| {
            (1 << 40) + ((exact(&g.count, &p.count) as i64) << 20) + closeness(&g.count, &p.count)
        })
    });
    outcomes(sink, 1, gold, pred, &g_ix, &p_ix, &pairs);
    let mut values = ValueStats::default();
    for &(g, p) in &pairs {
        let (g, p) = (&gold_c[g].count, &pred[p_ix[p]].count);
        values.matched += 1;
        values.exact += exact(g, p) as u64;
        if let (Some(a), Some(b)) = (g.value, p.value) {
            values.with_values += 1;
            values.abs_error_sum = values.abs_error_sum.saturating_add(a.abs_diff(b));
        }
    }
    values
}

/// Outcomes of one pairing; `g_ix`/`p_ix` map the pairing's positions to
/// positions in `gold`/`pred`.
fn outcomes<S: Sink + ?Sized>(
    sink: &mut S,
    scheme: usize,
    gold: &[CasualtyItem],
    pred: &[CasualtyItem],
    g_ix: &[usize],
    p_ix: &[usize],
    pairs: &[(usize, usize)],
) {
    let mut gu = vec![false; g_ix.len()];
    let mut pu = vec![false; p_ix.len()];
    for &(g, p) in pairs {
        gu[g] = true;
        pu[p] = true;
        let (go, po) = (g_ix[g], p_ix[p]);
        let label = gold[go].category.as_str();
        let (go, po) = (Some(Origin::record(go)), Some(Origin::record(po)));
        sink.outcome(scheme, label, go, po, Outcome::Correct);
    }
    for (_, &go) in g_ix.iter().enumerate().filter(|(g, _)| !gu[*g]) {
        let label = gold[go].category.as_str();
        sink.outcome(
            scheme,
            label,
            Some(Origin::record(go)),
            None,
            Outcome::Missed,
        );
    }
    for (_, &po) in p_ix.iter().enumerate().filter(|(p, _)| !pu[*p]) {
        let label = pred[po].category.as_str();
        sink.outcome(
            scheme,
            label,
            None,
            Some(Origin::record(po)),
            Outcome::Spurious,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Qualifier;

    fn count(value: Option<u64>, q: Qualifier, low: Option<u64>, high: Option<u64>) -> Count {
        Count {
            value,
            qualifier: q,
            low,
            high,
        }
    }

    fn item(cat: CasualtyCategory, c: Count, span: Option<(usize, usize)>) -> CasualtyItem {
        CasualtyItem {
            category: cat,
            count: c,
            span,
            group: None,
            source_ref: None,
        }
    }

    /// Regression (review): exact-value pairs once outweighed a larger
    /// matching, leaving a claim unmatched.
    #[test]
    fn the_most_claims_are_matched_before_exact_values_are_preferred() {
        use CasualtyCategory::Killed;
        let gold = [
            item(
                Killed,
                count(None, Qualifier::Range, Some(10), Some(20)),
                None,
            ),
            item(
                Killed,
                count(Some(20), Qualifier::AtLeast, Some(20), None),
                None,
            ),
            item(
                Killed,
                count(Some(10), Qualifier::AtMost, None, Some(10)),
                None,
            ),
        ];
        let pred = [
            item(
                Killed,
                count(None, Qualifier::Range, Some(10), Some(20)),
                None,
            ),
            item(Killed, count(Some(20), Qualifier::Exact, None, None), None),
            item(Killed, count(Some(30), Qualifier::Exact, None, None), None),
        ];
        let (_, claim, _) = score(&gold, &pred, ClaimKeys::default());
        let c = claim.overall;
        assert_eq!((c.correct, c.missed, c.spurious), (3, 0, 0));
    }

    #[test]
    fn compatibility_follows_the_gold_bounds() {
        let more_than_200 = count(Some(200), Qualifier::MoreThan, Some(201), None);
        assert!(compatible(
            &more_than_200,
            &count(Some(250), Qualifier::Exact, None, None)
        ));
        assert!(compatible(
            &more_than_200,
            &count(Some(200), Qualifier::Exact, None, None)
        ));
        assert!(!compatible(
            &more_than_200,
            &count(Some(150), Qualifier::Exact, None, None)
        ));
        let hundreds = count(None, Qualifier::Vague, Some(100), Some(999));
        assert!(compatible(
            &hundreds,
            &count(None, Qualifier::Vague, Some(100), Some(999))
        ));
        assert!(!compatible(
            &hundreds,
            &count(None, Qualifier::Vague, None, None)
        ));
    }

    #[test]
    fn claims_match_without_spans_and_report_value_error() {
        use CasualtyCategory::*;
        let gold = [
            item(
                Killed,
                count(Some(200), Qualifier::MoreThan, Some(201), None),
                Some((0, 10)),
            ),
            item(
                Injured,
                count(Some(8), Qualifier::Exact, Some(8), Some(8)),
                Some((20, 25)),
            ),
        ];
        let pred = [
            item(Killed, count(Some(250), Qualifier::Exact, None, None), None),
            item(
                Injured,
                count(Some(8), Qualifier::Exact, None, None),
                Some((21, 24)),
            ),
            item(
                Missing,
                count(Some(3), Qualifier::Exact, None, None),
                Some((40, 44)),
            ),
        ];
        let (mention, claim, v) = score(&gold, &pred, ClaimKeys::default());
        assert_eq!(
            (
                mention.overall.correct,
                mention.overall.missed,
                mention.overall.spurious
            ),
            (1, 1, 1)
        );
        assert_eq!(
            (
                claim.overall.correct,
                claim.overall.missed,
                claim.overall.spurious
            ),
            (2, 0, 1)
        );
        assert_eq!(
            (v.matched, v.exact, v.with_values, v.abs_error_sum),
            (2, 1, 2, 50)
        );
    }

    /// Among pairings with as many matches and exact values, the one with
    /// the closer numbers is taken, whatever the record order: the mean
    /// absolute error is then a property of the predictions.
    #[test]
    fn closer_values_are_paired_whatever_the_order() {
        use CasualtyCategory::Killed;
        let vague = |v| count(Some(v), Qualifier::Range, Some(5), Some(50));
        let exact = |v| count(Some(v), Qualifier::Exact, None, None);
        let gold = [item(Killed, vague(10), None), item(Killed, vague(40), None)];
        let pred = [item(Killed, exact(39), None), item(Killed, exact(11), None)];
        let mut rev = pred.clone();
        rev.reverse();
        for p in [&pred[..], &rev[..]] {
            let (_, claim, values) = score(&gold, p, ClaimKeys::default());
            assert_eq!(claim.overall.correct, 2);
            assert_eq!(
                (values.matched, values.exact, values.with_values),
                (2, 0, 2)
            );
            // 10-11 and 40-39, not 10-39 and 40-11 (error 58).
            assert_eq!(values.abs_error_sum, 2);
        }
    }
}
