//! Shared output helpers for subcommands, and the one format dispatch.
//!
//! Every command that writes a result in several formats takes the same
//! [`Format`], accepts only the formats its result has ([`FormatArg`]),
//! picks one from the `--output` file's extension when `--format` is not
//! given ([`resolve`]), and writes through [`emit`]: one match from a format
//! to bytes, one Parquet guard.

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use hudna::corpus::Gold;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Tables for the terminal.
    Text,
    /// JSON for machines.
    Json,
    /// Tidy CSV.
    Csv,
    /// Markdown for a pull-request comment.
    Markdown,
    /// The tidy table as Parquet (needs the `polars` feature and a file).
    Parquet,
}

impl Format {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Parquet => "parquet",
        }
    }

    /// The file extension that selects it.
    fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "md",
            Format::Parquet => "parquet",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Format::Text => "Tables for the terminal (the default)",
            Format::Json => "JSON for machines",
            Format::Csv => "Tidy CSV: one row per value",
            Format::Markdown => "Markdown for a pull-request comment",
            Format::Parquet => {
                "The tidy table as Parquet (needs the `polars` feature and --output)"
            }
        }
    }

    const ALL: [Format; 5] = [
        Format::Text,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Parquet,
    ];

    /// The format a file's extension names (`.txt`, `.json`, `.csv`, `.md`
    /// or `.markdown`, `.parquet`; any case), if it names one.
    pub fn of_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "markdown" => Some(Format::Markdown),
            e => Format::ALL.into_iter().find(|f| f.extension() == e),
        }
    }
}

/// `--format` for a command that writes `self.0`: the help lists those
/// only, and any other is a usage error (exit 2). `table` (what `hudna
/// stats` called text) is accepted for `text`.
#[derive(Clone, Copy)]
pub struct FormatArg(pub &'static [Format]);

impl FormatArg {
    fn values(&self) -> Vec<PossibleValue> {
        self.0
            .iter()
            .map(|f| {
                let v = PossibleValue::new(f.name()).help(f.help());
                if *f == Format::Text {
                    v.alias("table")
                } else {
                    v
                }
            })
            .collect()
    }
}

impl TypedValueParser for FormatArg {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Format, clap::Error> {
        let name = PossibleValuesParser::new(self.values()).parse_ref(cmd, arg, value)?;
        let name = if name == "table" { "text" } else { &name };
        self.0
            .iter()
            .copied()
            .find(|f| f.name() == name)
            .ok_or_else(|| clap::Error::raw(clap::error::ErrorKind::InvalidValue, name))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values().into_iter()))
    }
}

/// The format a command writes: `--format` when given; otherwise the one
/// the `--output` file's extension names (`report.json` → JSON); otherwise
/// text. An extension naming a format the command cannot write is an error
/// (it would otherwise get text under a misleading name); an extension
/// naming none gets text and a note on stderr, since it may be a typo.
/// Parquet is checked here too (it needs the `polars` feature and a file),
/// so a command fails before doing its work rather than after.
pub fn resolve(
    command: &str,
    explicit: Option<Format>,
    output: &Path,
    supported: &[Format],
) -> anyhow::Result<Format> {
    let to_stdout = output == Path::new("-");
    let by_extension = if to_stdout {
        None
    } else {
        Format::of_extension(output)
    };
    let format = match (explicit, by_extension) {
        (Some(f), _) => f,
        (None, Some(f)) if supported.contains(&f) => f,
        (None, Some(f)) => anyhow::bail!(
            "{}: `hudna {command}` does not write {}; name the file {}, or give --format {}",
            output.display(),
            f.name(),
            extensions(supported),
            names(supported)
        ),
        (None, None) => {
            if !to_stdout && output.extension().is_some() {
                eprintln!(
                    "hudna: note: writing text to {}: its extension names no format (name it {}, or give --format {})",
                    output.display(),
                    extensions(supported),
                    names(supported)
                );
            }
            Format::Text
        }
    };
    if format == Format::Parquet {
        if !cfg!(feature = "polars") {
            anyhow::bail!(
                "parquet needs the `polars` feature: cargo run --release --features polars -- {command} … --output FILE.parquet"
            );
        }
        if to_stdout {
            anyhow::bail!("parquet is a binary format: give --output FILE.parquet");
        }
    }
    Ok(format)
}

fn names(formats: &[Format]) -> String {
    formats
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join("|")
}

fn extensions(formats: &[Format]) -> String {
    let e: Vec<String> = formats
        .iter()
        .map(|f| format!(".{}", f.extension()))
        .collect();
    match e.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => e.join(""),
    }
}

/// A command's result, in each format it has. A format a type leaves at
/// `None` is one its command does not list in [`Render::FORMATS`], so
/// `--format` and [`resolve`] never let it through; [`emit`] still refuses
/// it rather than panicking.
pub trait Render {
    /// The formats it can be written in, the default first.
    const FORMATS: &'static [Format];
    /// For a terminal.
    fn text(&self) -> anyhow::Result<String>;
    /// For a terminal, as a stream: what [`emit`] calls, so that a type
    /// whose text is long (a line per document) can write it without
    /// holding it.
    fn write_text(&self, w: &mut dyn Write) -> anyhow::Result<()> {
        w.write_all(self.text()?.as_bytes())?;
        Ok(())
    }
    /// For machines.
    fn json(&self) -> anyhow::Result<String>;
    /// For machines, as a stream: what [`emit`] calls, so that a type whose
    /// JSON is large can write it without holding it.
    fn write_json(&self, w: &mut dyn Write) -> anyhow::Result<()> {
        w.write_all(self.json()?.as_bytes())?;
        Ok(())
    }
    /// For a pull-request comment.
    fn markdown(&self) -> Option<anyhow::Result<String>> {
        None
    }
    /// The tidy table.
    fn csv(&self) -> Option<anyhow::Result<String>> {
        None
    }
    /// The tidy table as Parquet.
    #[cfg(feature = "polars")]
    fn parquet(&self) -> Option<anyhow::Result<Vec<u8>>> {
        None
    }
}

/// Writes `value` as `format` to `output` (a file, atomically, or stdout
/// for `-`): the one place a format becomes bytes.
pub fn emit<R: Render>(value: &R, format: Format, output: &Path) -> anyhow::Result<()> {
    let unsupported = || anyhow::anyhow!("this command does not write {}", format.name());
    let body: Vec<u8> = match format {
        Format::Text => return stream_or_print(output, |w| value.write_text(w)),
        Format::Json => return stream_or_print(output, |w| value.write_json(w)),
        Format::Markdown => value.markdown().ok_or_else(unsupported)??.into_bytes(),
        Format::Csv => value.csv().ok_or_else(unsupported)??.into_bytes(),
        Format::Parquet => parquet(value, output).ok_or_else(unsupported)??,
    };
    write_or_print(output, &body)
}

#[cfg(feature = "polars")]
fn parquet<R: Render>(value: &R, output: &Path) -> Option<anyhow::Result<Vec<u8>>> {
    if output == Path::new("-") {
        return Some(Err(anyhow::anyhow!(
            "parquet is a binary format: give --output FILE.parquet"
        )));
    }
    value.parquet()
}

#[cfg(not(feature = "polars"))]
fn parquet<R: Render>(_: &R, _: &Path) -> Option<anyhow::Result<Vec<u8>>> {
    Some(Err(anyhow::anyhow!(
        "parquet needs the `polars` feature: cargo run --release --features polars -- … --output FILE.parquet"
    )))
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

/// The profile a gold is checked under: `--profile` if given, else the one
/// [`hudna::profile::Profile::detect`] finds for a directory, with why. The
/// bundled gold is the strict profile's own dataset: `--profile core`
/// without a `--gold` directory is a usage error rather than a request
/// quietly ignored.
pub fn profile_of(
    arg: Option<ProfileArg>,
    gold: &Gold,
) -> anyhow::Result<(hudna::profile::Profile, &'static str)> {
    use hudna::profile::Profile;
    Ok(match (arg, gold) {
        (Some(ProfileArg::Core), Gold::Bundled) => anyhow::bail!(
            "--profile core applies to a --gold directory; the gold bundled with hudna is held to its own (strict) rules"
        ),
        (Some(ProfileArg::Strict), _) => (Profile::Strict, "--profile strict"),
        (Some(ProfileArg::Core), _) => (Profile::Core, "--profile core"),
        (None, Gold::Bundled) => (Profile::Strict, "it is the gold bundled with hudna"),
        (None, Gold::Dir(dir)) => Profile::detect(dir),
    })
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

/// Streams `body` into a file, atomically, or to stdout when `path` is
/// `-`: [`write_or_print`] for output too large to hold first.
pub fn stream_or_print(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if path == Path::new("-") {
        if stdout_closed() {
            anyhow::bail!("standard output is closed: nothing was written (give --output FILE)");
        }
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        body(&mut out)?;
        out.flush()?;
        Ok(())
    } else {
        let named = |e: std::io::Error| anyhow::anyhow!("{}: {e}", path.display());
        let mut f = hudna::fsutil::AtomicFile::create(path).map_err(named)?;
        body(&mut f).map_err(|e| match e.downcast::<std::io::Error>() {
            Ok(io) => named(io),
            Err(e) => e,
        })?;
        f.commit().map_err(named)
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
    Ok(hudna::compare::NamedReport::parse(
        hudna::validate::STDIN_NAME,
        &text,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_name_formats() {
        let f = |p: &str| Format::of_extension(Path::new(p));
        assert_eq!(f("out/report.json"), Some(Format::Json));
        assert_eq!(f("r.JSON"), Some(Format::Json));
        assert_eq!(f("r.csv"), Some(Format::Csv));
        assert_eq!(f("r.md"), Some(Format::Markdown));
        assert_eq!(f("r.markdown"), Some(Format::Markdown));
        assert_eq!(f("r.parquet"), Some(Format::Parquet));
        assert_eq!(f("r.txt"), Some(Format::Text));
        assert_eq!(f("r.jsn"), None);
        assert_eq!(f("report"), None);
        assert_eq!(
            f(".json"),
            None,
            "a hidden file named .json has no extension"
        );
    }

    #[test]
    fn an_explicit_format_wins_and_stdout_is_text() {
        let all = &Format::ALL[..4];
        let r = |f, p: &str| resolve("score", f, Path::new(p), all).unwrap();
        assert_eq!(r(None, "-"), Format::Text);
        assert_eq!(r(None, "a.json"), Format::Json);
        assert_eq!(r(Some(Format::Csv), "a.json"), Format::Csv);
        assert_eq!(r(None, "a.out"), Format::Text);
        assert_eq!(r(None, "a"), Format::Text);
        let three = &[Format::Text, Format::Json, Format::Markdown];
        let e = resolve("compare", None, Path::new("d.csv"), three).unwrap_err();
        assert_eq!(
            e.to_string(),
            "d.csv: `hudna compare` does not write csv; name the file .txt, .json or .md, or give --format text|json|markdown"
        );
    }
}
