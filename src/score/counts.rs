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
    /// 0.5 (nervaluate's partial scheme). A ratio whose denominator is 0 is
    /// undefined (`None`), as [`Prf::from_credit`] says.
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

/// Precision, recall and F1; `None` where a ratio is undefined.
///
/// The rule, the one every report, comparison and gate follows:
///
/// - **precision** = credit / predictions: undefined when nothing was
///   predicted ([`Undefined::NothingPredicted`]);
/// - **recall** = credit / gold items: undefined when the gold has none
///   ([`Undefined::NoGold`]);
/// - **F1** = 2·credit / (predictions + gold items), the harmonic mean of P
///   and R where both exist: undefined only when there is neither a gold
///   item nor a prediction ([`Undefined::NoItems`]). When only one of P and
///   R exists, nothing can have been credited (credit is at most either
///   denominator), so F1 is 0: a system that predicts nothing against five
///   gold items has F1 0, not "undefined", and cannot slip past a gate. P + R
///   = 0 with both defined is an F1 of 0 too.
///
/// Why not 0 everywhere, as nervaluate (and seqeval's and scikit-learn's
/// default `zero_division="warn"`) do: a precision of 0.000 for a layer the
/// extractor never attempted reads as a real, terrible score, and averages
/// and gates would treat it as one. The F1 rule is scikit-learn's
/// (`F1 = 2TP / (2TP + FP + FN)`, ill-defined only when all three are 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// Precision (`None`: nothing predicted).
    pub precision: Option<f64>,
    /// Recall (`None`: nothing in the gold).
    pub recall: Option<f64>,
    /// F1 (`None`: neither).
    pub f1: Option<f64>,
}

impl Prf {
    /// Precision, recall and F1 of `credit` matches among `actual`
    /// predictions and `possible` gold items, undefined where a denominator
    /// is 0 (see [`Prf`]). The one place these ratios are computed.
    pub fn from_credit(credit: f64, actual: u64, possible: u64) -> Prf {
        let ratio = |d: u64| (d != 0).then(|| credit / d as f64);
        let precision = ratio(actual);
        let recall = ratio(possible);
        // Computed as the harmonic mean (not as 2·credit / (actual +
        // possible)) so that defined values keep the bits they always had.
        let f1 = (actual != 0 || possible != 0).then(|| {
            let (p, r) = (precision.unwrap_or(0.0), recall.unwrap_or(0.0));
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        });
        Prf {
            precision,
            recall,
            f1,
        }
    }

    /// The named metric (`precision`, `recall`, `f1`): `None` when it is
    /// undefined or `metric` names none of the three.
    pub fn get(&self, metric: &str) -> Option<f64> {
        match metric {
            "precision" => self.precision,
            "recall" => self.recall,
            "f1" => self.f1,
            _ => None,
        }
    }
}

/// Why a ratio is undefined: its denominator is 0. Which one follows from
/// the metric alone (precision divides by predictions, recall by gold
/// items, F1 by both), so reports state it once, in a legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// Precision: no prediction (for a macro average: no averaged label has one).
    NothingPredicted,
    /// Recall: no gold item (for a macro average: no averaged label has one).
    NoGold,
    /// F1: neither a gold item nor a prediction.
    NoItems,
}

impl Undefined {
    /// Why `metric` (`precision`, `recall`, `f1`) is undefined when it is.
    pub fn of(metric: &str) -> Option<Undefined> {
        match metric {
            "precision" => Some(Undefined::NothingPredicted),
            "recall" => Some(Undefined::NoGold),
            "f1" => Some(Undefined::NoItems),
            _ => None,
        }
    }

    /// The reason in words, as reports print it.
    pub fn reason(self) -> &'static str {
        match self {
            Undefined::NothingPredicted => "nothing predicted",
            Undefined::NoGold => "nothing in the gold",
            Undefined::NoItems => "nothing in the gold and nothing predicted",
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
    /// Exact-value accuracy over matched claims (undefined when none matched).
    pub fn exact_accuracy(&self) -> Option<f64> {
        (self.matched != 0).then(|| self.exact as f64 / self.matched as f64)
    }

    /// Mean absolute error over matched claims with numbers (undefined when
    /// there is none).
    pub fn mean_abs_error(&self) -> Option<f64> {
        (self.with_values != 0).then(|| self.abs_error_sum as f64 / self.with_values as f64)
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
pub(crate) mod tests {
    use super::*;

    /// Counts of correct, missed and spurious items, the rest zero: what
    /// the count table's tests fill rows with.
    pub(crate) fn counts(correct: u64, missed: u64, spurious: u64) -> Counts {
        Counts {
            correct,
            missed,
            spurious,
            ..Counts::default()
        }
    }

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
        assert!((c.prf(true).precision.unwrap() - 0.6).abs() < 1e-12);
        assert!((c.prf(false).precision.unwrap() - 0.4).abs() < 1e-12);
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
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-12);
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
        assert_eq!(half.get("precision"), half.precision);
        assert_eq!(half.get("recall"), half.recall);
        assert_eq!(half.get("f1"), half.f1);
        assert_eq!(half.get("accuracy"), None);
        // Only gold: precision is undefined (nothing predicted), recall 0,
        // and F1 0 (nothing was credited), not undefined.
        let only_gold = Counts {
            missed: 2,
            ..Counts::default()
        }
        .prf(false);
        assert_eq!(
            (only_gold.precision, only_gold.recall, only_gold.f1),
            (None, Some(0.0), Some(0.0))
        );
        // Only predictions: recall is undefined (nothing in the gold).
        let only_pred = Counts {
            spurious: 3,
            ..Counts::default()
        }
        .prf(false);
        assert_eq!(
            (only_pred.precision, only_pred.recall, only_pred.f1),
            (Some(0.0), None, Some(0.0))
        );
        // Both defined, nothing credited: P + R = 0 gives F1 0.
        let all_wrong = Counts {
            incorrect: 1,
            ..Counts::default()
        }
        .prf(false);
        assert_eq!(
            (all_wrong.precision, all_wrong.recall, all_wrong.f1),
            (Some(0.0), Some(0.0), Some(0.0))
        );
        let perfect = Counts {
            correct: 2,
            ..Counts::default()
        }
        .prf(false);
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.f1),
            (Some(1.0), Some(1.0), Some(1.0))
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
        assert!((v.exact_accuracy().unwrap() - 0.25).abs() < 1e-12);
        assert!((v.mean_abs_error().unwrap() - 7.0 / 3.0).abs() < 1e-12);
        let none = ValueStats::default();
        assert_eq!((none.exact_accuracy(), none.mean_abs_error()), (None, None));
        // Matched claims without numbers on both sides: accuracy exists,
        // the mean error does not.
        let no_numbers = ValueStats {
            matched: 2,
            exact: 0,
            with_values: 0,
            abs_error_sum: 0,
        };
        assert_eq!(no_numbers.exact_accuracy(), Some(0.0));
        assert_eq!(no_numbers.mean_abs_error(), None);
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
    fn zero_denominators_are_undefined_not_zero() {
        let p = Counts::default().prf(false);
        assert_eq!((p.precision, p.recall, p.f1), (None, None, None));
        let p = Prf::from_credit(0.0, 0, 0);
        assert_eq!(p, Prf::default());
        // The reasons follow from the metric.
        assert_eq!(
            Undefined::of("precision"),
            Some(Undefined::NothingPredicted)
        );
        assert_eq!(Undefined::of("recall"), Some(Undefined::NoGold));
        assert_eq!(Undefined::of("f1"), Some(Undefined::NoItems));
        assert_eq!(Undefined::of("accuracy"), None);
        assert_eq!(Undefined::NothingPredicted.reason(), "nothing predicted");
    }

    /// F1 is 2·credit / (predictions + gold items) wherever it is defined,
    /// the harmonic mean of P and R included (scikit-learn's definition).
    #[test]
    fn f1_is_the_dice_form_wherever_defined() {
        for correct in 0..4u64 {
            for partial in 0..3u64 {
                for missed in 0..3u64 {
                    for spurious in 0..3u64 {
                        let c = Counts {
                            correct,
                            incorrect: 1 - correct % 2,
                            partial,
                            missed,
                            spurious,
                        };
                        let p = c.prf(true);
                        let credit = correct as f64 + 0.5 * partial as f64;
                        let want = 2.0 * credit / (c.actual() + c.possible()) as f64;
                        assert!((p.f1.unwrap() - want).abs() < 1e-12, "{c:?} {p:?}");
                    }
                }
            }
        }
    }
}
