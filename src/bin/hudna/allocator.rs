//! The process's allocator policy: glibc's, made to give memory back.
//!
//! glibc's malloc adapts its thresholds as a program runs: once a large
//! block (above 128 KiB, which it serves with `mmap`) is freed, blocks up
//! to that size come from the heap from then on, and the heap is trimmed
//! only once twice that size is free at its top. Opening a large corpus
//! builds and frees such blocks (the gold's listing, the prediction index
//! while it is sorted), so the freed memory stayed in the process through
//! the whole run, which scores on other threads and their own arenas and
//! never reuses it: at 100,000 documents of every layer that was about
//! 8 MB of a 40 MB peak (BENCHMARKS.md measures the peak). Fixing both
//! thresholds at glibc's own defaults turns the adaptation off, so large
//! blocks are mapped and unmapped, and a heap's free top goes back.
//!
//! Only the command line sets this: a library must not choose its host's
//! allocator policy (the Python module runs inside CPython's process). A
//! user's own `MALLOC_TRIM_THRESHOLD_` or `MALLOC_MMAP_THRESHOLD_` wins.

/// glibc's default for both thresholds.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const THRESHOLD: libc::c_int = 128 * 1024;

/// Sets the policy; a no-op off glibc, or where the user set either
/// threshold.
pub fn give_memory_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let chosen = ["MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"]
            .iter()
            .any(|v| std::env::var_os(v).is_some());
        if !chosen {
            // SAFETY: mallopt only sets allocator parameters; it is called
            // before any thread is started, and a refusal (0) leaves
            // glibc's adaptive defaults, which are correct, only larger.
            unsafe {
                libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD);
                libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
            }
        }
    }
}
