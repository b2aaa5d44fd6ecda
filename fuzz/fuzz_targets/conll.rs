#![no_main]
//! Fuzz target: `hudna::fuzzing::conll` (see src/fuzzing.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hudna::fuzzing::conll(data));
