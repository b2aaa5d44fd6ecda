//! Event scoring: what must and must not be credited, and trigger pairing
//! checked against brute force.
//!
//! Tallies are looked up by scheme name (never by position), so that a
//! change in the scheme list shows up as a name to fix, not a silent shift.

use hudna::ontology::EventType;
use hudna::score::events::{self, ArgItem, EventCounting, EventItem};
use hudna::score::{Counts, Tally};
use hudna::vocab::Role;
use proptest::prelude::*;

/// The overall counts of the named scheme.
fn get(t: &[Tally], scheme: &str) -> Counts {
    let i = events::SCHEMES
        .iter()
        .position(|s| *s == scheme)
        .unwrap_or_else(|| panic!("no event scheme {scheme}"));
    t[i].overall
}

fn cms(c: Counts) -> (u64, u64, u64) {
    (c.correct, c.missed, c.spurious)
}

fn arg(role: Role, span: Option<usize>, surface: Option<&str>, r: Option<&str>) -> ArgItem {
    ArgItem {
        role,
        span: span.map(|s| (s, s + 3)),
        surface: surface.map(str::to_owned),
        r#ref: r.map(str::to_owned),
    }
}

fn ev(t: EventType, at: usize, args: Vec<ArgItem>) -> EventItem {
    EventItem {
        event_type: t,
        span: Some((at, at + 4)),
        surface: format!("t{at}"),
        args,
    }
}

const T: EventType = EventType::CeasefireDeclared;

#[test]
fn text_only_arguments_match_by_surface() {
    let gold = [ev(
        T,
        0,
        vec![arg(Role::Actor, Some(10), Some("روسيا"), Some("russia"))],
    )];
    let cases = [
        (arg(Role::Actor, None, Some("روسيا"), None), 1),
        (arg(Role::Actor, None, Some("تركيا"), None), 0),
        (arg(Role::Actor, None, None, None), 0),
        // With offsets on both sides, the offsets decide, not the text.
        (arg(Role::Actor, Some(30), Some("روسيا"), None), 0),
    ];
    for (a, hit) in cases {
        let pred = [ev(T, 0, vec![a.clone()])];
        let t = events::score(&gold, &pred, EventCounting::OneToOne);
        assert_eq!(
            cms(get(&t, "arg_id_plus")),
            (hit, 1 - hit, 1 - hit),
            "{a:?}"
        );
        assert_eq!(
            cms(get(&t, "arg_cls_plus")),
            (hit, 1 - hit, 1 - hit),
            "{a:?}"
        );
    }
    // Text-only on both sides with no surface never matches.
    let gold = [ev(T, 0, vec![arg(Role::Actor, None, None, None)])];
    let pred = [ev(T, 0, vec![arg(Role::Actor, None, None, None)])];
    assert_eq!(
        cms(get(
            &events::score(&gold, &pred, EventCounting::OneToOne),
            "arg_id_plus"
        )),
        (0, 1, 1)
    );
}

#[test]
fn the_role_matters_for_classification_only() {
    let gold = [ev(T, 0, vec![arg(Role::Actor, Some(10), None, None)])];
    let pred = [ev(T, 0, vec![arg(Role::Recipient, Some(10), None, None)])];
    let t = events::score(&gold, &pred, EventCounting::OneToOne);
    assert_eq!(cms(get(&t, "arg_id_plus")), (1, 0, 0));
    assert_eq!(cms(get(&t, "arg_cls_plus")), (0, 1, 1));
    assert_eq!(cms(get(&t, "arg_cls_plus_lenient")), (0, 1, 1));
}

#[test]
fn lenient_arguments_need_the_role_and_the_same_ref() {
    let gold = [ev(T, 0, vec![arg(Role::Actor, Some(10), None, Some("am"))])];
    let cases = [
        // Another mention of the same entity, same role: credited.
        (arg(Role::Actor, Some(50), None, Some("am")), 1),
        // Same entity, wrong role.
        (arg(Role::Recipient, Some(50), None, Some("am")), 0),
        // Right role, another entity.
        (arg(Role::Actor, Some(50), None, Some("az")), 0),
        // Right role, no ref.
        (arg(Role::Actor, Some(50), None, None), 0),
    ];
    for (a, hit) in cases {
        let pred = [ev(T, 0, vec![a.clone()])];
        let t = events::score(&gold, &pred, EventCounting::OneToOne);
        assert_eq!(
            cms(get(&t, "arg_cls_plus_lenient")),
            (hit, 1 - hit, 1 - hit),
            "{a:?}"
        );
        assert_eq!(cms(get(&t, "arg_cls_plus")), (0, 1, 1), "strict: {a:?}");
    }
    // No ref on either side is not "the same ref".
    let gold = [ev(T, 0, vec![arg(Role::Actor, Some(10), None, None)])];
    let pred = [ev(T, 0, vec![arg(Role::Actor, Some(50), None, None)])];
    let t = events::score(&gold, &pred, EventCounting::OneToOne);
    assert_eq!(cms(get(&t, "arg_cls_plus_lenient")), (0, 1, 1));
}

#[test]
fn of_duplicate_triggers_the_one_with_more_matching_arguments_is_paired() {
    let good = vec![
        arg(Role::Actor, Some(10), None, None),
        arg(Role::Recipient, Some(20), None, None),
    ];
    let bad = vec![arg(Role::Actor, Some(30), None, None)];
    let gold = [ev(T, 0, good.clone())];
    for pred in [
        [ev(T, 0, bad.clone()), ev(T, 0, good.clone())],
        [ev(T, 0, good.clone()), ev(T, 0, bad.clone())],
    ] {
        let t = events::score(&gold, &pred, EventCounting::OneToOne);
        assert_eq!(cms(get(&t, "trigger_cls")), (1, 0, 1));
        // The unpaired duplicate's argument is spurious.
        assert_eq!(cms(get(&t, "arg_cls_plus")), (2, 0, 1), "{pred:?}");
        assert_eq!(cms(get(&t, "arg_id_plus")), (2, 0, 1), "{pred:?}");
    }
}

#[test]
fn a_matched_event_without_arguments_on_one_side() {
    let two = vec![
        arg(Role::Actor, Some(10), None, None),
        arg(Role::Location, Some(20), None, None),
    ];
    // Gold arguments, none predicted: all missed, none spurious.
    let t = events::score(
        &[ev(T, 0, two.clone())],
        &[ev(T, 0, vec![])],
        EventCounting::OneToOne,
    );
    assert_eq!(cms(get(&t, "trigger_cls")), (1, 0, 0));
    for s in ["arg_id_plus", "arg_cls_plus", "arg_cls_plus_lenient"] {
        assert_eq!(cms(get(&t, s)), (0, 2, 0), "{s}");
    }
    // Predicted arguments, none in the gold: all spurious.
    let t = events::score(
        &[ev(T, 0, vec![])],
        &[ev(T, 0, two)],
        EventCounting::OneToOne,
    );
    for s in ["arg_id_plus", "arg_cls_plus", "arg_cls_plus_lenient"] {
        assert_eq!(cms(get(&t, s)), (0, 0, 2), "{s}");
    }
    // Neither: no argument counts at all.
    let t = events::score(
        &[ev(T, 0, vec![])],
        &[ev(T, 0, vec![])],
        EventCounting::OneToOne,
    );
    assert_eq!(get(&t, "arg_cls_plus"), Counts::default());
}

#[test]
fn arguments_of_unpaired_events_are_missed_or_spurious() {
    let a = vec![arg(Role::Actor, Some(10), None, None)];
    // Other trigger boundaries: no pair; the gold argument is missed and
    // the predicted one spurious.
    let t = events::score(
        &[ev(T, 0, a.clone())],
        &[ev(T, 40, a.clone())],
        EventCounting::OneToOne,
    );
    assert_eq!(cms(get(&t, "trigger_id")), (0, 1, 1));
    assert_eq!(cms(get(&t, "arg_id_plus")), (0, 1, 1));
    // A predicted event without trigger offsets takes no part but in
    // trigger_set.
    let mut free = ev(T, 0, a.clone());
    free.span = None;
    let t = events::score(&[ev(T, 0, a)], &[free], EventCounting::OneToOne);
    assert_eq!(cms(get(&t, "trigger_id")), (0, 1, 0));
    assert_eq!(cms(get(&t, "arg_id_plus")), (0, 1, 0));
    assert_eq!(cms(get(&t, "trigger_set")), (1, 0, 0));
}

// ------------------------------------------------------------ brute force

/// Maximum one-to-one matching size under `ok`, by enumeration.
fn max_matching(g: &[ArgItem], p: &[ArgItem], ok: &dyn Fn(&ArgItem, &ArgItem) -> bool) -> usize {
    fn go(
        i: usize,
        g: &[ArgItem],
        p: &[ArgItem],
        used: &mut [bool],
        ok: &dyn Fn(&ArgItem, &ArgItem) -> bool,
    ) -> usize {
        if i == g.len() {
            return 0;
        }
        let mut best = go(i + 1, g, p, used, ok);
        for j in 0..p.len() {
            if !used[j] && ok(&g[i], &p[j]) {
                used[j] = true;
                best = best.max(1 + go(i + 1, g, p, used, ok));
                used[j] = false;
            }
        }
        best
    }
    go(0, g, p, &mut vec![false; p.len()], ok)
}

fn same_mention(g: &ArgItem, p: &ArgItem) -> bool {
    match (g.span, p.span) {
        (Some(a), Some(b)) => a == b,
        _ => g.surface.is_some() && g.surface == p.surface,
    }
}

fn cls_ok(g: &ArgItem, p: &ArgItem) -> bool {
    same_mention(g, p) && g.role == p.role
}

/// trigger_cls and arg_cls counts of one trigger pairing.
fn outcome(gold: &[EventItem], pred: &[EventItem], pairs: &[(usize, usize)]) -> (Counts, Counts) {
    let mut trig = Counts::default();
    let mut args = Counts::default();
    for &(g, p) in pairs {
        trig.correct += 1;
        let m = max_matching(&gold[g].args, &pred[p].args, &cls_ok) as u64;
        args.correct += m;
        args.missed += gold[g].args.len() as u64 - m;
        args.spurious += pred[p].args.len() as u64 - m;
    }
    for (i, g) in gold.iter().enumerate() {
        if !pairs.iter().any(|&(x, _)| x == i) {
            trig.missed += 1;
            args.missed += g.args.len() as u64;
        }
    }
    for (j, p) in pred.iter().enumerate() {
        if !pairs.iter().any(|&(_, y)| y == j) && p.span.is_some() {
            trig.spurious += 1;
            args.spurious += p.args.len() as u64;
        }
    }
    (trig, args)
}

/// Every trigger_cls pairing (same offsets, same type) that pairs the most
/// events and, among those, matches the most arguments: their outcomes.
fn optimal(gold: &[EventItem], pred: &[EventItem]) -> Vec<(Counts, Counts)> {
    fn go(
        i: usize,
        gold: &[EventItem],
        pred: &[EventItem],
        used: &mut [bool],
        cur: &mut Vec<(usize, usize)>,
        best: &mut Option<(usize, usize)>,
        outs: &mut Vec<(Counts, Counts)>,
    ) {
        if i == gold.len() {
            let args: usize = cur
                .iter()
                .map(|&(g, p)| max_matching(&gold[g].args, &pred[p].args, &cls_ok))
                .sum();
            let score = (cur.len(), args);
            let o = outcome(gold, pred, cur);
            match *best {
                Some(b) if score < b => {}
                Some(b) if score == b => {
                    if !outs.contains(&o) {
                        outs.push(o);
                    }
                }
                _ => {
                    *best = Some(score);
                    *outs = vec![o];
                }
            }
            return;
        }
        go(i + 1, gold, pred, used, cur, best, outs);
        for j in 0..pred.len() {
            let (g, p) = (&gold[i], &pred[j]);
            if !used[j] && g.span.is_some() && g.span == p.span && g.event_type == p.event_type {
                used[j] = true;
                cur.push((i, j));
                go(i + 1, gold, pred, used, cur, best, outs);
                cur.pop();
                used[j] = false;
            }
        }
    }
    let mut outs = Vec::new();
    go(
        0,
        gold,
        pred,
        &mut vec![false; pred.len()],
        &mut Vec::new(),
        &mut None,
        &mut outs,
    );
    outs
}

fn arg_strategy() -> impl Strategy<Value = ArgItem> {
    const ROLES: [Role; 2] = [Role::Actor, Role::Recipient];
    const TEXTS: [&str; 2] = ["باكو", "يريفان"];
    (
        0usize..2,
        prop::option::weighted(0.7, 0usize..3),
        prop::option::of(0usize..2),
    )
        .prop_map(|(r, span, text)| ArgItem {
            role: ROLES[r],
            span: span.map(|s| (10 + 5 * s, 13 + 5 * s)),
            surface: text.map(|t| TEXTS[t].to_owned()),
            r#ref: None,
        })
}

fn event_strategy() -> impl Strategy<Value = EventItem> {
    const TYPES: [EventType; 2] = [EventType::CeasefireDeclared, EventType::Shelling];
    (
        0usize..2,
        prop::option::weighted(0.9, 0usize..3),
        prop::collection::vec(arg_strategy(), 0..=3),
    )
        .prop_map(|(t, at, args)| EventItem {
            event_type: TYPES[t],
            span: at.map(|a| (a * 4, a * 4 + 3)),
            surface: format!("t{}", at.unwrap_or(9)),
            args,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    #[test]
    fn trigger_pairing_is_a_maximum_one(
        gold in prop::collection::vec(event_strategy(), 0..=4),
        pred in prop::collection::vec(event_strategy(), 0..=4),
    ) {
        let t = events::score(&gold, &pred, EventCounting::OneToOne);
        let got = (get(&t, "trigger_cls"), get(&t, "arg_cls_plus"));
        let outs = optimal(&gold, &pred);
        prop_assert!(outs.contains(&got), "hudna {got:?}\n optimal {outs:?}\n gold {gold:?}\n pred {pred:?}");
    }
}
