//! `hudna compare A.json B.json [--resamples N] [--permutations N] [--seed S]
//! [--top N] [--format text|json|markdown] [--output FILE]` (without
//! `--format`, the `--output` extension decides)
//!
//! Per-metric deltas B − A with paired bootstrap confidence intervals and
//! approximate-randomization p-values over documents, and the documents and
//! labels that changed most (the method is in the `hudna::compare` docs).
//! Reports made on different gold, documents or options (resamples and seed
//! aside) are refused; reports on different layers are compared on the
//! layers both scored.
//!
//! Exit codes: 0 compared; 2 usage or input error (unreadable or
//! incomparable reports).

use std::path::PathBuf;
use std::process::ExitCode;

use hudna::compare::{self, Comparison, Settings};
use hudna::limits::{MAX_PERMUTATIONS, MAX_RESAMPLES};

use crate::output::{self, Format, FormatArg, Render, at_most};

/// A comparison: tables, every delta, interval and p-value as JSON, or a
/// pull-request comment.
impl Render for Comparison {
    const FORMATS: &'static [Format] = &[Format::Text, Format::Json, Format::Markdown];

    fn text(&self) -> anyhow::Result<String> {
        Ok(compare::to_text(self))
    }

    fn json(&self) -> anyhow::Result<String> {
        Ok(compare::to_json(self))
    }

    fn markdown(&self) -> Option<anyhow::Result<String>> {
        Some(Ok(compare::to_markdown(self)))
    }
}

#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 compared; 2 usage or input error (an unreadable report, or reports on different gold, documents or options)."
)]
pub struct Args {
    /// The reference report (A), from `hudna score --format json`.
    a: PathBuf,
    /// The report compared with it (B): deltas are B − A.
    b: PathBuf,
    /// Paired bootstrap resamples for the confidence intervals (0: none; at
    /// most 100000).
    #[arg(long, default_value_t = compare::DEFAULT_RESAMPLES, value_parser = at_most(MAX_RESAMPLES))]
    resamples: usize,
    /// Approximate-randomization rounds for the p-values (0: none; at most
    /// 100000).
    #[arg(long, default_value_t = compare::DEFAULT_PERMUTATIONS, value_parser = at_most(MAX_PERMUTATIONS))]
    permutations: usize,
    /// Seed of both.
    #[arg(long, default_value_t = Settings::default().seed)]
    seed: u64,
    /// How many documents and labels to list as changed most.
    #[arg(long, default_value_t = compare::DEFAULT_TOP)]
    top: usize,
    /// Output format [default: from the --output extension (.txt, .json,
    /// .md), else text].
    #[arg(long, value_parser = FormatArg(<Comparison as Render>::FORMATS))]
    format: Option<Format>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short, default_value = "-")]
    output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = output::resolve(
        "compare",
        args.format,
        &args.output,
        <Comparison as Render>::FORMATS,
    )?;
    let a = crate::output::read_report(&args.a)?;
    let b = crate::output::read_report(&args.b)?;
    let settings = Settings {
        resamples: args.resamples,
        permutations: args.permutations,
        seed: args.seed,
        top: args.top,
    };
    let c = compare::compare(&a, &b, &settings)?;
    output::emit(&c, format, &args.output)?;
    Ok(ExitCode::SUCCESS)
}
