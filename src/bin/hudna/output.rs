//! Shared output helpers for subcommands.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use hudna::corpus::Gold;

/// Output formats for commands that report diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    /// One `path:line: pointer: message` per problem.
    Text,
    /// One JSON document for machines.
    Json,
}

/// Writes `s` to stdout; a closed pipe surfaces as an error `main` ignores.
pub fn print(s: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Whether an error is a closed stdout pipe.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes a file atomically, or prints to stdout when `path` is `-`.
pub fn write_or_print(path: &Path, body: &[u8]) -> anyhow::Result<()> {
    if path == Path::new("-") {
        print(&String::from_utf8_lossy(body))
    } else {
        hudna::fsutil::write_atomic(path, body)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }
}

/// A clap parser for a count capped at `max` (one of `hudna::limits`):
/// anything but a whole number from 0 to `max` — a negative, a decimal, a
/// number too large for any integer — is a usage error (exit 2) that names
/// the flag and the range.
pub fn at_most(max: usize) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync {
    move |s: &str| {
        s.parse::<usize>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| format!("not a whole number from 0 to {max} (hudna's limit)"))
    }
}

/// A clap parser for a count from `min` to `max`: anything else is a usage
/// error (exit 2) naming the range.
pub fn between(
    min: usize,
    max: usize,
) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync {
    move |s: &str| {
        s.parse::<usize>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| format!("not a whole number from {min} to {max} (hudna's limit)"))
    }
}

/// The gold a command reads: the directory `dir` given with `flag`, or the
/// copy compiled into hudna when none was given. A path that is not a
/// directory is a usage error naming the flag, so a typo is never mistaken
/// for a corpus with no articles, nor silently replaced by the bundled gold.
pub fn gold(dir: Option<&Path>, flag: &str) -> anyhow::Result<Gold> {
    let Some(d) = dir else {
        return Ok(Gold::Bundled);
    };
    if d.is_dir() {
        return Ok(Gold::Dir(d.to_path_buf()));
    }
    let what = if d.exists() {
        "not a directory"
    } else {
        "no such directory"
    };
    anyhow::bail!(
        "{flag} {}: {what}; {flag} names a gold corpus directory (<doc>.txt, <doc>.jsonl, kb.jsonl); leave it out to use the gold bundled with hudna",
        d.display()
    )
}

/// Reads a score report from a file, or from standard input when `path` is
/// `-` (named `<stdin>` in messages). Standard input can be read only once,
/// so a second `-` in one command is a usage error rather than an empty
/// report.
pub fn read_report(path: &Path) -> anyhow::Result<hudna::compare::NamedReport> {
    use std::io::Read;
    use std::sync::atomic::{AtomicBool, Ordering};
    static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);
    if path != Path::new("-") {
        return Ok(hudna::compare::NamedReport::read(path)?);
    }
    if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
        anyhow::bail!("`-` (standard input) can be given only once");
    }
    let name = Path::new(hudna::validate::STDIN_NAME);
    let mut text = String::new();
    std::io::stdin()
        .lock()
        .read_to_string(&mut text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", name.display()))?;
    Ok(hudna::compare::NamedReport::parse(name, &text)?)
}
