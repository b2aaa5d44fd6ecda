//! The dataset card's front matter keeps the keys the Hugging Face Hub
//! reads, with values from the Hub's vocabularies; what hudna itself reads
//! from it (the version, the profile) still reads; the citation file and the
//! licence files match what `Cargo.toml` declares.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Top-level keys of a YAML block with their values: a scalar, or the
/// items of a `- item` list, indented or not. (Enough for a card's front
/// matter and a CFF file; a folded scalar's lines are skipped.)
fn top_level(yaml: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = None;
    for line in yaml.lines() {
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            if let Some(v) = current.as_ref().and_then(|k| out.get_mut(k)) {
                v.push(item.trim().to_owned());
            }
        } else if !line.starts_with(' ') && line.contains(':') {
            let (k, v) = line.split_once(':').unwrap();
            let v = v.trim();
            out.insert(
                k.to_owned(),
                if v.is_empty() || v == ">-" {
                    vec![]
                } else {
                    vec![v.to_owned()]
                },
            );
            current = Some(k.to_owned());
        }
    }
    out
}

fn front_matter() -> String {
    let card = std::fs::read_to_string(common::annotations().join("README.md")).unwrap();
    let rest = card
        .strip_prefix("---\n")
        .expect("the card opens with front matter");
    rest[..rest.find("\n---\n").expect("front matter closes")].to_owned()
}

#[test]
fn front_matter_has_the_hub_keys_with_hub_values() {
    let keys = top_level(&front_matter());
    let one_of = |key: &str, allowed: &[&str]| {
        let values = keys
            .get(key)
            .unwrap_or_else(|| panic!("no `{key}` in the card"));
        assert!(!values.is_empty(), "`{key}` is empty");
        for v in values {
            assert!(
                allowed.contains(&v.as_str()),
                "`{key}: {v}` is not one of {allowed:?}"
            );
        }
    };
    let creators = [
        "crowdsourced",
        "expert-generated",
        "found",
        "machine-generated",
        "no-annotation",
        "other",
    ];
    one_of("annotations_creators", &creators);
    one_of("language_creators", &creators);
    one_of(
        "multilinguality",
        &["monolingual", "multilingual", "translation", "other"],
    );
    one_of("language", &["ar"]);
    one_of("size_categories", &["n<1K"]);
    one_of("license", &["mit", "apache-2.0", "other"]);
    for key in [
        "source_datasets",
        "task_categories",
        "pretty_name",
        "license_name",
        "license_link",
    ] {
        assert!(
            keys.get(key).is_some_and(|v| !v.is_empty()),
            "no `{key}` in the card"
        );
    }
    // `other` is explained by a file that exists.
    let link = &keys["license_link"][0];
    assert!(
        common::annotations().join(link).is_file(),
        "license_link {link} is not a file"
    );
}

#[test]
fn what_hudna_reads_from_the_card_still_reads() {
    let card = std::fs::read_to_string(common::annotations().join("README.md")).unwrap();
    let version = hudna::report::dataset_version_at(&common::annotations())
        .expect("the version in the front matter");
    assert!(
        card.contains(&format!("\n# hudna gold corpus (v{version})\n")),
        "the heading names the front matter's version {version}"
    );
    assert_eq!(
        hudna::profile::Profile::detect(&common::annotations()).0,
        hudna::profile::Profile::Strict
    );
}

#[test]
fn the_cards_example_line_is_a_line_of_the_file_it_names() {
    let card = std::fs::read_to_string(common::annotations().join("README.md")).unwrap();
    let start = card.find("```json\n").expect("an example record") + "```json\n".len();
    let line = card[start..].lines().next().unwrap();
    let file = "2020-10-01-minsk-group-calls-for-talks.jsonl";
    assert!(card[..start].ends_with(&format!("A line of `{file}`:\n\n```json\n")));
    let records = std::fs::read_to_string(common::annotations().join(file)).unwrap();
    assert!(
        records.lines().any(|l| l == line),
        "the card's example is no longer a line of {file}: paste a current one"
    );
}

#[test]
fn citation_and_licence_files_match_cargo_toml() {
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(cargo.contains("\nlicense = \"MIT OR Apache-2.0\"\n"));
    let mit = std::fs::read_to_string(root().join("LICENSE-MIT")).unwrap();
    assert!(mit.starts_with("MIT License\n") && mit.contains("Permission is hereby granted"));
    let apache = std::fs::read_to_string(root().join("LICENSE-APACHE")).unwrap();
    assert!(
        apache.contains("Version 2.0, January 2004")
            && apache.contains("END OF TERMS AND CONDITIONS")
    );

    let cff = std::fs::read_to_string(root().join("CITATION.cff")).unwrap();
    assert!(cff.starts_with("cff-version: 1.2.0\n"), "CFF 1.2");
    let keys = top_level(&cff);
    for key in ["message", "title", "authors", "type", "version", "license"] {
        assert!(keys.contains_key(key), "CITATION.cff has no `{key}`");
    }
    // A list of licences means any of them in CFF, as `MIT OR Apache-2.0`.
    assert_eq!(keys["license"], ["MIT", "Apache-2.0"]);
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .unwrap()
        .trim_matches('"');
    assert_eq!(
        keys["version"],
        [version],
        "CITATION.cff names the crate's version"
    );
}
