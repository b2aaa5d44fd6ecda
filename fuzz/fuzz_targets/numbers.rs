#![no_main]
//! Fuzz target: `hudna::fuzzing::numbers` (see src/fuzzing.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hudna::fuzzing::numbers(data));
