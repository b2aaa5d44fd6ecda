//! The articles are the sources, byte-for-byte.

mod common;

use std::collections::BTreeSet;

use hudna::article::sha256_hex;

/// `annotations/SOURCES.sha256` records the sha256 of each source article as
/// received; the stored copies must match it, and so must `shared/seeds` when
/// it is present (it is beside every checkout and CI run).
#[test]
fn articles_are_byte_for_byte_copies_of_the_sources() {
    let dir = common::annotations();
    let manifest = std::fs::read_to_string(dir.join("SOURCES.sha256")).unwrap();
    let mut expected = BTreeSet::new();
    for line in manifest.lines() {
        let (sha, name) = line.split_once("  ").unwrap();
        let bytes =
            std::fs::read(dir.join(name)).unwrap_or_else(|_| panic!("{name} listed but missing"));
        assert_eq!(sha256_hex(&bytes), sha, "{name} differs from its source");
        expected.insert(sha.to_owned());
    }
    let stored: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| sha256_hex(&std::fs::read(p).unwrap()))
        .collect();
    assert_eq!(stored, expected, "every stored article is in the manifest");
    assert_eq!(expected.len(), 5);
    let seeds = dir.join("../../shared/seeds");
    if seeds.is_dir() {
        let sources: BTreeSet<String> = std::fs::read_dir(&seeds)
            .unwrap()
            .map(|e| sha256_hex(&std::fs::read(e.unwrap().path()).unwrap()))
            .collect();
        assert_eq!(
            sources, expected,
            "shared/seeds and the stored articles differ"
        );
    }
}
