//! Gate outcomes for people (a table, Markdown) and for CI test reporters
//! (JUnit XML).

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::{Applied, GateError, GateOutcome, RuleResult};

use crate::report::aligned_table as table;

fn signed(x: f64) -> String {
    let r = (x * 1000.0).round() / 1000.0;
    if r == 0.0 {
        "+0.000".into()
    } else {
        format!("{r:+.3}")
    }
}

fn headline(o: &GateOutcome) -> String {
    let n = o.results.len();
    match o.failures() {
        0 => format!("PASSED: all {n} checks passed"),
        f => format!("FAILED: {f} of {n} checks failed"),
    }
}

fn context(o: &GateOutcome) -> Vec<String> {
    let mut v = vec![
        format!("config   {}", o.config.display()),
        format!(
            "report   {} (extractor {})",
            o.report.report, o.report.extractor
        ),
    ];
    if let Some(b) = &o.baseline {
        v.push(format!("baseline {} (extractor {})", b.report, b.extractor));
        v.push(if o.strict {
            "regressions: strict = true · a drop beyond max_drop fails whatever the confidence interval".to_string()
        } else {
            format!(
                "regressions: strict = false · a drop beyond max_drop fails only outside the 95% CI: when the paired bootstrap interval of current − baseline ({} resamples over documents, seed {}) lies below 0",
                o.resamples, o.seed
            )
        });
    }
    v
}

/// Whether a result needs its sentence printed under the table: failures,
/// and passes that rest on the confidence interval.
fn noteworthy(r: &RuleResult) -> bool {
    !r.passed || r.applied == Applied::WithinCi
}

fn location(o: &GateOutcome, r: &RuleResult) -> String {
    format!("{}:{}:{}", o.config.display(), r.at.line, r.at.column)
}

/// The table every run prints: one row per rule and metric, then the
/// reasoning behind each failure and each pass that rests on the interval.
pub fn to_text(o: &GateOutcome) -> String {
    let mut s = format!("hudna gate: {}\n", headline(o));
    for l in context(o) {
        s.push_str(&l);
        s.push('\n');
    }
    let mut rows = vec![
        [
            "rule",
            "metric",
            "value",
            "bound",
            "margin",
            "result",
            "rule applied",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for r in &o.results {
        rows.push(vec![
            r.rule.clone(),
            r.metric.to_string(),
            format!("{:.3}", r.value),
            r.bound(),
            signed(r.margin),
            if r.passed { "pass" } else { "FAIL" }.into(),
            r.applied.as_str().into(),
        ]);
    }
    s.push('\n');
    s.push_str(&table(&rows, "llrrrll"));
    let notes: Vec<&RuleResult> = o.results.iter().filter(|r| noteworthy(r)).collect();
    if !notes.is_empty() {
        s.push('\n');
        for r in notes {
            s.push_str(&format!(
                "{} {} ({}): {}\n",
                r.rule,
                r.metric,
                location(o, r),
                r.detail
            ));
        }
    }
    s
}

/// A summary for a pull-request comment.
pub fn to_markdown(o: &GateOutcome) -> String {
    let mark = if o.passed() { "✅" } else { "❌" };
    let mut s = format!("### {mark} hudna gates: {}\n\n", headline(o));
    for l in context(o) {
        s.push_str(&format!("{}  \n", l.replace('`', "'")));
    }
    s.push_str("\n| | rule | metric | value | bound | margin | rule applied | detail |\n");
    s.push_str("|:-:|:--|:--|--:|--:|--:|:--|:--|\n");
    for r in &o.results {
        s.push_str(&format!(
            "| {} | {} | `{}` | {:.3} | {} | {} | {} | {} |\n",
            if r.passed { "✅" } else { "❌" },
            r.rule,
            r.metric,
            r.value,
            r.bound(),
            signed(r.margin),
            r.applied.as_str(),
            r.detail.replace('|', "\\|"),
        ));
    }
    s
}

/// JUnit XML: one `<testsuite name="hudna gates">` with a `<testcase
/// classname="hudna.gates">` per rule and metric, a `<failure>` on each that
/// failed. GitLab, Jenkins and GitHub test reporters read this shape.
pub fn to_junit(o: &GateOutcome) -> Result<String, GateError> {
    let mut suite = TestSuite::new("hudna gates");
    suite.add_property(Property::new("config", o.config.display().to_string()));
    suite.add_property(Property::new("report", o.report.report.clone()));
    if let Some(b) = &o.baseline {
        suite.add_property(Property::new("baseline", b.report.clone()));
        suite.add_property(Property::new("strict", o.strict.to_string()));
    }
    for r in &o.results {
        let facts = format!(
            "value {:.4}; bound {}; margin {}; rule applied: {}; defined at {}",
            r.value,
            r.bound(),
            signed(r.margin),
            r.applied.as_str(),
            location(o, r)
        );
        let status = if r.passed {
            TestCaseStatus::success()
        } else {
            let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
            st.set_message(r.detail.clone())
                .set_type(r.kind.as_str())
                .set_description(format!("{}\n{facts}", r.detail));
            st
        };
        let mut case = TestCase::new(r.name(), status);
        case.set_classname("hudna.gates");
        if r.passed {
            case.set_system_out(format!("{}\n{facts}", r.detail));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("hudna");
    report.add_test_suite(suite);
    let mut xml = report
        .to_string()
        .map_err(|e| GateError::Junit(e.to_string()))?;
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    Ok(xml)
}
