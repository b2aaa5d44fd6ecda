//! The three lint checks of #16 on a small corpus built for them: each
//! planted problem is found once, its fixed twin is not, and a reviewed
//! exception in the allow-list silences exactly its warning.
//!
//! (a) `cue-no-event`: a rule's cue word with no event of the expected type;
//! (b) `span-conflict` / `trigger-type-conflict`: one surface, two span or
//! type decisions; (c) `speaker-unresolved`: an anaphor or pronoun speaker
//! with `reported_by: null`, and its A1 twin whose `reported_by` points back
//! to an earlier sentence without an `arg-sentence` warning.

mod common;

use common::{Mini, span};
use hudna::lint::{Allow, Outcome, lint};
use hudna::validate::load_corpus;

/// One line per planted case; the comment names the check.
const TEXT: &str = "\
أعلنت وزارة الدفاع أن قواتها دمرت موقعا.
وقالت الوزارة إن المعارك مستمرة.
وأضافت أن الحرب انتهت.
وجرت محادثات برعاية روسية.
ودعا الرئيس إلى وقف القتال.
وحث الوزير على وقف القتال فورا.
وتحدث المسؤول عن هجوم على القرية.
ونفى المسؤول وقوع هجوم آخر.
وبدأ القتال اليوم الأربعاء.
وتوقف القتال اليوم الأربعاء مساء.
وذكر التقرير أن الاشتباكات عنيفة.
ووفقا للبيان فإن المعارك مستمرة.
";

/// An event record line. `trigger` is `(surface, occurrence)`.
fn event(
    id: &str,
    kind: &str,
    trigger: (&str, usize),
    modality: &str,
    reported_by: Option<&str>,
) -> String {
    let (a, b) = span(TEXT, trigger.0, trigger.1);
    let rb = reported_by.map_or("null".to_owned(), |r| format!("\"{r}\""));
    format!(
        r#"{{"kind":"event","doc":"doc-rules","id":"{id}","type":"{kind}","trigger":{{"start":{a},"end":{b},"text":"{}"}},"args":[],"modality":"{modality}","reported_by":{rb}}}"#,
        trigger.0
    )
}

/// A DATE or ORG entity record line.
fn entity(id: &str, kind: &str, surface: (&str, usize), r: Option<&str>) -> String {
    let (a, b) = span(TEXT, surface.0, surface.1);
    let r = r.map_or("null".to_owned(), |r| format!("\"{r}\""));
    format!(
        r#"{{"kind":"entity","doc":"doc-rules","id":"{id}","type":"{kind}","start":{a},"end":{b},"text":"{}","ref":{r}}}"#,
        surface.0
    )
}

/// The corpus: the Mini article plus `doc-rules`, with `fixed` choosing
/// between the planted problems and their corrections.
fn corpus(fixed: bool) -> Mini {
    let m = Mini::new();
    let sha = hudna::article::sha256_hex(TEXT.as_bytes());
    let n = TEXT.chars().count();
    let mut lines = vec![
        format!(
            r#"{{"kind":"document","doc":"doc-rules","sha256":"{sha}","lang":"ar","title":null,"outlet":null,"published":null,"published_basis":"inferred","note":"test"}}"#
        ),
        format!(
            r#"{{"kind":"zone","doc":"doc-rules","id":"z1","type":"body","start":0,"end":{n}}}"#
        ),
        entity("e1", "ORG", ("وزارة الدفاع", 0), Some("mod")),
        entity("e2", "DATE", ("اليوم الأربعاء", 0), None),
        event("v1", "ARMED_CLASH", ("دمرت", 0), "asserted", Some("e1")),
        // (c) «وقالت الوزارة»: an anaphor speaker; fixed by A1.
        event(
            "v2",
            "ARMED_CLASH",
            ("المعارك", 0),
            "asserted",
            fixed.then_some("e1"),
        ),
        // (c) «وأضافت أن»: a pronoun speaker, resolved back to line 1.
        event("v3", "ARMED_CLASH", ("الحرب", 0), "asserted", Some("e1")),
        event("v4", "TALKS_MEDIATION", ("محادثات", 0), "asserted", None),
        // (b) «وقف القتال» whole here …
        event(
            "v6",
            "CEASEFIRE_CALL",
            ("وقف القتال", 0),
            "called_for",
            None,
        ),
        event("v8", "ARMED_CLASH", ("هجوم", 0), "asserted", None),
        event("v10", "ARMED_CLASH", ("القتال", 2), "asserted", None),
        event("v11", "ARMED_CLASH", ("القتال", 3), "asserted", None),
        event(
            "v12",
            "CEASEFIRE_IMPLEMENTED",
            ("توقف", 0),
            "asserted",
            None,
        ),
        // An argument-free event whose reported_by points back with no
        // anaphor or pronoun speaker in its sentence: still `arg-sentence`.
        event(
            "v13",
            "ARMED_CLASH",
            ("الاشتباكات", 0),
            "asserted",
            (!fixed).then_some("e1"),
        ),
        // (c) «ووفقا للبيان»: the «لل» form of an anaphor; fixed by A1.
        event(
            "v15",
            "ARMED_CLASH",
            ("المعارك", 1),
            "asserted",
            fixed.then_some("e1"),
        ),
    ];
    if fixed {
        lines.push(event(
            "v5",
            "TALKS_MEDIATION",
            ("رعاية", 0),
            "asserted",
            None,
        ));
        lines.push(event(
            "v14",
            "CEASEFIRE_IMPLEMENTED",
            ("انتهت", 0),
            "asserted",
            Some("e1"),
        ));
        lines.push(event(
            "v7",
            "CEASEFIRE_CALL",
            ("وقف القتال", 1),
            "called_for",
            None,
        ));
        lines.push(event("v9", "ARMED_CLASH", ("هجوم", 1), "negated", None));
        lines.push(entity("e3", "DATE", ("اليوم الأربعاء", 1), None));
    } else {
        // (b) … and only its head here.
        lines.push(event(
            "v7",
            "CEASEFIRE_CALL",
            ("وقف", 1),
            "called_for",
            None,
        ));
        // (b) one trigger word, two type families.
        lines.push(event("v9", "TERRITORY_TAKEN", ("هجوم", 1), "negated", None));
        // (b) «اليوم الأربعاء» one DATE above, two here.
        lines.push(entity("e3", "DATE", ("اليوم", 1), None));
        lines.push(entity("e4", "DATE", ("الأربعاء", 1), None));
    }
    m.write("doc-rules.txt", TEXT.as_bytes());
    m.write("doc-rules.jsonl", (lines.join("\n") + "\n").as_bytes());
    let mut kb = std::fs::read_to_string(m.path().join("kb.jsonl")).unwrap();
    kb.push_str(
        r#"{"ref":"mod","type":"ORG","name_en":"Ministry of Defence","names_ar":["وزارة الدفاع"]}
"#,
    );
    m.write("kb.jsonl", kb.as_bytes());
    m
}

fn run(m: &Mini, allow: &[Allow]) -> Outcome {
    let (corpus, report) = load_corpus(m.path()).unwrap();
    assert_eq!(report.errors(), 0, "{}", report.render_text());
    lint(&corpus, allow, &m.path().join("lint-allow.jsonl"))
}

fn codes(o: &Outcome) -> Vec<(&'static str, Option<usize>)> {
    o.report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line))
        .collect()
}

#[test]
fn each_planted_problem_is_found() {
    let m = corpus(false);
    let outcome = run(&m, &[]);
    let out = outcome
        .report
        .render_text()
        .replace(&m.path().display().to_string(), "<corpus>");
    insta::assert_snapshot!("lint_rules_planted", out);
    let mut found: Vec<&str> = codes(&outcome).into_iter().map(|(c, _)| c).collect();
    found.sort();
    assert_eq!(
        found,
        [
            "arg-sentence",
            "cue-no-event",
            "cue-no-event",
            "span-conflict",
            "span-conflict",
            "speaker-unresolved",
            "speaker-unresolved",
            "trigger-type-conflict",
        ]
    );
}

#[test]
fn the_fixed_twins_are_clean() {
    let m = corpus(true);
    let outcome = run(&m, &[]);
    assert_eq!(
        outcome.report.warnings(),
        0,
        "{}",
        outcome.report.render_text()
    );
}

#[test]
fn a_reviewed_exception_silences_one_cue() {
    let m = corpus(false);
    let (at, _) = span(TEXT, "رعاية", 0);
    let allow = vec![Allow {
        code: "cue-no-event".into(),
        doc: "doc-rules".into(),
        text: "رعاية".into(),
        start: Some(at),
        reason: "test: a reviewed exception".into(),
    }];
    let outcome = run(&m, &allow);
    assert_eq!(outcome.suppressed, 1);
    let cues = codes(&outcome)
        .into_iter()
        .filter(|(c, _)| *c == "cue-no-event")
        .count();
    assert_eq!(cues, 1, "the war-ended cue is still reported");
}

#[test]
fn boilerplate_cues_are_not_checked() {
    // Rule V21: keyword lines assert nothing. Make the mediation line
    // boilerplate and its cue goes quiet.
    let m = corpus(false);
    let recs = std::fs::read_to_string(m.path().join("doc-rules.jsonl")).unwrap();
    let (a, _) = span(TEXT, "وجرت محادثات", 0);
    let (_, b) = span(TEXT, "برعاية روسية.", 0);
    let n = TEXT.chars().count();
    let zones = format!(
        "{{\"kind\":\"zone\",\"doc\":\"doc-rules\",\"id\":\"z1\",\"type\":\"body\",\"start\":0,\"end\":{}}}\n{{\"kind\":\"zone\",\"doc\":\"doc-rules\",\"id\":\"z2\",\"type\":\"boilerplate\",\"start\":{a},\"end\":{b}}}\n{{\"kind\":\"zone\",\"doc\":\"doc-rules\",\"id\":\"z3\",\"type\":\"body\",\"start\":{},\"end\":{n}}}",
        a - 1,
        b + 1
    );
    let old = format!(
        "{{\"kind\":\"zone\",\"doc\":\"doc-rules\",\"id\":\"z1\",\"type\":\"body\",\"start\":0,\"end\":{n}}}"
    );
    // The talks event inside the new boilerplate goes too (V21).
    let recs: String = recs
        .replace(&old, &zones)
        .lines()
        .filter(|l| !l.contains("\"id\":\"v4\""))
        .map(|l| format!("{l}\n"))
        .collect();
    m.write("doc-rules.jsonl", recs.as_bytes());
    let outcome = run(&m, &[]);
    let cues: Vec<String> = outcome
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == "cue-no-event")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(cues.len(), 1, "{cues:?}");
    assert!(cues[0].contains("انتهت"), "{cues:?}");
}
