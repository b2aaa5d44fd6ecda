//! `hudna convert --from FORMAT --to FORMAT INPUT OUTPUT`
//!
//! Reads INPUT as one format and writes OUTPUT as another, through hudna's
//! records ([`hudna::formats::convert`]): gold to annotation tools, CoNLL or
//! the Hugging Face export, and annotation tools' or taggers' output back.
//! Prints what the output format could not hold; writes nothing when the
//! input has an error (each named by file, line and field).
//!
//! Exit codes: 0 converted, 1 the input has errors (nothing written), 2
//! usage or I/O error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use hudna::formats::offsets::Units;
use hudna::formats::{Format, ReadOptions, WriteOptions, convert};

use crate::output::{ProfileArg, print};
use crate::score_cmd::IobArg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A hudna corpus directory (<doc>.txt, <doc>.jsonl, kb.jsonl).
    Hudna,
    /// hudna records in one JSONL file, a predictions file (reading needs
    /// --articles).
    Records,
    /// CoNLL/IOB2: a token and its tags per line; nested mentions in extra
    /// tag columns (reading a tagger's output needs --articles).
    Conll,
    /// spaCy/Prodigy span JSONL (code points).
    #[value(alias = "prodigy")]
    Spacy,
    /// doccano sequence-labeling JSONL (UTF-16 code units).
    Doccano,
    /// Label Studio JSON export (UTF-16 code units).
    LabelStudio,
    /// brat standoff directory (.txt, .ann, annotation.conf).
    Brat,
    /// The Hugging Face export directory (README.md card, data/*.jsonl).
    Hf,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Hudna => Format::Hudna,
            FormatArg::Records => Format::Records,
            FormatArg::Conll => Format::Conll,
            FormatArg::Spacy => Format::Spacy,
            FormatArg::Doccano => Format::Doccano,
            FormatArg::LabelStudio => Format::LabelStudio,
            FormatArg::Brat => Format::Brat,
            FormatArg::Hf => Format::Hf,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UnitsArg {
    /// UTF-16 code units, what a browser counts (doccano's and Label
    /// Studio's default).
    Utf16,
    /// Unicode code points (Python str indices).
    CodePoints,
}

#[derive(clap::Args)]
pub struct Args {
    /// The input's format.
    #[arg(long, value_enum, default_value_t = FormatArg::Hudna)]
    from: FormatArg,
    /// The output's format.
    #[arg(long, value_enum)]
    to: FormatArg,
    /// Input: a directory (hudna, brat, hf) or a file.
    input: PathBuf,
    /// Output: a directory (hudna, brat, hf; created, must be empty unless
    /// --force) or a file (replaced atomically).
    output: PathBuf,
    /// The articles (a directory of <doc>.txt) that a CoNLL file's tokens
    /// or a records file's offsets point into.
    #[arg(long, value_name = "DIR")]
    articles: Option<PathBuf>,
    /// The rules a hudna input corpus is validated under (default: detected,
    /// as `hudna validate` does).
    #[arg(long, value_enum, value_name = "PROFILE")]
    profile: Option<ProfileArg>,
    /// How a CoNLL input's tags make chunks.
    #[arg(long, value_enum, default_value_t = IobArg::Conlleval)]
    iob: IobArg,
    /// The offsets' unit of a doccano or Label Studio input or output.
    #[arg(long, value_enum)]
    units: Option<UnitsArg>,
    /// Write into a non-empty output directory.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (from, to) = (args.from.format(), args.to.format());
    let units = args.units.map(|u| match u {
        UnitsArg::Utf16 => Units::Utf16,
        UnitsArg::CodePoints => Units::CodePoints,
    });
    if units.is_some() && !from.units().1 && !to.units().1 {
        anyhow::bail!(
            "--units applies to doccano and label-studio; {from} and {to} count code points"
        );
    }
    if args.articles.is_some() && !matches!(from, Format::Conll | Format::Records) {
        anyhow::bail!("--articles applies to reading conll or records; {from} holds its own text");
    }
    let read = ReadOptions {
        articles: args.articles.clone(),
        profile: args.profile.map(|p| match p {
            ProfileArg::Strict => hudna::profile::Profile::Strict,
            ProfileArg::Core => hudna::profile::Profile::Core,
        }),
        iob: match args.iob {
            IobArg::Conlleval => hudna::formats::iob::IobMode::Conlleval,
            IobArg::Strict => hudna::formats::iob::IobMode::Strict,
        },
        units: units.filter(|_| from.units().1),
    };
    let write = WriteOptions {
        units: units.filter(|_| to.units().1),
    };
    let done = convert(
        from,
        to,
        &args.input,
        &args.output,
        &read,
        &write,
        args.force,
    )?;
    let diagnostics: String = done
        .report
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect();
    eprint!("{diagnostics}");
    if done.report.errors() > 0 {
        eprintln!(
            "invalid: {} error(s); nothing written",
            done.report.errors()
        );
        return Ok(ExitCode::from(1));
    }
    let mut s = format!(
        "converted {} document(s) from {from} to {to}: {}\n",
        done.documents,
        args.output.display()
    );
    if done.losses.is_empty() {
        s.push_str(&format!("{to} holds everything that was read\n"));
    } else {
        s.push_str(&format!(
            "lost or changed in {to} (docs/formats.md says why):\n"
        ));
        for l in done.losses.iter() {
            s.push_str(&format!("  {:>6}  {}\n", l.count, l.what));
        }
    }
    print(&s)?;
    Ok(ExitCode::SUCCESS)
}
