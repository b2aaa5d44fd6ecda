//! `hudna fmt [--check] [PATH…]`
//!
//! Puts records files in canonical form ([`hudna::canonical`]: record order
//! by kind, offset, id; key order of the record contract). A directory
//! stands for its `*.jsonl` files except `kb.jsonl` and `lint-allow.jsonl`.
//! With `--check` nothing is written: the files that are not canonical are
//! listed and the exit code is 1. A file that cannot be formatted (a line
//! that is not a JSON object with a `kind`, a key given twice) is left as
//! it is and its problems listed, exit 1. Exit 2: usage or I/O error.

use std::path::PathBuf;
use std::process::ExitCode;

use hudna::canonical::{FileOutcome, format_file, records_files};

use crate::output::print;

#[derive(clap::Args)]
pub struct Args {
    /// Corpus directories or records files.
    #[arg(default_value = "annotations")]
    paths: Vec<PathBuf>,
    /// Write nothing; list the files that are not canonical and exit 1 if any.
    #[arg(long)]
    check: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let files = records_files(&args.paths)?;
    let mut changed = Vec::new();
    let mut refused = 0;
    let mut out = String::new();
    for f in &files {
        match format_file(f, !args.check)? {
            FileOutcome::Canonical => {}
            FileOutcome::Changed => changed.push(f.display().to_string()),
            FileOutcome::Refused(report) => {
                refused += 1;
                for d in &report.diagnostics {
                    out.push_str(&format!("{d}\n"));
                }
            }
        }
    }
    for f in &changed {
        let what = if args.check {
            "not canonical"
        } else {
            "formatted"
        };
        out.push_str(&format!("{f}: {what}\n"));
    }
    let ok = files.len() - changed.len() - refused;
    out.push_str(&match (args.check, changed.len()) {
        (true, 0) => format!("{ok} file(s) canonical\n"),
        (true, n) => format!(
            "{n} of {} file(s) not canonical; `hudna fmt` rewrites them\n",
            files.len()
        ),
        (false, n) => format!("{n} file(s) formatted, {ok} already canonical\n"),
    });
    if refused > 0 {
        out.push_str(&format!(
            "{refused} file(s) not formatted: fix the lines above\n"
        ));
    }
    print(&out)?;
    Ok(if refused > 0 || (args.check && !changed.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
