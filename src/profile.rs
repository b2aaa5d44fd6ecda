//! Gold profiles: which rules a JSONL corpus is held to.
//!
//! The bundled dataset is held to its own rules, the **strict** profile:
//! every article has a document record (its sha256 ties the records to the
//! exact text), every named mention links into `kb.jsonl`, entity types are
//! hudna's vocabulary (Wojood's types and WEA). A corpus someone else made —
//! ANERcorp, Wojood, a lab's own — has none of that, and should not need it
//! to be scored: the **core** profile asks only for the contract scoring
//! relies on, articles and records with offsets, text and types, and takes
//! the corpus's own entity labels (`PER`, `MISC`).
//!
//! | rule                                   | strict | core             |
//! |----------------------------------------|--------|------------------|
//! | `<doc>.txt` + `<doc>.jsonl`, ids, offsets, `text` = slice | yes | yes |
//! | record schema (kinds, fields)          | yes    | yes              |
//! | entity `type` from hudna's vocabulary  | yes    | any label, 1–64 characters |
//! | `kb.jsonl`; named mentions need a `ref` into it | yes | no: not read, refs free-form and optional |
//! | one `document` record per article      | yes    | optional (checked when present) |
//! | events, casualties: hudna's ontology   | yes    | yes (when present) |
//!
//! Predictions are checked under the profile of the gold they are scored
//! against, so a tagger's `PER` is refused against the bundled dataset and
//! taken against a corpus whose gold says `PER`.
//!
//! The library's entry points without a profile argument are strict, as
//! they always were; the command line picks a profile per directory with
//! [`Profile::detect`] unless `--profile` says.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// Which rules a corpus is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// The bundled dataset's rules: KB refs, document records, hudna's types.
    #[default]
    Strict,
    /// The core contract: articles, records with offsets, text and types.
    Core,
}

impl Profile {
    /// The name on the command line and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Strict => "strict",
            Profile::Core => "core",
        }
    }

    /// The profile a corpus directory is checked under when none is asked
    /// for, and why: strict when it holds `kb.jsonl` or a dataset card (a
    /// `README.md` that opens with YAML front matter), as the bundled
    /// dataset does; core otherwise. A strict corpus that lost its
    /// `kb.jsonl` still has its card, so it is still told the KB is missing
    /// instead of being quietly held to less.
    pub fn detect(dir: &Path) -> (Profile, &'static str) {
        let kb = dir.join("kb.jsonl").exists();
        let card = std::fs::read(dir.join("README.md"))
            .is_ok_and(|b| b.starts_with(b"---\n") || b.starts_with(b"---\r\n"));
        match (kb, card) {
            (true, true) => (Profile::Strict, "it has a dataset card and kb.jsonl"),
            (true, false) => (Profile::Strict, "it has kb.jsonl"),
            (false, true) => (Profile::Strict, "it has a dataset card (README.md)"),
            (false, false) => (Profile::Core, "it has no kb.jsonl and no dataset card"),
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(Profile::detect(d.path()).0, Profile::Core);
        std::fs::write(d.path().join("README.md"), "# notes\n").unwrap();
        assert_eq!(Profile::detect(d.path()).0, Profile::Core, "not a card");
        std::fs::write(d.path().join("README.md"), "---\nversion: 1\n---\n").unwrap();
        assert_eq!(Profile::detect(d.path()).0, Profile::Strict);
        std::fs::remove_file(d.path().join("README.md")).unwrap();
        std::fs::write(d.path().join("kb.jsonl"), "").unwrap();
        assert_eq!(Profile::detect(d.path()).0, Profile::Strict);
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("annotations");
        assert_eq!(
            Profile::detect(&bundled),
            (Profile::Strict, "it has a dataset card and kb.jsonl")
        );
    }
}
