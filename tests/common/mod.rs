//! Helpers shared by integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The bundled gold corpus.
pub fn annotations() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("annotations")
}

/// A tiny valid corpus: one article, its records and a KB, in a temp dir.
pub struct Mini {
    pub dir: tempfile::TempDir,
}

pub const TEXT: &str = "أعلنت أذربيجان وقف إطلاق النار.\nوقتل ثمانية جنود في باكو.\n";

impl Mini {
    pub fn new() -> Mini {
        let dir = tempfile::tempdir().unwrap();
        let m = Mini { dir };
        m.write("doc-one.txt", TEXT.as_bytes());
        m.write("kb.jsonl", KB.as_bytes());
        m.write("doc-one.jsonl", m.records().as_bytes());
        m
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.dir.path().join(name), bytes).unwrap();
    }

    pub fn remove(&self, name: &str) {
        std::fs::remove_file(self.dir.path().join(name)).unwrap();
    }

    /// The valid records, one per line.
    pub fn records(&self) -> String {
        let sha = hudna::article::sha256_hex(TEXT.as_bytes());
        RECORDS.replace("SHA", &sha)
    }
}

const KB: &str = r#"{"ref":"azerbaijan","type":"GPE","name_en":"Azerbaijan","names_ar":["أذربيجان"]}
{"ref":"baku","type":"GPE","name_en":"Baku","names_ar":["باكو"]}
"#;

const RECORDS: &str = r#"{"kind":"document","doc":"doc-one","sha256":"SHA","lang":"ar","title":null,"outlet":null,"published":null,"published_basis":"inferred","note":"test"}
{"kind":"zone","doc":"doc-one","id":"z1","type":"body","start":0,"end":57}
{"kind":"entity","doc":"doc-one","id":"e1","type":"GPE","start":6,"end":14,"text":"أذربيجان","ref":"azerbaijan"}
{"kind":"entity","doc":"doc-one","id":"e2","type":"GPE","start":52,"end":56,"text":"باكو","ref":"baku"}
{"kind":"event","doc":"doc-one","id":"v1","type":"CEASEFIRE_DECLARED","trigger":{"start":15,"end":30,"text":"وقف إطلاق النار"},"args":[{"role":"actor","mention":"e1"}],"modality":"asserted","reported_by":null}
{"kind":"casualty","doc":"doc-one","id":"c1","start":37,"end":48,"text":"ثمانية جنود","category":"killed","count":{"value":8,"qualifier":"exact","low":8,"high":8},"victims":{"group":"military","side":null},"source":null,"event":null,"scope":"incident"}
"#;
