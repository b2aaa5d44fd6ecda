"""Load hudna's Hugging Face export as its users will, and check it.

Run by tools/hf_check.sh (own virtualenv) and .ci/run. Loads hf/ three ways:

1. datasets.load_dataset("json", data_files=...) with no schema given: the
   fixed schema means type inference has nothing to guess, so the inferred
   features are the card's (one known difference: pyarrow reads the ISO
   dates in `published` as timestamps, the card declares them date32);
2. datasets.load_dataset("hf", config): the card's configs and
   dataset_info features, documents and kb;
3. pandas.read_json(..., lines=True).

Expected counts and values come from annotations/ itself (never typed
here), so the check follows the gold as it changes; tests/convert.rs holds
hf/ equal to what `hudna convert --to hf` makes from it.
"""

import datetime
import glob
import json
import os
import sys

import datasets
import pandas as pd
import yaml


def front_matter(path):
    """The YAML between the two --- lines that open a card."""
    text = open(path, encoding="utf-8").read()
    assert text.startswith("---\n"), path
    return yaml.safe_load(text.split("---\n")[1])


def gold(root):
    """Per document: its text and records by kind, read from annotations/."""
    docs = {}
    for txt in sorted(glob.glob(os.path.join(root, "annotations", "*.txt"))):
        doc = os.path.basename(txt)[: -len(".txt")]
        with open(txt, encoding="utf-8", newline="") as f:
            text = f.read()
        kinds = {}
        with open(txt[: -len(".txt")] + ".jsonl", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    kinds.setdefault(r["kind"], []).append(r)
        docs[doc] = (text, kinds)
    return docs


def check_row(row, text, kinds):
    """One loaded row against the document's gold records."""
    assert row["text"] == text, row["doc"]
    for key, kind in [("zones", "zone"), ("entities", "entity"), ("events", "event"), ("casualties", "casualty")]:
        assert len(row[key]) == len(kinds.get(kind, [])), (row["doc"], key)
    # Offsets are code points: Python slices give the mention's text.
    for e in row["entities"]:
        assert text[e["start"]:e["end"]] == e["text"], (row["doc"], e)
    for v in row["events"]:
        t = v["trigger"]
        assert text[t["start"]:t["end"]] == t["text"], (row["doc"], v)
    for c in row["casualties"]:
        assert text[c["start"]:c["end"]] == c["text"], (row["doc"], c)
    # Values that are null in some documents keep their type in others.
    meta = kinds["document"][0]
    for field in ["title", "outlet", "published_basis", "note", "sha256"]:
        assert row[field] == meta[field], (row["doc"], field)
    published = meta["published"] and datetime.date.fromisoformat(meta["published"])
    assert row["published"] == published, (row["doc"], row["published"])
    by_id = {c["id"]: c for c in kinds.get("casualty", [])}
    for c in row["casualties"]:
        g = by_id[c["id"]]
        assert c["victims"] == g["victims"], (row["doc"], c["id"])
        assert c["count"] == g["count"], (row["doc"], c["id"])
        assert c["source"] == g["source"], (row["doc"], c["id"])


def main(root):
    hf = os.path.join(root, "hf")
    docs = gold(root)
    card = front_matter(os.path.join(hf, "README.md"))
    info = {c["config_name"]: c for c in card["dataset_info"]}
    doc_features = datasets.Features._from_yaml_list(info["documents"]["features"])
    kb_features = datasets.Features._from_yaml_list(info["kb"]["features"])

    # 1. Plain JSON, no schema given.
    plain = datasets.load_dataset("json", data_files=os.path.join(hf, "data", "documents.jsonl"), split="train")
    assert plain.num_rows == len(docs), plain.num_rows
    inferred = dict(plain.features)
    # pyarrow reads ISO dates as timestamps; the card declares date32 (an
    # exact cast, where a string column would get "2020-10-01 00:00:00").
    assert inferred.pop("published") == datasets.Value("timestamp[s]")
    declared = dict(doc_features)
    assert declared.pop("published") == datasets.Value("date32")
    assert inferred == declared, f"inferred {inferred}\n declared {declared}"

    # 2. The repository, through the card's configs and features.
    ds = datasets.load_dataset(hf, "documents", split="test")
    assert ds.features == doc_features, ds.features
    assert ds.num_rows == len(docs)
    for row in ds:
        text, kinds = docs[row["doc"]]
        check_row(row, text, kinds)
    kb = datasets.load_dataset(hf, "kb", split="test")
    assert kb.features == kb_features, kb.features
    with open(os.path.join(root, "annotations", "kb.jsonl"), encoding="utf-8") as f:
        refs = [json.loads(line)["ref"] for line in f if line.strip()]
    assert sorted(kb["ref"]) == sorted(refs)

    # 3. pandas.
    df = pd.read_json(os.path.join(hf, "data", "documents.jsonl"), lines=True)
    assert df.shape == (len(docs), len(doc_features)), df.shape
    assert list(df.columns) == list(doc_features), list(df.columns)
    for _, row in df.iterrows():
        text, kinds = docs[row["doc"]]
        assert row["text"] == text
        assert len(row["entities"]) == len(kinds.get("entity", []))
        outlet = kinds["document"][0]["outlet"]
        assert (pd.isna(row["outlet"]) if outlet is None else row["outlet"] == outlet), row["doc"]

    # The snippet for a card at the repository root says the same.
    snippet = yaml.safe_load(open(os.path.join(hf, "README-config.yaml"), encoding="utf-8"))
    assert snippet["dataset_info"] == card["dataset_info"]
    for mine, root_cfg in zip(card["configs"], snippet["configs"]):
        for a, b in zip(mine["data_files"], root_cfg["data_files"]):
            assert b["path"] == "hf/" + a["path"], (a, b)

    entities = sum(len(k.get("entity", [])) for _, k in docs.values())
    print(
        f"hf export ok: datasets {datasets.__version__}, pandas {pd.__version__}: "
        f"{ds.num_rows} documents, {entities} entity mentions, {kb.num_rows} KB entries; "
        "loaded as plain JSON, through the card, and with pandas"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
