//! Inputs shared by the criterion benches: the bundled gold, a 200-document
//! synthetic corpus written once per bench binary, and the group settings
//! that keep the whole suite to a few minutes on two cores.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use criterion::Criterion;
use hudna::corpus::Corpus;
use hudna::record::Record;
use hudna::synth::SynthConfig;

/// Documents in the synthetic corpus.
pub const SYNTH_DOCS: usize = 200;

/// Criterion as every bench binary runs it (groups inherit it): 10 samples,
/// short warm-up and measurement, so that `cargo bench` runs the whole suite
/// in a few minutes. A group whose iterations are slow overrides it.
pub fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .without_plots()
}

/// Whether criterion runs each benchmark once as a test (`cargo test
/// --benches`, or `cargo bench -- --test`) rather than measuring it. A
/// bench that is slow in an unoptimised build may then do less work.
pub fn smoke_test() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench")
}

/// The bundled gold corpus.
pub fn annotations() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("annotations")
}

/// The bundled gold, loaded.
pub fn gold() -> &'static Corpus {
    static GOLD: OnceLock<Corpus> = OnceLock::new();
    GOLD.get_or_init(|| {
        let (corpus, report) = hudna::validate::load_corpus(annotations()).unwrap();
        assert_eq!(report.errors(), 0);
        corpus
    })
}

/// The synthetic corpus: written to a temporary directory, its gold loaded,
/// and each document's predictions (as `synth` generated them, in document
/// order).
pub struct Synth {
    dir: tempfile::TempDir,
    pub corpus: Corpus,
    pub preds: HashMap<String, Vec<Record>>,
}

impl Synth {
    pub fn gold_dir(&self) -> PathBuf {
        self.dir.path().join("gold")
    }

    pub fn pred_dir(&self) -> PathBuf {
        self.dir.path().join("pred")
    }

    /// Each gold document with its predictions, in id order.
    pub fn pairs(&self) -> impl Iterator<Item = (&hudna::corpus::Doc, &[Record])> {
        self.corpus
            .docs
            .values()
            .map(|d| (d, self.preds[&d.id].as_slice()))
    }
}

/// The synthetic corpus, built on first use.
pub fn synth() -> &'static Synth {
    static SYNTH: OnceLock<Synth> = OnceLock::new();
    SYNTH.get_or_init(|| {
        let config = SynthConfig {
            docs: SYNTH_DOCS,
            ..Default::default()
        };
        let dir = tempfile::tempdir().unwrap();
        hudna::synth::write_corpus(&config, dir.path(), false).unwrap();
        let (corpus, report) = hudna::validate::load_corpus(dir.path().join("gold")).unwrap();
        assert_eq!(report.errors(), 0);
        assert_eq!(corpus.docs.len(), SYNTH_DOCS);
        let preds = (0..SYNTH_DOCS)
            .map(|i| {
                let d = hudna::synth::document(&config, i);
                (d.id, d.pred)
            })
            .collect();
        Synth { dir, corpus, preds }
    })
}

/// Bytes of the files directly in `dir`.
pub fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

/// The non-blank record lines of the `*.jsonl` files in `dir` (the KB and
/// the lint waivers excluded), in file-name order.
pub fn record_lines(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        // Not records: the KB and the lint waivers (the gold's reserved
        // names, as `GoldIndex` skips them).
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| !hudna::corpus::RESERVED.contains(&n))
        })
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Total bytes of some strings.
pub fn bytes<S: AsRef<str>>(items: &[S]) -> u64 {
    items.iter().map(|s| s.as_ref().len() as u64).sum()
}

/// The article texts of the bundled gold and of the synthetic corpus.
pub fn articles() -> Vec<String> {
    gold()
        .docs
        .values()
        .chain(synth().corpus.docs.values())
        .map(|d| d.article.text().to_owned())
        .collect()
}

/// Entity surfaces of the bundled gold and the synthetic gold.
pub fn entity_surfaces() -> Vec<String> {
    gold()
        .docs
        .values()
        .chain(synth().corpus.docs.values())
        .flat_map(|d| d.records.iter().map(|l| &l.record))
        .filter_map(|r| match r {
            Record::Entity(e) => Some(e.text.clone()),
            _ => None,
        })
        .collect()
}

/// `text` in Arabic presentation forms, as PDF extraction leaves it: every
/// letter in its isolated form, لا as the ligature ﻻ. Folding (NFKC first)
/// reads it back as the plain text.
pub fn presentation_forms(text: &str) -> String {
    fn isolated(c: char) -> Option<char> {
        let u = match c {
            'ء' => 0xFE80,
            'آ' => 0xFE81,
            'أ' => 0xFE83,
            'ؤ' => 0xFE85,
            'إ' => 0xFE87,
            'ئ' => 0xFE89,
            'ا' => 0xFE8D,
            'ب' => 0xFE8F,
            'ة' => 0xFE93,
            'ت' => 0xFE95,
            'ث' => 0xFE99,
            'ج' => 0xFE9D,
            'ح' => 0xFEA1,
            'خ' => 0xFEA5,
            'د' => 0xFEA9,
            'ذ' => 0xFEAB,
            'ر' => 0xFEAD,
            'ز' => 0xFEAF,
            'س' => 0xFEB1,
            'ش' => 0xFEB5,
            'ص' => 0xFEB9,
            'ض' => 0xFEBD,
            'ط' => 0xFEC1,
            'ظ' => 0xFEC5,
            'ع' => 0xFEC9,
            'غ' => 0xFECD,
            'ف' => 0xFED1,
            'ق' => 0xFED5,
            'ك' => 0xFED9,
            'ل' => 0xFEDD,
            'م' => 0xFEE1,
            'ن' => 0xFEE5,
            'ه' => 0xFEE9,
            'و' => 0xFEED,
            'ى' => 0xFEEF,
            'ي' => 0xFEF1,
            _ => return None,
        };
        char::from_u32(u)
    }
    let mut out = String::with_capacity(text.len() * 3 / 2);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == 'ل' && chars.peek() == Some(&'ا') {
            chars.next();
            out.push('\u{FEFB}');
        } else {
            out.push(isolated(c).unwrap_or(c));
        }
    }
    out
}

/// Gold records of a document, without their locations.
pub fn gold_records(doc: &hudna::corpus::Doc) -> Vec<Record> {
    doc.records.iter().map(|l| l.record.clone()).collect()
}
