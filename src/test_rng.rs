//! A seeded random source for tests that draw many inputs (random strings,
//! outcome streams): the same sequence on every run and machine, so a
//! failure names an input that comes back, with no dependency.

/// A 64-bit linear congruential generator (Knuth's MMIX constants), read
/// from its high bits.
pub(crate) struct Lcg(u64);

impl Lcg {
    pub(crate) fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }

    /// A string of fewer than `max_len` characters drawn from `pool`: its
    /// length first, then each character.
    pub(crate) fn string(&mut self, pool: &[char], max_len: usize) -> String {
        let len = self.below(max_len);
        (0..len).map(|_| pool[self.below(pool.len())]).collect()
    }
}
