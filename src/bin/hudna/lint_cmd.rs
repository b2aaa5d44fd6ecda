//! `hudna lint [DIR]`: warnings for annotators. Exit 0 when every warning is
//! explained in `lint-allow.jsonl`, 1 otherwise, 2 on usage/IO errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hudna::corpus::Gold;
use hudna::lint::{Outcome, lint, parse_allow, read_allow};
use hudna::validate::load_corpus;

use crate::output::{self, Format, FormatArg, Render, print};

/// The unexplained warnings, and where the explained ones are.
struct Linted<'a> {
    outcome: Outcome,
    allow_path: &'a Path,
}

impl Render for Linted<'_> {
    const FORMATS: &'static [Format] = &[Format::Text, Format::Json];

    fn text(&self) -> anyhow::Result<String> {
        let mut s = String::new();
        for d in &self.outcome.report.diagnostics {
            s.push_str(&d.to_string());
            s.push('\n');
        }
        s.push_str(&format!(
            "{} unexplained warning(s), {} explained in {}\n",
            self.outcome.report.warnings(),
            self.outcome.suppressed,
            self.allow_path.display()
        ));
        Ok(s)
    }

    fn json(&self) -> anyhow::Result<String> {
        let o = &self.outcome;
        let v = serde_json::json!({ "warnings": o.report.warnings(), "suppressed": o.suppressed, "diagnostics": o.report.diagnostics });
        Ok(serde_json::to_string_pretty(&v)? + "\n")
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The gold corpus directory (default: the gold bundled with hudna).
    dir: Option<PathBuf>,
    /// Reviewed exceptions (default: DIR/lint-allow.jsonl).
    #[arg(long)]
    allow: Option<PathBuf>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = FormatArg(<Linted as Render>::FORMATS))]
    format: Format,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gold = crate::output::gold(args.dir.as_deref(), "DIR")?;
    let (corpus, report) = load_corpus(&gold)?;
    if report.errors() > 0 {
        print(&report.render_text())?;
        anyhow::bail!("the corpus does not validate; fix the errors above before linting");
    }
    let (allow_path, (allow, allow_report)) = match (&args.allow, &gold) {
        (Some(p), _) => (p.clone(), read_allow(p)?),
        (None, Gold::Dir(d)) => {
            let p = d.join("lint-allow.jsonl");
            let read = read_allow(&p)?;
            (p, read)
        }
        (None, Gold::Bundled) => {
            let p = gold.root().join("lint-allow.jsonl");
            let bytes = hudna::bundled::file("lint-allow.jsonl").unwrap_or_default();
            let parsed = parse_allow(&p, bytes);
            (p, parsed)
        }
    };
    if allow_report.errors() > 0 {
        print(&allow_report.render_text())?;
        return Ok(ExitCode::from(2));
    }
    let outcome = lint(&corpus, &allow, &allow_path);
    let n = outcome.report.warnings();
    output::emit(
        &Linted {
            outcome,
            allow_path: &allow_path,
        },
        args.format,
        Path::new("-"),
    )?;
    Ok(if n == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
