//! Schema validation of single lines with the embedded, committed schemas.

use std::path::Path;
use std::sync::OnceLock;

use jsonschema::Validator;
use jsonschema::error::ValidationErrorKind;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::profile::Profile;
use crate::record::{KbEntry, Record};
use crate::schema::{Flavour, committed};

/// Fields that must fit in a `u64`.
const INTEGER_FIELDS: &[&str] = &[
    "/start",
    "/end",
    "/trigger/start",
    "/trigger/end",
    "/count/value",
    "/count/low",
    "/count/high",
];

/// At most this many schema errors are listed for one line.
const MAX_PER_LINE: usize = 20;

fn compile(name: &str) -> Validator {
    let text = committed(name).expect("schema is embedded");
    let value: Value =
        serde_json::from_str(text).expect("committed schemas are valid JSON (tested)");
    jsonschema::draft202012::new(&value).expect("committed schemas compile (tested)")
}

fn validator(name: &'static str) -> &'static Validator {
    static GOLD: OnceLock<Validator> = OnceLock::new();
    static PRED: OnceLock<Validator> = OnceLock::new();
    static GOLD_CORE: OnceLock<Validator> = OnceLock::new();
    static PRED_CORE: OnceLock<Validator> = OnceLock::new();
    static KB: OnceLock<Validator> = OnceLock::new();
    let cell = match name {
        "gold.schema.json" => &GOLD,
        "prediction.schema.json" => &PRED,
        "gold-core.schema.json" => &GOLD_CORE,
        "prediction-core.schema.json" => &PRED_CORE,
        _ => &KB,
    };
    cell.get_or_init(|| compile(name))
}

/// Validates one record line against the gold or prediction schema (strict
/// profile) and, if it passes, deserializes it.
pub fn check_record_line(
    flavour: Flavour,
    path: &Path,
    line: usize,
    value: &Value,
) -> Result<Record, Vec<Diagnostic>> {
    check_record_line_in(Profile::Strict, flavour, path, line, value)
}

/// As [`check_record_line`], against the schema of `profile`.
pub fn check_record_line_in(
    profile: Profile,
    flavour: Flavour,
    path: &Path,
    line: usize,
    value: &Value,
) -> Result<Record, Vec<Diagnostic>> {
    let name = match (profile, flavour) {
        (Profile::Strict, Flavour::Gold) => "gold.schema.json",
        (Profile::Strict, Flavour::Prediction) => "prediction.schema.json",
        (Profile::Core, Flavour::Gold) => "gold-core.schema.json",
        (Profile::Core, Flavour::Prediction) => "prediction-core.schema.json",
    };
    check(validator(name), path, line, value)
}

/// Validates one KB line and deserializes it.
pub fn check_kb_line(path: &Path, line: usize, value: &Value) -> Result<KbEntry, Vec<Diagnostic>> {
    check(validator("kb.schema.json"), path, line, value)
}

fn check<T: DeserializeOwned>(
    v: &Validator,
    path: &Path,
    line: usize,
    value: &Value,
) -> Result<T, Vec<Diagnostic>> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut total = 0;
    for err in v.iter_errors(value) {
        total += 1;
        if out.len() == MAX_PER_LINE {
            continue;
        }
        let base = err.instance_path().as_str().to_owned();
        let (pointer, message) = match err.kind() {
            ValidationErrorKind::Required { property } => {
                let p = property.as_str().unwrap_or_default();
                (
                    format!("{base}/{p}"),
                    format!("missing required field `{p}`"),
                )
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let p = unexpected.first().cloned().unwrap_or_default();
                (
                    format!("{base}/{p}"),
                    format!("unknown field `{}`", unexpected.join("`, `")),
                )
            }
            // The only `not` in the schemas reserves `both` (rule C7); say so
            // rather than echo the schema fragment.
            ValidationErrorKind::Not { .. }
                if err.instance().as_str() == Some(crate::record::BOTH_SIDES) =>
            {
                (
                    base,
                    format!(
                        "`{}` is reserved for casualty figures covering both sides (victims.side, rule C7) and cannot be a ref",
                        crate::record::BOTH_SIDES
                    ),
                )
            }
            _ => (base, err.to_string()),
        };
        out.push(Diagnostic::error(
            path,
            Some(line),
            pointer,
            "schema",
            message,
        ));
    }
    if total > MAX_PER_LINE {
        out.push(Diagnostic::error(
            path,
            Some(line),
            "",
            "schema",
            format!("{} more schema errors on this line", total - MAX_PER_LINE),
        ));
    }
    if !out.is_empty() {
        out.sort();
        out.dedup();
        return Err(out);
    }
    // The schema passed; what is left are values JSON Schema calls integers
    // but Rust cannot hold (1.0, 1e30). Name the field, not just the record.
    let wide: Vec<Diagnostic> = INTEGER_FIELDS
        .iter()
        .filter_map(|p| value.pointer(p).map(|v| (p, v)))
        .filter(|(_, v)| v.is_number() && !v.is_u64())
        .map(|(p, v)| {
            Diagnostic::error(
                path,
                Some(line),
                *p,
                "type",
                format!("{v} is not a whole number from 0 to 2^64-1"),
            )
            .with_hint("offsets and counts are written as plain integers: 52, not 52.0")
        })
        .collect();
    if !wide.is_empty() {
        return Err(wide);
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = pointer_of(e.path());
        vec![Diagnostic::error(
            path,
            Some(line),
            pointer,
            "type",
            e.inner().to_string(),
        )]
    })
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut s = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => s.push_str(&format!("/{index}")),
            Segment::Map { key } => s.push_str(&format!("/{key}")),
            Segment::Enum { variant } => s.push_str(&format!("/{variant}")),
            Segment::Unknown => s.push_str("/?"),
        }
    }
    s
}
