//! `hudna synth --docs N --seed S --out DIR [--layers all|entities] [--rate R] [--force]`
//!
//! Writes a seeded synthetic corpus (`DIR/gold/`, valid under `hudna
//! validate`) and predictions perturbed from it (`DIR/pred/`, for
//! `--extractor file:DIR/pred`): the input of the benchmarks. The generator
//! is `hudna::synth`; this file only parses flags and prints a summary.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use hudna::synth::{Layers, MAX_DOCS, Perturb, SynthConfig, write_corpus};

use crate::output::{at_most, print};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LayersArg {
    /// Zones, entities, events and casualty figures.
    All,
    /// Zones and entities only (no event or casualty records).
    Entities,
}

#[derive(clap::Args)]
pub struct Args {
    /// Number of documents (1 to 1,000,000).
    #[arg(long, default_value_t = 100, value_parser = docs)]
    docs: usize,
    /// Seed: the same seed writes byte-identical files.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output directory (created; must be empty unless --force).
    #[arg(long, short = 'o', visible_alias = "output")]
    out: PathBuf,
    /// Which annotation layers to write, in gold and predictions alike.
    #[arg(long, value_enum, default_value_t = LayersArg::All)]
    layers: LayersArg,
    /// Every perturbation rate of the predictions (drop, retype, boundary
    /// shift, spurious; event drop, retype, argument role; casualty drop,
    /// value), a probability from 0 to 1.
    #[arg(long, default_value_t = 0.1, value_parser = rate)]
    rate: f64,
    /// Entity mentions per document, MIN-MAX (a target; nested ones count).
    #[arg(long, default_value = "40-60", value_parser = span_range)]
    entities: (usize, usize),
    /// Events per document, MIN-MAX.
    #[arg(long, default_value = "10-30", value_parser = span_range)]
    events: (usize, usize),
    /// Casualty figures per document, MIN-MAX.
    #[arg(long, default_value = "2-5", value_parser = span_range)]
    casualties: (usize, usize),
    /// Write into a non-empty directory, replacing its gold/ and pred/.
    #[arg(long)]
    force: bool,
}

fn docs(s: &str) -> Result<usize, String> {
    at_most(MAX_DOCS)(s)
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("not a whole number from 1 to {MAX_DOCS} (hudna's limit)"))
}

fn rate(s: &str) -> Result<f64, String> {
    s.parse::<f64>()
        .ok()
        .filter(|r| (0.0..=1.0).contains(r))
        .ok_or_else(|| "not a probability from 0 to 1".to_owned())
}

fn span_range(s: &str) -> Result<(usize, usize), String> {
    let max = hudna::synth::MAX_PER_DOC;
    let bad = || format!("not MIN-MAX with 0 <= MIN <= MAX <= {max}");
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let a = at_most(max)(a.trim()).map_err(|_| bad())?;
    let b = at_most(max)(b.trim()).map_err(|_| bad())?;
    if a > b {
        return Err(bad());
    }
    Ok((a, b))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = SynthConfig {
        docs: args.docs,
        seed: args.seed,
        layers: match args.layers {
            LayersArg::All => Layers::All,
            LayersArg::Entities => Layers::Entities,
        },
        entities: args.entities,
        events: args.events,
        casualties: args.casualties,
        perturb: Perturb::uniform(args.rate),
        ..SynthConfig::default()
    };
    let s = match write_corpus(&config, &args.out, args.force) {
        Ok(s) => s,
        Err(hudna::error::Error::Io { path, err })
            if err.kind() == std::io::ErrorKind::AlreadyExists && !args.force =>
        {
            anyhow::bail!(
                "{}: {err}\n  hint: --force writes into it anyway, replacing its gold/ and pred/",
                path.display()
            )
        }
        Err(e) => return Err(e.into()),
    };
    let dir = args.out.display();
    print(&format!(
        "hudna synth: {} documents (seed {}) · {} entities, {} events, {} casualty figures → {dir}/gold\n\
         {} prediction records (rate {}) → {dir}/pred · {:.1} MB written\n",
        s.docs,
        args.seed,
        s.entities,
        s.events,
        s.casualties,
        s.predictions,
        args.rate,
        s.bytes as f64 / 1e6
    ))?;
    Ok(ExitCode::SUCCESS)
}
