//! `hudna._hudna`: the native half of the `hudna` Python package.
//!
//! Deliberately thin: it turns Python arguments into the library's types,
//! runs the library with the GIL released, and hands results back as the
//! library's own JSON (the report's versioned JSON, serialized diagnostics
//! and records), which the Python half (`hudna/__init__.py`) turns into
//! friendly objects. Every number is therefore computed by the same code
//! as `hudna score`, and the JSON a Python user sees is the JSON the CLI
//! writes.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::conversion::FromPyObjectOwned;
use pyo3::create_exception;
use pyo3::exceptions::{
    PyException, PyFileNotFoundError, PyOSError, PyOverflowError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use hudna::corpus::Gold;
use hudna::diagnostic::Report as Diagnostics;
use hudna::error::Error;
use hudna::extract::{ArticleInput, Extractor, records_of_answer};
use hudna::profile::Profile;
use hudna::record::Record;
use hudna::report::ScoreReport;
use hudna::run::{Outcome, Refusal, Settings, Spec};
use hudna::score::{Boundary, EventCounting, Matching, Options};
use hudna::validate::Input;

create_exception!(
    _hudna,
    HudnaError,
    PyException,
    "Base class of the errors hudna raises."
);
create_exception!(
    _hudna,
    ValidationError,
    HudnaError,
    "The gold or the predictions break the contract; `.diagnostics` lists every problem (file, line, field)."
);
create_exception!(
    _hudna,
    ExtractorError,
    HudnaError,
    "An extractor failed on a document: it raised, or returned something that is not records."
);

/// The gold named by `gold` (a directory), or the bundled one, with the
/// profile it is checked under: as `hudna score` picks it without
/// `--profile`, strict for the bundled gold and for a directory with
/// `kb.jsonl` or a dataset card, core for any other corpus.
fn gold_of(gold: Option<PathBuf>) -> PyResult<(Gold, Profile)> {
    match gold {
        None => Ok((Gold::Bundled, Profile::Strict)),
        Some(d) if d.is_dir() => {
            let profile = Profile::detect(&d).0;
            Ok((Gold::Dir(d), profile))
        }
        Some(d) => Err(PyFileNotFoundError::new_err(format!(
            "gold={}: not a directory; gold names a corpus directory (<doc>.txt, <doc>.jsonl, kb.jsonl); leave it out to use the gold bundled with hudna",
            d.display()
        ))),
    }
}

/// A library error as the Python exception a user would expect.
fn py_err(e: Error) -> PyErr {
    let message = e.to_string();
    match e {
        Error::Io { err, .. } if err.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(message)
        }
        Error::Io { .. } | Error::Table(_) => PyOSError::new_err(message),
        Error::Extractor { .. } => ExtractorError::new_err(message),
        Error::Saved { .. } | Error::NoArticles { .. } => ValidationError::new_err(message),
        Error::Limit(_) | Error::Settings(_) | Error::Unsupported(_) => {
            PyValueError::new_err(message)
        }
    }
}

/// A [`ValidationError`] carrying the diagnostics (as JSON, which the
/// Python half decodes into `.diagnostics`).
fn validation_error(py: Python<'_>, headline: String, problems: &Diagnostics) -> PyErr {
    const SHOWN: usize = 20;
    let mut text = headline;
    for d in problems.diagnostics.iter().take(SHOWN) {
        text.push('\n');
        text.push_str(&d.to_string());
    }
    if problems.diagnostics.len() > SHOWN {
        text.push_str(&format!(
            "\n… and {} more (see .diagnostics)",
            problems.diagnostics.len() - SHOWN
        ));
    }
    let err = ValidationError::new_err(text);
    let json = serde_json::to_string(&problems.diagnostics).unwrap_or_else(|_| "[]".into());
    // Best effort: the message already holds the first problems.
    let _ = err.value(py).setattr("_diagnostics_json", json);
    err
}

/// Reads a keyword of the options dict, typed; absent is `None`.
fn opt<'py, T: FromPyObjectOwned<'py>>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<Option<T>> {
    match d.get_item(key)? {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => v.extract::<T>().map(Some).map_err(|e| {
            let e: PyErr = e.into();
            // A number of the right type but out of range (a negative
            // count) is a bad value, not a bad type.
            if e.is_instance_of::<PyOverflowError>(d.py()) {
                PyValueError::new_err(format!("{key}={v}: out of range ({e})"))
            } else {
                PyTypeError::new_err(format!("{key}: {e}"))
            }
        }),
    }
}

/// The options every scoring call takes, read strictly: an unknown
/// keyword is an error, so a misspelt option never silently does nothing.
struct Call {
    options: Options,
    lenient: bool,
    save: Option<PathBuf>,
    resume: Option<PathBuf>,
    name: Option<String>,
}

const KEYS: &[&str] = &[
    "matching",
    "boundary",
    "keep_teh_marbuta",
    "claim_victims",
    "claim_source",
    "min_overlap",
    "event_dedup",
    "resamples",
    "seed",
    "lenient",
    "save_predictions",
    "resume",
    "name",
];

fn call_of(d: &Bound<'_, PyDict>) -> PyResult<Call> {
    for k in d.keys() {
        let k: String = k.extract()?;
        if !KEYS.contains(&k.as_str()) {
            return Err(PyTypeError::new_err(format!(
                "unknown option `{k}`; hudna.score takes {}",
                KEYS.join(", ")
            )));
        }
    }
    let defaults = Options::default();
    let matching = match opt::<String>(d, "matching")?.as_deref() {
        None | Some("optimal") => Matching::Optimal,
        Some("greedy") => Matching::Greedy,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "matching={other:?}: use \"optimal\" or \"greedy\""
            )));
        }
    };
    let boundary = match opt::<String>(d, "boundary")?.as_deref() {
        None | Some("exact") => Boundary::Exact,
        Some("token") => Boundary::Token,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "boundary={other:?}: use \"exact\" or \"token\""
            )));
        }
    };
    let min_overlap = opt::<f64>(d, "min_overlap")?;
    if let Some(m) = min_overlap
        && !(1.0..=100.0).contains(&m)
    {
        return Err(PyValueError::new_err(format!(
            "min_overlap={m}: a percentage from 1 to 100 (nervaluate's min_overlap_percentage)"
        )));
    }
    let resamples = opt::<usize>(d, "resamples")?.unwrap_or(defaults.resamples);
    hudna::limits::check_resamples(resamples).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let flag = |k: &str| -> PyResult<bool> { Ok(opt::<bool>(d, k)?.unwrap_or(false)) };
    Ok(Call {
        options: Options {
            matching,
            boundary,
            fold_teh_marbuta: !flag("keep_teh_marbuta")?,
            claim_victims: flag("claim_victims")?,
            claim_source: flag("claim_source")?,
            min_overlap,
            event_counting: if flag("event_dedup")? {
                EventCounting::Sets
            } else {
                EventCounting::OneToOne
            },
            resamples,
            seed: opt::<u64>(d, "seed")?.unwrap_or(defaults.seed),
            ..defaults
        },
        lenient: flag("lenient")?,
        save: opt::<PathBuf>(d, "save_predictions")?,
        resume: opt::<PathBuf>(d, "resume")?,
        name: opt::<String>(d, "name")?,
    })
}

/// A Python object as an extractor. It is the Python half's adapter around
/// the user's class: `_extract_json(doc, text)` returns the records as a
/// JSON array (numpy scalars and NaN already dealt with in Python).
struct PyExtractor {
    obj: Py<PyAny>,
    name: String,
    /// The gold's profile, which its records are checked under.
    profile: Profile,
    /// The exception it raised, kept to become the `__cause__` of the
    /// `ExtractorError` (or to be re-raised as it is, for a
    /// KeyboardInterrupt).
    raised: Option<PyErr>,
}

impl Extractor for PyExtractor {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn extract(&mut self, article: &ArticleInput<'_>) -> Result<Vec<Record>, Error> {
        let fail = |message: String| Error::Extractor {
            name: self.name.clone(),
            doc: article.doc.to_owned(),
            message,
            stderr: String::new(),
        };
        let answer = Python::attach(|py| {
            self.obj
                .bind(py)
                .call_method1("_extract_json", (article.doc, article.text))
                .and_then(|v| v.extract::<String>())
                .map_err(|e| {
                    let shown = format!("{}", e.value(py));
                    let kind = e
                        .get_type(py)
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_else(|_| "exception".into());
                    (format!("it raised {kind}: {shown}"), e)
                })
        });
        let json = match answer {
            Ok(j) => j,
            Err((message, e)) => {
                self.raised = Some(e);
                return Err(fail(message));
            }
        };
        let value: serde_json::Value = serde_json::from_str(&json)
            .map_err(|e| fail(format!("its records are not JSON ({e})")))?;
        let Some(items) = value.as_array() else {
            return Err(fail("it must return a list of records (dicts)".into()));
        };
        records_of_answer(&self.name, article.doc, items, self.profile).map_err(fail)
    }
}

/// A score report, as the library made it.
#[pyclass(module = "hudna._hudna", name = "NativeReport", frozen)]
struct NativeReport {
    report: ScoreReport,
    /// Problems in the predictions that `lenient` scored as spurious.
    warnings: String,
}

#[pymethods]
impl NativeReport {
    /// The versioned JSON report, byte for byte what `hudna score --format
    /// json` writes.
    fn to_json(&self) -> PyResult<String> {
        self.report
            .to_json()
            .map_err(|e| HudnaError::new_err(e.to_string()))
    }

    /// The text tables of `hudna score`.
    fn to_text(&self) -> PyResult<String> {
        hudna::report::to_text(&self.report).map_err(|e| HudnaError::new_err(e.to_string()))
    }

    /// The Markdown of `hudna score --format markdown`.
    fn to_markdown(&self) -> PyResult<String> {
        hudna::report::to_markdown(&self.report).map_err(|e| HudnaError::new_err(e.to_string()))
    }

    /// The tidy CSV of `hudna score --format csv`.
    fn to_csv(&self) -> PyResult<String> {
        hudna::report::to_csv(&self.report).map_err(|e| HudnaError::new_err(e.to_string()))
    }

    /// The tidy rows (the CSV's), as a JSON array of objects.
    fn tidy_json(&self) -> PyResult<String> {
        let rows = hudna::report::tidy_rows(&self.report)
            .map_err(|e| HudnaError::new_err(e.to_string()))?;
        serde_json::to_string(&rows).map_err(|e| HudnaError::new_err(e.to_string()))
    }

    /// The diagnostics of records scored as spurious under `lenient`.
    fn warnings_json(&self) -> String {
        self.warnings.clone()
    }

    /// Reads a JSON report (checked as `hudna gate` checks one).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<NativeReport> {
        let named = hudna::compare::NamedReport::parse("<report>", text)
            .map_err(|e| ValidationError::new_err(e.to_string()))?;
        Ok(NativeReport {
            report: named.report,
            warnings: "[]".into(),
        })
    }
}

/// What a run returned, as a report or the exception that says why not.
fn finish(py: Python<'_>, outcome: Outcome, name: Option<String>) -> PyResult<NativeReport> {
    match outcome.refused {
        Some(Refusal::Gold) => {
            return Err(validation_error(
                py,
                format!(
                    "the gold has {} error(s); nothing was scored",
                    outcome.gold_problems.errors()
                ),
                &outcome.gold_problems,
            ));
        }
        Some(Refusal::Predictions | Refusal::Extracted) => {
            return Err(validation_error(
                py,
                format!(
                    "{} error(s) in the predictions; nothing was scored (lenient=True scores invalid records as spurious)",
                    outcome.prediction_problems.errors()
                ),
                &outcome.prediction_problems,
            ));
        }
        None => {}
    }
    let Some(mut report) = outcome.report else {
        return Err(HudnaError::new_err("no report was made"));
    };
    if let Some(n) = name {
        report.extractor = n;
    }
    Ok(NativeReport {
        report,
        warnings: serde_json::to_string(&outcome.prediction_problems.diagnostics)
            .unwrap_or_else(|_| "[]".into()),
    })
}

fn settings(call: &Call, profile: Profile) -> Settings {
    Settings {
        options: call.options.clone(),
        lenient: call.lenient,
        save: call.save.clone(),
        resume: call.resume.clone(),
        profile,
        ..Settings::default()
    }
}

/// Scores prediction files or directories (`paths`) or JSONL in memory
/// (`data`, named `label` in messages).
#[pyfunction]
#[pyo3(signature = (paths, data, label, gold, options))]
fn score_predictions(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    data: Option<Vec<u8>>,
    label: String,
    gold: Option<PathBuf>,
    options: &Bound<'_, PyDict>,
) -> PyResult<NativeReport> {
    let call = call_of(options)?;
    if call.save.is_some() || call.resume.is_some() {
        return Err(PyValueError::new_err(
            "save_predictions and resume are for extractors (objects with an extract method); predictions given as data are already saved",
        ));
    }
    let (gold, profile) = gold_of(gold)?;
    let mut inputs: Vec<Input> = paths.into_iter().map(Input::Path).collect();
    for i in &inputs {
        if let Input::Path(p) = i
            && !p.exists()
        {
            return Err(PyFileNotFoundError::new_err(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
    }
    if let Some(bytes) = data {
        inputs.push(Input::Bytes {
            name: PathBuf::from(label),
            bytes: Arc::from(bytes),
        });
    }
    let spec = Spec::Files(inputs);
    let settings = settings(&call, profile);
    let outcome = py
        .detach(|| hudna::run::score(&gold, &spec, &settings))
        .map_err(py_err)?;
    finish(py, outcome, call.name)
}

/// Scores an extractor object: `adapter._extract_json(doc, text)` is called
/// for each document, in id order.
#[pyfunction]
#[pyo3(signature = (adapter, name, gold, options))]
fn score_extractor(
    py: Python<'_>,
    adapter: Py<PyAny>,
    name: String,
    gold: Option<PathBuf>,
    options: &Bound<'_, PyDict>,
) -> PyResult<NativeReport> {
    let call = call_of(options)?;
    let (gold, profile) = gold_of(gold)?;
    let settings = settings(&call, profile);
    let mut ex = PyExtractor {
        obj: adapter,
        name,
        profile,
        raised: None,
    };
    let result = py.detach(|| hudna::run::score_with(&gold, &mut ex, &settings));
    match result {
        Ok(outcome) => finish(py, outcome, None),
        Err(e) => {
            let err = py_err(e);
            match ex.raised.take() {
                // Ctrl-C and exits are not the extractor's failure: they go
                // on as they are.
                Some(original) if !original.is_instance_of::<PyException>(py) => Err(original),
                Some(original) => {
                    err.set_cause(py, Some(original));
                    Err(err)
                }
                None => Err(err),
            }
        }
    }
}

/// The problems in a gold corpus (`{"text": …, "diagnostics": […]}`).
#[pyfunction]
#[pyo3(signature = (gold))]
fn validate_gold(py: Python<'_>, gold: Option<PathBuf>) -> PyResult<String> {
    let (gold, profile) = gold_of(gold)?;
    let report = py
        .detach(|| hudna::validate::check_corpus_as(&gold, profile))
        .map_err(py_err)?;
    Ok(diagnostics_json(&report))
}

/// The problems in predictions checked against a gold corpus.
#[pyfunction]
#[pyo3(signature = (paths, data, label, gold))]
fn validate_predictions(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    data: Option<Vec<u8>>,
    label: String,
    gold: Option<PathBuf>,
) -> PyResult<String> {
    let (gold, profile) = gold_of(gold)?;
    let (corpus, problems) = py
        .detach(|| hudna::validate::load_corpus_as(&gold, profile))
        .map_err(py_err)?;
    if problems.errors() > 0 {
        return Err(validation_error(
            py,
            format!(
                "{}: the gold has {} error(s); validate it first",
                gold.root().display(),
                problems.errors()
            ),
            &problems,
        ));
    }
    let mut inputs: Vec<Input> = paths.into_iter().map(Input::Path).collect();
    if let Some(bytes) = data {
        inputs.push(Input::Bytes {
            name: PathBuf::from(label),
            bytes: Arc::from(bytes),
        });
    }
    let (_, report) = py
        .detach(|| hudna::validate::load_predictions(&inputs, &corpus))
        .map_err(py_err)?;
    Ok(diagnostics_json(&report))
}

fn diagnostics_json(report: &Diagnostics) -> String {
    serde_json::json!({
        "text": report.render_text(),
        "diagnostics": report.diagnostics,
    })
    .to_string()
}

/// The gold corpus as JSON: its identity, every document with its text and
/// records, and the KB.
#[pyfunction]
#[pyo3(signature = (gold))]
fn load_gold(py: Python<'_>, gold: Option<PathBuf>) -> PyResult<String> {
    let (gold, profile) = gold_of(gold)?;
    let (corpus, problems) = py
        .detach(|| hudna::validate::load_corpus_as(&gold, profile))
        .map_err(py_err)?;
    if problems.errors() > 0 {
        return Err(validation_error(
            py,
            format!(
                "{}: the gold has {} error(s)",
                gold.root().display(),
                problems.errors()
            ),
            &problems,
        ));
    }
    let documents: Vec<serde_json::Value> = corpus
        .docs
        .values()
        .map(|d| {
            let records: Vec<&Record> = d.records.iter().map(|l| &l.record).collect();
            serde_json::json!({
                "id": d.id,
                "text": d.article.text(),
                "sha256": d.article.sha256(),
                "records": records,
            })
        })
        .collect();
    let kb: Vec<_> = corpus.kb.values().collect();
    Ok(serde_json::json!({
        "root": corpus.root.display().to_string(),
        "version": corpus.version,
        "fingerprint": hudna::report::fingerprint(&corpus),
        "documents": documents,
        "kb": kb,
    })
    .to_string())
}

/// The native module.
#[pymodule]
fn _hudna(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("HudnaError", py.get_type::<HudnaError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("ExtractorError", py.get_type::<ExtractorError>())?;
    m.add_class::<NativeReport>()?;
    m.add_function(wrap_pyfunction!(score_predictions, m)?)?;
    m.add_function(wrap_pyfunction!(score_extractor, m)?)?;
    m.add_function(wrap_pyfunction!(validate_gold, m)?)?;
    m.add_function(wrap_pyfunction!(validate_predictions, m)?)?;
    m.add_function(wrap_pyfunction!(load_gold, m)?)?;
    Ok(())
}
