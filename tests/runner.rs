//! The runner for `command:` extractors: saved answers and resuming after a
//! crash, parallel copies, the program's stderr, a progress bar only on a
//! terminal, and no process left behind.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A synthetic corpus (gold and predictions) and a scratch directory.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(docs: usize) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let (code, _, err) = common::hudna_in(
            dir.path(),
            &["synth", "--docs", &docs.to_string(), "-o", "syn"],
        );
        assert_eq!(code, 0, "{err}");
        std::fs::write(dir.path().join("replay.py"), REPLAY).unwrap();
        Setup { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn gold(&self) -> String {
        self.path("syn/gold").display().to_string()
    }

    /// The replay extractor's spec: it answers with the synthetic
    /// predictions, logs `pid doc` per request to `asked.log`, and exits 3
    /// on the third request it gets while the file `crash` exists.
    fn replay(&self) -> String {
        format!(
            "command:python3 {} {} {} {}",
            self.path("replay.py").display(),
            self.path("syn/pred").display(),
            self.path("asked.log").display(),
            self.path("crash").display()
        )
    }

    fn score(&self, extra: &[&str]) -> (i32, String, String) {
        let gold = self.gold();
        let spec = self.replay();
        let mut args = vec![
            "score",
            "--gold",
            &gold,
            "--extractor",
            &spec,
            "--format",
            "json",
            "--resamples",
            "50",
        ];
        args.extend(extra);
        common::hudna_in(self.dir.path(), &args)
    }

    /// `(pid, doc)` of every request logged so far, then clears the log.
    fn asked(&self) -> Vec<(String, String)> {
        let p = self.path("asked.log");
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let _ = std::fs::remove_file(&p);
        text.lines()
            .map(|l| {
                let (pid, doc) = l.split_once(' ').unwrap();
                (pid.to_owned(), doc.to_owned())
            })
            .collect()
    }

    fn docs(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(self.path("syn/gold"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| p.file_stem().unwrap().to_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    }
}

const REPLAY: &str = r#"import json, os, random, sys, time
pred_dir, log, crash = sys.argv[1], sys.argv[2], sys.argv[3]
by_doc = {}
for name in sorted(os.listdir(pred_dir)):
    if name.endswith(".jsonl"):
        with open(os.path.join(pred_dir, name), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    by_doc.setdefault(r["doc"], []).append(r)
n = 0
for line in sys.stdin:
    req = json.loads(line)
    n += 1
    with open(log, "a") as f:
        f.write(f"{os.getpid()} {req['doc']}\n")
    if n == 3 and os.path.exists(crash):
        print(f"replay: giving up on {req['doc']}", file=sys.stderr)
        sys.exit(3)
    # Uneven work, so parallel copies finish out of order.
    time.sleep(random.random() * 0.02)
    print(f"replay: {req['doc']}", file=sys.stderr)
    answer = {"doc": req["doc"], "records": by_doc.get(req["doc"], [])}
    print(json.dumps(answer, ensure_ascii=False), flush=True)
"#;

/// The report without the one field that names how it was made.
fn report(json: &str) -> serde_json::Value {
    serde_json::from_str(json).unwrap()
}

#[test]
fn a_run_killed_mid_corpus_resumes_to_the_same_report() {
    let s = Setup::new(12);
    let docs = s.docs();
    let (code, whole, err) = s.score(&[]);
    assert_eq!(code, 0, "{err}");
    s.asked();

    // The program dies on document 3: the run fails naming it, and the two
    // answers before it are saved.
    std::fs::write(s.path("crash"), "").unwrap();
    let (code, _, err) = s.score(&["--save-predictions", "answers.jsonl"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("failed on document `{}`", docs[2])),
        "{err}"
    );
    assert_eq!(s.asked().len(), 3);
    let saved = std::fs::read_to_string(s.path("answers.jsonl")).unwrap();
    let lines: Vec<&str> = saved.lines().collect();
    assert_eq!(lines.len(), 3, "a header and two answers: {saved}");
    assert!(lines[1].contains(&docs[0]) && lines[2].contains(&docs[1]));

    // Resumed: the program is asked only for the rest, and the report is
    // the uninterrupted run's, byte for byte.
    std::fs::remove_file(s.path("crash")).unwrap();
    let (code, resumed, err) = s.score(&[
        "--resume",
        "answers.jsonl",
        "--save-predictions",
        "answers.jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    let asked: Vec<String> = s.asked().into_iter().map(|(_, d)| d).collect();
    assert_eq!(asked, docs[2..].to_vec());
    assert_eq!(resumed, whole);

    // The saved file is now whole, in document order, and reusing all of
    // it asks the program for nothing.
    let saved = std::fs::read_to_string(s.path("answers.jsonl")).unwrap();
    let in_file: Vec<String> = saved
        .lines()
        .skip(1)
        .map(|l| report(l)["doc"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(in_file, docs);
    let (code, again, err) = s.score(&["--resume", "answers.jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(s.asked().is_empty());
    assert_eq!(again, whole);
}

/// The report without the field that names the extractor.
fn without_extractor(json: &str) -> serde_json::Value {
    let mut v = report(json);
    v.as_object_mut().unwrap().remove("extractor");
    v
}

#[test]
fn the_listing_and_breakdowns_are_the_same_from_every_source() {
    let s = Setup::new(8);
    let listed = ["--breakdowns", "--errors"];
    // The reference: the prediction files.
    let (code, files, err) = common::hudna_in(
        s.dir.path(),
        &[
            &[
                "score",
                "--gold",
                "syn/gold",
                "--extractor",
                "file:syn/pred",
            ],
            &["--format", "json", "--resamples", "50"][..],
            &listed[..],
            &["files.jsonl"],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(report(&files)["breakdowns"].is_array(), "{files}");
    let reference = std::fs::read_to_string(s.path("files.jsonl")).unwrap();
    assert!(!reference.is_empty());
    let listing = |name: &str| std::fs::read_to_string(s.path(name)).unwrap();

    // The same predictions on standard input.
    let mut stdin = Vec::new();
    let mut preds: Vec<PathBuf> = std::fs::read_dir(s.path("syn/pred"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    preds.sort();
    for p in preds {
        stdin.extend(std::fs::read(p).unwrap());
    }
    let (code, out, err) = common::hudna_stdin_in(
        s.dir.path(),
        &[
            &["score", "--gold", "syn/gold", "--extractor", "file:-"],
            &["--format", "json", "--resamples", "50"][..],
            &listed[..],
            &["stdin.jsonl"],
        ]
        .concat(),
        &stdin,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(without_extractor(&out), without_extractor(&files));
    assert_eq!(listing("stdin.jsonl"), reference);

    // Under --layers, the listing of the layers scored only.
    let (code, out, err) = s.score(
        &[
            &["--jobs", "2", "--layers", "entities"][..],
            &listed,
            &["entities.jsonl"],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(report(&out)["layers"], serde_json::json!(["entities"]));
    let entities: Vec<&str> = reference
        .lines()
        .filter(|l| report(l)["layer"] == "entities")
        .collect();
    assert!(!entities.is_empty());
    assert_eq!(listing("entities.jsonl"), entities.join("\n") + "\n");

    // A program, in three copies.
    let (code, out, err) = s.score(&[&["--jobs", "3"][..], &listed, &["jobs.jsonl"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(without_extractor(&out), without_extractor(&files));
    assert_eq!(listing("jobs.jsonl"), reference);

    // A program that dies on document 3, then resumed from its answers:
    // the failed run leaves no listing, the resumed one lists everything.
    std::fs::write(s.path("crash"), "").unwrap();
    let (code, _, err) = s.score(
        &[
            &["--save-predictions", "answers.jsonl"][..],
            &listed,
            &["crashed.jsonl"],
        ]
        .concat(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(!s.path("crashed.jsonl").exists());
    std::fs::remove_file(s.path("crash")).unwrap();
    s.asked();
    let (code, out, err) = s.score(
        &[
            &["--resume", "answers.jsonl"][..],
            &listed,
            &["resumed.jsonl"],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(s.asked().len(), 6, "only the unanswered documents");
    assert_eq!(without_extractor(&out), without_extractor(&files));
    assert_eq!(listing("resumed.jsonl"), reference);
}

#[test]
fn parallel_copies_give_the_report_of_one() {
    let s = Setup::new(30);
    let (code, one, err) = s.score(&["--jobs", "1"]);
    assert_eq!(code, 0, "{err}");
    let asked_one = s.asked();
    let (code, four, err) = s.score(&["--jobs", "4", "--save-predictions", "four.jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(four, one);
    let asked_four = s.asked();
    // Every document asked once, by more than one process.
    let mut docs: Vec<&str> = asked_four.iter().map(|(_, d)| d.as_str()).collect();
    docs.sort();
    assert_eq!(docs, s.docs());
    let pids: std::collections::BTreeSet<&str> =
        asked_four.iter().map(|(p, _)| p.as_str()).collect();
    assert!(pids.len() > 1, "{pids:?}");
    assert_eq!(asked_one.len(), 30);
    // Each copy's stderr lines say which copy wrote them.
    assert!(err.contains("[1/4] replay: "), "{err}");
    // The saved answers are in document order whatever the finishing order.
    let saved = std::fs::read_to_string(s.path("four.jsonl")).unwrap();
    let in_file: Vec<String> = saved
        .lines()
        .skip(1)
        .map(|l| report(l)["doc"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(in_file, s.docs());
}

#[test]
fn the_programs_stderr_is_passed_through_or_logged() {
    let s = Setup::new(3);
    let (code, _, err) = s.score(&[]);
    assert_eq!(code, 0, "{err}");
    let first = &s.docs()[0];
    assert!(err.contains(&format!("replay: {first}\n")), "{err}");
    // Not a terminal: no progress bar.
    assert!(!err.contains("documents ·"), "{err}");

    let (code, _, err) = s.score(&["--extractor-log", "program.log"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("replay:"), "{err}");
    let log = std::fs::read_to_string(s.path("program.log")).unwrap();
    assert_eq!(log.lines().count(), 3, "{log}");
    assert!(log.starts_with(&format!("replay: {first}\n")), "{log}");
}

#[test]
fn a_progress_bar_is_drawn_on_a_terminal() {
    // `script` gives the command a pseudo-terminal.
    if Command::new("script").arg("--version").output().is_err() {
        println!("skipped: `script` (util-linux) is not installed, so no pseudo-terminal");
        return;
    }
    let s = Setup::new(3);
    let cmd = format!(
        "{} score --gold {} --extractor '{}' --resamples 0 > /dev/null",
        env!("CARGO_BIN_EXE_hudna"),
        s.gold(),
        s.replay()
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(s.dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("/3 documents"), "{text}");
}

/// Whether a process is gone (or a zombie nobody reaped yet).
fn dead(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

fn all_dead_soon(pids: &[String]) -> bool {
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        if pids.iter().all(|p| dead(p)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// An extractor that starts a background `sleep` (a grandchild of hudna),
/// writes both pids, then answers until request `crash_at`, where it exits 3
/// (0: never), or blocks forever on request `block_at`.
fn spawner(dir: &Path, crash_at: usize, block_at: usize) -> String {
    let script = dir.join("spawner.py");
    std::fs::write(
        &script,
        format!(
            r#"import json, os, subprocess, sys, time
child = subprocess.Popen(["sleep", "300"])
name = f"{{sys.argv[1]}}.{{os.getpid()}}"
with open(name + ".tmp", "w") as f:
    f.write(f"{{os.getpid()}} {{child.pid}}\n")
os.rename(name + ".tmp", name)
n = 0
for line in sys.stdin:
    n += 1
    if n == {crash_at}:
        sys.exit(3)
    if n == {block_at}:
        time.sleep(300)
    print(json.dumps({{"doc": json.loads(line)["doc"], "records": []}}), flush=True)
"#
        ),
    )
    .unwrap();
    format!(
        "command:python3 {} {}",
        script.display(),
        dir.join("pids").display()
    )
}

/// The pids every copy of the spawner wrote (programs and their
/// `sleep`s), once at least one has; the files are then removed.
fn pids(dir: &Path) -> Vec<String> {
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_str().unwrap();
                name.starts_with("pids.") && !name.ends_with(".tmp")
            })
            .collect();
        if !files.is_empty() {
            let mut out = Vec::new();
            for f in files {
                let t = std::fs::read_to_string(&f).unwrap();
                out.extend(t.split_whitespace().map(str::to_owned));
                std::fs::remove_file(f).unwrap();
            }
            return out;
        }
        assert!(Instant::now() < until, "the extractor never started");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn no_process_outlives_a_run_that_fails_or_succeeds() {
    let s = Setup::new(5);
    for (crash_at, want) in [(3, 2), (0, 0)] {
        let spec = spawner(s.dir.path(), crash_at, 0);
        let (code, _, err) = common::hudna_in(
            s.dir.path(),
            &["score", "--gold", &s.gold(), "--extractor", &spec],
        );
        assert_eq!(code, want, "{err}");
        let p = pids(s.dir.path());
        assert!(all_dead_soon(&p), "still running: {p:?}");
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_stops_its_programs() {
    use std::os::unix::process::ExitStatusExt;
    let s = Setup::new(5);
    let spec = spawner(s.dir.path(), 0, 2);
    let mut hudna = Command::new(env!("CARGO_BIN_EXE_hudna"))
        .current_dir(s.dir.path())
        .args([
            "score",
            "--gold",
            &s.gold(),
            "--extractor",
            &spec,
            "--jobs",
            "2",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Let both copies start and get to their blocking request.
    std::thread::sleep(Duration::from_millis(1500));
    let p = pids(s.dir.path());
    // SAFETY: sends SIGINT to the child we spawned.
    unsafe {
        libc::kill(hudna.id() as i32, libc::SIGINT);
    }
    let status = hudna.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGINT));
    assert!(all_dead_soon(&p), "still running: {p:?}");
}

#[test]
fn runner_errors_name_the_file_line_and_flag() {
    let s = Setup::new(4);
    let (code, _, err) = s.score(&["--save-predictions", "a.jsonl"]);
    assert_eq!(code, 0, "{err}");
    let mut messages = Vec::new();
    let dir = s.dir.path().display().to_string();
    let mut record = |what: &str, (code, _, err): (i32, String, String)| {
        assert_eq!(code, 2, "{what}: {err}");
        let last = err
            .lines()
            .filter(|l| l.starts_with("hudna") || l.starts_with("error"))
            .collect::<Vec<_>>()
            .join("\n");
        messages.push(format!("{what}:\n{}", last.replace(&dir, "DIR")));
    };
    // Answers of another extractor.
    let gold = s.gold();
    record(
        "another extractor",
        common::hudna_in(
            s.dir.path(),
            &[
                "score",
                "--gold",
                &gold,
                "--extractor",
                "command:python3 other.py",
                "--resume",
                "a.jsonl",
            ],
        ),
    );
    // An answer made for another text of its article.
    let saved = std::fs::read_to_string(s.path("a.jsonl")).unwrap();
    let mut lines: Vec<String> = saved.lines().map(str::to_owned).collect();
    let mut v: serde_json::Value = serde_json::from_str(&lines[2]).unwrap();
    v["sha256"] = serde_json::json!("0".repeat(64));
    lines[2] = v.to_string();
    std::fs::write(s.path("b.jsonl"), lines.join("\n") + "\n").unwrap();
    record("another text", s.score(&["--resume", "b.jsonl"]));
    // Not a file of answers.
    std::fs::write(s.path("c.jsonl"), "{\"doc\":\"x\"}\n").unwrap();
    record("not answers", s.score(&["--resume", "c.jsonl"]));
    // A missing file.
    record("missing", s.score(&["--resume", "missing.jsonl"]));
    // Runner flags with an extractor that runs no program.
    record(
        "baseline",
        common::hudna_in(s.dir.path(), &["score", "--resume", "a.jsonl"]),
    );
    record(
        "jobs 65",
        common::hudna_in(s.dir.path(), &["score", "--jobs", "65"]),
    );
    insta::assert_snapshot!("runner_errors", messages.join("\n\n"));
}

/// Collects a run's listing as JSON values.
fn lines_of(
    listed: &mut Vec<serde_json::Value>,
) -> impl FnMut(&hudna::corpus::Doc, Vec<hudna::listing::Line>) -> Result<(), hudna::error::Error> + '_
{
    move |_, lines| {
        listed.extend(lines.iter().map(|l| serde_json::to_value(l).unwrap()));
        Ok(())
    }
}

/// An extractor object for `run::score_with`: the oracle, failing on one
/// document if told to, recording what it is asked.
struct Flaky {
    inner: hudna::extract::GoldExtractor,
    fail_on: Option<String>,
    asked: Vec<String>,
}

impl hudna::extract::Extractor for Flaky {
    fn name(&self) -> String {
        "gold".into()
    }

    fn extract(
        &mut self,
        article: &hudna::extract::ArticleInput<'_>,
    ) -> Result<Vec<hudna::record::Record>, hudna::error::Error> {
        self.asked.push(article.doc.to_owned());
        if self.fail_on.as_deref() == Some(article.doc) {
            return Err(hudna::error::Error::Extractor {
                name: self.name(),
                doc: article.doc.to_owned(),
                message: "out of memory".into(),
                stderr: String::new(),
            });
        }
        self.inner.extract(article)
    }
}

#[test]
fn an_extractor_object_scores_like_its_spec_and_resumes() {
    use hudna::corpus::Gold;
    use hudna::run::{Settings, Spec};
    let (corpus, _) = hudna::validate::load_corpus(Gold::Bundled).unwrap();
    let docs: Vec<String> = corpus.docs.keys().cloned().collect();
    let flaky = |fail_on: Option<&str>| Flaky {
        inner: hudna::extract::GoldExtractor::new(&corpus),
        fail_on: fail_on.map(str::to_owned),
        asked: Vec::new(),
    };
    let base = Settings {
        options: hudna::score::Options {
            resamples: 50,
            ..Default::default()
        },
        ..Settings::default()
    };
    let whole = hudna::run::score(Gold::Bundled, &Spec::Gold, &base)
        .unwrap()
        .report
        .unwrap()
        .to_json()
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("answers.jsonl");
    let saving = Settings {
        save: Some(saved.clone()),
        ..base.clone()
    };
    let mut first = flaky(Some(&docs[2]));
    let err = hudna::run::score_with(Gold::Bundled, &mut first, &saving).unwrap_err();
    assert!(err.to_string().contains(&docs[2]), "{err}");

    let mut second = flaky(None);
    let resuming = Settings {
        resume: Some(saved.clone()),
        ..saving.clone()
    };
    let out = hudna::run::score_with(Gold::Bundled, &mut second, &resuming).unwrap();
    assert_eq!(second.asked, docs[2..].to_vec());
    assert_eq!(out.report.unwrap().to_json().unwrap(), whole);

    // The listing of an object is the listing of its spec.
    let (mut by_spec, mut by_object) = (Vec::new(), Vec::new());
    let listed = Settings {
        breakdowns: true,
        ..base.clone()
    };
    let spec_report = hudna::run::score_listed(
        Gold::Bundled,
        &Spec::Gold,
        &listed,
        Some(&mut lines_of(&mut by_spec)),
    )
    .unwrap()
    .report
    .unwrap();
    let object_report = hudna::run::score_with_listed(
        Gold::Bundled,
        &mut flaky(None),
        &listed,
        Some(&mut lines_of(&mut by_object)),
    )
    .unwrap()
    .report
    .unwrap();
    assert!(!by_spec.is_empty());
    assert_eq!(by_object, by_spec);
    assert!(!spec_report.breakdowns.is_empty());
    assert_eq!(
        object_report.to_json().unwrap(),
        spec_report.to_json().unwrap()
    );

    // One object cannot run as several copies.
    let parallel = Settings { jobs: 2, ..base };
    let err = hudna::run::score_with(Gold::Bundled, &mut flaky(None), &parallel).unwrap_err();
    assert!(err.to_string().contains("jobs = 2"), "{err}");
}
