//! Predictions made by perturbing the bundled gold: drops, repeats,
//! retyped events, changed roles, shifted spans, argument lists cut short,
//! events repeated with other roles or split in two. Shared by the
//! property tests that score them (order invariance, error listings).

use std::sync::OnceLock;

use hudna::corpus::Corpus;
use hudna::ontology::EventType;
use hudna::record::Record;
use hudna::score::Layer;
use hudna::validate::load_corpus;
use hudna::vocab::Role;
use proptest::prelude::*;

/// The bundled gold, loaded once.
pub fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| load_corpus(super::annotations()).unwrap().0)
}

/// What to do with one gold record.
#[derive(Debug, Clone, Copy)]
pub enum Edit {
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

pub fn edit() -> impl Strategy<Value = Edit> {
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

pub fn apply(r: &Record, e: Edit, out: &mut Vec<Record>) {
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

pub fn predictions(doc: usize, edits: &[Edit]) -> Vec<Record> {
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

/// Whether `r` is a record of `layer`.
pub fn kind_ok(layer: Layer, r: &Record) -> bool {
    matches!(
        (layer, r),
        (Layer::Entities, Record::Entity(_))
            | (Layer::Events, Record::Event(_))
            | (Layer::Casualties, Record::Casualty(_))
    )
}
