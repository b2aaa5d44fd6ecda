//! `hudna show DOC [--dir DIR]`

use std::path::PathBuf;
use std::process::ExitCode;

use hudna::validate::load_corpus;

use crate::output::print;

#[derive(clap::Args)]
pub struct Args {
    /// Document id (the article's file stem).
    doc: String,
    /// The gold corpus directory (default: the gold bundled with hudna).
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gold = crate::output::gold(args.dir.as_deref(), "--dir")?;
    let (corpus, report) = load_corpus(&gold)?;
    let Some(doc) = corpus.docs.get(&args.doc) else {
        let known: Vec<&str> = corpus.docs.keys().map(String::as_str).collect();
        anyhow::bail!(
            "no document `{}` in {}; known: {}",
            args.doc,
            gold.root().display(),
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
