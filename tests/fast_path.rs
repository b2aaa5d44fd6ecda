//! The fast validation path (`hudna::validate::fast`) agrees with the JSON
//! Schema path: it accepts every valid line of the corpus and of prediction
//! fixtures, reads the same record from it, and accepts nothing the schema
//! path refuses, over thousands of seeded mutations of those lines (fields
//! dropped, nulled, retyped, misspelt, duplicated; patterns and bounds
//! broken), for gold and prediction rules alike, under both profiles (the
//! core profile takes any entity label of 1 to 64 characters and no ref).

mod common;

use std::path::{Path, PathBuf};

use hudna::profile::Profile;
use hudna::schema::Flavour;
use hudna::validate::{check_record_line_in, fast};
use serde_json::{Map, Value, json};

fn lines_of(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .filter(|p| !p.ends_with("kb.jsonl") && !p.ends_with("lint-allow.jsonl"))
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

fn gold_lines() -> Vec<String> {
    lines_of(&common::annotations())
}

fn prediction_lines() -> Vec<String> {
    lines_of(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/textee"))
}

/// The schema path's verdict: the record, or `None` when it refuses.
fn slow(profile: Profile, flavour: Flavour, line: &str) -> Option<hudna::record::Record> {
    let value: Value = serde_json::from_str(line).ok()?;
    if !value.is_object() {
        return None;
    }
    check_record_line_in(profile, flavour, Path::new("x.jsonl"), 1, &value).ok()
}

const PROFILES: [Profile; 2] = [Profile::Strict, Profile::Core];

#[test]
fn every_valid_line_takes_the_fast_path_and_reads_the_same() {
    for (flavour, lines) in [
        (Flavour::Gold, gold_lines()),
        (Flavour::Prediction, gold_lines()),
        (Flavour::Prediction, prediction_lines()),
    ] {
        assert!(lines.len() > 100);
        for l in &lines {
            for p in PROFILES {
                let s =
                    slow(p, flavour, l).unwrap_or_else(|| panic!("{p:?} {flavour:?} refuses {l}"));
                let f = fast::parse_in(p, flavour, l)
                    .unwrap_or_else(|| panic!("{p:?} {flavour:?} fast path declines {l}"));
                assert_eq!(f, s, "{l}");
            }
        }
    }
}

/// A small seeded generator (xorshift), enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Values a field may be replaced with: every JSON type, boundary numbers,
/// strings that break or keep the patterns, enum values of other fields.
fn replacement(rng: &mut Rng) -> Value {
    let pool = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(5.0),
        json!(1.5),
        json!(u64::MAX),
        json!(18446744073709551616.0),
        json!(""),
        json!("x"),
        json!("Abc"),
        json!("abc"),
        json!("a b"),
        json!("e1"),
        json!("_e1"),
        json!("2020-10-01"),
        json!("2020-1-1"),
        json!("ar"),
        json!("en"),
        json!("0".repeat(64)),
        json!("ب".repeat(64)),
        json!("L".repeat(65)),
        json!("PER"),
        json!("GPE"),
        json!("SHELLING"),
        json!("title"),
        json!("actor"),
        json!("killed"),
        json!("exact"),
        json!("vague"),
        json!("civilian"),
        json!("incident"),
        json!("asserted"),
        json!("stated"),
        json!("entity"),
        json!("event"),
        json!("document"),
        json!([]),
        json!([{"role": "actor"}]),
        json!([{"role": "actor", "mention": "e1"}]),
        json!({}),
        json!({"text": "t"}),
        json!({"start": 0, "end": 1, "text": "t"}),
        json!({"value": 1}),
        json!({"group": "military"}),
        json!({"a": 1}),
    ];
    pool[rng.below(pool.len())].clone()
}

const KEYS: [&str; 30] = [
    "kind",
    "doc",
    "id",
    "type",
    "start",
    "end",
    "text",
    "ref",
    "meta",
    "sha256",
    "lang",
    "title",
    "outlet",
    "published",
    "published_basis",
    "note",
    "trigger",
    "args",
    "modality",
    "reported_by",
    "category",
    "count",
    "victims",
    "source",
    "event",
    "scope",
    "role",
    "mention",
    "value",
    "unknown",
];

/// Applies one mutation somewhere in `v` (objects nested inside included).
fn mutate(v: &mut Value, rng: &mut Rng) {
    match v {
        Value::Object(m) => {
            // Descend into a nested object or array now and then.
            let nested: Vec<String> = m
                .iter()
                .filter(|(_, x)| x.is_object() || x.is_array())
                .map(|(k, _)| k.clone())
                .collect();
            if !nested.is_empty() && rng.below(3) == 0 {
                let k = nested[rng.below(nested.len())].clone();
                return mutate(m.get_mut(&k).unwrap(), rng);
            }
            let keys: Vec<String> = m.keys().cloned().collect();
            match rng.below(4) {
                0 if !keys.is_empty() => {
                    m.remove(&keys[rng.below(keys.len())]);
                }
                1 if !keys.is_empty() => {
                    let k = &keys[rng.below(keys.len())];
                    m.insert(k.clone(), replacement(rng));
                }
                _ => {
                    let k = KEYS[rng.below(KEYS.len())];
                    m.insert(k.to_owned(), replacement(rng));
                }
            }
        }
        Value::Array(a) => {
            if a.is_empty() || rng.below(4) == 0 {
                a.push(replacement(rng));
            } else {
                let i = rng.below(a.len());
                mutate(&mut a[i], rng);
            }
        }
        other => *other = replacement(rng),
    }
}

#[test]
fn the_fast_path_accepts_nothing_the_schema_refuses() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sources: Vec<String> = gold_lines().into_iter().chain(prediction_lines()).collect();
    let (mut cases, mut fast_accepts, mut slow_accepts) = (0, 0, 0);
    for round in 0..12_000 {
        let base = &sources[rng.below(sources.len())];
        let mut v: Value = serde_json::from_str(base).unwrap();
        for _ in 0..=rng.below(3) {
            mutate(&mut v, &mut rng);
        }
        let mut line = serde_json::to_string(&v).unwrap();
        // A duplicated key, which serde_json::Value resolves by keeping the
        // last and a typed reader may not.
        if round % 50 == 0
            && let Some(m) = v.as_object()
            && let Some((k, x)) = m.iter().next()
        {
            let mut extra = Map::new();
            extra.insert(k.clone(), x.clone());
            line = format!(
                "{}, {}",
                &line[..line.len() - 1],
                &serde_json::to_string(&extra).unwrap()[1..]
            );
        }
        for flavour in [Flavour::Gold, Flavour::Prediction] {
            for p in PROFILES {
                cases += 1;
                let s = slow(p, flavour, &line);
                slow_accepts += s.is_some() as usize;
                if let Some(f) = fast::parse_in(p, flavour, &line) {
                    fast_accepts += 1;
                    assert_eq!(
                        Some(&f),
                        s.as_ref(),
                        "{p:?} {flavour:?}: fast path accepts {line}"
                    );
                }
            }
        }
    }
    // The mutations reach both verdicts, and the fast path takes most of
    // what is valid (it may decline some: those go the schema path).
    assert!(
        slow_accepts > 1_000 && cases - slow_accepts > 5_000,
        "{slow_accepts} of {cases}"
    );
    assert!(
        fast_accepts * 10 >= slow_accepts * 8,
        "{fast_accepts} of {slow_accepts}"
    );
}
