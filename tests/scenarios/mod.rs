//! Score reports for the gate and compare tests, made by the library on the
//! two-document corpus of `tests/common`: the gold itself, and the gold with
//! chosen entities given the wrong type (no reference breaks, so the
//! predictions stay valid).
#![allow(dead_code)]

use std::collections::BTreeMap;

use hudna::corpus::Corpus;
use hudna::error::Error;
use hudna::evaluate;
use hudna::extract::{ArticleInput, Extractor, GoldExtractor};
use hudna::record::Record;
use hudna::report::{self, ScoreReport};
use hudna::run;
use hudna::score::{Layer, Options};
use hudna::validate::load_corpus;
use hudna::vocab::EntityType;

use crate::common;

/// A fixed set of predictions.
pub struct Fixed(pub BTreeMap<String, Vec<Record>>);

impl Extractor for Fixed {
    fn name(&self) -> String {
        "fixed".into()
    }

    fn extract(&mut self, a: &ArticleInput<'_>) -> Result<Vec<Record>, Error> {
        Ok(self.0.get(a.doc).cloned().unwrap_or_default())
    }
}

/// The corpus, kept on disk while the reports are made.
pub struct Scenarios {
    pub mini: common::Mini,
    pub corpus: Corpus,
}

impl Scenarios {
    pub fn new() -> Scenarios {
        let mini = common::two_docs();
        let (corpus, problems) = load_corpus(mini.path()).unwrap();
        assert_eq!(problems.errors(), 0, "{}", problems.render_text());
        Scenarios { mini, corpus }
    }

    /// The gold's entity, event and casualty records, as predictions
    /// (what the oracle returns).
    pub fn gold(&self) -> BTreeMap<String, Vec<Record>> {
        let mut oracle = GoldExtractor::new(&self.corpus);
        self.corpus
            .docs
            .values()
            .map(|d| {
                let a = ArticleInput {
                    doc: &d.id,
                    text: d.article.text(),
                };
                (d.id.clone(), oracle.extract(&a).unwrap())
            })
            .collect()
    }

    /// The gold with the entities `(doc, id)` given another type.
    pub fn retyped(&self, which: &[(&str, &str)]) -> BTreeMap<String, Vec<Record>> {
        let mut preds = self.gold();
        for (doc, id) in which {
            let rs = preds.get_mut(*doc).unwrap();
            let mut hit = false;
            for r in rs.iter_mut() {
                if let Record::Entity(e) = r
                    && e.id.as_deref() == Some(*id)
                {
                    let all = EntityType::ALL;
                    let i = all.iter().position(|t| *t == e.entity_type).unwrap();
                    e.entity_type = all[(i + 1) % all.len()].into();
                    hit = true;
                }
            }
            assert!(hit, "no entity {id} in {doc}");
        }
        preds
    }

    /// Scores predictions with `options`.
    pub fn report_with(
        &self,
        name: &str,
        preds: BTreeMap<String, Vec<Record>>,
        opts: &Options,
    ) -> ScoreReport {
        let mut ex = Fixed(preds);
        let mut collected = evaluate::collect(&self.corpus, &mut ex).unwrap();
        assert_eq!(
            collected.problems.errors(),
            0,
            "{}",
            collected.problems.render_text()
        );
        collected.extractor = name.into();
        let per_doc = evaluate::score(&self.corpus, &collected, opts);
        report::build(&self.corpus, &collected, &per_doc, opts).unwrap()
    }

    /// Scores predictions on `layers` only, through the streaming driver
    /// (what `hudna score --layers` runs), with the options of [`options`].
    pub fn report_layers(
        &self,
        name: &str,
        preds: BTreeMap<String, Vec<Record>>,
        layers: &[Layer],
    ) -> ScoreReport {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("preds.jsonl");
        let mut lines = String::new();
        for r in preds.values().flatten() {
            lines.push_str(&serde_json::to_string(r).unwrap());
            lines.push('\n');
        }
        std::fs::write(&file, lines).unwrap();
        let settings = run::Settings {
            options: options(),
            lenient: false,
            timeout: std::time::Duration::from_secs(60),
            shard: None,
            profile: hudna::profile::Profile::Strict,
            breakdowns: false,
            layers: layers.to_vec(),
            ..run::Settings::default()
        };
        let o = run::score(
            self.mini.path(),
            &run::Spec::Files(vec![file.into()]),
            &settings,
        )
        .unwrap();
        assert!(
            o.refused.is_none(),
            "{}",
            o.prediction_problems.render_text()
        );
        let mut r = o.report.unwrap();
        r.extractor = name.into();
        r
    }

    /// The gold's entities only: nothing predicted for events or casualties.
    pub fn entities_only(&self) -> BTreeMap<String, Vec<Record>> {
        let mut preds = self.gold();
        for rs in preds.values_mut() {
            rs.retain(|r| matches!(r, Record::Entity(_)));
        }
        preds
    }

    /// Scores predictions with the default options and 200 resamples.
    pub fn report(&self, name: &str, preds: BTreeMap<String, Vec<Record>>) -> ScoreReport {
        self.report_with(name, preds, &options())
    }

    /// Every prediction right.
    pub fn perfect(&self) -> ScoreReport {
        self.report("perfect", self.gold())
    }

    /// One entity of doc-two mistyped: entities.strict F1 0.875, a drop
    /// that resamples of doc-one alone do not see.
    pub fn one_doc_worse(&self) -> ScoreReport {
        self.report("one-doc-worse", self.retyped(&[("doc-two", "e1")]))
    }

    /// One entity mistyped in each document: entities.strict F1 0.750, and
    /// every resample sees a drop.
    pub fn both_docs_worse(&self) -> ScoreReport {
        self.report(
            "both-docs-worse",
            self.retyped(&[("doc-one", "e2"), ("doc-two", "e1")]),
        )
    }
}

pub fn options() -> Options {
    Options {
        resamples: 200,
        ..Options::default()
    }
}

/// Floats rounded to 4 places, so snapshots survive last-bit changes.
pub fn rounded(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = (n.as_f64().unwrap() * 10_000.0).round() / 10_000.0;
            serde_json::json!(x)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(rounded).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, rounded(v))).collect()),
        other => other,
    }
}
