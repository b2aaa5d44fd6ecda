//! hudna's own layouts, as converter ends: a corpus directory (`<doc>.txt`
//! and `<doc>.jsonl`, and `kb.jsonl`) and a records file (every record in
//! one JSONL file, as an extractor's predictions are, with the articles in
//! another directory).
//!
//! Reading a corpus goes through validation ([`crate::validate`]) under the
//! profile asked for or detected ([`crate::profile::Profile::detect`]): a
//! converter never exports records that break the contract. Reading a
//! records file checks every span against its article.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::corpus::RESERVED;
use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::profile::Profile;
use crate::record::{KbEntry, Record};
use crate::schema::Flavour;

use super::bundle::{Annotated, Bundle, Output, SpanProblem, read_capped, slice, utf8};

/// Reads the corpus directory `dir` under `profile` (detected when `None`).
pub fn read_corpus(dir: &Path, profile: Option<Profile>) -> Result<(Bundle, Report), Error> {
    let profile = profile.unwrap_or_else(|| Profile::detect(dir).0);
    let (corpus, report) = crate::validate::load_corpus_as(dir, profile)?;
    let docs = corpus
        .docs
        .values()
        .map(|d| Annotated {
            id: d.id.clone(),
            text: d.article.text().to_owned(),
            records: d.records.iter().map(|l| l.record.clone()).collect(),
        })
        .collect();
    let kb = corpus.kb.into_values().collect();
    Ok((Bundle { docs, kb }, report))
}

/// One record per line, as serde writes it.
fn jsonl<'a>(records: impl IntoIterator<Item = &'a Record>) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        out.extend(serde_json::to_vec(r).expect("records serialize"));
        out.push(b'\n');
    }
    out
}

/// A corpus directory: each article byte for byte, its records, and
/// `kb.jsonl` when there is a KB.
pub fn write_corpus(bundle: &Bundle) -> Output {
    let mut out = Output::default();
    for d in &bundle.docs {
        out.files.push((
            PathBuf::from(format!("{}.txt", d.id)),
            d.text.clone().into(),
        ));
        out.files
            .push((PathBuf::from(format!("{}.jsonl", d.id)), jsonl(&d.records)));
    }
    if !bundle.kb.is_empty() {
        out.files
            .push((PathBuf::from("kb.jsonl"), kb_jsonl(&bundle.kb)));
    }
    out
}

/// KB entries, one per line.
pub fn kb_jsonl(kb: &[KbEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in kb {
        out.extend(serde_json::to_vec(e).expect("KB entries serialize"));
        out.push(b'\n');
    }
    out
}

/// Every record in one file (a predictions file). The articles are not
/// written: a records file points into articles kept elsewhere.
pub fn write_records(bundle: &Bundle) -> Output {
    let mut out = Output::default();
    out.files.push((
        PathBuf::new(),
        jsonl(bundle.docs.iter().flat_map(|d| &d.records)),
    ));
    out.losses.add(
        "articles (a records file points into them)",
        bundle.docs.len(),
    );
    out.losses.add("KB entries", bundle.kb.len());
    out
}

/// The articles of a directory (`<doc>.txt`), by id. Problems with one
/// (not UTF-8) are in the report.
pub fn read_articles(dir: &Path) -> Result<(BTreeMap<String, String>, Report), Error> {
    let mut report = Report::default();
    let mut out = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if path.extension().is_some_and(|e| e == "txt")
            && path.is_file()
            && !name.is_some_and(|n| RESERVED.contains(&n.as_str()))
        {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        return Err(Error::NoArticles {
            path: dir.to_path_buf(),
        });
    }
    paths.sort();
    for path in paths {
        let id = crate::corpus::doc_id(&path);
        match utf8(&path, read_capped(&path)?) {
            Ok(text) => {
                out.insert(id, text);
            }
            Err(d) => report.push(d),
        }
    }
    Ok((out, report))
}

/// Reads a records file against the articles in `articles`: every record
/// must name an article there, and every span must be its article's slice.
/// Each article becomes a document, with or without records.
pub fn read_records(path: &Path, articles: &Path) -> Result<(Bundle, Report), Error> {
    let (texts, mut report) = read_articles(articles)?;
    let bytes = read_capped(path)?;
    let (records, _) = crate::validate::read_records(
        Profile::Core,
        Flavour::Prediction,
        path,
        &bytes,
        &mut report.diagnostics,
    );
    let mut by_doc: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    let indexed: BTreeMap<&str, Article> = texts
        .iter()
        .map(|(id, t)| (id.as_str(), Article::from_text(t)))
        .collect();
    for l in &records {
        let doc = l.record.doc();
        let Some(article) = indexed.get(doc) else {
            report.push(
                Diagnostic::error(
                    path,
                    Some(l.line),
                    "/doc",
                    "unknown-doc",
                    format!("no article {doc}.txt in {}", articles.display()),
                )
                .with_hint("--articles names the directory of the articles the records point into"),
            );
            continue;
        };
        for (pointer, start, end, text) in spans(&l.record) {
            let (Some(s), Some(e)) = (start, end) else {
                continue;
            };
            let problem = match slice(article, s, e) {
                Ok(got) if got == text => continue,
                Ok(got) => SpanProblem::Text {
                    slice: got.to_owned(),
                    given: text.to_owned(),
                },
                Err(p) => p,
            };
            report.push(problem.diagnostic(path, Some(l.line), &pointer, s, e));
        }
        by_doc
            .entry(doc.to_owned())
            .or_default()
            .push(l.record.clone());
    }
    let docs = texts
        .iter()
        .map(|(id, text)| Annotated {
            id: id.clone(),
            text: text.clone(),
            records: by_doc.remove(id).unwrap_or_default(),
        })
        .collect();
    report.sort();
    Ok((
        Bundle {
            docs,
            kb: Vec::new(),
        },
        report,
    ))
}

/// A record's spans: (pointer to its text, start, end, text).
fn spans(r: &Record) -> Vec<(String, Option<usize>, Option<usize>, &str)> {
    match r {
        Record::Entity(e) => vec![("/text".into(), e.start, e.end, &e.text)],
        Record::Event(e) => vec![(
            "/trigger/text".into(),
            e.trigger.start,
            e.trigger.end,
            &e.trigger.text,
        )],
        Record::Casualty(c) => vec![("/text".into(), c.start, c.end, &c.text)],
        Record::Document(_) | Record::Zone(_) => Vec::new(),
    }
}
