//! Every converter round-trips the bundled corpus: gold → format → gold
//! gives back exactly what the format holds (`docs/formats.md`), and the
//! writer counts what it does not. The HF export conforms to its schema,
//! and the committed `hf/` is what the binary makes from `annotations/`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use hudna::arabic::tokenize::tokenize;
use hudna::formats::bundle::{Annotated, Bundle, Losses};
use hudna::formats::{Format, ReadOptions, WriteOptions, write_output};
use hudna::record::{Entity, Record};

fn gold() -> Bundle {
    let (b, r) = hudna::formats::native::read_corpus(&common::annotations(), None).unwrap();
    assert_eq!(r.errors(), 0, "{}", r.render_text());
    b
}

/// Writes `bundle` as `format` into a temp dir and reads it back (CoNLL
/// and records files against the bundled articles): what came back and
/// what the writer said it could not hold.
fn through(format: Format, bundle: &Bundle) -> (Bundle, Losses) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let (out, r) = format.write(bundle, &WriteOptions::default());
    assert_eq!(r.errors(), 0, "{}", r.render_text());
    write_output(&out, &target, format.is_dir(), false).unwrap();
    let read = ReadOptions {
        articles: Some(common::annotations()),
        ..ReadOptions::default()
    };
    let (back, r) = format.read(&target, &read).unwrap();
    assert_eq!(r.errors(), 0, "{}", r.render_text());
    assert_eq!(r.warnings(), 0, "{}", r.render_text());
    let ids: Vec<&str> = back.docs.iter().map(|d| d.id.as_str()).collect();
    let want: Vec<&str> = bundle.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, want, "{format}: the documents, in order");
    for (a, b) in back.docs.iter().zip(&bundle.docs) {
        assert_eq!(a.text, b.text, "{format}: the text of {}", a.id);
    }
    // What came back is a corpus hudna validates (core profile, or strict
    // where the KB came back too).
    let corpus = dir.path().join("corpus");
    let (o, _) = Format::Hudna.write(&back, &WriteOptions::default());
    write_output(&o, &corpus, true, false).unwrap();
    let profile = hudna::profile::Profile::detect(&corpus).0;
    let r = hudna::validate::check_corpus_as(&corpus, profile).unwrap();
    assert_eq!(r.errors(), 0, "{format}: {}", r.render_text());
    (back, out.losses)
}

/// A document's records of one kind, in order.
fn of_kind<'a>(d: &'a Annotated, kind: &str) -> Vec<&'a Record> {
    d.records.iter().filter(|r| r.kind() == kind).collect()
}

fn entities(d: &Annotated) -> Vec<Entity> {
    d.entities().cloned().collect()
}

/// Entities without ids (for formats that make their own).
fn anonymous(d: &Annotated) -> Vec<Entity> {
    d.entities()
        .map(|e| Entity {
            id: None,
            ..e.clone()
        })
        .collect()
}

/// Every record of the document as a line that names other records by
/// what they are, not by id: the comparison for formats that renumber.
fn canonical(d: &Annotated) -> Vec<String> {
    let ent: BTreeMap<&str, String> = d
        .entities()
        .map(|e| {
            (
                e.id.as_deref().unwrap_or_default(),
                format!("{}@{:?}..{:?}", e.entity_type, e.start, e.end),
            )
        })
        .collect();
    let ev: BTreeMap<&str, String> = d
        .events()
        .map(|v| {
            (
                v.id.as_deref().unwrap_or_default(),
                format!("{}@{:?}", v.event_type, v.trigger.start),
            )
        })
        .collect();
    let name = |m: &BTreeMap<&str, String>, id: &Option<String>| {
        id.as_deref()
            .map(|i| m.get(i).cloned().unwrap_or(format!("?{i}")))
    };
    let mut out = Vec::new();
    for e in d.entities() {
        out.push(format!(
            "entity {} {:?} {:?} {} {:?}",
            e.entity_type, e.start, e.end, e.text, e.r#ref
        ));
    }
    for v in d.events() {
        let mut args: Vec<String> = v
            .args
            .iter()
            .map(|a| format!("{}={:?}", a.role, name(&ent, &a.mention)))
            .collect();
        args.sort();
        out.push(format!(
            "event {} {:?} {:?} {} {} {:?} by={:?}",
            v.event_type,
            v.trigger.start,
            v.trigger.end,
            v.trigger.text,
            v.modality,
            args,
            name(&ent, &v.reported_by)
        ));
    }
    for c in d.casualties() {
        out.push(format!(
            "casualty {:?} {:?} {} {} {:?} {:?} source={:?} event={:?} {:?}",
            c.start,
            c.end,
            c.text,
            c.category,
            c.count,
            c.victims,
            name(&ent, &c.source),
            name(&ev, &c.event),
            c.scope
        ));
    }
    out.sort();
    out
}

#[test]
fn hudna_corpus_round_trips_record_for_record() {
    let g = gold();
    let (back, losses) = through(Format::Hudna, &g);
    assert_eq!(back, g);
    assert!(losses.is_empty());
}

#[test]
fn records_file_holds_every_record() {
    let g = gold();
    let (back, losses) = through(Format::Records, &g);
    for (a, b) in back.docs.iter().zip(&g.docs) {
        assert_eq!(a.records, b.records, "{}", a.id);
    }
    assert_eq!(losses.get("KB entries"), g.kb.len());
}

#[test]
fn hf_export_holds_everything() {
    let g = gold();
    let (back, losses) = through(Format::Hf, &g);
    assert!(losses.is_empty(), "{losses:?}");
    assert_eq!(back.kb, g.kb);
    for (a, b) in back.docs.iter().zip(&g.docs) {
        for kind in ["document", "zone", "entity", "event", "casualty"] {
            assert_eq!(of_kind(a, kind), of_kind(b, kind), "{} {kind}", a.id);
        }
        assert_eq!(a.records.len(), b.records.len());
    }
}

#[test]
fn spacy_holds_entities_with_ids_and_refs() {
    let g = gold();
    let (back, losses) = through(Format::Spacy, &g);
    for (a, b) in back.docs.iter().zip(&g.docs) {
        assert_eq!(entities(a), entities(b), "{}", a.id);
        assert_eq!(a.records.len(), a.count("entity"));
    }
    for kind in ["document", "zone", "event", "casualty"] {
        assert_eq!(
            losses.get(&format!("{kind} records")),
            g.count(kind),
            "{kind}"
        );
    }
    assert_eq!(losses.get("entity refs"), 0);
}

#[test]
fn label_studio_holds_entities_with_ids() {
    let g = gold();
    let (back, losses) = through(Format::LabelStudio, &g);
    for (a, b) in back.docs.iter().zip(&g.docs) {
        let without_refs: Vec<Entity> = b
            .entities()
            .map(|e| Entity {
                r#ref: None,
                ..e.clone()
            })
            .collect();
        assert_eq!(entities(a), without_refs, "{}", a.id);
    }
    let refs = g
        .docs
        .iter()
        .flat_map(|d| d.entities())
        .filter(|e| e.r#ref.is_some())
        .count();
    assert_eq!(losses.get("entity refs"), refs);
}

#[test]
fn doccano_holds_entity_spans_and_types() {
    let g = gold();
    let (back, losses) = through(Format::Doccano, &g);
    for (a, b) in back.docs.iter().zip(&g.docs) {
        let got: Vec<Entity> = anonymous(a);
        let want: Vec<Entity> = anonymous(b)
            .into_iter()
            .map(|e| Entity { r#ref: None, ..e })
            .collect();
        assert_eq!(got, want, "{}", a.id);
        let ids: Vec<String> = a.entities().map(|e| e.id.clone().unwrap()).collect();
        let numbered: Vec<String> = (1..=ids.len()).map(|i| format!("e{i}")).collect();
        assert_eq!(ids, numbered, "ids are made in order");
    }
    assert_eq!(
        losses.get("entity ids (made anew when read back)"),
        g.count("entity")
    );
}

#[test]
fn brat_holds_entities_refs_events_and_casualties() {
    let g = gold();
    let (back, losses) = through(Format::Brat, &g);
    for (a, b) in back.docs.iter().zip(&g.docs) {
        assert_eq!(canonical(a), canonical(b), "{}", a.id);
        assert_eq!(a.count("zone") + a.count("document"), 0);
    }
    assert_eq!(losses.get("zone records"), g.count("zone"));
    assert_eq!(losses.get("document records"), g.count("document"));
    assert_eq!(
        losses.get("record ids (read back as e1, v1, c1… in file order)"),
        g.count("entity") + g.count("event") + g.count("casualty")
    );
}

/// The gold's mentions as CoNLL can hold them: widened to the tokens they
/// touch.
fn on_tokens(d: &Annotated) -> (Vec<(String, usize, usize)>, usize) {
    let tokens = tokenize(&d.text);
    let mut widened = 0;
    let mut out: Vec<(String, usize, usize)> = d
        .entities()
        .map(|e| {
            let (s, end) = (e.start.unwrap(), e.end.unwrap());
            let first = tokens.iter().find(|t| t.end > s).unwrap();
            let last = tokens.iter().rev().find(|t| t.start < end).unwrap();
            if first.start != s || last.end != end {
                widened += 1;
            }
            (e.entity_type.to_string(), first.start, last.end)
        })
        .collect();
    out.sort();
    (out, widened)
}

#[test]
fn conll_holds_entities_widened_to_tokens() {
    let g = gold();
    let (back, losses) = through(Format::Conll, &g);
    let mut widened = 0;
    for (a, b) in back.docs.iter().zip(&g.docs) {
        let mut got: Vec<(String, usize, usize)> = a
            .entities()
            .map(|e| (e.entity_type.to_string(), e.start.unwrap(), e.end.unwrap()))
            .collect();
        got.sort();
        let (want, w) = on_tokens(b);
        widened += w;
        assert_eq!(got, want, "{}", a.id);
        let article = hudna::article::Article::from_text(&a.text);
        for e in a.entities() {
            assert_eq!(
                article.slice(e.start.unwrap(), e.end.unwrap()),
                Some(e.text.as_str())
            );
        }
    }
    assert!(widened > 0, "the gold has mentions inside tokens");
    assert_eq!(losses.get("entity spans widened to whole tokens"), widened);
    assert_eq!(losses.get("event records"), g.count("event"));
}

#[test]
fn conll_export_nests_in_columns_and_reads_with_the_scoring_reader_per_column() {
    let g = gold();
    let (out, _) = Format::Conll.write(&g, &WriteOptions::default());
    let text = String::from_utf8(out.files[0].1.clone()).unwrap();
    let widths: std::collections::BTreeSet<usize> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("-DOCSTART-"))
        .map(|l| l.split('\t').count())
        .collect();
    assert_eq!(widths.len(), 1, "one width for the whole file");
    assert!(*widths.first().unwrap() > 2, "the gold nests");
    // The first column alone is a two-column file hudna (and seqeval) score.
    let first: String = text
        .lines()
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() > 1 {
                format!("{}\t{}\n", cols[0], cols[1])
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let (f, r) = hudna::formats::conll::parse(Path::new("first.conll"), first.as_bytes());
    assert_eq!(r.errors(), 0, "{}", r.render_text());
    assert_eq!(f.documents.len(), g.docs.len());
    assert_eq!(
        f.documents[0].name.as_deref(),
        Some(g.docs[0].id.as_str()),
        "-DOCSTART- names the document"
    );
}

#[test]
fn every_hf_row_has_every_field_with_its_type() {
    use hudna::formats::hf::{FEATURES, Feature, KB_FEATURES, conforms};
    let g = gold();
    let (out, _) = Format::Hf.write(&g, &WriteOptions::default());
    let file = |name: &str| {
        let (_, bytes) = out
            .files
            .iter()
            .find(|(p, _)| p == Path::new(name))
            .unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    for (name, features) in [
        (hudna::formats::hf::DOCUMENTS, FEATURES),
        (hudna::formats::hf::KB, KB_FEATURES),
    ] {
        let text = file(name);
        let mut n = 0;
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            conforms(&v, Feature::Struct(features), "").unwrap();
            n += 1;
        }
        assert!(n > 0);
    }
    // Fields null somewhere in the corpus still have their type elsewhere,
    // and are present (null) everywhere.
    let rows = file(hudna::formats::hf::DOCUMENTS);
    assert_eq!(rows.matches("\"outlet\":").count(), g.docs.len());
    assert!(rows.contains("\"outlet\":null"));
    assert!(rows.contains("\"side\":null"));
}

/// The committed `hf/` is what `hudna convert --to hf annotations` makes.
/// It fails when the gold changed without the export: regenerate with
/// `cargo run --release -- convert --to hf annotations hf --force`.
#[test]
fn committed_hf_export_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hf");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_hudna"))
        .current_dir(root)
        .args(["convert", "--to", "hf", "annotations"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let regenerate =
        "regenerate with: cargo run --release -- convert --to hf annotations hf --force";
    let mut made = Vec::new();
    for rel in [
        "README.md",
        "README-config.yaml",
        "data/documents.jsonl",
        "data/kb.jsonl",
    ] {
        let want = std::fs::read(out.join(rel)).unwrap();
        let have = std::fs::read(root.join("hf").join(rel))
            .unwrap_or_else(|e| panic!("hf/{rel}: {e}; {regenerate}"));
        assert!(
            have == want,
            "hf/{rel} is not what annotations/ gives; {regenerate}"
        );
        made.push(rel);
    }
    let mut committed = Vec::new();
    for entry in walk(&root.join("hf")) {
        committed.push(
            entry
                .strip_prefix(root.join("hf"))
                .unwrap()
                .to_string_lossy()
                .into_owned(),
        );
    }
    committed.sort();
    made.sort();
    assert_eq!(committed, made, "hf/ holds only generated files");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn format_names_parse_back() {
    for f in Format::ALL {
        assert_eq!(Format::parse(f.name()), Some(*f));
    }
    assert_eq!(Format::parse("prodigy"), Some(Format::Spacy));
    assert_eq!(Format::parse("json"), None);
}
