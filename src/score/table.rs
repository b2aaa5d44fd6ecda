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
//! Resampling never touches records: a bootstrap resample is a weighted sum
//! of rows, each weighted by how often the resample drew its document.
//!
//! Rows are the table's whole memory at scale (a 100,000-document run of
//! every layer has about twenty million cells), so they are kept packed,
//! back to back ([`Rows`]): most counts are small and most are zero, and a
//! cell takes some 3 bytes instead of 48.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};
use std::io;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use super::rows::{Block, Cells, Row, Rows, SPILL_ABOVE};
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

/// Rows per unit of the bootstrap's parallel work ([`Rows::spans`]): small
/// enough that a table of one chunk (a few thousand documents) splits among
/// threads, large enough that a spilled table is read in a few hundred
/// kilobytes at a time.
const SPAN: usize = 512;

/// The fewest spans one fold of a batch takes: about two folds per
/// thread. Each fold starts from zeroed sums for the whole batch (a few
/// hundred kilobytes at every layer's width), so letting rayon split down
/// to single spans allocated and zeroed them tens of times a batch; under
/// an allocator that maps such blocks fresh each time (glibc with fixed
/// thresholds) that was 56,000 page faults in a 10,000-document bootstrap
/// where glibc's adaptive thresholds had 2,000. Two folds a
/// thread (14,000 faults; one a thread gave 11,000) leave a half to steal
/// when another job holds a core.
fn fold_len(rows: usize) -> usize {
    let spans = rows.div_ceil(SPAN);
    spans.div_ceil(2 * rayon::current_num_threads()).max(1)
}

/// How many multiples of a row (1×, 2×, 3×) the `u32` bootstrap makes
/// once and adds, instead of multiplying by a resample's weight.
const MULTIPLES: usize = 3;

/// A failed read of a table's rows (from its temporary file, the one
/// thing that can fail), as the report code's string errors spell it.
pub fn read_back(e: io::Error) -> String {
    // The error says what was being read ([`Rows`]).
    e.to_string()
}

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
    rows: Rows,
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
    /// An empty table, kept in memory.
    pub fn new() -> Self {
        CountTable::default()
    }

    /// [`CountTable::spilling`] in small chunks, so that a test's few rows
    /// go to disk.
    #[cfg(test)]
    pub(crate) fn spilling_in_chunks(budget: usize, chunk: usize) -> Self {
        CountTable {
            rows: Rows::spilling_in_chunks(budget, chunk),
            ..CountTable::default()
        }
    }

    /// An empty table that keeps `budget` bytes of full chunks of rows in
    /// memory and spills later ones to a temporary file ([`Rows::spilling`]):
    /// a scoring run's or a merge's, whose size is the corpus's.
    pub fn spilling(budget: usize) -> Self {
        CountTable {
            rows: Rows::spilling(budget),
            ..CountTable::default()
        }
    }

    /// The columns, in report order once [`CountTable::seal`]ed.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The rows, in the order added (by document id once sealed).
    pub fn rows(&self) -> &Rows {
        &self.rows
    }

    /// The rows, taken out of the table (by document id once sealed).
    pub fn into_rows(self) -> Rows {
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
    pub fn push(&mut self, doc: impl AsRef<str>, score: &DocScore) {
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
        self.rows.push(doc.as_ref(), &cells, score.values);
    }

    /// Adds a row given as `(column, counts)` cells (a report read back).
    pub fn push_cells(
        &mut self,
        doc: impl AsRef<str>,
        cells: impl IntoIterator<Item = (u32, Counts)>,
        values: ValueStats,
    ) {
        let mut merged: BTreeMap<u32, Counts> = BTreeMap::new();
        for (i, c) in cells {
            *merged.entry(i).or_default() += c;
        }
        let cells: Vec<(u32, Counts)> = merged.into_iter().filter(|(_, c)| !c.is_empty()).collect();
        self.rows.push(doc.as_ref(), &cells, values);
    }

    /// Appends another table's rows (a shard's), mapping its columns.
    pub fn append(&mut self, other: &CountTable) -> io::Result<()> {
        let map: Vec<u32> = other
            .columns
            .iter()
            .map(|c| self.column(c.layer, c.scheme, &c.label))
            .collect();
        for block in other.rows.blocks() {
            for (_, r) in block?.rows() {
                self.push_cells(
                    r.doc,
                    r.cells().map(|(i, c)| (map[i as usize], c)),
                    r.values,
                );
            }
        }
        Ok(())
    }

    /// Puts columns in report order and rows in document-id order, so a
    /// table's content, not the order it was filled in, decides every
    /// number and every output.
    pub fn seal(&mut self) -> io::Result<()> {
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
        self.rows = std::mem::take(&mut self.rows).sealed(&remap)?;
        Ok(())
    }

    /// Counts per column, summed over every document.
    pub fn totals(&self) -> io::Result<Vec<Counts>> {
        let mut acc = vec![Counts::default(); self.columns.len()];
        for block in self.rows.blocks() {
            for (_, r) in block?.rows() {
                for (i, c) in r.cells() {
                    acc[i as usize] += c;
                }
            }
        }
        Ok(acc)
    }

    /// Value statistics summed over every document.
    pub fn values(&self) -> io::Result<ValueStats> {
        let mut v = ValueStats::default();
        for block in self.rows.blocks() {
            for (_, r) in block?.rows() {
                v += r.values;
            }
        }
        Ok(v)
    }

    /// Per column, whether its scheme credits partial matches with a half:
    /// what turning counts into [`Sum`]s needs, looked up once per pass.
    fn halves(&self) -> Vec<bool> {
        self.columns.iter().map(Column::half_partial).collect()
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

    /// The label columns of `(layer, scheme)` a macro average may take in:
    /// not the overall column, nor [`INVALID`].
    fn label_columns(&self, layer: Layer, scheme: &str) -> Vec<usize> {
        self.scheme_columns(layer, scheme)
            .into_iter()
            .filter(|&i| {
                let l = &self.columns[i].label;
                l != MICRO && l != INVALID
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
        macro_over(sums, &self.label_columns(layer, scheme))
    }

    /// Point estimates over the whole table: per column, and the macro
    /// average of every scheme.
    pub fn point(&self) -> io::Result<Estimates> {
        Ok(self.point_of(&self.totals()?))
    }

    /// [`CountTable::point`] from this table's [`CountTable::totals`],
    /// for a caller that needs both: reading every row is the cost of
    /// either, and the report once read them twice.
    pub fn point_of(&self, totals: &[Counts]) -> Estimates {
        self.estimates(&self.sums(totals))
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

    /// Seeded percentile bootstrap over documents: an interval per column
    /// and per scheme's macro average. A resample in which a metric is
    /// undefined (no prediction for precision, no gold item for recall, no
    /// item at all for F1) says nothing about it and is left out of that
    /// metric's interval; a metric no resample defines has no interval.
    /// Macro averages in a resample follow [`Sums::macro_avg`]'s rule.
    ///
    /// Draws come from one seeded stream, in order. A batch of resamples
    /// becomes weights (how often each resample drew each document); each
    /// row is then unpacked once per batch and added, times its weight, to
    /// every resample of the batch that drew it. Rows are split among
    /// threads and their partial sums added, which is exact in integers, so
    /// the intervals do not depend on the number of threads.
    pub fn intervals(&self, resamples: usize, seed: u64) -> io::Result<IntervalSet> {
        let n = self.rows.len();
        if resamples == 0 || n == 0 {
            return Ok(IntervalSet::default());
        }
        let width = self.columns.len();
        // Resamples per batch: the weights are `batch × documents` u32 and
        // each thread's sums `batch × columns` [`Sum`]s, about 16 MB each
        // at most, whatever the corpus. Every batch unpacks every row once,
        // so fewer, larger batches unpack less: at 10,000 documents of
        // every layer and 1,000 resamples, batches of 256 rather than 64
        // took the whole run's CPU time from 12.9 to 12.2 s (medians of 3)
        // for 11 MB more peak memory (47 to 58 MB). From 15,600 documents
        // up, the weights' bound sets the batch, not this cap.
        let batch = (4_000_000 / n).min(700_000 / width.max(1)).clamp(1, 256);
        let schemes = self.schemes();
        let narrow = self.narrow()?;
        let mut resampled = Resampled::new(width, schemes.len());
        let macro_columns: Vec<Vec<usize>> = schemes
            .iter()
            .map(|(l, s)| self.label_columns(*l, s))
            .collect();
        // The first read error, which ends the bootstrap.
        let mut failed: Option<io::Error> = None;
        let mut weights: Vec<Vec<u32>> = Vec::with_capacity(batch);
        // Weight vectors of flushed batches, reused.
        let mut spare: Vec<Vec<u32>> = Vec::with_capacity(batch);
        let mut flush = |weights: &mut Vec<Vec<u32>>, spare: &mut Vec<Vec<u32>>| {
            if weights.is_empty() || failed.is_some() {
                return;
            }
            match self.batch_sums(weights, narrow) {
                Ok(batch) => {
                    for sums in batch {
                        resampled.add(
                            sums.iter().map(Sum::prf),
                            macro_columns.iter().map(|cols| macro_over(&sums, cols)),
                        );
                    }
                }
                Err(e) => failed = Some(e),
            }
            spare.append(weights);
        };
        bootstrap::each_draw(n, resamples, seed, |draw| {
            let mut w = spare.pop().unwrap_or_default();
            w.clear();
            w.resize(n, 0);
            for &d in draw {
                // At most `n` draws, and `n` fits a u32 (documents are
                // bounded far below).
                w[d] = w[d].saturating_add(1);
            }
            weights.push(w);
            if weights.len() == batch {
                flush(&mut weights, &mut spare);
            }
        });
        flush(&mut weights, &mut spare);
        match failed {
            Some(e) => Err(e),
            None => Ok(resampled.finish(schemes)),
        }
    }

    /// Whether every resample's sums fit a `u32`: a resample draws `n`
    /// documents, so a column's sum in it is at most `n` times the column's
    /// largest value in any one document (a column a row holds twice counts
    /// as its sum).
    fn narrow(&self) -> io::Result<bool> {
        let half = self.halves();
        let n = self.rows.len() as u64;
        let largest = |s: &Sum| s.credit2.max(s.actual).max(s.possible);
        let mut most = 0u64;
        for block in self.rows.blocks() {
            for (_, row) in block?.rows() {
                let mut column = None;
                let mut acc = Sum::default();
                for (i, c) in row.cells() {
                    if column != Some(i) {
                        most = most.max(largest(&acc));
                        acc = Sum::default();
                        column = Some(i);
                    }
                    let s = Sum::of(&c, half[i as usize]);
                    acc.credit2 = acc.credit2.saturating_add(s.credit2);
                    acc.actual = acc.actual.saturating_add(s.actual);
                    acc.possible = acc.possible.saturating_add(s.possible);
                }
                most = most.max(largest(&acc));
            }
        }
        Ok(most
            .checked_mul(n)
            .is_some_and(|m| m <= u64::from(u32::MAX)))
    }

    /// Each resample's column sums, for a batch of per-document weights.
    /// `narrow` ([`CountTable::narrow`]) sums in `u32` over dense rows,
    /// which the compiler turns into vector instructions (the bootstrap's
    /// inner loop, some four times faster); otherwise in `u64` over the
    /// sparse cells. Both are exact, so both give the same sums. Threads
    /// take spans of rows ([`SPAN`]), each read back once per batch when
    /// the table has spilled.
    fn batch_sums(&self, weights: &[Vec<u32>], narrow: bool) -> io::Result<Vec<Vec<Sum>>> {
        let width = self.columns.len();
        if width == 0 {
            return Ok(vec![Vec::new(); weights.len()]);
        }
        if narrow {
            return self.batch_sums_narrow(weights);
        }
        let half = self.halves();
        let zero = || vec![Sum::default(); width * weights.len()];
        let acc = self
            .rows
            .spans(SPAN)
            .into_par_iter()
            .with_min_len(fold_len(self.rows.len()))
            .try_fold(
                || (zero(), Vec::new()),
                |(mut acc, mut cells): (Vec<Sum>, Vec<(usize, Sum)>), span| {
                    let block = self.rows.span(span)?;
                    for (d, row) in block.rows() {
                        cells.clear();
                        cells.extend(
                            row.cells()
                                .map(|(i, c)| (i as usize, Sum::of(&c, half[i as usize]))),
                        );
                        for (b, w) in weights.iter().enumerate() {
                            let w = u64::from(w[d]);
                            if w == 0 {
                                continue;
                            }
                            let sums = &mut acc[b * width..(b + 1) * width];
                            for (i, x) in &cells {
                                let s = &mut sums[*i];
                                s.credit2 += w * x.credit2;
                                s.actual += w * x.actual;
                                s.possible += w * x.possible;
                            }
                        }
                    }
                    io::Result::Ok((acc, cells))
                },
            )
            .map(|r| r.map(|(acc, _)| acc))
            .try_reduce(zero, |mut a, b| {
                for (x, y) in a.iter_mut().zip(&b) {
                    x.credit2 += y.credit2;
                    x.actual += y.actual;
                    x.possible += y.possible;
                }
                Ok(a)
            })?;
        Ok(acc
            .chunks_exact(width)
            .take(weights.len())
            .map(<[Sum]>::to_vec)
            .collect())
    }

    /// [`CountTable::batch_sums`] when every sum fits a `u32`: each row
    /// unpacked to a dense `[credit2, actual, possible]` per column, and
    /// added, times its weight, to each resample's dense sums. No product
    /// or sum can exceed the bound [`CountTable::narrow`] checked.
    fn batch_sums_narrow(&self, weights: &[Vec<u32>]) -> io::Result<Vec<Vec<Sum>>> {
        let width = self.columns.len();
        let stride = 3 * width;
        let half = self.halves();
        let zero = || vec![0u32; stride * weights.len()];
        let wide = Wide::detect();
        let acc = self
            .rows
            .spans(SPAN)
            .into_par_iter()
            .with_min_len(fold_len(self.rows.len()))
            .try_fold(
                || (zero(), vec![0u32; MULTIPLES * stride]),
                |(mut acc, mut dense): (Vec<u32>, Vec<u32>), span| {
                    let block = self.rows.span(span)?;
                    for (d, row) in block.rows() {
                        let (once, more) = dense.split_at_mut(stride);
                        once.fill(0);
                        for (i, c) in row.cells() {
                            let s = Sum::of(&c, half[i as usize]);
                            let at = 3 * i as usize;
                            // Within the bound, so each value fits.
                            once[at] += s.credit2 as u32;
                            once[at + 1] += s.actual as u32;
                            once[at + 2] += s.possible as u32;
                        }
                        // The row times 2, 3, …: a resample draws a document
                        // once, twice or three times far more often than
                        // more (Poisson(1): 98% of draws), and adding a
                        // multiple made once is cheaper than multiplying in
                        // every resample (x86-64's baseline has no 32-bit
                        // vector multiply). A multiple used is at most `n`
                        // times a value, within the bound; one past it
                        // (weight above `n`) is never used, so it may wrap.
                        for (k, m) in more.chunks_exact_mut(stride).enumerate() {
                            let times = k as u32 + 2;
                            for (m, x) in m.iter_mut().zip(&*once) {
                                *m = x.wrapping_mul(times);
                            }
                        }
                        add_drawn(wide, &mut acc, &dense, weights, d, stride);
                    }
                    io::Result::Ok((acc, dense))
                },
            )
            .map(|r| r.map(|(acc, _)| acc))
            .try_reduce(zero, |mut a, b| {
                for (x, y) in a.iter_mut().zip(&b) {
                    *x += y;
                }
                Ok(a)
            })?;
        Ok(acc
            .chunks_exact(stride)
            .take(weights.len())
            .map(|sums| {
                sums.chunks_exact(3)
                    .map(|s| Sum {
                        credit2: u64::from(s[0]),
                        actual: u64::from(s[1]),
                        possible: u64::from(s[2]),
                    })
                    .collect()
            })
            .collect())
    }
}

/// [`CountTable::macro_of`] over `columns`, the scheme's label columns
/// ([`CountTable::label_columns`]), of which those with any item in `sums`
/// are averaged. The bootstrap finds the columns once rather than once a
/// resample: that search, comparing every column's scheme and label as
/// strings, was a resample's largest cost on the one thread that adds
/// resamples up.
fn macro_over(sums: &[Sum], columns: &[usize]) -> Prf {
    let rows: Vec<Prf> = columns
        .iter()
        .filter(|&&i| !sums[i].is_empty())
        .map(|&i| sums[i].prf())
        .collect();
    let mean = |get: fn(&Prf) -> Option<f64>| {
        let defined = rows.iter().filter_map(get).count();
        (defined > 0).then(|| rows.iter().filter_map(get).sum::<f64>() / defined as f64)
    };
    Prf {
        precision: mean(|p| p.precision),
        recall: mean(|p| p.recall),
        f1: mean(|p| p.f1),
    }
}

/// Which build of the bootstrap's inner loop ([`add_drawn`]) this CPU
/// runs. The binary targets baseline x86-64, whose vectors hold four
/// `u32`s; the inner loop is a long run of `u32` additions, and AVX2's
/// hold eight, so where the CPU has AVX2 the same loop compiled for it
/// does the additions in half the instructions. Integer sums are exact
/// either way: both builds give the same sums.
#[derive(Debug, Clone, Copy)]
struct Wide(bool);

impl Wide {
    fn detect() -> Wide {
        #[cfg(target_arch = "x86_64")]
        {
            Wide(std::arch::is_x86_feature_detected!("avx2"))
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            Wide(false)
        }
    }
}

/// Adds document `d`'s dense row, times its weight in each resample of the
/// batch, to that resample's sums: `dense` holds the row and its
/// multiples (`MULTIPLES` of them, each `stride` long), `acc` the batch's
/// sums, `stride` apart.
fn add_drawn(
    wide: Wide,
    acc: &mut [u32],
    dense: &[u32],
    weights: &[Vec<u32>],
    d: usize,
    stride: usize,
) {
    #[cfg(target_arch = "x86_64")]
    if wide.0 {
        // SAFETY: `Wide::detect` found AVX2 on this CPU.
        return unsafe { add_drawn_avx2(acc, dense, weights, d, stride) };
    }
    let _ = wide;
    add_drawn_body(acc, dense, weights, d, stride);
}

/// [`add_drawn_body`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_drawn_avx2(acc: &mut [u32], dense: &[u32], weights: &[Vec<u32>], d: usize, stride: usize) {
    add_drawn_body(acc, dense, weights, d, stride);
}

#[inline(always)]
fn add_drawn_body(acc: &mut [u32], dense: &[u32], weights: &[Vec<u32>], d: usize, stride: usize) {
    for (b, w) in weights.iter().enumerate() {
        let w = w[d];
        if w == 0 {
            continue;
        }
        let sums = &mut acc[b * stride..(b + 1) * stride];
        let k = w as usize - 1;
        if k < MULTIPLES {
            let m = &dense[k * stride..(k + 1) * stride];
            for (s, x) in sums.iter_mut().zip(m) {
                *s += x;
            }
        } else {
            for (s, x) in sums.iter_mut().zip(&dense[..stride]) {
                *s += w * x;
            }
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
    /// The rows unpacked to what sums need, for a caller that sums the same
    /// rows many times (`compare`'s paired bootstrap and randomization, a
    /// document at a time): unpacking once costs 32 bytes a cell instead of
    /// unpacking every row at every resample.
    pub fn unpacked(&self) -> io::Result<Unpacked<'_>> {
        let half = self.halves();
        let mut starts = Vec::with_capacity(self.rows.len() + 1);
        let mut cells = Vec::new();
        for block in self.rows.blocks() {
            for (_, row) in block?.rows() {
                starts.push(cells.len());
                cells.extend(row.cells().map(|(i, c)| (i, Sum::of(&c, half[i as usize]))));
            }
        }
        starts.push(cells.len());
        Ok(Unpacked {
            table: self,
            starts,
            cells,
        })
    }

    /// Sums over every row: a column's sum is its total's ([`Sum::of`] is
    /// linear in the counts).
    pub fn total_sums(&self) -> io::Result<Sums<'_>> {
        Ok(Sums {
            table: self,
            sums: self.sums(&self.totals()?),
        })
    }

    /// Two tables on one list of columns, with `b`'s rows in `a`'s document
    /// order (a document `b` lacks gets an empty row), so that a draw of
    /// row indices means the same documents in both: what paired statistics
    /// need. Both are sealed.
    pub fn aligned(a: &CountTable, b: &CountTable) -> io::Result<(CountTable, CountTable)> {
        let mut cols = CountTable::new();
        for c in a.columns.iter().chain(&b.columns) {
            cols.column(c.layer, c.scheme, &c.label);
        }
        let mut ta = cols.clone();
        ta.append(a)?;
        ta.seal()?;
        let mut by_doc: HashMap<String, usize> = HashMap::with_capacity(b.rows.len());
        for block in b.rows.blocks() {
            for (i, r) in block?.rows() {
                // A repeated id: the last row, as a map collected in order
                // has always kept.
                by_doc.insert(r.doc.to_owned(), i);
            }
        }
        let mut tb = cols;
        let map: Vec<u32> = b
            .columns
            .iter()
            .map(|c| tb.column(c.layer, c.scheme, &c.label))
            .collect();
        for block in ta.rows.blocks() {
            for (_, r) in block?.rows() {
                let found = match by_doc.get(r.doc) {
                    Some(&i) => b.rows.with_row(i, |row| {
                        tb.push_cells(
                            r.doc,
                            row.cells().map(|(i, c)| (map[i as usize], c)),
                            row.values,
                        )
                    })?,
                    None => None,
                };
                if found.is_none() {
                    tb.push_cells(r.doc, [], ValueStats::default());
                }
            }
        }
        tb.seal()?;
        Ok((ta, tb))
    }
}

/// A table's rows unpacked ([`CountTable::unpacked`]).
#[derive(Debug, Clone)]
pub struct Unpacked<'t> {
    table: &'t CountTable,
    /// Where each row's cells start in `cells` (and, last, the end).
    starts: Vec<usize>,
    cells: Vec<(u32, Sum)>,
}

impl<'t> Unpacked<'t> {
    /// [`CountTable::weighted_sums`], on the unpacked rows.
    pub fn weighted_sums(&self, weights: impl IntoIterator<Item = (usize, u64)>) -> Sums<'t> {
        let mut sums = vec![Sum::default(); self.table.columns.len()];
        for (r, w) in weights {
            if w == 0 {
                continue;
            }
            let (Some(&from), Some(&to)) = (self.starts.get(r), self.starts.get(r + 1)) else {
                continue;
            };
            for (i, x) in &self.cells[from..to] {
                let s = &mut sums[*i as usize];
                s.credit2 += w * x.credit2;
                s.actual += w * x.actual;
                s.possible += w * x.possible;
            }
        }
        Sums {
            table: self.table,
            sums,
        }
    }
}

/// Every resample's metrics, per column and per scheme's macro average,
/// until they become intervals.
struct Resampled {
    columns: Vec<[Vec<f64>; 3]>,
    macros: Vec<[Vec<f64>; 3]>,
}

impl Resampled {
    fn new(columns: usize, schemes: usize) -> Self {
        Resampled {
            columns: vec![Default::default(); columns],
            macros: vec![Default::default(); schemes],
        }
    }

    /// One resample's metrics: per column, then per scheme. An undefined
    /// metric is left out.
    fn add(&mut self, cols: impl Iterator<Item = Prf>, macros: impl Iterator<Item = Prf>) {
        for (acc, p) in self
            .columns
            .iter_mut()
            .chain(self.macros.iter_mut())
            .zip(cols.chain(macros))
        {
            for (a, v) in acc.iter_mut().zip([p.precision, p.recall, p.f1]) {
                a.extend(v);
            }
        }
    }

    fn finish(self, schemes: Vec<(Layer, &'static str)>) -> IntervalSet {
        IntervalSet {
            columns: self.columns.into_iter().map(to_intervals).collect(),
            macros: schemes
                .into_iter()
                .zip(self.macros)
                .map(|(k, a)| (k, to_intervals(a)))
                .collect(),
        }
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

    use crate::score::counts::tests::counts;

    /// Both builds of the bootstrap's inner loop give the sums a plain
    /// multiply-and-add gives, weights past the prepared multiples
    /// included (on a CPU without AVX2 only the plain build runs).
    #[test]
    fn both_builds_of_the_inner_loop_add_weighted_rows() {
        let mut rng = crate::test_rng::Lcg::new(0x5eed_0000_0000_00a2);
        for _ in 0..200 {
            let stride = 3 * (1 + rng.below(40));
            let batch = 1 + rng.below(9);
            let docs = 1 + rng.below(4);
            let row: Vec<u32> = (0..stride).map(|_| rng.below(50) as u32).collect();
            let mut dense = row.clone();
            for k in 2..=MULTIPLES as u32 + 1 {
                dense.extend(row.iter().map(|x| x * k));
            }
            let weights: Vec<Vec<u32>> = (0..batch)
                .map(|_| (0..docs).map(|_| rng.below(7) as u32).collect())
                .collect();
            let d = rng.below(docs);
            let start: Vec<u32> = (0..stride * batch)
                .map(|_| rng.below(1000) as u32)
                .collect();
            let mut want = start.clone();
            for (b, w) in weights.iter().enumerate() {
                for (i, x) in row.iter().enumerate() {
                    want[b * stride + i] += w[d] * x;
                }
            }
            for wide in [Wide(false), Wide::detect()] {
                let mut got = start.clone();
                add_drawn(wide, &mut got, &dense, &weights, d, stride);
                assert_eq!(got, want, "{wide:?}");
            }
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
        t.seal().unwrap();
        let m = t.point().unwrap().macros[&(Layer::Entities, "strict")];
        let close = |x: Option<f64>, y: f64| x.is_some_and(|x| (x - y).abs() < 1e-12);
        assert!(close(m.precision, (1.0 + 0.0) / 2.0), "A and C: {m:?}");
        assert!(close(m.recall, (0.5 + 0.0) / 2.0), "A and B: {m:?}");
        let f1_a = 2.0 * 1.0 * 0.5 / 1.5;
        assert!(close(m.f1, (f1_a + 0.0 + 0.0) / 3.0), "A, B and C: {m:?}");
        // No label has a prediction: macro precision is undefined, not 0.
        let mut t = CountTable::new();
        let a = t.column(Layer::Events, "trigger_cls", "A");
        t.push_cells("d", [(a, counts(0, 3, 0))], ValueStats::default());
        t.seal().unwrap();
        let m = t.point().unwrap().macros[&(Layer::Events, "trigger_cls")];
        assert_eq!((m.precision, m.recall, m.f1), (None, Some(0.0), Some(0.0)));
        // And no label at all: every macro metric is undefined.
        let mut t = CountTable::new();
        t.column(Layer::Casualties, "claim", MICRO);
        t.seal().unwrap();
        assert_eq!(
            t.point().unwrap().macros[&(Layer::Casualties, "claim")],
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
        t.seal().unwrap();
        let iv = t.intervals(50, 1).unwrap();
        let g = iv
            .column(t.find(Layer::Events, "trigger_id", MICRO).unwrap())
            .unwrap();
        assert_eq!(g.precision, None, "nothing predicted in any resample");
        assert_eq!((g.recall, g.f1), (Some([0.0, 0.0]), Some([0.0, 0.0])));
        let n = t.find(Layer::Events, "trigger_cls", MICRO).unwrap();
        assert_eq!(iv.column(n), None);
        let _ = nothing;
    }

    /// Sums by their definition: each row read alone, its cells added
    /// `weight` times.
    fn reference_sums<'t>(t: &'t CountTable, weights: &[(usize, u64)]) -> Sums<'t> {
        let mut sums = vec![Sum::default(); t.columns.len()];
        for &(d, w) in weights {
            let cells: Vec<(u32, Counts)> = t
                .rows
                .with_row(d, |r| r.cells().collect())
                .unwrap()
                .unwrap_or_default();
            for (i, c) in cells {
                let x = Sum::of(&c, t.columns[i as usize].half_partial());
                let s = &mut sums[i as usize];
                s.credit2 += w * x.credit2;
                s.actual += w * x.actual;
                s.possible += w * x.possible;
            }
        }
        Sums { table: t, sums }
    }

    /// The bootstrap by its definition: each resample's sums are the drawn
    /// rows added up, one resample at a time.
    fn reference_intervals(t: &CountTable, resamples: usize, seed: u64) -> IntervalSet {
        let n = t.rows.len();
        let schemes = t.schemes();
        let mut resampled = Resampled::new(t.columns.len(), schemes.len());
        bootstrap::each_draw(n, resamples, seed, |draw| {
            let draw: Vec<(usize, u64)> = draw.iter().map(|&d| (d, 1)).collect();
            let sums = reference_sums(t, &draw);
            resampled.add(
                sums.sums.iter().map(Sum::prf),
                schemes.iter().map(|(l, s)| sums.macro_avg(*l, s)),
            );
        });
        resampled.finish(schemes)
    }

    /// Weights by batch, rows split among threads: the same intervals as
    /// summing each resample's drawn rows, with counts above `u32` and a
    /// half-credit column, over several batches and a partial last one;
    /// in memory or with the rows on disk.
    #[test]
    fn batched_weighted_bootstrap_equals_summing_the_draws() {
        // A count above `u32` sums in `u64`; without it, in `u32` (dense).
        for wide in [true, false] {
            for spill in [false, true] {
                bootstrap_by_definition(wide, spill);
            }
        }
    }

    fn bootstrap_by_definition(wide: bool, spill: bool) {
        let mut t = if spill {
            CountTable::spilling_in_chunks(64, 48)
        } else {
            CountTable::new()
        };
        let a = t.column(Layer::Entities, "strict", MICRO);
        let p = t.column(Layer::Entities, "partial", MICRO);
        let l = t.column(Layer::Entities, "strict", "GPE");
        let b = t.column(Layer::Casualties, "claim", MICRO);
        for i in 0..37u64 {
            let big = if i == 3 && wide {
                u64::from(u32::MAX) + 1
            } else {
                i % 4
            };
            let mut part = counts(i % 3, i % 2, (i + 1) % 3);
            part.partial = i % 5;
            t.push_cells(
                format!("d{i:02}"),
                [
                    (a, counts(i % 3, i % 2, (i + 1) % 3)),
                    (p, part),
                    (l, counts(i % 2, 1, 0)),
                    (b, counts(big, i % 3, 0)),
                ],
                ValueStats::default(),
            );
        }
        t.push_cells("empty", [], ValueStats::default());
        t.seal().unwrap();
        assert_eq!(t.rows.spilled() > 10, spill, "{} spilled", t.rows.spilled());
        assert_eq!(t.narrow().unwrap(), !wide);
        for (resamples, seed) in [(1, 3), (64, 5), (300, 7)] {
            let got = t.intervals(resamples, seed).unwrap();
            assert_eq!(got, reference_intervals(&t, resamples, seed));
            assert_eq!(got.columns.len(), 4);
            assert!(got.columns.iter().all(Option::is_some));
        }
        assert_ne!(
            t.intervals(300, 7).unwrap(),
            t.intervals(300, 8).unwrap(),
            "the seed matters"
        );
    }

    /// A spilling table writes its rows past the budget to disk, and reads
    /// back what a kept one holds.
    #[test]
    fn a_spilling_table_spills() {
        let fill = |t: &mut CountTable| {
            let c = t.column(Layer::Entities, "strict", MICRO);
            // 3 MB of ids: past one 1 MiB chunk, and past a budget of none.
            for i in 0..12_000u64 {
                let id = format!("{i:06}{}", "x".repeat(250));
                t.push_cells(id, [(c, counts(i % 5, 1, 0))], ValueStats::default());
            }
            t.seal().unwrap();
        };
        let (mut kept, mut spilled) = (CountTable::new(), CountTable::spilling(0));
        fill(&mut kept);
        fill(&mut spilled);
        assert_eq!(kept.rows().spilled(), 0);
        assert!(
            spilled.rows().spilled() >= 2,
            "{}",
            spilled.rows().spilled()
        );
        assert_eq!(spilled.totals().unwrap(), kept.totals().unwrap());
        assert_eq!(spilled.rows(), kept.rows());
    }

    /// The `u32` path is taken exactly when `n` times the largest value
    /// fits, and at the bound itself sums without overflow (a debug build
    /// would panic) to what the `u64` path gives.
    #[test]
    fn the_narrow_bootstrap_holds_at_its_bound() {
        // Two columns at the same value: the bound is per column, not per
        // row.
        let table = |spurious: u64| {
            let mut t = CountTable::new();
            let a = t.column(Layer::Entities, "strict", MICRO);
            let b = t.column(Layer::Entities, "exact", MICRO);
            for d in ["a", "b", "c"] {
                let c = Counts {
                    spurious,
                    ..Counts::default()
                };
                t.push_cells(d, [(a, c), (b, c)], ValueStats::default());
            }
            t.seal().unwrap();
            t
        };
        let at = table(u64::from(u32::MAX) / 3);
        assert!(at.narrow().unwrap());
        assert!(!table(u64::from(u32::MAX) / 3 + 1).narrow().unwrap());
        let w: Vec<Vec<u32>> = vec![vec![3, 0, 0], vec![1, 1, 1], vec![0, 2, 1]];
        assert_eq!(
            at.batch_sums(&w, true).unwrap(),
            at.batch_sums(&w, false).unwrap()
        );
        for column in 0..2 {
            assert_eq!(
                at.batch_sums(&w, true).unwrap()[0][column].actual,
                u64::from(u32::MAX),
                "three draws of the largest value"
            );
        }
    }

    /// Unpacked rows sum as the packed ones do, under any weights.
    #[test]
    fn unpacked_rows_sum_as_the_table_does() {
        let mut t = CountTable::new();
        let a = t.column(Layer::Entities, "strict", MICRO);
        let p = t.column(Layer::Entities, "partial", MICRO);
        for i in 0..9u64 {
            let mut part = counts(i % 2, 1, i % 3);
            part.partial = i;
            t.push_cells(
                format!("d{i}"),
                [(a, counts(i, i % 4, 1)), (p, part)],
                ValueStats::default(),
            );
        }
        t.seal().unwrap();
        let u = t.unpacked().unwrap();
        for weights in [vec![1u64; 9], vec![0, 3, 0, 1, 0, 0, 2, 0, 5], vec![0; 9]] {
            let w: Vec<(usize, u64)> = weights.iter().copied().enumerate().collect();
            assert_eq!(
                u.weighted_sums(w.iter().copied()).sums,
                reference_sums(&t, &w).sums
            );
        }
        // Every row once: the totals' sums.
        assert_eq!(
            u.weighted_sums((0..9).map(|d| (d, 1))).sums,
            t.total_sums().unwrap().sums
        );
        // A row past the end adds nothing, as in the table.
        assert_eq!(
            u.weighted_sums([(9, 1)]).sums,
            reference_sums(&t, &[(9, 1)]).sums
        );
        assert_ne!(
            u.weighted_sums([(1, 1)]).sums,
            u.weighted_sums([(2, 1)]).sums
        );
    }
}
