//! Compiles the bundled gold corpus (`annotations/`) into the library.
//!
//! An installed `hudna` (or the Python wheel) has no repository beside it;
//! with the files compiled in, `hudna score` works from any directory and
//! scores exactly the gold this source tree holds. The list is generated
//! rather than written by hand so that an article added to `annotations/`
//! cannot be left out of the binary.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("annotations");
    // A directory here makes cargo rerun this script when any file in it
    // changes, is added or is removed.
    println!("cargo:rerun-if-changed={}", root.display());
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// Every file of `annotations/` at build time, by name, in name order.\n\
         pub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for name in &names {
        let path = root.join(name);
        writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            path.to_str().expect("UTF-8 path")
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
