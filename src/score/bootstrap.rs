//! Seeded bootstrap over documents.
//!
//! With five documents the uncertainty of a score is large, and no common NER
//! scorer reports it. Documents, not mentions, are resampled: mentions in one
//! article are not independent (one annotator, one writer, one topic).
//!
//! Draws come from ChaCha8 seeded with the report's seed, so a report is
//! reproducible bit for bit; intervals are percentile intervals with linear
//! interpolation between order statistics (NumPy's default method).

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// Calls `f` with each resample's drawn documents (`n_docs` indices drawn
/// with replacement), one resample at a time: memory stays one resample,
/// whatever their number.
pub fn each_draw(n_docs: usize, resamples: usize, seed: u64, mut f: impl FnMut(&[usize])) {
    if n_docs == 0 {
        return;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draw = vec![0usize; n_docs];
    for _ in 0..resamples {
        for d in draw.iter_mut() {
            *d = rng.random_range(0..n_docs);
        }
        f(&draw);
    }
}

/// The `q` quantile (0..=1) of `sorted`, interpolating linearly.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = pos.ceil() as usize;
            sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
        }
    }
}

/// The central `confidence` interval of `values` (sorted in place).
pub fn interval(values: &mut [f64], confidence: f64) -> [f64; 2] {
    values.sort_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    [quantile(values, tail), quantile(values, 1.0 - tail)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_seeded_and_sum_to_the_document_count() {
        let collect = |seed| {
            let mut all = Vec::new();
            each_draw(5, 50, seed, |d| all.push(d.to_vec()));
            all
        };
        let a = collect(7);
        assert_eq!(a.len(), 50);
        assert_eq!(a, collect(7));
        assert_ne!(a, collect(8));
        assert!(a.iter().all(|d| d.len() == 5 && d.iter().all(|&i| i < 5)));
        let mut none = 0;
        each_draw(0, 50, 7, |_| none += 1);
        assert_eq!(none, 0, "no document, no draw");
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.125), 1.5);
        // Between the third and fourth order statistics: the weight is the
        // position past the lower one, not past the start.
        assert_eq!(quantile(&[1.0, 2.0, 4.0, 8.0, 16.0], 0.625), 6.0);
        let mut w = vec![5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(interval(&mut w, 0.5), [2.0, 4.0]);
    }
}
