//! Quality gates: a passing gate, a failing threshold, a failing regression,
//! a regression inside the confidence interval (passes unless strict), every
//! kind of gates-file error pinned with its line, JUnit XML in the common
//! XSD shape, and the `hudna gate` / `hudna score --gate` exit codes.

mod common;
mod scenarios;

use std::path::{Path, PathBuf};
use std::process::Command;

use hudna::compare::NamedReport;
use hudna::gate::{self, Applied, GateConfig, GateError, GateOutcome};
use hudna::report::ScoreReport;
use hudna::score::{Boundary, Layer, Options};
use scenarios::Scenarios;

fn config(text: &str) -> GateConfig {
    GateConfig::parse(text, Path::new("gates.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn named(name: &str, r: &ScoreReport) -> NamedReport {
    NamedReport::new(name, r.clone())
}

fn run(text: &str, current: &ScoreReport, baseline: Option<&ScoreReport>) -> GateOutcome {
    let base = baseline.map(|b| named("baseline.json", b));
    gate::evaluate(
        &config(text),
        &named("current.json", current),
        base.as_ref(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

const THRESHOLDS: &str = r#"
[[threshold]]
metric = "entities.strict.micro.f1"
min = 0.9

[[threshold]]
metric = "casualties.claim.recall"
min = 0.5

[[threshold]]
metric = "entities.strict.GPE.precision"
min = 0.8
max = 1.0
"#;

fn regression(strict: bool) -> String {
    format!(
        r#"strict = {strict}
resamples = 500
seed = 7

[[regression]]
metrics = ["entities.strict.micro.f1", "events.trigger_cls.micro.f1", "entities.strict.macro.f1"]
max_drop = 0.02
"#
    )
}

#[test]
fn a_passing_gate() {
    let s = Scenarios::new();
    let perfect = s.perfect();
    let text = format!("{}\n{THRESHOLDS}", regression(false));
    let o = run(&text, &perfect, Some(&perfect));
    assert!(o.passed());
    assert_eq!(o.results.len(), 6);
    assert!(o.results.iter().all(|r| r.margin >= 0.0));
    insta::assert_snapshot!("passing_gate_text", gate::to_text(&o));
}

#[test]
fn a_failing_threshold() {
    let s = Scenarios::new();
    let worse = s.both_docs_worse();
    let o = run(THRESHOLDS, &worse, None);
    assert!(!o.passed());
    let failed: Vec<_> = o.results.iter().filter(|r| !r.passed).collect();
    assert_eq!(failed.len(), 1);
    let f = failed[0];
    assert_eq!(f.metric.to_string(), "entities.strict.micro.f1");
    assert!((f.value - 0.75).abs() < 1e-12);
    assert!((f.margin + 0.15).abs() < 1e-12, "margin is value − min");
    assert_eq!(f.detail, "failed: 0.750 < min 0.900");
    insta::assert_snapshot!("failing_threshold_text", gate::to_text(&o));
    insta::assert_snapshot!("failing_threshold_markdown", gate::to_markdown(&o));
}

#[test]
fn an_upper_bound_fails_above_it() {
    let s = Scenarios::new();
    let o = run(
        "[[threshold]]\nmetric = \"entities.strict.micro.recall\"\nmax = 0.5\n",
        &s.perfect(),
        None,
    );
    assert!(!o.passed());
    assert_eq!(o.results[0].detail, "failed: 1.000 > max 0.500");
}

#[test]
fn a_failing_regression() {
    // A drop in both documents: every resample sees it, so the paired
    // interval lies below 0 and the drop counts even without strict.
    let s = Scenarios::new();
    let (base, worse) = (s.perfect(), s.both_docs_worse());
    let o = run(&regression(false), &worse, Some(&base));
    let r = &o.results[0];
    assert_eq!(r.metric.to_string(), "entities.strict.micro.f1");
    assert!(!r.passed);
    assert_eq!(r.applied, Applied::OutsideCi);
    assert!(
        r.detail
            .starts_with("failed: drop 0.250 > max_drop 0.020, outside the 95% CI")
    );
    match r.check {
        gate::Check::Regression {
            ci: Some([_, hi]), ..
        } => assert!(hi < 0.0),
        other => panic!("{other:?}"),
    }
    // Events were not touched: no drop there.
    assert!(o.results[1].passed);
    assert_eq!(o.results[1].applied, Applied::WithinMaxDrop);
    insta::assert_snapshot!("failing_regression_text", gate::to_text(&o));
}

#[test]
fn a_regression_inside_the_ci_passes_unless_strict() {
    // A drop in doc-two only: resamples of doc-one alone show none, so the
    // interval reaches 0 and the drop is not significant.
    let s = Scenarios::new();
    let (base, worse) = (s.perfect(), s.one_doc_worse());
    let lenient = run(&regression(false), &worse, Some(&base));
    let r = &lenient.results[0];
    assert!((r.value - 0.875).abs() < 1e-12);
    assert!(r.passed, "{}", r.detail);
    assert_eq!(r.applied, Applied::WithinCi);
    assert!(
        r.detail
            .starts_with("passed: drop 0.125 > max_drop 0.020 but within the 95% CI"),
        "{}",
        r.detail
    );
    assert!(r.detail.ends_with("not significant (strict = false)"));
    assert!(lenient.passed());
    insta::assert_snapshot!("inside_ci_text", gate::to_text(&lenient));

    let strict = run(&regression(true), &worse, Some(&base));
    let r = &strict.results[0];
    assert!(!r.passed);
    assert_eq!(r.applied, Applied::Strict);
    assert_eq!(
        r.detail,
        "failed: drop 0.125 > max_drop 0.020 (strict = true: the confidence interval is not consulted)"
    );

    // A rule's own `strict` overrides the file's.
    let text = regression(false).replace("max_drop = 0.02", "max_drop = 0.02\nstrict = true");
    assert!(!run(&text, &worse, Some(&base)).passed());
}

#[test]
fn a_drop_within_max_drop_passes_whatever_the_interval() {
    let s = Scenarios::new();
    let (base, worse) = (s.perfect(), s.both_docs_worse());
    let text =
        "strict = true\n[[regression]]\nmetrics = [\"entities.strict.f1\"]\nmax_drop = 0.25\n";
    let o = run(text, &worse, Some(&base));
    assert!(o.passed(), "a drop of exactly max_drop passes");
    assert_eq!(o.results[0].applied, Applied::WithinMaxDrop);
}

#[test]
fn an_improvement_is_no_drop() {
    let s = Scenarios::new();
    let o = run(&regression(true), &s.perfect(), Some(&s.both_docs_worse()));
    assert!(o.passed());
    assert_eq!(
        o.results[0].detail,
        "passed: no drop (+0.250 against the baseline)"
    );
}

fn rel(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_config_error_names_its_line() {
    insta::glob!("fixtures/gate/errors/*.toml", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let shown = PathBuf::from(rel(path));
        let err = match GateConfig::parse(&text, &shown) {
            Ok(_) => panic!("{}: parsed without error", shown.display()),
            Err(e) => e,
        };
        let GateError::Config(problems) = &err else {
            panic!("{}: not a config error: {err}", shown.display());
        };
        for p in problems {
            let at = p.at.unwrap_or_else(|| panic!("{p}: no line"));
            assert!(at.line >= 1 && at.column >= 1);
            assert!(p.to_string().starts_with(&format!(
                "{}:{}:{}: ",
                shown.display(),
                at.line,
                at.column
            )));
        }
        insta::assert_snapshot!(err.to_string());
    });
}

#[test]
fn a_label_the_report_lacks_is_an_error_listing_those_it_has() {
    let s = Scenarios::new();
    let c = config("[[threshold]]\nmetric = \"entities.strict.PRES.f1\"\nmin = 0.5\n");
    let err = gate::evaluate(&c, &named("current.json", &s.perfect()), None).unwrap_err();
    insta::assert_snapshot!("unknown_label", err.to_string());
}

/// An extractor that predicts no events has no event precision (nothing
/// predicted): a rule on it could neither pass nor fail, so it is an error
/// naming the rule (exit 2), in a threshold and in a regression alike. Its
/// event F1 is 0, not undefined, and is gated as usual.
#[test]
fn a_rule_on_an_undefined_metric_is_an_error_naming_the_rule() {
    let s = Scenarios::new();
    let current = s.report("entities-only", s.entities_only());
    let row = current.row(Layer::Events, "trigger_cls", "micro").unwrap();
    assert_eq!((row.precision, row.f1), (None, Some(0.0)));
    let c = config(
        r#"
[[threshold]]
metric = "entities.strict.micro.f1"
min = 0.5

[[threshold]]
metric = "events.trigger_cls.micro.precision"
min = 0.5

[[threshold]]
metric = "events.trigger_cls.micro.f1"
max = 1.0

[[regression]]
metrics = ["entities.strict.micro.f1", "casualties.claim.killed.precision"]
max_drop = 0.02
"#,
    );
    let base = named("baseline.json", &s.perfect());
    let err = gate::evaluate(&c, &named("current.json", &current), Some(&base)).unwrap_err();
    insta::assert_snapshot!("undefined_metric", err.to_string());
    // Without the rules on undefined metrics, the rest is judged.
    let c = config("[[threshold]]\nmetric = \"events.trigger_cls.micro.f1\"\nmin = 0.5\n");
    let o = gate::evaluate(&c, &named("current.json", &current), None).unwrap();
    assert_eq!(o.failures(), 1, "an F1 of 0 fails a floor");
}

/// A rule on a layer a report did not score (`--layers`) is an error naming
/// the rule and the layers each report has, never a pass.
#[test]
fn a_rule_on_a_layer_not_scored_is_an_error_naming_the_rule() {
    let s = Scenarios::new();
    let current = s.report_layers("entities", s.gold(), &[Layer::Entities]);
    assert_eq!(current.layers, [Layer::Entities]);
    let c = config(
        r#"
[[threshold]]
metric = "entities.strict.micro.f1"
min = 0.5

[[threshold]]
metric = "casualties.claim.recall"
min = 0.5

[[regression]]
metrics = ["entities.strict.micro.f1", "events.trigger_cls.micro.f1"]
max_drop = 0.02
"#,
    );
    let base = named("baseline.json", &s.perfect());
    let err = gate::evaluate(&c, &named("current.json", &current), Some(&base)).unwrap_err();
    insta::assert_snapshot!("layer_not_scored", err.to_string());
    // The rules on the scored layer alone pass.
    let c = config(&format!(
        "baseline = \"x\"\n{}",
        "[[regression]]\nmetrics = [\"entities.strict.micro.f1\"]\nmax_drop = 0.0\n"
    ));
    let o = gate::evaluate(&c, &named("current.json", &current), Some(&base)).unwrap();
    assert!(o.passed(), "{}", gate::to_text(&o));
}

#[test]
fn regression_rules_need_a_baseline() {
    let s = Scenarios::new();
    let err = gate::evaluate(
        &config(&regression(false)),
        &named("current.json", &s.perfect()),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(err, GateError::NoBaseline { rules: 1, .. }),
        "{err}"
    );
}

#[test]
fn regression_refuses_a_baseline_on_other_gold_or_options() {
    let s = Scenarios::new();
    let current = s.perfect();
    let mut other_gold = current.clone();
    other_gold.dataset.fingerprint = "0".repeat(64);
    let c = config(&regression(false));
    let err = gate::evaluate(
        &c,
        &named("current.json", &current),
        Some(&named("baseline.json", &other_gold)),
    )
    .unwrap_err();
    insta::assert_snapshot!("refuses_other_gold", err.to_string());

    let token = s.report_with(
        "token",
        s.gold(),
        &Options {
            boundary: Boundary::Token,
            ..scenarios::options()
        },
    );
    let err = gate::evaluate(
        &c,
        &named("current.json", &current),
        Some(&named("baseline.json", &token)),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("`options.boundary` differs"), "{msg}");
    assert!(
        msg.contains("\"token\"") && msg.contains("\"exact\""),
        "{msg}"
    );

    // Resamples and seed change no point value: accepted.
    let reseeded = s.report_with(
        "perfect",
        s.gold(),
        &Options {
            resamples: 50,
            seed: 1,
            ..Options::default()
        },
    );
    assert!(
        gate::evaluate(
            &c,
            &named("current.json", &current),
            Some(&named("baseline.json", &reseeded))
        )
        .unwrap()
        .passed()
    );
}

/// Walks JUnit XML and checks the shape of the common JUnit XSD (the one
/// Jenkins, GitLab and GitHub reporters read): `testsuites` holds
/// `testsuite`s, each holds `testcase`s with `name` and `classname`, a
/// failure is a `failure` with a `message`, and the `tests` / `failures`
/// counts agree with the children. Returns (tests, failures).
fn check_junit_shape(xml: &str) -> (usize, usize) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut declared: Vec<(String, usize, usize)> = Vec::new(); // element, tests, failures
    let (mut suite_cases, mut suite_failures) = (0usize, 0usize);
    let (mut all_cases, mut all_failures) = (0usize, 0usize);
    let mut suites = 0;
    let attrs = |e: &quick_xml::events::BytesStart<'_>| -> Vec<(String, String)> {
        e.attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect()
    };
    let get =
        |a: &[(String, String)], k: &str| a.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
    loop {
        let ev = reader.read_event().unwrap();
        let (start, name, a) = match &ev {
            Event::Start(e) => (
                true,
                String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                attrs(e),
            ),
            Event::Empty(e) => (
                false,
                String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                attrs(e),
            ),
            Event::End(_) => {
                let name = stack.pop().unwrap();
                if name == "testsuite" {
                    let (_, t, f) = declared.pop().unwrap();
                    assert_eq!((t, f), (suite_cases, suite_failures), "testsuite counts");
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let parent = stack.last().map(String::as_str);
        match name.as_str() {
            "testsuites" => {
                assert_eq!(parent, None, "testsuites is the root");
                declared.push((
                    name.clone(),
                    get(&a, "tests").unwrap().parse().unwrap(),
                    get(&a, "failures").unwrap().parse().unwrap(),
                ));
            }
            "testsuite" => {
                assert_eq!(parent, Some("testsuites"));
                assert!(get(&a, "name").is_some());
                suites += 1;
                (suite_cases, suite_failures) = (0, 0);
                declared.push((
                    name.clone(),
                    get(&a, "tests").unwrap().parse().unwrap(),
                    get(&a, "failures").unwrap().parse().unwrap(),
                ));
            }
            "properties" => assert_eq!(parent, Some("testsuite")),
            "property" => {
                assert_eq!(parent, Some("properties"));
                assert!(get(&a, "name").is_some() && get(&a, "value").is_some());
            }
            "testcase" => {
                assert_eq!(parent, Some("testsuite"));
                assert!(get(&a, "name").is_some_and(|n| !n.is_empty()));
                assert_eq!(get(&a, "classname").as_deref(), Some("hudna.gates"));
                suite_cases += 1;
                all_cases += 1;
            }
            "failure" => {
                assert_eq!(parent, Some("testcase"));
                assert!(get(&a, "message").is_some_and(|m| !m.is_empty()));
                suite_failures += 1;
                all_failures += 1;
            }
            "system-out" => assert_eq!(parent, Some("testcase")),
            other => panic!("unexpected element <{other}>"),
        }
        if start {
            stack.push(name);
        }
    }
    assert!(stack.is_empty());
    assert_eq!(suites, 1);
    let (_, t, f) = declared.pop().expect("a testsuites root");
    assert_eq!((t, f), (all_cases, all_failures), "testsuites counts");
    (all_cases, all_failures)
}

#[test]
fn junit_has_the_common_xsd_shape() {
    let s = Scenarios::new();
    let (base, worse) = (s.perfect(), s.both_docs_worse());
    let text = format!("{}\n{THRESHOLDS}", regression(false));
    let o = run(&text, &worse, Some(&base));
    let xml = gate::to_junit(&o).unwrap();
    assert_eq!(check_junit_shape(&xml), (6, o.failures()));
    assert_eq!(o.failures(), 3);

    // And a JUnit reader reads it back: one suite, a failure per failed rule.
    let back = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!(back.test_suites.len(), 1);
    let suite = &back.test_suites[0];
    assert_eq!(suite.name.as_str(), "hudna gates");
    assert_eq!(suite.test_cases.len(), 6);
    assert_eq!(suite.failures, 3);
    let first = &suite.test_cases[0];
    assert_eq!(
        first.name.as_str(),
        "threshold #1: entities.strict.micro.f1 >= 0.9"
    );
    match &first.status {
        quick_junit::TestCaseStatus::NonSuccess { message, .. } => {
            assert_eq!(
                message.as_ref().map(|m| m.as_str()),
                Some("failed: 0.750 < min 0.900")
            );
        }
        other => panic!("{other:?}"),
    }

    // A passing run: no failure elements.
    let o = run(&text, &base, Some(&base));
    assert_eq!(check_junit_shape(&gate::to_junit(&o).unwrap()), (6, 0));
}

#[test]
fn the_projects_own_gates_pass_on_the_committed_baseline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = GateConfig::read(&root.join("gates.toml")).unwrap_or_else(|e| panic!("{e}"));
    let base = c.baseline.clone().expect("gates.toml names its baseline");
    assert_eq!(base, root.join("ci/baseline-report.json"));
    let report = NamedReport::read(&base).unwrap_or_else(|e| panic!("{e}"));
    let o = gate::evaluate(&c, &report, Some(&report)).unwrap_or_else(|e| panic!("{e}"));
    assert!(o.passed(), "{}", gate::to_text(&o));
    assert!(!c.thresholds.is_empty() && !c.regressions.is_empty());
}

// ---------------------------------------------------------------- the CLI

fn hudna(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hudna"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn gate_exits_0_when_all_pass_1_when_one_fails_2_on_bad_input() {
    let s = Scenarios::new();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("perfect.json"), s.perfect().to_json().unwrap()).unwrap();
    std::fs::write(d.join("worse.json"), s.both_docs_worse().to_json().unwrap()).unwrap();
    // `baseline` is relative to the gates file, not to the working directory.
    std::fs::create_dir(d.join("ci")).unwrap();
    std::fs::write(
        d.join("ci/gates.toml"),
        format!(
            "baseline = \"../perfect.json\"\n{}\n{THRESHOLDS}",
            regression(false)
        ),
    )
    .unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let gates = d.join("ci/gates.toml");
    let gates = gates.to_str().unwrap();
    let perfect = d.join("perfect.json");
    let worse = d.join("worse.json");
    let (junit, md) = (d.join("out.xml"), d.join("out.md"));

    let (code, out, err) = hudna(
        &["gate", "--config", gates, perfect.to_str().unwrap()],
        elsewhere.path(),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("hudna gate: PASSED: all 6 checks passed\n"),
        "{out}"
    );

    let (code, out, err) = hudna(
        &[
            "gate",
            "-c",
            gates,
            worse.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
            "--markdown",
            md.to_str().unwrap(),
        ],
        elsewhere.path(),
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.starts_with("hudna gate: FAILED: 3 of 6 checks failed\n"),
        "{out}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(check_junit_shape(&xml), (6, 3));
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .starts_with("### ❌ hudna gates")
    );

    // --baseline-report overrides the file's baseline: against itself, no drop.
    let (code, out, _) = hudna(
        &[
            "gate",
            "-c",
            gates,
            worse.to_str().unwrap(),
            "--baseline-report",
            worse.to_str().unwrap(),
        ],
        elsewhere.path(),
    );
    assert_eq!(code, 1, "the threshold still fails: {out}");
    assert!(out.contains("FAILED: 1 of 6 checks failed"), "{out}");

    // 2: a bad gates file, a report that is not one, a missing file.
    std::fs::write(
        d.join("bad.toml"),
        "[[threshold]]\nmetric = \"entitis.strict.f1\"\nmin = 0.5\n",
    )
    .unwrap();
    let (code, _, err) = hudna(
        &[
            "gate",
            "-c",
            d.join("bad.toml").to_str().unwrap(),
            perfect.to_str().unwrap(),
        ],
        elsewhere.path(),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.toml:2:11: threshold #1.metric: error: unknown layer `entitis`"),
        "{err}"
    );
    let (code, _, err) = hudna(&["gate", "-c", gates, gates], elsewhere.path());
    assert_eq!(code, 2);
    assert!(
        err.contains("gates.toml: not a hudna score report: invalid JSON"),
        "{err}"
    );
    let (code, _, _) = hudna(&["gate", "-c", gates, "missing.json"], elsewhere.path());
    assert_eq!(code, 2);
    assert!(!d.join("missing.xml").exists());

    let (code, help, _) = hudna(&["gate", "--help"], elsewhere.path());
    assert_eq!(code, 0);
    assert!(
        help.contains("Exit status: 0 every rule passed; 1 a rule failed; 2 usage or input error"),
        "{help}"
    );
}

#[test]
fn score_with_a_gate_keeps_stdout_for_the_report() {
    let s = Scenarios::new();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("pass.toml"), THRESHOLDS).unwrap();
    std::fs::write(
        d.join("fail.toml"),
        "[[threshold]]\nmetric = \"entities.strict.f1\"\nmax = 0.5\n",
    )
    .unwrap();
    std::fs::write(d.join("base.json"), s.both_docs_worse().to_json().unwrap()).unwrap();
    std::fs::write(d.join("regress.toml"), regression(false)).unwrap();
    let gold = s.mini.path().to_str().unwrap();
    let score = |gate: &str, extra: &[&str]| {
        let mut args = vec![
            "score",
            "--gold",
            gold,
            "--extractor",
            "gold",
            "--format",
            "json",
            "--resamples",
            "200",
            "--gate",
            gate,
        ];
        args.extend(extra);
        hudna(&args, d)
    };
    let (code, out, err) = score("pass.toml", &[]);
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).expect("stdout is the report alone");
    assert_eq!(r["extractor"], "gold");
    assert!(
        err.contains("hudna gate: PASSED: all 3 checks passed"),
        "{err}"
    );
    assert!(err.contains("this run (hudna score)"), "{err}");

    let (code, out, err) = score("fail.toml", &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&out).is_ok(),
        "the report is still written"
    );
    assert!(err.contains("failed: 1.000 > max 0.500"), "{err}");

    // Regression against a worse baseline given on the command line.
    let (code, _, err) = score("regress.toml", &["--baseline-report", "base.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("base.json (extractor both-docs-worse)"),
        "{err}"
    );

    // A bad gates file fails before anything is scored.
    std::fs::write(
        d.join("bad.toml"),
        "[[threshold]]\nmetric = \"entities.strict.f1\"\nmin = 7\n",
    )
    .unwrap();
    let (code, out, err) = score("bad.toml", &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("bad.toml:3:7: threshold #1.min: error: 7 is outside [0, 1]"),
        "{err}"
    );
}
