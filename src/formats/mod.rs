//! Formats other than hudna's own JSONL that users' data comes in, and the
//! one dispatch `hudna convert` goes through.
//!
//! A reader here turns a file into plain data and a [`crate::diagnostic::Report`]
//! of what is wrong with it, naming file and line; it knows nothing of
//! scoring (the drivers in [`crate::run`] do) nor of the command line.
//!
//! Conversion is one reader and one writer around [`bundle::Bundle`]
//! (articles and hudna records): [`Format::read`] and [`Format::write`] are
//! the only places that list the formats, so a new one is a module and an
//! arm in each. What each format cannot hold is counted by its writer
//! ([`bundle::Losses`]) and stated in `docs/formats.md`.

pub mod brat;
pub mod bundle;
pub mod conll;
pub mod conll_spans;
pub mod doccano;
pub mod hf;
pub mod iob;
pub mod json_spans;
pub mod label_studio;
pub mod native;
pub mod offsets;
pub mod spacy;

use std::path::{Path, PathBuf};

use crate::diagnostic::Report;
use crate::error::Error;
use crate::profile::Profile;

use bundle::{Bundle, Losses, Output};
use iob::IobMode;
use offsets::Units;

/// A format `hudna convert` reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A hudna corpus directory: `<doc>.txt`, `<doc>.jsonl`, `kb.jsonl`.
    Hudna,
    /// hudna records in one JSONL file (a predictions file), the articles
    /// elsewhere.
    Records,
    /// CoNLL / IOB2 tokens and tags (entity mentions only).
    Conll,
    /// spaCy / Prodigy span JSONL.
    Spacy,
    /// doccano sequence-labeling JSONL.
    Doccano,
    /// Label Studio JSON.
    LabelStudio,
    /// brat standoff: `.txt` + `.ann` and `annotation.conf`.
    Brat,
    /// The Hugging Face export: a dataset repository directory.
    Hf,
}

/// How to read an input.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The articles a CoNLL file's tokens or a records file's offsets point
    /// into (a directory of `<doc>.txt`).
    pub articles: Option<PathBuf>,
    /// The profile a hudna corpus is validated under (detected when `None`).
    pub profile: Option<Profile>,
    /// How CoNLL tags make chunks.
    pub iob: IobMode,
    /// The offsets' unit, for the formats that have a choice (doccano,
    /// Label Studio: UTF-16 when `None`).
    pub units: Option<Units>,
}

/// How to write an output.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// The offsets' unit, for the formats that have a choice.
    pub units: Option<Units>,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: &'static [Format] = &[
        Format::Hudna,
        Format::Records,
        Format::Conll,
        Format::Spacy,
        Format::Doccano,
        Format::LabelStudio,
        Format::Brat,
        Format::Hf,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Hudna => "hudna",
            Format::Records => "records",
            Format::Conll => "conll",
            Format::Spacy => "spacy",
            Format::Doccano => "doccano",
            Format::LabelStudio => "label-studio",
            Format::Brat => "brat",
            Format::Hf => "hf",
        }
    }

    /// The format named `s` (also `prodigy` for spaCy's task format).
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "prodigy" => Some(Format::Spacy),
            _ => Format::ALL.iter().copied().find(|f| f.name() == s),
        }
    }

    /// Whether it is a directory (else one file).
    pub fn is_dir(self) -> bool {
        matches!(self, Format::Hudna | Format::Brat | Format::Hf)
    }

    /// The unit its offsets are counted in when not told otherwise, and
    /// whether it can be told (`--units`).
    pub fn units(self) -> (Units, bool) {
        match self {
            Format::Doccano | Format::LabelStudio => (Units::Utf16, true),
            _ => (Units::CodePoints, false),
        }
    }

    /// Reads `input` into articles and records; what is wrong with it is in
    /// the report (an error there means the bundle must not be written).
    pub fn read(self, input: &Path, options: &ReadOptions) -> Result<(Bundle, Report), Error> {
        let units = options.units.unwrap_or(self.units().0);
        let articles = || {
            options.articles.as_deref().ok_or_else(|| {
                Error::Unsupported(format!(
                    "reading {} needs the articles its offsets point into: --articles DIR (a directory of <doc>.txt)",
                    self.name()
                ))
            })
        };
        match self {
            Format::Hudna => native::read_corpus(input, options.profile),
            Format::Records => native::read_records(input, articles()?),
            Format::Conll => conll_spans::read(input, articles()?, options.iob),
            Format::Spacy => spacy::read(input),
            Format::Doccano => doccano::read(input, units),
            Format::LabelStudio => label_studio::read(input, units),
            Format::Brat => brat::read(input),
            Format::Hf => hf::read(input),
        }
    }

    /// Writes `bundle` in this format: the files (relative to the output)
    /// and what the format could not hold. An error in the report means a
    /// record cannot be written at all (a CoNLL type with a space).
    pub fn write(self, bundle: &Bundle, options: &WriteOptions) -> (Output, Report) {
        let units = options.units.unwrap_or(self.units().0);
        let done = |o: Output| (o, Report::default());
        match self {
            Format::Hudna => done(native::write_corpus(bundle)),
            Format::Records => done(native::write_records(bundle)),
            Format::Conll => conll_spans::write(bundle),
            Format::Spacy => done(spacy::write(bundle)),
            Format::Doccano => done(doccano::write(bundle, units)),
            Format::LabelStudio => done(label_studio::write(bundle, units)),
            Format::Brat => done(brat::write(bundle)),
            Format::Hf => done(hf::write(bundle)),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A finished conversion: what was read and written, and what was lost.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    /// Problems met reading or writing; with an error, nothing was written.
    pub report: Report,
    /// Documents converted.
    pub documents: usize,
    /// Files written.
    pub written: Vec<PathBuf>,
    /// What the output format could not hold.
    pub losses: Losses,
}

/// Reads `input` as `from` and writes it to `output` as `to`. Nothing is
/// written when reading or writing finds an error; each file is written
/// atomically. A directory output must be empty or absent unless `force`
/// (then the files written replace theirs and others are left alone).
pub fn convert(
    from: Format,
    to: Format,
    input: &Path,
    output: &Path,
    read: &ReadOptions,
    write: &WriteOptions,
    force: bool,
) -> Result<Converted, Error> {
    let (bundle, mut report) = from.read(input, read)?;
    let mut done = Converted {
        documents: bundle.docs.len(),
        ..Converted::default()
    };
    if report.errors() > 0 {
        done.report = report;
        return Ok(done);
    }
    let (out, r) = to.write(&bundle, write);
    report.diagnostics.extend(r.diagnostics);
    done.report = report;
    if done.report.errors() > 0 {
        return Ok(done);
    }
    done.written = write_output(&out, output, to.is_dir(), force)?;
    done.losses = out.losses;
    Ok(done)
}

/// Writes a writer's files under `output` (a directory when `dir`, else
/// the one file), each atomically; parent directories are made.
pub fn write_output(
    out: &Output,
    output: &Path,
    dir: bool,
    force: bool,
) -> Result<Vec<PathBuf>, Error> {
    if dir {
        if output.is_file() {
            return Err(Error::io(
                output,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "is a file; this format writes a directory",
                ),
            ));
        }
        let non_empty = std::fs::read_dir(output).is_ok_and(|mut d| d.next().is_some());
        if non_empty && !force {
            return Err(Error::io(
                output,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "directory is not empty (--force writes into it, replacing the files it writes)",
                ),
            ));
        }
    }
    let mut written = Vec::new();
    for (rel, bytes) in &out.files {
        let path = if rel.as_os_str().is_empty() {
            output.to_path_buf()
        } else {
            output.join(rel)
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        crate::fsutil::write_atomic(&path, bytes).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}
