//! The process's allocator: mimalloc, built without transparent huge pages.
//!
//! Scoring parses hundreds of thousands of short records (four or five
//! small strings each), matches them and drops them, all on worker
//! threads: with glibc's malloc, `malloc`, `free` and their consolidation
//! were about a fifth of `hudna score`'s samples on a 10,000-document
//! corpus. mimalloc's thread-local free lists took the run from a median
//! 3.44 s to 2.88 s there (six runs each, interleaved, 2 cores), as ruff
//! and uv use it for the same reason.
//!
//! It costs memory: peak RSS went from 20 to 28 MB (10,000 documents,
//! entities), 26 to 42 MB (every layer) and 32 to 47 MB (100,000
//! documents, every layer), still under a third of #10's 150 MB and
//! flatter in corpus size (1.12x for ten times the documents, where
//! glibc's was 1.25x). `no_thp` matters: mimalloc otherwise asks Linux
//! for transparent huge pages on its eagerly committed arenas, and each
//! touched arena then counts in 2 MiB steps (55 MB at 10,000 documents).
//!
//! Only the command line chooses this: a library must not choose its
//! host's allocator (the Python module runs inside CPython's process).
//! The blocks the library reuses by hand (a spilled block's buffer, the
//! bootstrap's folds in `score/`) are reused for any allocator that maps
//! large blocks fresh, as glibc with fixed thresholds did here before.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
