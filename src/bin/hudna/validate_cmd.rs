//! `hudna validate [PATH…]`
//!
//! A directory is validated as a gold corpus, under the profile `--profile`
//! names or [`hudna::profile::Profile::detect`] finds (the output says
//! which, and why); a CoNLL file (`.conll`, `.iob`, `.bio`) is read as one;
//! any other file (or a directory given with `--predictions`; `-` for
//! standard input) as predictions against `--gold`, under the gold's
//! profile. With no path, the gold bundled with hudna is validated.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hudna::corpus::Gold;
use hudna::diagnostic::Report;
use hudna::formats::conll;
use hudna::validate::{Input, check_corpus_as, load_corpus_as, load_predictions};

use crate::output::{self, Format, FormatArg, ProfileArg, Render, profile_of};

/// What was checked: under which profile each gold directory was held, and
/// the problems found; `path:line: pointer: message` lines, or one JSON
/// document.
struct Validated {
    /// (path, profile, why) of every gold directory checked.
    checked: Vec<(String, hudna::profile::Profile, &'static str)>,
    report: Report,
}

impl Render for Validated {
    const FORMATS: &'static [Format] = &[Format::Text, Format::Json];

    fn text(&self) -> anyhow::Result<String> {
        let mut s = String::new();
        for (path, profile, why) in &self.checked {
            s.push_str(&format!(
                "{path}: checked under the {profile} profile ({why})\n"
            ));
        }
        Ok(s + &self.report.render_text())
    }

    fn json(&self) -> anyhow::Result<String> {
        let r = &self.report;
        let profiles: Vec<serde_json::Value> = self
            .checked
            .iter()
            .map(|(path, profile, why)| {
                serde_json::json!({"path": path, "profile": profile, "reason": why})
            })
            .collect();
        let v = serde_json::json!({
            "valid": r.errors() == 0,
            "errors": r.errors(),
            "warnings": r.warnings(),
            "profiles": profiles,
            "diagnostics": r.diagnostics,
        });
        Ok(serde_json::to_string_pretty(&v)? + "\n")
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// Corpus directories (gold), CoNLL files or prediction files (default:
    /// the bundled gold); `-` reads predictions from standard input.
    paths: Vec<PathBuf>,
    /// Gold corpus that prediction files are checked against (default: the
    /// gold bundled with hudna).
    #[arg(long, value_name = "DIR")]
    gold: Option<PathBuf>,
    /// Treat directories as holding prediction files, not a gold corpus.
    #[arg(long)]
    predictions: bool,
    /// Which rules gold directories are held to: strict (the bundled
    /// dataset's: KB refs, document records, hudna's types) or core
    /// (offsets, text, the corpus's own labels). Default: strict for a
    /// directory with kb.jsonl or a dataset card, core otherwise.
    #[arg(long, value_enum, value_name = "PROFILE")]
    profile: Option<ProfileArg>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = FormatArg(<Validated as Render>::FORMATS))]
    format: Format,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut report = Report::default();
    let mut gold_cache = None;
    // (path, profile, why) of every gold checked.
    let mut checked = Vec::new();
    if args.paths.is_empty() {
        let (profile, why) = profile_of(args.profile, &Gold::Bundled)?;
        report
            .diagnostics
            .extend(check_corpus_as(Gold::Bundled, profile)?.diagnostics);
        checked.push((Gold::Bundled.root().display().to_string(), profile, why));
    }
    for p in &args.paths {
        if p.is_dir() && !args.predictions {
            let (profile, why) = profile_of(args.profile, &Gold::Dir(p.clone()))?;
            report
                .diagnostics
                .extend(check_corpus_as(p, profile)?.diagnostics);
            checked.push((p.display().to_string(), profile, why));
        } else if conll::is_conll_path(p) && p.is_file() {
            report.diagnostics.extend(conll::read(p)?.1.diagnostics);
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
                let (profile, why) = profile_of(args.profile, &gold)?;
                let (corpus, r) = load_corpus_as(&gold, profile)?;
                if r.errors() > 0 {
                    anyhow::bail!(
                        "{}: the gold corpus has {} error(s) under the {profile} profile; validate it first",
                        gold.root().display(),
                        r.errors()
                    );
                }
                checked.push((gold.root().display().to_string(), profile, why));
                gold_cache = Some(corpus);
            }
            let corpus = gold_cache.as_ref().expect("set above");
            let (_, r) = load_predictions(&[input], corpus)?;
            report.diagnostics.extend(r.diagnostics);
        }
    }
    report.sort();
    let clean = report.errors() == 0;
    output::emit(&Validated { checked, report }, args.format, Path::new("-"))?;
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
