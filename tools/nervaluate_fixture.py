#!/usr/bin/env python3
"""Generate tests/fixtures/nervaluate/cases.json: NER cases scored by nervaluate.

Usage: nervaluate_fixture.py [--out PATH] [--seed N] [--cases N]
(run it through tools/nervaluate_fixture.sh, which makes the virtualenv)

Each case is a corpus of 1-3 documents. Spans are {"label", "start", "end"}
with `end` EXCLUSIVE (hudna's convention). nervaluate reads `end` as
INCLUSIVE, so every span is handed to it as (start, end - 1). The output is
deterministic for a given seed, nervaluate version and Python version.
"""
import argparse
import json
import platform
import random
import sys
from importlib.metadata import version as dist_version

from nervaluate import Evaluator

PINNED_VERSION = "1.2.1"
SEED = 20130614
N_CASES = 300
LABELS = ["PERS", "ORG", "GPE", "LOC"]
SCHEMES = ["strict", "exact", "partial", "ent_type"]
COUNTS = ["correct", "incorrect", "partial", "missed", "spurious", "possible", "actual"]
RATES = ["precision", "recall", "f1"]
MIN_OVERLAP_PERCENTAGE = 1.0  # nervaluate's default, used here
OUT = "tests/fixtures/nervaluate/cases.json"


def span(label, start, end):
    assert end > start >= 0, (label, start, end)
    return {"label": label, "start": start, "end": end}


def overlap_len(a, b):
    """Characters shared by two exclusive-end spans (0 when disjoint or touching)."""
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def nervaluate_overlaps(pred, gold):
    """nervaluate's 'sufficient overlap' test at 1%, in exact integer form:
    shared length * 100 >= gold length (the percentage is of the gold span)."""
    o = overlap_len(pred, gold)
    return o > 0 and o * 100 >= gold["end"] - gold["start"]


# --------------------------------------------------------------- nervaluate

def to_nervaluate(spans):
    """hudna exclusive end -> nervaluate inclusive end."""
    return [{"label": s["label"], "start": s["start"], "end": s["end"] - 1} for s in spans]


def pack(res):
    out = {k: int(getattr(res, k)) for k in COUNTS}
    for k in RATES:
        out[k] = float(getattr(res, k))  # nervaluate leaves int 0 on zero denominators
    return out


def score(docs):
    true = [to_nervaluate(d["gold"]) for d in docs]
    pred = [to_nervaluate(d["pred"]) for d in docs]
    # loader="dict" explicitly: the "default" loader guesses the format from
    # true[0][0] and raises IndexError when the first gold document is empty.
    ev = Evaluator(true, pred, tags=LABELS, loader="dict",
                   min_overlap_percentage=MIN_OVERLAP_PERCENTAGE)
    res = ev.evaluate()
    overall = {s: pack(res["overall"][s]) for s in SCHEMES}
    per_label = {lab: {s: pack(res["entities"][lab][s]) for s in SCHEMES}
                 for lab in sorted(res["entities"])}
    return overall, per_label


# ------------------------------------------------------------ overlap_free

def is_overlap_free(docs):
    """True when every gold-pred overlap is one-to-one: no gold overlaps two or
    more preds, no pred overlaps two or more golds, no two preds overlap each
    other, and no gold-pred overlap falls below nervaluate's 1% threshold
    (such an overlap is invisible to nervaluate but not to a plain matcher)."""
    for d in docs:
        g, p = d["gold"], d["pred"]
        for x in p:
            if sum(1 for y in g if overlap_len(x, y)) > 1:
                return False
            if any(overlap_len(x, y) and not nervaluate_overlaps(x, y) for y in g):
                return False
        for y in g:
            if sum(1 for x in p if overlap_len(x, y)) > 1:
                return False
        for i in range(len(p)):
            for j in range(i + 1, len(p)):
                if overlap_len(p[i], p[j]):
                    return False
    return True


def check_gold(docs):
    for d in docs:
        g = sorted(d["gold"], key=lambda s: s["start"])
        for a, b in zip(g, g[1:]):
            assert a["end"] <= b["start"], ("overlapping gold", a, b)


# ------------------------------------------------------- hand-made cases

def P(s, e):
    return span("PERS", s, e)


def O(s, e):
    return span("ORG", s, e)


def G(s, e):
    return span("GPE", s, e)


def L(s, e):
    return span("LOC", s, e)


def doc(gold, pred):
    return {"gold": gold, "pred": pred}


HANDMADE = [
    ("exact match", [doc([P(0, 5)], [P(0, 5)])]),
    ("wrong type, same boundaries", [doc([P(0, 5)], [O(0, 5)])]),
    ("same type, shifted boundaries", [doc([P(0, 5)], [P(2, 7)])]),
    ("wrong type and partial overlap", [doc([P(0, 5)], [O(3, 9)])]),
    ("spurious only", [doc([], [L(3, 6)])]),
    ("missed only", [doc([G(3, 6)], [])]),
    ("both sides empty", [doc([], [])]),
    ("adjacent, touching but not overlapping (exclusive end)", [doc([P(0, 5)], [P(5, 8)])]),
    ("adjacent gold spans, pred touching both",
     [doc([P(0, 4), O(4, 9), G(9, 12)], [O(4, 9), L(12, 15)])]),
    ("pred spanning two gold spans", [doc([P(0, 4), O(5, 9)], [P(0, 9)])]),
    ("pred spanning two gold spans, gold listed in reverse", [doc([O(5, 9), P(0, 4)], [P(0, 9)])]),
    ("two preds overlapping one gold", [doc([P(0, 10)], [P(0, 4), P(5, 10)])]),
    ("partial pred listed before the exact pred", [doc([P(0, 5)], [P(0, 3), P(0, 5)])]),
    ("exact pred listed before the partial pred", [doc([P(0, 5)], [P(0, 5), P(0, 3)])]),
    ("wrong-type exact pred listed before the right-type exact pred",
     [doc([P(0, 5)], [O(0, 5), P(0, 5)])]),
    ("duplicated exact prediction", [doc([P(0, 5)], [P(0, 5), P(0, 5)])]),
    ("duplicated wrong-type prediction", [doc([P(0, 5), G(8, 10)], [O(0, 5), O(0, 5), G(8, 10)])]),
    ("ent_type picks the closest same-type gold, not the first",
     [doc([P(0, 6), P(6, 9)], [P(4, 9)])]),
    ("ent_type tie on boundary distance goes to the first listed gold",
     [doc([P(0, 4), P(6, 10)], [P(2, 8)])]),
    ("ent_type prefers a same-type gold over an earlier different-type gold",
     [doc([O(0, 4), P(4, 8)], [P(2, 8)])]),
    ("first gold document empty (default loader would crash)",
     [doc([], [P(1, 3)]), doc([O(0, 4)], [O(0, 4)])]),
    ("first pred document empty", [doc([P(0, 3)], []), doc([O(0, 4)], [O(0, 4)])]),
    ("three documents, one of them empty on both sides",
     [doc([P(0, 3), G(5, 9)], [P(0, 3), L(5, 9)]), doc([], []), doc([O(2, 6)], [O(2, 5), P(10, 12)])]),
    ("single-character spans", [doc([P(0, 1), O(1, 2), G(3, 4)], [P(0, 1), P(1, 2), G(4, 5)])]),
    ("long gold (100), 1-char overlap: exactly 1%, counts", [doc([O(0, 100)], [O(99, 104)])]),
    ("long gold (101), 1-char overlap: 0.99%, ignored", [doc([O(0, 101)], [O(100, 104)])]),
    ("long gold (250), 2-char overlap: 0.8%, ignored; 3-char elsewhere: 1.2%, counts",
     [doc([O(0, 250)], [O(248, 252)]), doc([L(10, 260)], [L(0, 13)])]),
    ("label appears only on the pred side", [doc([P(0, 5)], [P(0, 5), G(7, 9)])]),
    ("pred overlapping two golds claims the first listed; gold order decides whether "
     "the exact pred that follows is correct or spurious",
     [doc([P(0, 5), P(6, 9)], [P(1, 7), P(6, 9)]), doc([P(6, 9), P(0, 5)], [P(1, 7), P(6, 9)])]),
    ("pred inside gold and pred covering gold, unsorted",
     [doc([G(10, 20), P(0, 5)], [P(0, 8), G(12, 15), G(9, 21)])]),
]


# ------------------------------------------------------------ random cases

WIDTHS = [1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 10, 12]
GAPS = [0, 0, 1, 1, 2, 3, 4, 6, 9, 14]

ONE_TO_ONE = ["exact", "exact", "exact", "wrong_type", "shift", "move_start", "move_end",
              "shrink", "drop", "wrong_type_shift", "touch"]
MESSY = ONE_TO_ONE + ["extend", "duplicate", "split", "merge_next", "duplicate_shift",
                      "exact_then_partial", "partial_then_exact", "extend", "merge_next"]


def other_label(rng, label):
    return rng.choice([x for x in LABELS if x != label])


def gen_gold(rng):
    n = rng.choice([0, 1, 2, 2, 3, 3, 4, 4, 5, 6])
    pos = rng.randint(0, 6)
    gold = []
    for _ in range(n):
        w = rng.choice(WIDTHS)
        gold.append(span(rng.choice(LABELS), pos, pos + w))
        pos += w + rng.choice(GAPS)
    return gold, pos + rng.randint(2, 10)


def clamp_span(label, s, e):
    s = max(0, s)
    if e <= s:
        e = s + 1
    return span(label, s, e)


def perturb(rng, gold, i, op, feats):
    g = gold[i]
    s, e, lab = g["start"], g["end"], g["label"]
    w = e - s
    d = rng.choice([1, 1, 2, 3])
    if op == "exact":
        return [span(lab, s, e)]
    if op == "wrong_type":
        return [span(other_label(rng, lab), s, e)]
    if op == "shift":
        d = rng.choice([-d, d])
        return [clamp_span(lab, s + d, e + d)]
    if op == "wrong_type_shift":
        d = rng.choice([-d, d])
        return [clamp_span(other_label(rng, lab), s + d, e + d)]
    if op == "move_start":
        return [clamp_span(lab, s + rng.choice([-d, d]), e)]
    if op == "move_end":
        return [clamp_span(lab, s, e + rng.choice([-d, d]))]
    if op == "shrink":
        if w < 3:
            return [clamp_span(lab, s, e + 1)]
        a = rng.randint(s, e - 2)
        return [span(lab, a, rng.randint(a + 1, e))]
    if op == "extend":
        return [clamp_span(lab, s - rng.randint(0, 3), e + rng.randint(1, 4))]
    if op == "drop":
        return []
    if op == "touch":  # adjacent to the gold on one side, no overlap
        if rng.random() < 0.5 or s == 0:
            return [span(rng.choice([lab, other_label(rng, lab)]), e, e + rng.randint(1, 3))]
        return [span(rng.choice([lab, other_label(rng, lab)]), max(0, s - rng.randint(1, 3)), s)]
    if op == "duplicate":
        return [span(lab, s, e), span(lab, s, e)]
    if op == "duplicate_shift":
        x = clamp_span(lab, s + 1, e + 1)
        return [x, dict(x)]
    if op == "split":
        if w < 2:
            return [span(lab, s, e), span(lab, s, e + 1)]
        m = rng.randint(s + 1, e - 1)
        return [span(lab, s, m), span(rng.choice([lab, lab, other_label(rng, lab)]), m, e)]
    if op == "exact_then_partial":
        return [span(lab, s, e), clamp_span(lab, s, e - 1 if w > 1 else e + 1)]
    if op == "partial_then_exact":
        return [clamp_span(lab, s, e - 1 if w > 1 else e + 1), span(lab, s, e)]
    if op == "merge_next":
        if i + 1 < len(gold):
            n = gold[i + 1]
            lo, hi = min(s, n["start"]), max(e, n["end"])
            return [span(rng.choice([lab, n["label"]]), lo, hi)]
        feats.discard("merge_next")
        feats.add("exact")
        return [span(lab, s, e)]
    raise ValueError(op)


def gen_doc(rng, messy, feats):
    gold, length = gen_gold(rng)
    pred = []
    ops = MESSY if messy else ONE_TO_ONE
    for i in range(len(gold)):
        op = rng.choice(ops)
        feats.add(op)
        pred.extend(perturb(rng, gold, i, op, feats))
    # spurious predictions: in a gap (clean) or anywhere (messy)
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
        w = rng.choice([1, 2, 3, 4])
        if messy:
            a = rng.randint(0, length)
            feats.add("spurious_anywhere")
            pred.append(span(rng.choice(LABELS), a, a + w))
        else:
            taken = [(x["start"], x["end"]) for x in gold + pred]
            for _try in range(20):
                a = rng.randint(0, length + 5)
                if all(a + w <= ts or a >= te for ts, te in taken):
                    pred.append(span(rng.choice(LABELS), a, a + w))
                    feats.add("spurious")
                    break
    if rng.random() < 0.12:  # empty prediction document
        if pred:
            feats.add("empty_pred_doc")
        pred = []
    if rng.random() < 0.6 and len(pred) > 1:
        rng.shuffle(pred)
        feats.add("shuffled_pred")
    if rng.random() < 0.35 and len(gold) > 1:
        rng.shuffle(gold)
        feats.add("shuffled_gold")
    if not gold:
        feats.add("empty_gold_doc")
    return {"gold": gold, "pred": pred}


def gen_case(rng):
    feats = set()
    messy = rng.random() < 0.55
    n_docs = rng.choice([1, 1, 2, 2, 3])
    docs = [gen_doc(rng, messy, feats) for _ in range(n_docs)]
    return ("random, " + ("messy" if messy else "one-to-one perturbations")), docs, feats


# -------------------------------------------------------------------- main

def build_case(idx, note, docs, feats):
    check_gold(docs)
    overall, per_label = score(docs)
    return {
        "id": "c%03d" % idx,
        "note": note,
        "features": sorted(feats),
        "overlap_free": is_overlap_free(docs),
        "docs": docs,
        "overall": overall,
        "per_label": per_label,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--cases", type=int, default=N_CASES)
    args = ap.parse_args()

    nv_version = dist_version("nervaluate")
    if nv_version != PINNED_VERSION:
        sys.exit("nervaluate %s installed, %s pinned" % (nv_version, PINNED_VERSION))

    rng = random.Random(args.seed)
    cases = [build_case(i, "hand-made: " + note, docs, {"hand_made"})
             for i, (note, docs) in enumerate(HANDMADE)]
    while len(cases) < args.cases:
        note, docs, feats = gen_case(rng)
        cases.append(build_case(len(cases), note, docs, feats))

    meta = {
        "nervaluate_version": nv_version,
        "python_version": platform.python_version(),
        "seed": args.seed,
        "generator": "tools/nervaluate_fixture.py (run via tools/nervaluate_fixture.sh)",
        "end_offset_convention": (
            "Spans here use EXCLUSIVE end (Python slice semantics, hudna's convention). "
            "nervaluate treats end as INCLUSIVE, so each span was passed to it as "
            "{label, start, end - 1}; the results below are nervaluate's for those spans."),
        "evaluator_call": "Evaluator(true, pred, tags=labels, loader='dict', min_overlap_percentage=1.0)",
        "labels": LABELS,
        "schemes": {"strict": "strict", "exact": "exact", "partial": "partial", "ent_type": "type"},
        "per_label_note": ("per_label holds every label that occurs in gold or pred anywhere in the "
                           "case (nervaluate omits the others); it is nervaluate's separate "
                           "evaluation of the corpus restricted to that label on both sides."),
        "overlap_free_note": (
            "true when every gold-pred overlap is one-to-one (no span overlaps two or more spans "
            "of the other side, no two preds overlap) and no gold-pred overlap is below "
            "nervaluate's 1% threshold"),
        "n_cases": len(cases),
        "n_overlap_free": sum(c["overlap_free"] for c in cases),
    }
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("{\n")
        f.write('"meta": %s,\n' % json.dumps(meta, ensure_ascii=False))
        f.write('"cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]\n}\n")
    print("wrote %d cases (%d overlap_free) to %s" % (len(cases), meta["n_overlap_free"], args.out))


if __name__ == "__main__":
    main()
