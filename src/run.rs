//! The streaming scorer: `load → validate → extract → match → count`, one
//! document at a time, in parallel.
//!
//! [`crate::evaluate`] scores a corpus already in memory; this module scores
//! a gold directory of any size. Documents go through the stages in chunks,
//! each chunk's documents in parallel (rayon); a document is dropped as soon
//! as it is scored (or, when its listing is handed on, once tabulated), so
//! memory is the documents in flight plus the
//! [`CountTable`](crate::score::table::CountTable), whatever the corpus size.
//! Results are put back in document order before they are counted or
//! hashed, so the output does not depend on the number of threads or on
//! scheduling.
//!
//! When the predictions are at hand (files, the baseline, the gold), each
//! document is read, extracted and scored in one task, and the serial step
//! (tabulating a chunk in order, [`counting::Counting`]) runs beside the
//! scoring of the next chunk rather than between chunks (between them when
//! each listing is handed on: its receiver stays on the calling thread). A
//! live extractor
//! is asked a chunk at a time, after the chunk's gold is known to be valid:
//! it may be slow or costly, so it never runs on gold that will be refused.
//!
//! The same run scores a *shard* (`--shard I/N`): a deterministic slice of
//! the documents, whose partial report merges with the others' into the
//! report of one run ([`crate::report::merge`]).

pub mod conll;
mod counting;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::corpus::{Doc, Gold};
use crate::diagnostic::Report;
use crate::error::Error;
use crate::evaluate::{Answer, check_answer};
use crate::extract::saved::{AnswerLog, SavedAnswer, SavedAnswers};
use crate::extract::{ArticleInput, CommandExtractor, Extractor, GoldExtractor, LineSink};
use crate::limits;
use crate::listing;
use crate::profile::Profile;
use crate::record::Record;
use crate::report::{self, Coverage, Dataset, ScoreReport, Shard};
use crate::score::{Layer, Options};
use crate::validate::index::PredictionIndex;
use crate::validate::{GoldIndex, Input, check_documents};

use counting::{Counting, Fused, Scored, Scoring, Stage, score_stage};

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
    /// Prediction files, directories of `*.jsonl`, standard input (`-`) or
    /// JSONL in memory.
    Files(Vec<Input>),
    /// A program speaking the extractor protocol.
    Command(String),
}

impl Spec {
    /// Parses an extractor spec; the error says what is expected. In
    /// `file:`, a path `-` is standard input (read when the run starts).
    pub fn parse(spec: &str) -> Result<Spec, String> {
        if spec == "baseline" {
            Ok(Spec::Baseline)
        } else if spec == "gold" {
            Ok(Spec::Gold)
        } else if let Some(paths) = spec.strip_prefix("file:") {
            let inputs: Vec<Input> = paths
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    if p == "-" {
                        Input::Stdin
                    } else {
                        Input::Path(PathBuf::from(p))
                    }
                })
                .collect();
            if inputs.is_empty() {
                return Err("`file:` needs a path: --extractor file:preds.jsonl".into());
            }
            for i in &inputs {
                if let Input::Path(p) = i
                    && !p.exists()
                {
                    return Err(format!("{}: no such file or directory", p.display()));
                }
            }
            Ok(Spec::Files(inputs))
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
            Spec::Files(inputs) => {
                let names: Vec<String> = inputs.iter().map(Input::label).collect();
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

/// Told how a run's extraction goes, to draw a progress bar or log it (the
/// library draws nothing itself). Called from whichever thread got the
/// answer, so it must be `Sync`.
pub trait Progress: Send + Sync {
    /// The extractor will be asked for `total` documents; `resumed` more
    /// were answered from saved answers and will not be asked for.
    fn start(&self, total: usize, resumed: usize);
    /// The extractor answered for `doc`.
    fn advance(&self, doc: &str);
    /// Extraction is over (whether it succeeded or not).
    fn finish(&self);
}

/// How to run.
#[derive(Clone)]
pub struct Settings {
    /// Scoring options.
    pub options: Options,
    /// Score refused predictions as spurious instead of refusing the run.
    pub lenient: bool,
    /// Seconds a command extractor may take per article.
    pub timeout: Duration,
    /// Score only this slice of the documents.
    pub shard: Option<Shard>,
    /// Copies of a command extractor run in parallel, each fed its share of
    /// the documents (1 to [`limits::MAX_JOBS`]). For a slow program (a
    /// model on a GPU, a network API) this divides the wall time; the
    /// report is the same as with one copy, since answers are put back in
    /// document order before anything is checked or counted.
    pub jobs: usize,
    /// Append each answer of a program extractor to this file as it
    /// arrives ([`crate::extract::saved`]), so that a crash costs one
    /// document, not the run.
    pub save: Option<PathBuf>,
    /// Answers saved by an earlier run of the same extractor: reused, and
    /// the program is asked only for the documents they lack.
    pub resume: Option<PathBuf>,
    /// Where a command extractor's stderr goes, line by line (otherwise it
    /// is only quoted in error messages).
    pub extractor_stderr: Option<LineSink>,
    /// Told as each document is answered.
    pub progress: Option<Arc<dyn Progress>>,
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

impl Default for Settings {
    fn default() -> Self {
        Settings {
            options: Options::default(),
            lenient: false,
            timeout: Duration::from_secs(60),
            shard: None,
            jobs: 1,
            save: None,
            resume: None,
            extractor_stderr: None,
            progress: None,
            profile: Profile::Strict,
            breakdowns: false,
            layers: Layer::ALL.to_vec(),
        }
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("options", &self.options)
            .field("lenient", &self.lenient)
            .field("timeout", &self.timeout)
            .field("shard", &self.shard)
            .field("jobs", &self.jobs)
            .field("save", &self.save)
            .field("resume", &self.resume)
            .field("extractor_stderr", &self.extractor_stderr.is_some())
            .field("progress", &self.progress.is_some())
            .field("profile", &self.profile)
            .field("breakdowns", &self.breakdowns)
            .field("layers", &self.layers)
            .finish()
    }
}

/// A gold document read: its position, the document (`None` when its
/// article is not UTF-8), its problems, its share of the fingerprint.
type Loaded = (usize, Option<Doc>, Report, Vec<u8>);

/// Where predictions come from when they are at hand (not asked of a live
/// extractor): shared by the threads that read and score documents.
enum Direct<'a> {
    Files(&'a PredictionIndex),
    Baseline(&'a Baseline),
    Gold,
}

impl Direct<'_> {
    /// A gold document with its predictions.
    fn stage(&self, i: usize, doc: Doc, name: &str) -> Result<Stage, Error> {
        let predicted = match self {
            Direct::Files(fx) => {
                let (kept, rejected, problems) = fx.load(i, &doc.id, &doc.article)?;
                Answer {
                    records: kept.into_iter().map(|l| l.record).collect(),
                    rejected,
                    problems,
                }
            }
            Direct::Baseline(b) => {
                check_answer(name, &doc, b.run(&doc.id, doc.article.text()), false)
            }
            // The oracle: the gold's own scored records.
            Direct::Gold => Answer {
                records: GoldExtractor::scored(&doc),
                ..Answer::default()
            },
        };
        Ok(Stage { doc, predicted })
    }
}

/// How a run's predictions reach the counting loop: at hand, or asked of a
/// live extractor a chunk at a time.
enum Route<'a, 'l> {
    Direct(Direct<'a>),
    Live(&'a mut Live<'l>),
}

/// Reads gold document `i`, and extracts and scores it when it is in the
/// run's `slice`, its gold has no error and none has been seen (`stop`).
fn fused_doc(
    index: &GoldIndex,
    direct: &Direct<'_>,
    i: usize,
    slice: &std::ops::Range<usize>,
    stop: &AtomicBool,
    name: &str,
    scoring: Scoring<'_>,
) -> Result<Fused, Error> {
    let mut gold_problems = Report::default();
    let doc = index.load(i, &mut gold_problems)?;
    let mut blob = Vec::new();
    if let Some(d) = &doc {
        report::fingerprint_doc(d, &mut blob);
    }
    let scored = match doc {
        Some(doc)
            if slice.contains(&i)
                && gold_problems.errors() == 0
                && !stop.load(Ordering::Relaxed) =>
        {
            Some(
                direct
                    .stage(i, doc, name)
                    .map(|st| score_stage(st, scoring)),
            )
        }
        _ => None,
    };
    Ok(Fused {
        gold_problems,
        blob,
        scored,
    })
}

/// Receives each document's error listing, in document order, as soon as
/// it is scored (so the listing streams like the scoring).
pub type OnLines<'a> = dyn FnMut(&Doc, Vec<listing::Line>) -> Result<(), Error> + 'a;

/// Scores the extractor `spec` against `gold` (a directory, or
/// [`Gold::Bundled`]).
///
/// A CoNLL gold file (`.conll`, `.iob`, `.bio`, given as
/// [`Gold::Dir`]) is scored by [`conll::score`].
pub fn score(gold: impl Into<Gold>, spec: &Spec, settings: &Settings) -> Result<Outcome, Error> {
    score_listed(gold, spec, settings, None)
}

/// As [`score`], also handing each document's per-item outcomes (the
/// `--errors` listing, [`crate::listing`]) to `on_lines`. The listing is
/// made from the same matching as the counts; it costs a second pass of
/// the matchers per document, so only runs that ask for it pay.
pub fn score_listed(
    gold: impl Into<Gold>,
    spec: &Spec,
    settings: &Settings,
    on_lines: Option<&mut OnLines<'_>>,
) -> Result<Outcome, Error> {
    let gold = gold.into();
    if let Some(path) = conll_gold(&gold) {
        if on_lines.is_some() || settings.breakdowns {
            return Err(Error::Unsupported(format!(
                "--errors, --breakdowns and --html are made of JSONL records and their articles (zones, proclitics); {} is a CoNLL file, which has neither",
                path.display()
            )));
        }
        if settings.save.is_some() || settings.resume.is_some() {
            return Err(no_saving(&spec.name()));
        }
        return conll::score(path, spec, settings);
    }
    if let Spec::Files(inputs) = spec
        && let Some(p) = inputs.iter().find_map(|i| match i {
            Input::Path(p) if crate::formats::conll::is_conll_path(p) => Some(p),
            _ => None,
        })
    {
        return Err(Error::Unsupported(format!(
            "{} is a CoNLL file: score it against CoNLL gold (--gold GOLD.conll); {} is a JSONL corpus",
            p.display(),
            gold.root().display()
        )));
    }
    jsonl_settings(&gold, settings)?;
    let source = match spec {
        Spec::Baseline => Source::Baseline(Box::default()),
        Spec::Gold => Source::Gold,
        Spec::Files(inputs) => Source::Files(inputs),
        Spec::Command(cmd) => {
            check_jobs(settings.jobs)?;
            let copies = settings.jobs.max(1);
            let workers = (0..copies)
                .map(|k| {
                    let ex = CommandExtractor::new(cmd.clone(), settings.timeout)
                        .with_profile(settings.profile);
                    match &settings.extractor_stderr {
                        // Several copies write at once: each line says
                        // which copy wrote it.
                        Some(sink) if copies > 1 => {
                            ex.with_stderr(Arc::clone(sink), format!("[{}/{copies}] ", k + 1))
                        }
                        Some(sink) => ex.with_stderr(Arc::clone(sink), ""),
                        None => ex,
                    }
                })
                .collect();
            Source::Live(Live::Commands(workers))
        }
    };
    drive(gold, source, spec.name(), settings, on_lines)
}

/// Scores an extractor given as an object (a Python class behind a
/// binding, a model held in memory) rather than named by a [`Spec`]: it is
/// asked for each document in id order, on the calling thread, and its
/// answers are checked, saved and scored as a program's would be. Its
/// [`Extractor::name`] names it in the report. It turns its answers into
/// records itself: against a core corpus, under the corpus's profile
/// ([`crate::extract::records_of_answer`] takes it).
pub fn score_with(
    gold: impl Into<Gold>,
    extractor: &mut dyn Extractor,
    settings: &Settings,
) -> Result<Outcome, Error> {
    score_with_listed(gold, extractor, settings, None)
}

/// As [`score_with`], also handing each document's per-item outcomes to
/// `on_lines`, as [`score_listed`] does.
pub fn score_with_listed(
    gold: impl Into<Gold>,
    extractor: &mut dyn Extractor,
    settings: &Settings,
    on_lines: Option<&mut OnLines<'_>>,
) -> Result<Outcome, Error> {
    let gold = gold.into();
    if let Some(path) = conll_gold(&gold) {
        return Err(Error::Unsupported(format!(
            "CoNLL gold ({}) is scored against a CoNLL prediction file or itself; the extractor `{}` reads articles, which a CoNLL file does not hold",
            path.display(),
            extractor.name()
        )));
    }
    jsonl_settings(&gold, settings)?;
    if settings.jobs > 1 {
        return Err(Error::Settings(format!(
            "jobs = {}: parallel copies are for command extractors; an extractor object runs as one",
            settings.jobs
        )));
    }
    let name = extractor.name();
    drive(
        gold,
        Source::Live(Live::One(extractor)),
        name,
        settings,
        on_lines,
    )
}

/// The CoNLL file `gold` names, if it is one.
fn conll_gold(gold: &Gold) -> Option<&Path> {
    match gold {
        Gold::Dir(p) if crate::formats::conll::is_conll_path(p) => Some(p),
        _ => None,
    }
}

/// Settings that only CoNLL gold takes, refused on a JSONL corpus.
fn jsonl_settings(gold: &Gold, settings: &Settings) -> Result<(), Error> {
    if settings.options.iob.is_some() {
        return Err(Error::Unsupported(format!(
            "IOB chunking applies to CoNLL gold (.conll, .iob, .bio), not to the JSONL corpus {}",
            gold.root().display()
        )));
    }
    Ok(())
}

/// Saving and resuming asked of an extractor that is not asked per document.
fn no_saving(name: &str) -> Error {
    Error::Settings(format!(
        "saving and resuming answers is for extractors that are asked for each document (a program, an object), not `{name}`"
    ))
}

/// `jobs` within 1 and [`limits::MAX_JOBS`].
fn check_jobs(jobs: usize) -> Result<(), Error> {
    if jobs == 0 {
        return Err(Error::Settings(
            "jobs = 0: at least one copy must run".into(),
        ));
    }
    Ok(limits::check(
        "jobs",
        jobs,
        limits::MAX_JOBS,
        "each copy is a process with its own model; more than this is a mistake, not a speed-up",
    )?)
}

/// Where predictions come from, opened.
enum Source<'a> {
    Baseline(Box<Baseline>),
    Gold,
    Files(&'a [Input]),
    Live(Live<'a>),
}

/// Extractors asked for each document as the run goes.
enum Live<'a> {
    /// One extractor object, asked on the calling thread.
    One(&'a mut dyn Extractor),
    /// Copies of a program, one thread each.
    Commands(Vec<CommandExtractor>),
}

/// Called with each answer as it arrives (from the thread that got it):
/// its position among the documents asked for, and its records.
type OnAnswer<'a> = dyn Fn(usize, &[Record]) -> Result<(), Error> + Sync + 'a;

impl Live<'_> {
    /// Asks for every article of `todo`; the answers in the same order.
    fn answer(
        &mut self,
        todo: &[ArticleInput<'_>],
        on_answer: &OnAnswer<'_>,
    ) -> Result<Vec<Vec<Record>>, Error> {
        match self {
            Live::One(ex) => sequential(&mut **ex, todo, on_answer),
            Live::Commands(ws) if ws.len() == 1 => sequential(&mut ws[0], todo, on_answer),
            Live::Commands(ws) => parallel(ws, todo, on_answer),
        }
    }

    /// Lets the programs exit and checks how they did.
    fn finish(&mut self) -> Result<(), Error> {
        if let Live::Commands(ws) = self {
            for w in ws {
                w.finish()?;
            }
        }
        Ok(())
    }
}

fn sequential(
    ex: &mut dyn Extractor,
    todo: &[ArticleInput<'_>],
    on_answer: &OnAnswer<'_>,
) -> Result<Vec<Vec<Record>>, Error> {
    let mut out = Vec::with_capacity(todo.len());
    for (i, article) in todo.iter().enumerate() {
        let records = ex.extract(article)?;
        on_answer(i, &records)?;
        out.push(records);
    }
    Ok(out)
}

/// Each copy takes the next unasked document until none is left or one
/// fails; answers go back to document order. After a failure the others
/// finish the document they are on (its answer is saved) and stop.
fn parallel(
    workers: &mut [CommandExtractor],
    todo: &[ArticleInput<'_>],
    on_answer: &OnAnswer<'_>,
) -> Result<Vec<Vec<Record>>, Error> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    type Slot = Mutex<Option<Result<Vec<Record>, Error>>>;
    let slots: Vec<Slot> = todo.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for w in workers.iter_mut() {
            let (next, failed, slots) = (&next, &failed, &slots);
            scope.spawn(move || {
                while !failed.load(Ordering::SeqCst) {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(article) = todo.get(i) else {
                        break;
                    };
                    let answer = w
                        .extract(article)
                        .and_then(|records| on_answer(i, &records).map(|_| records));
                    let bad = answer.is_err();
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(answer);
                    }
                    if bad {
                        failed.store(true, Ordering::SeqCst);
                    }
                }
            });
        }
    });
    // Documents are handed out in order and each one taken is finished, so
    // the first failure in document order comes before any unasked one.
    let mut out = Vec::with_capacity(todo.len());
    for (slot, article) in slots.into_iter().zip(todo) {
        match slot.into_inner().ok().flatten() {
            Some(Ok(records)) => out.push(records),
            Some(Err(e)) => return Err(e),
            None => {
                return Err(Error::Settings(format!(
                    "document `{}` was never answered (a copy of the program stopped)",
                    article.doc
                )));
            }
        }
    }
    Ok(out)
}

/// Saved answers being reused and written, and whom to tell.
struct Answers<'s> {
    /// Reused answers not yet consumed, by document.
    resumed: BTreeMap<String, SavedAnswer>,
    /// The file they came from, and the lines, for messages.
    resumed_from: Option<(PathBuf, SavedAnswers)>,
    log: Mutex<Option<AnswerLog>>,
    progress: Option<&'s dyn Progress>,
}

impl Answers<'_> {
    /// A saved answer for `doc`, if its article is the one it was made for.
    fn take(&mut self, doc: &Doc) -> Result<Option<Vec<Record>>, Error> {
        let Some(saved) = self.resumed.remove(&doc.id) else {
            return Ok(None);
        };
        if saved.sha256 != doc.article.sha256() {
            let (path, file) = self
                .resumed_from
                .as_ref()
                .expect("resumed answers have a file");
            return Err(Error::Saved {
                path: path.clone(),
                line: file.line_of(&doc.id).unwrap_or(0),
                pointer: "/sha256".into(),
                message: format!(
                    "the answer for `{}` was made for another text of the article (sha256 {}, now {}); delete its line to ask the extractor again",
                    doc.id,
                    saved.sha256,
                    doc.article.sha256()
                ),
            });
        }
        Ok(Some(saved.records))
    }
}

/// Runs the extract stage of one chunk through live extractors: saved
/// answers first, the extractor for the rest.
fn extract_live(
    live: &mut Live<'_>,
    answers: &mut Answers<'_>,
    docs: &[(Doc, Report)],
) -> Result<Vec<Vec<Record>>, Error> {
    let mut out: Vec<Option<Vec<Record>>> = Vec::with_capacity(docs.len());
    let mut todo = Vec::new();
    for (i, (d, _)) in docs.iter().enumerate() {
        let saved = answers.take(d)?;
        if saved.is_none() {
            todo.push(i);
        }
        out.push(saved);
    }
    let inputs: Vec<ArticleInput<'_>> = todo
        .iter()
        .map(|&i| ArticleInput {
            doc: &docs[i].0.id,
            text: docs[i].0.article.text(),
        })
        .collect();
    let (log, progress) = (&answers.log, answers.progress);
    let on_answer = |k: usize, records: &[Record]| -> Result<(), Error> {
        let doc = &docs[todo[k]].0;
        if let Some(log) = log.lock().map_err(|_| poisoned())?.as_mut() {
            log.append(&doc.id, doc.article.sha256(), records)?;
        }
        if let Some(p) = progress {
            p.advance(&doc.id);
        }
        Ok(())
    };
    let asked = live.answer(&inputs, &on_answer)?;
    for (i, records) in todo.into_iter().zip(asked) {
        out[i] = Some(records);
    }
    Ok(out.into_iter().map(Option::unwrap_or_default).collect())
}

fn poisoned() -> Error {
    Error::Settings("a thread saving answers panicked".into())
}

/// Opens saved answers and the file to save new ones to, checking them
/// against the gold and the extractor.
fn open_answers<'s>(
    settings: &'s Settings,
    name: &str,
    index: &GoldIndex,
    slice: &std::ops::Range<usize>,
) -> Result<Answers<'s>, Error> {
    let mut resumed = BTreeMap::new();
    let mut resumed_from = None;
    if let Some(path) = &settings.resume {
        let file = SavedAnswers::read_as(path, settings.profile)?;
        if file.extractor != name {
            return Err(Error::Saved {
                path: path.clone(),
                line: 1,
                pointer: "/extractor".into(),
                message: format!(
                    "these are answers of `{}`, but this run's extractor is `{name}`; resume with the same extractor, or start afresh without the saved answers",
                    file.extractor
                ),
            });
        }
        for doc in file.answers.keys() {
            if index.position(doc).is_none() {
                return Err(Error::Saved {
                    path: path.clone(),
                    line: file.line_of(doc).unwrap_or(0),
                    pointer: "/doc".into(),
                    message: format!(
                        "no gold document `{doc}`: these answers were made on another gold"
                    ),
                });
            }
        }
        resumed = file.answers.clone();
        resumed_from = Some((path.clone(), file));
    }
    let log = match &settings.save {
        Some(path) => Some(AnswerLog::create(path, name, resumed.clone())?),
        None => None,
    };
    let progress = settings.progress.as_deref();
    if let Some(p) = progress {
        let in_slice = |doc: &String| index.position(doc).is_some_and(|i| slice.contains(&i));
        let reused = resumed.keys().filter(|d| in_slice(d)).count();
        p.start(slice.len() - reused, reused);
    }
    Ok(Answers {
        resumed,
        resumed_from,
        log: Mutex::new(log),
        progress,
    })
}

/// The run: `load → validate → extract → match → count`, chunk by chunk.
fn drive(
    gold: Gold,
    mut source: Source<'_>,
    name: String,
    settings: &Settings,
    mut on_lines: Option<&mut OnLines<'_>>,
) -> Result<Outcome, Error> {
    let live = matches!(source, Source::Live(_));
    if !live && (settings.save.is_some() || settings.resume.is_some()) {
        return Err(no_saving(&name));
    }
    let (index, mut gold_problems) = GoldIndex::open_as(gold, settings.profile)?;
    // A shard scores its slice but reads every document: the gold's
    // fingerprint, and its validity, are the whole corpus's.
    let slice = settings
        .shard
        .map_or(0..index.len(), |s| s.range(index.len()));
    let mut prediction_problems = Report::default();
    let mut rejected_total = 0usize;
    let mut files: Option<PredictionIndex> = None;
    let mut answers = None;
    match &source {
        Source::Files(inputs) => {
            // Scoped here: the run holds no list of ids once indexed.
            let known: Vec<&str> = index.ids().collect();
            let (fx, problems) = PredictionIndex::open_as(inputs, &known, settings.profile)?;
            prediction_problems.diagnostics.extend(problems.diagnostics);
            rejected_total += fx.rejected.len();
            files = Some(fx);
        }
        Source::Live(_) => {
            // A program may be slow or costly: it never runs on gold that
            // would be refused, so the gold is checked first.
            check_documents(&index, &mut gold_problems)?;
            if gold_problems.errors() > 0 {
                return Ok(refused(Refusal::Gold, gold_problems, prediction_problems));
            }
            answers = Some(open_answers(settings, &name, &index, &slice)?);
        }
        Source::Baseline(_) | Source::Gold => {}
    }

    // Progress is told the extraction is over on every way out, so the
    // closure gathers the early returns.
    let result = (|| -> Result<Counting, Error> {
        let mut c = Counting::new(gold_problems, prediction_problems, rejected_total);
        let scoring = Scoring {
            options: &settings.options,
            layers: &settings.layers,
            listing: on_lines.is_some() || settings.breakdowns,
            hand_on: on_lines.is_some(),
        };
        let route = match &mut source {
            Source::Files(_) => Route::Direct(Direct::Files(files.as_ref().expect("opened above"))),
            Source::Baseline(b) => Route::Direct(Direct::Baseline(b)),
            Source::Gold => Route::Direct(Direct::Gold),
            Source::Live(live) => Route::Live(live),
        };
        let live = match route {
            Route::Live(live) => live,
            Route::Direct(direct) => {
                // Predictions at hand: each document is read, extracted and
                // scored in one pass, and a chunk is tabulated while the next
                // one is scored.
                let stop = AtomicBool::new(c.gold_errors > 0);
                let fused = |chunk: std::ops::Range<usize>| -> Vec<Result<Fused, Error>> {
                    chunk
                        .into_par_iter()
                        .map(|i| fused_doc(&index, &direct, i, &slice, &stop, &name, scoring))
                        .collect()
                };
                let mut pending: Option<Vec<Result<Fused, Error>>> = None;
                for start in (0..index.len()).step_by(CHUNK) {
                    let chunk = start..index.len().min(start + CHUNK);
                    let got = match on_lines.as_deref_mut() {
                        // The listing's receiver stays on this thread.
                        Some(f) => {
                            if let Some(p) = pending.take() {
                                c.take(p, &stop, Some(f))?;
                            }
                            fused(chunk)
                        }
                        None => {
                            let (got, taken) = rayon::join(
                                || fused(chunk),
                                || pending.take().map_or(Ok(()), |p| c.take(p, &stop, None)),
                            );
                            taken?;
                            got
                        }
                    };
                    pending = Some(got);
                }
                if let Some(p) = pending {
                    c.take(p, &stop, on_lines.as_deref_mut())?;
                }
                return Ok(c);
            }
        };
        for start in (0..index.len()).step_by(CHUNK) {
            let chunk = start..index.len().min(start + CHUNK);
            // Load and validate the gold; its share of the fingerprint.
            let loaded: Vec<Result<Loaded, Error>> = chunk
                .clone()
                .into_par_iter()
                .map(|i| {
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
                c.gold(&blob, &r);
                match doc {
                    Some(doc) if slice.contains(&i) => docs.push((doc, r)),
                    _ => c.gold_problems.diagnostics.extend(r.diagnostics),
                }
            }
            if c.gold_errors > 0 {
                // Keep reading the gold to report every problem in it, but
                // predict and score nothing more.
                for (_, r) in docs {
                    c.gold_problems.diagnostics.extend(r.diagnostics);
                }
                continue;
            }
            let a = answers.as_mut().expect("opened above");
            let got = extract_live(live, a, &docs)?;
            let scored: Vec<(Scored, Report)> = docs
                .into_par_iter()
                .zip(got)
                .map(|((doc, r), records)| {
                    let predicted = check_answer(&name, &doc, records, false);
                    (score_stage(Stage { doc, predicted }, scoring), r)
                })
                .collect();
            for (sc, r) in scored {
                c.gold_problems.diagnostics.extend(r.diagnostics);
                c.scored(sc, on_lines.as_deref_mut())?;
            }
        }
        // Every answer is in: the saved file, whole, in document order,
        // whatever the scoring below decides.
        if let Some(log) = answers
            .as_ref()
            .and_then(|a| a.log.lock().ok())
            .and_then(|mut l| l.take())
        {
            log.finish()?;
        }
        if c.gold_errors == 0 {
            // Their exit status and any answer they still owe.
            live.finish()?;
        }
        Ok(c)
    })();
    if let Some(p) = answers.as_ref().and_then(|a| a.progress) {
        p.finish();
    }
    let Counting {
        mut table,
        breakdown,
        hasher,
        without_predictions,
        without_offsets,
        approximated,
        gold_errors,
        rejected: rejected_total,
        mut gold_problems,
        mut prediction_problems,
    } = result?;
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
    table.seal().map_err(Error::Table)?;
    let dataset = Dataset {
        version: index.version.clone(),
        fingerprint: report::fingerprint_finish(hasher, index.kb.values()),
        documents: index.len(),
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
        name,
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
