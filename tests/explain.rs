//! `explain_doc`, the per-item listing behind `--errors`, on fixed
//! perturbations of every bundled document: a deterministic, fast twin of
//! the property test in `outcomes.rs`, cheap enough for the mutation script
//! (tools/mutants.sh) to run on every mutant. For each layer the listed
//! decisions, tallied, equal `score_doc`'s tallies (per label too); every
//! decision points at a record of its layer; and every pair credited under
//! a layer's first scheme points at records that really agree.

mod common;

use common::perturb::{Edit, corpus, kind_ok, predictions};
use hudna::record::Record;
use hudna::score::{
    Boundary, EventCounting, Layer, Matching, Mention, Options, Outcome, Tally, explain_doc,
    layer_inputs, score_doc, score_mentions,
};

/// Every kind of edit, in a fixed order.
const EDITS: [Edit; 8] = [
    Edit::Keep,
    Edit::Drop,
    Edit::Repeat,
    Edit::Retype(1),
    Edit::Shift,
    Edit::CutArgs(1),
    Edit::RepeatShifted,
    Edit::Split(1),
];

fn edits(rotate: usize) -> Vec<Edit> {
    (0..EDITS.len())
        .map(|i| EDITS[(i + rotate) % EDITS.len()])
        .collect()
}

/// The scheme whose credited pairs are checked: entities `strict`, events
/// `trigger_cls`, casualties `mention`.
fn checked(layer: Layer) -> usize {
    match layer {
        Layer::Events => 1,
        Layer::Entities | Layer::Casualties => 0,
    }
}

fn overlap(a: (Option<usize>, Option<usize>), b: (Option<usize>, Option<usize>)) -> bool {
    match (a, b) {
        ((Some(s1), Some(e1)), (Some(s2), Some(e2))) => s1 < e2 && s2 < e1,
        _ => false,
    }
}

/// Whether a pair credited under the checked scheme really agrees: same
/// type (or category) and overlapping spans — the same span when
/// boundaries are compared as given.
fn agree(layer: Layer, exact: bool, g: &Record, p: &Record) -> bool {
    match (layer, g, p) {
        (Layer::Entities, Record::Entity(g), Record::Entity(p)) => {
            let (a, b) = ((g.start, g.end), (p.start, p.end));
            g.entity_type == p.entity_type && if exact { a == b } else { overlap(a, b) }
        }
        (Layer::Events, Record::Event(g), Record::Event(p)) => {
            g.event_type == p.event_type
                && overlap(
                    (g.trigger.start, g.trigger.end),
                    (p.trigger.start, p.trigger.end),
                )
        }
        (Layer::Casualties, Record::Casualty(g), Record::Casualty(p)) => {
            g.category == p.category && overlap((g.start, g.end), (p.start, p.end))
        }
        _ => false,
    }
}

fn options() -> Vec<Options> {
    let base = Options {
        resamples: 0,
        ..Options::default()
    };
    vec![
        base.clone(),
        Options {
            event_counting: EventCounting::Sets,
            claim_victims: true,
            ..base.clone()
        },
        Options {
            boundary: Boundary::Token,
            claim_source: true,
            ..base.clone()
        },
        // Greedy (nervaluate) matching: the tallies take nervaluate's own
        // per-label passes, the listing its overall pass.
        Options {
            matching: Matching::Greedy,
            ..base
        },
    ]
}

#[test]
fn listed_outcomes_add_up_to_the_counts_and_point_at_agreeing_records() {
    let mut credited = [0usize; 3];
    let mut credited_args = 0usize;
    for (doc, d) in corpus().docs.values().enumerate() {
        for rotate in [0, 3] {
            let pred = predictions(doc, &edits(rotate));
            for opts in options() {
                let score = score_doc(d, &pred, &opts);
                let explained = explain_doc(d, &pred, &opts);
                for (li, layer) in Layer::ALL.into_iter().enumerate() {
                    let rec = explained.layer(layer);
                    let tallies = rec.tallies(layer.schemes().len());
                    for (i, scheme) in layer.schemes().iter().enumerate() {
                        let want = &score.tallies[&(layer, *scheme)];
                        let got: &Tally = &tallies[i];
                        if opts.matching == Matching::Greedy && layer == Layer::Entities && i < 4 {
                            assert_eq!(got.overall, want.overall, "doc {doc}, greedy {scheme}");
                        } else {
                            assert_eq!(got, want, "doc {doc}, rotation {rotate}, {scheme}");
                        }
                    }
                    for dec in &rec.decisions {
                        let g = dec.gold.map(|g| &d.records[g.record as usize].record);
                        let p = dec.pred.map(|p| &pred[p.record as usize]);
                        assert!(g.is_some() || p.is_some());
                        assert!(g.is_none_or(|g| kind_ok(layer, g)), "{dec:?}");
                        assert!(p.is_none_or(|p| kind_ok(layer, p)), "{dec:?}");
                        // An argument credited under `arg_cls_plus` has the
                        // role of the gold argument it is paired with.
                        if let (Some(ga), Some(pa), Outcome::Correct, 7) = (
                            dec.gold.and_then(|g| g.arg),
                            dec.pred.and_then(|p| p.arg),
                            dec.outcome,
                            dec.scheme,
                        ) {
                            let (Some(Record::Event(g)), Some(Record::Event(p))) = (g, p) else {
                                panic!("{dec:?}: an argument outside an event");
                            };
                            let (ga, pa) = (&g.args[ga as usize], &p.args[pa as usize]);
                            assert_eq!(ga.role, pa.role, "{dec:?}");
                            credited_args += 1;
                        }
                        if dec.scheme == checked(layer) && dec.outcome == Outcome::Correct {
                            let (g, p) = (g.unwrap(), p.unwrap());
                            let exact = opts.boundary == Boundary::Exact;
                            assert!(agree(layer, exact, g, p), "{dec:?}: {g:?} / {p:?}");
                            credited[li] += 1;
                        }
                    }
                }
            }
        }
    }
    // Must not pass vacuously: every layer credited pairs.
    assert!(credited.iter().all(|&n| n > 0), "{credited:?}");
    assert!(credited_args > 0);
}

/// A prediction with a start but no end has no span: it is scored
/// offset-free and counted as such.
#[test]
fn a_mention_with_half_its_offsets_is_counted_as_offset_free() {
    let d = corpus().docs.values().next().unwrap();
    let mut e = d
        .records
        .iter()
        .find_map(|l| match &l.record {
            Record::Entity(e) if e.start.is_some() => Some(e.clone()),
            _ => None,
        })
        .unwrap();
    e.end = None;
    let opts = Options {
        resamples: 0,
        ..Options::default()
    };
    let score = score_doc(d, &[Record::Entity(e.clone())], &opts);
    assert_eq!(score.without_offsets[&Layer::Entities], 1);
    e.start = None;
    let score = score_doc(d, &[Record::Entity(e)], &opts);
    assert_eq!(score.without_offsets[&Layer::Entities], 1);
}

/// `layer_inputs` (what the benchmarks measure) widens spans to tokens only
/// under `--boundary token`.
#[test]
fn layer_inputs_widen_only_under_token_boundaries() {
    let d = corpus().docs.values().next().unwrap();
    let text = d.article.text();
    // A gold mention with an attached proclitic («وأذربيجان»): its span
    // starts inside its token.
    let (records, inside): (Vec<Record>, Vec<bool>) = d
        .records
        .iter()
        .filter_map(|l| match &l.record {
            Record::Entity(e) => {
                let s = e.start?;
                let inside = s > 0 && !text.chars().nth(s - 1)?.is_whitespace();
                Some((l.record.clone(), inside))
            }
            _ => None,
        })
        .unzip();
    assert!(
        inside.iter().any(|&b| b),
        "no mention starts inside a token"
    );
    let exact = layer_inputs(text, &records, &Options::default());
    let token = layer_inputs(
        text,
        &records,
        &Options {
            boundary: Boundary::Token,
            ..Options::default()
        },
    );
    assert_eq!(exact.spans.len(), records.len());
    for ((r, inside), (x, t)) in records
        .iter()
        .zip(&inside)
        .zip(exact.spans.iter().zip(&token.spans))
    {
        let Record::Entity(e) = r else { unreachable!() };
        assert_eq!((x.start, x.end), (e.start.unwrap(), e.end.unwrap()));
        assert_eq!(t.start < x.start, *inside, "{e:?}");
    }
}

fn mentions(records: &[Record]) -> Vec<Mention<'_>> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Entity(e) => Some(Mention {
                span: e.start.zip(e.end),
                label: e.entity_type.as_str(),
                text: &e.text,
                r#ref: e.r#ref.as_deref(),
            }),
            _ => None,
        })
        .collect()
}

/// Mentions alone (what a CoNLL file gives) score exactly as the entity
/// layer of the records they come from.
#[test]
fn mentions_score_as_the_entity_layer_of_their_records() {
    for (doc, d) in corpus().docs.values().enumerate() {
        let gold: Vec<Record> = d.records.iter().map(|l| l.record.clone()).collect();
        for rotate in [0, 3] {
            let pred = predictions(doc, &edits(rotate));
            for opts in options() {
                let want = score_doc(d, &pred, &opts);
                let got = score_mentions(
                    d.article.text(),
                    &mentions(&gold),
                    &mentions(&pred),
                    &opts,
                    true,
                );
                for scheme in Layer::Entities.schemes() {
                    let key = (Layer::Entities, *scheme);
                    assert_eq!(
                        got.tallies.get(&key),
                        want.tallies.get(&key),
                        "doc {doc}, {scheme}"
                    );
                }
                assert_eq!(
                    got.without_offsets[&Layer::Entities],
                    want.without_offsets[&Layer::Entities]
                );
            }
        }
    }
}
