#!/usr/bin/env python3
"""Generate tests/fixtures/seqeval/cases.json: CoNLL cases scored by seqeval.

Usage: seqeval_fixture.py [--out PATH] [--seed N] [--cases N]
(run it through tools/seqeval_fixture.sh, which makes the virtualenv)

Each case is a pair of CoNLL files, gold and prediction, stored verbatim as
the text hudna reads (tab or space separated, -DOCSTART- lines, blank lines
between sentences, now and then CRLF or no final newline), together with what
seqeval 1.2.2 makes of the same tags in its two modes:

- "default": seqeval's default mode (conlleval's rules),
  classification_report(y_true, y_pred, output_dict=True);
- "strict": classification_report(..., mode='strict', scheme=IOB2), or
  {"error": ...} where seqeval raises (E-/S- tags are not IOB2).

For each mode the case records the micro average and every type's
precision, recall, F1 and support as seqeval reports them, the counts behind
them (true positives, predicted and gold chunks, computed from seqeval's own
chunk lists) and the chunks themselves, as [sentence, start, end, type] with
`end` EXCLUSIVE (hudna's convention; seqeval's get_entities gives the last
token). seqeval sees the sentences of all documents in file order, one list
of tags per sentence; documents matter to hudna only (per-document tables,
bootstrap), not to the scores.

The output is deterministic for a given seed, seqeval version and Python
version.
"""
import argparse
import json
import platform
import random
import sys
import warnings
from importlib.metadata import version as dist_version

from seqeval.metrics import classification_report
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, Entities

PINNED_VERSION = "1.2.2"
SEED = 20000604  # conlleval.pl's CoNLL-2000
N_RANDOM = 300
OUT = "tests/fixtures/seqeval/cases.json"

TYPES = ["PER", "LOC", "ORG", "MISC", "X-Y", "مكان"]
WORDS = ["قال", "الرئيس", "علييف", "باكو", "يريفان", "موسكو", "،", ".", "«", "»",
         "Paris", "de", "la", "EU", "2020", "x", "-", "B-PER", "O", "و"]


# ------------------------------------------------------------------ inputs

def span_tags(n, rng, types, iobes=False, density=0.4):
    """A clean tag sequence of length n: IOB2, or IOBES when asked."""
    tags = ["O"] * n
    i = 0
    while i < n:
        if rng.random() < density:
            t = rng.choice(types)
            length = min(n - i, rng.choice([1, 1, 2, 2, 3, 4]))
            if iobes:
                if length == 1:
                    tags[i] = "S-" + t
                else:
                    tags[i] = "B-" + t
                    for k in range(i + 1, i + length - 1):
                        tags[k] = "I-" + t
                    tags[i + length - 1] = "E-" + t
            else:
                tags[i] = "B-" + t
                for k in range(i + 1, i + length):
                    tags[k] = "I-" + t
            i += length + (1 if rng.random() < 0.7 else 0)
        else:
            i += 1
    return tags


def noisy_tags(n, rng, types, prefixes="BIO"):
    """Tags drawn independently: I- without B-, type switches, everything."""
    out = []
    for _ in range(n):
        p = rng.choice(prefixes)
        out.append("O" if p == "O" else p + "-" + rng.choice(types))
    return out


def perturb(tags, rng, types, iobes=False):
    """A prediction made from gold tags by the mistakes taggers make."""
    out = list(tags)
    for i in range(len(out)):
        r = rng.random()
        if r < 0.06:  # retype one token (a type switch inside a chunk)
            if out[i] != "O":
                out[i] = out[i][:2] + rng.choice(types)
        elif r < 0.10:  # B- written as I- (an I- without its B-)
            if out[i].startswith("B-"):
                out[i] = "I-" + out[i][2:]
        elif r < 0.14:  # a chunk cut or extended by one token
            out[i] = "O" if out[i] != "O" else "I-" + rng.choice(types)
        elif r < 0.17:  # a spurious B-
            out[i] = "B-" + rng.choice(types)
        elif r < 0.19 and iobes:
            out[i] = rng.choice("ES") + "-" + rng.choice(types)
    return out


def random_case(rng, k):
    kind = rng.choice(["clean", "clean", "clean", "noisy", "iobes", "mixed"])
    types = rng.sample(TYPES, rng.choice([1, 2, 3]))
    docs = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        sents = []
        for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
            n = rng.choice([1, 1, 2, 3, 5, 8, 12])
            iobes = kind == "iobes"
            if kind == "noisy":
                g = noisy_tags(n, rng, types)
                p = noisy_tags(n, rng, types)
            elif kind == "mixed":
                g = span_tags(n, rng, types)
                p = noisy_tags(n, rng, types, prefixes="BIESO")
            else:
                g = span_tags(n, rng, types, iobes=iobes)
                p = perturb(g, rng, types, iobes=iobes)
            sents.append([(rng.choice(WORDS), a, b) for a, b in zip(g, p)])
        docs.append(sents)
    if all(not s for s in docs):
        docs[0].append([(rng.choice(WORDS), "O", "O")])
    return {"name": f"random-{k:03d}-{kind}", "docs": docs}


def sentence(tokens, gold, pred):
    g, p = gold.split(), pred.split()
    assert len(g) == len(p), (gold, pred)
    words = tokens.split(" ") if tokens else [WORDS[i % len(WORDS)] for i in range(len(g))]
    assert len(words) == len(g)
    return list(zip(words, g, p))


def hand_cases():
    """Adversarial cases, one point each."""
    one = lambda name, *sents: {"name": name, "docs": [list(sents)]}
    s = lambda gold, pred, tokens="": sentence(tokens, gold, pred)
    return [
        {"name": "empty-files", "docs": [[]]},
        one("all-o", s("O O O", "O O O")),
        one("all-o-gold", s("O O O O", "B-PER I-PER O B-LOC")),
        one("all-o-pred", s("B-PER I-PER O B-LOC", "O O O O")),
        one("single-token-b", s("B-PER", "B-PER")),
        one("single-token-i", s("I-PER", "B-PER")),
        one("single-token-o", s("O", "I-LOC")),
        one("i-without-b-at-start", s("B-PER I-PER O", "I-PER I-PER O")),
        one("i-without-b-after-o", s("O B-LOC I-LOC", "O I-LOC I-LOC")),
        one("i-after-other-type", s("B-PER I-PER I-PER", "B-LOC I-PER I-PER")),
        one("type-switch-inside", s("B-PER I-PER I-PER", "B-PER I-LOC I-LOC")),
        one("type-switch-back", s("B-PER I-PER I-PER I-PER", "B-PER I-LOC I-PER I-PER")),
        one("b-b-same-type", s("B-PER B-PER B-PER", "B-PER I-PER B-PER")),
        one("i-i-across-sentences", s("O B-PER I-PER", "O I-PER I-PER"), s("I-PER I-PER O", "I-PER I-PER O")),
        one("e-s-in-gold", s("B-PER E-PER O S-LOC", "B-PER I-PER O B-LOC")),
        one("e-s-in-pred", s("B-PER I-PER O B-LOC", "B-PER E-PER O S-LOC")),
        one("e-after-o", s("O E-PER O", "O B-PER O")),
        one("s-after-i", s("B-PER I-PER S-PER", "B-PER I-PER B-PER")),
        one("e-other-type", s("B-PER E-LOC", "B-PER I-PER")),
        one("e-e", s("E-PER E-PER", "B-PER I-PER")),
        one("i-after-e", s("B-PER E-PER I-PER O", "B-PER I-PER I-PER O")),
        one("i-after-s", s("S-PER I-PER", "B-PER I-PER")),
        one("hyphen-in-type", s("B-X-Y I-X-Y O", "B-X-Y I-X O")),
        one("arabic-type", s("B-مكان I-مكان O", "B-مكان O O")),
        one("type-only-in-pred", s("B-PER O O", "B-PER O B-MISC")),
        one("type-only-in-gold", s("B-PER O B-ORG", "B-PER O O")),
        one("long-chunk", s(" ".join(["B-ORG"] + ["I-ORG"] * 30), " ".join(["B-ORG"] + ["I-ORG"] * 29 + ["O"]))),
        one("word-like-tags-as-tokens", s("O B-PER", "O B-PER", tokens="B-PER O")),
        one("no-break-space-in-token", s("B-LOC O", "B-LOC O", tokens="نيو\u00a0يورك ،")),
        {"name": "documents", "docs": [
            [s("B-PER I-PER O", "B-PER I-PER O")],
            [],
            [s("B-LOC O", "O O"), s("I-ORG", "B-ORG")],
        ]},
        {"name": "documents-pred-without-docstart", "docs": [
            [s("B-PER O", "B-PER O")],
            [s("O B-LOC", "O B-LOC")],
        ], "pred_docstart": False},
        {"name": "crlf", "docs": [[s("B-PER I-PER O", "B-PER O O")]], "crlf": True},
        {"name": "no-final-newline", "docs": [[s("B-PER I-PER", "B-PER I-PER")]], "final_newline": False},
    ]


def write_conll(docs, column, rng, style):
    """The CoNLL text of column 1 (gold) or 2 (prediction) of `docs`."""
    lines = []
    docstart = style["docstart"]
    for d, sents in enumerate(docs):
        if docstart:
            lines.append("-DOCSTART- -X- -X- O" if style["conll2003"] else "-DOCSTART-")
            lines.append("")
        for sent in sents:
            for tok in sent:
                lines.append(tok[0] + rng.choice(style["seps"]) + tok[column])
            lines.extend([""] * style["blanks"])
    text = style["eol"].join(lines)
    if style["final_newline"]:
        text += style["eol"]
    return text


def style_of(case, rng, pred):
    multi = len(case["docs"]) > 1
    docstart = multi or rng.random() < 0.3
    if pred and case.get("pred_docstart") is False:
        docstart = False
    return {
        "docstart": docstart,
        "conll2003": rng.random() < 0.5,
        "seps": rng.choice([["\t"], [" "], ["  ", "\t", " \t "]]),
        "blanks": rng.choice([1, 1, 1, 2]),
        "eol": "\r\n" if case.get("crlf") else "\n",
        "final_newline": case.get("final_newline", True),
    }


# ------------------------------------------------------------------ seqeval

def flat_to_sentence(entities, lengths):
    """get_entities' (type, start, last) over the sentences joined with one
    'O' after each -> [sentence, start, end exclusive, type]."""
    starts = []
    at = 0
    for n in lengths:
        starts.append(at)
        at += n + 1
    out = []
    for ty, start, last in entities:
        s = max(i for i, b in enumerate(starts) if b <= start)
        assert last - starts[s] < lengths[s], "a chunk crossed a sentence"
        out.append([s, start - starts[s], last - starts[s] + 1, ty])
    return out


def number(x):
    x = float(x)
    assert x == x, "seqeval gave NaN"
    return x


def mode_result(y_true, y_pred, strict):
    lengths = [len(s) for s in y_true]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if strict:
                report = classification_report(y_true, y_pred, output_dict=True,
                                               mode="strict", scheme=IOB2)
                gold = [[e.sent_id, e.start, e.end, e.tag]
                        for sent in Entities(y_true, IOB2).entities for e in sent]
                pred = [[e.sent_id, e.start, e.end, e.tag]
                        for sent in Entities(y_pred, IOB2).entities for e in sent]
            else:
                report = classification_report(y_true, y_pred, output_dict=True)
                gold = flat_to_sentence(get_entities(y_true), lengths)
                pred = flat_to_sentence(get_entities(y_pred), lengths)
    except (ValueError, TypeError) as e:
        # ValueError: a tag strict IOB2 refuses (E-, S-). TypeError: no
        # sentence at all (seqeval wants a non-empty list of lists).
        return {"error": f"{type(e).__name__}: {e}"}
    gold_set = {tuple(c) for c in gold}
    pred_set = {tuple(c) for c in pred}
    assert len(gold_set) == len(gold) and len(pred_set) == len(pred)

    def counts(ty=None):
        g = {c for c in gold_set if ty is None or c[3] == ty}
        p = {c for c in pred_set if ty is None or c[3] == ty}
        return {"tp": len(g & p), "pred": len(p), "true": len(g)}

    def row(name, ty=None):
        r = report[name]
        out = {
            "precision": number(r["precision"]),
            "recall": number(r["recall"]),
            "f1": number(r["f1-score"]),
            "support": int(r["support"]),
        }
        out.update(counts(ty))
        assert out["support"] == out["true"], (name, out)
        return out

    types = sorted({c[3] for c in gold_set | pred_set})
    assert set(types) == set(report) - {"micro avg", "macro avg", "weighted avg"}
    return {
        "micro": row("micro avg"),
        "types": {t: row(t, t) for t in types},
        "chunks": {"gold": sorted(gold), "pred": sorted(pred)},
    }


def build(case, rng):
    gold_style = style_of(case, rng, pred=False)
    pred_style = dict(style_of(case, rng, pred=True))
    pred_style["docstart"] = gold_style["docstart"] and case.get("pred_docstart", True)
    y_true = [[t[1] for t in sent] for sents in case["docs"] for sent in sents]
    y_pred = [[t[2] for t in sent] for sents in case["docs"] for sent in sents]
    return {
        "name": case["name"],
        "gold": write_conll(case["docs"], 1, rng, gold_style),
        "pred": write_conll(case["docs"], 2, rng, pred_style),
        "sentences": len(y_true),
        "default": mode_result(y_true, y_pred, strict=False),
        "strict": mode_result(y_true, y_pred, strict=True),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--cases", type=int, default=N_RANDOM)
    args = ap.parse_args()
    have = dist_version("seqeval")
    if have != PINNED_VERSION:
        sys.exit(f"seqeval {have} installed, the fixture is pinned to {PINNED_VERSION}")
    rng = random.Random(args.seed)
    cases = hand_cases() + [random_case(rng, k) for k in range(args.cases)]
    built = [build(c, rng) for c in cases]
    fixture = {
        "generator": "tools/seqeval_fixture.py",
        "seqeval": have,
        "numpy": dist_version("numpy"),
        "python": platform.python_version(),
        "seed": args.seed,
        "cases": built,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=1)
        f.write("\n")
    errors = sum("error" in c["strict"] for c in built)
    print(f"{len(built)} cases ({errors} refused by seqeval's strict IOB2) -> {args.out}")


if __name__ == "__main__":
    main()
