//! Shared output helpers for subcommands.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

/// Output formats for commands that report diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    /// One `path:line: pointer: message` per problem.
    Text,
    /// One JSON document for machines.
    Json,
}

/// `--profile`: which rules a JSONL corpus is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// The bundled dataset's rules: KB refs, document records, hudna's
    /// entity types.
    Strict,
    /// The core contract: articles and records with offsets, text and
    /// types; the corpus's own entity labels; no KB, no document records.
    Core,
}

/// The profile a gold directory is checked under: `--profile` if given,
/// else the one [`hudna::profile::Profile::detect`] finds, with why.
pub fn profile_of(arg: Option<ProfileArg>, dir: &Path) -> (hudna::profile::Profile, &'static str) {
    use hudna::profile::Profile;
    match arg {
        Some(ProfileArg::Strict) => (Profile::Strict, "--profile strict"),
        Some(ProfileArg::Core) => (Profile::Core, "--profile core"),
        None => Profile::detect(dir),
    }
}

/// Writes `s` to stdout; a closed pipe surfaces as an error `main` ignores.
/// A *closed* stdout (`hudna score >&-`) is an error: Rust's stdout
/// silently discards writes to a closed descriptor, which would lose the
/// report and still exit 0.
pub fn print(s: &str) -> anyhow::Result<()> {
    if stdout_closed() {
        anyhow::bail!("standard output is closed: nothing was written (give --output FILE)");
    }
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Whether descriptor 1 was closed when the process started. It must be
/// read before `main`: Rust's runtime reopens closed standard descriptors
/// on `/dev/null` before `main` runs, after which a closed stdout cannot
/// be told from `> /dev/null`. A function in `.init_array` runs before the
/// runtime's start-up code.
#[cfg(target_os = "linux")]
static STDOUT_CLOSED_AT_START: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static RECORD_STDOUT: extern "C" fn() = record_stdout;

#[cfg(target_os = "linux")]
extern "C" fn record_stdout() {
    // SAFETY: F_GETFD only asks whether descriptor 1 is open.
    let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
    STDOUT_CLOSED_AT_START.store(closed, std::sync::atomic::Ordering::Relaxed);
}

#[cfg(target_os = "linux")]
fn stdout_closed() -> bool {
    STDOUT_CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(not(target_os = "linux"))]
fn stdout_closed() -> bool {
    false
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
