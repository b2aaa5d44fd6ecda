//! Event matching: trigger identification and classification, argument
//! identification and classification (the ACE / TextEE convention).
//!
//! - `trigger_id`: the predicted trigger has the gold trigger's boundaries.
//! - `trigger_cls`: … and its type (also at PLOVER and ACLED granularity,
//!   through [`crate::ontology`]: two hudna types that map to one PLOVER
//!   category count as a match there).
//! - `arg_id` / `arg_cls`: arguments are compared only inside event pairs
//!   matched by `trigger_cls` (the stricter TextEE reading: an argument of a
//!   wrongly typed or missed event is not credited). `arg_id` needs the same
//!   argument mention (boundaries, or the normalised surface when the
//!   prediction has no offsets); `arg_cls` also the role.
//! - `arg_cls_lenient`: as `arg_cls`, but any mention of the same KB `ref`
//!   is accepted, so an extractor that picks another mention of the same
//!   entity is not punished.
//! - `trigger_set`: offset-free, per document sets of (type, normalised
//!   trigger text).
//!
//! Every pairing is one-to-one and optimal (see [`super::assign`]).

use std::collections::BTreeSet;

use super::assign;
use super::counts::Tally;
use crate::ontology::{EventType, Granularity};
use crate::vocab::Role;

/// An argument, resolved to what can be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgItem {
    /// Its role.
    pub role: Role,
    /// Boundaries of the mention, when known.
    pub span: Option<(usize, usize)>,
    /// The normalised surface, when known.
    pub surface: Option<String>,
    /// The KB ref, when known.
    pub r#ref: Option<String>,
}

/// An event, resolved to what can be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventItem {
    /// Its type.
    pub event_type: EventType,
    /// Trigger boundaries, when the prediction gives them.
    pub span: Option<(usize, usize)>,
    /// The normalised trigger text.
    pub surface: String,
    /// Arguments.
    pub args: Vec<ArgItem>,
}

/// Event schemes, in report order.
pub const SCHEMES: [&str; 8] = [
    "trigger_id",
    "trigger_cls",
    "trigger_cls_plover",
    "trigger_cls_acled",
    "arg_id",
    "arg_cls",
    "arg_cls_lenient",
    "trigger_set",
];

/// Tallies indexed like [`SCHEMES`].
pub type EventTallies = [Tally; 8];

fn same_arg(g: &ArgItem, p: &ArgItem) -> bool {
    match (g.span, p.span) {
        (Some(a), Some(b)) => a == b,
        _ => g.surface.is_some() && g.surface == p.surface,
    }
}

fn same_ref(g: &ArgItem, p: &ArgItem) -> bool {
    g.r#ref.is_some() && g.r#ref == p.r#ref
}

/// Matched arguments of one event pair under a pairing rule.
fn arg_matches(g: &EventItem, p: &EventItem, ok: impl Fn(&ArgItem, &ArgItem) -> bool) -> usize {
    assign::optimal(g.args.len(), p.args.len(), |i, j| {
        ok(&g.args[i], &p.args[j]).then_some(1)
    })
    .len()
}

/// Pairs gold and predicted triggers whose (expanded) boundaries agree and
/// whose labels satisfy `same_label`, preferring pairs with more matched
/// arguments.
fn pair_triggers(
    gold: &[EventItem],
    pred: &[EventItem],
    same_label: impl Fn(EventType, EventType) -> bool,
) -> Vec<(usize, usize)> {
    assign::optimal(gold.len(), pred.len(), |i, j| {
        let (g, p) = (&gold[i], &pred[j]);
        (g.span.is_some() && g.span == p.span && same_label(g.event_type, p.event_type)).then(
            || (1 << 32) + arg_matches(g, p, |a, b| same_arg(a, b) && a.role == b.role) as i64,
        )
    })
}

fn tally_pairs(
    t: &mut Tally,
    gold: &[EventItem],
    pred: &[EventItem],
    pairs: &[(usize, usize)],
    label: impl Fn(EventType) -> &'static str,
) {
    let mut gu = vec![false; gold.len()];
    let mut pu = vec![false; pred.len()];
    for &(g, p) in pairs {
        gu[g] = true;
        pu[p] = true;
        t.add(label(gold[g].event_type), |c| c.correct += 1);
    }
    for (g, _) in gold.iter().zip(gu).filter(|(_, u)| !u) {
        t.add(label(g.event_type), |c| c.missed += 1);
    }
    for (p, _) in pred.iter().zip(pu).filter(|(_, u)| !u) {
        if p.span.is_some() {
            t.add(label(p.event_type), |c| c.spurious += 1);
        }
    }
}

fn tally_args(
    t: &mut Tally,
    gold: &[EventItem],
    pred: &[EventItem],
    pairs: &[(usize, usize)],
    ok: impl Fn(&ArgItem, &ArgItem) -> bool + Copy,
) {
    let mut gu = vec![false; gold.len()];
    let mut pu = vec![false; pred.len()];
    for &(gi, pi) in pairs {
        gu[gi] = true;
        pu[pi] = true;
        let (g, p) = (&gold[gi], &pred[pi]);
        if g.args.is_empty() && p.args.is_empty() {
            continue;
        }
        let m = arg_matches(g, p, ok) as u64;
        t.add(g.event_type.as_str(), |c| {
            c.correct += m;
            c.missed += g.args.len() as u64 - m;
            c.spurious += p.args.len() as u64 - m;
        });
    }
    for (g, _) in gold
        .iter()
        .zip(gu)
        .filter(|(g, u)| !u && !g.args.is_empty())
    {
        t.add(g.event_type.as_str(), |c| c.missed += g.args.len() as u64);
    }
    for (p, _) in pred
        .iter()
        .zip(pu)
        .filter(|(p, u)| !u && !p.args.is_empty())
    {
        if p.span.is_some() {
            t.add(p.event_type.as_str(), |c| c.spurious += p.args.len() as u64);
        }
    }
}

/// Scores one document's events. Predicted events without trigger offsets
/// only take part in `trigger_set`.
pub fn score(gold: &[EventItem], pred: &[EventItem]) -> EventTallies {
    let mut out: EventTallies = Default::default();
    let id = pair_triggers(gold, pred, |_, _| true);
    tally_pairs(&mut out[0], gold, pred, &id, EventType::as_str);
    let cls = pair_triggers(gold, pred, |a, b| a == b);
    tally_pairs(&mut out[1], gold, pred, &cls, EventType::as_str);
    let plover = |t| Granularity::Plover.label(t);
    let pairs = pair_triggers(gold, pred, |a, b| plover(a) == plover(b));
    tally_pairs(&mut out[2], gold, pred, &pairs, plover);
    let acled = |t| Granularity::Acled.label(t);
    // Types ACLED does not code all map to "none": at ACLED granularity
    // they are out of scope, on both sides, rather than one shared class.
    let coded = |items: &[EventItem]| -> Vec<EventItem> {
        items
            .iter()
            .filter(|e| acled(e.event_type) != "none")
            .cloned()
            .collect()
    };
    let (g_acled, p_acled) = (coded(gold), coded(pred));
    let pairs = pair_triggers(&g_acled, &p_acled, |a, b| acled(a) == acled(b));
    tally_pairs(&mut out[3], &g_acled, &p_acled, &pairs, acled);
    tally_args(&mut out[4], gold, pred, &cls, same_arg);
    tally_args(&mut out[5], gold, pred, &cls, |a, b| {
        same_arg(a, b) && a.role == b.role
    });
    tally_args(&mut out[6], gold, pred, &cls, |a, b| {
        a.role == b.role && (same_arg(a, b) || same_ref(a, b))
    });
    let set = |items: &[EventItem]| -> BTreeSet<(EventType, String)> {
        items
            .iter()
            .map(|e| (e.event_type, e.surface.clone()))
            .collect()
    };
    super::sets::tally(&mut out[7], &set(gold), &set(pred), |k| k.0.as_str());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: EventType, s: usize, e: usize, args: Vec<ArgItem>) -> EventItem {
        EventItem {
            event_type: t,
            span: Some((s, e)),
            surface: format!("t{s}"),
            args,
        }
    }

    fn arg(role: Role, s: usize, r: &str) -> ArgItem {
        ArgItem {
            role,
            span: Some((s, s + 3)),
            surface: None,
            r#ref: Some(r.into()),
        }
    }

    #[test]
    fn types_acled_does_not_code_never_match_each_other() {
        let gold = [ev(EventType::TalksMediation, 0, 5, vec![])];
        let pred = [ev(EventType::Displacement, 0, 5, vec![])];
        assert_eq!(Granularity::Acled.label(EventType::TalksMediation), "none");
        assert_eq!(Granularity::Acled.label(EventType::Displacement), "none");
        let acled = score(&gold, &pred)[3].overall;
        assert_eq!(
            acled,
            super::super::counts::Counts::default(),
            "out of scope, not a match"
        );
    }

    #[test]
    fn arguments_count_only_inside_matched_events() {
        let gold = [
            ev(
                EventType::CeasefireDeclared,
                0,
                5,
                vec![arg(Role::Actor, 10, "az"), arg(Role::Recipient, 20, "am")],
            ),
            ev(
                EventType::Shelling,
                30,
                35,
                vec![arg(Role::Actor, 40, "am")],
            ),
        ];
        let pred = [
            // Right trigger, one right arg, one with the wrong role, one
            // naming another mention of the same entity.
            ev(
                EventType::CeasefireDeclared,
                0,
                5,
                vec![
                    arg(Role::Actor, 10, "az"),
                    arg(Role::Actor, 20, "am"),
                    arg(Role::Recipient, 50, "am"),
                ],
            ),
            // Right span, wrong type: identified, not classified; its
            // argument cannot count.
            ev(
                EventType::ArmedClash,
                30,
                35,
                vec![arg(Role::Actor, 40, "am")],
            ),
        ];
        let t = score(&gold, &pred);
        assert_eq!(t[0].overall.correct, 2, "trigger_id");
        assert_eq!(t[1].overall.correct, 1, "trigger_cls");
        // PLOVER maps SHELLING and ARMED_CLASH both to ASSAULT.
        assert_eq!(t[2].overall.correct, 2, "trigger_cls_plover");
        let arg_id = t[4].overall;
        assert_eq!((arg_id.correct, arg_id.missed, arg_id.spurious), (2, 1, 2));
        let arg_cls = t[5].overall;
        assert_eq!(
            (arg_cls.correct, arg_cls.missed, arg_cls.spurious),
            (1, 2, 3)
        );
        let lenient = t[6].overall;
        assert_eq!(
            lenient.correct, 2,
            "another mention of `am` as recipient counts"
        );
    }
}
