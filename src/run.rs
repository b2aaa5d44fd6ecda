//! The streaming scorer: `load → validate → extract → match → count`, one
//! document at a time, in parallel.
//!
//! [`crate::evaluate`] scores a corpus already in memory; this module scores
//! a gold directory of any size. Documents go through the stages in chunks,
//! each chunk's documents in parallel (rayon); a document is dropped as soon
//! as its counts are in the [`CountTable`], so memory is the documents in
//! flight plus the table, whatever the corpus size. Results are put back in
//! document order before they are counted or hashed, so the output does not
//! depend on the number of threads or on scheduling.
//!
//! The same run scores a *shard* (`--shard I/N`): a deterministic slice of
//! the documents, whose partial report merges with the others' into the
//! report of one run ([`crate::report::merge`]).

pub mod conll;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::baseline::Baseline;
use crate::corpus::Doc;
use crate::diagnostic::Report;
use crate::error::Error;
use crate::evaluate::{Answer, check_answer, count_rejected};
use crate::extract::{ArticleInput, CommandExtractor, Extractor, GoldExtractor};
use crate::listing;
use crate::profile::Profile;
use crate::report::{self, Coverage, Dataset, ScoreReport, Shard};
use crate::score::table::CountTable;
use crate::score::{self, DocScore, Layer, Options};
use crate::validate::index::PredictionIndex;
use crate::validate::{GoldIndex, check_documents};

/// Documents per chunk: enough to keep both cores busy, few enough that a
/// chunk's articles and records stay small.
const CHUNK: usize = 64;

/// Which extractor, as the command line names it: `baseline`, `gold`,
/// `file:PATH[,PATH…]` or `command:CMD`.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    /// The built-in Arabic baseline.
    Baseline,
    /// The gold itself (the oracle).
    Gold,
    /// Prediction files or directories of `*.jsonl`.
    Files(Vec<PathBuf>),
    /// A program speaking the extractor protocol.
    Command(String),
}

impl Spec {
    /// Parses an extractor spec; the error says what is expected.
    pub fn parse(spec: &str) -> Result<Spec, String> {
        if spec == "baseline" {
            Ok(Spec::Baseline)
        } else if spec == "gold" {
            Ok(Spec::Gold)
        } else if let Some(paths) = spec.strip_prefix("file:") {
            let paths: Vec<PathBuf> = paths
                .split(',')
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .collect();
            if paths.is_empty() {
                return Err("`file:` needs a path: --extractor file:preds.jsonl".into());
            }
            for p in &paths {
                if !p.exists() {
                    return Err(format!("{}: no such file or directory", p.display()));
                }
            }
            Ok(Spec::Files(paths))
        } else if let Some(cmd) = spec.strip_prefix("command:") {
            if cmd.trim().is_empty() {
                return Err(
                    "`command:` needs a program: --extractor 'command:python3 examples/extractor.py'"
                        .into(),
                );
            }
            Ok(Spec::Command(cmd.to_owned()))
        } else {
            Err(format!(
                "unknown extractor `{spec}`; use baseline, gold, file:PATH or command:CMD"
            ))
        }
    }

    /// The extractor's name in reports.
    pub fn name(&self) -> String {
        match self {
            Spec::Baseline => "baseline".into(),
            Spec::Gold => "gold".into(),
            Spec::Files(paths) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                format!("file:{}", names.join(","))
            }
            Spec::Command(cmd) => format!("command:{cmd}"),
        }
    }
}

/// A stage that went wrong for a reason the user must hear before any
/// score: the gold is invalid, or predictions were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The gold has errors: nothing is scored.
    Gold,
    /// A predictions file has errors and the run is not lenient.
    Predictions,
    /// The extractor returned invalid records and the run is not lenient.
    Extracted,
}

/// What a run found.
#[derive(Debug)]
pub struct Outcome {
    /// The report (absent when the run was refused).
    pub report: Option<ScoreReport>,
    /// Why nothing was scored, if so.
    pub refused: Option<Refusal>,
    /// Problems in the gold.
    pub gold_problems: Report,
    /// Problems in the predictions (files or extractor output).
    pub prediction_problems: Report,
    /// Predicted records refused and, under `--lenient`, scored as spurious.
    pub rejected: usize,
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Scoring options.
    pub options: Options,
    /// Score refused predictions as spurious instead of refusing the run.
    pub lenient: bool,
    /// Seconds a command extractor may take per article.
    pub timeout: Duration,
    /// Score only this slice of the documents.
    pub shard: Option<Shard>,
    /// The rules a JSONL gold corpus, and the predictions scored against
    /// it, are checked under ([`crate::profile`]).
    pub profile: Profile,
    /// Add breakdowns (by zone, length, proclitic, figure form) to the
    /// report; they come from the per-item outcomes, so they cost the
    /// listing's second matcher pass.
    pub breakdowns: bool,
    /// Score only these layers (`--layers`); [`Layer::ALL`] scores every one.
    pub layers: Vec<Layer>,
}

/// One document's predictions, checked.
type Predicted = Answer;

/// A gold document read: its position, the document (`None` when its
/// article is not UTF-8), its problems, its share of the fingerprint.
type Loaded = (usize, Option<Doc>, Report, Vec<u8>);

/// A chunk's documents after the extract stage.
struct Stage {
    doc: Doc,
    gold_problems: Report,
    predicted: Predicted,
}

/// Receives each document's error listing, in document order, as soon as
/// it is scored (so the listing streams like the scoring).
pub type OnLines<'a> = dyn FnMut(&Doc, Vec<listing::Line>) -> Result<(), Error> + 'a;

/// Scores the extractor `spec` against the gold directory `gold`.
///
/// A CoNLL gold file (`.conll`, `.iob`, `.bio`) is scored by [`conll::score`].
pub fn score(gold: &Path, spec: &Spec, settings: &Settings) -> Result<Outcome, Error> {
    score_listed(gold, spec, settings, None)
}

/// As [`score`], also handing each document's per-item outcomes (the
/// `--errors` listing, [`crate::listing`]) to `on_lines`. The listing is
/// made from the same matching as the counts; it costs a second pass of
/// the matchers per document, so only runs that ask for it pay.
pub fn score_listed(
    gold: &Path,
    spec: &Spec,
    settings: &Settings,
    mut on_lines: Option<&mut OnLines<'_>>,
) -> Result<Outcome, Error> {
    if crate::formats::conll::is_conll_path(gold) {
        if on_lines.is_some() || settings.breakdowns {
            return Err(Error::Unsupported(format!(
                "--errors, --breakdowns and --html are made of JSONL records and their articles (zones, proclitics); {} is a CoNLL file, which has neither",
                gold.display()
            )));
        }
        return conll::score(gold, spec, settings);
    }
    if let Spec::Files(paths) = spec
        && let Some(p) = paths
            .iter()
            .find(|p| crate::formats::conll::is_conll_path(p))
    {
        return Err(Error::Unsupported(format!(
            "{} is a CoNLL file: score it against CoNLL gold (--gold GOLD.conll); {} is a JSONL corpus",
            p.display(),
            gold.display()
        )));
    }
    if settings.options.iob.is_some() {
        return Err(Error::Unsupported(format!(
            "IOB chunking applies to CoNLL gold (.conll, .iob, .bio), not to the JSONL corpus {}",
            gold.display()
        )));
    }
    let (index, mut gold_problems) = GoldIndex::open_as(gold, settings.profile)?;
    // A shard scores its slice but reads every document: the gold's
    // fingerprint, and its validity, are the whole corpus's.
    let slice = settings
        .shard
        .map_or(0..index.docs.len(), |s| s.range(index.docs.len()));
    let positions: Vec<usize> = (0..index.docs.len()).collect();
    let known: Vec<&str> = index.docs.iter().map(|(id, _)| id.as_str()).collect();
    let mut prediction_problems = Report::default();
    let mut rejected_total = 0usize;
    let mut extractor: Option<CommandExtractor> = None;
    let mut files: Option<PredictionIndex> = None;
    let baseline = matches!(spec, Spec::Baseline).then(Baseline::new);
    match spec {
        Spec::Files(paths) => {
            let (fx, problems) = PredictionIndex::open_as(paths, &known, settings.profile)?;
            prediction_problems.diagnostics.extend(problems.diagnostics);
            rejected_total += fx.rejected.len();
            files = Some(fx);
        }
        Spec::Command(cmd) => {
            // A program may be slow or costly: it never runs on gold that
            // would be refused, so the gold is checked first.
            check_documents(&index, &mut gold_problems)?;
            if gold_problems.errors() > 0 {
                return Ok(refused(Refusal::Gold, gold_problems, prediction_problems));
            }
            extractor = Some(
                CommandExtractor::new(cmd.clone(), settings.timeout).with_profile(settings.profile),
            );
        }
        Spec::Baseline | Spec::Gold => {}
    }

    let mut table = CountTable::new();
    let mut breakdown = listing::Breakdown::default();
    let mut hasher = Sha256::new();
    let mut without_predictions = Vec::new();
    let mut without_offsets = std::collections::BTreeMap::<String, u64>::new();
    let mut approximated = 0u64;
    let mut gold_errors = gold_problems.errors();
    for chunk in positions.chunks(CHUNK) {
        // Load and validate the gold; its share of the fingerprint.
        let loaded: Vec<Result<Loaded, Error>> = chunk
            .par_iter()
            .map(|&i| {
                let mut r = Report::default();
                let doc = index.load(i, &mut r)?;
                let mut blob = Vec::new();
                if let Some(d) = &doc {
                    report::fingerprint_doc(d, &mut blob);
                }
                Ok((i, doc, r, blob))
            })
            .collect();
        let mut docs = Vec::with_capacity(chunk.len());
        for l in loaded {
            let (i, doc, r, blob) = l?;
            hasher.update(&blob);
            gold_errors += r.errors();
            match doc {
                Some(doc) if slice.contains(&i) => docs.push((doc, r)),
                _ => gold_problems.diagnostics.extend(r.diagnostics),
            }
        }
        if gold_errors > 0 {
            // Keep reading the gold to report every problem in it, but
            // predict and score nothing more.
            for (_, r) in docs {
                gold_problems.diagnostics.extend(r.diagnostics);
            }
            continue;
        }
        // Extract.
        let stages: Vec<Stage> = match (&files, &baseline, &mut extractor) {
            (Some(fx), _, _) => docs
                .into_par_iter()
                .map(|(doc, r)| {
                    let (kept, rejected, problems) = fx.load(&doc.id, &doc.article)?;
                    Ok(Stage {
                        predicted: Predicted {
                            records: kept.into_iter().map(|l| l.record).collect(),
                            rejected,
                            problems,
                        },
                        doc,
                        gold_problems: r,
                    })
                })
                .collect::<Result<_, Error>>()?,
            (_, Some(b), _) => docs
                .into_par_iter()
                .map(|(doc, r)| Stage {
                    predicted: check_answer(
                        &spec.name(),
                        &doc,
                        b.run(&doc.id, doc.article.text()),
                        false,
                    ),
                    doc,
                    gold_problems: r,
                })
                .collect(),
            (_, _, Some(ex)) => {
                // One program for the whole run, fed in document order: a
                // model loads once, not once per chunk.
                let mut answers = Vec::with_capacity(docs.len());
                for (d, _) in &docs {
                    answers.push(ex.extract(&ArticleInput {
                        doc: &d.id,
                        text: d.article.text(),
                    })?);
                }
                let name = ex.name();
                docs.into_par_iter()
                    .zip(answers)
                    .map(|((doc, r), records)| Stage {
                        predicted: check_answer(&name, &doc, records, false),
                        doc,
                        gold_problems: r,
                    })
                    .collect()
            }
            // The oracle: the gold's own scored records.
            _ => docs
                .into_iter()
                .map(|(doc, r)| Stage {
                    predicted: Answer {
                        records: GoldExtractor::scored(&doc),
                        ..Answer::default()
                    },
                    doc,
                    gold_problems: r,
                })
                .collect(),
        };
        // Match and count, then tabulate in document order.
        let listing = on_lines.is_some() || settings.breakdowns;
        let scored: Vec<(Stage, DocScore, Vec<listing::Line>)> = stages
            .into_par_iter()
            .map(|st| {
                let mut ds = score::score_doc_layers(
                    &st.doc,
                    &st.predicted.records,
                    &settings.options,
                    &settings.layers,
                );
                for r in &st.predicted.rejected {
                    count_rejected(&mut ds, r.kind.as_deref(), &settings.layers);
                }
                let lines = if listing {
                    let ex = score::explain_doc(&st.doc, &st.predicted.records, &settings.options);
                    let mut lines =
                        listing::lines(&st.doc, &st.predicted.records, &ex, &st.predicted.rejected);
                    // Under --layers the listing, like the counts, has the
                    // scored layers only.
                    lines.retain(|l| settings.layers.contains(&l.layer));
                    lines
                } else {
                    Vec::new()
                };
                (st, ds, lines)
            })
            .collect();
        for (st, ds, lines) in scored {
            for l in &lines {
                breakdown.add(l);
            }
            if let Some(f) = on_lines.as_mut() {
                f(&st.doc, lines)?;
            }
            if st.predicted.records.is_empty() {
                without_predictions.push(st.doc.id.clone());
            }
            for (l, n) in &ds.without_offsets {
                *without_offsets.entry(l.as_str().to_owned()).or_default() += n;
            }
            approximated += ds.approximated;
            rejected_total += st.predicted.rejected.len();
            gold_problems
                .diagnostics
                .extend(st.gold_problems.diagnostics);
            prediction_problems
                .diagnostics
                .extend(st.predicted.problems.diagnostics);
            table.push(st.doc.id.clone(), &ds);
        }
    }
    gold_problems.sort();
    prediction_problems.sort();
    if gold_errors > 0 {
        return Ok(refused(Refusal::Gold, gold_problems, prediction_problems));
    }
    if prediction_problems.errors() > 0 && !settings.lenient {
        let why = if files.is_some() {
            Refusal::Predictions
        } else {
            Refusal::Extracted
        };
        return Ok(refused(why, gold_problems, prediction_problems));
    }
    if let Some(ex) = extractor.as_mut() {
        // Its exit status and any answer it still owes.
        ex.finish()?;
    }
    table.seal();
    let dataset = Dataset {
        version: report::dataset_version_at(gold),
        fingerprint: report::fingerprint_finish(hasher, index.kb.values()),
        documents: index.docs.len(),
    };
    let coverage = Coverage {
        documents: table.rows().len(),
        without_predictions,
        rejected_records: rejected_total,
        without_offsets,
        approximated_clusters: approximated,
    };
    let mut report = report::from_table(
        dataset,
        spec.name(),
        &settings.options,
        &settings.layers,
        coverage,
        table,
    )?;
    report.shard = settings.shard;
    if settings.breakdowns {
        report.breakdowns = report::breakdown_rows(&breakdown);
    }
    Ok(Outcome {
        report: Some(report),
        refused: None,
        gold_problems,
        prediction_problems,
        rejected: rejected_total,
    })
}

fn refused(why: Refusal, gold_problems: Report, prediction_problems: Report) -> Outcome {
    Outcome {
        report: None,
        refused: Some(why),
        gold_problems,
        prediction_problems,
        rejected: 0,
    }
}
