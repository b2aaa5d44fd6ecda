//! The counting end of a run: what is kept of each document once scored,
//! and the state the run's results are tabulated into, in document order.
//!
//! Scoring a document ([`score_stage`]) is a pure function run on any
//! thread; tabulating ([`Counting`]) is the one serial step, taken in
//! document order so that the table, the fingerprint and every list come
//! out the same whatever the scheduling.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};

use crate::corpus::Doc;
use crate::diagnostic::Report;
use crate::error::Error;
use crate::evaluate::{Answer, count_rejected};
use crate::listing;
use crate::score::table::{CountTable, SPILL_ABOVE};
use crate::score::{self, DocScore, Layer, Options};

use super::OnLines;

/// A document with its predictions, ready to be scored.
pub(super) struct Stage {
    pub doc: Doc,
    pub predicted: Answer,
}

/// One document once scored: what the run keeps of it in document order.
/// `doc` is kept only when its listing is handed on.
pub(super) struct Scored {
    id: String,
    doc: Option<Doc>,
    ds: DocScore,
    lines: Vec<listing::Line>,
    without_predictions: bool,
    rejected: usize,
    prediction_problems: Report,
}

/// What scoring needs of the run's settings, shared by every thread.
#[derive(Clone, Copy)]
pub(super) struct Scoring<'a> {
    pub options: &'a Options,
    pub layers: &'a [Layer],
    /// Whether each document's listing is made (for `--errors` or the
    /// breakdowns).
    pub listing: bool,
    /// Whether the listing is handed on with its document, which is then
    /// kept until tabulated.
    pub hand_on: bool,
}

/// Matches and counts one document. It is dropped here, on the thread that
/// scored it, unless its listing is handed on: freeing its records is a
/// good part of its cost.
pub(super) fn score_stage(st: Stage, s: Scoring<'_>) -> Scored {
    let mut ds = score::score_doc_layers(&st.doc, &st.predicted.records, s.options, s.layers);
    for r in &st.predicted.rejected {
        count_rejected(&mut ds, r.kind.as_deref(), s.layers);
    }
    let lines = if s.listing {
        let ex = score::explain_doc(&st.doc, &st.predicted.records, s.options);
        let mut lines = listing::lines(&st.doc, &st.predicted.records, &ex, &st.predicted.rejected);
        // Under --layers the listing, like the counts, has the scored
        // layers only.
        lines.retain(|l| s.layers.contains(&l.layer));
        lines
    } else {
        Vec::new()
    };
    let Stage { mut doc, predicted } = st;
    let (id, doc) = if s.hand_on {
        (doc.id.clone(), Some(doc))
    } else {
        (std::mem::take(&mut doc.id), None)
    };
    Scored {
        id,
        doc,
        ds,
        lines,
        without_predictions: predicted.records.is_empty(),
        rejected: predicted.rejected.len(),
        prediction_problems: predicted.problems,
    }
}

/// One document of a chunk read, and scored when it could be: its gold
/// problems, its share of the fingerprint, and its score (`None` when it
/// was not scored: outside the shard, unreadable, with gold errors, or
/// after a gold error was seen).
pub(super) struct Fused {
    pub gold_problems: Report,
    pub blob: Vec<u8>,
    pub scored: Option<Result<Scored, Error>>,
}

/// The run's results so far.
pub(super) struct Counting {
    /// The one table whose size is the corpus's: past a few thousand
    /// documents its rows go to a temporary file.
    pub table: CountTable,
    pub breakdown: listing::Breakdown,
    pub hasher: Sha256,
    pub without_predictions: Vec<String>,
    pub without_offsets: BTreeMap<String, u64>,
    pub approximated: u64,
    pub gold_errors: usize,
    pub rejected: usize,
    pub gold_problems: Report,
    pub prediction_problems: Report,
}

impl Counting {
    pub fn new(gold_problems: Report, prediction_problems: Report, rejected: usize) -> Counting {
        Counting {
            table: CountTable::spilling(SPILL_ABOVE),
            breakdown: listing::Breakdown::default(),
            hasher: Sha256::new(),
            without_predictions: Vec::new(),
            without_offsets: BTreeMap::new(),
            approximated: 0,
            gold_errors: gold_problems.errors(),
            rejected,
            gold_problems,
            prediction_problems,
        }
    }

    /// A gold document's share of the fingerprint and its error count.
    pub fn gold(&mut self, blob: &[u8], problems: &Report) {
        self.hasher.update(blob);
        self.gold_errors += problems.errors();
    }

    /// Counts one scored document.
    pub fn scored(&mut self, sc: Scored, on_lines: Option<&mut OnLines<'_>>) -> Result<(), Error> {
        for l in &sc.lines {
            self.breakdown.add(l);
        }
        if let (Some(f), Some(doc)) = (on_lines, &sc.doc) {
            f(doc, sc.lines)?;
        }
        for (l, n) in &sc.ds.without_offsets {
            *self
                .without_offsets
                .entry(l.as_str().to_owned())
                .or_default() += n;
        }
        self.approximated += sc.ds.approximated;
        self.rejected += sc.rejected;
        self.prediction_problems
            .diagnostics
            .extend(sc.prediction_problems.diagnostics);
        self.table.push(&sc.id, &sc.ds);
        if sc.without_predictions {
            self.without_predictions.push(sc.id);
        }
        Ok(())
    }

    /// Tabulates a chunk read and scored in one pass ([`Fused`]): the
    /// gold first, then, when no gold error has been seen so far, the
    /// scores. Once one has, `stop` tells the chunks still to come to score
    /// nothing more, and this chunk's scores (and prediction problems) are
    /// dropped unseen: the gold is read on to report every problem in it.
    pub fn take(
        &mut self,
        chunk: Vec<Result<Fused, Error>>,
        stop: &AtomicBool,
        mut on_lines: Option<&mut OnLines<'_>>,
    ) -> Result<(), Error> {
        let mut fused = Vec::with_capacity(chunk.len());
        for f in chunk {
            let f = f?;
            self.gold(&f.blob, &f.gold_problems);
            fused.push(f);
        }
        if self.gold_errors > 0 {
            stop.store(true, Ordering::Relaxed);
        }
        let mut scored = Vec::with_capacity(fused.len());
        for f in fused {
            self.gold_problems
                .diagnostics
                .extend(f.gold_problems.diagnostics);
            scored.extend(f.scored);
        }
        if self.gold_errors > 0 {
            return Ok(());
        }
        // A chunk that failed to extract is not tabulated at all: no
        // listing of it is handed on before the error.
        let scored = scored.into_iter().collect::<Result<Vec<Scored>, Error>>()?;
        for sc in scored {
            self.scored(sc, on_lines.as_deref_mut())?;
        }
        Ok(())
    }
}
