//! hudna's Arabic number reader checked against pyarabic's number module.
//!
//! `tests/fixtures/numbers/words.txt` is the shared word list;
//! `tests/fixtures/numbers/pyarabic.json` is what pyarabic read from it,
//! made by `tools/pyarabic_fixture.sh` (pinned pyarabic); and
//! `tests/fixtures/numbers/disagreements.tsv` lists, with a reason, every
//! expression on which the two differ.
//!
//! **Where both apply.** pyarabic's `text2number` returns 0 when it finds no
//! number word (it has no other way to say so, and the list holds no zero),
//! so pyarabic *applies* when it returns a number above 0. hudna applies when
//! `read_count` returns a quantity: an exact value, or bounds for a vague
//! quantity. On every expression where pyarabic applies, hudna must return
//! the same exact value, or the expression must be listed as a disagreement
//! (hudna reading bounds or nothing where pyarabic reads a number counts as
//! a disagreement too). Where only hudna applies (digits, forms pyarabic's
//! lexicon lacks) nothing is compared, but hudna must still read the line.
//!
//! The list stays honest both ways: the test fails on an unlisted
//! disagreement and on a listed one that no longer holds, values included.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use hudna::arabic::numbers::{Quantity, implied_count, read_count};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    pyarabic_version: String,
    words: Vec<Row>,
    spelled: Vec<Spelled>,
}

#[derive(Deserialize)]
struct Row {
    line: usize,
    input: String,
    text2number: Option<u64>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
struct Spelled {
    number: u64,
    text: String,
    text2number: u64,
}

/// One listed disagreement.
#[derive(Debug)]
struct Listed {
    pyarabic: String,
    hudna: String,
    right: String,
    why: String,
}

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/numbers")
}

fn read(name: &str) -> String {
    let path = fixture_dir().join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The word list's expressions with their 1-based line numbers.
fn words() -> Vec<(usize, String)> {
    read("words.txt")
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

fn fixture() -> Fixture {
    serde_json::from_str(&read("pyarabic.json")).expect("pyarabic.json parses")
}

fn listed() -> BTreeMap<String, Listed> {
    let text = read("disagreements.tsv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("input\tpyarabic\thudna\tright\twhy"),
        "disagreements.tsv header"
    );
    let mut out = BTreeMap::new();
    for (n, line) in lines.enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 5, "disagreements.tsv line {}: {line}", n + 2);
        let [input, pyarabic, hudna, right, why] = cols[..] else {
            unreachable!()
        };
        assert!(
            matches!(right, "hudna" | "pyarabic" | "neither"),
            "disagreements.tsv line {}: who is right must be hudna, pyarabic or neither",
            n + 2
        );
        assert!(
            why.len() > 10,
            "disagreements.tsv line {}: give a reason",
            n + 2
        );
        let old = out.insert(
            input.to_owned(),
            Listed {
                pyarabic: pyarabic.to_owned(),
                hudna: hudna.to_owned(),
                right: right.to_owned(),
                why: why.to_owned(),
            },
        );
        assert!(old.is_none(), "{input} listed twice");
    }
    out
}

/// hudna's reading, as written in disagreements.tsv.
fn show(q: Option<Quantity>) -> String {
    match q {
        None => "none".to_owned(),
        Some(Quantity { value: Some(v), .. }) => v.to_string(),
        Some(Quantity {
            low: Some(lo),
            high: Some(hi),
            ..
        }) => format!("vague {lo}..{hi}"),
        Some(q) => format!("{q:?}"),
    }
}

#[test]
fn fixture_is_current_and_pinned() {
    let fx = fixture();
    let script = read("../../../tools/pyarabic_fixture.sh");
    let pin = script
        .lines()
        .find_map(|l| l.strip_prefix("PYARABIC_VERSION="))
        .expect("the script pins pyarabic");
    assert_eq!(fx.pyarabic_version, pin, "regenerate the fixture");
    let from_fixture: Vec<(usize, String)> =
        fx.words.iter().map(|r| (r.line, r.input.clone())).collect();
    assert_eq!(
        from_fixture,
        words(),
        "words.txt changed: run tools/pyarabic_fixture.sh"
    );
    let list = words();
    assert!(
        (150..=300).contains(&list.len()),
        "{} expressions",
        list.len()
    );
    for r in &fx.words {
        assert!(
            r.error.is_none(),
            "pyarabic failed on {}: {:?}",
            r.input,
            r.error
        );
    }
}

#[test]
fn hudna_agrees_with_pyarabic_where_both_apply() {
    let fx = fixture();
    let listed = listed();
    let mut agree = 0;
    let mut only_hudna = 0;
    let mut found: BTreeMap<String, (String, String)> = BTreeMap::new();
    for r in &fx.words {
        let py = r.text2number.unwrap_or(0);
        let ours = read_count(&r.input);
        if py == 0 {
            only_hudna += 1;
            continue;
        }
        if ours.and_then(|q| q.value) == Some(py) {
            agree += 1;
        } else {
            found.insert(r.input.clone(), (py.to_string(), show(ours)));
        }
    }
    let mut problems = Vec::new();
    for (input, (py, ours)) in &found {
        match listed.get(input) {
            None => problems.push(format!(
                "unlisted disagreement: {input}\t{py}\t{ours}\t?\t?"
            )),
            Some(l) if (&l.pyarabic, &l.hudna) != (py, ours) => problems.push(format!(
                "{input}: listed as pyarabic {} / hudna {}, now pyarabic {py} / hudna {ours}",
                l.pyarabic, l.hudna
            )),
            Some(_) => {}
        }
    }
    for input in listed.keys() {
        if !found.contains_key(input) {
            problems.push(format!("listed but no longer a disagreement: {input}"));
        }
    }
    eprintln!(
        "pyarabic {}: {} expressions; both apply on {}: {} agree, {} disagree; only hudna applies on {}",
        fx.pyarabic_version,
        fx.words.len(),
        agree + found.len(),
        agree,
        found.len(),
        only_hudna
    );
    for (input, l) in &listed {
        eprintln!(
            "  {input}: pyarabic {} / hudna {} — {} is right: {}",
            l.pyarabic, l.hudna, l.right, l.why
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn hudna_reads_every_line() {
    for (line, input) in words() {
        assert!(
            read_count(&input).is_some() || implied_count(&input).is_some(),
            "words.txt:{line}: hudna reads nothing in {input}"
        );
    }
}

/// The vague quantities in words.txt and their bounds (guidelines rule C5).
const VAGUE: &[(&str, u64, u64)] = &[
    ("عشرات", 12, 99),
    ("مئات", 100, 999),
    ("آلاف", 1_000, 9_999),
    ("ملايين", 1_000_000, 9_999_999),
    ("مليارات", 1_000_000_000, 9_999_999_999),
    ("مئات الآلاف", 100_000, 999_999),
    ("عشرات الآلاف", 12_000, 99_999),
    ("مئات الملايين", 100_000_000, 999_999_999),
    ("العشرات", 12, 99),
    ("الآلاف", 1_000, 9_999),
    ("والمئات", 100, 999),
    ("بالعشرات", 12, 99),
    ("لآلاف", 1_000, 9_999),
    ("وعشرات الآلاف", 12_000, 99_999),
];

#[test]
fn vague_words_are_bounds_without_a_value() {
    let list = words();
    for (input, lo, hi) in VAGUE {
        assert!(
            list.iter().any(|(_, w)| w == input),
            "{input} is not in words.txt"
        );
        assert_eq!(
            read_count(input),
            Some(Quantity::vague(*lo, *hi)),
            "{input}"
        );
    }
    // And nothing else in the list is vague.
    for (line, input) in &list {
        if let Some(q) = read_count(input)
            && q.value.is_none()
        {
            assert!(
                VAGUE.iter().any(|(w, ..)| w == input),
                "words.txt:{line}: {input} reads vague {q:?}"
            );
        }
    }
}

#[test]
fn duals_of_counted_nouns_are_two() {
    for noun in ["قتيلان", "جنديان", "مدنيان", "جريحان", "أسيران", "شخصان"]
    {
        assert!(
            words().iter().any(|(_, w)| w == noun),
            "{noun} not in words.txt"
        );
        assert_eq!(read_count(noun), None, "{noun}");
        assert_eq!(implied_count(noun), Some(2), "{noun}");
    }
}

#[test]
fn hudna_reads_what_pyarabic_spells() {
    // pyarabic's int2str writes numbers in its own way (spaced «و»,
    // «مئتان ألف», «ثلاث آلاف»); whatever its grammar, the number is clear.
    let fx = fixture();
    assert!(fx.spelled.len() > 100);
    let mut wrong = Vec::new();
    let mut py_round_trip = 0;
    for s in &fx.spelled {
        let ours = read_count(&s.text).and_then(|q| q.value);
        if ours != Some(s.number) {
            wrong.push(format!("{}: {} read as {ours:?}", s.number, s.text));
        }
        py_round_trip += usize::from(s.text2number == s.number);
    }
    eprintln!(
        "{} pyarabic spellings: hudna reads {} back, pyarabic's text2number {}",
        fx.spelled.len(),
        fx.spelled.len() - wrong.len(),
        py_round_trip
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
