//! `hudna validate [PATH…]`
//!
//! A directory is validated as a gold corpus; a file (or a directory given
//! with `--predictions`) as predictions against `--gold`. With no path, the
//! gold bundled with hudna is validated.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hudna::corpus::Gold;
use hudna::diagnostic::Report;
use hudna::validate::{Input, check_corpus, load_corpus, load_predictions};

use crate::output::{DiagFormat, print};

#[derive(clap::Args)]
pub struct Args {
    /// Corpus directories (gold) or prediction files (default: the bundled
    /// gold); `-` reads predictions from standard input.
    paths: Vec<PathBuf>,
    /// Gold corpus that prediction files are checked against (default: the
    /// gold bundled with hudna).
    #[arg(long, value_name = "DIR")]
    gold: Option<PathBuf>,
    /// Treat directories as holding prediction files, not a gold corpus.
    #[arg(long)]
    predictions: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagFormat::Text)]
    format: DiagFormat,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut report = Report::default();
    let mut gold_cache = None;
    if args.paths.is_empty() {
        report
            .diagnostics
            .extend(check_corpus(Gold::Bundled)?.diagnostics);
    }
    for p in &args.paths {
        if p.is_dir() && !args.predictions {
            report.diagnostics.extend(check_corpus(p)?.diagnostics);
        } else {
            let input = if p == Path::new("-") {
                Input::Stdin
            } else if p.exists() {
                Input::Path(p.clone())
            } else {
                anyhow::bail!("{}: no such file or directory", p.display());
            };
            if gold_cache.is_none() {
                let gold = crate::output::gold(args.gold.as_deref(), "--gold")?;
                let (corpus, r) = load_corpus(&gold)?;
                if r.errors() > 0 {
                    anyhow::bail!(
                        "{}: the gold corpus has {} error(s); validate it first",
                        gold.root().display(),
                        r.errors()
                    );
                }
                gold_cache = Some(corpus);
            }
            let corpus = gold_cache.as_ref().expect("set above");
            let (_, r) = load_predictions(&[input], corpus)?;
            report.diagnostics.extend(r.diagnostics);
        }
    }
    report.sort();
    let body = match args.format {
        DiagFormat::Text => report.render_text(),
        DiagFormat::Json => {
            let v = serde_json::json!({
                "valid": report.errors() == 0,
                "errors": report.errors(),
                "warnings": report.warnings(),
                "diagnostics": report.diagnostics,
            });
            serde_json::to_string_pretty(&v)? + "\n"
        }
    };
    print(&body)?;
    Ok(if report.errors() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
