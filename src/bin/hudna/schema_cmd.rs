//! `hudna schema --write DIR` / `--check DIR`: the committed JSON Schemas are
//! generated from the code; this writes them or proves they are current.

use std::path::PathBuf;
use std::process::ExitCode;

use hudna::schema::{generate, to_text};

use crate::output::{print, write_or_print};

#[derive(clap::Args)]
pub struct Args {
    /// Write the schemas into this directory.
    #[arg(long, conflicts_with = "check")]
    write: Option<PathBuf>,
    /// Compare the schemas in this directory with the generated ones.
    #[arg(long)]
    check: Option<PathBuf>,
    /// Print the event ontology's PLOVER/ACLED mapping table (Markdown).
    #[arg(long, conflicts_with_all = ["write", "check"])]
    ontology: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.ontology {
        print(&hudna::ontology::mapping_markdown())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut stale = Vec::new();
    for f in generate() {
        let text = to_text(&f.schema);
        if let Some(dir) = &args.write {
            write_or_print(&dir.join(f.name), text.as_bytes())?;
        } else if let Some(dir) = &args.check {
            let path = dir.join(f.name);
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != text {
                stale.push(path.display().to_string());
            }
        } else {
            print(&text)?;
        }
    }
    if stale.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        print(&format!(
            "stale: {} (run `hudna schema --write schemas`)\n",
            stale.join(", ")
        ))?;
        Ok(ExitCode::from(1))
    }
}
