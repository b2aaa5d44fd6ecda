//! The `hudna` command line: argument parsing and output, nothing else.
//!
//! Exit codes: 0 success, 1 the data (or a quality gate) failed, 2 usage or
//! I/O error. A closed pipe (`hudna … | head`) is not an error.

mod agree_cmd;
mod allocator;
mod annotate_cmd;
mod compare_cmd;
mod convert_cmd;
mod errors_cmd;
mod fmt_cmd;
mod gate_cmd;
mod lint_cmd;
mod merge_cmd;
mod output;
mod runner;
mod schema_cmd;
mod score_cmd;
mod show_cmd;
mod stats_cmd;
mod synth_cmd;
mod validate_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Score Arabic information extractors against the hudna gold corpus.
#[derive(Parser)]
#[command(name = "hudna", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score an extractor against the gold (default: the built-in baseline).
    /// Exit 0 scored, 1 invalid gold/predictions or a failed gate, 2 usage/IO/extractor error.
    Score(Box<score_cmd::Args>),
    /// Check a corpus directory or prediction files: JSON Schema plus offsets,
    /// text echo, sha256, ids and references. Exit 0 clean, 1 invalid, 2 usage/IO.
    Validate(validate_cmd::Args),
    /// Warn about incomplete or inconsistent gold (unexplained warnings exit 1).
    Lint(lint_cmd::Args),
    /// Counts per document × layer × label (table, csv, json, markdown, parquet).
    Stats(stats_cmd::Args),
    /// Print a document's text with its gold annotations inline.
    Show(show_cmd::Args),
    /// Write or check the JSON Schemas generated from the code.
    Schema(schema_cmd::Args),
    /// Apply a gates file (thresholds, regressions against a baseline) to a
    /// score report. Exit 0 all rules passed, 1 a rule failed, 2 usage/input error.
    Gate(gate_cmd::Args),
    /// Compare two score reports on the same gold: deltas, paired bootstrap
    /// CIs, randomization p-values. Exit 0 compared, 2 usage/input error.
    Compare(compare_cmd::Args),
    /// List the items of a `hudna score --errors` listing, filtered by layer,
    /// scheme, outcome, document or label. Exit 0 listed, 2 usage/input error.
    Errors(errors_cmd::Args),
    /// Merge the reports of `hudna score --shard I/N` runs into one run's report.
    Merge(merge_cmd::Args),
    /// Convert between hudna's corpus and other formats: CoNLL, spaCy/Prodigy,
    /// doccano, Label Studio, brat, the Hugging Face export. Exit 0 converted,
    /// 1 the input has errors (nothing written), 2 usage/IO.
    Convert(convert_cmd::Args),
    /// Write a seeded synthetic corpus (gold valid under `validate`) and
    /// predictions perturbed from it at controlled rates. Exit 0 written, 2 usage/IO.
    Synth(synth_cmd::Args),
    /// Add a record to a gold document, found by its surface text: next
    /// free id, validated, written atomically. Exit 0 added, 1 not added
    /// (missing, ambiguous, duplicate or invalid), 2 usage/IO.
    Annotate(annotate_cmd::Args),
    /// Put records files in canonical record and key order (`--check`:
    /// list those that are not and exit 1). Exit 2 usage/IO.
    Fmt(fmt_cmd::Args),
    /// Agreement between two annotators' files of the same articles: F1 per
    /// layer and type (symmetric), Cohen's kappa on token labels. Exit 0
    /// measured, 1 invalid annotations, 2 usage/IO.
    Agree(agree_cmd::Args),
}

fn main() -> ExitCode {
    runner::stop_programs_on_signals();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score(a) => score_cmd::run(*a),
        Command::Validate(a) => validate_cmd::run(a),
        Command::Schema(a) => schema_cmd::run(a),
        Command::Lint(a) => lint_cmd::run(a),
        Command::Stats(a) => stats_cmd::run(a),
        Command::Show(a) => show_cmd::run(a),
        Command::Gate(a) => gate_cmd::run(a),
        Command::Compare(a) => compare_cmd::run(a),
        Command::Merge(a) => merge_cmd::run(a),
        Command::Errors(a) => errors_cmd::run(a),
        Command::Synth(a) => synth_cmd::run(a),
        Command::Convert(a) => convert_cmd::run(a),
        Command::Annotate(a) => annotate_cmd::run(a),
        Command::Fmt(a) => fmt_cmd::run(a),
        Command::Agree(a) => agree_cmd::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hudna: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
