//! The JSON Schema of the score report (`schemas/report.schema.json`).
//!
//! Generated here, beside the types, and committed; the contract test keeps
//! the two equal and validates real reports against it, so tools reading
//! reports (dashboards, `hudna gate` in another repository) can rely on it.

use serde_json::{Value, json};

use super::REPORT_VERSION;
use crate::score::Layer;

fn counts() -> Value {
    let n = |d: &str| json!({"type": "integer", "minimum": 0, "description": d});
    json!({
        "type": "object",
        "description": "SemEval-2013 outcome counts; schemes without partial credit use correct/missed/spurious only.",
        "additionalProperties": false,
        "required": ["correct", "incorrect", "partial", "missed", "spurious"],
        "properties": {
            "correct": n("Predictions matching a gold item under the scheme."),
            "incorrect": n("Predictions paired with a gold item the scheme rejects."),
            "partial": n("Predictions paired by overlap only (partial scheme)."),
            "missed": n("Gold items paired with no prediction."),
            "spurious": n("Predictions paired with no gold item.")
        }
    })
}

/// A ratio that is `null` when its denominator is 0.
fn maybe_ratio(d: &str) -> Value {
    json!({"type": ["number", "null"], "minimum": 0, "maximum": 1, "description": d})
}

fn interval() -> Value {
    json!({
        "oneOf": [{
            "type": "array", "items": {"type": "number", "minimum": 0, "maximum": 1},
            "minItems": 2, "maxItems": 2
        }, {"type": "null"}],
        "description": "[low, high], or null when no resample defines the metric."
    })
}

fn layer() -> Value {
    let names: Vec<&str> = Layer::ALL.iter().map(|l| l.as_str()).collect();
    json!({"enum": names, "description": "The scored layer."})
}

fn value_stats() -> Value {
    let n = |d: &str| json!({"type": "integer", "minimum": 0, "description": d});
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["matched", "exact", "with_values", "abs_error_sum"],
        "properties": {
            "matched": n("Matched casualty claims."),
            "exact": n("Matched claims whose number equals the gold's."),
            "with_values": n("Matched claims where both sides state a number."),
            "abs_error_sum": n("Sum of absolute differences over those.")
        }
    })
}

fn metrics() -> Value {
    json!({
        "type": "array",
        "description": "Corpus-level rows: one per layer × scheme × label (`micro`, `macro` or a type).",
        "items": {
            "type": "object", "additionalProperties": false,
            "required": ["layer", "scheme", "label", "counts", "possible", "actual", "precision", "recall", "f1", "ci"],
            "properties": {
                "layer": layer(),
                "scheme": {"type": "string"},
                "label": {"type": "string"},
                "counts": {"oneOf": [counts(), {"type": "null"}]},
                "possible": {"type": ["integer", "null"], "minimum": 0},
                "actual": {"type": ["integer", "null"], "minimum": 0},
                "precision": maybe_ratio("Precision; null (undefined) when nothing was predicted (`actual` 0; for macro rows: no label has a prediction)."),
                "recall": maybe_ratio("Recall; null (undefined) when there is no gold item (`possible` 0; for macro rows: no label has one)."),
                "f1": maybe_ratio("F1 = 2·credit / (actual + possible); null (undefined) only when both are 0, and 0 when only one is."),
                "ci": {
                    "oneOf": [{"type": "null"}, {
                        "type": "object", "additionalProperties": false, "required": ["precision", "recall", "f1"],
                        "description": "95% percentile bootstrap intervals over documents (null: 0 resamples, or no resample defines any metric).",
                        "properties": {"precision": interval(), "recall": interval(), "f1": interval()}
                    }]
                }
            }
        }
    })
}

fn documents() -> Value {
    json!({
        "type": "array",
        "items": {
            "type": "object", "additionalProperties": false, "required": ["doc", "counts", "values"],
            "properties": {
                "doc": {"type": "string"},
                "counts": {
                    "type": "array",
                    "items": {
                        "type": "object", "additionalProperties": false,
                        "required": ["layer", "scheme", "label", "counts"],
                        "properties": {"layer": layer(), "scheme": {"type": "string"}, "label": {"type": "string"}, "counts": counts()}
                    }
                },
                "values": value_stats()
            }
        }
    })
}

fn options() -> Value {
    json!({
        "type": "object", "additionalProperties": false,
        "required": ["matching", "boundary", "fold_teh_marbuta", "claim_victims", "claim_source", "resamples", "seed"],
        "properties": {
            "matching": {"enum": ["optimal", "greedy"]},
            "boundary": {"enum": ["exact", "token"]},
            "fold_teh_marbuta": {"type": "boolean"},
            "claim_victims": {"type": "boolean"},
            "claim_source": {"type": "boolean"},
            "min_overlap": {"type": "number", "minimum": 1, "maximum": 100},
            "event_counting": {"enum": ["one_to_one", "sets"]},
            "per_label": {"enum": ["gold", "filtered"], "description": "How entity counts are filed per label: under the gold label (absent: the default) or each label scored alone (conlleval, seqeval)."},
            "iob": {"enum": ["conlleval", "strict"], "description": "How CoNLL tags were chunked (CoNLL runs only)."},
            "resamples": {"type": "integer", "minimum": 0},
            "seed": {"type": "integer", "minimum": 0}
        }
    })
}

/// The report schema.
pub fn report_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:hudna:schema:report",
        "title": "hudna score report",
        "description": "What `hudna score --format json` writes: self-describing (harness, dataset fingerprint, options, extractor) and complete (every document's counts), so gates and comparisons can be recomputed from the file alone.",
        "type": "object",
        "additionalProperties": false,
        "required": ["report", "report_version", "harness", "dataset", "extractor", "options", "layers", "undefined", "coverage", "metrics", "casualty_values", "documents"],
        "properties": {
            "report": {"const": "hudna-score-report"},
            "report_version": {"const": REPORT_VERSION, "description": "Bumped on any breaking change."},
            "harness": {
                "type": "object", "additionalProperties": false, "required": ["name", "version"],
                "properties": {"name": {"const": "hudna"}, "version": {"type": "string"}}
            },
            "dataset": {
                "type": "object", "additionalProperties": false, "required": ["version", "fingerprint", "documents"],
                "properties": {
                    "version": {"type": ["string", "null"], "description": "The dataset card's version."},
                    "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "sha256 over documents, texts, records and KB."},
                    "documents": {"type": "integer", "minimum": 0}
                }
            },
            "extractor": {"type": "string", "description": "The extractor's name."},
            "options": options(),
            "layers": {
                "type": "array", "items": layer(), "uniqueItems": true,
                "description": "The layers scored, in report order; a layer not listed was not scored (`--layers`) and has no rows."
            },
            "undefined": {
                "type": "object", "additionalProperties": {"type": "string"},
                "description": "Why a metric is null when it is: its ratio's denominator is 0 (the same legend in every report)."
            },
            "coverage": {
                "type": "object", "additionalProperties": false,
                "required": ["documents", "without_predictions", "rejected_records", "without_offsets"],
                "properties": {
                    "documents": {"type": "integer", "minimum": 0},
                    "without_predictions": {"type": "array", "items": {"type": "string"}, "description": "Documents scored as all-missed."},
                    "rejected_records": {"type": "integer", "minimum": 0, "description": "Invalid records scored as spurious (--lenient)."},
                    "approximated_clusters": {"type": "integer", "minimum": 1, "description": "Clusters of mutually overlapping items too large to pair exactly (over 1,024 on a side), paired greedily; absent when none."},
                    "without_offsets": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
                }
            },
            "metrics": metrics(),
            "casualty_values": {
                "type": "object", "additionalProperties": false,
                "required": ["counts", "exact_accuracy", "mean_abs_error"],
                "properties": {
                    "counts": value_stats(),
                    "exact_accuracy": maybe_ratio("Matched claims with the exact gold number; null when no claim matched."),
                    "mean_abs_error": {"type": ["number", "null"], "minimum": 0, "description": "Null when no matched claim states a number on both sides."}
                }
            },
            "documents": documents(),
            "breakdowns": {
                "type": "array",
                "description": "Counts bucketed by zone, mention length in tokens, attached proclitic and how figures are written (`--breakdowns`, `--html`); each dimension's buckets sum to the scheme's micro counts.",
                "items": {
                    "type": "object", "additionalProperties": false,
                    "required": ["layer", "scheme", "dimension", "bucket", "counts"],
                    "properties": {
                        "layer": layer(), "scheme": {"type": "string"},
                        "dimension": {"enum": ["zone", "tokens", "proclitic", "figure"]},
                        "bucket": {"type": "string"}, "counts": counts()
                    }
                }
            },
            "shard": {
                "type": "object", "additionalProperties": false,
                "required": ["index", "count"],
                "description": "Present when the report covers one shard of the documents (`hudna score --shard I/N`); `hudna merge` combines the shards.",
                "properties": {
                    "index": {"type": "integer", "minimum": 1},
                    "count": {"type": "integer", "minimum": 1}
                }
            }
        }
    })
}
