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
//! A full chunk never moves, so the table grows without copying more than
//! its first chunk, and sealing (column remap and id order) rewrites it
//! chunk by chunk, freeing
//! each chunk as soon as its rows are copied when the order does not change,
//! which is the order every run adds rows in.
//!
//! Packed, the rows still grow with the corpus (some 60 MB at 100,000
//! documents of every layer), and every reader of them scans in order. So a
//! table may keep only its first chunks in memory ([`Rows::spilling`]) and
//! write the rest, each once full, to an unlinked temporary file, reading a
//! chunk back when a scan reaches it: memory is then the budget, the chunk
//! being filled and 8 bytes a row for the index of where rows start (twice
//! that while sealing), not the corpus. Reading back can fail, so every
//! read returns an [`io::Result`], and a read that does not give back
//! whole rows, as many as the index says, is an error too (the table has
//! no checksum: a count changed in place would go unseen). A failed write
//! loses nothing: that chunk, and every later one, stays in memory.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use integer_encoding::VarInt;

use super::{Counts, ValueStats};

/// The size a chunk is filled to; a row longer than this gets a chunk of
/// its own.
const CHUNK: usize = 1 << 20;

/// The memory a scoring run's table keeps before it spills
/// ([`Rows::spilling`]): four mebibytes hold some 7,000 documents of every
/// layer, so a run of a few thousand documents never touches the disk,
/// while the table of a 100,000-document run keeps 4 MiB (and 0.8 MB of
/// row index) in memory instead of 60.
pub const SPILL_ABOVE: usize = 4 << 20;

/// Rows, in the order pushed.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    chunks: Vec<Chunk>,
    /// Where each row starts: its chunk and the offset within it.
    at: Vec<(u32, u32)>,
    spill: Option<Spill>,
    /// The chunk size; 0 is [`CHUNK`] (tests make it small, to spill a
    /// few rows).
    chunk: usize,
    /// The last row's document id, and whether some row's id was below the
    /// one before it: kept as rows come, so that sealing knows the order
    /// without reading every chunk back first.
    last: String,
    out_of_order: bool,
}

/// A chunk of rows, in memory or written out.
#[derive(Debug, Clone)]
enum Chunk {
    Mem(Vec<u8>),
    Disk { at: u64, len: usize },
}

impl Chunk {
    fn len(&self) -> usize {
        match self {
            Chunk::Mem(b) => b.len(),
            Chunk::Disk { len, .. } => *len,
        }
    }
}

/// Where a spilling table's chunks go.
#[derive(Debug, Clone)]
struct Spill {
    /// Bytes of full chunks kept in memory before the next goes to disk.
    budget: usize,
    /// Bytes of full chunks in memory now.
    held: usize,
    /// The file, made on first need. Written chunks never change, so a
    /// clone of the table shares it; each write goes to its end.
    file: Option<Arc<Mutex<File>>>,
    /// A write failed: chunks stay in memory from then on.
    failed: bool,
}

impl Spill {
    fn new(budget: usize) -> Spill {
        Spill {
            budget,
            held: 0,
            file: None,
            failed: false,
        }
    }

    /// Writes `bytes` at the end of the file, returning where.
    fn write(&mut self, bytes: &[u8]) -> io::Result<u64> {
        let file = match &self.file {
            Some(f) => f,
            None => self
                .file
                .insert(Arc::new(Mutex::new(tempfile::tempfile()?))),
        };
        let mut f = file.lock().map_err(|_| poisoned())?;
        let at = f.seek(SeekFrom::End(0))?;
        f.write_all(bytes)?;
        Ok(at)
    }

    /// `len` bytes at `at`; an error says it was the table being read back,
    /// whatever the caller was writing at the time.
    fn read(&self, at: u64, len: usize) -> io::Result<Vec<u8>> {
        self.read_raw(at, len).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("reading the count table back from its temporary file: {e}"),
            )
        })
    }

    fn read_raw(&self, at: u64, len: usize) -> io::Result<Vec<u8>> {
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| invalid("a spilled chunk without its file"))?;
        let mut f = file.lock().map_err(|_| poisoned())?;
        f.seek(SeekFrom::Start(at))?;
        let mut buf = SPARE.with(|s| std::mem::take(&mut *s.borrow_mut()));
        buf.clear();
        buf.resize(len, 0);
        f.read_exact(&mut buf)?;
        Ok(buf)
    }
}

thread_local! {
    /// The buffer of the last block read back on this thread and dropped,
    /// for the next read: the bootstrap reads every spilled span once per
    /// batch of resamples, and a fresh buffer of a few hundred kilobytes
    /// each time is a fresh mapping and its page faults under an allocator
    /// that maps large blocks (glibc with fixed thresholds). One per thread, at
    /// most a chunk (about a mebibyte) past one row.
    static SPARE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Keeps the larger of the thread's spare buffer and `buf`.
fn give_back(buf: Vec<u8>) {
    // A thread being torn down has no spare to keep.
    let _ = SPARE.try_with(|s| {
        let mut s = s.borrow_mut();
        if buf.capacity() > s.capacity() {
            *s = buf;
        }
    });
}

fn poisoned() -> io::Error {
    io::Error::other("the count table's spill file was left locked by a panic")
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the count table is damaged: {what}"),
    )
}

/// A chunk's rows as read: borrowed from memory, or read back from disk.
pub struct Block<'a> {
    bytes: Cow<'a, [u8]>,
    /// Index of the chunk's first row.
    first: usize,
}

impl Drop for Block<'_> {
    fn drop(&mut self) {
        if let Cow::Owned(buf) = std::mem::replace(&mut self.bytes, Cow::Borrowed(&[])) {
            give_back(buf);
        }
    }
}

impl Block<'_> {
    /// The chunk's rows with their indices, in order.
    pub fn rows(&self) -> BlockRows<'_> {
        BlockRows {
            rest: &self.bytes,
            next: self.first,
        }
    }

    /// The row that starts `at` bytes into the block, and its length in
    /// bytes (so the next one starts at `at` plus it); `None` past the
    /// last. For a reader that keeps a block and its place in it.
    pub fn row_at(&self, at: usize) -> Option<(Row<'_>, usize)> {
        decode(self.bytes.get(at..)?)
    }
}

/// The rows of a [`Block`].
pub struct BlockRows<'a> {
    rest: &'a [u8],
    next: usize,
}

impl<'a> Iterator for BlockRows<'a> {
    type Item = (usize, Row<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        // Rows were written back to back by [`Rows::push`]; bytes that do
        // not decode cannot occur, and would end the block.
        let (row, n) = decode(self.rest)?;
        self.rest = &self.rest[n..];
        self.next += 1;
        Some((self.next - 1, row))
    }
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
    /// No rows, all kept in memory.
    pub fn new() -> Rows {
        Rows::default()
    }

    /// No rows; past `budget` bytes of full chunks in memory, each further
    /// chunk is written to an unlinked temporary file once full.
    pub fn spilling(budget: usize) -> Rows {
        Rows {
            spill: Some(Spill::new(budget)),
            ..Rows::default()
        }
    }

    /// [`Rows::spilling`] with chunks of `chunk` bytes: a few rows then
    /// make several chunks, and a test of any reader can spill.
    #[cfg(test)]
    pub(crate) fn spilling_in_chunks(budget: usize, chunk: usize) -> Rows {
        Rows {
            chunk,
            ..Rows::spilling(budget)
        }
    }

    fn chunk_size(&self) -> usize {
        if self.chunk == 0 { CHUNK } else { self.chunk }
    }

    /// Empty, spilling as `self` does (to a file of its own).
    fn like(&self) -> Rows {
        Rows {
            spill: self.spill.as_ref().map(|s| Spill::new(s.budget)),
            chunk: self.chunk,
            ..Rows::default()
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// How many chunks were written to disk (what tests of spilling check).
    pub fn spilled(&self) -> usize {
        self.chunks
            .iter()
            .filter(|c| matches!(c, Chunk::Disk { .. }))
            .count()
    }

    /// Adds a row of `cells`, in column order. Every caller sorts them; a
    /// column may come twice (a corpus label spelled like the overall
    /// column shares it), and reads back twice, as it was given.
    pub fn push(&mut self, doc: &str, cells: &[(u32, Counts)], values: ValueStats) {
        debug_assert!(cells.windows(2).all(|w| w[0].0 <= w[1].0));
        self.out_of_order |= doc < self.last.as_str();
        self.last.clear();
        self.last.push_str(doc);
        let stats = value_stats(&values);
        let cells_len: usize = cells_values(cells).map(|v| v.required_space()).sum();
        let size = (doc.len() as u64).required_space()
            + doc.len()
            + stats.iter().map(|v| v.required_space()).sum::<usize>()
            + (cells_len as u64).required_space()
            + cells_len;
        let chunk_size = self.chunk_size();
        let fits = match self.chunks.last() {
            Some(Chunk::Mem(c)) => c.is_empty() || c.len() + size <= chunk_size,
            _ => false,
        };
        if !fits {
            self.retire_last();
            // The first chunk starts small, so a table of a few rows (a
            // test, a comparison's alignment) stays small.
            let first = if self.chunks.is_empty() {
                4096.min(chunk_size)
            } else {
                chunk_size
            };
            self.chunks
                .push(Chunk::Mem(Vec::with_capacity(size.max(first))));
        }
        let k = self.chunks.len() - 1;
        let Some(Chunk::Mem(chunk)) = self.chunks.last_mut() else {
            unreachable!("a chunk in memory was just made or found");
        };
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

    /// The last chunk is full: past the budget, it goes to disk.
    fn retire_last(&mut self) {
        let Some(spill) = self.spill.as_mut() else {
            return;
        };
        let Some(last) = self.chunks.last_mut() else {
            return;
        };
        let Chunk::Mem(bytes) = last else {
            return;
        };
        if spill.failed {
            return;
        }
        if spill.held + bytes.len() <= spill.budget {
            spill.held += bytes.len();
            return;
        }
        match spill.write(bytes) {
            Ok(at) => {
                *last = Chunk::Disk {
                    at,
                    len: bytes.len(),
                }
            }
            // Nothing is lost: the chunk stays, and so will the rest.
            Err(_) => spill.failed = true,
        }
    }

    /// Chunk `k`'s rows, read back if on disk.
    pub fn block(&self, k: usize) -> io::Result<Block<'_>> {
        let first = self.at.partition_point(|&(c, _)| (c as usize) < k);
        let end = self.at.partition_point(|&(c, _)| (c as usize) <= k);
        let bytes = match self.chunks.get(k) {
            Some(Chunk::Mem(b)) => Cow::Borrowed(b.as_slice()),
            Some(Chunk::Disk { at, len }) => Cow::Owned(self.read(*at, *len)?),
            None => Cow::Borrowed(&[][..]),
        };
        whole_rows(&bytes, end - first)?;
        Ok(Block { bytes, first })
    }

    /// Every chunk's rows, in order.
    pub fn blocks(&self) -> impl Iterator<Item = io::Result<Block<'_>>> + '_ {
        (0..self.chunks.len()).map(|k| self.block(k))
    }

    /// The rows split into ranges of at most `most` rows, none across two
    /// chunks: the units of parallel work, each read back alone
    /// ([`Rows::span`]), so that a table of one chunk still splits.
    pub fn spans(&self, most: usize) -> Vec<Range<usize>> {
        let most = most.max(1);
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=self.len() {
            if i == self.len() || i - start == most || self.at[i].0 != self.at[start].0 {
                out.push(start..i);
                start = i;
            }
        }
        out
    }

    /// The end of the rows in row `i`'s chunk: the most, from `i`, that
    /// one [`Rows::span`] reads.
    pub fn chunk_end(&self, i: usize) -> usize {
        match self.at.get(i) {
            Some(&(k, _)) => self.at.partition_point(|&(c, _)| c <= k),
            None => i,
        }
    }

    /// The rows `rows`, all in one chunk (as [`Rows::spans`] makes them),
    /// reading only their bytes back if the chunk is on disk.
    pub fn span(&self, rows: Range<usize>) -> io::Result<Block<'_>> {
        let first = rows.start;
        if rows.is_empty() {
            return Ok(Block {
                bytes: Cow::Borrowed(&[][..]),
                first,
            });
        }
        let (Some(&(k, from)), Some(&(last, _))) = (self.at.get(first), self.at.get(rows.end - 1))
        else {
            return Err(invalid("rows past the end"));
        };
        if k != last {
            return Err(invalid("a span across chunks"));
        }
        let chunk = self
            .chunks
            .get(k as usize)
            .ok_or_else(|| invalid("a row past its chunks"))?;
        let to = match self.at.get(rows.end) {
            Some(&(next, off)) if next == k => off as usize,
            _ => chunk.len(),
        };
        let from = from as usize;
        if to < from {
            return Err(invalid("a row that ends before it starts"));
        }
        let bytes = match chunk {
            Chunk::Mem(b) => Cow::Borrowed(
                b.get(from..to)
                    .ok_or_else(|| invalid("a row past its chunk"))?,
            ),
            Chunk::Disk { at, .. } => Cow::Owned(self.read(at + from as u64, to - from)?),
        };
        whole_rows(&bytes, rows.len())?;
        Ok(Block { bytes, first })
    }

    fn read(&self, at: u64, len: usize) -> io::Result<Vec<u8>> {
        match &self.spill {
            Some(s) => s.read(at, len),
            None => Err(invalid("a spilled chunk in a table that does not spill")),
        }
    }

    /// `f` of the row at `i` (`None` past the end), reading only that row
    /// back if it is on disk.
    pub fn with_row<R>(&self, i: usize, f: impl FnOnce(Row<'_>) -> R) -> io::Result<Option<R>> {
        if i >= self.len() {
            return Ok(None);
        }
        let block = self.span(i..i + 1)?;
        let (row, _) = decode(&block.bytes).ok_or_else(|| invalid("a row that does not decode"))?;
        Ok(Some(f(row)))
    }

    /// The rows in document-id order (stable: rows of one id keep their
    /// order), each row's columns renumbered by `remap` and re-sorted.
    pub fn sealed(mut self, remap: &[u32]) -> io::Result<Rows> {
        let mut cells: Vec<(u32, Counts)> = Vec::new();
        let mut out = self.like();
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
        let mut ids: Vec<String> = Vec::new();
        if !self.out_of_order {
            // Chunk by chunk, each dropped once copied: the table is never
            // held twice.
            for k in 0..self.chunks.len() {
                let block = self.block(k)?;
                for (_, row) in block.rows() {
                    copy(row, &mut out);
                }
                drop(block);
                self.chunks[k] = Chunk::Mem(Vec::new());
            }
        } else {
            for block in self.blocks() {
                ids.extend(block?.rows().map(|(_, r)| r.doc.to_owned()));
            }
            let mut order: Vec<usize> = (0..ids.len()).collect();
            order.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
            drop(ids);
            for i in order {
                self.with_row(i, |row| copy(row, &mut out))?;
            }
        }
        Ok(out)
    }
}

/// Whether `bytes` are exactly `rows` whole rows: what a block is checked
/// for when read, so that bytes which do not parse end in an error rather
/// than a block that stops early. Only the rows' heads are read.
fn whole_rows(bytes: &[u8], rows: usize) -> io::Result<()> {
    let mut rest = bytes;
    for _ in 0..rows {
        let (_, n) = decode(rest).ok_or_else(|| invalid("a row that does not decode"))?;
        rest = &rest[n..];
    }
    if rest.is_empty() {
        Ok(())
    } else {
        Err(invalid("bytes past a chunk's last row"))
    }
}

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
/// fall into chunks or onto disk. A table that cannot be read back equals
/// nothing.
impl PartialEq for Rows {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && (0..self.len()).all(|i| {
                let a = self.with_row(i, |r| (r.doc.to_owned(), r.values, r.cells.to_vec()));
                let b = other.with_row(i, |r| (r.doc.to_owned(), r.values, r.cells.to_vec()));
                matches!((a, b), (Ok(Some(a)), Ok(Some(b))) if a == b)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Owned = (String, ValueStats, Vec<(u32, Counts)>);

    use crate::score::counts::tests::counts;

    /// Every row, read block by block.
    fn all(rows: &Rows) -> Vec<Owned> {
        let mut v = Vec::new();
        for block in rows.blocks() {
            let block = block.unwrap();
            for (i, r) in block.rows() {
                assert_eq!(i, v.len(), "rows are numbered in order");
                v.push((r.doc.to_owned(), r.values, r.cells().collect()));
            }
        }
        assert_eq!(v.len(), rows.len());
        v
    }

    /// Row `i`, read alone.
    fn one(rows: &Rows, i: usize) -> Option<Owned> {
        rows.with_row(i, |r| (r.doc.to_owned(), r.values, r.cells().collect()))
            .unwrap()
    }

    /// Packed cells read back exactly, whatever their size.
    #[test]
    fn rows_unpack_what_was_packed() {
        let cells = vec![
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
        let expect = vec![
            ("d".to_owned(), values, cells.clone()),
            (String::new(), ValueStats::default(), Vec::new()),
            (
                "مستند".to_owned(),
                ValueStats::default(),
                cells[1..3].to_vec(),
            ),
        ];
        assert_eq!(all(&rows), expect);
        for (i, e) in expect.iter().enumerate() {
            assert_eq!(one(&rows, i).as_ref(), Some(e));
        }
        assert_eq!(one(&rows, 3), None);
    }

    /// Many rows of varied size, one of them longer than a chunk.
    fn varied(rows: &mut Rows) -> Vec<Owned> {
        let long = "x".repeat(CHUNK + 10);
        let mut expect = Vec::new();
        for i in 0..40_000u64 {
            let id = if i == 20_000 {
                long.clone()
            } else {
                format!("doc-{i:06}")
            };
            let cells: Vec<(u32, Counts)> = (0..(i % 7) as u32)
                .map(|c| (c * 3, counts(i, c.into(), 1)))
                .collect();
            let values = ValueStats {
                matched: i % 3,
                ..ValueStats::default()
            };
            rows.push(&id, &cells, values);
            expect.push((id, values, cells));
        }
        expect
    }

    /// Rows go into new chunks past the chunk size, a row longer than a
    /// chunk gets one of its own, and every row reads back wherever it fell.
    #[test]
    fn rows_cross_chunks_and_read_back() {
        let mut rows = Rows::new();
        let expect = varied(&mut rows);
        assert!(rows.chunks.len() > 2, "{} chunks", rows.chunks.len());
        let sizes: Vec<usize> = rows.chunks.iter().map(Chunk::len).collect();
        assert_eq!(
            sizes.iter().filter(|&&n| n > CHUNK).count(),
            1,
            "only the long row's chunk is past the size: {sizes:?}"
        );
        assert_eq!(rows.spilled(), 0);
        assert_eq!(all(&rows), expect);
        for i in [0, 1, 19_999, 20_000, 20_001, 39_999] {
            assert_eq!(one(&rows, i).as_ref(), Some(&expect[i]));
        }
    }

    /// Past its budget a table writes full chunks to disk and reads them
    /// back the same, whole or row by row; clones share the written chunks
    /// and go on apart; sealing a spilled table spills too.
    #[test]
    fn spilled_rows_read_back_as_kept_ones() {
        let mut kept = Rows::new();
        let expect = varied(&mut kept);
        let small = 4096;
        let mut rows = Rows::spilling_in_chunks(2 * small, small);
        assert_eq!(varied(&mut rows), expect);
        let chunks = rows.chunks.len();
        assert!(
            rows.spilled() >= chunks - 4,
            "{} of {chunks} spilled",
            rows.spilled()
        );
        let in_memory: usize = rows
            .chunks
            .iter()
            .filter_map(|c| match c {
                Chunk::Mem(b) => Some(b.len()),
                Chunk::Disk { .. } => None,
            })
            .sum();
        assert!(in_memory <= 3 * small, "{in_memory} bytes kept");
        // The first chunks, up to the budget, stay in memory.
        assert!(matches!(rows.chunks[0], Chunk::Mem(_)));
        assert!(in_memory >= small, "{in_memory} bytes kept");
        assert_eq!(all(&rows), expect);
        assert_eq!(rows, kept);
        for i in [0, 7_000, 19_999, 20_000, 20_001, 39_999] {
            assert_eq!(one(&rows, i).as_ref(), Some(&expect[i]));
        }
        let mut copy = rows.clone();
        copy.push("zz", &[], ValueStats::default());
        rows.push("yy", &[(1, counts(1, 1, 1))], ValueStats::default());
        assert_eq!(one(&copy, 40_000).unwrap().0, "zz");
        assert_eq!(one(&rows, 40_000).unwrap().0, "yy");
        assert_eq!(all(&rows)[..40_000], expect[..]);

        let sealed = rows.sealed(&[0, 1]).unwrap();
        assert!(sealed.spilled() > 0);
        let mut sorted = all(&copy);
        sorted.pop();
        sorted.push((
            "yy".into(),
            ValueStats::default(),
            vec![(1, counts(1, 1, 1))],
        ));
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(all(&sealed), sorted);
    }

    /// Spans cover every row once, in order, at most `most` rows each and
    /// never across a chunk; each reads back its own rows, kept or spilled;
    /// a span across chunks is an error, an empty one no rows.
    #[test]
    fn spans_cover_the_rows_and_read_back() {
        let small = 4096;
        for mut rows in [Rows::new(), Rows::spilling_in_chunks(small, small)] {
            let expect = varied(&mut rows);
            for most in [1, 7, 512, 100_000] {
                let spans = rows.spans(most);
                let mut next = 0;
                let mut got: Vec<Owned> = Vec::new();
                for s in &spans {
                    assert_eq!(s.start, next);
                    assert!(!s.is_empty() && s.len() <= most, "{s:?}");
                    assert_eq!(rows.at[s.start].0, rows.at[s.end - 1].0, "one chunk");
                    next = s.end;
                    for (i, r) in rows.span(s.clone()).unwrap().rows() {
                        assert_eq!(i, got.len());
                        got.push((r.doc.to_owned(), r.values, r.cells().collect()));
                    }
                }
                assert_eq!(next, rows.len());
                assert_eq!(got, expect, "spans of {most}");
            }
            let across = (0..rows.len() - 1)
                .find(|&i| rows.at[i].0 != rows.at[i + 1].0)
                .unwrap();
            assert!(rows.span(across..across + 2).is_err());
            assert!(rows.span(5..5).unwrap().rows().next().is_none());
            assert!(rows.span(rows.len()..rows.len() + 1).is_err());
        }
    }

    /// A spill file that refuses writes loses nothing: every chunk stays in
    /// memory, and no write is tried again.
    #[test]
    fn a_failed_spill_keeps_the_rows_in_memory() {
        let mut kept = Rows::new();
        let expect = varied(&mut kept);
        let mut rows = Rows::spilling_in_chunks(0, 4096);
        // Opened for reading only: every write fails.
        let named = tempfile::NamedTempFile::new().unwrap();
        let read_only = File::open(named.path()).unwrap();
        if let Some(s) = rows.spill.as_mut() {
            s.file = Some(Arc::new(Mutex::new(read_only)));
        }
        assert_eq!(varied(&mut rows), expect);
        assert!(rows.spill.as_ref().is_some_and(|s| s.failed));
        assert_eq!(rows.spilled(), 0);
        assert!(rows.chunks.len() > 10);
        assert_eq!(all(&rows), expect);
        assert_eq!(rows, kept);
    }

    /// Bytes that are not whole rows, as many as the index says, are an
    /// error on every read, never a block that stops early.
    #[test]
    fn damaged_rows_are_errors_not_fewer_rows() {
        let mut rows = Rows::new();
        for i in 0..10u64 {
            rows.push(
                &format!("d{i}"),
                &[(0, counts(i, 0, 1))],
                ValueStats::default(),
            );
        }
        let damaged = |f: fn(&mut Vec<u8>)| {
            let mut r = rows.clone();
            if let Chunk::Mem(b) = &mut r.chunks[0] {
                f(b);
            }
            r
        };
        let cut = damaged(|b| {
            b.pop();
        });
        let extra = damaged(|b| b.push(0));
        // The first id's length now runs past the chunk.
        let garbled = damaged(|b| b[0] = 0x7f);
        for r in [&cut, &extra, &garbled] {
            assert!(r.block(0).is_err());
            assert!(r.blocks().any(|b| b.is_err()));
            assert!(r.span(0..10).is_err());
        }
        assert!(cut.with_row(9, |_| ()).is_err());
        assert!(extra.with_row(9, |_| ()).is_err());
        assert!(garbled.with_row(0, |_| ()).is_err());
        assert!(rows.block(0).is_ok() && rows.span(0..10).is_ok());
    }

    /// Sealing orders rows by id (stably) and renumbers columns, whether the
    /// rows came in order (the chunk-by-chunk path) or not (however late
    /// the first row below its predecessor), in memory or spilled.
    #[test]
    fn sealing_orders_by_id_and_renumbers_columns() {
        let remap = [2u32, 0, 1];
        for spill in [false, true] {
            for ids in [
                ["a", "b", "b", "c"],
                ["c", "b", "a", "b"],
                // Out of order only at the last row.
                ["a", "c", "d", "b"],
            ] {
                let mut rows = if spill {
                    Rows::spilling(0)
                } else {
                    Rows::new()
                };
                for (n, id) in ids.iter().enumerate() {
                    let n = n as u64;
                    // A long id: a chunk per row, so a spilling table
                    // writes all but the last.
                    let id = format!("{id}{}", " ".repeat(CHUNK));
                    rows.push(
                        &id,
                        &[
                            (0, counts(n, 0, 0)),
                            (1, counts(0, n, 0)),
                            (2, counts(0, 0, n + 1)),
                        ],
                        ValueStats::default(),
                    );
                }
                assert_eq!(rows.spilled(), if spill { 3 } else { 0 });
                let before = rows.clone();
                let sealed = rows.sealed(&remap).unwrap();
                let mut expect: Vec<(usize, &str)> = ids.iter().copied().enumerate().collect();
                expect.sort_by_key(|&(_, id)| id);
                let got = all(&sealed);
                assert_eq!(got.len(), 4);
                for (r, (n, id)) in got.iter().zip(expect) {
                    assert_eq!(r.0.trim_end(), id);
                    let n = n as u64;
                    assert_eq!(
                        r.2,
                        [
                            (0, counts(0, n, 0)),
                            (1, counts(0, 0, n + 1)),
                            (2, counts(n, 0, 0))
                        ],
                        "cells follow their columns to their new numbers, in order"
                    );
                }
                assert_eq!(
                    sealed.clone().sealed(&[0, 1, 2]).unwrap(),
                    sealed,
                    "sealing again changes nothing"
                );
                assert_ne!(sealed, before);
            }
        }
    }
}
