#!/usr/bin/env python3
"""Generate tests/fixtures/nervaluate/cases.json: NER cases scored by nervaluate.

Usage: nervaluate_fixture.py [--out PATH] [--seed N] [--cases N] [--min-overlap P,P,...]
(run it through tools/nervaluate_fixture.sh, which makes the virtualenv)

With --min-overlap, it writes tests/fixtures/nervaluate/min_overlap.json
instead: every case scored once per min_overlap_percentage listed, counts
only, with wider random spans (so the thresholds matter) and, besides the
hand-made cases, the min_overlap_percentage cases of nervaluate's own test
suite and cases on the edge of floating-point rounding.

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
MIN_OVERLAP_OUT = "tests/fixtures/nervaluate/min_overlap.json"
MIN_OVERLAP_CASES = 400


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


def pack_counts(res):
    """Counts only, as a list in COUNTS order (the min-overlap fixture)."""
    return [int(getattr(res, k)) for k in COUNTS]


def score(docs, min_overlap=MIN_OVERLAP_PERCENTAGE, packer=pack):
    true = [to_nervaluate(d["gold"]) for d in docs]
    pred = [to_nervaluate(d["pred"]) for d in docs]
    # loader="dict" explicitly: the "default" loader guesses the format from
    # true[0][0] and raises IndexError when the first gold document is empty.
    ev = Evaluator(true, pred, tags=LABELS, loader="dict",
                   min_overlap_percentage=min_overlap)
    res = ev.evaluate()
    overall = {s: packer(res["overall"][s]) for s in SCHEMES}
    per_label = {lab: {s: packer(res["entities"][lab][s]) for s in SCHEMES}
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


def shifted(spans, by):
    return [span(x["label"], x["start"] + by, x["end"] + by) for x in spans]


def nv(label, start, end_inclusive):
    """A span written as nervaluate's tests write it (inclusive end; their
    PER is this fixture's PERS, since tags filter labels)."""
    return span({"PER": "PERS"}.get(label, label), start, end_inclusive + 1)


# nervaluate 1.2.1's own min_overlap_percentage tests (tests/test_strategies.py
# and tests/test_evaluator.py of its sdist), spans converted from inclusive to
# exclusive end and, where the suite uses a negative start, every span of the
# case shifted right by 5 (the overlap arithmetic is shift-invariant).
_TRUE10 = [nv("PER", 0, 9)]
NV_SUITE = [
    ("test_overlap_percentage_calculation: pred %s vs true [0,9] (inclusive)" % (p,),
     [doc(shifted(_TRUE10, 5), [nv("PER", p[0] + 5, p[1] + 5)])])
    for p in [(0, 9), (0, 4), (5, 9), (0, 0), (9, 9), (10, 15), (-5, 2), (7, 12), (2, 7)]
] + [
    ("test_has_sufficient_overlap / test_partial_evaluation_with_min_overlap: pred [0,%d] "
     "vs true [0,9] (inclusive)" % e, [doc(list(_TRUE10), [nv("PER", 0, e)])])
    for e in (6, 2, 7)
] + [
    ("test_strict/entity_type/exact_evaluation_with_min_overlap: ORG [0,6] vs PER [0,9]",
     [doc(list(_TRUE10), [nv("ORG", 0, 6)])]),
    ("test_exact_evaluation_with_min_overlap: ORG [0,9] vs PER [0,9]",
     [doc(list(_TRUE10), [nv("ORG", 0, 9)])]),
    ("test_exact_evaluation_with_min_overlap: ORG [0,2] vs PER [0,9]",
     [doc(list(_TRUE10), [nv("ORG", 0, 2)])]),
    ("test_edge_cases_overlap_calculation: single-token gold [5,5], preds [5,5] / [6,6] / [4,6]",
     [doc([nv("ORG", 5, 5)], [nv("ORG", 5, 5)]), doc([nv("ORG", 5, 5)], [nv("ORG", 6, 6)]),
      doc([nv("ORG", 5, 5)], [nv("ORG", 4, 6)])]),
    ("test_multiple_entities_with_min_overlap",
     [doc([nv("PER", 0, 4), nv("ORG", 10, 14)],
          [nv("PER", 0, 1), nv("ORG", 10, 12), nv("LOC", 20, 22)])]),
    ("test_evaluator_with_min_overlap_percentage", [doc(list(_TRUE10), [nv("PER", 0, 2)])]),
]

# Overlaps on the edge of a threshold. nervaluate computes
# overlap / gold_length * 100.0 >= min_overlap_percentage in floating point:
# 29 / 100 * 100.0 is 28.999999999999996, so a 29-position overlap of a
# 100-long gold is NOT enough at 29%, though exactly 29% in rationals.
FLOAT_EDGE = [
    ("edge: gold 100 long, overlap 29 (float 28.999999999999996 < 29)",
     [doc([O(0, 100)], [O(71, 103)]), doc([P(0, 100)], [L(0, 29)])]),
    ("edge: gold 100 long, overlap 57 (float 57.00000000000001)", [doc([O(0, 100)], [O(43, 101)])]),
    ("edge: gold 3 long, overlap 1 (33.33.. vs 33.3) and 2 (66.66.. vs 66.7)",
     [doc([G(0, 3)], [G(2, 5)]), doc([G(0, 3)], [G(1, 5)])]),
    ("edge: gold 4 long, overlaps 1, 2, 3 (exactly 25, 50, 75)",
     [doc([L(0, 4)], [L(3, 6)]), doc([L(0, 4)], [L(2, 6)]), doc([L(0, 4)], [L(1, 6)])]),
    ("edge: gold 10 long, overlap 1 (exactly 10) and 9 (90)",
     [doc([P(0, 10)], [P(9, 12)]), doc([P(0, 10)], [P(1, 10)])]),
    ("edge: pred inside a long gold: the pred's length plays no role",
     [doc([O(0, 40)], [O(10, 20)]), doc([O(0, 40)], [O(0, 30)])]),
    ("edge: pred covering the gold and more: 100% of the gold",
     [doc([G(5, 9)], [G(0, 30)])]),
    ("edge: same-type gold below threshold, other-type gold above (ent_type search)",
     [doc([P(0, 10), O(10, 14)], [P(8, 14)])]),
    ("edge: two same-type golds, the closer one below threshold",
     [doc([P(0, 20), P(20, 24)], [P(15, 24)])]),
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


# Wider spans for the min-overlap fixture, so that 10%, 25%, ... differ.
WIDE_WIDTHS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40, 50, 80, 100, 150]


def gen_gold(rng, wide=False):
    n = rng.choice([0, 1, 2, 2, 3, 3, 4, 4, 5, 6])
    pos = rng.randint(0, 6)
    gold = []
    for _ in range(n):
        w = rng.choice(WIDE_WIDTHS if wide else WIDTHS)
        gold.append(span(rng.choice(LABELS), pos, pos + w))
        pos += w + rng.choice(GAPS)
    return gold, pos + rng.randint(2, 10)


def clamp_span(label, s, e):
    s = max(0, s)
    if e <= s:
        e = s + 1
    return span(label, s, e)


def perturb(rng, gold, i, op, feats, wide=False):
    g = gold[i]
    s, e, lab = g["start"], g["end"], g["label"]
    w = e - s
    d = rng.randint(1, max(1, w)) if wide else rng.choice([1, 1, 2, 3])
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


def gen_doc(rng, messy, feats, wide=False):
    gold, length = gen_gold(rng, wide)
    pred = []
    ops = MESSY if messy else ONE_TO_ONE
    for i in range(len(gold)):
        op = rng.choice(ops)
        feats.add(op)
        pred.extend(perturb(rng, gold, i, op, feats, wide))
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


def gen_case(rng, wide=False):
    feats = set()
    messy = rng.random() < 0.55
    n_docs = rng.choice([1, 1, 2, 2, 3])
    docs = [gen_doc(rng, messy, feats, wide) for _ in range(n_docs)]
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


def build_threshold_case(idx, note, docs, feats, thresholds):
    check_gold(docs)
    by = []
    for t in thresholds:
        overall, per_label = score(docs, t, pack_counts)
        by.append({"min_overlap_percentage": t, "overall": overall, "per_label": per_label})
    return {"id": "m%03d" % idx, "note": note, "features": sorted(feats), "docs": docs,
            "by_min_overlap": by}


def main_min_overlap(args, thresholds, nv_version):
    rng = random.Random(args.seed)
    fixed = ([("hand-made: " + n, d, {"hand_made"}) for n, d in HANDMADE]
             + [("nervaluate suite: " + n, d, {"nervaluate_suite"}) for n, d in NV_SUITE]
             + [("threshold " + n, d, {"threshold_edge"}) for n, d in FLOAT_EDGE])
    cases = [build_threshold_case(i, n, d, f, thresholds) for i, (n, d, f) in enumerate(fixed)]
    while len(cases) < args.cases:
        note, docs, feats = gen_case(rng, wide=True)
        cases.append(build_threshold_case(len(cases), note + ", wide spans", docs, feats,
                                          thresholds))
    meta = {
        "nervaluate_version": nv_version,
        "python_version": platform.python_version(),
        "seed": args.seed,
        "generator": ("tools/nervaluate_fixture.py --min-overlap %s "
                      "(run via tools/nervaluate_fixture.sh)" % args.min_overlap),
        "end_offset_convention": (
            "Spans here use EXCLUSIVE end (hudna's convention); each span was passed to "
            "nervaluate as {label, start, end - 1} (nervaluate's end is inclusive)."),
        "evaluator_call": ("Evaluator(true, pred, tags=labels, loader='dict', "
                           "min_overlap_percentage=T) for each T in min_overlap_percentages"),
        "min_overlap_percentages": thresholds,
        "labels": LABELS,
        "schemes": {"strict": "strict", "exact": "exact", "partial": "partial", "ent_type": "type"},
        "counts": COUNTS,
        "counts_note": ("each scheme's result is the list of counts in the order of `counts`; "
                        "rates follow from them by the formulae of cases.json's README"),
        "per_label_note": ("as in cases.json: every label occurring in gold or pred anywhere "
                           "in the case, each nervaluate's evaluation restricted to that label"),
        "semantics": (
            "a pred and a gold overlap sufficiently when ov > 0 and "
            "ov / len(gold) * 100.0 >= min_overlap_percentage in IEEE double arithmetic "
            "(ov = shared positions, len(gold) = gold.end - gold.start, exclusive ends); "
            "the test gates incorrect/partial in every scheme and the same-label "
            "search of ent_type; exact-boundary matches in strict/exact/partial do not "
            "depend on it"),
        "n_cases": len(cases),
    }
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("{\n")
        f.write('"meta": %s,\n' % json.dumps(meta, ensure_ascii=False))
        f.write('"cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]\n}\n")
    print("wrote %d cases x %d thresholds to %s" % (len(cases), len(thresholds), args.out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=None)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--cases", type=int, default=None)
    ap.add_argument("--min-overlap", default=None, metavar="P,P,...",
                    help="write the min_overlap_percentage fixture for these thresholds")
    args = ap.parse_args()

    nv_version = dist_version("nervaluate")
    if nv_version != PINNED_VERSION:
        sys.exit("nervaluate %s installed, %s pinned" % (nv_version, PINNED_VERSION))

    if args.min_overlap is not None:
        thresholds = [float(x) for x in args.min_overlap.split(",")]
        args.out = args.out or MIN_OVERLAP_OUT
        args.cases = args.cases or MIN_OVERLAP_CASES
        return main_min_overlap(args, thresholds, nv_version)
    args.out = args.out or OUT
    args.cases = args.cases or N_CASES

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
