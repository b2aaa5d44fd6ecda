//! Inter-annotator agreement: two annotators' records of the same articles,
//! scored against each other.
//!
//! Neither side is the reference. Every measure counts the items both
//! annotators agree on (`agreed`) out of each side's items (`a`, `b`), and
//! reports F1 = 2·agreed / (a + b). F1 is **symmetric**: swapping the two
//! sides swaps precision (agreed / b) and recall (agreed / a) and leaves F1
//! as it is, so it is the number a dataset card can report without saying
//! which annotator was "right". Pairings are maximum one-to-one matchings
//! (the optimal assignment hudna's scorer uses, [`crate::score::assign`]),
//! whose size does not depend on which side is which nor on record order;
//! the entity measures are hudna's own strict and exact span schemes
//! ([`crate::score::spans`], optimal matching, each type scored alone).
//!
//! | layer      | measure                 | two items agree when they have                                   |
//! |------------|-------------------------|------------------------------------------------------------------|
//! | entities   | `strict`                | the same span and type                                           |
//! | entities   | `span`                  | the same span                                                    |
//! | entities   | `ref`                   | the same span and KB ref (mentions with a ref)                   |
//! | events     | `trigger_overlap_type`  | overlapping triggers and the same type                           |
//! | events     | `trigger_overlap`       | overlapping triggers                                             |
//! | events     | `sentence_type`         | the same sentence and type (another trigger word agrees)         |
//! | events     | `arguments`             | in events paired by overlap + type: the same role and entity span |
//! | events     | `modality`              | in events paired by overlap + type: the same modality            |
//! | events     | `reported_by`           | in events paired by overlap + type: the same reporter (by span)   |
//! | casualties | `claim`                 | the same category and count (value, bounds), span ignored        |
//! | casualties | `mention`               | overlapping spans, the same category and count                   |
//!
//! The event measures follow `tools/agreement.py`, which measured the
//! card's first agreement figures: triggers by overlap + type, events also
//! by sentence + type (so a different choice of trigger word in the same
//! clause shows as a choice, listed, not as a miss and a false alarm), and
//! modality, reporter and arguments over the events paired by overlap +
//! type. References are compared by the span of the entity they point to,
//! since two annotators number their records independently. Where the
//! script paired triggers greedily in text order, pairs here are a maximum
//! matching, among those the one agreeing most on arguments, then
//! modality, then reporter: never fewer pairs than the script's.
//!
//! **Cohen's kappa** is reported where each item gets exactly one label
//! from each annotator: the entity layer as BIO labels of whitespace tokens
//! (each token labelled by the outermost mention over it; `O` outside
//! every mention), and the modality of events paired by overlap + type.
//! κ = (p_o − p_e) / (1 − p_e) with p_e from each annotator's own label
//! frequencies; undefined (`None`) when there are no items or p_e = 1.
//!
//! Counts are summed over documents before any ratio is taken (micro
//! averages), as hudna's scorer does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::article::Article;
use crate::corpus::{Doc, Located};
use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::profile::Profile;
use crate::record::{Event, Record};
use crate::schema::Flavour;
use crate::score::Prf;
use crate::score::assign;
use crate::score::spans::{self, Matching, PerLabel, Span};
use crate::validate::{check_gold_document, read_records};

/// One annotator's documents, by id.
pub type Side = BTreeMap<String, Doc>;

/// Reads one annotator's records: a directory (its `*.jsonl` files but the
/// KB and the lint allow-list) or one file, grouped into documents by their
/// `doc` field. Each document's article is `<doc>.txt` beside its records
/// file, else in `articles`. Every document gets the checks of a gold
/// document under the core profile (offsets, `text` against the article,
/// unique ids, references between records; no KB, whose refs the two
/// annotators may not share): problems go to the report.
pub fn load_side(path: &Path, articles: Option<&Path>) -> Result<(Side, Report), Error> {
    let mut report = Report::default();
    let mut side = Side::new();
    for file in crate::canonical::records_files(&[path.to_path_buf()])? {
        let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
        let (records, _) = read_records(
            Profile::Core,
            Flavour::Gold,
            &file,
            &bytes,
            &mut report.diagnostics,
        );
        let mut by_doc: BTreeMap<String, Vec<Located<Record>>> = BTreeMap::new();
        for r in records {
            by_doc.entry(r.record.doc().to_owned()).or_default().push(r);
        }
        for (id, records) in by_doc {
            let beside = file.with_file_name(format!("{id}.txt"));
            let txt_path = std::iter::once(beside.clone())
                .chain(articles.map(|d| d.join(format!("{id}.txt"))))
                .find(|p| p.is_file());
            let Some(txt_path) = txt_path else {
                report.push(
                    Diagnostic::error(
                        &file,
                        records.first().map(|r| r.line),
                        "/doc",
                        "missing-article",
                        format!(
                            "no article {id}.txt beside this file{}",
                            match articles {
                                Some(d) => format!(" or in {}", d.display()),
                                None => String::new(),
                            }
                        ),
                    )
                    .with_hint("agreement needs the article: sentences and tokens are cut from it"),
                );
                continue;
            };
            if let Some(first) = side.get(&id) {
                report.push(Diagnostic::error(
                    &file,
                    records.first().map(|r| r.line),
                    "/doc",
                    "duplicate-document",
                    format!(
                        "document `{id}` is also annotated in {}",
                        first.jsonl_path.display()
                    ),
                ));
                continue;
            }
            let raw = std::fs::read(&txt_path).map_err(|e| Error::io(&txt_path, e))?;
            let Ok(text) = String::from_utf8(raw.clone()) else {
                report.push(Diagnostic::error(
                    &txt_path,
                    None,
                    "",
                    "utf8",
                    "article is not valid UTF-8",
                ));
                continue;
            };
            let doc = Doc {
                id: id.clone(),
                article: Article::new(text, &raw),
                txt_path,
                jsonl_path: file.clone(),
                records,
            };
            check_gold_document(&doc, None, &mut report);
            side.insert(id, doc);
        }
    }
    report.sort();
    Ok((side, report))
}

/// Counts of one measure (or one label of it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Items both annotators have.
    pub agreed: u64,
    /// Items of the first annotator.
    pub a: u64,
    /// Items of the second annotator.
    pub b: u64,
}

impl Counts {
    /// Precision (agreed / b), recall (agreed / a) and F1, by hudna's one
    /// ratio function ([`Prf::from_credit`]): undefined where a denominator
    /// is 0 (precision when B has nothing, recall when A has nothing, F1
    /// when neither has).
    pub fn prf(&self) -> Prf {
        Prf::from_credit(self.agreed as f64, self.b, self.a)
    }

    fn add(&mut self, o: Counts) {
        self.agreed += o.agreed;
        self.a += o.a;
        self.b += o.b;
    }
}

/// One agreement measure over all compared documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// `entities`, `events` or `casualties`.
    pub layer: &'static str,
    /// The measure's name (see the module table).
    pub name: &'static str,
    /// What two items must share to agree, in words.
    pub description: &'static str,
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// agreed / b (`None`: B has nothing).
    pub precision: Option<f64>,
    /// agreed / a (`None`: A has nothing).
    pub recall: Option<f64>,
    /// 2·agreed / (a + b): the same whichever side is first (`None`:
    /// neither side has anything).
    pub f1: Option<f64>,
    /// Per type, role or category, where the measure has labels.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_label: BTreeMap<String, LabelMeasure>,
}

/// One label of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LabelMeasure {
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// F1 of the label (`None`: neither side has one).
    pub f1: Option<f64>,
}

/// Cohen's kappa over items that each annotator labels exactly once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kappa {
    /// The layer.
    pub layer: &'static str,
    /// The measure's name.
    pub name: &'static str,
    /// What the items and labels are.
    pub description: &'static str,
    /// Items labelled by both.
    pub items: u64,
    /// Distinct labels used by either.
    pub labels: usize,
    /// Observed agreement p_o.
    pub observed: f64,
    /// Agreement expected by chance p_e.
    pub expected: f64,
    /// κ, or `None` when undefined (no items, or p_e = 1).
    pub kappa: Option<f64>,
}

/// An event both annotators found in the same sentence with the same type,
/// on trigger words that do not overlap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriggerChoice {
    /// The document.
    pub doc: String,
    /// The event type.
    pub event_type: String,
    /// The first annotator's trigger: start, end, text.
    pub a: (usize, usize, String),
    /// The second annotator's trigger.
    pub b: (usize, usize, String),
}

/// Everything `hudna agree` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Documents both annotated, compared.
    pub documents: Vec<String>,
    /// Documents only the first annotated (not compared).
    pub only_in_a: Vec<String>,
    /// Documents only the second annotated (not compared).
    pub only_in_b: Vec<String>,
    /// The F1 measures, in the module table's order.
    pub measures: Vec<Measure>,
    /// Cohen's kappa where defined.
    pub kappas: Vec<Kappa>,
    /// Same sentence and type, another trigger word.
    pub trigger_choices: Vec<TriggerChoice>,
}

impl Agreement {
    /// The measure `layer`/`name`.
    pub fn measure(&self, layer: &str, name: &str) -> Option<&Measure> {
        self.measures
            .iter()
            .find(|m| m.layer == layer && m.name == name)
    }

    /// The kappa `layer`/`name`.
    pub fn kappa(&self, layer: &str, name: &str) -> Option<&Kappa> {
        self.kappas
            .iter()
            .find(|k| k.layer == layer && k.name == name)
    }
}

/// The measures in report order: layer, name, description.
pub const MEASURES: [(&str, &str, &str); 11] = [
    ("entities", "strict", "exact span + type"),
    ("entities", "span", "exact span, any type"),
    ("entities", "ref", "exact span + KB ref"),
    ("events", "trigger_overlap_type", "trigger overlap + type"),
    ("events", "trigger_overlap", "trigger overlap, any type"),
    ("events", "sentence_type", "same sentence + type"),
    (
        "events",
        "arguments",
        "role + entity span, events paired by trigger overlap + type",
    ),
    (
        "events",
        "modality",
        "modality, events paired by trigger overlap + type",
    ),
    (
        "events",
        "reported_by",
        "reporter (by span), events paired by trigger overlap + type",
    ),
    ("casualties", "claim", "category + count, span ignored"),
    (
        "casualties",
        "mention",
        "overlapping span + category + count",
    ),
];

/// The kappas in report order.
pub const KAPPAS: [(&str, &str, &str); 2] = [
    (
        "entities",
        "bio_tokens",
        "BIO label of each whitespace token (outermost mention)",
    ),
    (
        "events",
        "modality",
        "modality of events paired by trigger overlap + type",
    ),
];

/// Counts of one measure, overall and per label.
#[derive(Debug, Clone, Default)]
struct Tally {
    overall: Counts,
    by_label: BTreeMap<String, Counts>,
}

impl Tally {
    fn merge(&mut self, o: Tally) {
        self.overall.add(o.overall);
        for (l, c) in o.by_label {
            self.by_label.entry(l).or_default().add(c);
        }
    }

    fn add(&mut self, label: Option<&str>, c: Counts) {
        self.overall.add(c);
        if let Some(l) = label {
            self.by_label.entry(l.to_owned()).or_default().add(c);
        }
    }
}

/// Label pairs of one kappa.
type Confusion = BTreeMap<(String, String), u64>;

/// Everything summed over documents.
#[derive(Default)]
struct Sums {
    measures: BTreeMap<&'static str, Tally>,
    kappas: BTreeMap<&'static str, Confusion>,
    choices: Vec<TriggerChoice>,
}

impl Sums {
    fn tally(&mut self, name: &'static str) -> &mut Tally {
        self.measures.entry(name).or_default()
    }
}

/// Scores the documents both sides annotated against each other. Errors
/// when they share none, or when a shared document's article differs
/// between the two (they did not annotate the same text).
pub fn agree(a: &Side, b: &Side) -> Result<Agreement, Error> {
    let ids_a: BTreeSet<&String> = a.keys().collect();
    let ids_b: BTreeSet<&String> = b.keys().collect();
    let both: Vec<String> = ids_a.intersection(&ids_b).map(|s| s.to_string()).collect();
    if both.is_empty() {
        return Err(Error::Unsupported(
            "the two annotations share no document: nothing to compare".into(),
        ));
    }
    let mut sums = Sums::default();
    for id in &both {
        let (da, db) = (&a[id], &b[id]);
        if da.article.sha256() != db.article.sha256() {
            return Err(Error::Unsupported(format!(
                "document `{id}`: {} and {} are different texts (sha256 {} and {}); agreement needs the same article",
                da.txt_path.display(),
                db.txt_path.display(),
                da.article.sha256(),
                db.article.sha256()
            )));
        }
        document(da, db, &mut sums);
    }
    let measures = MEASURES
        .iter()
        .map(|&(layer, name, description)| {
            let t = sums.measures.remove(name).unwrap_or_default();
            let prf = t.overall.prf();
            Measure {
                layer,
                name,
                description,
                counts: t.overall,
                precision: prf.precision,
                recall: prf.recall,
                f1: prf.f1,
                by_label: t
                    .by_label
                    .into_iter()
                    .map(|(l, c)| {
                        (
                            l,
                            LabelMeasure {
                                counts: c,
                                f1: c.prf().f1,
                            },
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let kappas = KAPPAS
        .iter()
        .map(|&(layer, name, description)| {
            kappa(
                layer,
                name,
                description,
                &sums.kappas.remove(name).unwrap_or_default(),
            )
        })
        .collect();
    Ok(Agreement {
        documents: both,
        only_in_a: ids_a.difference(&ids_b).map(|s| s.to_string()).collect(),
        only_in_b: ids_b.difference(&ids_a).map(|s| s.to_string()).collect(),
        measures,
        kappas,
        trigger_choices: sums.choices,
    })
}

/// Cohen's kappa of a confusion table.
fn kappa(
    layer: &'static str,
    name: &'static str,
    description: &'static str,
    c: &Confusion,
) -> Kappa {
    let n: u64 = c.values().sum();
    let mut first: BTreeMap<&str, u64> = BTreeMap::new();
    let mut second: BTreeMap<&str, u64> = BTreeMap::new();
    let mut same = 0;
    for ((x, y), k) in c {
        *first.entry(x).or_default() += k;
        *second.entry(y).or_default() += k;
        if x == y {
            same += k;
        }
    }
    let labels: BTreeSet<&str> = first.keys().chain(second.keys()).copied().collect();
    let nf = n as f64;
    let (observed, expected) = if n == 0 {
        (0.0, 0.0)
    } else {
        let pe: f64 = labels
            .iter()
            .map(|l| {
                let (x, y) = (
                    first.get(l).copied().unwrap_or(0),
                    second.get(l).copied().unwrap_or(0),
                );
                (x as f64 / nf) * (y as f64 / nf)
            })
            .sum();
        (same as f64 / nf, pe)
    };
    let kappa = (n > 0 && expected < 1.0).then(|| (observed - expected) / (1.0 - expected));
    Kappa {
        layer,
        name,
        description,
        items: n,
        labels: labels.len(),
        observed,
        expected,
        kappa,
    }
}

/// Items both multisets hold (the size of their intersection).
fn common<K: Ord + Clone>(a: &[K], b: &[K]) -> u64 {
    let mut count: BTreeMap<&K, (u64, u64)> = BTreeMap::new();
    for k in a {
        count.entry(k).or_default().0 += 1;
    }
    for k in b {
        count.entry(k).or_default().1 += 1;
    }
    count.values().map(|(x, y)| x.min(y)).sum()
}

/// Multiset counts, overall and per label.
fn multiset<K: Ord + Clone>(t: &mut Tally, a: &[K], b: &[K], label: impl Fn(&K) -> Option<String>) {
    t.add(
        None,
        Counts {
            agreed: common(a, b),
            a: a.len() as u64,
            b: b.len() as u64,
        },
    );
    let labels: BTreeSet<String> = a.iter().chain(b).filter_map(&label).collect();
    for l in labels {
        let only = |v: &[K]| -> Vec<K> {
            v.iter()
                .filter(|k| label(k).as_deref() == Some(l.as_str()))
                .cloned()
                .collect()
        };
        let (oa, ob) = (only(a), only(b));
        t.by_label.entry(l).or_default().add(Counts {
            agreed: common(&oa, &ob),
            a: oa.len() as u64,
            b: ob.len() as u64,
        });
    }
}

fn document(a: &Doc, b: &Doc, sums: &mut Sums) {
    entities(a, b, sums);
    events(a, b, sums);
    casualties(a, b, sums);
}

fn entity_spans(d: &Doc) -> Vec<Span> {
    d.entities()
        .filter_map(|e| Some(Span::new(e.start?, e.end?, e.entity_type.as_str())))
        .collect()
}

fn entities(a: &Doc, b: &Doc, sums: &mut Sums) {
    let (sa, sb) = (entity_spans(a), entity_spans(b));
    // hudna's scorer, each type scored on its own: symmetric per type too.
    let [strict, exact, ..] =
        spans::score_per_label(&sa, &sb, Matching::Optimal, None, PerLabel::Filtered);
    let counts = |c: crate::score::Counts| Counts {
        agreed: c.correct,
        a: c.possible(),
        b: c.actual(),
    };
    let t = sums.tally("strict");
    t.add(None, counts(strict.overall));
    for (l, c) in &strict.by_label {
        t.by_label.entry(l.clone()).or_default().add(counts(*c));
    }
    sums.tally("span").add(None, counts(exact.overall));
    let refs = |d: &Doc| -> Vec<(usize, usize, String)> {
        d.entities()
            .filter_map(|e| Some((e.start?, e.end?, e.r#ref.clone()?)))
            .collect()
    };
    multiset(sums.tally("ref"), &refs(a), &refs(b), |_| None);

    let (la, lb) = (bio_labels(a), bio_labels(b));
    let confusion = sums.kappas.entry("bio_tokens").or_default();
    for (x, y) in la.into_iter().zip(lb) {
        *confusion.entry((x, y)).or_default() += 1;
    }
}

/// Whitespace tokens of a text as code-point spans.
fn whitespace_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut n = 0;
    for (i, c) in text.chars().enumerate() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        n = i + 1;
    }
    if let Some(s) = start {
        out.push((s, n));
    }
    out
}

/// The BIO label of every whitespace token of the document: the outermost
/// mentions (longest first, then earliest) that share no token with one
/// already chosen label the tokens they touch, `B-` the first and `I-` the
/// rest; a mention inside a token («أذربيجان» in «وأذربيجان») labels it.
fn bio_labels(d: &Doc) -> Vec<String> {
    let tokens = whitespace_tokens(d.article.text());
    let mut labels = vec![String::from("O"); tokens.len()];
    let mut mentions: Vec<(usize, usize, &str)> = d
        .entities()
        .filter_map(|e| Some((e.start?, e.end?, e.entity_type.as_str())))
        .collect();
    mentions.sort_by(|x, y| {
        (y.1 - y.0)
            .cmp(&(x.1 - x.0))
            .then(x.0.cmp(&y.0))
            .then(x.2.cmp(y.2))
    });
    let mut taken = vec![false; tokens.len()];
    for (s, e, label) in mentions {
        let first = tokens.partition_point(|t| t.1 <= s);
        let last = tokens.partition_point(|t| t.0 < e);
        if first >= last || taken[first..last].iter().any(|t| *t) {
            continue;
        }
        for (k, i) in (first..last).enumerate() {
            taken[i] = true;
            labels[i] = format!("{}-{label}", if k == 0 { "B" } else { "I" });
        }
    }
    labels
}

/// An event as agreement compares it: references resolved to spans.
struct EventView<'a> {
    event: &'a Event,
    span: (usize, usize),
    reporter: Option<(usize, usize)>,
    args: Vec<(&'static str, (usize, usize))>,
}

fn event_views(d: &Doc) -> Vec<EventView<'_>> {
    let span_of = |id: &str| -> Option<(usize, usize)> {
        d.entities()
            .find(|e| e.id.as_deref() == Some(id))
            .and_then(|e| Some((e.start?, e.end?)))
    };
    let mut out: Vec<EventView<'_>> = d
        .events()
        .filter_map(|e| {
            Some(EventView {
                event: e,
                span: (e.trigger.start?, e.trigger.end?),
                reporter: e.reported_by.as_deref().and_then(span_of),
                args: e
                    .args
                    .iter()
                    .filter_map(|a| Some((a.role.as_str(), span_of(a.mention.as_deref()?)?)))
                    .collect(),
            })
        })
        .collect();
    // A canonical order, so pairings never depend on record order.
    out.sort_by(|x, y| {
        (
            x.span,
            x.event.event_type.as_str(),
            x.event.modality,
            &x.reporter,
            &x.args,
        )
            .cmp(&(
                y.span,
                y.event.event_type.as_str(),
                y.event.modality,
                &y.reporter,
                &y.args,
            ))
    });
    out
}

fn overlap(x: (usize, usize), y: (usize, usize)) -> bool {
    x.0 < y.1 && y.0 < x.1
}

/// The size of a maximum matching where `allowed` says which pairs may be
/// matched, and the pairs.
fn max_pairs(
    n_a: usize,
    n_b: usize,
    allowed: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    assign::optimal(n_a, n_b, |i, j| allowed(i, j).then_some(1))
}

fn events(a: &Doc, b: &Doc, sums: &mut Sums) {
    let (va, vb) = (event_views(a), event_views(b));
    let same_type = |i: usize, j: usize| va[i].event.event_type == vb[j].event.event_type;
    let ov = |i: usize, j: usize| overlap(va[i].span, vb[j].span);

    // Triggers by overlap + type; among maximum pairings, the one agreeing
    // most on arguments, then modality, then reporter (weights that make
    // the order strict, where they fit in an i64; the pair count alone
    // where they would not).
    let args_common = |i: usize, j: usize| common(&va[i].args, &vb[j].args);
    // Bounds on the pairs (and so on modality and reporter agreements) and
    // on the argument agreements; the larger side bounds the square matrix
    // the assignment solves, whose sums must fit as well.
    let n = va.len().max(vb.len()) as i64;
    let m = va
        .iter()
        .map(|v| v.args.len())
        .sum::<usize>()
        .min(vb.iter().map(|v| v.args.len()).sum()) as i64;
    let w3 = n + 1;
    let weights = w3
        .checked_mul(n + 1)
        .and_then(|w2| w2.checked_mul(m + 1).map(|w1| (w1, w2)))
        .filter(|(w1, _)| w1.checked_mul(n + 1).is_some());
    let pairs = assign::optimal(va.len(), vb.len(), |i, j| {
        if !(ov(i, j) && same_type(i, j)) {
            return None;
        }
        Some(match weights {
            Some((w1, w2)) => {
                w1 + args_common(i, j) as i64 * w2
                    + i64::from(va[i].event.modality == vb[j].event.modality) * w3
                    + i64::from(va[i].reporter == vb[j].reporter)
            }
            None => 1,
        })
    });
    let type_of = |v: &EventView<'_>| v.event.event_type.as_str().to_owned();
    let t = sums.tally("trigger_overlap_type");
    for v in &va {
        t.add(
            Some(type_of(v).as_str()),
            Counts {
                agreed: 0,
                a: 1,
                b: 0,
            },
        );
    }
    for v in &vb {
        t.add(
            Some(type_of(v).as_str()),
            Counts {
                agreed: 0,
                a: 0,
                b: 1,
            },
        );
    }
    for &(i, _) in &pairs {
        t.add(
            Some(type_of(&va[i]).as_str()),
            Counts {
                agreed: 1,
                a: 0,
                b: 0,
            },
        );
    }
    let any = max_pairs(va.len(), vb.len(), ov).len() as u64;
    sums.tally("trigger_overlap").add(
        None,
        Counts {
            agreed: any,
            a: va.len() as u64,
            b: vb.len() as u64,
        },
    );

    // Attributes over the pairs.
    let mut modality = Counts::default();
    let mut reported = Counts::default();
    let mut arguments = Tally::default();
    for &(i, j) in &pairs {
        let (x, y) = (&va[i], &vb[j]);
        let mut roles: BTreeSet<&str> = x.args.iter().map(|a| a.0).collect();
        roles.extend(y.args.iter().map(|a| a.0));
        for role in roles {
            let only = |v: &[(&'static str, (usize, usize))]| -> Vec<(usize, usize)> {
                v.iter().filter(|a| a.0 == role).map(|a| a.1).collect()
            };
            let (oa, ob) = (only(&x.args), only(&y.args));
            arguments.add(
                Some(role),
                Counts {
                    agreed: common(&oa, &ob),
                    a: oa.len() as u64,
                    b: ob.len() as u64,
                },
            );
        }
        let same = |c: bool| Counts {
            agreed: u64::from(c),
            a: 1,
            b: 1,
        };
        modality.add(same(x.event.modality == y.event.modality));
        reported.add(same(x.reporter == y.reporter));
        *sums
            .kappas
            .entry("modality")
            .or_default()
            .entry((
                x.event.modality.as_str().to_owned(),
                y.event.modality.as_str().to_owned(),
            ))
            .or_default() += 1;
    }
    sums.tally("arguments").merge(arguments);
    sums.tally("modality").add(None, modality);
    sums.tally("reported_by").add(None, reported);

    // Sentence + type, and the trigger choices inside it.
    let sentence = |d: &Doc, v: &EventView<'_>| d.article.sentence_of(v.span.0).0;
    let key = |d: &Doc, v: &EventView<'_>| (sentence(d, v), type_of(v));
    let ka: Vec<(usize, String)> = va.iter().map(|v| key(a, v)).collect();
    let kb: Vec<(usize, String)> = vb.iter().map(|v| key(b, v)).collect();
    multiset(sums.tally("sentence_type"), &ka, &kb, |k| Some(k.1.clone()));
    let groups: BTreeSet<&(usize, String)> = ka.iter().filter(|k| kb.contains(k)).collect();
    for g in groups {
        let xs: Vec<usize> = (0..va.len()).filter(|&i| &ka[i] == g).collect();
        let ys: Vec<usize> = (0..vb.len()).filter(|&j| &kb[j] == g).collect();
        let matched = max_pairs(xs.len(), ys.len(), |i, j| ov(xs[i], ys[j]));
        let rest = |all: &[usize], used: Vec<usize>| -> Vec<usize> {
            (0..all.len())
                .filter(|k| !used.contains(k))
                .map(|k| all[k])
                .collect()
        };
        let rx = rest(&xs, matched.iter().map(|p| p.0).collect());
        let ry = rest(&ys, matched.iter().map(|p| p.1).collect());
        let trig = |v: &EventView<'_>| (v.span.0, v.span.1, v.event.trigger.text.clone());
        for (i, j) in rx.into_iter().zip(ry) {
            sums.choices.push(TriggerChoice {
                doc: a.id.clone(),
                event_type: g.1.clone(),
                a: trig(&va[i]),
                b: trig(&vb[j]),
            });
        }
    }
}

fn casualties(a: &Doc, b: &Doc, sums: &mut Sums) {
    type Claim = (String, Option<u64>, Option<u64>, Option<u64>);
    let items = |d: &Doc| -> Vec<(Option<(usize, usize)>, Claim)> {
        d.casualties()
            .map(|c| {
                let span = c.start.zip(c.end);
                let claim = (
                    c.category.as_str().to_owned(),
                    c.count.value,
                    c.count.low,
                    c.count.high,
                );
                (span, claim)
            })
            .collect()
    };
    let (ca, cb) = (items(a), items(b));
    let claims = |v: &[(Option<(usize, usize)>, Claim)]| -> Vec<Claim> {
        v.iter().map(|c| c.1.clone()).collect()
    };
    multiset(sums.tally("claim"), &claims(&ca), &claims(&cb), |c| {
        Some(c.0.clone())
    });
    let pairs = max_pairs(ca.len(), cb.len(), |i, j| {
        let (x, y) = (&ca[i], &cb[j]);
        x.1 == y.1 && x.0.zip(y.0).is_some_and(|(s, t)| overlap(s, t))
    });
    let t = sums.tally("mention");
    for c in &ca {
        t.add(
            Some(c.1.0.as_str()),
            Counts {
                agreed: 0,
                a: 1,
                b: 0,
            },
        );
    }
    for c in &cb {
        t.add(
            Some(c.1.0.as_str()),
            Counts {
                agreed: 0,
                a: 0,
                b: 1,
            },
        );
    }
    for &(i, _) in &pairs {
        t.add(
            Some(ca[i].1.0.as_str()),
            Counts {
                agreed: 1,
                a: 0,
                b: 0,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_of_known_tables() {
        // 2×2: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no (n = 50):
        // p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
        let mut c = Confusion::new();
        for (x, y, n) in [
            ("y", "y", 20),
            ("y", "n", 5),
            ("n", "y", 10),
            ("n", "n", 15),
        ] {
            c.insert((x.into(), y.into()), n);
        }
        let k = kappa("l", "n", "d", &c);
        assert!((k.observed - 0.7).abs() < 1e-12);
        assert!((k.expected - 0.5).abs() < 1e-12);
        assert!((k.kappa.unwrap() - 0.4).abs() < 1e-12);
        // One label everywhere: p_e = 1, κ undefined.
        let mut c = Confusion::new();
        c.insert(("O".into(), "O".into()), 7);
        assert_eq!(kappa("l", "n", "d", &c).kappa, None);
        assert_eq!(kappa("l", "n", "d", &Confusion::new()).kappa, None);
    }

    #[test]
    fn whitespace_tokens_are_code_points() {
        assert_eq!(
            whitespace_tokens(" قال  وأذربيجان\nنعم"),
            [(1, 4), (6, 15), (16, 19)]
        );
    }

    /// The scorer's optimal strict and exact counts are the exact-key
    /// multiset intersections agreement means, on random nested and
    /// overlapping spans of two types (a fixed-seed generator).
    #[test]
    fn strict_and_exact_schemes_count_exact_key_agreement() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m) as usize
        };
        for _ in 0..500 {
            let mut side = || -> Vec<Span> {
                (0..next(7))
                    .map(|_| {
                        let s = next(8);
                        Span::new(s, s + 1 + next(4), if next(2) == 0 { "GPE" } else { "ORG" })
                    })
                    .collect()
            };
            let (a, b) = (side(), side());
            let [strict, exact, ..] =
                spans::score_per_label(&a, &b, Matching::Optimal, None, PerLabel::Filtered);
            let keys = |v: &[Span]| -> Vec<(usize, usize, String)> {
                v.iter()
                    .map(|s| (s.start, s.end, s.label.clone()))
                    .collect()
            };
            let bounds = |v: &[Span]| -> Vec<(usize, usize)> {
                v.iter().map(|s| (s.start, s.end)).collect()
            };
            assert_eq!(
                strict.overall.correct,
                common(&keys(&a), &keys(&b)),
                "{a:?} {b:?}"
            );
            assert_eq!(
                exact.overall.correct,
                common(&bounds(&a), &bounds(&b)),
                "{a:?} {b:?}"
            );
        }
    }
}
