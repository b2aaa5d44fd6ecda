//! hudna's optimal pairings checked against brute force.
//!
//! For small random sets (nested, crossing, identical and disjoint items),
//! the reference enumerates every one-to-one pairing among the allowed pairs,
//! keeps the pairings that are best under the documented objective, and
//! tallies each of them independently of hudna's code. Two optimal pairings
//! can tally differently in rare ties, so the assertion is that hudna's
//! tallies are those of *some* optimal pairing. A pairing of items that may
//! not be paired, or a pairing that is not optimal, changes the tallies and
//! fails.

use hudna::record::Count;
use hudna::score::casualties::{self, CasualtyItem, ClaimKeys};
use hudna::score::spans::{self, Matching, SchemeTallies, Span};
use hudna::score::{Tally, ValueStats};
use hudna::vocab::{CasualtyCategory, Qualifier, VictimGroup};
use proptest::prelude::*;

/// Which (gold, prediction) index pairs may be paired.
type Allowed<'a> = &'a dyn Fn(usize, usize) -> bool;
/// Maps a pairing to a value.
type Objective<'a, T> = &'a dyn Fn(&[(usize, usize)]) -> T;
/// Receives one pairing.
type Visit<'a> = &'a mut dyn FnMut(&[(usize, usize)]);

/// Calls `visit` with every one-to-one pairing of `0..n_gold` with
/// `0..n_pred` that uses allowed pairs only (the empty pairing included).
fn each_pairing(n_gold: usize, n_pred: usize, allowed: Allowed<'_>, visit: Visit<'_>) {
    fn go(
        g: usize,
        n_gold: usize,
        allowed: Allowed<'_>,
        used: &mut [bool],
        cur: &mut Vec<(usize, usize)>,
        visit: Visit<'_>,
    ) {
        if g == n_gold {
            visit(cur);
            return;
        }
        go(g + 1, n_gold, allowed, used, cur, visit);
        for p in 0..used.len() {
            if !used[p] && allowed(g, p) {
                used[p] = true;
                cur.push((g, p));
                go(g + 1, n_gold, allowed, used, cur, visit);
                cur.pop();
                used[p] = false;
            }
        }
    }
    let mut used = vec![false; n_pred];
    go(0, n_gold, allowed, &mut used, &mut Vec::new(), visit);
}

/// The outcomes of every optimal pairing: `score` maps a pairing to a
/// comparable objective (higher is better), `outcome` to what is compared.
fn optimal_outcomes<O: PartialEq, S: PartialOrd + Copy>(
    n_gold: usize,
    n_pred: usize,
    allowed: Allowed<'_>,
    score: Objective<'_, S>,
    outcome: Objective<'_, O>,
) -> Vec<O> {
    let mut best: Option<S> = None;
    let mut outs: Vec<O> = Vec::new();
    each_pairing(n_gold, n_pred, allowed, &mut |pairs| {
        let s = score(pairs);
        match best {
            Some(b) if s < b => {}
            Some(b) if s == b => {
                let o = outcome(pairs);
                if !outs.contains(&o) {
                    outs.push(o);
                }
            }
            _ => {
                best = Some(s);
                outs = vec![outcome(pairs)];
            }
        }
    });
    outs
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

// ---------------------------------------------------------------- entities

/// The documented pair weight (src/score/spans.rs): tier 8 same boundaries
/// and type, 4 same boundaries, 2 same type and overlap, 1 overlap; then
/// shared code points. No overlap, no pair.
fn span_weight(g: &Span, p: &Span) -> Option<u64> {
    let ov = overlap((g.start, g.end), (p.start, p.end));
    if ov == 0 {
        return None;
    }
    let bounds = g.start == p.start && g.end == p.end;
    let typ = g.label == p.label;
    let tier = match (bounds, typ) {
        (true, true) => 8,
        (true, false) => 4,
        (false, true) => 2,
        (false, false) => 1,
    };
    Some(tier * 1_000_000_000 + ov as u64)
}

/// The SemEval tallies of one pairing, from the scheme table in spans.rs.
fn span_tallies(gold: &[Span], pred: &[Span], pairs: &[(usize, usize)]) -> SchemeTallies {
    let mut t: SchemeTallies = Default::default();
    for &(gi, pi) in pairs {
        let (g, p) = (&gold[gi], &pred[pi]);
        let bounds = g.start == p.start && g.end == p.end;
        let typ = g.label == p.label;
        let l = g.label.as_str();
        t[0].add(l, |c| {
            if bounds && typ {
                c.correct += 1
            } else {
                c.incorrect += 1
            }
        });
        t[1].add(l, |c| {
            if bounds {
                c.correct += 1
            } else {
                c.incorrect += 1
            }
        });
        t[2].add(l, |c| {
            if bounds {
                c.correct += 1
            } else {
                c.partial += 1
            }
        });
        t[3].add(l, |c| {
            if typ {
                c.correct += 1
            } else {
                c.incorrect += 1
            }
        });
    }
    for (gi, g) in gold.iter().enumerate() {
        if !pairs.iter().any(|&(x, _)| x == gi) {
            for s in t.iter_mut() {
                s.add(&g.label, |c| c.missed += 1);
            }
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if !pairs.iter().any(|&(_, y)| y == pi) {
            for s in t.iter_mut() {
                s.add(&p.label, |c| c.spurious += 1);
            }
        }
    }
    t
}

fn check_spans(gold: &[Span], pred: &[Span]) -> Result<(), TestCaseError> {
    let allowed = |g: usize, p: usize| span_weight(&gold[g], &pred[p]).is_some();
    let total = |pairs: &[(usize, usize)]| -> u64 {
        pairs
            .iter()
            .map(|&(g, p)| span_weight(&gold[g], &pred[p]).unwrap_or(0))
            .sum()
    };
    let outs = optimal_outcomes(gold.len(), pred.len(), &allowed, &total, &|pairs| {
        span_tallies(gold, pred, pairs)
    });
    let got = spans::score(gold, pred, Matching::Optimal);
    prop_assert!(
        outs.contains(&got),
        "hudna's tallies are no optimal pairing's\n gold {gold:?}\n pred {pred:?}\n hudna {got:#?}\n optimal {outs:#?}"
    );
    Ok(())
}

const LABELS: [&str; 3] = ["A", "B", "C"];

fn span() -> impl Strategy<Value = Span> {
    (0usize..10, 1usize..6, 0usize..LABELS.len())
        .prop_map(|(s, len, l)| Span::new(s, s + len, LABELS[l]))
}

/// A prediction derived from a gold span, so that identical boundaries,
/// retyped and nudged spans are common.
fn derived(gold: &[Span], pick: prop::sample::Index, how: u8, l: usize) -> Option<Span> {
    if gold.is_empty() {
        return None;
    }
    let g = &gold[pick.index(gold.len())];
    Some(match how {
        0 => g.clone(),
        1 => Span::new(g.start, g.end, LABELS[l]),
        2 => Span::new(g.start, g.end + 1, g.label.clone()),
        _ => Span::new(g.start.saturating_sub(1), g.end, LABELS[l]),
    })
}

fn span_case() -> impl Strategy<Value = (Vec<Span>, Vec<Span>)> {
    (
        prop::collection::vec(span(), 0..=6),
        prop::collection::vec(span(), 0..=4),
        prop::collection::vec(
            (any::<prop::sample::Index>(), 0u8..4, 0usize..LABELS.len()),
            0..=3,
        ),
    )
        .prop_map(|(gold, mut pred, how)| {
            for (i, h, l) in how {
                pred.extend(derived(&gold, i, h, l));
            }
            (gold, pred)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn entity_pairing_is_a_maximum_weight_one((gold, pred) in span_case()) {
        check_spans(&gold, &pred)?;
    }
}

#[test]
fn entity_reference_spot_checks() {
    let s = Span::new;
    // Clusters that cannot be fully paired: the reference must agree on
    // which gold is left out, with nothing paired across a gap.
    check_spans(
        &[s(0, 3, "A"), s(4, 7, "A"), s(8, 20, "A")],
        &[s(0, 10, "A"), s(12, 14, "A"), s(16, 18, "A")],
    )
    .unwrap();
    // Eight a side, chained: each gold overlaps two predictions.
    let gold: Vec<Span> = (0..8).map(|i| s(3 * i, 3 * i + 4, LABELS[i % 3])).collect();
    let pred: Vec<Span> = (0..8)
        .map(|i| s(3 * i + 1, 3 * i + 5, LABELS[(i + 1) % 3]))
        .collect();
    check_spans(&gold, &pred).unwrap();
}

// -------------------------------------------------------------- casualties

fn stated(c: &Count) -> Option<u64> {
    c.value.or(c.low).or(c.high)
}

/// Compatibility as the module documents it: the predicted number equals
/// the gold value or lies in its [low, high] (an open bound admits anything,
/// no bound at all admits nothing but the value); two vague counts with the
/// same bounds are compatible.
fn compatible(g: &Count, p: &Count) -> bool {
    let admits = |n: u64| {
        g.value == Some(n)
            || ((g.low.is_some() || g.high.is_some())
                && g.low.is_none_or(|l| n >= l)
                && g.high.is_none_or(|h| n <= h))
    };
    stated(p).is_some_and(admits)
        || (g.value.is_none()
            && p.value.is_none()
            && (g.low.is_some() || g.high.is_some())
            && (g.low, g.high) == (p.low, p.high))
}

fn exact(g: &Count, p: &Count) -> bool {
    match g.value {
        Some(v) => p.value == Some(v),
        None => p.value.is_none() && (g.low, g.high) == (p.low, p.high),
    }
}

/// correct/missed/spurious per category for one pairing.
fn claim_tally(gold: &[&CasualtyItem], pred: &[&CasualtyItem], pairs: &[(usize, usize)]) -> Tally {
    let mut t = Tally::default();
    for &(g, _) in pairs {
        t.add(gold[g].category.as_str(), |c| c.correct += 1);
    }
    for (gi, g) in gold.iter().enumerate() {
        if !pairs.iter().any(|&(x, _)| x == gi) {
            t.add(g.category.as_str(), |c| c.missed += 1);
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if !pairs.iter().any(|&(_, y)| y == pi) {
            t.add(p.category.as_str(), |c| c.spurious += 1);
        }
    }
    t
}

fn value_stats(
    gold: &[CasualtyItem],
    pred: &[CasualtyItem],
    pairs: &[(usize, usize)],
) -> ValueStats {
    let mut v = ValueStats::default();
    for &(g, p) in pairs {
        let (g, p) = (&gold[g].count, &pred[p].count);
        v.matched += 1;
        v.exact += exact(g, p) as u64;
        if let (Some(a), Some(b)) = (g.value, p.value) {
            v.with_values += 1;
            v.abs_error_sum += a.abs_diff(b);
        }
    }
    v
}

fn check_casualties(
    gold: &[CasualtyItem],
    pred: &[CasualtyItem],
    keys: ClaimKeys,
) -> Result<(), TestCaseError> {
    let (mention, claim, values) = casualties::score(gold, pred, keys);

    // Mentions: overlapping spans, same category, compatible count; as many
    // pairs as possible, then the most shared code points.
    let golds: Vec<&CasualtyItem> = gold.iter().collect();
    let spanned: Vec<&CasualtyItem> = pred.iter().filter(|p| p.span.is_some()).collect();
    let allowed = |g: usize, p: usize| {
        let (g, p) = (golds[g], spanned[p]);
        match (g.span, p.span) {
            (Some(a), Some(b)) => {
                overlap(a, b) > 0 && g.category == p.category && compatible(&g.count, &p.count)
            }
            _ => false,
        }
    };
    let objective = |pairs: &[(usize, usize)]| -> (usize, usize) {
        let shared = pairs
            .iter()
            .map(|&(g, p)| match (golds[g].span, spanned[p].span) {
                (Some(a), Some(b)) => overlap(a, b),
                _ => 0,
            })
            .sum();
        (pairs.len(), shared)
    };
    let outs = optimal_outcomes(golds.len(), spanned.len(), &allowed, &objective, &|pairs| {
        claim_tally(&golds, &spanned, pairs)
    });
    prop_assert!(
        outs.contains(&mention),
        "mention: hudna {mention:#?}\n optimal {outs:#?}\n gold {gold:#?}\n pred {pred:#?}"
    );

    // Claims: same category, compatible, the keys asked for; as many pairs
    // as possible, then the most exact values.
    let preds: Vec<&CasualtyItem> = pred.iter().collect();
    let allowed = |g: usize, p: usize| {
        let (g, p) = (&gold[g], &pred[p]);
        g.category == p.category
            && compatible(&g.count, &p.count)
            && (!keys.victims || g.group == p.group)
            && (!keys.source || g.source_ref == p.source_ref)
    };
    let objective = |pairs: &[(usize, usize)]| -> (usize, usize) {
        let exacts = pairs
            .iter()
            .filter(|&&(g, p)| exact(&gold[g].count, &pred[p].count))
            .count();
        (pairs.len(), exacts)
    };
    let outs = optimal_outcomes(gold.len(), pred.len(), &allowed, &objective, &|pairs| {
        (
            claim_tally(&golds, &preds, pairs),
            value_stats(gold, pred, pairs),
        )
    });
    let got = (claim, values);
    prop_assert!(
        outs.contains(&got),
        "claim: hudna {got:#?}\n optimal {outs:#?}\n keys {keys:?}\n gold {gold:#?}\n pred {pred:#?}"
    );
    Ok(())
}

fn count() -> impl Strategy<Value = Count> {
    (
        prop::option::weighted(0.6, 1u64..6),
        prop::option::of(0u64..6),
        prop::option::of(2u64..8),
    )
        .prop_map(|(value, low, high)| Count {
            value,
            qualifier: Qualifier::Exact,
            low,
            high,
        })
}

fn casualty() -> impl Strategy<Value = CasualtyItem> {
    const CATS: [CasualtyCategory; 2] = [CasualtyCategory::Killed, CasualtyCategory::Injured];
    const GROUPS: [VictimGroup; 2] = [VictimGroup::Civilian, VictimGroup::Military];
    (
        0usize..2,
        count(),
        prop::option::weighted(0.8, (0usize..8, 1usize..4)),
        prop::option::of(0usize..2),
        prop::option::of(0usize..2),
    )
        .prop_map(|(cat, count, span, group, source)| CasualtyItem {
            category: CATS[cat],
            count,
            span: span.map(|(s, len)| (s, s + len)),
            group: group.map(|g| GROUPS[g]),
            source_ref: source.map(|s| ["ministry", "army"][s].to_string()),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn casualty_pairings_are_maximum_ones(
        gold in prop::collection::vec(casualty(), 0..=6),
        pred in prop::collection::vec(casualty(), 0..=6),
        victims in any::<bool>(),
        source in any::<bool>(),
    ) {
        check_casualties(&gold, &pred, ClaimKeys { victims, source })?;
    }
}
