//! A report's per-document counts, kept compact.
//!
//! A report keeps every document's counts so that `gate`, `compare` and
//! `merge` can recompute anything from it. Spelled out as [`DocCounts`] —
//! a layer, two strings and five `u64` per cell — they cost about 96 bytes a
//! cell, where the count table they come from packs one in about 3, and a
//! 100,000-document run has some twenty million cells. So a fresh report keeps the sealed count
//! table's rows as they are and spells a document out only when someone
//! reads it; a report read back from JSON keeps what it read. Both
//! serialize to the same JSON, a list of [`DocCounts`]. A large run's table
//! keeps most rows in a temporary file ([`crate::score::rows`]), so reading
//! a document can fail: every read returns an [`io::Result`].

use std::borrow::Cow;
use std::io;

use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{CountRow, DocCounts};
use crate::score::Layer;
use crate::score::rows::{Block, Row};
use crate::score::table::Rows;

/// Every document's counts: in document-id order in a fresh report, in the
/// file's order in one read back.
#[derive(Debug, Clone, Default)]
pub struct Documents(Repr);

#[derive(Debug, Clone)]
enum Repr {
    /// Rows of a sealed count table, with its columns' names.
    Table {
        columns: Vec<ColumnName>,
        rows: Rows,
    },
    /// Spelled-out documents (read back from JSON, or edited).
    Spelled(Vec<DocCounts>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Spelled(Vec::new())
    }
}

/// A column's name as a report spells it: hudna's own scheme and label
/// names are borrowed, so spelling a document out allocates only for
/// labels a corpus brought along.
#[derive(Debug, Clone)]
pub(crate) struct ColumnName {
    pub layer: Layer,
    pub scheme: &'static str,
    pub label: Cow<'static, str>,
}

impl Documents {
    /// The rows of a sealed count table, whose columns are named by
    /// `columns` (one per table column, in table order).
    pub(crate) fn from_rows(columns: Vec<ColumnName>, rows: Rows) -> Documents {
        Documents(Repr::Table { columns, rows })
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Table { rows, .. } => rows.len(),
            Repr::Spelled(d) => d.len(),
        }
    }

    /// Whether there is no document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The documents in order, each spelled out as it is reached (borrowed
    /// when it already is).
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            docs: self,
            next: 0,
            block: None,
        }
    }

    /// Document ids, in order, without spelling out any counts.
    pub fn ids(&self) -> io::Result<Vec<Cow<'_, str>>> {
        match &self.0 {
            Repr::Spelled(d) => Ok(d.iter().map(|d| Cow::Borrowed(d.doc.as_str())).collect()),
            Repr::Table { rows, .. } => {
                let mut ids = Vec::with_capacity(rows.len());
                for block in rows.blocks() {
                    ids.extend(block?.rows().map(|(_, r)| Cow::Owned(r.doc.to_owned())));
                }
                Ok(ids)
            }
        }
    }

    /// Keeps the documents `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&DocCounts) -> bool) -> io::Result<()> {
        let mut all = self.to_vec()?;
        all.retain(|d| keep(d));
        self.0 = Repr::Spelled(all);
        Ok(())
    }

    /// Every document, spelled out.
    pub fn to_vec(&self) -> io::Result<Vec<DocCounts>> {
        self.iter().map(|d| d.map(Cow::into_owned)).collect()
    }
}

/// A table row spelled out with its columns' names.
fn spell(columns: &[ColumnName], r: Row<'_>) -> DocCounts {
    DocCounts {
        doc: r.doc.to_owned(),
        counts: r
            .cells()
            .map(|(c, counts)| {
                let col = &columns[c as usize];
                CountRow {
                    layer: col.layer,
                    scheme: Cow::Borrowed(col.scheme),
                    label: col.label.clone(),
                    counts,
                }
            })
            .collect(),
        values: r.values,
    }
}

/// The documents of a [`Documents`], in order.
pub struct Iter<'a> {
    docs: &'a Documents,
    next: usize,
    /// For a table: the rest of the chunk being read, as its bytes, where
    /// in them the next row starts, and the index of the chunk's end. A
    /// chunk is read once, not a row at a time: a spilled table's rows
    /// came back one read each, and every reader of a report (its text,
    /// its JSON, `gate`, `compare`) goes through here.
    block: Option<(Block<'a>, usize, usize)>,
}

impl<'a> Iter<'a> {
    /// The next row of a table, reading its chunk when the last one is
    /// used up. A chunk that cannot be read gives one error, and the next
    /// call tries the following row again, so there is still an item per
    /// document.
    fn next_row(&mut self, columns: &[ColumnName], rows: &'a Rows) -> io::Result<DocCounts> {
        if self.block.as_ref().is_none_or(|b| self.next >= b.2) {
            self.block = None;
            let end = rows.chunk_end(self.next);
            self.block = Some((rows.span(self.next..end)?, 0, end));
        }
        let Some((block, at, _)) = self.block.as_mut() else {
            unreachable!("a block was just read");
        };
        let (row, len) = block
            .row_at(*at)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "a row past its chunk"))?;
        *at += len;
        Ok(spell(columns, row))
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = io::Result<Cow<'a, DocCounts>>;

    fn next(&mut self) -> Option<Self::Item> {
        let d = match &self.docs.0 {
            Repr::Spelled(d) => Ok(Cow::Borrowed(d.get(self.next)?)),
            Repr::Table { columns, rows } => {
                if self.next >= rows.len() {
                    return None;
                }
                self.next_row(columns, rows).map(Cow::Owned)
            }
        };
        self.next += 1;
        Some(d)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.docs.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Documents {
    type Item = io::Result<Cow<'a, DocCounts>>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl From<Vec<DocCounts>> for Documents {
    fn from(d: Vec<DocCounts>) -> Self {
        Documents(Repr::Spelled(d))
    }
}

impl FromIterator<DocCounts> for Documents {
    fn from_iter<I: IntoIterator<Item = DocCounts>>(iter: I) -> Self {
        Documents(Repr::Spelled(iter.into_iter().collect()))
    }
}

/// Equal when the documents spell out the same, whichever way each side
/// keeps them; documents that cannot be read back equal nothing.
impl PartialEq for Documents {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|(a, b)| matches!((a, b), (Ok(a), Ok(b)) if a == b))
    }
}

impl Serialize for Documents {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for d in self {
            let d = d.map_err(serde::ser::Error::custom)?;
            seq.serialize_element(&*d)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Documents {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<DocCounts>::deserialize(d).map(Documents::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Gold;
    use crate::run::{Settings, Spec, score};

    /// A fresh report keeps the table's rows; read back, it keeps spelled
    /// documents. Both must be the same documents and the same JSON, or a
    /// report would change by being written and read.
    #[test]
    fn table_rows_and_spelled_documents_agree() {
        let out = score(Gold::Bundled, &Spec::Baseline, &Settings::default()).unwrap();
        let r = out.report.unwrap();
        assert!(matches!(r.documents.0, Repr::Table { .. }));
        assert_eq!(r.documents.len(), 5);
        let json = r.to_json().unwrap();
        let back: crate::report::ScoreReport = serde_json::from_str(&json).unwrap();
        assert!(matches!(back.documents.0, Repr::Spelled(_)));
        assert_eq!(back.to_json().unwrap(), json);
        assert_eq!(back, r);
        assert_eq!(
            back.documents.to_vec().unwrap(),
            r.documents.to_vec().unwrap()
        );
        let ids = r.documents.ids().unwrap();
        let spelled: Vec<String> = back
            .documents
            .iter()
            .map(|d| d.unwrap().doc.clone())
            .collect();
        assert_eq!(ids, spelled);
        assert!(r.documents.iter().all(|d| !d.unwrap().counts.is_empty()));

        // A document dropped on one side: no longer equal, in either form.
        let mut fewer = r.clone();
        fewer.documents.retain(|d| d.doc != ids[0]).unwrap();
        assert_eq!(fewer.documents.len(), 4);
        assert_ne!(fewer, r);
        assert_ne!(r, fewer);
        // One count changed: not equal either.
        let mut edited = back.documents.to_vec().unwrap();
        edited[2].counts[0].counts.correct += 1;
        assert_ne!(Documents::from(edited), r.documents);
    }

    /// A report whose table spilled to disk spells out, serializes, lists
    /// and compares exactly as one kept in memory.
    #[test]
    fn spilled_rows_spell_out_as_kept_ones() {
        use crate::score::table::CountTable;
        use crate::score::{Counts, ValueStats};
        let fill = |t: &mut CountTable| {
            let labels = ["GPE", "PERS", "ORG"];
            let cols: Vec<u32> = labels
                .iter()
                .map(|l| t.column(Layer::Entities, "strict", l))
                .collect();
            // Out of id order, so sealing sorts too.
            for i in (0..300u64).rev() {
                let cells = cols.iter().enumerate().map(|(k, &c)| {
                    let k = k as u64;
                    let counts = Counts {
                        correct: (i + k) % 4,
                        missed: (i * k) % 3,
                        spurious: u64::from(i % 7 == k),
                        ..Counts::default()
                    };
                    (c, counts)
                });
                let values = ValueStats {
                    matched: i % 2,
                    ..ValueStats::default()
                };
                t.push_cells(format!("doc-{i:04}"), cells, values);
            }
            t.seal().unwrap();
        };
        let names = |t: &CountTable| -> Vec<ColumnName> {
            t.columns()
                .iter()
                .map(|c| ColumnName {
                    layer: c.layer,
                    scheme: c.scheme,
                    label: Cow::Owned(c.label.clone()),
                })
                .collect()
        };
        let mut kept = CountTable::new();
        fill(&mut kept);
        let mut spilled = CountTable::spilling_in_chunks(256, 128);
        fill(&mut spilled);
        assert!(
            spilled.rows().spilled() > 20,
            "{}",
            spilled.rows().spilled()
        );
        let (kn, sn) = (names(&kept), names(&spilled));
        let kept = Documents::from_rows(kn, kept.into_rows());
        let spilled = Documents::from_rows(sn, spilled.into_rows());
        assert_eq!(spilled.to_vec().unwrap(), kept.to_vec().unwrap());
        assert_eq!(spilled.ids().unwrap(), kept.ids().unwrap());
        assert_eq!(spilled.ids().unwrap()[0], "doc-0000");
        assert_eq!(
            serde_json::to_string(&spilled).unwrap(),
            serde_json::to_string(&kept).unwrap()
        );
        assert_eq!(spilled, kept);
        assert_eq!(spilled.iter().len(), 300);
    }

    /// A label the corpus brought (not one of hudna's) survives spelling.
    #[test]
    fn a_corpus_label_is_spelled_as_given() {
        use crate::score::table::CountTable;
        use crate::score::{Counts, ValueStats};
        let mut t = CountTable::new();
        let c = t.column(Layer::Entities, "strict", "WEAPON");
        let counts = Counts {
            correct: 2,
            ..Counts::default()
        };
        t.push_cells("d", [(c, counts)], ValueStats::default());
        t.seal().unwrap();
        let names = t
            .columns()
            .iter()
            .map(|c| ColumnName {
                layer: c.layer,
                scheme: c.scheme,
                label: Cow::Owned(c.label.clone()),
            })
            .collect();
        let d = Documents::from_rows(names, t.into_rows());
        let v = d.to_vec().unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].counts.len(), 1);
        assert_eq!(v[0].counts[0].label, "WEAPON");
        assert_eq!(v[0].counts[0].counts, counts);
        assert_eq!(d.iter().len(), 1);
    }
}
