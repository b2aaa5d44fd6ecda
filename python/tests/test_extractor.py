"""In-process extractors: the hudna.Extractor protocol, errors naming the
document, saved answers and resuming."""

import json
import re
import subprocess
import sys

import pytest

import hudna
from conftest import run_cli

NAMES = {
    "أذربيجان": "azerbaijan",
    "أرمينيا": "armenia",
    "روسيا": "russia",
    "تركيا": "turkey",
    "إيران": "iran",
    "باكو": "baku",
    "يريفان": "yerevan",
    "موسكو": "moscow",
}
PATTERN = re.compile("(" + "|".join(map(re.escape, NAMES)) + r")(?![\u0621-\u064A])")


class Gazetteer:
    """examples/extractor.py, as an object."""

    def __init__(self):
        self.asked = []

    def extract(self, doc, text):
        self.asked.append(doc)
        return [
            {"kind": "entity", "type": "GPE", "start": m.start(), "end": m.end(),
             "text": m.group(0), "ref": NAMES[m.group(0)]}
            for m in PATTERN.finditer(text)
        ]


def test_an_object_scores_as_the_same_program_does(cli, repo):
    spec = "command:python3 examples/extractor.py"
    done = run_cli(cli, "score", "--extractor", spec, "--format", "json", "--resamples", "100", cwd=repo)
    assert done.returncode == 0, done.stderr
    g = Gazetteer()
    assert isinstance(g, hudna.Extractor)
    report = hudna.score(g, resamples=100, name=spec)
    assert report.to_json() == done.stdout
    assert g.asked == sorted(g.asked) and len(g.asked) == 5
    assert hudna.score(Gazetteer(), resamples=0).extractor == "python:Gazetteer"


def test_an_exception_names_the_document_and_is_the_cause(gold):
    third = list(gold.documents)[2]

    class Flaky(Gazetteer):
        def extract(self, doc, text):
            if doc == third:
                raise RuntimeError("CUDA out of memory")
            return super().extract(doc, text)

    with pytest.raises(hudna.ExtractorError) as e:
        hudna.score(Flaky())
    assert f"document `{third}`" in str(e.value)
    assert "RuntimeError: CUDA out of memory" in str(e.value)
    assert isinstance(e.value.__cause__, RuntimeError)


def test_what_an_extractor_returns_is_checked():
    class Dict:
        def extract(self, doc, text):
            return {"kind": "entity"}

    with pytest.raises(hudna.ExtractorError, match="list of records"):
        hudna.score(Dict())

    class BadType:
        def extract(self, doc, text):
            return [{"kind": "entity", "type": "COUNTRY", "text": "x"}]

    with pytest.raises(hudna.ExtractorError, match=r"record 1|\[.*\]:1: /type"):
        hudna.score(BadType())

    np = pytest.importorskip("numpy")

    class Numpy(Gazetteer):
        def extract(self, doc, text):
            out = super().extract(doc, text)
            for r in out:
                r["start"], r["end"] = np.int64(r["start"]), np.int32(r["end"])
            return out

    a = json.loads(hudna.score(Numpy(), resamples=0, name="g").to_json())
    b = json.loads(hudna.score(Gazetteer(), resamples=0, name="g").to_json())
    assert a == b


def test_saved_answers_resume_a_crashed_run(tmp_path, gold):
    docs = list(gold.documents)
    whole = hudna.score(Gazetteer(), resamples=50, name="gaz").to_json()

    class Crashing(Gazetteer):
        def extract(self, doc, text):
            if doc == docs[2]:
                raise RuntimeError("crash")
            return super().extract(doc, text)

    saved = tmp_path / "answers.jsonl"
    with pytest.raises(hudna.ExtractorError):
        hudna.score(Crashing(), resamples=50, name="gaz", save_predictions=saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3  # the header and two answers

    again = Gazetteer()
    resumed = hudna.score(again, resamples=50, name="gaz", resume=saved, save_predictions=saved)
    assert again.asked == docs[2:]
    assert resumed.to_json() == whole
    with pytest.raises(hudna.ValidationError, match="answers of `gaz`"):
        hudna.score(Gazetteer(), name="other", resume=saved)


def test_keyboard_interrupt_is_not_wrapped():
    class Interrupted:
        def extract(self, doc, text):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        hudna.score(Interrupted())
