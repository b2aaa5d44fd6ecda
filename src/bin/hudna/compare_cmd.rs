//! `hudna compare A.json B.json [--resamples N] [--permutations N] [--seed S]
//! [--top N] [--format text|json|markdown] [--output FILE]`
//!
//! Per-metric deltas B − A with paired bootstrap confidence intervals and
//! approximate-randomization p-values over documents, and the documents and
//! labels that changed most (the method is in the `hudna::compare` docs).
//! Reports made on different gold, documents or options (resamples and seed
//! aside) are refused.
//!
//! Exit codes: 0 compared; 2 usage or input error (unreadable or
//! incomparable reports).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use hudna::compare::{self, Settings};
use hudna::limits::{MAX_PERMUTATIONS, MAX_RESAMPLES};

use crate::output::{at_most, write_or_print};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for the terminal.
    Text,
    /// Every delta, interval and p-value, for machines.
    Json,
    /// A pull-request comment.
    Markdown,
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
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short, default_value = "-")]
    output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let a = crate::output::read_report(&args.a)?;
    let b = crate::output::read_report(&args.b)?;
    let settings = Settings {
        resamples: args.resamples,
        permutations: args.permutations,
        seed: args.seed,
        top: args.top,
    };
    let c = compare::compare(&a, &b, &settings)?;
    let body = match args.format {
        Format::Text => compare::to_text(&c),
        Format::Json => compare::to_json(&c),
        Format::Markdown => compare::to_markdown(&c),
    };
    write_or_print(&args.output, body.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
