//! What happened to each item: the pairing every matcher decides, as data.
//!
//! Every matcher reports its decisions through a [`Sink`], one call per
//! counted outcome ("this gold mention and that prediction were paired and
//! count as *incorrect* under `strict`, filed under `GPE`"). Tallies are one
//! sink ([`Tally`] arrays add the outcome to their counts); the per-item
//! error listing (`hudna score --errors`) is another ([`Recorder`] keeps
//! them). Both see the same calls from the same code, so the listed
//! outcomes sum to the report's counts by construction — and a test checks
//! it on every layer and scheme anyway.

use serde::{Deserialize, Serialize};

use super::counts::{Counts, Tally};

/// One item's outcome under one scheme (SemEval-2013's five categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Paired, and the scheme credits the pair fully.
    Correct,
    /// Paired, but the scheme does not credit the pair.
    Incorrect,
    /// Paired with an overlap only (the entity `partial` scheme).
    Partial,
    /// A gold item no prediction was paired with.
    Missed,
    /// A prediction paired with no gold item.
    Spurious,
}

impl Outcome {
    /// Every outcome, in report order.
    pub const ALL: [Outcome; 5] = [
        Outcome::Correct,
        Outcome::Incorrect,
        Outcome::Partial,
        Outcome::Missed,
        Outcome::Spurious,
    ];

    /// Its name in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Correct => "correct",
            Outcome::Incorrect => "incorrect",
            Outcome::Partial => "partial",
            Outcome::Missed => "missed",
            Outcome::Spurious => "spurious",
        }
    }

    /// Parses a name.
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

impl Counts {
    /// Counts one outcome.
    pub fn record(&mut self, o: Outcome) {
        match o {
            Outcome::Correct => self.correct += 1,
            Outcome::Incorrect => self.incorrect += 1,
            Outcome::Partial => self.partial += 1,
            Outcome::Missed => self.missed += 1,
            Outcome::Spurious => self.spurious += 1,
        }
    }
}

/// Which record an outcome is about: its position among the document's
/// gold records (or among the predicted records), and for an event
/// argument its position in the event's `args`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Origin {
    /// Position of the record in its list.
    pub record: u32,
    /// Position of the argument in the event's `args`, for argument schemes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arg: Option<u32>,
}

impl Origin {
    /// A whole record.
    pub fn record(i: usize) -> Origin {
        Origin {
            record: i as u32,
            arg: None,
        }
    }

    /// One argument of an event record.
    pub fn arg(record: u32, arg: usize) -> Origin {
        Origin {
            record,
            arg: Some(arg as u32),
        }
    }
}

/// Receives a matcher's decisions. `scheme` indexes the layer's scheme
/// list; `label` is what the count is filed under.
pub trait Sink {
    /// One counted outcome.
    fn outcome(
        &mut self,
        scheme: usize,
        label: &str,
        gold: Option<Origin>,
        pred: Option<Origin>,
        outcome: Outcome,
    );
}

impl Sink for [Tally] {
    fn outcome(
        &mut self,
        scheme: usize,
        label: &str,
        _: Option<Origin>,
        _: Option<Origin>,
        o: Outcome,
    ) {
        self[scheme].add(label, |c| c.record(o));
    }
}

impl<const N: usize> Sink for [Tally; N] {
    fn outcome(
        &mut self,
        scheme: usize,
        label: &str,
        g: Option<Origin>,
        p: Option<Origin>,
        o: Outcome,
    ) {
        self[..].outcome(scheme, label, g, p, o);
    }
}

/// [`Tally`] arrays made a document at a time, for the scorer's hot path.
///
/// Filing an outcome in a `Tally` looks its label up in a map of strings,
/// once per outcome and scheme. A document has a handful of labels, and its
/// outcomes come label after label, so this sink keeps the labels seen in a
/// short list, each with its counts under every scheme, tries the last one
/// first, and builds the `Tally` maps once, in [`Tallies::into_tallies`]. The
/// result is what the `[Tally; N]` sink gives on the same calls (a test
/// checks it).
#[derive(Debug, Clone)]
pub struct Tallies<const N: usize> {
    overall: [Counts; N],
    labels: Vec<(String, [Counts; N])>,
    last: usize,
}

impl<const N: usize> Default for Tallies<N> {
    fn default() -> Self {
        Tallies {
            overall: [Counts::default(); N],
            labels: Vec::new(),
            last: 0,
        }
    }
}

impl<const N: usize> Tallies<N> {
    /// The position of `label` in the list, added when new.
    fn slot(&mut self, label: &str) -> usize {
        if self.labels.get(self.last).is_some_and(|(l, _)| l == label) {
            return self.last;
        }
        self.last = match self.labels.iter().position(|(l, _)| l == label) {
            Some(i) => i,
            None => {
                self.labels.push((label.to_owned(), [Counts::default(); N]));
                self.labels.len() - 1
            }
        };
        self.last
    }

    /// The tallies, scheme by scheme: a label is under a scheme when it
    /// had an outcome there.
    pub fn into_tallies(self) -> [Tally; N] {
        std::array::from_fn(|k| Tally {
            overall: self.overall[k],
            by_label: self
                .labels
                .iter()
                .filter(|(_, c)| !c[k].is_empty())
                .map(|(l, c)| (l.clone(), c[k]))
                .collect(),
        })
    }
}

impl<const N: usize> Sink for Tallies<N> {
    fn outcome(
        &mut self,
        scheme: usize,
        label: &str,
        _: Option<Origin>,
        _: Option<Origin>,
        o: Outcome,
    ) {
        self.overall[scheme].record(o);
        let i = self.slot(label);
        self.labels[i].1[scheme].record(o);
    }
}

/// One recorded decision.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decision {
    /// Index into the layer's scheme list.
    pub scheme: usize,
    /// What the count is filed under.
    pub label: String,
    /// The gold side, if any.
    pub gold: Option<Origin>,
    /// The predicted side, if any.
    pub pred: Option<Origin>,
    /// The outcome.
    pub outcome: Outcome,
}

/// A sink that keeps every decision (for `--errors`), and the tallies too.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    /// Decisions in the order the matcher made them.
    pub decisions: Vec<Decision>,
}

impl Sink for Recorder {
    fn outcome(
        &mut self,
        scheme: usize,
        label: &str,
        gold: Option<Origin>,
        pred: Option<Origin>,
        outcome: Outcome,
    ) {
        self.decisions.push(Decision {
            scheme,
            label: label.to_owned(),
            gold,
            pred,
            outcome,
        });
    }
}

impl Recorder {
    /// The tallies these decisions add up to, `n` schemes.
    pub fn tallies(&self, n: usize) -> Vec<Tally> {
        let mut t = vec![Tally::default(); n];
        for d in &self.decisions {
            t[d.scheme].add(&d.label, |c| c.record(d.outcome));
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same outcomes filed through [`Tallies`] and straight into
    /// `[Tally; N]` give the same tallies.
    #[test]
    fn tallies_are_what_tally_arrays_count() {
        let labels = ["GPE", "ORG", "PERS", "TIME", "عسكري"];
        let mut rng = crate::test_rng::Lcg::new(0x7a11_0000_0000_0004);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..500 {
            let mut fast = Tallies::<3>::default();
            let mut plain: [Tally; 3] = Default::default();
            for _ in 0..next(40) {
                let (scheme, label, o) = (next(3), labels[next(5)], Outcome::ALL[next(5)]);
                fast.outcome(scheme, label, None, None, o);
                plain.outcome(scheme, label, None, None, o);
            }
            assert_eq!(fast.into_tallies(), plain);
        }
    }

    #[test]
    fn outcomes_have_their_report_names_and_parse_back() {
        let names: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(
            names,
            ["correct", "incorrect", "partial", "missed", "spurious"]
        );
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(Outcome::parse("Correct"), None);
        assert_eq!(Outcome::parse(""), None);
    }
}
