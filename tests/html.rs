//! `hudna score --html FILE` (issue #11): a self-contained page whose
//! highlights agree with the error listing, that escapes every string from
//! articles, gold and predictions, that works for a one-document corpus
//! without events, and that renders in a real browser (Debian's chromium,
//! headless: the DOM is checked and a screenshot is written to
//! `target/html-report.png`). Without chromium the browser checks skip
//! with a printed reason, except under `CI=true`, where `.ci/run` installs
//! it and its absence is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Mini, hudna_in};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The browser, or `None` (test skipped) where it is absent and CI is not set.
fn chromium() -> Option<PathBuf> {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {c}"))
            .output()
            && out.status.success()
        {
            return Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
        }
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("chromium is required under CI=true (.ci/run installs it)");
    }
    eprintln!("skipped: chromium is not installed (apt-get install chromium)");
    None
}

/// Runs headless chromium on `url` with `args`: stdout.
fn browse(bin: &Path, profile: &Path, args: &[&str], url: &str) -> String {
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A corpus whose article holds markup: `<script>` inside a gold mention
/// and an attribute breaker inside a predicted one.
const HOSTILE: &str = "أعلنت <script>alert(1)</script> و\"onmouseover=\"alert(2) وقف القتال.\n";

fn hostile() -> (Mini, tempfile::TempDir) {
    let m = Mini::new();
    let sha = hudna::article::sha256_hex(HOSTILE.as_bytes());
    let n = HOSTILE.chars().count();
    let (a, b) = common::span(HOSTILE, "<script>alert(1)</script>", 0);
    let (c, d) = common::span(HOSTILE, "\"onmouseover=\"alert(2)", 0);
    let esc = |s: &str| serde_json::to_string(s).unwrap();
    let gold = format!(
        "{{\"kind\":\"document\",\"doc\":\"doc-x\",\"sha256\":\"{sha}\",\"lang\":\"ar\",\"title\":null,\"outlet\":null,\"published\":null,\"published_basis\":\"inferred\",\"note\":\"test\"}}\n\
         {{\"kind\":\"zone\",\"doc\":\"doc-x\",\"id\":\"z1\",\"type\":\"body\",\"start\":0,\"end\":{n}}}\n\
         {{\"kind\":\"entity\",\"doc\":\"doc-x\",\"id\":\"e1\",\"type\":\"GPE\",\"start\":{a},\"end\":{b},\"text\":{},\"ref\":\"azerbaijan\"}}\n",
        esc("<script>alert(1)</script>")
    );
    m.write("doc-x.txt", HOSTILE.as_bytes());
    m.write("doc-x.jsonl", gold.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("preds.jsonl"),
        format!(
            "{{\"doc\":\"doc-x\",\"kind\":\"entity\",\"type\":\"ORG\",\"start\":{c},\"end\":{d},\"text\":{}}}\n",
            esc("\"onmouseover=\"alert(2)")
        ),
    )
    .unwrap();
    (m, dir)
}

fn score_html(gold: &Path, extra: &[&str]) -> (String, PathBuf, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let html = out.path().join("report.html");
    let errors = out.path().join("errors.jsonl");
    let mut args = vec![
        "score",
        "--gold",
        gold.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
        "--errors",
        errors.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, _, err) = hudna_in(root(), &args);
    assert_eq!(code, 0, "{err}");
    (std::fs::read_to_string(&html).unwrap(), html, out)
}

#[test]
fn markup_in_articles_and_records_renders_as_text() {
    let (m, dir) = hostile();
    let spec = format!("file:{}", dir.path().join("preds.jsonl").display());
    let (html, path, _keep) = score_html(m.path(), &["--extractor", &spec, "--resamples", "0"]);
    // Our own inline script is the only one; the article's is text.
    assert_eq!(html.matches("<script").count(), 1, "one <script> element");
    let around: Vec<&str> = html
        .match_indices("alert(1)")
        .map(|(i, _)| &html[i.saturating_sub(30)..i + 30])
        .collect();
    // minijinja escapes `/` too.
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "{around:?}"
    );
    assert!(
        !html.contains("\"onmouseover=\"alert"),
        "attribute breaker escaped"
    );
    assert!(!html.contains("onmouseover=\"alert"));
    assert!(html.contains("&quot;onmouseover=&quot;alert(2)"));
    // Self-contained: nothing is fetched.
    for needle in ["http://", "https://", "src=", "@import", "url("] {
        assert!(!html.contains(needle), "found {needle}");
    }
    if let Some(bin) = chromium() {
        let profile = tempfile::tempdir().unwrap();
        let dom = browse(
            &bin,
            profile.path(),
            &["--dump-dom"],
            &format!("file://{}", path.display()),
        );
        assert_eq!(
            dom.matches("<script").count(),
            1,
            "no script element was injected"
        );
        assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}

#[test]
fn one_document_without_events_renders() {
    let m = Mini::new();
    let recs: String = m
        .records()
        .lines()
        .filter(|l| !l.contains("\"kind\":\"event\""))
        .map(|l| format!("{l}\n"))
        .collect();
    m.write("doc-one.jsonl", recs.as_bytes());
    let (html, _, _keep) = score_html(m.path(), &["--extractor", "gold", "--resamples", "0"]);
    let events = &html
        [html.find("id=\"layer-events\"").unwrap()..html.find("id=\"layer-casualties\"").unwrap()];
    assert!(events.contains("Nothing in the gold or the predictions for this layer."));
    assert_eq!(html.matches("class=\"doc\"").count(), 1);
    assert!(html.contains("dir=\"rtl\" lang=\"ar\""));
}

/// The page of the two-document corpus with one mention dropped and one
/// retyped, pinned whole (structure and numbers; rounded floats only).
#[test]
fn the_page_structure_is_pinned() {
    let m = common::two_docs();
    let text = common::TEXT_TWO;
    let dir = tempfile::tempdir().unwrap();
    let preds = dir.path().join("p.jsonl");
    let (a, b) = common::span(text, "روسيا", 0);
    let (c, d) = common::span(text, "تركيا", 0);
    std::fs::write(
        &preds,
        format!(
            "{{\"doc\":\"doc-two\",\"kind\":\"entity\",\"type\":\"GPE\",\"start\":{a},\"end\":{b},\"text\":\"روسيا\"}}\n\
             {{\"doc\":\"doc-two\",\"kind\":\"entity\",\"type\":\"ORG\",\"start\":{c},\"end\":{d},\"text\":\"تركيا\"}}\n"
        ),
    )
    .unwrap();
    let spec = format!("file:{}", preds.display());
    let (html, _, _keep) = score_html(m.path(), &["--extractor", &spec, "--resamples", "0"]);
    // The temporary path, as the page escapes it.
    let html = html.replace(&spec.replace('/', "&#x2f;"), "file:PREDS");
    insta::assert_snapshot!("html_two_docs", html);
}

/// In the browser, the page shows one label per highlighted item, by
/// outcome, as many as the listing has under each layer's headline scheme;
/// a filter given in the address hides the rest. A screenshot is kept.
#[test]
fn the_browser_shows_what_the_listing_says() {
    let Some(bin) = chromium() else { return };
    let (_, path, dir) = score_html(&common::annotations(), &["--resamples", "100"]);
    let listing = std::fs::read_to_string(dir.path().join("errors.jsonl")).unwrap();
    let mut want = std::collections::BTreeMap::<(String, String), usize>::new();
    for l in listing.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let layer = v["layer"].as_str().unwrap();
        let head = hudna::html::headline(hudna::score::Layer::parse(layer).unwrap());
        let Some(o) = v["outcomes"][head]["outcome"].as_str() else {
            continue;
        };
        let side = if v["gold"].is_null() {
            &v["pred"]
        } else {
            &v["gold"]
        };
        if side.get("arg").is_some() || v["context"].is_null() {
            continue; // arguments and items without offsets are not highlighted
        }
        *want.entry((layer.to_owned(), o.to_owned())).or_default() += 1;
    }
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", path.display());
    let dom = browse(&bin, profile.path(), &["--dump-dom"], &url);
    let mut got = std::collections::BTreeMap::<(String, String), usize>::new();
    for (layer, outcome) in want.keys() {
        let needle = format!("class=\"tag o-{outcome} l-{layer}\"");
        got.insert(
            (layer.clone(), outcome.clone()),
            dom.matches(&needle).count(),
        );
    }
    assert_eq!(got, want);
    assert!(dom.contains("dir=\"rtl\" lang=\"ar\""));
    // Filtered to missed entities: every other label is hidden.
    let dom = browse(
        &bin,
        profile.path(),
        &["--dump-dom"],
        &format!("{url}#layer=entities&outcome=missed"),
    );
    let shown = dom.matches("class=\"tag o-missed l-entities\"").count();
    let hidden = dom.matches(" hidden\"").count();
    assert_eq!(shown, want[&("entities".to_owned(), "missed".to_owned())]);
    let total: usize = want.values().sum();
    assert!(hidden >= total - shown, "{hidden} hidden of {total}");
    // Beside the build (CI builds elsewhere than `target/`), so the
    // screenshot can be looked at after the run.
    let dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    let shot = dir.join("html-report.png");
    eprintln!("screenshot: {}", shot.display());
    browse(
        &bin,
        profile.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400",
        ],
        &url,
    );
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
}

/// The score tables carry their bootstrap intervals.
#[test]
fn score_tables_show_confidence_intervals() {
    let (html, _, _keep) = score_html(&common::annotations(), &["--resamples", "50"]);
    let cells =
        html.matches("<td class=\"ci\">0.").count() + html.matches("<td class=\"ci\">1.").count();
    assert!(cells > 50, "{cells} interval cells");
}
