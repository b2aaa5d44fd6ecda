"""hudna.load_gold and hudna.validate."""

import json

import pytest

import hudna


def test_the_bundled_gold_as_python_objects(gold):
    assert len(gold.documents) == 5
    assert gold.version == "0.3.0"
    assert gold.fingerprint.startswith("cfba7ef9656e")
    for doc in gold.documents.values():
        assert doc.entities
        for e in doc.entities:
            # Offsets are code points: Python slicing gives the mention.
            assert doc.text[e["start"]:e["end"]] == e["text"]
            if e.get("ref"):
                assert e["ref"] in gold.kb
    assert len(gold.records("entity")) == sum(len(d.entities) for d in gold.documents.values())


def test_the_gold_directory_is_the_bundled_gold(repo):
    assert hudna.load_gold(repo / "annotations").fingerprint == hudna.load_gold().fingerprint


def test_validate_the_gold_and_predictions(gold, tmp_path):
    assert hudna.validate().valid
    doc = gold.documents["2020-10-10-moscow-ceasefire-talks"]
    e = dict(doc.entities[0])
    e["end"] += 1
    report = hudna.validate([doc.entities[1], e])
    assert not report.valid and report.errors >= 1
    d = report.diagnostics[0]
    assert (d["path"], d["line"], d["pointer"]) == ("<predictions>", 2, "/text")
    assert str(report).startswith("<predictions>:2: /text: error[")
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(e, ensure_ascii=False) + "\n", encoding="utf-8")
    assert hudna.validate(path).diagnostics[0]["path"] == str(path)


def test_an_invalid_gold_is_a_validation_error(repo, tmp_path):
    import shutil

    broken = tmp_path / "gold"
    shutil.copytree(repo / "annotations", broken)
    victim = next(broken.glob("*.jsonl"))
    if victim.name == "kb.jsonl":
        victim = sorted(broken.glob("2*.jsonl"))[0]
    with open(victim, "a", encoding="utf-8") as f:
        f.write("{oops\n")
    assert not hudna.validate(gold=broken).valid
    with pytest.raises(hudna.ValidationError) as e:
        hudna.load_gold(broken)
    assert e.value.diagnostics[0]["code"] == "json"
