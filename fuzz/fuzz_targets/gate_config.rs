#![no_main]
//! Fuzz target: `hudna::fuzzing::gate_config` (see src/fuzzing.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hudna::fuzzing::gate_config(data));
