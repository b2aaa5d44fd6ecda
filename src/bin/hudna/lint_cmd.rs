//! `hudna lint [DIR]`: warnings for annotators. Exit 0 when every warning is
//! explained in `lint-allow.jsonl`, 1 otherwise, 2 on usage/IO errors.

use std::path::PathBuf;
use std::process::ExitCode;

use hudna::corpus::Gold;
use hudna::lint::{lint, parse_allow, read_allow};
use hudna::validate::load_corpus;

use crate::output::{DiagFormat, print};

#[derive(clap::Args)]
pub struct Args {
    /// The gold corpus directory (default: the gold bundled with hudna).
    dir: Option<PathBuf>,
    /// Reviewed exceptions (default: DIR/lint-allow.jsonl).
    #[arg(long)]
    allow: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagFormat::Text)]
    format: DiagFormat,
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
    match args.format {
        crate::output::DiagFormat::Text => {
            let mut s = String::new();
            for d in &outcome.report.diagnostics {
                s.push_str(&d.to_string());
                s.push('\n');
            }
            s.push_str(&format!(
                "{n} unexplained warning(s), {} explained in {}\n",
                outcome.suppressed,
                allow_path.display()
            ));
            print(&s)?;
        }
        crate::output::DiagFormat::Json => {
            let v = serde_json::json!({ "warnings": n, "suppressed": outcome.suppressed, "diagnostics": outcome.report.diagnostics });
            print(&(serde_json::to_string_pretty(&v)? + "\n"))?;
        }
    }
    Ok(if n == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
