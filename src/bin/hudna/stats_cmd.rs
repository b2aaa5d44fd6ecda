//! `hudna stats [DIR] [--format text|csv|json|markdown|parquet] [--output F]`
//! (`table` is accepted for `text`; without `--format`, the `--output`
//! extension decides)

use std::path::PathBuf;
use std::process::ExitCode;

use hudna::stats::{Row, compute, to_csv, to_markdown, to_table};
use hudna::validate::load_corpus;

use crate::output::{self, Format, FormatArg, Render};

/// The corpus counts.
struct Stats(Vec<Row>);

impl Render for Stats {
    const FORMATS: &'static [Format] = &[
        Format::Text,
        Format::Csv,
        Format::Json,
        Format::Markdown,
        Format::Parquet,
    ];

    fn text(&self) -> anyhow::Result<String> {
        Ok(to_table(&self.0))
    }

    fn json(&self) -> anyhow::Result<String> {
        Ok(serde_json::to_string_pretty(&serde_json::json!({ "rows": self.0 }))? + "\n")
    }

    fn markdown(&self) -> Option<anyhow::Result<String>> {
        Some(Ok(to_markdown(&self.0)))
    }

    fn csv(&self) -> Option<anyhow::Result<String>> {
        Some(to_csv(&self.0).map_err(Into::into))
    }

    #[cfg(feature = "polars")]
    fn parquet(&self) -> Option<anyhow::Result<Vec<u8>>> {
        Some(hudna::stats::to_parquet(&self.0).map_err(Into::into))
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The gold corpus directory (default: the gold bundled with hudna).
    dir: Option<PathBuf>,
    /// Output format [default: from the --output extension, else text].
    #[arg(long, value_parser = FormatArg(<Stats as Render>::FORMATS))]
    format: Option<Format>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short, default_value = "-")]
    output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = output::resolve(
        "stats",
        args.format,
        &args.output,
        <Stats as Render>::FORMATS,
    )?;
    let gold = crate::output::gold(args.dir.as_deref(), "DIR")?;
    let (corpus, report) = load_corpus(&gold)?;
    if report.errors() > 0 {
        anyhow::bail!(
            "{}: {} validation error(s); run `hudna validate` first",
            gold.root().display(),
            report.errors()
        );
    }
    output::emit(&Stats(compute(&corpus)), format, &args.output)?;
    Ok(ExitCode::SUCCESS)
}
