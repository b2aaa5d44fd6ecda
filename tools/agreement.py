#!/usr/bin/env python3
"""Inter-annotator agreement between two annotations of one article.

Usage: agreement.py FIRST.jsonl SECOND.jsonl

F1 with the first file as reference (F1 is symmetric, so the choice does not
change it). Entities: exact span and type (strict), and exact span only.
Casualty figures: (category, value) as a multiset, span ignored. Event
triggers: same type and overlapping trigger spans, matched one-to-one in text
order. Prints JSON.
"""
import json
import sys
from collections import Counter


def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def f1(tp, n_ref, n_hyp):
    p = tp / n_hyp if n_hyp else 0.0
    r = tp / n_ref if n_ref else 0.0
    return {"tp": tp, "ref": n_ref, "hyp": n_hyp, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def multiset_f1(a, b):
    ca, cb = Counter(a), Counter(b)
    return f1(sum((ca & cb).values()), len(a), len(b))


def triggers(a, b):
    used, tp = set(), 0
    for x in sorted(a, key=lambda r: r["trigger"]["start"]):
        for i, y in enumerate(b):
            if i in used or x["type"] != y["type"]:
                continue
            if x["trigger"]["start"] < y["trigger"]["end"] and y["trigger"]["start"] < x["trigger"]["end"]:
                used.add(i)
                tp += 1
                break
    return f1(tp, len(a), len(b))


def main():
    first, second = load(sys.argv[1]), load(sys.argv[2])
    kind = lambda rs, k: [r for r in rs if r["kind"] == k]
    ea, eb = kind(first, "entity"), kind(second, "entity")
    out = {
        "entities_strict": multiset_f1([(r["start"], r["end"], r["type"]) for r in ea], [(r["start"], r["end"], r["type"]) for r in eb]),
        "entities_span": multiset_f1([(r["start"], r["end"]) for r in ea], [(r["start"], r["end"]) for r in eb]),
        "entities_ref": multiset_f1([(r["start"], r["end"], r.get("ref")) for r in ea if r.get("ref")], [(r["start"], r["end"], r.get("ref")) for r in eb if r.get("ref")]),
        "casualties_category_value": multiset_f1([(r["category"], r["count"]["value"], r["count"]["low"]) for r in kind(first, "casualty")], [(r["category"], r["count"]["value"], r["count"]["low"]) for r in kind(second, "casualty")]),
        "event_triggers_overlap_type": triggers(kind(first, "event"), kind(second, "event")),
        "event_triggers_overlap": triggers([dict(r, type="") for r in kind(first, "event")], [dict(r, type="") for r in kind(second, "event")]),
    }
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
