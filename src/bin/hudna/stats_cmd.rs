//! `hudna stats [DIR] [--format table|csv|json|markdown|parquet] [--output F]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use hudna::stats::{compute, to_csv, to_markdown, to_table};
use hudna::validate::load_corpus;

use crate::output::write_or_print;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
    /// Needs the `polars` feature and `--output`.
    Parquet,
}

#[derive(clap::Args)]
pub struct Args {
    /// The gold corpus directory (default: the gold bundled with hudna).
    dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short, default_value = "-")]
    output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gold = crate::output::gold(args.dir.as_deref(), "DIR")?;
    let (corpus, report) = load_corpus(&gold)?;
    if report.errors() > 0 {
        anyhow::bail!(
            "{}: {} validation error(s); run `hudna validate` first",
            gold.root().display(),
            report.errors()
        );
    }
    let rows = compute(&corpus);
    let body: Vec<u8> = match args.format {
        Format::Table => to_table(&rows).into_bytes(),
        Format::Csv => to_csv(&rows)?.into_bytes(),
        Format::Json => (serde_json::to_string_pretty(&serde_json::json!({ "rows": rows }))?
            + "\n")
            .into_bytes(),
        Format::Markdown => to_markdown(&rows).into_bytes(),
        Format::Parquet => parquet(&rows, &args.output)?,
    };
    write_or_print(&args.output, &body)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "polars")]
fn parquet(rows: &[hudna::stats::Row], output: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    if output == std::path::Path::new("-") {
        anyhow::bail!("--format parquet writes a binary file: give --output FILE.parquet");
    }
    Ok(hudna::stats::to_parquet(rows)?)
}

#[cfg(not(feature = "polars"))]
fn parquet(_: &[hudna::stats::Row], _: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    anyhow::bail!(
        "--format parquet needs the `polars` feature: cargo run --release --features polars -- stats --format parquet --output stats.parquet"
    )
}
