//! The gold corpus in memory: articles, their records and the KB.
//!
//! A corpus directory holds `<doc>.txt` (the article, byte-for-byte as
//! received), `<doc>.jsonl` (its gold records) and `kb.jsonl`. Loading goes
//! through validation ([`crate::validate`]), so a [`Corpus`] only ever holds
//! records that passed the schema; whether they also passed the semantic checks
//! is in the accompanying report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::profile::Profile;
use crate::record::{Casualty, Document, Entity, Event, KbEntry, Record, Zone};

/// Files in a corpus directory that are not articles or their records.
pub const RESERVED: &[&str] = &["kb.jsonl", "lint-allow.jsonl"];

/// A record with the line it came from, so later stages can still point at it.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// 1-based line in its file.
    pub line: usize,
    /// The record.
    pub record: T,
}

/// One article and its gold records.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Document id (file stem).
    pub id: String,
    /// The article text.
    pub article: Article,
    /// Path of the `.txt`.
    pub txt_path: PathBuf,
    /// Path of the `.jsonl`.
    pub jsonl_path: PathBuf,
    /// Every record that passed the schema, in file order.
    pub records: Vec<Located<Record>>,
}

impl Doc {
    /// The document record, if present.
    pub fn document(&self) -> Option<&Document> {
        self.records.iter().find_map(|r| match &r.record {
            Record::Document(d) => Some(d),
            _ => None,
        })
    }

    /// Zone records.
    pub fn zones(&self) -> impl Iterator<Item = &Zone> {
        self.records.iter().filter_map(|r| match &r.record {
            Record::Zone(z) => Some(z),
            _ => None,
        })
    }

    /// Entity mentions.
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.records.iter().filter_map(|r| match &r.record {
            Record::Entity(e) => Some(e),
            _ => None,
        })
    }

    /// Event mentions.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.records.iter().filter_map(|r| match &r.record {
            Record::Event(e) => Some(e),
            _ => None,
        })
    }

    /// Casualty figures.
    pub fn casualties(&self) -> impl Iterator<Item = &Casualty> {
        self.records.iter().filter_map(|r| match &r.record {
            Record::Casualty(c) => Some(c),
            _ => None,
        })
    }

    /// The zone a code point falls in, if any.
    pub fn zone_at(&self, at: usize) -> Option<&Zone> {
        self.zones().find(|z| z.start <= at && at < z.end)
    }
}

/// Where a gold corpus is read from: the copy compiled into hudna, or a
/// directory.
///
/// The bundled copy is the default because an installed binary or wheel
/// has no `annotations/` beside it; a directory overrides it (a corpus being
/// annotated, a synthetic one). Conversions from paths let every function
/// that takes a gold accept a plain path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gold {
    /// The gold compiled into hudna ([`crate::bundled`]).
    #[default]
    Bundled,
    /// A corpus directory.
    Dir(PathBuf),
}

impl Gold {
    /// The directory its files are named under in messages
    /// ([`crate::bundled::ROOT`] for the bundled copy).
    pub fn root(&self) -> PathBuf {
        match self {
            Gold::Bundled => PathBuf::from(crate::bundled::ROOT),
            Gold::Dir(d) => d.clone(),
        }
    }
}

impl From<&Path> for Gold {
    fn from(p: &Path) -> Self {
        Gold::Dir(p.to_path_buf())
    }
}

impl From<PathBuf> for Gold {
    fn from(p: PathBuf) -> Self {
        Gold::Dir(p)
    }
}

impl From<&PathBuf> for Gold {
    fn from(p: &PathBuf) -> Self {
        Gold::Dir(p.clone())
    }
}

impl From<&Gold> for Gold {
    fn from(g: &Gold) -> Self {
        g.clone()
    }
}

/// The whole gold corpus.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The directory it was read from ([`Gold::root`]).
    pub root: PathBuf,
    /// The version in its dataset card (`README.md` front matter), if any.
    pub version: Option<String>,
    /// Articles by id, in id order.
    pub docs: BTreeMap<String, Doc>,
    /// KB entries by ref.
    pub kb: BTreeMap<String, KbEntry>,
    /// The rules it was checked under; predictions scored against it are
    /// checked under the same.
    pub profile: Profile,
}

impl Corpus {
    /// The `kb.jsonl` path.
    pub fn kb_path(&self) -> PathBuf {
        self.root.join("kb.jsonl")
    }
}

/// The document id of an article or records path: its file stem.
pub fn doc_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
