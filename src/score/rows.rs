//! A count table's rows, packed back to back in large chunks.
//!
//! Rows are the count table's whole memory at scale: a 100,000-document run
//! of every layer has some twenty million cells. Packing the cells
//! (variable-length integers, zeros left out) brings a cell to about 3
//! bytes; this module also takes away what a row cost around its cells when
//! each row was its own value — a `String` id and a boxed slice (two heap
//! blocks, each with the allocator's header and rounding), four `u64`
//! value statistics, and a `Vec` of rows copied whole at every doubling.
//! Here a row is one run of bytes (its id, its value statistics and its
//! cells) in a chunk of about a mebibyte, found by its chunk and offset.
//! Chunks never move once written, so the table grows without copying, and
//! sealing (column remap and id order) rewrites it chunk by chunk, freeing
//! each chunk as soon as its rows are copied when the order does not change,
//! which is the order every run adds rows in.

use integer_encoding::VarInt;

use super::{Counts, ValueStats};

/// The size a chunk is filled to; a row longer than this gets a chunk of
/// its own.
const CHUNK: usize = 1 << 20;

/// Rows, in the order pushed.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    chunks: Vec<Vec<u8>>,
    /// Where each row starts: its chunk and the offset within it.
    at: Vec<(u32, u32)>,
}

/// One document's row, borrowed from [`Rows`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Casualty value statistics.
    pub values: ValueStats,
    /// Non-empty cells by column index, packed as LEB128 varints: per
    /// cell, the column's distance from the previous cell's column shifted
    /// left five bits, its low five bits saying which of correct,
    /// incorrect, partial, missed and spurious are not zero; then those
    /// counts, in that order. Most cells have two or three non-zero counts
    /// and are one column from the last, so a cell takes about 3 bytes.
    cells: &'a [u8],
}

impl<'a> Row<'a> {
    /// The non-empty cells, `(column index, counts)`, by column index.
    pub fn cells(&self) -> Cells<'a> {
        Cells {
            rest: self.cells,
            col: 0,
        }
    }
}

/// The cells of a [`Row`], unpacked one by one.
pub struct Cells<'a> {
    rest: &'a [u8],
    col: u32,
}

impl Iterator for Cells<'_> {
    type Item = (u32, Counts);

    fn next(&mut self) -> Option<(u32, Counts)> {
        if self.rest.is_empty() {
            return None;
        }
        // [`Rows::push`] wrote every value, so a value that does not decode
        // cannot occur; it would end the row rather than misread it.
        let head = take(&mut self.rest)?;
        let step = u32::try_from(head >> 5).ok()?;
        self.col = self.col.checked_add(step)?;
        let mut counts = [0u64; 5];
        for (k, v) in counts.iter_mut().enumerate() {
            if head & 1 << k != 0 {
                *v = take(&mut self.rest)?;
            }
        }
        let [correct, incorrect, partial, missed, spurious] = counts;
        let c = Counts {
            correct,
            incorrect,
            partial,
            missed,
            spurious,
        };
        Some((self.col, c))
    }
}

/// Reads one varint off the front of `bytes`.
fn take(bytes: &mut &[u8]) -> Option<u64> {
    let (v, n) = u64::decode_var(bytes)?;
    *bytes = &bytes[n..];
    Some(v)
}

/// The varints of one cell: its head, then its non-zero counts.
fn cell_values(step: u32, c: &Counts) -> impl Iterator<Item = u64> {
    let counts = [c.correct, c.incorrect, c.partial, c.missed, c.spurious];
    let mask = counts
        .iter()
        .enumerate()
        .filter(|(_, v)| **v != 0)
        .fold(0u64, |m, (k, _)| m | 1 << k);
    // A u32 step shifted by five bits fits a u64.
    std::iter::once(u64::from(step) << 5 | mask).chain(counts.into_iter().filter(|v| *v != 0))
}

/// The varints of a cell list, each cell's column as its distance from the
/// last. Sorted, so a step is never negative; were it ever, the row would
/// end there when read rather than wrap to a wrong column.
fn cells_values(cells: &[(u32, Counts)]) -> impl Iterator<Item = u64> + '_ {
    let mut prev = 0u32;
    cells.iter().flat_map(move |(i, c)| {
        let step = i.wrapping_sub(prev);
        prev = *i;
        cell_values(step, c)
    })
}

fn value_stats(v: &ValueStats) -> [u64; 4] {
    [v.matched, v.exact, v.with_values, v.abs_error_sum]
}

impl Rows {
    /// No rows.
    pub fn new() -> Rows {
        Rows::default()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// Adds a row of `cells`, in column order. Every caller sorts them; a
    /// column may come twice (a corpus label spelled like the overall
    /// column shares it), and reads back twice, as it was given.
    pub fn push(&mut self, doc: &str, cells: &[(u32, Counts)], values: ValueStats) {
        debug_assert!(cells.windows(2).all(|w| w[0].0 <= w[1].0));
        let stats = value_stats(&values);
        let cells_len: usize = cells_values(cells).map(|v| v.required_space()).sum();
        let size = (doc.len() as u64).required_space()
            + doc.len()
            + stats.iter().map(|v| v.required_space()).sum::<usize>()
            + (cells_len as u64).required_space()
            + cells_len;
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.is_empty() || c.len() + size <= CHUNK);
        if !fits {
            // The first chunk starts small, so a table of a few rows (a
            // test, a comparison's alignment) stays small.
            let first = if self.chunks.is_empty() { 4096 } else { CHUNK };
            self.chunks.push(Vec::with_capacity(size.max(first)));
        }
        let k = self.chunks.len() - 1;
        let chunk = &mut self.chunks[k];
        // Chunks are at most a mebibyte past one row, and there are far
        // fewer than 2^32 of them.
        self.at.push((k as u32, chunk.len() as u32));
        let mut buf = [0u8; 10];
        let mut put = |v: u64, chunk: &mut Vec<u8>| {
            let n = v.encode_var(&mut buf);
            chunk.extend_from_slice(&buf[..n]);
        };
        put(doc.len() as u64, chunk);
        chunk.extend_from_slice(doc.as_bytes());
        for v in stats {
            put(v, chunk);
        }
        put(cells_len as u64, chunk);
        for v in cells_values(cells) {
            put(v, chunk);
        }
    }

    /// The row at `i`; `None` past the end.
    pub fn get(&self, i: usize) -> Option<Row<'_>> {
        let &(k, off) = self.at.get(i)?;
        let chunk = self.chunks.get(k as usize)?;
        decode(chunk.get(off as usize..)?).map(|(row, _)| row)
    }

    /// The rows in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Row<'_>> + '_ {
        // Every row decodes (push wrote it); the empty row stands in for
        // one that could not, so positions never shift.
        (0..self.len()).map(|i| self.get(i).unwrap_or(EMPTY))
    }

    /// The rows in document-id order (stable: rows of one id keep their
    /// order), each row's columns renumbered by `remap` and re-sorted.
    pub fn sealed(mut self, remap: &[u32]) -> Rows {
        let mut cells: Vec<(u32, Counts)> = Vec::new();
        let mut out = Rows::new();
        out.at.reserve_exact(self.len());
        let mut copy = |row: Row<'_>, out: &mut Rows| {
            cells.clear();
            cells.extend(
                row.cells()
                    .map(|(i, c)| (remap.get(i as usize).copied().unwrap_or(i), c)),
            );
            cells.sort_unstable_by_key(|c| c.0);
            out.push(row.doc, &cells, row.values);
        };
        let in_order = self
            .iter()
            .zip(self.iter().skip(1))
            .all(|(a, b)| a.doc <= b.doc);
        if in_order {
            // Chunk by chunk, each freed once copied: the table is never
            // held twice.
            for chunk in &mut self.chunks {
                let chunk = std::mem::take(chunk);
                let mut rest = chunk.as_slice();
                while let Some((row, n)) = decode(rest) {
                    copy(row, &mut out);
                    rest = &rest[n..];
                }
            }
        } else {
            let mut order: Vec<usize> = (0..self.len()).collect();
            order.sort_by(|&a, &b| {
                let doc = |i| self.get(i).map_or("", |r: Row<'_>| r.doc);
                doc(a).cmp(doc(b))
            });
            for i in order {
                copy(self.get(i).unwrap_or(EMPTY), &mut out);
            }
        }
        out
    }
}

/// The row that stands in for one that does not decode (which cannot
/// occur: every row was written by [`Rows::push`]).
const EMPTY: Row<'static> = Row {
    doc: "",
    values: ValueStats {
        matched: 0,
        exact: 0,
        with_values: 0,
        abs_error_sum: 0,
    },
    cells: &[],
};

/// The row at the start of `bytes`, and how many bytes it took.
fn decode(bytes: &[u8]) -> Option<(Row<'_>, usize)> {
    let mut rest = bytes;
    let len = usize::try_from(take(&mut rest)?).ok()?;
    let doc = std::str::from_utf8(rest.get(..len)?).ok()?;
    rest = &rest[len..];
    let [matched, exact, with_values, abs_error_sum] = [
        take(&mut rest)?,
        take(&mut rest)?,
        take(&mut rest)?,
        take(&mut rest)?,
    ];
    let cells_len = usize::try_from(take(&mut rest)?).ok()?;
    let cells = rest.get(..cells_len)?;
    rest = &rest[cells_len..];
    let row = Row {
        doc,
        values: ValueStats {
            matched,
            exact,
            with_values,
            abs_error_sum,
        },
        cells,
    };
    Some((row, bytes.len() - rest.len()))
}

/// Equal when they hold the same rows in the same order, however the bytes
/// fall into chunks.
impl PartialEq for Rows {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
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

    /// Packed cells read back exactly, whatever their size.
    #[test]
    fn rows_unpack_what_was_packed() {
        let cells = [
            (0, counts(0, 0, 1)),
            (
                7,
                Counts {
                    correct: u64::MAX,
                    incorrect: 300,
                    partial: 127,
                    missed: 128,
                    spurious: 1 << 40,
                },
            ),
            // The same column again, with nothing counted: a head of zero.
            (7, Counts::default()),
            (
                9,
                Counts {
                    missed: 5,
                    ..Counts::default()
                },
            ),
            (
                10,
                Counts {
                    partial: 1,
                    spurious: 3,
                    ..Counts::default()
                },
            ),
            (u32::MAX, counts(2, 0, 0)),
        ];
        let values = ValueStats {
            matched: 3,
            exact: 0,
            with_values: 300,
            abs_error_sum: u64::MAX,
        };
        let mut rows = Rows::new();
        rows.push("d", &cells, values);
        rows.push("", &[], ValueStats::default());
        rows.push("مستند", &cells[1..3], ValueStats::default());
        assert_eq!(rows.len(), 3);
        let d = rows.get(0).unwrap();
        assert_eq!((d.doc, d.values), ("d", values));
        assert_eq!(d.cells().collect::<Vec<_>>(), cells);
        let e = rows.get(1).unwrap();
        assert_eq!((e.doc, e.cells().count()), ("", 0));
        assert_eq!(e.values, ValueStats::default());
        let f = rows.get(2).unwrap();
        assert_eq!(f.doc, "مستند");
        assert_eq!(f.cells().collect::<Vec<_>>(), cells[1..3]);
        assert!(rows.get(3).is_none());
        assert_eq!(
            rows.iter().map(|r| r.doc).collect::<Vec<_>>(),
            ["d", "", "مستند"]
        );
    }

    /// Rows spill into new chunks past the chunk size, a row longer than a
    /// chunk gets one of its own, and every row reads back wherever it fell.
    #[test]
    fn rows_cross_chunks_and_read_back() {
        let mut rows = Rows::new();
        let long = "x".repeat(CHUNK + 10);
        let mut ids = Vec::new();
        for i in 0..40_000u64 {
            let id = if i == 20_000 {
                long.clone()
            } else {
                format!("doc-{i:06}")
            };
            let cells: Vec<(u32, Counts)> = (0..(i % 7) as u32)
                .map(|c| (c * 3, counts(i, c.into(), 1)))
                .collect();
            rows.push(&id, &cells, ValueStats::default());
            ids.push((id, cells));
        }
        assert!(rows.chunks.len() > 2, "{} chunks", rows.chunks.len());
        assert!(rows.chunks.iter().any(|c| c.len() > CHUNK));
        assert!(
            rows.chunks
                .iter()
                .filter(|c| c.len() > CHUNK)
                .all(|c| c.len() < CHUNK + 100),
            "only the long row's chunk is past the size"
        );
        for (i, (id, cells)) in ids.iter().enumerate() {
            let r = rows.get(i).unwrap();
            assert_eq!(r.doc, id);
            assert_eq!(&r.cells().collect::<Vec<_>>(), cells);
        }
    }

    /// Sealing orders rows by id (stably) and renumbers columns, whether the
    /// rows came in order (the chunk-by-chunk path) or not.
    #[test]
    fn sealing_orders_by_id_and_renumbers_columns() {
        let remap = [2u32, 0, 1];
        for ids in [["a", "b", "b", "c"], ["c", "b", "a", "b"]] {
            let mut rows = Rows::new();
            for (n, id) in ids.iter().enumerate() {
                let n = n as u64;
                rows.push(
                    id,
                    &[
                        (0, counts(n, 0, 0)),
                        (1, counts(0, n, 0)),
                        (2, counts(0, 0, n + 1)),
                    ],
                    ValueStats::default(),
                );
            }
            let before = rows.clone();
            let sealed = rows.sealed(&remap);
            let mut expect: Vec<(usize, &str)> = ids.iter().copied().enumerate().collect();
            expect.sort_by_key(|&(_, id)| id);
            assert_eq!(sealed.len(), 4);
            for (r, (n, id)) in sealed.iter().zip(expect) {
                assert_eq!(r.doc, id);
                let n = n as u64;
                assert_eq!(
                    r.cells().collect::<Vec<_>>(),
                    [
                        (0, counts(0, n, 0)),
                        (1, counts(0, 0, n + 1)),
                        (2, counts(n, 0, 0))
                    ],
                    "cells follow their columns to their new numbers, in order"
                );
            }
            assert_eq!(
                sealed.clone().sealed(&[0, 1, 2]),
                sealed,
                "sealing again changes nothing"
            );
            assert_ne!(sealed, before);
        }
    }
}
