//! `hudna show DOC [--dir DIR]`

use std::path::PathBuf;
use std::process::ExitCode;

use hudna::validate::load_corpus;

use crate::output::print;

#[derive(clap::Args)]
pub struct Args {
    /// Document id (the article's file stem).
    doc: String,
    /// The gold corpus directory.
    #[arg(long, default_value = "annotations")]
    dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (corpus, report) = load_corpus(&args.dir)?;
    let Some(doc) = corpus.docs.get(&args.doc) else {
        let known: Vec<&str> = corpus.docs.keys().map(String::as_str).collect();
        anyhow::bail!(
            "no document `{}` in {}; known: {}",
            args.doc,
            args.dir.display(),
            known.join(", ")
        );
    };
    if report.errors() > 0 {
        eprintln!(
            "warning: the corpus has {} validation error(s); showing what loaded",
            report.errors()
        );
    }
    print(&hudna::show::render(doc))?;
    Ok(ExitCode::SUCCESS)
}
