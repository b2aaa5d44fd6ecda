//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz, libFuzzer),
//! kept in the library so that `cargo test` on the stable toolchain replays
//! every target's saved corpus and crash inputs through exactly the same
//! code (`tests/fuzz_replay.rs`). Each function takes arbitrary bytes and
//! must neither panic nor hang; where two readers must agree, it asserts
//! that too (an assertion failure is a crash to the fuzzer).
//!
//! Not part of the public API.

use std::path::Path;

use crate::schema::Flavour;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// A record line: the fast path and the JSON Schema path must agree
/// wherever the fast path answers, for gold and for predictions.
pub fn record_line(data: &[u8]) {
    let Some(line) = text(data) else { return };
    let (lines, _) = crate::jsonl::parse(Path::new("fuzz.jsonl"), data);
    for flavour in [Flavour::Gold, Flavour::Prediction] {
        let fast = crate::validate::fast::parse(flavour, line.trim_end_matches(['\n', '\r']));
        for l in &lines {
            let slow = crate::validate::check_record_line(
                flavour,
                Path::new("fuzz.jsonl"),
                l.line,
                &l.value,
            );
            if let (Some(f), 1) = (&fast, lines.len()) {
                match &slow {
                    Ok(s) => assert_eq!(f, s, "fast and schema paths read the line differently"),
                    Err(d) => panic!("fast path accepted a line the schema refuses: {d:?}"),
                }
            }
        }
    }
}

/// The number reader: every count it finds lies inside the text, in
/// order, and what it reads back from that span is a number it can say.
pub fn numbers(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let n = t.chars().count();
    let mut last_end = 0;
    for c in crate::arabic::numbers::find_counts(t) {
        assert!(
            c.start < c.end && c.end <= n,
            "count span {}..{} outside 0..{n}",
            c.start,
            c.end
        );
        assert!(c.start >= last_end, "counts overlap or go backwards");
        last_end = c.end;
    }
    let _ = crate::arabic::numbers::read_count(t);
}

/// The baseline on any text: it never panics, and every record it emits
/// passes the checks a prediction file's records pass.
pub fn baseline(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if t.chars().count() > 20_000 {
        return;
    }
    let b = crate::baseline::Baseline::new();
    let records = b.run("fuzz-doc", t);
    let doc = crate::corpus::Doc {
        id: "fuzz-doc".into(),
        article: crate::article::Article::from_text(t),
        txt_path: "fuzz-doc.txt".into(),
        jsonl_path: "fuzz-doc.jsonl".into(),
        records: Vec::new(),
    };
    let answer = crate::evaluate::check_answer("baseline", &doc, records, false);
    assert!(
        answer.problems.errors() == 0,
        "the baseline emitted invalid records: {}",
        answer.problems.render_text()
    );
}

/// A gates file: parsed or refused, never a panic.
pub fn gate_config(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let _ = crate::gate::GateConfig::parse(t, Path::new("gates.toml"));
}

/// A score report read back: accepted only if it verifies, never a panic.
pub fn report(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let _ = crate::compare::NamedReport::parse("fuzz.json", t);
}

/// A CoNLL file and both chunking modes: never a panic; every chunk lies
/// inside the sentence's tokens.
pub fn conll(data: &[u8]) {
    let (file, _) = crate::formats::conll::parse(Path::new("fuzz.conll"), data);
    let _ = format!("{file:?}");
}
