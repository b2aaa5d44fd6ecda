//! The aggregation core: one table of per-document counts, and every
//! corpus-level number derived from it.
//!
//! The report, `compare`, `gate` and shard merging all need the same
//! arithmetic — sums over documents, micro and macro averages, bootstrap
//! resamples of documents. It lives here once, so their numbers cannot drift
//! apart. Documents are rows and (layer, scheme, label) triples are columns;
//! a row is sparse, since most labels are absent from most documents. Rows
//! only add, so tables from shards merge by appending rows.
//!
//! Resampling never touches records: a bootstrap resample is a sum of rows
//! drawn with replacement, taken over a dense matrix of the three numbers
//! P/R/F1 need per column (credited matches, predictions, gold items).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Counts, DocScore, Layer, Prf, ValueStats, bootstrap, half_partial};

/// The label of a scheme's overall (micro-averaged) column.
pub const MICRO: &str = "micro";
/// The label of a scheme's macro-averaged row in reports.
pub const MACRO: &str = "macro";
/// Confidence level of the bootstrap intervals.
pub const CONFIDENCE: f64 = 0.95;
/// A label left out of macro averages: records that failed validation and
/// were scored as spurious (`--lenient`).
pub const INVALID: &str = "invalid";

/// A column: one scheme's counts overall ([`MICRO`]) or for one label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Column {
    /// Layer.
    pub layer: Layer,
    /// Scheme.
    pub scheme: &'static str,
    /// [`MICRO`] or a label.
    pub label: String,
}

impl Column {
    /// Report order within a layer: schemes by name, the overall column
    /// first, then labels by name (what reports have always listed).
    fn order_key(&self) -> (Layer, &'static str, bool, &str) {
        (self.layer, self.scheme, self.label != MICRO, &self.label)
    }

    /// Whether the scheme credits partial matches with one half.
    pub fn half_partial(&self) -> bool {
        half_partial(self.layer, self.scheme)
    }
}

/// One document's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Document id.
    pub doc: String,
    /// Non-empty cells, `(column index, counts)`, by column index.
    pub cells: Vec<(u32, Counts)>,
    /// Casualty value statistics.
    pub values: ValueStats,
}

/// A bootstrap confidence interval per metric; `None` for a metric that no
/// resample defines (precision when nothing was predicted, …).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Intervals {
    /// Precision `[low, high]`.
    pub precision: Option<[f64; 2]>,
    /// Recall `[low, high]`.
    pub recall: Option<[f64; 2]>,
    /// F1 `[low, high]`.
    pub f1: Option<[f64; 2]>,
}

impl Intervals {
    /// The named metric's interval (`None`: undefined, or not a metric).
    pub fn get(&self, metric: &str) -> Option<[f64; 2]> {
        match metric {
            "precision" => self.precision,
            "recall" => self.recall,
            "f1" => self.f1,
            _ => None,
        }
    }
}

/// Per-document counts on one list of columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountTable {
    columns: Vec<Column>,
    /// Column index by (layer, scheme), then label: looked up with a
    /// borrowed label, so adding a document allocates no key.
    index: HashMap<(Layer, &'static str), HashMap<String, u32>>,
    rows: Vec<Row>,
}

/// A column's sum: what precision, recall and F1 need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sum {
    /// Twice the credited matches (correct, plus partial where it earns ½),
    /// so that sums stay integers.
    credit2: u64,
    /// Predictions.
    actual: u64,
    /// Gold items.
    possible: u64,
}

impl Sum {
    fn of(c: &Counts, half: bool) -> Sum {
        Sum {
            credit2: 2 * c.correct + if half { c.partial } else { 0 },
            actual: c.actual(),
            possible: c.possible(),
        }
    }

    fn is_empty(&self) -> bool {
        self.actual == 0 && self.possible == 0
    }

    /// The same arithmetic as [`Counts::prf`], bit for bit: `credit2 / 2`
    /// is exactly `correct + partial / 2`.
    fn prf(&self) -> Prf {
        Prf::from_credit(self.credit2 as f64 * 0.5, self.actual, self.possible)
    }
}

impl CountTable {
    /// An empty table.
    pub fn new() -> Self {
        CountTable::default()
    }

    /// The columns, in report order once [`CountTable::seal`]ed.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The rows, in the order added (by document id once sealed).
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The rows, taken out of the table (by document id once sealed).
    pub fn into_rows(self) -> Vec<Row> {
        self.rows
    }

    /// The index of a column, adding it when new.
    pub fn column(&mut self, layer: Layer, scheme: &'static str, label: &str) -> u32 {
        let labels = self.index.entry((layer, scheme)).or_default();
        if let Some(&i) = labels.get(label) {
            return i;
        }
        let i = self.columns.len() as u32;
        labels.insert(label.to_owned(), i);
        self.columns.push(Column {
            layer,
            scheme,
            label: label.to_owned(),
        });
        i
    }

    /// The index of an existing column.
    pub fn find(&self, layer: Layer, scheme: &str, label: &str) -> Option<usize> {
        let scheme = layer.schemes().iter().find(|s| **s == scheme)?;
        self.index
            .get(&(layer, *scheme))?
            .get(label)
            .map(|&i| i as usize)
    }

    /// Adds one scored document. Every scheme gets its overall column, even
    /// when empty, so a table always lists every scheme it scored.
    pub fn push(&mut self, doc: impl Into<String>, score: &DocScore) {
        let mut cells = Vec::new();
        for ((layer, scheme), t) in &score.tallies {
            let i = self.column(*layer, scheme, MICRO);
            if !t.overall.is_empty() {
                cells.push((i, t.overall));
            }
            for (label, c) in &t.by_label {
                let i = self.column(*layer, scheme, label);
                if !c.is_empty() {
                    cells.push((i, *c));
                }
            }
        }
        cells.sort_unstable_by_key(|c| c.0);
        self.rows.push(Row {
            doc: doc.into(),
            cells,
            values: score.values,
        });
    }

    /// Adds a row given as `(column, counts)` cells (a report read back).
    pub fn push_cells(
        &mut self,
        doc: impl Into<String>,
        cells: impl IntoIterator<Item = (u32, Counts)>,
        values: ValueStats,
    ) {
        let mut merged: BTreeMap<u32, Counts> = BTreeMap::new();
        for (i, c) in cells {
            *merged.entry(i).or_default() += c;
        }
        self.rows.push(Row {
            doc: doc.into(),
            cells: merged.into_iter().filter(|(_, c)| !c.is_empty()).collect(),
            values,
        });
    }

    /// Appends another table's rows (a shard's), mapping its columns.
    pub fn append(&mut self, other: &CountTable) {
        let map: Vec<u32> = other
            .columns
            .iter()
            .map(|c| self.column(c.layer, c.scheme, &c.label))
            .collect();
        for r in &other.rows {
            self.push_cells(
                r.doc.clone(),
                r.cells.iter().map(|(i, c)| (map[*i as usize], *c)),
                r.values,
            );
        }
    }

    /// Puts columns in report order and rows in document-id order, so a
    /// table's content, not the order it was filled in, decides every
    /// number and every output.
    pub fn seal(&mut self) {
        let mut order: Vec<u32> = (0..self.columns.len() as u32).collect();
        order.sort_by(|a, b| {
            self.columns[*a as usize]
                .order_key()
                .cmp(&self.columns[*b as usize].order_key())
        });
        let mut remap = vec![0u32; order.len()];
        for (new, old) in order.iter().enumerate() {
            remap[*old as usize] = new as u32;
        }
        let columns: Vec<Column> = order
            .iter()
            .map(|&i| self.columns[i as usize].clone())
            .collect();
        self.index.clear();
        for (i, c) in columns.iter().enumerate() {
            self.index
                .entry((c.layer, c.scheme))
                .or_default()
                .insert(c.label.clone(), i as u32);
        }
        self.columns = columns;
        for r in &mut self.rows {
            for cell in &mut r.cells {
                cell.0 = remap[cell.0 as usize];
            }
            r.cells.sort_unstable_by_key(|c| c.0);
        }
        self.rows.sort_by(|a, b| a.doc.cmp(&b.doc));
    }

    /// Counts per column, summed over every document.
    pub fn totals(&self) -> Vec<Counts> {
        let mut acc = vec![Counts::default(); self.columns.len()];
        for r in &self.rows {
            for (i, c) in &r.cells {
                acc[*i as usize] += *c;
            }
        }
        acc
    }

    /// Value statistics summed over every document.
    pub fn values(&self) -> ValueStats {
        let mut v = ValueStats::default();
        for r in &self.rows {
            v += r.values;
        }
        v
    }

    /// Columns of `(layer, scheme)`, in table order.
    pub fn scheme_columns(&self, layer: Layer, scheme: &str) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| self.columns[i].layer == layer && self.columns[i].scheme == scheme)
            .collect()
    }

    fn sums(&self, counts: &[Counts]) -> Vec<Sum> {
        self.columns
            .iter()
            .zip(counts)
            .map(|(col, c)| Sum::of(c, col.half_partial()))
            .collect()
    }

    /// Label columns a macro average over `(layer, scheme)` takes in, given
    /// these sums: those with any item, [`INVALID`] aside.
    fn macro_set(&self, sums: &[Sum], layer: Layer, scheme: &str) -> Vec<usize> {
        self.scheme_columns(layer, scheme)
            .into_iter()
            .filter(|&i| {
                let l = &self.columns[i].label;
                l != MICRO && l != INVALID && !sums[i].is_empty()
            })
            .collect()
    }

    /// The macro average: each metric is the mean of the labels' values
    /// **where they are defined**, and undefined when no label defines it.
    ///
    /// So macro precision averages the labels that have a prediction, macro
    /// recall those with a gold item, and macro F1 every label with either
    /// (F1 is defined for all of them). A type the system never predicts
    /// does not enter macro precision as a 0: it already costs a 0 in macro
    /// recall and macro F1, and precision says how right the predictions
    /// made were. This is scikit-learn's `zero_division=np.nan` ("excluded
    /// from the average"); nervaluate, seqeval and scikit-learn's default
    /// count such a label as 0 instead.
    fn macro_of(&self, sums: &[Sum], layer: Layer, scheme: &str) -> Prf {
        let rows: Vec<Prf> = self
            .macro_set(sums, layer, scheme)
            .into_iter()
            .map(|i| sums[i].prf())
            .collect();
        let mean = |get: fn(&Prf) -> Option<f64>| {
            let defined: Vec<f64> = rows.iter().filter_map(get).collect();
            (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64)
        };
        Prf {
            precision: mean(|p| p.precision),
            recall: mean(|p| p.recall),
            f1: mean(|p| p.f1),
        }
    }

    /// Point estimates over the whole table: per column, and the macro
    /// average of every scheme.
    pub fn point(&self) -> Estimates {
        let sums = self.sums(&self.totals());
        self.estimates(&sums)
    }

    fn schemes(&self) -> Vec<(Layer, &'static str)> {
        let mut v: Vec<(Layer, &'static str)> =
            self.columns.iter().map(|c| (c.layer, c.scheme)).collect();
        v.sort();
        v.dedup();
        v
    }

    fn estimates(&self, sums: &[Sum]) -> Estimates {
        Estimates {
            columns: sums
                .iter()
                .map(|s| (!s.is_empty()).then(|| s.prf()))
                .collect(),
            macros: self
                .schemes()
                .into_iter()
                .map(|(l, s)| ((l, s), self.macro_of(sums, l, s)))
                .collect(),
        }
    }

    /// The dense matrix resampling draws rows from: per document, per
    /// column, the three numbers of a [`Sum`], in `u32` (half the memory of
    /// `u64`, and no document holds four billion items; a table that does
    /// gets `None` and the sparse path).
    fn dense(&self) -> Option<Vec<u32>> {
        let width = self.columns.len() * 3;
        let half: Vec<bool> = self.columns.iter().map(Column::half_partial).collect();
        let mut m = vec![0u32; self.rows.len() * width];
        for (r, row) in self.rows.iter().enumerate() {
            for (i, c) in &row.cells {
                let s = Sum::of(c, half[*i as usize]);
                let at = r * width + *i as usize * 3;
                m[at] = u32::try_from(s.credit2).ok()?;
                m[at + 1] = u32::try_from(s.actual).ok()?;
                m[at + 2] = u32::try_from(s.possible).ok()?;
            }
        }
        Some(m)
    }

    /// One resample's sums: the drawn rows added up.
    fn drawn_sums(&self, dense: Option<&[u32]>, draw: &[usize], acc: &mut Vec<u64>) -> Vec<Sum> {
        let width = self.columns.len();
        match dense {
            Some(dense) => {
                acc.clear();
                acc.resize(width * 3, 0);
                for &d in draw {
                    let row = &dense[d * width * 3..(d + 1) * width * 3];
                    for (a, x) in acc.iter_mut().zip(row) {
                        *a += u64::from(*x);
                    }
                }
                acc.chunks_exact(3)
                    .map(|t| Sum {
                        credit2: t[0],
                        actual: t[1],
                        possible: t[2],
                    })
                    .collect()
            }
            None => {
                let mut weights = vec![0u64; self.rows.len()];
                for &d in draw {
                    weights[d] += 1;
                }
                self.weighted_sums(weights.into_iter().enumerate()).sums
            }
        }
    }

    /// Seeded percentile bootstrap over documents: an interval per column
    /// and per scheme's macro average. A resample in which a metric is
    /// undefined (no prediction for precision, no gold item for recall, no
    /// item at all for F1) says nothing about it and is left out of that
    /// metric's interval; a metric no resample defines has no interval.
    /// Macro averages in a resample follow [`Sums::macro_avg`]'s rule.
    ///
    /// Draws come from one seeded stream, in order; resamples are summed in
    /// parallel batches and their results put back in draw order, so the
    /// intervals do not depend on the number of threads.
    pub fn intervals(&self, resamples: usize, seed: u64) -> IntervalSet {
        /// Resamples drawn before a parallel pass (memory: `BATCH ×
        /// documents` indices).
        const BATCH: usize = 64;
        let n = self.rows.len();
        if resamples == 0 || n == 0 {
            return IntervalSet::default();
        }
        let width = self.columns.len();
        let dense = self.dense();
        let schemes = self.schemes();
        let mut per_col: Vec<[Vec<f64>; 3]> = vec![Default::default(); width];
        let mut per_macro: Vec<[Vec<f64>; 3]> = vec![Default::default(); schemes.len()];
        let mut batch: Vec<Vec<usize>> = Vec::with_capacity(BATCH);
        let mut flush = |batch: &mut Vec<Vec<usize>>| {
            let results: Vec<(Vec<Prf>, Vec<Prf>)> = batch
                .par_iter()
                .map_init(Vec::new, |acc, draw| {
                    let sums = self.drawn_sums(dense.as_deref(), draw, acc);
                    let cols = sums.iter().map(Sum::prf).collect();
                    let macros = schemes
                        .iter()
                        .map(|(l, s)| self.macro_of(&sums, *l, s))
                        .collect();
                    (cols, macros)
                })
                .collect();
            batch.clear();
            for (cols, macros) in results {
                for (acc, p) in per_col
                    .iter_mut()
                    .chain(per_macro.iter_mut())
                    .zip(cols.into_iter().chain(macros))
                {
                    for (a, v) in acc.iter_mut().zip([p.precision, p.recall, p.f1]) {
                        a.extend(v);
                    }
                }
            }
        };
        bootstrap::each_draw(n, resamples, seed, |draw| {
            batch.push(draw.to_vec());
            if batch.len() == BATCH {
                flush(&mut batch);
            }
        });
        flush(&mut batch);
        IntervalSet {
            columns: per_col.into_iter().map(to_intervals).collect(),
            macros: schemes
                .into_iter()
                .zip(per_macro)
                .map(|(k, a)| (k, to_intervals(a)))
                .collect(),
        }
    }
}

/// Column sums of some documents (all, a resample, a permutation): what
/// every metric is computed from.
#[derive(Debug, Clone)]
pub struct Sums<'t> {
    table: &'t CountTable,
    sums: Vec<Sum>,
}

impl Sums<'_> {
    /// A column's precision, recall and F1; `None` when it has no item
    /// (every metric undefined).
    pub fn column(&self, i: usize) -> Option<Prf> {
        let s = self.sums.get(i)?;
        (!s.is_empty()).then(|| s.prf())
    }

    /// The macro average of `(layer, scheme)` over its labels with any item
    /// ([`INVALID`] aside), each metric the mean over the labels that define
    /// it: a label without predictions is left out of macro precision, one
    /// without gold items out of macro recall; undefined when no label
    /// defines it.
    pub fn macro_avg(&self, layer: Layer, scheme: &str) -> Prf {
        self.table.macro_of(&self.sums, layer, scheme)
    }

    /// Adds another table's sums, on the same columns (see
    /// [`CountTable::aligned`]).
    pub fn add(&mut self, o: &Sums<'_>) {
        for (a, b) in self.sums.iter_mut().zip(&o.sums) {
            a.credit2 += b.credit2;
            a.actual += b.actual;
            a.possible += b.possible;
        }
    }
}

impl CountTable {
    /// Sums over rows, each taken `weight` times.
    pub fn weighted_sums(&self, weights: impl IntoIterator<Item = (usize, u64)>) -> Sums<'_> {
        let half: Vec<bool> = self.columns.iter().map(Column::half_partial).collect();
        let mut sums = vec![Sum::default(); self.columns.len()];
        for (r, w) in weights {
            if w == 0 {
                continue;
            }
            let Some(row) = self.rows.get(r) else {
                continue;
            };
            for (i, c) in &row.cells {
                let x = Sum::of(c, half[*i as usize]);
                let s = &mut sums[*i as usize];
                s.credit2 += w * x.credit2;
                s.actual += w * x.actual;
                s.possible += w * x.possible;
            }
        }
        Sums { table: self, sums }
    }

    /// Sums over every row.
    pub fn total_sums(&self) -> Sums<'_> {
        self.weighted_sums((0..self.rows.len()).map(|r| (r, 1)))
    }

    /// Two tables on one list of columns, with `b`'s rows in `a`'s document
    /// order (a document `b` lacks gets an empty row), so that a draw of
    /// row indices means the same documents in both: what paired statistics
    /// need. Both are sealed.
    pub fn aligned(a: &CountTable, b: &CountTable) -> (CountTable, CountTable) {
        let mut cols = CountTable::new();
        for c in a.columns.iter().chain(&b.columns) {
            cols.column(c.layer, c.scheme, &c.label);
        }
        let mut ta = cols.clone();
        ta.append(a);
        ta.seal();
        let by_doc: HashMap<&str, &Row> = b.rows.iter().map(|r| (r.doc.as_str(), r)).collect();
        let mut tb = cols;
        let map: Vec<u32> = b
            .columns
            .iter()
            .map(|c| tb.column(c.layer, c.scheme, &c.label))
            .collect();
        for r in &ta.rows {
            match by_doc.get(r.doc.as_str()) {
                Some(row) => tb.push_cells(
                    r.doc.clone(),
                    row.cells.iter().map(|(i, c)| (map[*i as usize], *c)),
                    row.values,
                ),
                None => tb.push_cells(r.doc.clone(), [], ValueStats::default()),
            }
        }
        tb.seal();
        (ta, tb)
    }
}

/// The intervals of one column from its resampled values; `None` when no
/// resample defined any of the three metrics. F1 is defined in every
/// resample where precision or recall is (and in no other), so F1's
/// interval exists exactly when any does.
fn to_intervals(mut a: [Vec<f64>; 3]) -> Option<Intervals> {
    let iv = |v: &mut Vec<f64>| (!v.is_empty()).then(|| bootstrap::interval(v, CONFIDENCE));
    let [p, r, f] = &mut a;
    let out = Intervals {
        precision: iv(p),
        recall: iv(r),
        f1: iv(f),
    };
    out.f1.is_some().then_some(out)
}

/// Point estimates of a table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Estimates {
    /// Per column (`None`: no item at all).
    pub columns: Vec<Option<Prf>>,
    /// Per scheme, the macro average over its labels with any item (each
    /// metric over the labels that define it).
    pub macros: BTreeMap<(Layer, &'static str), Prf>,
}

/// Bootstrap intervals of a table (empty with 0 resamples).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IntervalSet {
    /// Per column.
    pub columns: Vec<Option<Intervals>>,
    /// Per scheme's macro average.
    pub macros: BTreeMap<(Layer, &'static str), Option<Intervals>>,
}

impl IntervalSet {
    /// A column's interval.
    pub fn column(&self, i: usize) -> Option<Intervals> {
        self.columns.get(i).copied().flatten()
    }

    /// A scheme's macro interval.
    pub fn macro_of(&self, layer: Layer, scheme: &'static str) -> Option<Intervals> {
        self.macros.get(&(layer, scheme)).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(correct: u64, missed: u64, spurious: u64) -> Counts {
        Counts {
            correct,
            missed,
            spurious,
            ..Counts::default()
        }
    }

    /// The macro rule by hand: a label without predictions is left out of
    /// macro precision, one without gold items out of macro recall, and
    /// every label with an item is in macro F1; [`INVALID`] never is.
    #[test]
    fn macro_averages_leave_undefined_labels_out() {
        let mut t = CountTable::new();
        let col = |t: &mut CountTable, l: &str| t.column(Layer::Entities, "strict", l);
        let (a, b, c, inv) = (
            col(&mut t, "A"),
            col(&mut t, "B"),
            col(&mut t, "C"),
            col(&mut t, INVALID),
        );
        // A: 1 right, 1 missed (P 1, R ½); B: 2 missed, nothing predicted
        // (P undefined, R 0); C: 2 spurious, no gold (P 0, R undefined).
        t.push_cells(
            "d",
            [
                (a, counts(1, 1, 0)),
                (b, counts(0, 2, 0)),
                (c, counts(0, 0, 2)),
                (inv, counts(0, 0, 5)),
            ],
            ValueStats::default(),
        );
        t.seal();
        let m = t.point().macros[&(Layer::Entities, "strict")];
        let close = |x: Option<f64>, y: f64| x.is_some_and(|x| (x - y).abs() < 1e-12);
        assert!(close(m.precision, (1.0 + 0.0) / 2.0), "A and C: {m:?}");
        assert!(close(m.recall, (0.5 + 0.0) / 2.0), "A and B: {m:?}");
        let f1_a = 2.0 * 1.0 * 0.5 / 1.5;
        assert!(close(m.f1, (f1_a + 0.0 + 0.0) / 3.0), "A, B and C: {m:?}");
        // No label has a prediction: macro precision is undefined, not 0.
        let mut t = CountTable::new();
        let a = t.column(Layer::Events, "trigger_cls", "A");
        t.push_cells("d", [(a, counts(0, 3, 0))], ValueStats::default());
        t.seal();
        let m = t.point().macros[&(Layer::Events, "trigger_cls")];
        assert_eq!((m.precision, m.recall, m.f1), (None, Some(0.0), Some(0.0)));
        // And no label at all: every macro metric is undefined.
        let mut t = CountTable::new();
        t.column(Layer::Casualties, "claim", MICRO);
        t.seal();
        assert_eq!(
            t.point().macros[&(Layer::Casualties, "claim")],
            Prf::default()
        );
    }

    /// A metric that no resample defines has no interval, the others keep
    /// theirs; a column without any item has none at all.
    #[test]
    fn intervals_of_undefined_metrics_are_absent() {
        let mut t = CountTable::new();
        let gold_only = t.column(Layer::Events, "trigger_id", MICRO);
        let nothing = t.column(Layer::Events, "trigger_cls", MICRO);
        for (i, (c, m)) in [(0, 2), (0, 1), (0, 3)].into_iter().enumerate() {
            t.push_cells(
                format!("d{i}"),
                [(gold_only, counts(c, m, 0))],
                ValueStats::default(),
            );
        }
        t.seal();
        let iv = t.intervals(50, 1);
        let g = iv
            .column(t.find(Layer::Events, "trigger_id", MICRO).unwrap())
            .unwrap();
        assert_eq!(g.precision, None, "nothing predicted in any resample");
        assert_eq!((g.recall, g.f1), (Some([0.0, 0.0]), Some([0.0, 0.0])));
        let n = t.find(Layer::Events, "trigger_cls", MICRO).unwrap();
        assert_eq!(iv.column(n), None);
        let _ = nothing;
    }

    /// A table too large for the `u32` matrix takes the sparse path, which
    /// must give the intervals the dense path gives.
    #[test]
    fn the_sparse_bootstrap_path_gives_the_dense_paths_intervals() {
        let make = |huge: bool| {
            let mut t = CountTable::new();
            let a = t.column(Layer::Entities, "strict", MICRO);
            let b = t.column(Layer::Casualties, "claim", MICRO);
            for (i, (c, m, s)) in [(3, 1, 0), (0, 2, 2), (5, 0, 1), (1, 1, 1), (2, 3, 0)]
                .into_iter()
                .enumerate()
            {
                let big = if huge && i == 0 {
                    u64::from(u32::MAX) + 1
                } else {
                    7
                };
                t.push_cells(
                    format!("d{i}"),
                    [(a, counts(c, m, s)), (b, counts(big, 0, 0))],
                    ValueStats::default(),
                );
            }
            t.seal();
            t
        };
        let (small, large) = (make(false), make(true));
        assert!(small.dense().is_some() && large.dense().is_none());
        let col = small.find(Layer::Entities, "strict", MICRO).unwrap();
        let (x, y) = (small.intervals(300, 7), large.intervals(300, 7));
        assert!(x.column(col).is_some());
        assert_eq!(x.column(col), y.column(col));
        assert_eq!(
            x.macro_of(Layer::Entities, "strict"),
            y.macro_of(Layer::Entities, "strict")
        );
    }
}
