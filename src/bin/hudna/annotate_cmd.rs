//! `hudna annotate add --doc D --kind entity|event|casualty --text T …`
//!
//! Adds one record to a gold document: the span is found from its surface
//! text (exact, or `--loose` after Arabic folding), the record gets the next
//! free id of its kind, and the document with the record added must pass
//! `hudna validate`'s checks before the file is written (atomically). See
//! [`hudna::annotate`].
//!
//! Exit 0 added (or, with `--dry-run`, would be), 1 not added: the surface
//! is missing or ambiguous, the occurrence out of range, the record a
//! duplicate or invalid, or the document invalid already; 2 usage or I/O
//! error (an unknown document among them).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{Subcommand, ValueEnum};
use hudna::annotate::{Addition, AnnotateError, Annotation, CountSpec, Folding, Request, prepare};
use hudna::ontology::EventType;
use hudna::vocab::{CasualtyCategory, EntityLabel, Modality, Qualifier, Role, Scope, VictimGroup};

use crate::output::{self, Format, FormatArg, ProfileArg, Render, profile_of};

/// What was added (or would be): `path:line: added … «text»` and the record
/// line, or one JSON document.
struct Added<'a> {
    addition: &'a Addition,
    /// The surface asked for, to say when it matched only loosely.
    surface: &'a str,
    dry_run: bool,
}

impl Render for Added<'_> {
    const FORMATS: &'static [Format] = &[Format::Text, Format::Json];

    fn text(&self) -> anyhow::Result<String> {
        let a = self.addition;
        let verb = if self.dry_run { "would add" } else { "added" };
        let loosely = if a.text != self.surface.trim() {
            format!(" (matched loosely: «{}»)", self.surface.trim())
        } else {
            String::new()
        };
        Ok(format!(
            "{}:{}: {verb} {} at [{}, {}) «{}»{loosely}\n{}\n",
            a.path.display(),
            a.line,
            a.id,
            a.start,
            a.end,
            a.text,
            a.record_line
        ))
    }

    fn json(&self) -> anyhow::Result<String> {
        let a = self.addition;
        let v = serde_json::json!({
            "written": !self.dry_run,
            "path": a.path.display().to_string(),
            "line": a.line,
            "id": a.id,
            "start": a.start,
            "end": a.end,
            "text": a.text,
            "record": a.record,
        });
        Ok(serde_json::to_string_pretty(&v)? + "\n")
    }
}

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add one entity, event or casualty record, found by its surface text.
    Add(Box<AddArgs>),
}

/// The kinds `annotate add` writes (zones and document records are
/// written once per article, with `tools/anchor.py`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Kind {
    /// An entity mention: --type, --ref.
    Entity,
    /// An event, the text being its trigger: --type, --modality, --arg, --reported-by.
    Event,
    /// A casualty figure, the text being the count expression: --category,
    /// --group, --scope, and the count (read from the text when left out).
    Casualty,
}

fn values<T: 'static>(all: &'static [T], name: fn(&T) -> &'static str) -> PossibleValuesParser {
    PossibleValuesParser::new(all.iter().map(name))
}

#[derive(clap::Args)]
struct AddArgs {
    /// The corpus directory.
    #[arg(long, default_value = "annotations")]
    dir: PathBuf,
    /// The document id (the article's file stem).
    #[arg(long)]
    doc: String,
    /// What to add.
    #[arg(long, value_enum)]
    kind: Kind,
    /// The surface text as it is in the article: the mention, the trigger
    /// word(s) or the count expression.
    #[arg(long)]
    text: String,
    /// Which occurrence of the text (1-based, in text order), when it
    /// occurs more than once.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    occurrence: Option<u64>,
    /// Find the text after Arabic folding (hamza and alef forms, teh
    /// marbuta, Persian letters, digits, diacritics, tatweel, runs of
    /// spaces); the record keeps the article's own spelling.
    #[arg(long)]
    loose: bool,
    /// Entity or event type.
    #[arg(long = "type", value_name = "TYPE")]
    r#type: Option<String>,
    /// Entity: KB ref (the strict profile needs one for named types).
    #[arg(long = "ref", value_name = "REF")]
    r#ref: Option<String>,
    /// Event: how the text presents it.
    #[arg(long, value_parser = values(Modality::ALL, |m| m.as_str()), default_value = "asserted")]
    modality: String,
    /// Event: an argument, ROLE=ENTITY_ID (repeatable), e.g. actor=e3.
    #[arg(long = "arg", value_name = "ROLE=ID")]
    args: Vec<String>,
    /// Event: entity id of who reports it (default: the narrator).
    #[arg(long, value_name = "ID")]
    reported_by: Option<String>,
    /// Casualty: what happened to the victims.
    #[arg(long, value_parser = values(CasualtyCategory::ALL, |c| c.as_str()))]
    category: Option<String>,
    /// Casualty: the number as stated (default: read from the text).
    #[arg(long)]
    value: Option<u64>,
    /// Casualty: how the count relates to the number (default: exact, or
    /// vague for «عشرات» and the like).
    #[arg(long, value_parser = values(Qualifier::ALL, |q| q.as_str()))]
    qualifier: Option<String>,
    /// Casualty: lower bound (default: from value and qualifier).
    #[arg(long)]
    low: Option<u64>,
    /// Casualty: upper bound (default: from value and qualifier).
    #[arg(long)]
    high: Option<u64>,
    /// Casualty: who the victims are.
    #[arg(long, value_parser = values(VictimGroup::ALL, |g| g.as_str()))]
    group: Option<String>,
    /// Casualty: KB ref of the victims' side.
    #[arg(long, value_name = "REF")]
    side: Option<String>,
    /// Casualty: entity id of who reports the figure.
    #[arg(long, value_name = "ID")]
    source: Option<String>,
    /// Casualty: event id the figure results from.
    #[arg(long, value_name = "ID")]
    event: Option<String>,
    /// Casualty: what the figure counts over.
    #[arg(long, value_parser = values(Scope::ALL, |s| s.as_str()))]
    scope: Option<String>,
    /// Which rules the corpus is held to (default: detected, as `validate` does).
    #[arg(long, value_enum, value_name = "PROFILE")]
    profile: Option<ProfileArg>,
    /// Check and print the record, write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = FormatArg(<Added as Render>::FORMATS))]
    format: Format,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Add(a) => add(*a),
    }
}

/// Turns the flags of one kind into the library's annotation; flags of
/// another kind are refused rather than ignored.
fn annotation(a: &AddArgs) -> anyhow::Result<Annotation> {
    let given = |flags: &[(&str, bool)]| -> Vec<String> {
        flags
            .iter()
            .filter(|(_, on)| *on)
            .map(|(f, _)| format!("--{f}"))
            .collect()
    };
    let entity_flags = [("ref", a.r#ref.is_some())];
    let event_flags = [
        ("arg", !a.args.is_empty()),
        ("reported-by", a.reported_by.is_some()),
        ("modality", a.modality != "asserted"),
    ];
    let casualty_flags = [
        ("category", a.category.is_some()),
        ("value", a.value.is_some()),
        ("qualifier", a.qualifier.is_some()),
        ("low", a.low.is_some()),
        ("high", a.high.is_some()),
        ("group", a.group.is_some()),
        ("side", a.side.is_some()),
        ("source", a.source.is_some()),
        ("event", a.event.is_some()),
        ("scope", a.scope.is_some()),
    ];
    let (kind, foreign): (&str, Vec<String>) = match a.kind {
        Kind::Entity => (
            "entity",
            [given(&event_flags), given(&casualty_flags)].concat(),
        ),
        Kind::Event => (
            "event",
            [given(&entity_flags), given(&casualty_flags)].concat(),
        ),
        Kind::Casualty => (
            "casualty",
            [
                given(&entity_flags),
                given(&event_flags),
                given(&[("type", a.r#type.is_some())]),
            ]
            .concat(),
        ),
    };
    if !foreign.is_empty() {
        let verb = if foreign.len() == 1 { "does" } else { "do" };
        anyhow::bail!("{} {verb} not apply to --kind {kind}", foreign.join(", "));
    }
    let need = |v: &Option<String>, flag: &str| -> anyhow::Result<String> {
        v.clone()
            .ok_or_else(|| anyhow::anyhow!("--kind {kind} needs --{flag}"))
    };
    Ok(match a.kind {
        Kind::Entity => Annotation::Entity {
            label: EntityLabel::parse(&need(&a.r#type, "type")?),
            r#ref: a.r#ref.clone(),
        },
        Kind::Event => {
            let t = need(&a.r#type, "type")?;
            let event_type = EventType::parse(&t).ok_or_else(|| {
                anyhow::anyhow!(
                    "--type {t:?} is not an event type; one of: {}",
                    EventType::ALL
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            let mut args = Vec::new();
            for spec in &a.args {
                let (role, id) = spec
                    .split_once('=')
                    .filter(|(r, id)| !r.is_empty() && !id.is_empty())
                    .ok_or_else(|| {
                        anyhow::anyhow!("--arg {spec:?}: write ROLE=ENTITY_ID, e.g. actor=e3")
                    })?;
                let role = Role::parse(role).ok_or_else(|| {
                    anyhow::anyhow!(
                        "--arg {spec:?}: {role:?} is not a role; one of: {}",
                        Role::ALL
                            .iter()
                            .map(|r| r.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?;
                args.push((role, id.to_owned()));
            }
            Annotation::Event {
                event_type,
                modality: Modality::parse(&a.modality).expect("clap checked it"),
                args,
                reported_by: a.reported_by.clone(),
            }
        }
        Kind::Casualty => Annotation::Casualty {
            category: CasualtyCategory::parse(&need(&a.category, "category")?)
                .expect("clap checked it"),
            count: CountSpec {
                value: a.value,
                qualifier: a
                    .qualifier
                    .as_deref()
                    .map(|q| Qualifier::parse(q).expect("clap checked it")),
                low: a.low,
                high: a.high,
            },
            group: VictimGroup::parse(&need(&a.group, "group")?).expect("clap checked it"),
            side: a.side.clone(),
            source: a.source.clone(),
            event: a.event.clone(),
            scope: Scope::parse(&need(&a.scope, "scope")?).expect("clap checked it"),
        },
    })
}

fn add(a: AddArgs) -> anyhow::Result<ExitCode> {
    let annotation = annotation(&a)?;
    let req = Request {
        doc: a.doc.clone(),
        surface: a.text.clone(),
        occurrence: a.occurrence.map(|n| n as usize),
        folding: if a.loose {
            Folding::Loose
        } else {
            Folding::Exact
        },
        annotation,
    };
    let (profile, _) = profile_of(a.profile, &hudna::corpus::Gold::Dir(a.dir.clone()))?;
    let addition = match prepare(&a.dir, profile, &req) {
        Ok(x) => x,
        Err(e @ (AnnotateError::Io(_) | AnnotateError::NoDocument { .. })) => {
            return Err(e.into());
        }
        Err(e) => {
            let hint = match &e {
                AnnotateError::NotFound { loosely, .. } if *loosely > 0 => {
                    "\nhint: add --loose to match after folding"
                }
                AnnotateError::Ambiguous { .. } | AnnotateError::NoSuchOccurrence { .. } => {
                    "\nhint: give --occurrence N"
                }
                AnnotateError::Count { .. } => "\nhint: give --value, or --low and --high",
                _ => "",
            };
            eprintln!("hudna: not added: {e}{hint}");
            return Ok(ExitCode::from(1));
        }
    };
    if !a.dry_run {
        addition.write()?;
    }
    let added = Added {
        addition: &addition,
        surface: &req.surface,
        dry_run: a.dry_run,
    };
    output::emit(&added, a.format, Path::new("-"))?;
    Ok(ExitCode::SUCCESS)
}
