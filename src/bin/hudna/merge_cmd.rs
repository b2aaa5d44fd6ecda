//! `hudna merge PART.json… [--format text|json|csv|markdown|parquet] [--output FILE]`
//! (without `--format`, the `--output` extension decides, as for `score`)
//!
//! Combines the JSON reports of `hudna score --shard I/N` runs (every shard
//! once, same gold, options and extractor) into the report one run over all
//! documents gives, bootstrap intervals included.
//!
//! Exit codes: 0 merged; 2 usage or input error (an unreadable report, a
//! missing, repeated or foreign shard).

use std::path::PathBuf;
use std::process::ExitCode;

use hudna::report::ScoreReport;

use crate::output::{self, Format, FormatArg, Render};

#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 merged; 2 usage or input error (an unreadable report, or shards that do not make one run)."
)]
pub struct Args {
    /// The shard reports (`hudna score --shard I/N --format json`), in any order.
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// Output format [default: from the --output extension, else text].
    #[arg(long, value_parser = FormatArg(<ScoreReport as Render>::FORMATS))]
    format: Option<Format>,
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(long, short, default_value = "-")]
    output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = output::resolve(
        "merge",
        args.format,
        &args.output,
        <ScoreReport as Render>::FORMATS,
    )?;
    let mut parts = Vec::with_capacity(args.parts.len());
    for p in &args.parts {
        parts.push(crate::output::read_report(p)?.report);
    }
    parts.sort_by_key(|r| r.shard.map(|s| s.index));
    let report = hudna::report::merge(&parts).map_err(|e| anyhow::anyhow!("cannot merge: {e}"))?;
    output::emit(&report, format, &args.output)?;
    Ok(ExitCode::SUCCESS)
}
