//! Every kind of bad input `validate` must survive: each case breaks a small
//! valid corpus in one way, and a snapshot pins the exact messages (file, line,
//! JSON pointer, text). None may panic; all problems in a file are reported.

mod common;

use common::Mini;
use hudna::validate::{load_corpus, load_predictions};

/// Runs gold validation and renders it with the temp dir replaced by `<corpus>`.
fn gold(m: &Mini) -> String {
    match load_corpus(m.path()) {
        Ok((_, report)) => report.render_text(),
        Err(e) => format!("error: {e}\n"),
    }
    .replace(&m.path().display().to_string(), "<corpus>")
}

/// Replaces line `n` (1-based) of the records file as it is now.
fn with_line(m: &Mini, n: usize, line: &str) {
    let recs = std::fs::read_to_string(m.path().join("doc-one.jsonl")).unwrap();
    let mut lines: Vec<&str> = recs.lines().collect();
    lines[n - 1] = line;
    m.write("doc-one.jsonl", (lines.join("\n") + "\n").as_bytes());
}

/// Line `n` of the records file as it is now.
fn line_of(m: &Mini, n: usize) -> String {
    std::fs::read_to_string(m.path().join("doc-one.jsonl"))
        .unwrap()
        .lines()
        .nth(n - 1)
        .unwrap()
        .to_owned()
}

macro_rules! case {
    ($name:ident, |$m:ident| $body:block) => {
        #[test]
        fn $name() {
            let $m = Mini::new();
            $body
            insta::assert_snapshot!(stringify!($name), gold(&$m));
        }
    };
}

case!(clean_corpus_is_valid, |m| {});

case!(invalid_utf8, |m| {
    let mut bytes = m.records().into_bytes();
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 3;
    bytes[at] = 0xff;
    m.write("doc-one.jsonl", &bytes);
});

case!(byte_order_mark, |m| {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(m.records().into_bytes());
    m.write("doc-one.jsonl", &bytes);
});

case!(crlf_line_endings_are_accepted, |m| {
    m.write(
        "doc-one.jsonl",
        m.records().replace('\n', "\r\n").as_bytes(),
    );
});

case!(empty_records_file, |m| {
    m.write("doc-one.jsonl", b"");
});

case!(ten_megabyte_line, |m| {
    let big = "ب".repeat(5 * 1024 * 1024);
    with_line(
        &m,
        3,
        &line_of(&m, 3).replace("\"text\":\"أذربيجان\"", &format!("\"text\":\"{big}\"")),
    );
});

case!(deep_nesting, |m| {
    let deep = format!("{{\"kind\":{}{}}}", "[".repeat(50_000), "]".repeat(50_000));
    with_line(&m, 3, &deep);
});

case!(negative_offset, |m| {
    with_line(
        &m,
        3,
        &line_of(&m, 3).replace("\"start\":6", "\"start\":-6"),
    );
});

case!(huge_offset, |m| {
    with_line(&m, 3, &line_of(&m, 3).replace("\"end\":14", "\"end\":1e30"));
});

case!(float_offset, |m| {
    with_line(
        &m,
        3,
        &line_of(&m, 3).replace("\"start\":6", "\"start\":6.5"),
    );
    with_line(
        &m,
        4,
        &line_of(&m, 4).replace("\"start\":52", "\"start\":52.0"),
    );
});

case!(nan_is_not_json, |m| {
    with_line(
        &m,
        6,
        &line_of(&m, 6).replace("\"value\":8", "\"value\":NaN"),
    );
});

case!(offset_past_the_end, |m| {
    with_line(
        &m,
        4,
        &line_of(&m, 4).replace("\"start\":52,\"end\":56", "\"start\":52,\"end\":560"),
    );
});

case!(text_does_not_match_slice, |m| {
    with_line(
        &m,
        4,
        &line_of(&m, 4).replace("\"start\":52,\"end\":56", "\"start\":51,\"end\":55"),
    );
    with_line(&m, 3, &line_of(&m, 3).replace("أذربيجان", "أرمينيا"));
});

case!(duplicate_ids, |m| {
    with_line(&m, 4, &line_of(&m, 4).replace("\"e2\"", "\"e1\""));
});

case!(dangling_references, |m| {
    with_line(
        &m,
        5,
        &line_of(&m, 5)
            .replace("\"mention\":\"e1\"", "\"mention\":\"e9\"")
            .replace("\"reported_by\":null", "\"reported_by\":\"v1\""),
    );
    with_line(
        &m,
        6,
        &line_of(&m, 6)
            .replace("\"source\":null", "\"source\":\"e7\"")
            .replace("\"event\":null", "\"event\":\"v5\"")
            .replace("\"side\":null", "\"side\":\"atlantis\""),
    );
    with_line(
        &m,
        3,
        &line_of(&m, 3).replace("\"ref\":\"azerbaijan\"", "\"ref\":\"azerbaijn\""),
    );
    with_line(
        &m,
        4,
        &line_of(&m, 4).replace("\"ref\":\"baku\"", "\"ref\":null"),
    );
});

case!(overlapping_zones, |m| {
    let extra = "{\"kind\":\"zone\",\"doc\":\"doc-one\",\"id\":\"z2\",\"type\":\"boilerplate\",\"start\":40,\"end\":58}";
    m.write(
        "doc-one.jsonl",
        format!("{}{extra}\n", m.records()).as_bytes(),
    );
});

case!(inconsistent_counts, |m| {
    with_line(
        &m,
        6,
        &line_of(&m, 6).replace("\"low\":8,\"high\":8", "\"low\":9,\"high\":3"),
    );
});

case!(qualifier_disagrees_with_bounds, |m| {
    with_line(
        &m,
        6,
        &line_of(&m, 6).replace(
            "\"qualifier\":\"exact\",\"low\":8,\"high\":8",
            "\"qualifier\":\"more_than\",\"low\":8,\"high\":null",
        ),
    );
});

case!(duplicate_mention, |m| {
    let dup = line_of(&m, 3).replace("\"e1\"", "\"e3\"");
    m.write(
        "doc-one.jsonl",
        format!("{}{dup}\n", m.records()).as_bytes(),
    );
});

case!(unknown_missing_and_misspelled_fields, |m| {
    with_line(&m, 3, &line_of(&m, 3).replace("\"ref\":", "\"reff\":"));
    with_line(
        &m,
        4,
        &line_of(&m, 4).replace("\"type\":\"GPE\"", "\"type\":\"CITY\""),
    );
    with_line(
        &m,
        5,
        &line_of(&m, 5).replace(",\"modality\":\"asserted\"", ""),
    );
});

case!(article_edited_after_annotation, |m| {
    m.write(
        "doc-one.txt",
        common::TEXT.replace("باكو", "يريفان").as_bytes(),
    );
});

case!(record_for_another_document, |m| {
    with_line(
        &m,
        3,
        &line_of(&m, 3).replace("\"doc\":\"doc-one\"", "\"doc\":\"doc-two\""),
    );
});

case!(records_without_article, |m| {
    m.write("doc-two.jsonl", b"{}\n");
});

case!(article_without_records, |m| {
    m.write("doc-two.txt", "نص".as_bytes());
});

case!(directory_without_articles, |m| {
    m.remove("doc-one.txt");
});

case!(missing_kb, |m| {
    m.remove("kb.jsonl");
});

// Rule C7: `both` is the reserved side of an unsplit figure covering both
// belligerents; it is not looked up in the KB, and an unknown ref still is.
case!(side_both_is_reserved_not_a_ref, |m| {
    with_line(
        &m,
        6,
        &line_of(&m, 6).replace("\"side\":null", "\"side\":\"both\""),
    );
    let recs = std::fs::read_to_string(m.path().join("doc-one.jsonl")).unwrap();
    let unknown = line_of(&m, 6)
        .replace("\"id\":\"c1\"", "\"id\":\"c2\"")
        .replace("\"side\":\"both\"", "\"side\":\"bothh\"");
    m.write("doc-one.jsonl", format!("{recs}{unknown}\n").as_bytes());
});

// The KB cannot take the reserved word as a ref, or `both` would be ambiguous.
case!(kb_ref_both_is_refused, |m| {
    let kb = std::fs::read_to_string(m.path().join("kb.jsonl")).unwrap();
    m.write(
        "kb.jsonl",
        format!("{kb}{{\"ref\":\"both\",\"type\":\"GPE\",\"name_en\":\"Both\",\"names_ar\":[]}}\n")
            .as_bytes(),
    );
});

#[test]
fn bad_predictions() {
    let m = Mini::new();
    let (corpus, report) = load_corpus(m.path()).unwrap();
    assert_eq!(report.errors(), 0);
    let preds = [
        r#"{"kind":"entity","doc":"doc-nine","type":"GPE","text":"باكو"}"#,
        r#"{"kind":"entity","doc":"doc-one","type":"GPE","start":52,"end":600,"text":"باكو"}"#,
        r#"{"kind":"entity","doc":"doc-one","type":"GPE","start":6,"end":14,"text":"باكو"}"#,
        r#"{"kind":"entity","doc":"doc-one","type":"COUNTRY","text":"باكو"}"#,
        r#"{"kind":"casualty","doc":"doc-one","category":"killed","count":{"value":"eight"}}"#,
        r#"{"kind":"entity","doc":"doc-one","type":"GPE","start":6,"text":"أذربيجان"}"#,
        r#"{"kind":"entity","doc":"doc-one","type":"GPE","text":"أذربيجان"}"#,
        r#"{"kind":"casualty","doc":"doc-one","category":"killed","count":{"value":8}}"#,
    ];
    let file = m.path().join("preds.jsonl");
    std::fs::write(&file, preds.join("\n")).unwrap();
    let (p, report) = load_predictions(&[file], &corpus).unwrap();
    let out = report
        .render_text()
        .replace(&m.path().display().to_string(), "<dir>");
    insta::assert_snapshot!("bad_predictions", out);
    let kept: Vec<usize> = p.docs["doc-one"].iter().map(|r| r.line).collect();
    assert_eq!(
        kept,
        [7, 8],
        "only valid predictions are kept, offset-free ones included"
    );
    let rejected: Vec<(usize, Option<&str>)> = p
        .rejected
        .iter()
        .map(|r| (r.line, r.kind.as_deref()))
        .collect();
    assert_eq!(
        rejected,
        [
            (1, Some("entity")),
            (2, Some("entity")),
            (3, Some("entity")),
            (4, Some("entity")),
            (5, Some("casualty")),
            (6, Some("entity"))
        ],
        "every line with an error is set aside with its kind, for --lenient"
    );
}

/// Regression: when one document's predictions are split across two files,
/// each problem names the file it is in (they were all blamed on the first).
#[test]
fn prediction_errors_name_their_own_file() {
    let m = Mini::new();
    let (corpus, _) = load_corpus(m.path()).unwrap();
    let a = m.path().join("a.jsonl");
    let b = m.path().join("b.jsonl");
    std::fs::write(
        &a,
        r#"{"kind":"entity","doc":"doc-one","type":"GPE","start":6,"end":14,"text":"أذربيجان"}"#,
    )
    .unwrap();
    std::fs::write(&b, "\n\n{\"kind\":\"entity\",\"doc\":\"doc-one\",\"type\":\"GPE\",\"start\":6,\"end\":14,\"text\":\"باكو\"}\n").unwrap();
    let (p, report) = load_predictions(&[a, b.clone()], &corpus).unwrap();
    assert_eq!(report.errors(), 1);
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.path.as_path(), d.line, d.code),
        (b.as_path(), Some(3), "text-mismatch")
    );
    assert_eq!(p.docs["doc-one"].len(), 1);
    assert_eq!(
        (p.rejected[0].path.as_path(), p.rejected[0].line),
        (b.as_path(), 3)
    );
}
