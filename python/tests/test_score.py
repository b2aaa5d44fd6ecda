"""hudna.score on data: the CLI's numbers, every input shape, the views."""

import csv
import io
import json
import math

import pytest

import hudna
from conftest import run_cli


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def test_the_same_json_as_the_cli(cli, tmp_path, some_predictions):
    path = tmp_path / "preds.jsonl"
    write_jsonl(path, some_predictions)
    for extra in ([], ["--matching", "greedy", "--event-dedup", "--min-overlap", "50"]):
        done = run_cli(
            cli, "score", "--extractor", f"file:{path}", "--format", "json",
            "--resamples", "200", *extra, cwd="/",
        )
        assert done.returncode == 0, done.stderr
        options = {"resamples": 200}
        if extra:
            options.update(matching="greedy", event_dedup=True, min_overlap=50)
        from_path = hudna.score(path, **options).to_json()
        assert from_path == done.stdout
        # The same records as a list: the same report but for its name.
        from_list = json.loads(hudna.score(some_predictions, **options).to_json())
        cli_report = json.loads(done.stdout)
        assert from_list.pop("extractor") == "file:<predictions>"
        cli_report.pop("extractor")
        assert from_list == cli_report


def test_a_dataframe_scores_as_its_records(some_predictions):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(some_predictions)
    # Mixed kinds leave NaN where a kind has no such field, and int
    # columns with gaps become floats: both are undone.
    assert df["start"].dtype.kind in "if"
    a = json.loads(hudna.score(df, resamples=50).to_json())
    b = json.loads(hudna.score(some_predictions, resamples=50).to_json())
    assert a.pop("extractor") == "file:<DataFrame>"
    b.pop("extractor")
    assert a == b


def test_the_gold_scores_one(gold):
    scored = [r for r in gold.records() if r["kind"] in ("entity", "event", "casualty")]
    report = hudna.score(scored, resamples=0, name="oracle")
    assert report.extractor == "oracle"
    micro = [m for m in report.metrics if m["label"] == "micro"]
    assert micro and all(m["f1"] == 1.0 for m in micro)


def test_views_agree_with_the_csv(some_predictions):
    report = hudna.score(some_predictions, resamples=50)
    df = report.to_pandas()
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert list(df.columns) == hudna.TIDY_COLUMNS == list(rows[0].keys())
    assert len(df) == len(rows)
    for i in (0, len(rows) // 2, len(rows) - 1):
        assert df.iloc[i]["doc"] == rows[i]["doc"]
        assert math.isclose(df.iloc[i]["value"], float(rows[i]["value"]))
        low = rows[i]["ci_low"]
        assert (low == "" and math.isnan(df.iloc[i]["ci_low"])) or math.isclose(
            df.iloc[i]["ci_low"], float(low)
        )
    strict = report.metric("entities", "strict")
    assert strict["correct"] + strict["incorrect"] + strict["partial"] + strict["missed"] == strict["possible"]
    assert strict["f1_ci_low"] <= strict["f1"] <= strict["f1_ci_high"]
    assert str(report).startswith("hudna score\n")
    assert "| scheme |" in report.to_markdown() or "scheme" in report.to_markdown()
    with pytest.raises(KeyError, match="entities.strict"):
        report.metric("entities", "stritc")


def test_a_report_saved_reads_back(tmp_path, some_predictions):
    report = hudna.score(some_predictions, resamples=20)
    path = tmp_path / "r.json"
    report.save(path)
    assert hudna.read_report(path).to_json() == report.to_json()
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_bad_records_are_refused_with_file_line_and_field(some_predictions):
    bad = list(some_predictions)
    bad.insert(2, {"kind": "entity", "doc": bad[0]["doc"], "type": "COUNTRY", "text": "x"})
    with pytest.raises(hudna.ValidationError) as e:
        hudna.score(bad)
    d = e.value.diagnostics[0]
    assert (d["path"], d["line"], d["pointer"]) == ("<predictions>", 3, "/type")
    assert "<predictions>:3: /type" in str(e.value)
    lenient = hudna.score(bad, lenient=True, resamples=0)
    assert lenient.data["coverage"]["rejected_records"] == 1
    assert lenient.warnings[0]["line"] == 3


def test_options_are_checked(some_predictions):
    with pytest.raises(TypeError):
        hudna.score(some_predictions, resample=10)  # misspelt
    with pytest.raises(ValueError, match="min_overlap"):
        hudna.score(some_predictions, min_overlap=0)
    with pytest.raises(ValueError, match="resamples"):
        hudna.score(some_predictions, resamples=10**6)
    with pytest.raises(ValueError, match="matching"):
        hudna.score(some_predictions, matching="hungarian")
    with pytest.raises(ValueError, match="resamples=-1: out of range"):
        hudna.score(some_predictions, resamples=-1)
    with pytest.raises(TypeError, match="lenient"):
        hudna.score(some_predictions, lenient="yes")
    with pytest.raises(TypeError, match="one dict"):
        hudna.score(some_predictions[0])


def test_gold_directories(repo, tmp_path, some_predictions):
    a = hudna.score(some_predictions, gold=repo / "annotations", resamples=20)
    b = hudna.score(some_predictions, resamples=20)
    assert a.to_json() == b.to_json()
    with pytest.raises(FileNotFoundError, match="gold="):
        hudna.score(some_predictions, gold=tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="nowhere.jsonl"):
        hudna.score(tmp_path / "nowhere.jsonl")


def test_a_corpus_without_kb_is_scored_with_its_own_labels(tmp_path):
    # No kb.jsonl and no dataset card: the core profile, as `hudna score`
    # picks it, so PER/LOC are labels (against the bundled gold they are
    # not hudna's types).
    text = "التقى إلهام علييف في باكو.\n"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "doc-one.txt").write_text(text, encoding="utf-8")

    def entity(i, ty, surface):
        start = text.index(surface)
        return {"kind": "entity", "doc": "doc-one", "id": i, "type": ty,
                "start": start, "end": start + len(surface), "text": surface}

    write_jsonl(corpus / "doc-one.jsonl", [entity("e1", "PER", "إلهام علييف"), entity("e2", "LOC", "باكو")])
    assert hudna.validate(gold=corpus).valid
    preds = [entity("p1", "PER", "إلهام علييف"), entity("p2", "PER", "باكو")]
    report = hudna.score(preds, gold=corpus, resamples=0)
    row = report.metric("entities", "strict")
    assert (row["correct"], row["incorrect"]) == (1, 1)

    class Tagger:
        def extract(self, doc, text):
            return preds

    from_object = hudna.score(Tagger(), gold=corpus, resamples=0)
    assert from_object.metric("entities", "strict") == row
    with pytest.raises(hudna.ValidationError):
        hudna.score(preds, resamples=0)
