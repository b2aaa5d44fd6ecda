//! What hudna refuses to do: caps on the numbers that size its memory and
//! time.
//!
//! A count of resamples or rounds is a loop bound and, for the bootstrap, an
//! allocation: [`crate::report::build`] keeps every resample's precision,
//! recall and F1 for every label until it sorts them into intervals
//! (`resamples × labels × 3` floats, plus `resamples × documents` draw
//! weights), and [`crate::compare::paired`] does the same per compared
//! metric. Unchecked, `--resamples 10000000000` aborted on a 240 GB
//! allocation and `10000000` took gigabytes.
//!
//! The caps are far above what the statistics need — a few thousand
//! resamples give stable 95% percentile intervals, and 100,000 rounds
//! resolve p-values down to 1e-5 — and keep a run bounded: at the caps,
//! `hudna score` on the bundled corpus peaks at about 600 MB (some 240
//! labels and averages × 3 metrics × 8 bytes per resample) and `hudna
//! compare` at about 100 MB, each under a minute in a debug build. Memory
//! also grows with the number of documents, through the draws (`resamples ×
//! documents × 8` bytes).
//!
//! The library checks them where the numbers are used (a [`LimitError`],
//! never a panic); the command line checks them when parsing, so a usage
//! error names the flag and the range.

/// The most bootstrap resamples a score, comparison or gate may ask for.
pub const MAX_RESAMPLES: usize = 100_000;

/// The most approximate-randomization rounds a comparison may ask for.
pub const MAX_PERMUTATIONS: usize = 100_000;

/// The most copies of a command extractor one run may start (`--jobs`).
pub const MAX_JOBS: usize = 64;

/// The longest line a CoNLL file may have. A line is one token and its tag,
/// a few dozen bytes; a file without line breaks (a JSON file given by
/// mistake, a binary) must not be read into one line of unbounded size.
pub const MAX_CONLL_LINE_BYTES: usize = 64 << 10;

/// The most tokens a CoNLL file may hold. Every token is kept in memory
/// (about 50 bytes plus its text) for the comparison with the other file:
/// 20 million tokens is some 1.5 GB, sixty times CoNLL-2003 and ten times
/// OntoNotes 5.
pub const MAX_CONLL_TOKENS: usize = 20_000_000;

/// The most documents (`-DOCSTART-` lines) a CoNLL file may hold: each is a
/// row of the count table and of the bootstrap's draws.
pub const MAX_CONLL_DOCUMENTS: usize = 1_000_000;

/// The most distinct entity types a CoNLL file may use: each is a column of
/// every entity scheme, and the bootstrap keeps every column's resamples.
/// Tag sets have a few dozen types (OntoNotes 18, Wojood 21 flat).
pub const MAX_CONLL_TYPES: usize = 1_000;

/// The longest entity type a CoNLL tag may carry, in bytes: a type is a
/// report label, and a 60 KB "type" is a file in the wrong format.
pub const MAX_CONLL_TYPE_BYTES: usize = 64;

/// The most tag columns a layered CoNLL file may have
/// ([`crate::formats::conll::read_layered`]): one per layer of nested
/// mentions. The bundled gold nests three deep; Wojood's nested files have
/// one column per type (21).
pub const MAX_CONLL_TAG_COLUMNS: usize = 32;

/// The largest file `hudna convert` reads, in bytes. A converter holds the
/// whole input and what it parses into (a JSON tree takes several times its
/// text), so the file is read through this cap rather than trusted: 256 MiB
/// is hundreds of times the bundled corpus (0.4 MB in any format) and five
/// times Wojood.
pub const MAX_CONVERT_FILE_BYTES: usize = 256 << 20;

/// Most items `hudna errors --limit` takes (a number larger than any
/// listing, so the cap only bounds the argument).
pub const MAX_LIST: usize = 100_000_000;

/// A number above the cap hudna sets for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} = {value} is more than hudna allows (at most {max}): {why}")]
pub struct LimitError {
    /// The setting, e.g. `resamples`.
    pub what: &'static str,
    /// The value asked for.
    pub value: usize,
    /// The cap.
    pub max: usize,
    /// Why there is a cap.
    pub why: &'static str,
}

/// `Ok` when `value` is at most `max`.
pub fn check(
    what: &'static str,
    value: usize,
    max: usize,
    why: &'static str,
) -> Result<(), LimitError> {
    if value <= max {
        Ok(())
    } else {
        Err(LimitError {
            what,
            value,
            max,
            why,
        })
    }
}

/// Checks a number of bootstrap resamples.
pub fn check_resamples(resamples: usize) -> Result<(), LimitError> {
    check(
        "resamples",
        resamples,
        MAX_RESAMPLES,
        "every resample's scores are kept in memory until the intervals are computed",
    )
}

/// Checks a number of approximate-randomization rounds.
pub fn check_permutations(permutations: usize) -> Result<(), LimitError> {
    check(
        "permutations",
        permutations,
        MAX_PERMUTATIONS,
        "each round rescores every compared metric; 100000 rounds already resolve p-values to 1e-5",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_are_inclusive() {
        assert_eq!(check_resamples(MAX_RESAMPLES), Ok(()));
        assert_eq!(check_permutations(0), Ok(()));
        let e = check_resamples(MAX_RESAMPLES + 1).unwrap_err();
        assert_eq!((e.what, e.value, e.max), ("resamples", 100_001, 100_000));
        assert!(e.to_string().starts_with("resamples = 100001 is more than"));
        assert!(check_permutations(usize::MAX).is_err());
    }
}
