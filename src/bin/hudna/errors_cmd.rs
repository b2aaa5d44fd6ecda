//! `hudna errors FILE [--layer L] [--scheme S] [--outcome O] [--doc D] [--label T] [--limit N] [--format text|jsonl]`
//!
//! Reads the listing `hudna score --errors FILE` wrote and shows the items
//! that match, for the terminal (or as JSON lines, to pipe on). With no
//! `--outcome`, every item that is not correct under some scheme.
//!
//! Exit codes: 0 listed (even if nothing matched); 2 usage or input error.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use hudna::listing::{self, Line};
use hudna::score::{Layer, Outcome};

use crate::output::print;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A block per item for the terminal.
    Text,
    /// The matching lines as they are in the listing.
    Jsonl,
}

#[derive(clap::Args)]
#[command(after_help = "Exit status: 0 listed (even if nothing matched); 2 usage or input error.")]
pub struct Args {
    /// The listing written by `hudna score --errors FILE`.
    file: PathBuf,
    /// Only this layer (entities, events, casualties).
    #[arg(long, value_parser = parse_layer)]
    layer: Option<Layer>,
    /// Only items with this outcome (correct, incorrect, partial, missed,
    /// spurious): under --scheme if given, else under any scheme.
    #[arg(long, value_parser = parse_outcome)]
    outcome: Option<Outcome>,
    /// The scheme --outcome looks at; also hides items the scheme does not
    /// count.
    #[arg(long)]
    scheme: Option<String>,
    /// Only this document.
    #[arg(long)]
    doc: Option<String>,
    /// Only items filed under this label (entity type, event type, category).
    #[arg(long)]
    label: Option<String>,
    /// Show at most N items (0: all).
    #[arg(long, default_value_t = 0, value_parser = crate::output::at_most(hudna::limits::MAX_LIST))]
    limit: usize,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

fn parse_layer(s: &str) -> Result<Layer, String> {
    Layer::parse(s).ok_or_else(|| "one of entities, events, casualties".to_string())
}

fn parse_outcome(s: &str) -> Result<Outcome, String> {
    Outcome::parse(s)
        .ok_or_else(|| "one of correct, incorrect, partial, missed, spurious".to_string())
}

impl Args {
    fn keep(&self, l: &Line) -> bool {
        if self.layer.is_some_and(|x| x != l.layer)
            || self.doc.as_ref().is_some_and(|d| *d != l.doc)
        {
            return false;
        }
        let schemes: Vec<_> = match &self.scheme {
            Some(s) => l.outcomes.get(s).into_iter().collect(),
            None => l.outcomes.values().collect(),
        };
        if schemes.is_empty() {
            return false;
        }
        if let Some(t) = &self.label
            && !schemes.iter().any(|o| o.label == *t)
        {
            return false;
        }
        match self.outcome {
            Some(o) => schemes.iter().any(|s| s.outcome == o),
            None => schemes.iter().any(|s| s.outcome != Outcome::Correct),
        }
    }
}

fn field(v: &serde_json::Value, k: &str) -> String {
    match v.get(k) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(x) => x.to_string(),
    }
}

/// A record in one line: its type and text, where it is.
fn describe(side: &listing::Side) -> String {
    let r = &side.record;
    let kind = field(r, "kind");
    let mut s = match kind.as_str() {
        "entity" => format!("{} «{}»", field(r, "type"), field(r, "text")),
        "event" => {
            let trig = r.get("trigger").cloned().unwrap_or_default();
            let mut s = format!("{} «{}»", field(r, "type"), field(&trig, "text"));
            if let Some(a) = side.arg
                && let Some(arg) = r.get("args").and_then(|x| x.get(a as usize))
            {
                let _ = write!(s, " — {} {}", field(arg, "role"), field(arg, "mention"));
                let text = field(arg, "text");
                if !text.is_empty() {
                    let _ = write!(s, " «{text}»");
                }
            }
            s
        }
        "casualty" => {
            let c = r.get("count").cloned().unwrap_or_default();
            format!(
                "{} {} ({}) «{}»",
                field(r, "category"),
                field(&c, "value"),
                field(&c, "qualifier"),
                field(r, "text")
            )
        }
        _ => kind,
    };
    if let (Some(a), Some(b)) = (
        r.get("start").and_then(|x| x.as_u64()),
        r.get("end").and_then(|x| x.as_u64()),
    ) {
        let _ = write!(s, " [{a}..{b})");
    }
    match side.line {
        Some(n) => {
            let _ = write!(s, "  (gold line {n})");
        }
        None => {
            let _ = write!(s, "  (prediction #{})", side.index);
        }
    }
    s
}

fn render(l: &Line) -> String {
    let mut s = format!("{}  {} {}", l.doc, l.layer.as_str(), l.item);
    // In the layer's scheme order, as the report lists them.
    let outcomes: Vec<String> = l
        .layer
        .schemes()
        .iter()
        .filter_map(|k| Some(format!("{k}:{}", l.outcomes.get(*k)?.outcome.as_str())))
        .collect();
    let _ = write!(s, "\n  {}", outcomes.join(" "));
    if let Some(b) = l.boundary {
        let _ = write!(
            s,
            "  boundary: {}",
            serde_json::to_value(b)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        );
    }
    if let Some(g) = &l.gold {
        let _ = write!(s, "\n  gold  {}", describe(g));
    }
    if let Some(p) = &l.pred {
        let _ = write!(s, "\n  pred  {}", describe(p));
    }
    if let Some(r) = &l.rejected {
        let _ = write!(s, "\n  pred  (refused as invalid: {r})");
    }
    if let Some(c) = &l.context {
        let flat = |t: &str| t.replace(['\n', '\r'], " ");
        let _ = write!(
            s,
            "\n  …{}⟦{}⟧{}…",
            flat(&c.before),
            flat(&c.span),
            flat(&c.after)
        );
    }
    s.push('\n');
    s
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(s) = &args.scheme {
        let known = Layer::ALL.iter().any(|l| l.schemes().contains(&s.as_str()));
        if !known {
            let all: Vec<&str> = Layer::ALL
                .iter()
                .flat_map(|l| l.schemes().iter().copied())
                .collect();
            anyhow::bail!(
                "--scheme: unknown scheme `{s}`; the schemes are {}",
                all.join(", ")
            );
        }
    }
    let mut out = String::new();
    let (mut shown, mut matched) = (0usize, 0usize);
    listing::read_each(&args.file, |l| {
        if !args.keep(&l) {
            return;
        }
        matched += 1;
        if args.limit != 0 && shown >= args.limit {
            return;
        }
        shown += 1;
        match args.format {
            ListFormat::Text => {
                out.push_str(&render(&l));
                out.push('\n');
            }
            ListFormat::Jsonl => {
                out.push_str(&serde_json::to_string(&l).unwrap_or_default());
                out.push('\n');
            }
        }
    })?;
    if args.format == ListFormat::Text {
        let _ = writeln!(
            out,
            "{matched} item(s) matched{}",
            if shown < matched {
                format!(", {shown} shown")
            } else {
                String::new()
            }
        );
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
