//! Converters on random text: every format gives back what it holds of
//! random mentions over text with emoji (two UTF-16 code units), combining
//! marks, joiners, tabs, no-break spaces and every kind of line break; and
//! no input bytes make a reader panic.

use std::path::Path;

use hudna::arabic::tokenize::tokenize;
use hudna::formats::bundle::{Annotated, Bundle};
use hudna::formats::{Format, ReadOptions, WriteOptions, write_output};
use hudna::record::{Entity, Record};
use hudna::vocab::EntityLabel;
use proptest::prelude::*;

const CHARS: &[char] = &[
    'ب', 'ا', 'و', 'ل', 'ق', 'ة', 'a', 'Z', '7', '٣', ' ', ' ', ' ', '\n', '\t', '.', '،', '?',
    '-', '😀', '👍', '\u{064E}', '\u{200C}', '\u{00A0}', '\r', '\u{2028}', '\u{0b}', '\u{85}',
];

const LABELS: &[&str] = &["GPE", "PER", "MISC", "B-X", "شخص"];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CHARS), 1..50).prop_map(|c| c.into_iter().collect())
}

/// A document with up to eight random (possibly nested, overlapping,
/// repeated) entity mentions.
fn doc() -> impl Strategy<Value = Annotated> {
    text()
        .prop_flat_map(|t| {
            let n = t.chars().count();
            let span = (0..n, 1..=n, prop::sample::select(LABELS)).prop_map(move |(a, b, l)| {
                let (a, b) = if a < b {
                    (a, b)
                } else {
                    (b.min(n - 1), b.min(n - 1) + 1)
                };
                (a, b, l)
            });
            (Just(t), prop::collection::vec(span, 0..8))
        })
        .prop_map(|(t, mut spans)| {
            let chars: Vec<char> = t.chars().collect();
            // hudna refuses two mentions of one type on one span.
            spans.sort();
            spans.dedup();
            let records = spans
                .into_iter()
                .enumerate()
                .map(|(i, (a, b, l))| {
                    Record::Entity(Entity {
                        doc: "doc-one".into(),
                        id: Some(format!("e{}", i + 1)),
                        entity_type: EntityLabel::parse(l),
                        start: Some(a),
                        end: Some(b),
                        text: chars[a..b].iter().collect(),
                        r#ref: None,
                    })
                })
                .collect();
            Annotated {
                id: "doc-one".into(),
                text: t,
                records,
            }
        })
}

/// (type, start, end, text) of every mention, sorted.
fn mentions(d: &Annotated) -> Vec<(String, usize, usize, String)> {
    let mut v: Vec<_> = d
        .entities()
        .map(|e| {
            (
                e.entity_type.to_string(),
                e.start.unwrap(),
                e.end.unwrap(),
                e.text.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Writes and reads back; the article is also put where CoNLL and records
/// files are read against.
fn through(format: Format, bundle: &Bundle) -> Result<Bundle, String> {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for d in &bundle.docs {
        std::fs::write(articles.join(format!("{}.txt", d.id)), &d.text).unwrap();
    }
    let out = dir.path().join("out");
    let (o, r) = format.write(bundle, &WriteOptions::default());
    if r.errors() > 0 {
        return Err(r.render_text());
    }
    write_output(&o, &out, format.is_dir(), false).map_err(|e| e.to_string())?;
    let read = ReadOptions {
        articles: Some(articles),
        ..ReadOptions::default()
    };
    let (back, r) = format.read(&out, &read).map_err(|e| e.to_string())?;
    if r.errors() > 0 {
        return Err(r.render_text());
    }
    Ok(back)
}

fn is_brat_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn span_formats_give_back_every_mention(d in doc()) {
        let bundle = Bundle { docs: vec![d.clone()], kb: vec![] };
        let want = mentions(&d);
        for f in [Format::Hudna, Format::Records, Format::Spacy, Format::Doccano, Format::LabelStudio, Format::Hf] {
            let back = through(f, &bundle).map_err(|e| TestCaseError::fail(format!("{f}: {e}")))?;
            prop_assert_eq!(mentions(&back.docs[0]), want.clone(), "{}", f);
        }
    }

    #[test]
    fn brat_gives_back_mentions_trimmed_of_edge_line_breaks(d in doc()) {
        let bundle = Bundle { docs: vec![d.clone()], kb: vec![] };
        let chars: Vec<char> = d.text.chars().collect();
        let mut want: Vec<_> = mentions(&d)
            .into_iter()
            .filter_map(|(t, mut a, mut b, _)| {
                while a < b && is_brat_break(chars[a]) { a += 1; }
                while a < b && is_brat_break(chars[b - 1]) { b -= 1; }
                (a < b).then(|| (t, a, b, chars[a..b].iter().collect::<String>()))
            })
            .collect();
        want.sort();
        let back = through(Format::Brat, &bundle).map_err(TestCaseError::fail)?;
        prop_assert_eq!(mentions(&back.docs[0]), want);
    }

    #[test]
    fn conll_gives_back_mentions_widened_to_tokens(d in doc()) {
        let bundle = Bundle { docs: vec![d.clone()], kb: vec![] };
        let tokens = tokenize(&d.text);
        let chars: Vec<char> = d.text.chars().collect();
        let mut want: Vec<_> = mentions(&d)
            .into_iter()
            .filter_map(|(t, s, e, _)| {
                let first = tokens.iter().find(|k| k.end > s)?;
                let last = tokens.iter().rev().find(|k| k.start < e)?;
                (first.start < last.end).then(|| {
                    (t, first.start, last.end, chars[first.start..last.end].iter().collect::<String>())
                })
            })
            .collect();
        want.sort();
        let back = through(Format::Conll, &bundle).map_err(TestCaseError::fail)?;
        prop_assert_eq!(mentions(&back.docs[0]), want);
    }

    #[test]
    fn no_input_makes_a_reader_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), json in junk_json()) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::write(p.join("doc-one.txt"), "باكو ويريفان 😀\n").unwrap();
        for input in [&bytes[..], json.as_bytes()] {
            for (f, name) in [
                (Format::Conll, "in.conll"),
                (Format::Records, "in.jsonl"),
                (Format::Spacy, "in.jsonl"),
                (Format::Doccano, "in.jsonl"),
                (Format::LabelStudio, "in.json"),
            ] {
                std::fs::write(p.join(name), input).unwrap();
                let read = ReadOptions { articles: Some(p.to_path_buf()), ..ReadOptions::default() };
                let _ = f.read(&p.join(name), &read);
            }
            let brat = p.join("brat");
            std::fs::create_dir_all(&brat).unwrap();
            std::fs::write(brat.join("doc-one.txt"), "باكو ويريفان 😀\n").unwrap();
            std::fs::write(brat.join("doc-one.ann"), input).unwrap();
            let _ = Format::Brat.read(&brat, &ReadOptions::default());
            let hf = p.join("hf");
            std::fs::create_dir_all(hf.join("data")).unwrap();
            std::fs::write(hf.join("data/documents.jsonl"), input).unwrap();
            let _ = Format::Hf.read(&hf, &ReadOptions::default());
        }
    }
}

/// JSON-ish and ann-ish text that gets past the first parse: lines of
/// objects with the fields the readers look at, of every kind.
fn junk_json() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("0".to_owned()),
        Just("3".to_owned()),
        Just("99".to_owned()),
        Just("-1".to_owned()),
        Just("1.5".to_owned()),
        Just("\"باكو\"".to_owned()),
        Just("null".to_owned()),
        Just("[]".to_owned()),
        Just("[[0, 4, \"GPE\"]]".to_owned()),
        Just("[[1, 99, 3]]".to_owned()),
        Just("{\"doc\": \"doc-one\"}".to_owned()),
        Just("[{\"start\": 0, \"end\": 4, \"label\": \"GPE\"}]".to_owned()),
        Just("[{\"start\": 13, \"end\": 14, \"label\": \"X\", \"text\": \"😀\"}]".to_owned()),
        Just("{\"text\": \"باكو\"}".to_owned()),
        Just(
            "[{\"result\": [{\"value\": {\"start\": 1, \"end\": 2, \"labels\": [\"X\"]}}]}]"
                .to_owned()
        ),
    ];
    let key = prop::sample::select(vec![
        "text",
        "spans",
        "label",
        "entities",
        "meta",
        "doc",
        "data",
        "annotations",
        "kind",
        "type",
        "start",
        "end",
        "answer",
    ]);
    let object = prop::collection::vec((key, value), 0..6).prop_map(|kv| {
        let body: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        format!("{{{}}}", body.join(", "))
    });
    let ann = prop_oneof![
        Just("T1\tGPE 0 4\tباكو".to_owned()),
        Just("T2\tGPE 0 4;5 12\tباكو ويريفان".to_owned()),
        Just("E1\tARMED_CLASH:T1 actor:T2".to_owned()),
        Just("E2\tCasualty:T1 source:T9".to_owned()),
        Just("A1\tCategory E2 killed".to_owned()),
        Just("#1\tAnnotatorNotes T1\tvalue=none low=3".to_owned()),
        Just("N1\tReference T1 hudna:baku\tBaku".to_owned()),
        Just("T3\tX 13 14\t😀".to_owned()),
    ];
    prop::collection::vec(prop_oneof![object, ann], 0..6).prop_map(|lines| {
        let mut s = lines.join("\n");
        if s.starts_with('{') && s.len() % 2 == 0 {
            s = format!("[{}]", lines.join(", "));
        }
        s
    })
}

#[test]
fn a_reader_never_reads_past_the_file_cap() {
    // The cap is checked before parsing; a file one byte over is refused
    // as a limit, not read.
    let cap = hudna::limits::MAX_CONVERT_FILE_BYTES;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.jsonl");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(cap as u64 + 1).unwrap();
    let err = Format::Spacy
        .read(&p, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("is more than hudna allows"), "{err}");
    assert!(Path::new(&p).exists());
}
