//! The parse-only floor of `bench/run.sh`: what merely reading a synthetic
//! corpus costs, as the reference `hudna score` and `hudna validate` are
//! measured against (issue #10: "score at the speed of the JSON parser").
//!
//! It reads every gold `.jsonl` and `.txt` file and every prediction `.jsonl`
//! file of a `hudna synth` output directory with two threads (files handed
//! out one at a time from a shared counter, so a large prediction file does
//! not leave the other thread idle), checks each file is UTF-8, deserializes
//! every JSONL line with serde_json into a small *borrowed* record (the
//! fields a scorer needs: doc, kind, type, text, start, end; every other
//! field is skipped), and prints counts and a checksum so that none of the
//! work can be optimised away. It validates nothing, builds no index, keeps
//! nothing, and scores nothing.
//!
//! An example rather than a `[[bench]]`: `cargo build --release --example
//! parse_floor` puts it at the fixed path `target/release/examples/
//! parse_floor` (a bench binary gets a hashed name under `deps/`), it is not
//! part of the shipped CLI or the published package (`include` in
//! Cargo.toml), and `cargo bench` does not try to run it without arguments.
//!
//! With `--records`, each line is read by hudna's own record reader instead
//! (`hudna::validate::fast::parse`: typed, the schema's rules checked, an
//! owned `Record` built and dropped): what reading costs before anything
//! hudna does with the records (semantic checks, indexes, scoring), so the
//! benchmark can say how much of the distance to the floor is the records
//! themselves. Lines that reader leaves to the schema path (`kb.jsonl`) are
//! counted, not read further.
//!
//! Usage: `parse_floor [--records] DIR [THREADS]` where DIR holds `gold/`
//! and `pred/`. Prints one JSON object on stdout.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use hudna::record::Record;
use hudna::schema::Flavour;
use serde::Deserialize;

/// One JSONL line, borrowed from the file's text where it can be (a string
/// with escapes is owned). Every field is optional: `kb.jsonl` lines have no
/// `doc` or `kind`, zones no `text`, events their offsets in `trigger`.
#[derive(Deserialize)]
struct Rec<'a> {
    #[serde(borrow)]
    doc: Option<Cow<'a, str>>,
    #[serde(borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "type")]
    ty: Option<Cow<'a, str>>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    start: Option<u64>,
    end: Option<u64>,
}

#[derive(Default)]
struct Counts {
    files: u64,
    bytes: u64,
    text_files: u64,
    gold_records: u64,
    gold_entities: u64,
    pred_records: u64,
    pred_entities: u64,
    checksum: u64,
}

impl Counts {
    /// One record read from a gold or prediction file.
    fn record(&mut self, kind: Kind, entity: bool) {
        let (records, entities) = match kind {
            Kind::Gold => (&mut self.gold_records, &mut self.gold_entities),
            _ => (&mut self.pred_records, &mut self.pred_entities),
        };
        *records += 1;
        *entities += u64::from(entity);
    }

    fn add(&mut self, o: &Counts) {
        self.files += o.files;
        self.bytes += o.bytes;
        self.text_files += o.text_files;
        self.gold_records += o.gold_records;
        self.gold_entities += o.gold_entities;
        self.pred_records += o.pred_records;
        self.pred_entities += o.pred_entities;
        self.checksum = self.checksum.wrapping_add(o.checksum);
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Gold,
    Pred,
}

fn files(dir: &Path, ext: &str, kind: Kind, out: &mut Vec<(PathBuf, Kind)>) {
    let rd = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in rd {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == ext) {
            out.push((path, kind));
        }
    }
}

fn read(path: &Path, kind: Kind, records: bool, c: &mut Counts) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    c.files += 1;
    c.bytes += text.len() as u64;
    if let Kind::Text = kind {
        c.text_files += 1;
        return;
    }
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        if records {
            let flavour = match kind {
                Kind::Gold => Flavour::Gold,
                _ => Flavour::Prediction,
            };
            let record = hudna::validate::fast::parse(flavour, line);
            let entity = matches!(record, Some(Record::Entity(_)));
            c.record(kind, entity);
            c.checksum = c.checksum.wrapping_mul(31).wrapping_add(match &record {
                Some(Record::Entity(e)) => e.text.len() as u64 + e.start.unwrap_or(0) as u64,
                Some(_) => 1,
                None => 0,
            });
            continue;
        }
        let r: Rec = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
        let entity = r.kind.as_deref() == Some("entity");
        c.record(kind, entity);
        let lens = [&r.doc, &r.ty, &r.text].map(|s| s.as_deref().map_or(0, str::len) as u64);
        c.checksum = c
            .checksum
            .wrapping_mul(31)
            .wrapping_add(lens.iter().sum::<u64>())
            .wrapping_add(r.start.unwrap_or(0) ^ r.end.unwrap_or(0).rotate_left(17));
    }
}

fn main() {
    let mut args = std::env::args_os().skip(1).peekable();
    let records = args.next_if(|a| a == "--records").is_some();
    let dir = PathBuf::from(
        args.next()
            .expect("usage: parse_floor [--records] DIR [THREADS]"),
    );
    let threads: usize = args
        .next()
        .map(|t| t.to_str().and_then(|t| t.parse().ok()).expect("THREADS"))
        .unwrap_or(2)
        .max(1);

    let mut list = Vec::new();
    files(&dir.join("gold"), "txt", Kind::Text, &mut list);
    files(&dir.join("gold"), "jsonl", Kind::Gold, &mut list);
    files(&dir.join("pred"), "jsonl", Kind::Pred, &mut list);
    // Largest first, so the big prediction files start early and the small
    // gold files fill in around them.
    list.sort_by_cached_key(|(p, _)| {
        std::cmp::Reverse(std::fs::metadata(p).map_or(0, |m| m.len()))
    });

    let next = AtomicUsize::new(0);
    let mut total = Counts::default();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut c = Counts::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((path, kind)) = list.get(i) else {
                            break;
                        };
                        read(path, *kind, records, &mut c);
                    }
                    c
                })
            })
            .collect();
        for w in workers {
            total.add(&w.join().expect("worker"));
        }
    });
    println!(
        "{{\"files\":{},\"bytes\":{},\"text_files\":{},\"gold_records\":{},\"gold_entities\":{},\"pred_records\":{},\"pred_entities\":{},\"checksum\":{}}}",
        total.files,
        total.bytes,
        total.text_files,
        total.gold_records,
        total.gold_entities,
        total.pred_records,
        total.pred_entities,
        total.checksum
    );
}
