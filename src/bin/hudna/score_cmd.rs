//! `hudna score [--gold DIR] [--extractor SPEC] [--layers L,…] [--format F] [--output FILE]`
//!
//! Runs an extractor over the gold articles and scores it, layer by layer
//! (`--layers` picks some; the others are then absent from the report, not
//! zero). With no arguments: the built-in baseline on the bundled gold.
//! Without `--format`, the format follows the `--output` file's extension
//! (`report.json` is JSON), and is text otherwise.
//!
//! Extractors: `baseline`, `gold` (the oracle), `file:PATH[,PATH…]`
//! (prediction files or directories; `-` is standard input), `command:CMD`
//! (a program speaking docs/extractor-protocol.md, run with `sh -c`; with
//! `--jobs`, `--save-predictions`, `--resume`, `--extractor-log`).
//!
//! A CoNLL gold file (`--gold G.conll`, also `.iob`, `.bio`) is scored
//! against a CoNLL prediction file (`--extractor file:P.conll`), entities
//! only, with tags chunked as `--iob` says and per-label counts as seqeval
//! reports them (each type alone) unless `--per-label gold`; standard input
//! (`file:-`) is read as CoNLL then.
//!
//! With `--gate gates.toml` the report is then gated as by `hudna gate`: the
//! table goes to stderr (stdout stays the report) and a failed rule exits 1.
//! The gates file and its baseline are read before scoring, so a bad one
//! fails fast.
//!
//! Exit codes: 0 scored (and every gate passed); 1 the gold or the
//! predictions are invalid (without --lenient), or a gate failed; 2 usage,
//! I/O, gates-file or extractor failure.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::ValueEnum;
use hudna::corpus::Gold;
use hudna::formats::conll::is_conll_path;
use hudna::formats::iob::IobMode;
use hudna::report::{self, ScoreReport, Shard};
use hudna::run::{Refusal, Settings, Spec};
use hudna::score::{Boundary, EventCounting, Layer, Matching, Options, PerLabel};

use crate::gate_cmd::{Gates, exit_code};
use crate::output::{self, Format, FormatArg, ProfileArg, Render, profile_of, write_or_print};

/// A score report in every format it has: the versioned JSON
/// (schemas/report.schema.json), tidy CSV (one row per document × layer ×
/// scheme × label × metric; an undefined ratio is an empty cell) and Parquet.
impl Render for ScoreReport {
    const FORMATS: &'static [Format] = &[
        Format::Text,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Parquet,
    ];

    fn text(&self) -> anyhow::Result<String> {
        Ok(report::to_text(self)?)
    }

    fn write_text(&self, w: &mut dyn std::io::Write) -> anyhow::Result<()> {
        report::write_text(self, w)?;
        Ok(())
    }

    fn json(&self) -> anyhow::Result<String> {
        Ok(self.to_json()?)
    }

    fn write_json(&self, w: &mut dyn std::io::Write) -> anyhow::Result<()> {
        ScoreReport::write_json(self, w)?;
        Ok(())
    }

    fn markdown(&self) -> Option<anyhow::Result<String>> {
        Some(report::to_markdown(self).map_err(Into::into))
    }

    fn csv(&self) -> Option<anyhow::Result<String>> {
        Some(report::to_csv(self).map_err(Into::into))
    }

    #[cfg(feature = "polars")]
    fn parquet(&self) -> Option<anyhow::Result<Vec<u8>>> {
        Some(report::to_parquet(self).map_err(Into::into))
    }
}

/// `--layers entities,casualties`: the layers to score, in report order.
#[derive(Clone, Debug)]
pub struct Layers(Vec<Layer>);

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MatchingArg {
    /// One-to-one optimal assignment, independent of input order.
    Optimal,
    /// nervaluate 1.2's greedy list-order matching.
    Greedy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BoundaryArg {
    /// Offsets as given.
    Exact,
    /// Widen both sides to whitespace-token edges (forgives clitics).
    Token,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum IobArg {
    /// conlleval's rules, seqeval's default mode: an I- after O or after
    /// another type opens a chunk; E- and S- are read too.
    Conlleval,
    /// seqeval's mode='strict', scheme=IOB2: a chunk is a B- and the I- of
    /// its type right after it; E- and S- are errors.
    Strict,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PerLabelArg {
    /// Each outcome under one label (a pair under its gold type): labels
    /// sum to the overall counts. The default on JSONL corpora.
    Gold,
    /// Each label scored alone, on its gold and predicted spans only
    /// (conlleval, seqeval, nervaluate). The default on CoNLL files.
    Filtered,
}

#[derive(clap::Args)]
pub struct Args {
    /// The gold: a corpus directory, or a CoNLL file (.conll, .iob, .bio)
    /// (default: the gold bundled with hudna, the repository's
    /// annotations/ at build time).
    #[arg(long, value_name = "PATH")]
    gold: Option<PathBuf>,
    /// Which rules the gold directory (and the predictions) are held to:
    /// strict (the bundled dataset's) or core (any corpus: offsets, text,
    /// its own entity labels). Default: strict for a directory with
    /// kb.jsonl or a dataset card, core otherwise; the bundled gold is
    /// strict.
    #[arg(long, value_enum, value_name = "PROFILE")]
    profile: Option<ProfileArg>,
    /// baseline | gold | file:PATH[,PATH…] (`file:-`: standard input) |
    /// command:CMD
    #[arg(long, short, default_value = "baseline")]
    extractor: String,
    /// Seconds a command extractor may take per article (above 0, at most
    /// 86400).
    #[arg(long, default_value_t = 60.0, value_parser = parse_timeout)]
    timeout: f64,
    /// Output format [default: from the --output extension (.txt, .json,
    /// .csv, .md, .parquet), else text].
    #[arg(long, value_parser = FormatArg(<ScoreReport as Render>::FORMATS))]
    format: Option<Format>,
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(long, short, default_value = "-")]
    output: PathBuf,
    /// Score and report only these layers (comma-separated: entities,
    /// events, casualties); the others are absent from the report, not zero.
    #[arg(long, value_name = "LAYER,…", value_parser = parse_layers)]
    layers: Option<Layers>,
    /// How entity spans are paired.
    #[arg(long, value_enum, default_value_t = MatchingArg::Optimal)]
    matching: MatchingArg,
    /// How span boundaries are compared.
    #[arg(long, value_enum, default_value_t = BoundaryArg::Exact)]
    boundary: BoundaryArg,
    /// Keep teh marbuta (ة) distinct from heh (ه) in offset-free comparison.
    #[arg(long)]
    keep_teh_marbuta: bool,
    /// Casualty claims must also agree on the victims' group.
    #[arg(long)]
    claim_victims: bool,
    /// Casualty claims must also agree on the source's KB ref.
    #[arg(long)]
    claim_source: bool,
    /// Entity spans pair only when they share at least PCT percent of the
    /// gold span's length (1–100; nervaluate 1.2's min_overlap_percentage).
    /// Default: any overlap (optimal), 1% (greedy, as nervaluate).
    #[arg(long, value_name = "PCT", value_parser = parse_min_overlap)]
    min_overlap: Option<f64>,
    /// Count events and arguments as TextEE and OneIE do: distinct tuples
    /// per document, so a repeated prediction counts once (default:
    /// one-to-one, a repeat is spurious).
    #[arg(long)]
    event_dedup: bool,
    /// How CoNLL tags make chunks (CoNLL gold only; default conlleval).
    #[arg(long, value_enum, value_name = "MODE")]
    iob: Option<IobArg>,
    /// How entity counts are filed per label (default: gold on JSONL
    /// corpora, filtered on CoNLL files, as seqeval reports them).
    #[arg(long, value_enum, value_name = "HOW")]
    per_label: Option<PerLabelArg>,
    /// Bootstrap resamples for confidence intervals (0: none; at most 100000).
    #[arg(long, default_value_t = 1000, value_parser = crate::output::at_most(hudna::limits::MAX_RESAMPLES))]
    resamples: usize,
    /// Bootstrap seed.
    #[arg(long, default_value_t = Options::default().seed)]
    seed: u64,
    /// Score only shard I of N (documents in id order, cut into N nearly
    /// equal runs) and write a partial report; `hudna merge` combines the N
    /// reports into the report of one run.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// Score invalid predicted records as spurious instead of refusing to score.
    #[arg(long)]
    lenient: bool,
    /// Run N copies of a `command:` extractor in parallel, each fed its
    /// share of the documents (1–64); the report is the same as with one.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = crate::output::between(1, hudna::limits::MAX_JOBS))]
    jobs: usize,
    /// Save every answer of a `command:` extractor to FILE as it arrives
    /// (appended, one line per document; rewritten atomically in document
    /// order at the end), for --resume after a crash.
    #[arg(long, value_name = "FILE")]
    save_predictions: Option<PathBuf>,
    /// Reuse the answers saved in FILE by --save-predictions and ask the
    /// program only for the other documents (same extractor and gold).
    #[arg(long, value_name = "FILE")]
    resume: Option<PathBuf>,
    /// Write the `command:` extractor's stderr to FILE instead of passing
    /// it through to hudna's stderr.
    #[arg(long, value_name = "FILE")]
    extractor_log: Option<PathBuf>,
    /// Also write every gold and predicted item with its outcome under each
    /// scheme to FILE (JSON lines; see `hudna errors` to read them). Their
    /// outcomes sum to the report's counts.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Add breakdowns to the report: counts by page zone, mention length,
    /// attached proclitic and how figures are written (JSON and HTML show
    /// them).
    #[arg(long)]
    breakdowns: bool,
    /// Also write a self-contained HTML report to FILE: scores with
    /// intervals, per-type charts, confusion, breakdowns, claims side by
    /// side, and every article with gold and predicted spans highlighted.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Then apply this gates file to the report (table on stderr; a failed
    /// rule exits 1), as `hudna gate` does.
    #[arg(long, value_name = "FILE")]
    gate: Option<PathBuf>,
    /// The baseline for the gates' regression rules, instead of the gates
    /// file's `baseline`.
    #[arg(long, value_name = "FILE", requires = "gate")]
    baseline_report: Option<PathBuf>,
}

fn parse_layers(s: &str) -> Result<Layers, String> {
    Layer::parse_list(s).map(Layers)
}

/// nervaluate accepts 1 to 100 and so does hudna: 0 would make every pair
/// of spans overlap.
fn parse_min_overlap(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (1.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a percentage from 1 to 100")),
    }
}

/// `--timeout`: seconds above 0 and at most a day (a usage error otherwise,
/// before anything is read).
fn parse_timeout(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(t) if t > 0.0 && t <= 86_400.0 => Ok(t),
        _ => Err("a number of seconds above 0 and at most 86400 (a day)".into()),
    }
}

impl Args {
    /// Whether `--gold` names a CoNLL file.
    fn conll_gold(&self) -> bool {
        self.gold.as_deref().is_some_and(is_conll_path)
    }

    /// The gold: a directory, a CoNLL file, or the bundled one.
    fn gold(&self) -> anyhow::Result<Gold> {
        match self.gold.as_deref() {
            // A CoNLL file is read as one (a missing one is an I/O error
            // naming it).
            Some(p) if is_conll_path(p) && !p.is_dir() => Ok(Gold::Dir(p.to_path_buf())),
            dir => crate::output::gold(dir, "--gold"),
        }
    }

    fn options(&self) -> Options {
        Options {
            matching: match self.matching {
                MatchingArg::Optimal => Matching::Optimal,
                MatchingArg::Greedy => Matching::Greedy,
            },
            boundary: match self.boundary {
                BoundaryArg::Exact => Boundary::Exact,
                BoundaryArg::Token => Boundary::Token,
            },
            fold_teh_marbuta: !self.keep_teh_marbuta,
            claim_victims: self.claim_victims,
            claim_source: self.claim_source,
            min_overlap: self.min_overlap,
            event_counting: if self.event_dedup {
                EventCounting::Sets
            } else {
                EventCounting::OneToOne
            },
            per_label: match (self.per_label, self.conll_gold()) {
                (Some(PerLabelArg::Gold), _) | (None, false) => PerLabel::Gold,
                (Some(PerLabelArg::Filtered), _) | (None, true) => PerLabel::Filtered,
            },
            iob: match (self.iob, self.conll_gold()) {
                (Some(IobArg::Strict), _) => Some(IobMode::Strict),
                (Some(IobArg::Conlleval), _) | (None, true) => Some(IobMode::Conlleval),
                (None, false) => None,
            },
            resamples: self.resamples,
            seed: self.seed,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gates = match &args.gate {
        Some(g) => Some(Gates::load(g, args.baseline_report.as_deref())?),
        None => None,
    };
    let gold = args.gold()?;
    let format = output::resolve(
        "score",
        args.format,
        &args.output,
        <ScoreReport as Render>::FORMATS,
    )?;
    let spec = Spec::parse(&args.extractor).map_err(|e| anyhow::anyhow!(e))?;
    if !matches!(spec, Spec::Command(_)) {
        let runner_flags = [
            ("--jobs", args.jobs > 1),
            ("--save-predictions", args.save_predictions.is_some()),
            ("--resume", args.resume.is_some()),
            ("--extractor-log", args.extractor_log.is_some()),
        ];
        if let Some((flag, _)) = runner_flags.iter().find(|(_, given)| *given) {
            anyhow::bail!(
                "{flag} is for `command:` extractors, which run a program per document; `{}` does not",
                args.extractor
            );
        }
    }
    if let Some(p) = &args.resume
        && !p.is_file()
    {
        anyhow::bail!(
            "--resume {}: no such file; a first run saves its answers with --save-predictions {0}",
            p.display()
        );
    }
    let (profile, why) = profile_of(args.profile, &gold)?;
    let runner = crate::runner::Runner::new(args.extractor_log.as_deref())?;
    let settings = Settings {
        options: args.options(),
        lenient: args.lenient,
        timeout: Duration::from_secs_f64(args.timeout),
        shard: args.shard,
        jobs: args.jobs,
        save: args.save_predictions.clone(),
        resume: args.resume.clone(),
        extractor_stderr: Some(runner.stderr_sink()),
        progress: runner.progress(),
        profile,
        breakdowns: args.breakdowns || args.html.is_some(),
        layers: args
            .layers
            .as_ref()
            .map_or(Layer::ALL.to_vec(), |l| l.0.clone()),
    };
    let mut listing = match &args.errors {
        Some(path) => Some(
            hudna::fsutil::AtomicFile::create(path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        ),
        None => None,
    };
    let mut pages: Vec<hudna::html::Document> = Vec::new();
    let wants_lines = listing.is_some() || args.html.is_some();
    let errors_path = args.errors.clone().unwrap_or_default();
    let html = args.html.is_some();
    let mut on_lines = |doc: &hudna::corpus::Doc,
                        lines: Vec<hudna::listing::Line>|
     -> Result<(), hudna::error::Error> {
        if let Some(file) = listing.as_mut() {
            for l in &lines {
                let mut s = serde_json::to_string(l).unwrap_or_default();
                s.push('\n');
                std::io::Write::write_all(file, s.as_bytes())
                    .map_err(|e| hudna::error::Error::io(&errors_path, e))?;
            }
        }
        if html {
            pages.push(hudna::html::Document {
                id: doc.id.clone(),
                text: doc.article.text().to_owned(),
                lines,
            });
        }
        Ok(())
    };
    let outcome = if wants_lines {
        hudna::run::score_listed(&gold, &spec, &settings, Some(&mut on_lines))?
    } else {
        hudna::run::score(&gold, &spec, &settings)?
    };
    match outcome.refused {
        Some(Refusal::Gold) => {
            eprint!("{}", outcome.gold_problems.render_text());
            let checked = if args.conll_gold() {
                String::new()
            } else {
                format!(" (checked under the {profile} profile: {why})")
            };
            eprintln!(
                "hudna: the gold in {} has {} error(s){checked}; nothing was scored",
                gold.root().display(),
                outcome.gold_problems.errors()
            );
            return Ok(ExitCode::from(1));
        }
        Some(Refusal::Predictions) => {
            eprint!("{}", outcome.prediction_problems.render_text());
            // A CoNLL prediction has no record to drop: --lenient cannot help.
            let lenient = if args.conll_gold() {
                ""
            } else {
                " (--lenient scores invalid records as spurious)"
            };
            eprintln!(
                "hudna: {} error(s) in the predictions; nothing was scored{lenient}",
                outcome.prediction_problems.errors()
            );
            return Ok(ExitCode::from(1));
        }
        Some(Refusal::Extracted) => {
            eprint!("{}", outcome.prediction_problems.render_text());
            eprintln!(
                "hudna: the extractor returned {} invalid record(s); nothing was scored (--lenient scores them as spurious)",
                outcome.prediction_problems.errors()
            );
            return Ok(ExitCode::from(1));
        }
        None => {}
    }
    if outcome.prediction_problems.errors() > 0 {
        eprint!("{}", outcome.prediction_problems.render_text());
    }
    if args.lenient && outcome.rejected > 0 {
        eprintln!(
            "hudna: --lenient: {} invalid predicted record(s) dropped and scored as spurious",
            outcome.rejected
        );
    }
    let Some(report) = outcome.report else {
        anyhow::bail!("no report was made");
    };
    output::emit(&report, format, &args.output)?;
    if let Some(path) = &args.html {
        let page = hudna::html::render(&report, &pages)
            .map_err(|e| anyhow::anyhow!("cannot render the HTML report: {e}"))?;
        write_or_print(path, page.as_bytes())?;
    }
    if let (Some(file), Some(path)) = (listing, &args.errors) {
        file.commit()
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    if let Some(gates) = gates {
        let name = if args.output == Path::new("-") {
            "this run (hudna score)".to_string()
        } else {
            args.output.display().to_string()
        };
        let outcome = gates.evaluate(&hudna::compare::NamedReport::new(name, report))?;
        eprint!("{}", hudna::gate::to_text(&outcome));
        return Ok(exit_code(&outcome));
    }
    Ok(ExitCode::SUCCESS)
}
