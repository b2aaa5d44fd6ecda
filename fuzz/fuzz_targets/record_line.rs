#![no_main]
//! Fuzz target: `hudna::fuzzing::record_line` (see src/fuzzing.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hudna::fuzzing::record_line(data));
