//! Loading and validating a gold corpus directory.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ffi::OsStr;

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::corpus::{Corpus, Doc, Gold, RESERVED, doc_id};
use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::jsonl;
use crate::profile::Profile;
use crate::record::KbEntry;
use crate::schema::Flavour;

use super::schema::check_kb_line;
use super::semantic;

/// A gold corpus, listed but not yet read: its documents' files and its
/// KB. Documents are loaded one at a time ([`GoldIndex::load`]), so a run
/// over a large corpus holds only the documents in flight.
#[derive(Debug, Clone, Default)]
pub struct GoldIndex {
    /// Where it is read from.
    pub source: Gold,
    /// The directory its files are named under ([`Gold::root`]).
    pub root: PathBuf,
    /// The version in its dataset card, if any.
    pub version: Option<String>,
    /// The documents' ids, in id order. An index of 100,000 documents is
    /// the memory of a large run that does not depend on what it scores,
    /// so a document here is its id, kept back to back with the others
    /// (its bytes and an offset, not a heap block each), and one flag: its
    /// paths are derived.
    ids: IdList,
    /// Whether `<id>.jsonl` is there, by position.
    records: Vec<bool>,
    /// The `.txt` path of a document whose file name is not UTF-8 (its id
    /// is the name's lossy spelling, so the path cannot be derived from
    /// it), by position.
    odd_paths: BTreeMap<usize, PathBuf>,
    /// KB entries by ref.
    pub kb: BTreeMap<String, KbEntry>,
    /// The rules its documents are checked under.
    pub profile: Profile,
}

/// Strings kept back to back and found by position: an id costs its bytes
/// and one offset, where a `Box<str>` costs 16 bytes and a heap block of at
/// least 32.
#[derive(Debug, Clone, Default)]
struct IdList {
    bytes: String,
    /// Where each string ends in `bytes`.
    ends: Vec<usize>,
}

impl IdList {
    fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The `i`-th string; panics past the end, as indexing does.
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    fn iter(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The position of `s`, the strings being sorted: the first string
    /// not below it, if it is `s`.
    fn position(&self, s: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(mid) < s {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo < self.len() && self.get(lo) == s).then_some(lo)
    }
}

/// The files of one extension, as the directory lists them: their ids
/// back to back, like the index's own, and a path only for a name that is
/// not UTF-8. A corpus of 100,000 documents lists 200,000 files, and a
/// boxed id and an optional path per file (72 bytes and a heap block)
/// came to some 15 MB held while listing, more than the index it builds.
#[derive(Debug, Default)]
struct Listing {
    ids: IdList,
    /// The path of a name that is not UTF-8, by listing position.
    odd: BTreeMap<usize, PathBuf>,
}

impl Listing {
    fn push(&mut self, id: &str, odd: Option<PathBuf>) {
        if let Some(p) = odd {
            self.odd.insert(self.ids.len(), p);
        }
        self.ids.push(id);
    }

    /// Listing positions in id order; of two names with one id (a name
    /// that is not UTF-8 reads as its lossy spelling, which another name
    /// may share), only the one listed last, as the map this replaced kept.
    fn sorted(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.ids.len()).collect();
        order.sort_unstable_by(|&a, &b| self.ids.get(a).cmp(self.ids.get(b)).then(b.cmp(&a)));
        order.dedup_by(|a, b| self.ids.get(*a) == self.ids.get(*b));
        order
    }

    /// Whether `id` is listed, `order` being [`Listing::sorted`]'s.
    fn contains(&self, order: &[usize], id: &str) -> bool {
        order.binary_search_by(|&i| self.ids.get(i).cmp(id)).is_ok()
    }
}

impl GoldIndex {
    /// Lists the gold (a directory, or the bundled one) and reads its KB,
    /// for the strict profile. Errors only when the directory cannot be
    /// read or holds no article; problems in the data go to the report.
    pub fn open(gold: impl Into<Gold>) -> Result<(GoldIndex, Report), Error> {
        GoldIndex::open_as(gold, Profile::Strict)
    }

    /// As [`GoldIndex::open`], for `profile`: the core profile reads no KB
    /// (a core corpus has none, and refs in it are free-form). The bundled
    /// gold is the strict profile's own dataset.
    pub fn open_as(gold: impl Into<Gold>, profile: Profile) -> Result<(GoldIndex, Report), Error> {
        let source = gold.into();
        let dir = source.root();
        let mut report = Report::default();
        let mut txts = Listing::default();
        let mut jsonls = Listing::default();
        // Ids only: a path is kept just for a name that is not UTF-8.
        let mut sort = |name: &OsStr| {
            let path = Path::new(name);
            let list = match path.extension().and_then(|e| e.to_str()) {
                Some("txt") => &mut txts,
                Some("jsonl") => &mut jsonls,
                _ => return,
            };
            let odd = name.to_str().is_none().then(|| dir.join(name));
            list.push(&doc_id(path), odd);
        };
        match &source {
            Gold::Bundled => {
                for (name, _) in crate::bundled::FILES {
                    if !RESERVED.contains(name) {
                        sort(OsStr::new(name));
                    }
                }
            }
            Gold::Dir(_) => {
                let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
                for entry in entries {
                    let entry = entry.map_err(|e| Error::io(&dir, e))?;
                    let name = entry.file_name();
                    if name.to_str().is_some_and(|n| RESERVED.contains(&n)) {
                        continue;
                    }
                    // The entry's own type spares a `stat` per file; only a
                    // link is followed, as `Path::is_file` would.
                    let is_file = match entry.file_type() {
                        Ok(t) if t.is_file() => true,
                        Ok(t) if t.is_symlink() => entry.path().is_file(),
                        Ok(_) => false,
                        Err(_) => entry.path().is_file(),
                    };
                    if !is_file {
                        let path = entry.path();
                        // A link to nothing would make an article vanish
                        // without a word: say so (directories and other
                        // entries are not ours).
                        let dangling = std::fs::symlink_metadata(&path)
                            .is_ok_and(|m| m.file_type().is_symlink())
                            && std::fs::metadata(&path).is_err();
                        let ours = matches!(
                            path.extension().and_then(|e| e.to_str()),
                            Some("txt" | "jsonl")
                        );
                        if dangling && ours {
                            report.push(Diagnostic::error(
                                &path,
                                None,
                                "",
                                "dangling-link",
                                "a symbolic link to a file that does not exist",
                            ));
                        }
                        continue;
                    }
                    sort(&name);
                }
            }
        }
        let txt_order = txts.sorted();
        let jsonl_order = jsonls.sorted();
        if txt_order.is_empty() {
            return Err(Error::NoArticles { path: dir });
        }
        let mut corpus = Corpus {
            root: dir.clone(),
            ..Corpus::default()
        };
        if profile == Profile::Strict {
            load_kb(&source, &corpus.kb_path(), &mut corpus, &mut report)?;
        }
        for &j in &jsonl_order {
            let id = jsonls.ids.get(j);
            if !txts.contains(&txt_order, id) {
                let jsonl_path = jsonls
                    .odd
                    .get(&j)
                    .cloned()
                    .unwrap_or_else(|| dir.join(format!("{id}.jsonl")));
                report.push(
                    Diagnostic::error(
                        &jsonl_path,
                        None,
                        "",
                        "missing-article",
                        format!("no article {id}.txt next to these records"),
                    )
                    .with_hint(
                        "every <doc>.jsonl needs its <doc>.txt, copied byte-for-byte from the source",
                    ),
                );
            }
        }
        let version = read(&source, &dir.join("README.md"))
            .ok()
            .and_then(|card| crate::report::card_version(&String::from_utf8_lossy(&card)));
        let mut odd_paths = BTreeMap::new();
        let mut ids = IdList {
            bytes: String::with_capacity(txt_order.iter().map(|&t| txts.ids.get(t).len()).sum()),
            ends: Vec::with_capacity(txt_order.len()),
        };
        let mut records = Vec::with_capacity(txt_order.len());
        for (i, &t) in txt_order.iter().enumerate() {
            let id = txts.ids.get(t);
            if let Some(p) = txts.odd.remove(&t) {
                odd_paths.insert(i, p);
            }
            records.push(jsonls.contains(&jsonl_order, id));
            ids.push(id);
        }
        drop((txts, jsonls));
        Ok((
            GoldIndex {
                source,
                root: dir,
                version,
                ids,
                records,
                odd_paths,
                kb: corpus.kb,
                profile,
            },
            report,
        ))
    }

    /// Reads and validates the `i`-th document; `None` when its article is
    /// not UTF-8 (the report says so).
    pub fn load(&self, i: usize, report: &mut Report) -> Result<Option<Doc>, Error> {
        self.load_as(i, None, report)
    }

    /// Number of documents (articles).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there is no document (never, once opened: a gold without
    /// articles is an error).
    pub fn is_empty(&self) -> bool {
        self.ids.len() == 0
    }

    /// The id of the `i`-th document (documents are in id order).
    pub fn id(&self, i: usize) -> &str {
        self.ids.get(i)
    }

    /// Every document id, in order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = &str> {
        self.ids.iter()
    }

    /// The article file of the `i`-th document.
    pub fn txt_path(&self, i: usize) -> PathBuf {
        match self.odd_paths.get(&i) {
            Some(p) => p.clone(),
            None => self.root.join(format!("{}.txt", self.ids.get(i))),
        }
    }

    /// The position of document `id` among the documents, if it has an
    /// article.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.ids.position(id)
    }

    /// As [`GoldIndex::load`], with the records file holding `records`
    /// instead of what is on disk: how an edit is validated before it is
    /// written (`hudna annotate`), by exactly the checks the file will meet
    /// once written. An absent file given bytes counts as present.
    pub fn load_with(
        &self,
        i: usize,
        records: &[u8],
        report: &mut Report,
    ) -> Result<Option<Doc>, Error> {
        self.load_as(i, Some(records), report)
    }

    fn load_as(
        &self,
        i: usize,
        records: Option<&[u8]>,
        report: &mut Report,
    ) -> Result<Option<Doc>, Error> {
        let (id, has_records) = (self.ids.get(i), &self.records[i]);
        let txt_path = &self.txt_path(i);
        let jsonl_path = txt_path.with_extension("jsonl");
        // The file's bytes become the text without a copy (a bundled
        // article, borrowed, is copied once).
        let text = match read(&self.source, txt_path)? {
            Cow::Owned(bytes) => crate::utf8::string(bytes),
            Cow::Borrowed(bytes) => crate::utf8::str(bytes).map(str::to_owned),
        };
        let article = match text {
            Ok(t) => Article::from_string(t),
            Err(e) => {
                report.push(Diagnostic::error(
                    txt_path,
                    None,
                    "",
                    "utf8",
                    format!("article is not valid UTF-8 (byte {})", e.valid_up_to() + 1),
                ));
                return Ok(None);
            }
        };
        if !id_is_valid(id) {
            report.push(Diagnostic::error(
                txt_path,
                None,
                "",
                "doc-id",
                format!("document id `{id}` does not match ^[a-z0-9][a-z0-9-]{{2,63}}$"),
            ));
        }
        let mut doc = Doc {
            id: id.to_string(),
            article,
            txt_path: txt_path.clone(),
            jsonl_path: jsonl_path.clone(),
            records: Vec::new(),
        };
        let bytes = match records {
            Some(b) => Cow::Borrowed(b),
            None if *has_records => read(&self.source, &jsonl_path)?,
            None => {
                report.push(Diagnostic::error(
                    &doc.txt_path,
                    None,
                    "",
                    "missing-records",
                    format!("article has no records file {id}.jsonl"),
                ));
                return Ok(Some(doc));
            }
        };
        let (records, _) = super::read_records(
            self.profile,
            Flavour::Gold,
            &jsonl_path,
            &bytes,
            &mut report.diagnostics,
        );
        doc.records = records;
        let kb = (self.profile == Profile::Strict).then_some(&self.kb);
        semantic::check_gold_doc(&doc, kb, report);
        Ok(Some(doc))
    }
}

/// Runs every check a gold document gets in a corpus directory on a
/// document assembled elsewhere (records read with
/// [`super::read_records`] from any file, against its article): what
/// comparing two annotators' files needs, when the second annotator's file
/// lives outside the corpus. `kb` is the KB under the strict profile and
/// `None` under the core profile, as in [`GoldIndex::load`].
pub fn check_gold_document(doc: &Doc, kb: Option<&BTreeMap<String, KbEntry>>, report: &mut Report) {
    semantic::check_gold_doc(doc, kb, report);
}

/// Validates every document of `index` without keeping any (in parallel):
/// what `hudna validate` needs, in the memory of the documents in flight.
pub fn check_documents(index: &GoldIndex, report: &mut Report) -> Result<(), Error> {
    let parts: Vec<Result<Report, Error>> = (0..index.len())
        .into_par_iter()
        .map(|i| {
            let mut r = Report::default();
            index.load(i, &mut r).map(|_| r)
        })
        .collect();
    for p in parts {
        report.diagnostics.extend(p?.diagnostics);
    }
    report.sort();
    Ok(())
}

/// Validates a gold corpus (a directory, or the bundled one) without
/// holding it, under the strict profile: the problems.
pub fn check_corpus(gold: impl Into<Gold>) -> Result<Report, Error> {
    check_corpus_as(gold, Profile::Strict)
}

/// As [`check_corpus`], under `profile`.
pub fn check_corpus_as(gold: impl Into<Gold>, profile: Profile) -> Result<Report, Error> {
    let (index, mut report) = GoldIndex::open_as(gold, profile)?;
    check_documents(&index, &mut report)?;
    Ok(report)
}

/// Loads a gold corpus (a directory, or the bundled one) and validates
/// everything in it (documents in parallel), under the strict profile.
///
/// Returns `Err` only when the directory cannot be read or holds no article;
/// every problem in the data is in the [`Report`], and the [`Corpus`] holds the
/// records that passed the schema.
pub fn load_corpus(gold: impl Into<Gold>) -> Result<(Corpus, Report), Error> {
    load_corpus_as(gold, Profile::Strict)
}

/// As [`load_corpus`], under `profile`.
pub fn load_corpus_as(gold: impl Into<Gold>, profile: Profile) -> Result<(Corpus, Report), Error> {
    let (index, mut report) = GoldIndex::open_as(gold, profile)?;
    let loaded: Vec<Result<(Option<Doc>, Report), Error>> = (0..index.len())
        .into_par_iter()
        .map(|i| {
            let mut r = Report::default();
            index.load(i, &mut r).map(|d| (d, r))
        })
        .collect();
    let mut corpus = Corpus {
        root: index.root.clone(),
        version: index.version.clone(),
        docs: BTreeMap::new(),
        kb: index.kb.clone(),
        profile,
    };
    for l in loaded {
        let (doc, r) = l?;
        report.diagnostics.extend(r.diagnostics);
        if let Some(doc) = doc {
            corpus.docs.insert(doc.id.clone(), doc);
        }
    }
    report.sort();
    Ok((corpus, report))
}

/// A gold file's bytes: from disk, or from the bundled copy.
fn read(source: &Gold, path: &Path) -> Result<Cow<'static, [u8]>, Error> {
    match source {
        Gold::Dir(_) => std::fs::read(path)
            .map(Cow::Owned)
            .map_err(|e| Error::io(path, e)),
        Gold::Bundled => path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(crate::bundled::file)
            .map(Cow::Borrowed)
            .ok_or_else(|| Error::io(path, std::io::ErrorKind::NotFound.into())),
    }
}

fn load_kb(
    source: &Gold,
    path: &Path,
    corpus: &mut Corpus,
    report: &mut Report,
) -> Result<(), Error> {
    let exists = match source {
        Gold::Dir(_) => path.exists(),
        Gold::Bundled => crate::bundled::file("kb.jsonl").is_some(),
    };
    if !exists {
        report.push(Diagnostic::error(
            path,
            None,
            "",
            "missing-kb",
            "no kb.jsonl: entity refs cannot be resolved",
        ));
        return Ok(());
    }
    let (lines, problems) = jsonl::parse(path, &read(source, path)?);
    report.diagnostics.extend(problems);
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for l in lines {
        match check_kb_line(path, l.line, &l.value) {
            Ok(entry) => {
                if let Some(prev) = first_line.get(&entry.r#ref) {
                    report.push(Diagnostic::error(
                        path,
                        Some(l.line),
                        "/ref",
                        "duplicate-ref",
                        format!("ref `{}` is already defined on line {prev}", entry.r#ref),
                    ));
                    continue;
                }
                first_line.insert(entry.r#ref.clone(), l.line);
                corpus.kb.insert(entry.r#ref.clone(), entry);
            }
            Err(ds) => report.diagnostics.extend(ds),
        }
    }
    if corpus.kb.is_empty() && report.errors() == 0 {
        // Reference checks need entries; an empty KB would switch every one
        // of them off without a word.
        report.push(
            Diagnostic::error(
                path,
                None,
                "",
                "empty-kb",
                "kb.jsonl has no entries: entity refs cannot be resolved",
            )
            .with_hint("every named mention's ref must be an entry of kb.jsonl"),
        );
    }
    Ok(())
}

/// Whether a document id follows the contract's pattern.
pub fn id_is_valid(id: &str) -> bool {
    let b = id.as_bytes();
    (3..=64).contains(&b.len())
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

#[cfg(test)]
mod id_list_tests {
    use super::*;

    /// Ids read back as pushed, and a sorted list finds each of its ids,
    /// and nothing else, wherever it falls (first, last, between, past
    /// either end, an empty id, an empty list).
    #[test]
    fn ids_read_back_and_are_found() {
        let mut ids = IdList::default();
        assert_eq!(ids.position("a"), None);
        assert_eq!(ids.position(""), None);
        let sorted = ["", "a", "ab", "b", "doc-1", "doc-10", "doc-2", "مستند"];
        for s in sorted {
            ids.push(s);
        }
        assert_eq!(ids.iter().collect::<Vec<_>>(), sorted);
        for (i, s) in sorted.iter().enumerate() {
            assert_eq!(ids.get(i), *s);
            assert_eq!(ids.position(s), Some(i), "{s:?}");
        }
        for absent in ["0", "aa", "c", "doc-0", "doc-11", "zzz", "مستندات"] {
            assert_eq!(ids.position(absent), None, "{absent:?}");
        }
    }

    /// A listing sorts by id and keeps, of names sharing an id, the one
    /// listed last (with its path), as the sorted, deduplicated boxes it
    /// replaced did; `contains` finds exactly the listed ids.
    #[test]
    fn a_listing_sorts_by_id_and_keeps_the_last_of_a_shared_id() {
        let mut listing = Listing::default();
        let listed = [
            ("b", None),
            ("x\u{fffd}", Some(PathBuf::from("first"))),
            ("a", None),
            ("x\u{fffd}", Some(PathBuf::from("second"))),
            ("c", None),
            ("x\u{fffd}", None),
        ];
        for (id, odd) in listed.iter().cloned() {
            listing.push(id, odd);
        }
        let order = listing.sorted();
        assert_eq!(order, [2, 0, 4, 5]);
        let ids: Vec<&str> = order.iter().map(|&i| listing.ids.get(i)).collect();
        assert_eq!(ids, ["a", "b", "c", "x\u{fffd}"]);
        // The kept one is the last listed, whose name was plain.
        assert_eq!(listing.odd.get(&5), None);
        assert_eq!(listing.odd.get(&3), Some(&PathBuf::from("second")));
        for id in ["a", "b", "c", "x\u{fffd}"] {
            assert!(listing.contains(&order, id), "{id:?}");
        }
        for id in ["", "0", "ab", "d", "x"] {
            assert!(!listing.contains(&order, id), "{id:?}");
        }
        assert!(Listing::default().sorted().is_empty());
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    /// A file name that is not UTF-8 cannot be derived from its (lossy)
    /// id: its article and records are still read from the real files, and
    /// messages name the real path.
    #[test]
    fn a_non_utf8_file_name_keeps_its_real_path() {
        let dir = tempfile::tempdir().unwrap();
        let name = |ext: &str| {
            let mut n = b"doc-\xff".to_vec();
            n.extend_from_slice(ext.as_bytes());
            dir.path().join(OsStr::from_bytes(&n))
        };
        std::fs::write(name(".txt"), "نص").unwrap();
        std::fs::write(name(".jsonl"), "").unwrap();
        std::fs::write(dir.path().join("plain.txt"), "text").unwrap();
        let (index, _) = GoldIndex::open_as(dir.path(), Profile::Core).unwrap();
        assert_eq!(index.len(), 2);
        let odd = index.position("doc-\u{fffd}").unwrap();
        assert_eq!(index.txt_path(odd), name(".txt"));
        assert_eq!(
            index.txt_path(index.position("plain").unwrap()),
            dir.path().join("plain.txt")
        );
        let mut report = Report::default();
        let doc = index.load(odd, &mut report).unwrap().unwrap();
        assert_eq!(doc.article.text(), "نص");
        assert_eq!(doc.jsonl_path, name(".jsonl"));
        // Its records file was found (no `missing-records`), and the id's
        // error names the file as it is.
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| d.code != "missing-records")
        );
        let id = report
            .diagnostics
            .iter()
            .find(|d| d.code == "doc-id")
            .unwrap();
        assert_eq!(id.path, name(".txt"));
    }
}
