//! Helpers shared by integration tests.
#![allow(dead_code)]

pub mod perturb;

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

/// Offsets of the `nth` occurrence of `surface` in `text`, in code points
/// (computed, never typed).
pub fn span(text: &str, surface: &str, nth: usize) -> (usize, usize) {
    let (byte, _) = text
        .match_indices(surface)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{surface}` #{nth} not in text"));
    let start = text[..byte].chars().count();
    (start, start + surface.chars().count())
}

/// A second article for scoring tests: a title, a reported statement, a
/// casualty figure with a qualifier.
pub const TEXT_TWO: &str = "قال الرئيس الروسي فلاديمير بوتين إن روسيا وتركيا ستراقبان الهدنة في قره باغ.\nوأصيب أكثر من 200 مدني في القصف.\n";

/// The Mini corpus plus `doc-two`, whose records are built from surfaces.
pub fn two_docs() -> Mini {
    let m = Mini::new();
    let sha = hudna::article::sha256_hex(TEXT_TWO.as_bytes());
    let n = TEXT_TWO.chars().count();
    let mut lines = vec![
        format!(
            r#"{{"kind":"document","doc":"doc-two","sha256":"{sha}","lang":"ar","title":null,"outlet":null,"published":null,"published_basis":"inferred","note":"test"}}"#
        ),
        format!(r#"{{"kind":"zone","doc":"doc-two","id":"z1","type":"body","start":0,"end":{n}}}"#),
    ];
    let ents = [
        ("e1", "OCC", "الرئيس", None),
        ("e2", "NORP", "الروسي", Some("russians")),
        ("e3", "PERS", "فلاديمير بوتين", Some("vladimir-putin")),
        ("e4", "GPE", "روسيا", Some("russia")),
        ("e5", "GPE", "تركيا", Some("turkey")),
        ("e6", "GPE", "قره باغ", Some("nagorno-karabakh")),
    ];
    for (id, t, s, r) in ents {
        let (a, b) = span(TEXT_TWO, s, 0);
        let r = r.map_or("null".to_string(), |r| format!("\"{r}\""));
        lines.push(format!(
            r#"{{"kind":"entity","doc":"doc-two","id":"{id}","type":"{t}","start":{a},"end":{b},"text":"{s}","ref":{r}}}"#
        ));
    }
    let (a, b) = span(TEXT_TWO, "الهدنة", 0);
    lines.push(format!(r#"{{"kind":"event","doc":"doc-two","id":"v1","type":"CEASEFIRE_IMPLEMENTED","trigger":{{"start":{a},"end":{b},"text":"الهدنة"}},"args":[{{"role":"actor","mention":"e4"}},{{"role":"actor","mention":"e5"}},{{"role":"location","mention":"e6"}}],"modality":"future","reported_by":"e3"}}"#));
    let (a, b) = span(TEXT_TWO, "القصف", 0);
    lines.push(format!(r#"{{"kind":"event","doc":"doc-two","id":"v2","type":"SHELLING","trigger":{{"start":{a},"end":{b},"text":"القصف"}},"args":[],"modality":"asserted","reported_by":null}}"#));
    let (a, b) = span(TEXT_TWO, "أكثر من 200 مدني", 0);
    lines.push(format!(r#"{{"kind":"casualty","doc":"doc-two","id":"c1","start":{a},"end":{b},"text":"أكثر من 200 مدني","category":"injured","count":{{"value":200,"qualifier":"more_than","low":201,"high":null}},"victims":{{"group":"civilian","side":null}},"source":null,"event":"v2","scope":"incident"}}"#));
    m.write("doc-two.txt", TEXT_TWO.as_bytes());
    m.write("doc-two.jsonl", (lines.join("\n") + "\n").as_bytes());
    let kb = r#"{"ref":"russians","type":"NORP","name_en":"Russians","names_ar":["الروسي"]}
{"ref":"vladimir-putin","type":"PERS","name_en":"Vladimir Putin","names_ar":["فلاديمير بوتين"]}
{"ref":"russia","type":"GPE","name_en":"Russia","names_ar":["روسيا"]}
{"ref":"turkey","type":"GPE","name_en":"Turkey","names_ar":["تركيا"]}
{"ref":"nagorno-karabakh","type":"GPE","name_en":"Nagorno-Karabakh","names_ar":["قره باغ"]}
"#;
    let mut all = std::fs::read_to_string(m.path().join("kb.jsonl")).unwrap();
    all.push_str(kb);
    m.write("kb.jsonl", all.as_bytes());
    m
}

/// Runs the `hudna` binary in `cwd`: (exit code, stdout, stderr).
#[allow(dead_code)]
pub fn hudna_in(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hudna"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the hudna binary in `cwd` with `input` on its standard input:
/// exit code, stdout, stderr.
pub fn hudna_stdin_in(cwd: &Path, args: &[&str], input: &[u8]) -> (i32, String, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_hudna"))
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from a thread: a command that fails before reading must not
    // block the test on a full pipe.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
