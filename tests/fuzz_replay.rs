//! Replays every fuzz target's saved corpus and crash inputs on the stable
//! toolchain (issue #13): `fuzz/corpus/<target>/*` and
//! `fuzz/artifacts/<target>/*` go through the same entry points the
//! libFuzzer targets call (`hudna::fuzzing`), so a crash found by fuzzing
//! stays a regression test once its input is saved. Fuzzing itself needs
//! cargo-fuzz: `tools/fuzz.sh`.

use std::path::Path;

fn replay(target: &str, f: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                let data = std::fs::read(&p).unwrap();
                let r = std::panic::catch_unwind(|| f(&data));
                assert!(r.is_ok(), "{} crashes {target}", p.display());
                n += 1;
            }
        }
    }
    assert!(n > 0, "no saved inputs for {target}");
}

#[test]
fn record_line() {
    replay("record_line", hudna::fuzzing::record_line);
}

#[test]
fn numbers() {
    replay("numbers", hudna::fuzzing::numbers);
}

#[test]
fn baseline() {
    replay("baseline", hudna::fuzzing::baseline);
}

#[test]
fn gate_config() {
    replay("gate_config", hudna::fuzzing::gate_config);
}

#[test]
fn report() {
    replay("report", hudna::fuzzing::report);
}

#[test]
fn conll() {
    replay("conll", hudna::fuzzing::conll);
}
