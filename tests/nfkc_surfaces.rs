//! Arabic presentation forms, as PDF text extraction leaves them, score like
//! the plain letters: folding applies NFKC before the Arabic folds.
//!
//! The presentation-form text is made here by a small shaper that picks each
//! letter's isolated, initial, medial or final form (and the lam-alef
//! ligatures) from the Arabic Presentation Forms-B block, the way a PDF
//! renderer's glyph stream comes out. The block's letters are found from
//! the block itself (each form's NFKC is its letter), not typed by hand.

mod common;
mod scenarios;

use std::collections::{BTreeMap, BTreeSet};

use hudna::arabic::normalize::{Fold, fold_opts};
use hudna::evaluate;
use hudna::record::Record;
use hudna::report;
use hudna::score::{Layer, Options, surface_key};
use hudna::validate::load_corpus;
use scenarios::Fixed;
use unicode_normalization::UnicodeNormalization;

/// The presentation forms of each letter, in block order: isolated and final
/// for a right-joining letter; isolated, final, initial and medial for a
/// dual-joining one.
fn forms() -> BTreeMap<char, Vec<char>> {
    let mut out: BTreeMap<char, Vec<char>> = BTreeMap::new();
    for cp in 0xFE80..=0xFEF4u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let n: Vec<char> = std::iter::once(c).nfkc().collect();
        if let [letter] = n[..] {
            out.entry(letter).or_default().push(c);
        }
    }
    out
}

/// The lam-alef ligature (isolated, final) for lam followed by `alef`.
fn lam_alef(alef: char) -> Option<(char, char)> {
    (0xFEF5..=0xFEFCu32).step_by(2).find_map(|cp| {
        let iso = char::from_u32(cp)?;
        let n: Vec<char> = std::iter::once(iso).nfkc().collect();
        (n == ['ل', alef]).then(|| (iso, char::from_u32(cp + 1).unwrap()))
    })
}

/// `s` as a PDF glyph stream: positional presentation forms, lam-alef
/// ligatures; marks, spaces and everything else as they are.
fn shape(s: &str) -> String {
    let forms = forms();
    let dual = |c: char| forms.get(&c).is_some_and(|f| f.len() == 4);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut joins_prev = false; // the previous letter joins to this one
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let Some(f) = forms.get(&c) else {
            out.push(c);
            joins_prev = false;
            i += 1;
            continue;
        };
        if c == 'ل'
            && let Some(next) = chars.get(i + 1)
            && let Some((iso, fin)) = lam_alef(*next)
        {
            out.push(if joins_prev { fin } else { iso });
            joins_prev = false;
            i += 2;
            continue;
        }
        let joins_next = dual(c) && chars.get(i + 1).is_some_and(|n| forms.contains_key(n));
        let form = match (joins_prev, joins_next) {
            (false, false) => f[0],
            (true, false) => f[1],
            (false, true) => f[2],
            (true, true) => f[3],
        };
        out.push(form);
        joins_prev = joins_next;
        i += 1;
    }
    out
}

#[test]
fn the_shaper_makes_what_a_pdf_gives() {
    // The example from the issue: «أرمينيا» as extracted from a PDF.
    assert_eq!(
        shape("أرمينيا"),
        "\u{FE83}\u{FEAD}\u{FEE3}\u{FEF4}\u{FEE8}\u{FEF4}\u{FE8E}"
    );
    // Alef joins to nothing after it, so the qaf after it is isolated.
    assert_eq!(
        shape("الاتفاق"),
        "\u{FE8D}\u{FEFB}\u{FE97}\u{FED4}\u{FE8E}\u{FED5}"
    );
    assert_eq!(shape("أرمينيا").nfkc().collect::<String>(), "أرمينيا");
}

/// The first `n` distinct surfaces of KB entity `r#ref` in the gold.
fn gold_surfaces(r#ref: &str, n: usize) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(common::annotations())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "jsonl")
                && p.file_name().is_some_and(|f| f != "kb.jsonl")
        })
        .collect();
    files.sort();
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["kind"] == "entity" && v["ref"] == r#ref {
                let text = v["text"].as_str().unwrap().to_owned();
                if seen.insert(text.clone()) && out.len() < n {
                    out.push(text);
                }
            }
        }
    }
    out
}

#[test]
fn gold_surfaces_in_presentation_forms_have_the_plain_key() {
    for r#ref in ["nagorno-karabakh", "armenians", "artsakh-authorities"] {
        let surfaces = gold_surfaces(r#ref, 5);
        assert_eq!(surfaces.len(), 5, "{ref}");
        for s in &surfaces {
            let pdf = shape(s);
            assert_ne!(&pdf, s, "{s}: the shaper changed nothing");
            // The default key (teh marbuta folded). With teh marbuta kept,
            // `surface_key` folds character by character, which cannot
            // expand a lam-alef ligature; `fold_opts` can.
            assert_eq!(
                surface_key(&pdf, true),
                surface_key(s, true),
                "{s} as {pdf}"
            );
            let keep = Fold { teh_marbuta: false };
            assert_eq!(fold_opts(&pdf, keep), fold_opts(s, keep), "{s} as {pdf}");
        }
    }
}

#[test]
fn five_gold_entities_in_presentation_forms_score_five_on_set_surface() {
    let (corpus, problems) = load_corpus(common::annotations()).unwrap();
    assert_eq!(problems.errors(), 0, "{}", problems.render_text());
    let doc = "2023-09-20-ceasefire-khaleej";
    let text = corpus.docs[doc].article.text();
    // Five gold entities of the document with distinct type and surface,
    // given back offset-free with their text as a PDF would have it.
    let mut keys = BTreeSet::new();
    let mut preds = Vec::new();
    for r in &corpus.docs[doc].records {
        if let Record::Entity(e) = &r.record
            && shape(&e.text) != e.text
            && keys.insert((e.entity_type.clone(), surface_key(&e.text, true)))
            && preds.len() < 5
        {
            let mut p = e.clone();
            p.text = shape(&e.text);
            (p.start, p.end, p.id, p.r#ref) = (None, None, None, None);
            preds.push(Record::Entity(p));
        }
    }
    assert_eq!(preds.len(), 5);
    assert!(!text.is_empty());
    let mut ex = Fixed(BTreeMap::from([(doc.to_owned(), preds)]));
    let collected = evaluate::collect(&corpus, &mut ex).unwrap();
    assert_eq!(
        collected.problems.errors(),
        0,
        "{}",
        collected.problems.render_text()
    );
    let opts = Options::default();
    let per_doc = evaluate::score(&corpus, &collected, &opts);
    let r = report::build(&corpus, &collected, &per_doc, &opts).unwrap();
    let c = r
        .row(Layer::Entities, "set_surface", "micro")
        .unwrap()
        .counts
        .unwrap();
    assert_eq!((c.correct, c.spurious), (5, 0), "{c:?}");
}
