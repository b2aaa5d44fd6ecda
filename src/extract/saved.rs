//! Answers saved as they arrive, and read back to resume a run.
//!
//! Running a neural or LLM extractor over a corpus can take hours; a crash
//! on one document must not cost the documents already answered. A run that
//! saves answers appends each one to a file the moment it arrives, one line
//! per document, so that whatever happens to hudna or to the program, every
//! complete line is an answer that can be reused. A later run given the file
//! asks the program only for the documents the file lacks.
//!
//! The file is JSONL:
//!
//! ```text
//! {"hudna":"answers/1","extractor":"command:python3 my.py"}
//! {"doc":"2020-10-10-moscow-ceasefire-talks","sha256":"…","records":[…]}
//! ```
//!
//! The header names the extractor, so answers of one system are never
//! scored as another's; each answer carries the sha256 of the article it was
//! made for, so answers to an article since changed are refused rather than
//! scored against the new text. Records are kept as the program returned
//! them (schema-checked, not yet semantically checked), so a resumed run
//! checks, and scores, exactly what an uninterrupted run would have.
//!
//! While a run goes on the file is appended to (each answer one `write`, so
//! a crash leaves complete lines and at worst one torn last line, which is
//! ignored on reading); when the run's extraction ends the file is rewritten
//! atomically in document order.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::error::Error;
use crate::profile::Profile;
use crate::record::Record;
use crate::schema::Flavour;
use crate::validate::check_record_line_in;

/// The format named in the header line.
pub const FORMAT: &str = "answers/1";

/// One saved answer.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedAnswer {
    /// sha256 of the article text it was made for.
    pub sha256: String,
    /// The records, as the extractor returned them.
    pub records: Vec<Record>,
}

/// A file of saved answers, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SavedAnswers {
    /// The extractor that made them.
    pub extractor: String,
    /// Answers by document id.
    pub answers: BTreeMap<String, SavedAnswer>,
    /// The line of each answer, for messages.
    lines: BTreeMap<String, usize>,
    /// Whether the last line was cut short (a run killed while writing it)
    /// and left out.
    pub torn_last_line: bool,
}

fn bad(path: &Path, line: usize, pointer: &str, message: impl Into<String>) -> Error {
    Error::Saved {
        path: path.to_path_buf(),
        line,
        pointer: pointer.to_owned(),
        message: message.into(),
    }
}

impl SavedAnswers {
    /// Reads a file written by [`AnswerLog`], checking its records under
    /// the strict profile. Errors name the file, line and field; only a
    /// last line without its newline that does not parse is forgiven (the
    /// write a crash interrupted).
    pub fn read(path: &Path) -> Result<SavedAnswers, Error> {
        SavedAnswers::read_as(path, Profile::Strict)
    }

    /// As [`SavedAnswers::read`], checking the records under `profile` (the
    /// gold's, as the extractor's answers were when they arrived).
    pub fn read_as(path: &Path, profile: Profile) -> Result<SavedAnswers, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            bad(path, line, "", "not UTF-8")
        })?;
        let mut out = SavedAnswers::default();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut header = false;
        for (i, raw) in lines.iter().enumerate() {
            let n = i + 1;
            let line = raw.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                continue;
            }
            let value: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(_) if i + 1 == lines.len() && !raw.ends_with('\n') && header => {
                    out.torn_last_line = true;
                    continue;
                }
                Err(e) => return Err(bad(path, n, "", format!("invalid JSON: {e}"))),
            };
            if !header {
                if value.get("hudna").and_then(Value::as_str) != Some(FORMAT) {
                    return Err(bad(
                        path,
                        n,
                        "/hudna",
                        format!(
                            "not a file of saved answers: its first line must be {{\"hudna\":\"{FORMAT}\",\"extractor\":…}}, as hudna writes when it saves answers"
                        ),
                    ));
                }
                out.extractor = value
                    .get("extractor")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad(path, n, "/extractor", "missing or not a string"))?
                    .to_owned();
                header = true;
                continue;
            }
            let doc = value
                .get("doc")
                .and_then(Value::as_str)
                .ok_or_else(|| bad(path, n, "/doc", "missing or not a string"))?
                .to_owned();
            let sha256 = value
                .get("sha256")
                .and_then(Value::as_str)
                .ok_or_else(|| bad(path, n, "/sha256", "missing or not a string"))?
                .to_owned();
            let items = value
                .get("records")
                .and_then(Value::as_array)
                .ok_or_else(|| bad(path, n, "/records", "missing or not an array"))?;
            let mut records = Vec::with_capacity(items.len());
            for (k, item) in items.iter().enumerate() {
                match check_record_line_in(profile, Flavour::Prediction, path, n, item) {
                    Ok(r) => records.push(r),
                    Err(ds) => {
                        let d = &ds[0];
                        return Err(bad(
                            path,
                            n,
                            &format!("/records/{k}{}", d.pointer),
                            d.message.clone(),
                        ));
                    }
                }
            }
            if let Some(first) = out.lines.insert(doc.clone(), n) {
                return Err(bad(
                    path,
                    n,
                    "/doc",
                    format!("document `{doc}` was already answered on line {first}"),
                ));
            }
            out.answers.insert(doc, SavedAnswer { sha256, records });
        }
        if !header {
            return Err(bad(path, 1, "", "empty: no header line"));
        }
        Ok(out)
    }

    /// The line a document's answer is on.
    pub fn line_of(&self, doc: &str) -> Option<usize> {
        self.lines.get(doc).copied()
    }
}

/// One answer line.
fn answer_line(doc: &str, sha256: &str, records: &[Record]) -> String {
    let mut line = json!({"doc": doc, "sha256": sha256, "records": records}).to_string();
    line.push('\n');
    line
}

/// The header line.
fn header_line(extractor: &str) -> String {
    let mut line = json!({"hudna": FORMAT, "extractor": extractor}).to_string();
    line.push('\n');
    line
}

/// Answers being saved: appended as they arrive, rewritten atomically in
/// document order by [`AnswerLog::finish`].
#[derive(Debug)]
pub struct AnswerLog {
    path: PathBuf,
    file: File,
    extractor: String,
    /// Every answer written, for the final rewrite.
    answers: BTreeMap<String, (String, Vec<Record>)>,
}

impl AnswerLog {
    /// Starts `path` afresh (atomically) with the header and the answers
    /// `kept` from an earlier run, so that the file is whole at every
    /// moment, then opens it for appending.
    pub fn create(
        path: &Path,
        extractor: &str,
        kept: impl IntoIterator<Item = (String, SavedAnswer)>,
    ) -> Result<AnswerLog, Error> {
        let answers: BTreeMap<String, (String, Vec<Record>)> = kept
            .into_iter()
            .map(|(doc, a)| (doc, (a.sha256, a.records)))
            .collect();
        let mut body = header_line(extractor);
        for (doc, (sha, records)) in &answers {
            body.push_str(&answer_line(doc, sha, records));
        }
        crate::fsutil::write_atomic(path, body.as_bytes()).map_err(|e| Error::io(path, e))?;
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        Ok(AnswerLog {
            path: path.to_path_buf(),
            file,
            extractor: extractor.to_owned(),
            answers,
        })
    }

    /// Appends one answer, in one write (flushed: the file is unbuffered).
    pub fn append(&mut self, doc: &str, sha256: &str, records: &[Record]) -> Result<(), Error> {
        let line = answer_line(doc, sha256, records);
        self.file
            .write_all(line.as_bytes())
            .and_then(|_| self.file.flush())
            .map_err(|e| Error::io(&self.path, e))?;
        self.answers
            .insert(doc.to_owned(), (sha256.to_owned(), records.to_vec()));
        Ok(())
    }

    /// Rewrites the file atomically with every answer in document order.
    pub fn finish(self) -> Result<(), Error> {
        let mut body = header_line(&self.extractor);
        for (doc, (sha, records)) in &self.answers {
            body.push_str(&answer_line(doc, sha, records));
        }
        drop(self.file);
        crate::fsutil::write_atomic(&self.path, body.as_bytes())
            .map_err(|e| Error::io(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(doc: &str) -> Record {
        let v = json!({"kind":"entity","doc":doc,"type":"GPE","text":"باكو"});
        crate::validate::check_record_line(Flavour::Prediction, Path::new("t"), 1, &v).unwrap()
    }

    #[test]
    fn appended_answers_read_back_and_a_torn_last_line_is_forgiven() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("answers.jsonl");
        let mut log = AnswerLog::create(&p, "command:x", []).unwrap();
        log.append("doc-b", "sha-b", &[entity("doc-b")]).unwrap();
        log.append("doc-a", "sha-a", &[]).unwrap();
        drop(log);
        let mut bytes = std::fs::read(&p).unwrap();
        bytes.extend_from_slice(b"{\"doc\":\"doc-c\",\"sha2");
        std::fs::write(&p, &bytes).unwrap();
        let saved = SavedAnswers::read(&p).unwrap();
        assert_eq!(saved.extractor, "command:x");
        assert!(saved.torn_last_line);
        assert_eq!(saved.answers.len(), 2);
        assert_eq!(saved.answers["doc-b"].records, vec![entity("doc-b")]);
        assert_eq!(saved.line_of("doc-a"), Some(3));

        // Kept answers open a new log; finish sorts by document.
        let log = AnswerLog::create(&p, "command:x", saved.answers.clone()).unwrap();
        log.finish().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let docs: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|l| if l.contains("doc-a") { "a" } else { "b" })
            .collect();
        assert_eq!(docs, ["a", "b"]);
        assert_eq!(SavedAnswers::read(&p).unwrap().answers, saved.answers);
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.jsonl");
        let cases: [(&str, &str); 5] = [
            (
                "{\"doc\":\"x\"}\n",
                "a.jsonl:1: /hudna: not a file of saved answers",
            ),
            (
                "{\"hudna\":\"answers/1\",\"extractor\":\"e\"}\n{oops\n{}\n",
                "a.jsonl:2: (line): invalid JSON",
            ),
            (
                "{\"hudna\":\"answers/1\",\"extractor\":\"e\"}\n{\"doc\":\"d\",\"records\":[]}\n",
                "a.jsonl:2: /sha256: missing",
            ),
            (
                "{\"hudna\":\"answers/1\",\"extractor\":\"e\"}\n{\"doc\":\"doc-d\",\"sha256\":\"s\",\"records\":[{\"kind\":\"entity\",\"doc\":\"doc-d\",\"type\":\"GPEX\",\"text\":\"x\"}]}\n",
                "a.jsonl:2: /records/0/type:",
            ),
            (
                "{\"hudna\":\"answers/1\",\"extractor\":\"e\"}\n{\"doc\":\"d\",\"sha256\":\"s\",\"records\":[]}\n{\"doc\":\"d\",\"sha256\":\"s\",\"records\":[]}\n",
                "a.jsonl:3: /doc: document `d` was already answered on line 2",
            ),
        ];
        for (text, want) in cases {
            std::fs::write(&p, text).unwrap();
            let e = SavedAnswers::read(&p).unwrap_err().to_string();
            let e = e.replace(&dir.path().display().to_string(), "");
            assert!(e.contains(want), "{e:?} lacks {want:?}");
        }
    }
}
