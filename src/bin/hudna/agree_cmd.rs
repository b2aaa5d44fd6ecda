//! `hudna agree A B [--articles DIR] [--format text|json|markdown] [--output FILE]`
//! (without `--format`, the `--output` extension decides)
//!
//! Two annotators' records of the same articles (directories or files),
//! scored against each other: F1 per layer and type (symmetric: neither
//! side is the reference) and Cohen's kappa where each item gets one label
//! ([`hudna::agree`]). `--format markdown` prints the table a dataset card
//! shows. Exit 0 measured, 1 a side does not validate, 2 usage or I/O
//! error (nothing in common, different texts among them).

use std::path::PathBuf;
use std::process::ExitCode;

use hudna::agree::{Agreement, agree, load_side};

use crate::output::{self, Format, FormatArg, Render, print};

/// The agreement of A and B: tables for a terminal, one JSON document, or
/// the dataset card's table.
struct Agreed<'a> {
    args: &'a Args,
    agreement: Agreement,
}

impl Render for Agreed<'_> {
    const FORMATS: &'static [Format] = &[Format::Text, Format::Json, Format::Markdown];

    fn text(&self) -> anyhow::Result<String> {
        Ok(text(self.args, &self.agreement))
    }

    fn json(&self) -> anyhow::Result<String> {
        let v = serde_json::json!({
            "a": self.args.a.display().to_string(),
            "b": self.args.b.display().to_string(),
            "f1_is_symmetric": true,
            "agreement": self.agreement,
        });
        Ok(serde_json::to_string_pretty(&v)? + "\n")
    }

    fn markdown(&self) -> Option<anyhow::Result<String>> {
        Some(Ok(markdown(&self.agreement)))
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The first annotator's records: a directory or a `.jsonl` file.
    a: PathBuf,
    /// The second annotator's records, of the same articles.
    b: PathBuf,
    /// Where the articles are when they are not beside the records
    /// (`<doc>.txt`).
    #[arg(long, value_name = "DIR")]
    articles: Option<PathBuf>,
    /// Output format [default: from the --output extension (.txt, .json,
    /// .md), else text].
    #[arg(long, value_parser = FormatArg(<Agreed as Render>::FORMATS))]
    format: Option<Format>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short, default_value = "-")]
    output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = output::resolve(
        "agree",
        args.format,
        &args.output,
        <Agreed as Render>::FORMATS,
    )?;
    let (a, ra) = load_side(&args.a, args.articles.as_deref())?;
    let (b, rb) = load_side(&args.b, args.articles.as_deref())?;
    if ra.errors() + rb.errors() > 0 {
        let mut s = String::new();
        for d in ra.diagnostics.iter().chain(&rb.diagnostics) {
            s.push_str(&format!("{d}\n"));
        }
        s.push_str("agreement is measured on valid annotations only: fix the errors above\n");
        print(&s)?;
        return Ok(ExitCode::from(1));
    }
    let agreement = agree(&a, &b)?;
    let agreed = Agreed {
        args: &args,
        agreement,
    };
    output::emit(&agreed, format, &args.output)?;
    Ok(ExitCode::SUCCESS)
}

fn text(args: &Args, g: &Agreement) -> String {
    let mut s = format!(
        "hudna agree\nA: {}\nB: {}\ncompared: {} document(s)",
        args.a.display(),
        args.b.display(),
        g.documents.len()
    );
    for (side, only) in [("A", &g.only_in_a), ("B", &g.only_in_b)] {
        if !only.is_empty() {
            s.push_str(&format!(
                "; only in {side} (not compared): {}",
                only.join(", ")
            ));
        }
    }
    s.push_str("\nF1 is symmetric: swapping A and B swaps P and R, never F1.\n\n");
    s.push_str(&format!(
        "{:<11} {:<21} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}\n",
        "layer", "measure", "agreed", "A", "B", "P", "R", "F1"
    ));
    for m in &g.measures {
        s.push_str(&format!(
            "{:<11} {:<21} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}\n",
            m.layer,
            m.name,
            m.counts.agreed,
            m.counts.a,
            m.counts.b,
            f3(m.precision),
            f3(m.recall),
            f3(m.f1)
        ));
    }
    for m in g.measures.iter().filter(|m| !m.by_label.is_empty()) {
        s.push_str(&format!("\n{} {} by label\n", m.layer, m.name));
        for (label, l) in &m.by_label {
            s.push_str(&format!(
                "  {:<31} {:>7} {:>7} {:>7} {:>6}\n",
                label,
                l.counts.agreed,
                l.counts.a,
                l.counts.b,
                f3(l.f1)
            ));
        }
    }
    s.push_str(&format!(
        "\nCohen's kappa\n{:<11} {:<12} {:>7} {:>7} {:>9} {:>9} {:>7}\n",
        "layer", "measure", "items", "labels", "observed", "expected", "kappa"
    ));
    for k in &g.kappas {
        s.push_str(&format!(
            "{:<11} {:<12} {:>7} {:>7} {:>9.3} {:>9.3} {:>7}\n",
            k.layer,
            k.name,
            k.items,
            k.labels,
            k.observed,
            k.expected,
            f3(k.kappa)
        ));
    }
    if let Some(note) = undefined_note(g) {
        s.push_str(&note);
        s.push('\n');
    }
    if !g.trigger_choices.is_empty() {
        s.push_str(&format!(
            "\ntrigger choices (same sentence and type, triggers that do not overlap): {}\n",
            g.trigger_choices.len()
        ));
        for c in &g.trigger_choices {
            s.push_str(&format!(
                "  {} {}: A [{}, {}) «{}» · B [{}, {}) «{}»\n",
                c.doc, c.event_type, c.a.0, c.a.1, c.a.2, c.b.0, c.b.1, c.b.2
            ));
        }
    }
    s
}

/// The card's table: one row per measure and kappa.
fn markdown(g: &Agreement) -> String {
    let mut s = String::from(
        "| layer | measure | F1 | counts (agreed / first / second) |\n|---|---|---:|---|\n",
    );
    for m in &g.measures {
        s.push_str(&format!(
            "| {} | {} | {} | {} / {} / {} |\n",
            m.layer,
            m.description,
            f3(m.f1),
            m.counts.agreed,
            m.counts.a,
            m.counts.b
        ));
    }
    for k in &g.kappas {
        s.push_str(&format!(
            "| {} | Cohen's κ: {} | {} | {} items |\n",
            k.layer,
            k.description,
            f3(k.kappa),
            k.items
        ));
    }
    if let Some(note) = undefined_note(g) {
        s.push_str(&format!("\n{note}\n"));
    }
    s
}

/// A ratio with three decimals, or `—` when it is undefined.
fn f3(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

/// Why the `—` cells are undefined, if there are any.
fn undefined_note(g: &Agreement) -> Option<String> {
    let mut parts = Vec::new();
    let measures = || g.measures.iter();
    if measures().any(|m| m.precision.is_none()) {
        parts.push("P (B has nothing)");
    }
    if measures().any(|m| m.recall.is_none()) {
        parts.push("R (A has nothing)");
    }
    if measures().any(|m| m.f1.is_none() || m.by_label.values().any(|l| l.f1.is_none())) {
        parts.push("F1 (neither has anything)");
    }
    if g.kappas.iter().any(|k| k.kappa.is_none()) {
        parts.push("κ (no item, or chance agreement 1)");
    }
    (!parts.is_empty()).then(|| format!("— undefined: {}", parts.join(", ")))
}
