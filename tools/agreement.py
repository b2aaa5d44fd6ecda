#!/usr/bin/env python3
"""Inter-annotator agreement between two annotations of one article.

Usage: agreement.py FIRST.jsonl SECOND.jsonl [--article ARTICLE.txt]
       agreement.py --self-test

F1 with the first file as reference (F1 is symmetric, so the choice does not
change it). Entities: exact span and type (strict), and exact span only.
Casualty figures: (category, value) as a multiset, span ignored. Event
triggers: same type and overlapping trigger spans, matched one-to-one in text
order. Prints JSON.

Events are also matched by sentence + type (`event_sentence_type`): two
annotators who read the same clause as the same event but chose different
trigger words («وقف» or «وقف القتال», «اتفاق» or «وقف إطلاق النار») agree
there, and `event_trigger_choice` lists those pairs, so a trigger choice shows
as one difference of span, not as a miss plus a spurious event. Sentences are
cut as `hudna` cuts them (rule V9: . ! ? ؟ before a space or the end, or a
line break), which needs the article: by default FIRST with `.txt` for
`.jsonl`.

For event pairs matched by trigger overlap + type, `event_attributes` counts
agreement on modality, reported_by and arguments; references are compared by
the span of the entity they point to, since the two files number their
entities independently.
"""
import json
import os
import sys
from collections import Counter, defaultdict


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


def overlaps(x, y):
    return x["trigger"]["start"] < y["trigger"]["end"] and y["trigger"]["start"] < x["trigger"]["end"]


def trigger_pairs(a, b):
    """One-to-one pairs (x, y) of the same type with overlapping triggers, in text order."""
    used, pairs = set(), []
    for x in sorted(a, key=lambda r: r["trigger"]["start"]):
        for i, y in enumerate(b):
            if i in used or x["type"] != y["type"] or not overlaps(x, y):
                continue
            used.add(i)
            pairs.append((x, y))
            break
    return pairs


def triggers(a, b):
    return f1(len(trigger_pairs(a, b)), len(a), len(b))


def sentence_starts(text):
    """Start offset of the sentence of each code point, as hudna's Article::sentence_of."""
    def is_end(i):
        c = text[i]
        if c == "\n":
            return True
        if c in ".!?؟":
            return i + 1 >= len(text) or text[i + 1].isspace() or text[i + 1] == "."
        return False
    starts, s = [], 0
    for i in range(len(text)):
        starts.append(s)
        if is_end(i):
            s = i + 1
    starts.append(s)
    return starts


def sentence_type(a, b, text):
    """Events matched by (sentence, type); pairs whose triggers do not overlap are trigger choices."""
    starts = sentence_starts(text)
    key = lambda r: (starts[r["trigger"]["start"]], r["type"])
    ga, gb = defaultdict(list), defaultdict(list)
    for r in sorted(a, key=lambda r: r["trigger"]["start"]):
        ga[key(r)].append(r)
    for r in sorted(b, key=lambda r: r["trigger"]["start"]):
        gb[key(r)].append(r)
    tp, choices = 0, []
    for k, xs in ga.items():
        ys = list(gb.get(k, []))
        rest = []
        # Overlapping triggers pair first, so only a real difference of trigger
        # word is reported as a choice.
        for x in xs:
            hit = next((y for y in ys if overlaps(x, y)), None)
            if hit is not None:
                ys.remove(hit)
                tp += 1
            else:
                rest.append(x)
        for x, y in zip(rest, ys):
            tp += 1
            choices.append({"sentence_start": k[0], "type": k[1],
                            "first": [x["trigger"]["start"], x["trigger"]["end"], x["trigger"]["text"]],
                            "second": [y["trigger"]["start"], y["trigger"]["end"], y["trigger"]["text"]]})
    out = f1(tp, len(a), len(b))
    return out, choices


def attributes(pairs, first, second):
    """Agreement on modality, reported_by and arguments over trigger-matched event pairs."""
    spans = lambda rs: {r["id"]: (r["start"], r["end"]) for r in rs if r["kind"] == "entity"}
    sa, sb = spans(first), spans(second)
    ref = lambda m, s: s.get(m) if m else None
    modality = sum(x["modality"] == y["modality"] for x, y in pairs)
    reported = sum(ref(x.get("reported_by"), sa) == ref(y.get("reported_by"), sb) for x, y in pairs)
    args_a = [(x["trigger"]["start"], a["role"], ref(a.get("mention"), sa)) for x, _ in pairs for a in x.get("args", [])]
    args_b = [(x["trigger"]["start"], a["role"], ref(a.get("mention"), sb)) for x, y in pairs for a in y.get("args", [])]
    n = len(pairs)
    return {"pairs": n,
            "modality": {"agreed": modality, "rate": round(modality / n, 4) if n else 0.0},
            "reported_by": {"agreed": reported, "rate": round(reported / n, 4) if n else 0.0},
            "arguments_role_span": multiset_f1(args_a, args_b)}


def agreement(first, second, text):
    kind = lambda rs, k: [r for r in rs if r["kind"] == k]
    ea, eb = kind(first, "entity"), kind(second, "entity")
    va, vb = kind(first, "event"), kind(second, "event")
    by_sentence, choices = sentence_type(va, vb, text)
    return {
        "entities_strict": multiset_f1([(r["start"], r["end"], r["type"]) for r in ea], [(r["start"], r["end"], r["type"]) for r in eb]),
        "entities_span": multiset_f1([(r["start"], r["end"]) for r in ea], [(r["start"], r["end"]) for r in eb]),
        "entities_ref": multiset_f1([(r["start"], r["end"], r.get("ref")) for r in ea if r.get("ref")], [(r["start"], r["end"], r.get("ref")) for r in eb if r.get("ref")]),
        "casualties_category_value": multiset_f1([(r["category"], r["count"]["value"], r["count"]["low"]) for r in kind(first, "casualty")], [(r["category"], r["count"]["value"], r["count"]["low"]) for r in kind(second, "casualty")]),
        "event_triggers_overlap_type": triggers(va, vb),
        "event_triggers_overlap": triggers([dict(r, type="") for r in va], [dict(r, type="") for r in vb]),
        "event_sentence_type": by_sentence,
        "event_trigger_choice": choices,
        "event_attributes": attributes(trigger_pairs(va, vb), first, second),
    }


def self_test():
    text = "دعا الرئيس إلى وقف القتال.\nوقال الوزير إن الحرب مستمرة.\n"
    at = lambda s: (text.index(s), text.index(s) + len(s))
    def ev(i, t, s, mod="asserted", rb=None):
        a, b = at(s)
        return {"kind": "event", "id": i, "type": t, "trigger": {"start": a, "end": b, "text": s},
                "args": [], "modality": mod, "reported_by": rb}
    def ent(i, s):
        a, b = at(s)
        return {"kind": "entity", "id": i, "type": "OCC", "start": a, "end": b, "text": s, "ref": None}
    first = [ent("e1", "الوزير"), ev("v1", "CEASEFIRE_CALL", "وقف", "called_for"), ev("v2", "ARMED_CLASH", "الحرب", rb="e1")]
    second = [ent("x9", "الوزير"), ev("w1", "CEASEFIRE_CALL", "وقف القتال", "called_for"), ev("w2", "ARMED_CLASH", "الحرب", rb="x9")]
    # A trigger overlap still matches («وقف» inside «وقف القتال»): no choice.
    out = agreement(first, second, text)
    assert out["event_sentence_type"]["tp"] == 2 and out["event_trigger_choice"] == [], out
    assert out["event_attributes"]["reported_by"]["agreed"] == 2, out
    # A different word in the same clause: a choice, not a miss and a spurious event.
    second[1] = ev("w1", "CEASEFIRE_CALL", "دعا", "called_for")
    out = agreement(first, second, text)
    assert out["event_triggers_overlap_type"]["tp"] == 1, out
    assert out["event_sentence_type"]["tp"] == 2, out
    assert [c["second"][2] for c in out["event_trigger_choice"]] == ["دعا"], out
    # Another sentence is another event.
    second[1] = ev("w1", "CEASEFIRE_CALL", "مستمرة", "called_for")
    out = agreement(first, second, text)
    assert out["event_sentence_type"]["tp"] == 1 and out["event_trigger_choice"] == [], out
    assert sentence_starts("أ. ب\nج")[3] == 2 and sentence_starts("أ. ب\nج")[5] == 5
    print("self-test: ok")


def main():
    args = sys.argv[1:]
    if args == ["--self-test"]:
        self_test()
        return
    article = None
    if "--article" in args:
        i = args.index("--article")
        article = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    first_path, second_path = args
    if article is None:
        article = os.path.splitext(first_path)[0] + ".txt"
    if not os.path.exists(article):
        sys.exit(f"{article}: no such article; name it with --article (sentences need the text)")
    text = open(article, encoding="utf-8", newline="").read()
    out = agreement(load(first_path), load(second_path), text)
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
