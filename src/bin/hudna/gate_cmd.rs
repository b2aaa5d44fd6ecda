//! `hudna gate [--config gates.toml] REPORT.json [--baseline-report B.json]
//! [--junit out.xml] [--markdown out.md]`
//!
//! Applies the rules of a gates file to a score report and prints a table of
//! every rule with its value, bound, margin, verdict and which rule applied
//! (the semantics are in the `hudna::gate` docs). `hudna score --gate` runs
//! the same check on the report it just made.
//!
//! Exit codes: 0 every rule passed; 1 a rule failed; 2 usage or input error
//! (a bad gates file, an unreadable report, reports on different gold or
//! options).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hudna::compare::NamedReport;
use hudna::gate::{self, GateConfig, GateOutcome};

use crate::output::{print, write_or_print};

const EXIT_HELP: &str = "Exit status: 0 every rule passed; 1 a rule failed; 2 usage or input error (a bad gates file, an unreadable report, a baseline on different gold or options).";

#[derive(clap::Args)]
#[command(after_help = EXIT_HELP)]
pub struct Args {
    /// The score report to gate (`hudna score --format json`); `-` reads it
    /// from standard input.
    report: PathBuf,
    /// The gates file (TOML: [[threshold]] and [[regression]] rules).
    #[arg(long, short, default_value = "gates.toml")]
    config: PathBuf,
    /// The baseline for regression rules, instead of the gates file's `baseline`.
    #[arg(long, value_name = "FILE")]
    baseline_report: Option<PathBuf>,
    /// Also write JUnit XML (one test case per rule), atomically.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Also write a Markdown summary for a pull-request comment, atomically.
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
}

/// A gates file and the baseline its regression rules need, read up front so
/// that `hudna score --gate` fails on a bad file before it scores anything.
pub struct Gates {
    config: GateConfig,
    baseline: Option<NamedReport>,
}

impl Gates {
    pub fn load(config: &Path, baseline_override: Option<&Path>) -> anyhow::Result<Gates> {
        let config = GateConfig::read(config)?;
        let path = baseline_override
            .map(Path::to_path_buf)
            .or(config.baseline.clone());
        let baseline = match path {
            Some(p) if !config.regressions.is_empty() => Some(crate::output::read_report(&p)?),
            Some(p) => {
                if baseline_override.is_some() {
                    eprintln!(
                        "hudna: note: {} has no [[regression]] rules; baseline {} is not used",
                        config.path.display(),
                        p.display()
                    );
                }
                None
            }
            None => None,
        };
        Ok(Gates { config, baseline })
    }

    pub fn evaluate(&self, report: &NamedReport) -> anyhow::Result<GateOutcome> {
        Ok(gate::evaluate(
            &self.config,
            report,
            self.baseline.as_ref(),
        )?)
    }
}

pub fn exit_code(outcome: &GateOutcome) -> ExitCode {
    if outcome.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gates = Gates::load(&args.config, args.baseline_report.as_deref())?;
    let report = crate::output::read_report(&args.report)?;
    let outcome = gates.evaluate(&report)?;
    if let Some(p) = &args.junit {
        write_or_print(p, gate::to_junit(&outcome)?.as_bytes())?;
    }
    if let Some(p) = &args.markdown {
        write_or_print(p, gate::to_markdown(&outcome).as_bytes())?;
    }
    print(&gate::to_text(&outcome))?;
    Ok(exit_code(&outcome))
}
