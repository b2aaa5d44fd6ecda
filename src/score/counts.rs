//! Additive counts and the metrics derived from them.
//!
//! Only counts are stored; precision, recall and F1 are computed when needed.
//! Counts add across documents, which is what lets the bootstrap resample
//! documents and lets scoring be split into shards later.

use std::collections::BTreeMap;
use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

/// The SemEval-2013 outcome counts. Schemes that only know hits, misses and
/// false alarms use `correct`, `missed` and `spurious` and leave the others 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Predictions that match a gold item under the scheme.
    pub correct: u64,
    /// Predictions paired with a gold item that the scheme rejects.
    pub incorrect: u64,
    /// Predictions paired with a gold item by overlap only (partial scheme).
    pub partial: u64,
    /// Gold items no prediction was paired with.
    pub missed: u64,
    /// Predictions paired with no gold item.
    pub spurious: u64,
}

impl Counts {
    /// Gold items: correct + incorrect + partial + missed.
    pub fn possible(&self) -> u64 {
        self.correct + self.incorrect + self.partial + self.missed
    }

    /// Predictions: correct + incorrect + partial + spurious.
    pub fn actual(&self) -> u64 {
        self.correct + self.incorrect + self.partial + self.spurious
    }

    /// Whether nothing was counted (no gold, no prediction).
    pub fn is_empty(&self) -> bool {
        self.possible() == 0 && self.actual() == 0
    }

    /// Precision, recall and F1. `half_partial` credits a partial match with
    /// 0.5 (nervaluate's partial scheme). A zero denominator gives 0, as in
    /// nervaluate and seqeval's default.
    pub fn prf(&self, half_partial: bool) -> Prf {
        let credit = self.correct as f64
            + if half_partial {
                0.5 * self.partial as f64
            } else {
                0.0
            };
        Prf::from_credit(credit, self.actual(), self.possible())
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.correct += o.correct;
        self.incorrect += o.incorrect;
        self.partial += o.partial;
        self.missed += o.missed;
        self.spurious += o.spurious;
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    /// Precision, recall and F1 of `credit` matches among `actual`
    /// predictions and `possible` gold items; a zero denominator gives 0.
    /// The one place these ratios are computed.
    pub fn from_credit(credit: f64, actual: u64, possible: u64) -> Prf {
        let ratio = |d: u64| if d == 0 { 0.0 } else { credit / d as f64 };
        let precision = ratio(actual);
        let recall = ratio(possible);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }

    /// The named metric (`precision`, `recall`, `f1`).
    pub fn get(&self, metric: &str) -> Option<f64> {
        match metric {
            "precision" => Some(self.precision),
            "recall" => Some(self.recall),
            "f1" => Some(self.f1),
            _ => None,
        }
    }
}

/// One scheme's counts in one document: the overall counts and per label.
///
/// `overall` is kept apart from `by_label` because nervaluate's per-label
/// numbers need not sum to its overall ones; in hudna's own matching they do
/// (each outcome is filed under exactly one label), and a test checks it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Counts over all labels.
    pub overall: Counts,
    /// Counts per label (entity type, event type, casualty category…).
    pub by_label: BTreeMap<String, Counts>,
}

impl Tally {
    /// Files one outcome under `label` and the overall counts.
    pub fn add(&mut self, label: &str, f: impl Fn(&mut Counts)) {
        f(&mut self.overall);
        // Labels repeat: allocate a key only the first time.
        match self.by_label.get_mut(label) {
            Some(c) => f(c),
            None => f(self.by_label.entry(label.to_owned()).or_default()),
        }
    }

    /// Adds another tally (another document's) into this one.
    pub fn merge(&mut self, o: &Tally) {
        self.overall += o.overall;
        for (l, c) in &o.by_label {
            match self.by_label.get_mut(l) {
                Some(x) => *x += *c,
                None => {
                    self.by_label.insert(l.clone(), *c);
                }
            }
        }
    }
}

/// Extra statistics for casualty claims that matched: how close the numbers are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueStats {
    /// Matched claims.
    pub matched: u64,
    /// Matched claims whose predicted number equals the gold one exactly.
    pub exact: u64,
    /// Matched claims where both sides state a number.
    pub with_values: u64,
    /// Sum of absolute differences over those.
    pub abs_error_sum: u64,
}

impl ValueStats {
    /// Exact-value accuracy over matched claims (0 when none matched).
    pub fn exact_accuracy(&self) -> f64 {
        if self.matched == 0 {
            0.0
        } else {
            self.exact as f64 / self.matched as f64
        }
    }

    /// Mean absolute error over matched claims with numbers (0 when none).
    pub fn mean_abs_error(&self) -> f64 {
        if self.with_values == 0 {
            0.0
        } else {
            self.abs_error_sum as f64 / self.with_values as f64
        }
    }
}

impl AddAssign for ValueStats {
    fn add_assign(&mut self, o: ValueStats) {
        self.matched += o.matched;
        self.exact += o.exact;
        self.with_values += o.with_values;
        self.abs_error_sum = self.abs_error_sum.saturating_add(o.abs_error_sum);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_credit_only_when_asked() {
        let c = Counts {
            correct: 2,
            incorrect: 0,
            partial: 2,
            missed: 1,
            spurious: 1,
        };
        assert_eq!(c.possible(), 5);
        assert_eq!(c.actual(), 5);
        assert!((c.prf(true).precision - 0.6).abs() < 1e-12);
        assert!((c.prf(false).precision - 0.4).abs() < 1e-12);
    }

    #[test]
    fn empty_means_no_gold_and_no_prediction() {
        assert!(Counts::default().is_empty());
        let gold_only = Counts {
            missed: 1,
            ..Counts::default()
        };
        let pred_only = Counts {
            spurious: 1,
            ..Counts::default()
        };
        assert!(!gold_only.is_empty(), "a label only in the gold counts");
        assert!(!pred_only.is_empty(), "a label only predicted counts");
    }

    #[test]
    fn precision_recall_f1_by_hand() {
        // Every field distinct, so a swapped or dropped term shows.
        let c = Counts {
            correct: 3,
            incorrect: 1,
            partial: 2,
            missed: 4,
            spurious: 5,
        };
        assert_eq!(c.possible(), 3 + 1 + 2 + 4);
        assert_eq!(c.actual(), 3 + 1 + 2 + 5);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        let (p, r) = (3.0 / 11.0, 3.0 / 10.0);
        let strict = c.prf(false);
        assert!(close(strict.precision, p), "{strict:?}");
        assert!(close(strict.recall, r), "{strict:?}");
        assert!(close(strict.f1, 2.0 * p * r / (p + r)), "{strict:?}");
        let (p, r) = (4.0 / 11.0, 4.0 / 10.0);
        let half = c.prf(true);
        assert!(close(half.precision, p), "{half:?}");
        assert!(close(half.recall, r), "{half:?}");
        assert!(close(half.f1, 2.0 * p * r / (p + r)), "{half:?}");
        assert_eq!(half.get("precision"), Some(half.precision));
        assert_eq!(half.get("recall"), Some(half.recall));
        assert_eq!(half.get("f1"), Some(half.f1));
        assert_eq!(half.get("accuracy"), None);
        // Only one side has a denominator: the other ratio is 0, F1 too.
        let only_gold = Counts {
            missed: 2,
            ..Counts::default()
        }
        .prf(false);
        assert_eq!(
            (only_gold.precision, only_gold.recall, only_gold.f1),
            (0.0, 0.0, 0.0)
        );
        let perfect = Counts {
            correct: 2,
            ..Counts::default()
        }
        .prf(false);
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.f1),
            (1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn counts_and_tallies_add_field_by_field() {
        let a = Counts {
            correct: 1,
            incorrect: 2,
            partial: 3,
            missed: 4,
            spurious: 5,
        };
        let mut b = Counts {
            correct: 10,
            incorrect: 20,
            partial: 30,
            missed: 40,
            spurious: 50,
        };
        b += a;
        assert_eq!(
            b,
            Counts {
                correct: 11,
                incorrect: 22,
                partial: 33,
                missed: 44,
                spurious: 55,
            }
        );
        let mut t = Tally::default();
        t.add("GPE", |c| c.correct += 1);
        let mut u = Tally::default();
        u.add("GPE", |c| c.missed += 1);
        u.add("ORG", |c| c.spurious += 2);
        t.merge(&u);
        assert_eq!(
            t.overall,
            Counts {
                correct: 1,
                missed: 1,
                spurious: 2,
                ..Counts::default()
            }
        );
        assert_eq!(
            (t.by_label["GPE"].correct, t.by_label["GPE"].missed),
            (1, 1)
        );
        assert_eq!(t.by_label["ORG"].spurious, 2);
    }

    #[test]
    fn value_statistics_by_hand() {
        let v = ValueStats {
            matched: 4,
            exact: 1,
            with_values: 3,
            abs_error_sum: 7,
        };
        assert!((v.exact_accuracy() - 0.25).abs() < 1e-12);
        assert!((v.mean_abs_error() - 7.0 / 3.0).abs() < 1e-12);
        let none = ValueStats::default();
        assert_eq!((none.exact_accuracy(), none.mean_abs_error()), (0.0, 0.0));
        let mut w = ValueStats {
            matched: 1,
            exact: 2,
            with_values: 3,
            abs_error_sum: u64::MAX - 1,
        };
        w += v;
        assert_eq!(
            w,
            ValueStats {
                matched: 5,
                exact: 3,
                with_values: 6,
                abs_error_sum: u64::MAX,
            },
            "the error sum saturates"
        );
    }

    #[test]
    fn zero_denominators_give_zero() {
        let p = Counts::default().prf(false);
        assert_eq!((p.precision, p.recall, p.f1), (0.0, 0.0, 0.0));
    }
}
