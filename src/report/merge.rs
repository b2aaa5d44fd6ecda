//! Merging shard reports into the report of one run.
//!
//! A shard's report keeps every one of its documents' counts, and every
//! number of a report is derived from those counts ([`super::from_table`]),
//! so the merge is the union of the shards' count tables followed by the
//! same derivation: micro and macro averages and the seeded bootstrap over
//! all documents come out exactly as one run over the whole corpus gives
//! them (a test holds it to that, byte for byte).

use std::collections::{BTreeMap, BTreeSet};

use super::{Coverage, ScoreReport};
use crate::score::table::{CountTable, read_back};

/// Merges the reports of shards 1..=N of one run. Refuses parts made on
/// other gold, options, layers or extractors, a missing or repeated shard,
/// a report that is not a shard, and documents scored twice.
pub fn merge(parts: &[ScoreReport]) -> Result<ScoreReport, String> {
    let first = parts.first().ok_or("no shard reports to merge")?;
    let count = first
        .shard
        .ok_or("the first report is not a shard (scored without --shard)")?
        .count;
    let mut seen = BTreeSet::new();
    for (i, p) in parts.iter().enumerate() {
        let n = i + 1;
        let s = p
            .shard
            .ok_or_else(|| format!("report {n} is not a shard (scored without --shard)"))?;
        if s.count != count {
            return Err(format!(
                "report {n} is shard {}/{} but report 1 is of {count} shards",
                s.index, s.count
            ));
        }
        if !seen.insert(s.index) {
            return Err(format!("shard {}/{count} is given twice", s.index));
        }
        if p.dataset != first.dataset {
            return Err(format!(
                "report {n} was scored on other gold (fingerprint {} vs {})",
                p.dataset.fingerprint, first.dataset.fingerprint
            ));
        }
        if p.options != first.options {
            return Err(format!(
                "report {n} was scored with other options than report 1"
            ));
        }
        if p.layers != first.layers {
            let names = |r: &ScoreReport| {
                r.layers
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(format!(
                "report {n} scored the layers {} but report 1 scored {} (every shard needs the same --layers)",
                names(p),
                names(first)
            ));
        }
        if p.extractor != first.extractor {
            return Err(format!(
                "report {n} is of extractor `{}`, report 1 of `{}`",
                p.extractor, first.extractor
            ));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|i| !seen.contains(i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(format!("missing shard(s): {}", missing.join(", ")));
    }
    // A merge is as large as the run it stands for: it spills as the run's
    // table does.
    let mut table = CountTable::spilling(crate::score::table::SPILL_ABOVE);
    let mut docs = BTreeSet::new();
    let mut coverage = Coverage {
        documents: 0,
        without_predictions: Vec::new(),
        rejected_records: 0,
        approximated_clusters: 0,
        without_offsets: BTreeMap::new(),
    };
    for p in parts {
        let ids = p.documents.ids().map_err(read_back)?;
        for d in ids {
            if docs.contains(&d) {
                return Err(format!("document `{d}` is in two shards"));
            }
            docs.insert(d);
        }
        table.append(&p.table()?).map_err(read_back)?;
        coverage.documents += p.coverage.documents;
        coverage
            .without_predictions
            .extend(p.coverage.without_predictions.iter().cloned());
        coverage.rejected_records += p.coverage.rejected_records;
        coverage.approximated_clusters += p.coverage.approximated_clusters;
        for (l, n) in &p.coverage.without_offsets {
            *coverage.without_offsets.entry(l.clone()).or_default() += n;
        }
    }
    coverage.without_predictions.sort();
    table.seal().map_err(read_back)?;
    // Breakdowns add like counts; a run has them in every shard or none.
    let mut breakdown = crate::listing::Breakdown::default();
    for p in parts {
        breakdown.merge(&super::breakdown_of(&p.breakdowns));
    }
    let mut report = super::from_table(
        first.dataset.clone(),
        first.extractor.clone(),
        &first.options,
        &first.layers,
        coverage,
        table,
    )
    .map_err(|e| e.to_string())?;
    report.breakdowns = super::breakdown_rows(&breakdown);
    Ok(report)
}
