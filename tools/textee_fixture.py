#!/usr/bin/env python3
"""Generate tests/fixtures/textee/: hudna predictions scored by TextEE's scorer.

Usage: textee_fixture.py --scorer PATH/TO/TextEE/scorer.py [--out DIR] [--seed N]
(run it through tools/textee_fixture.sh, which makes the virtualenv)

The gold is hudna's (annotations/*.jsonl). Each document becomes one TextEE
window (doc_id = wnd_id = the hudna document id); an event becomes
{"trigger": [start, end, type], "arguments": [[start, end, role], ...]},
where an argument's span is the span of the entity mention its `mention`
id names. Offsets are hudna's code points, end exclusive; TextEE compares
offsets as opaque numbers, so their unit does not matter.

Each case is a seeded perturbation of the gold events, written as a hudna
predictions file (entity records for every argument mention, then the
events) and scored with TextEE's compute_scores(preds, golds, "E2E"). The
output is deterministic for a given seed, scorer and Python version.
"""
import argparse
import hashlib
import importlib.util
import json
import platform
import random
import re
import sys
from pathlib import Path

SEED = 20231115
OUT = "tests/fixtures/textee"
GOLD = "annotations"
SCORER_SHA256 = "c77788f9b7756145abf396f99c291fbf80e9a0bdca66307a8158f8e5ae0d1e8e"
TEXTEE_REPO = "ej0cl6/TextEE"
TEXTEE_COMMIT = "25d5dcacdd748ed7bdbbdffbde0f628adc6704ba"
SCORER_PATH = "TextEE/scorer.py"
METRICS = ["trigger_id", "trigger_cls", "argument_id", "argument_cls",
           "argument_attached_id", "argument_attached_cls"]
ROLES = ["actor", "recipient", "mediator", "location", "time"]
ENTITY_FIELDS = ["kind", "doc", "id", "type", "start", "end", "text", "ref"]


# ------------------------------------------------------------------ gold

def load_gold(root):
    """Documents in id order: text, entities by id (file order kept), events."""
    docs = []
    for path in sorted(Path(root).glob("*.jsonl")):
        # The corpus's own reserved files (src/corpus.rs RESERVED) are not documents.
        if path.name in ("kb.jsonl", "lint-allow.jsonl"):
            continue
        doc_id = path.stem
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        records = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        entities = {r["id"]: r for r in records if r["kind"] == "entity"}
        events = [r for r in records if r["kind"] == "event"]
        for e in entities.values():
            assert text[e["start"]:e["end"]] == e["text"], (doc_id, e["id"])
        for v in events:
            t = v["trigger"]
            assert text[t["start"]:t["end"]] == t["text"], (doc_id, v["id"])
            for a in v["args"]:
                assert a["mention"] in entities, (doc_id, v["id"], a)
        docs.append({"doc": doc_id, "text": text, "entities": entities, "events": events})
    return docs


def event_types():
    schema = json.loads(Path("schemas/prediction.schema.json").read_text(encoding="utf-8"))
    return schema["$defs"]["event"]["properties"]["type"]["enum"]


# ---------------------------------------------------------------- TextEE

def window(doc_id, events, entities):
    """One TextEE window from hudna event records and the entity table their
    argument mentions refer to."""
    out = []
    for v in events:
        t = v["trigger"]
        args = []
        for a in v["args"]:
            e = entities[a["mention"]]
            args.append([e["start"], e["end"], a["role"]])
        out.append({"trigger": [t["start"], t["end"], v["type"]], "arguments": args})
    return {"doc_id": doc_id, "wnd_id": doc_id, "events": out}


def load_scorer(path):
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SCORER_SHA256:
        sys.exit("%s has sha256 %s; pinned %s (TextEE %s at %s)"
                 % (path, digest, SCORER_SHA256, SCORER_PATH, TEXTEE_COMMIT))
    spec = importlib.util.spec_from_file_location("textee_scorer", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # imports ipdb, as the original does
    return mod


# --------------------------------------------------------- perturbations

def copy_event(v):
    return {"type": v["type"], "trigger": dict(v["trigger"]),
            "args": [dict(a) for a in v["args"]], "modality": v.get("modality", "asserted")}


def trigger_at(text, start, end):
    return {"start": start, "end": end, "text": text[start:end]}


def words(text):
    return [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]


def coreferent(doc, mention):
    """Other mentions of the same KB entity, at a different span."""
    e = doc["entities"][mention]
    if not e.get("ref"):
        return []
    return [k for k, x in doc["entities"].items()
            if k != mention and x.get("ref") == e["ref"]
            and (x["start"], x["end"]) != (e["start"], e["end"])]


def other_mentions(doc, mention):
    e = doc["entities"][mention]
    return [k for k, x in doc["entities"].items() if (x["start"], x["end"]) != (e["start"], e["end"])]


def p_gold(rng, doc, types):
    return [copy_event(v) for v in doc["events"]]


def p_empty(rng, doc, types):
    return []


def p_drop(rng, doc, types, p=0.3):
    return [copy_event(v) for v in doc["events"] if rng.random() >= p]


def p_retype(rng, doc, types, p=0.35):
    out = []
    for v in doc["events"]:
        v = copy_event(v)
        if rng.random() < p:
            v["type"] = rng.choice([t for t in types if t != v["type"]])
        out.append(v)
    return out


def shift_trigger(rng, doc, v):
    t = v["trigger"]
    n = len(doc["text"])
    for _ in range(20):
        s, e = t["start"], t["end"]
        how = rng.choice(["start", "end", "both", "move"])
        d = rng.choice([-3, -2, -1, 1, 2, 3])
        if how in ("start", "both"):
            s += d
        if how in ("end", "both"):
            e += rng.choice([-2, -1, 1, 2]) if how == "both" else d
        if how == "move":
            s, e = s + d, e + d
        if 0 <= s < e <= n and (s, e) != (t["start"], t["end"]):
            v["trigger"] = trigger_at(doc["text"], s, e)
            return
    raise AssertionError("no shift found")


def p_trigger_shift(rng, doc, types, p=0.35):
    out = []
    for v in doc["events"]:
        v = copy_event(v)
        if rng.random() < p:
            shift_trigger(rng, doc, v)
        out.append(v)
    return out


def spurious_events(rng, doc, types, k):
    taken = {(v["trigger"]["start"], v["trigger"]["end"]) for v in doc["events"]}
    free = [w for w in words(doc["text"]) if w not in taken]
    ids = list(doc["entities"])
    out = []
    for _ in range(k):
        s, e = rng.choice(free)
        args = [{"role": rng.choice(ROLES), "mention": rng.choice(ids)}
                for _ in range(rng.choice([0, 1, 1, 2]))] if ids else []
        out.append({"type": rng.choice(types), "trigger": trigger_at(doc["text"], s, e),
                    "args": args, "modality": "asserted"})
    return out


def p_spurious(rng, doc, types):
    return p_gold(rng, doc, types) + spurious_events(rng, doc, types, rng.randint(1, 3))


def p_role_change(rng, doc, types, p=0.35):
    out = []
    for v in doc["events"]:
        v = copy_event(v)
        for a in v["args"]:
            if rng.random() < p:
                a["role"] = rng.choice([r for r in ROLES if r != a["role"]])
        out.append(v)
    return out


def p_coref_swap(rng, doc, types, p=0.5):
    out = []
    for v in doc["events"]:
        v = copy_event(v)
        for a in v["args"]:
            alt = coreferent(doc, a["mention"])
            if alt and rng.random() < p:
                a["mention"] = rng.choice(alt)
        out.append(v)
    return out


def p_wrong_argument(rng, doc, types, p=0.3):
    out = []
    for v in doc["events"]:
        v = copy_event(v)
        for a in v["args"]:
            alt = other_mentions(doc, a["mention"])
            if alt and rng.random() < p:
                a["mention"] = rng.choice(alt)
        out.append(v)
    return out


def p_drop_args(rng, doc, types, p=0.35):
    out = []
    for v in doc["events"]:
        v = copy_event(v)
        v["args"] = [a for a in v["args"] if rng.random() >= p]
        out.append(v)
    return out


def p_duplicate(rng, doc, types, p=0.35):
    out = []
    for v in doc["events"]:
        out.append(copy_event(v))
        if rng.random() < p:
            out.append(copy_event(v))
    return out


def split(rng, v):
    """One event's arguments spread over two records with its trigger and type."""
    args = v["args"]
    k = rng.randint(1, len(args) - 1)
    order = list(range(len(args)))
    rng.shuffle(order)
    a, b = copy_event(v), copy_event(v)
    a["args"] = [dict(args[i]) for i in sorted(order[:k])]
    b["args"] = [dict(args[i]) for i in sorted(order[k:])]
    return [a, b]


def p_split(rng, doc, types, p=0.6):
    out = []
    for v in doc["events"]:
        if len(v["args"]) >= 2 and rng.random() < p:
            out.extend(split(rng, v))
        else:
            out.append(copy_event(v))
    return out


def p_reattach(rng, doc, types):
    """Arguments moved between events of the same type: identification and
    classification without the trigger still hold, attached ones do not."""
    out = [copy_event(v) for v in doc["events"]]
    by_type = {}
    for v in out:
        by_type.setdefault(v["type"], []).append(v)
    for group in by_type.values():
        if len(group) >= 2 and any(v["args"] for v in group):
            lists = [v["args"] for v in group]
            rng.shuffle(lists)
            if lists == [v["args"] for v in group]:
                lists = lists[1:] + lists[:1]
            for v, args in zip(group, lists):
                v["args"] = args
    return out


def p_mixed(rng, doc, types):
    out = []
    for v in doc["events"]:
        x = rng.random()
        if x < 0.1:
            continue  # dropped
        v = copy_event(v)
        if rng.random() < 0.15:
            v["type"] = rng.choice([t for t in types if t != v["type"]])
        if rng.random() < 0.15:
            shift_trigger(rng, doc, v)
        for a in v["args"]:
            y = rng.random()
            if y < 0.1:
                a["role"] = rng.choice([r for r in ROLES if r != a["role"]])
            elif y < 0.25 and coreferent(doc, a["mention"]):
                a["mention"] = rng.choice(coreferent(doc, a["mention"]))
            elif y < 0.3:
                a["mention"] = rng.choice(other_mentions(doc, a["mention"]))
        if len(v["args"]) >= 2 and rng.random() < 0.2:
            out.extend(split(rng, v))
        else:
            out.append(v)
        if rng.random() < 0.1:
            out.append(copy_event(out[-1]))
    out.extend(spurious_events(rng, doc, types, rng.randint(0, 2)))
    rng.shuffle(out)
    return out


CASES = [
    ("gold", p_gold, "the gold events unchanged"),
    ("empty", p_empty, "no events at all (an empty predictions file)"),
    ("drop", p_drop, "each event dropped with probability 0.3"),
    ("retype", p_retype, "each event given another type with probability 0.35"),
    ("trigger_shift", p_trigger_shift,
     "each trigger's start, end or both moved by 1-3 code points with probability 0.35"),
    ("spurious", p_spurious, "the gold plus 1-3 spurious events per document on other words"),
    ("role_change", p_role_change, "each argument given another role with probability 0.35"),
    ("coref_swap", p_coref_swap,
     "each argument moved, with probability 0.5, to another mention of the same KB entity "
     "(a coreferent mention at a different span)"),
    ("wrong_argument", p_wrong_argument,
     "each argument moved to a random other mention with probability 0.3"),
    ("drop_args", p_drop_args, "each argument dropped with probability 0.35"),
    ("duplicate", p_duplicate, "each event repeated (same trigger, type and arguments) with "
     "probability 0.35"),
    ("split", p_split, "each event with two or more arguments split, with probability 0.6, "
     "into two records with the same trigger and type, the arguments divided between them"),
    ("reattach", p_reattach, "argument lists shuffled among the events of the same type in "
     "a document"),
    ("mixed", p_mixed, "drops, retypes, trigger shifts, role changes, coreferent and wrong "
     "arguments, splits, duplicates and spurious events together, in shuffled order"),
]


# ------------------------------------------------------------------ output

def prediction_records(doc, events):
    """A hudna predictions file's records for one document: the entity
    records the arguments refer to (ids as in the gold), then the events."""
    used = []
    for v in events:
        for a in v["args"]:
            if a["mention"] not in used:
                used.append(a["mention"])
    order = list(doc["entities"])
    recs = []
    for k in sorted(used, key=order.index):
        e = doc["entities"][k]
        recs.append({f: e[f] for f in ENTITY_FIELDS if f in e})
    for i, v in enumerate(events, 1):
        recs.append({"kind": "event", "doc": doc["doc"], "id": "p%d" % i, "type": v["type"],
                     "trigger": v["trigger"], "args": v["args"], "modality": v["modality"]})
    return recs


def pred_window(doc, recs):
    entities = {r["id"]: r for r in recs if r["kind"] == "entity"}
    events = [r for r in recs if r["kind"] == "event"]
    return window(doc["doc"], events, entities)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scorer", required=True, help="TextEE's TextEE/scorer.py")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--gold", default=GOLD)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()

    scorer = load_scorer(args.scorer)
    docs = load_gold(args.gold)
    types = event_types()
    golds = [window(d["doc"], d["events"], d["entities"]) for d in docs]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for name, fn, description in CASES:
        rng = random.Random("%d/%s" % (args.seed, name))
        lines, preds = [], []
        for d in docs:
            recs = prediction_records(d, fn(rng, d, types))
            lines.extend(json.dumps(r, ensure_ascii=False) for r in recs)
            preds.append(pred_window(d, recs))
        (out / ("%s.jsonl" % name)).write_text("".join(l + "\n" for l in lines), encoding="utf-8")
        scores = scorer.compute_scores(preds, golds, "E2E")
        cases.append({
            "case": name,
            "file": "%s.jsonl" % name,
            "description": description,
            "scores": {m: {k: scores[m][k] for k in ("gold_num", "pred_num", "match_num")}
                       for m in METRICS},
        })
    meta = {
        "textee": {"repository": TEXTEE_REPO, "commit": TEXTEE_COMMIT, "path": SCORER_PATH,
                   "sha256": SCORER_SHA256, "licence": "Apache-2.0"},
        "call": 'compute_scores(preds, golds, "E2E")',
        "python_version": platform.python_version(),
        "seed": args.seed,
        "generator": "tools/textee_fixture.py (run via tools/textee_fixture.sh)",
        "documents": [d["doc"] for d in docs],
        "gold_sha256": {d["doc"]: hashlib.sha256(
            (Path(args.gold) / ("%s.jsonl" % d["doc"])).read_bytes()).hexdigest() for d in docs},
        "windows": ("one TextEE window per gold document, in document-id order, "
                    "doc_id = wnd_id = the hudna document id"),
        "offsets": ("hudna code points, end exclusive: trigger [start, end, type]; argument "
                    "[start, end, role] with the span of the entity its mention id names"),
        "metrics": {
            "trigger_id": "set of (doc, wnd, trigger start, trigger end)",
            "trigger_cls": "set of (doc, wnd, trigger start, trigger end, event type)",
            "argument_id": "set of (doc, wnd, event type, argument start, argument end)",
            "argument_cls": "set of (doc, wnd, event type, argument start, argument end, role)",
            "argument_attached_id": ("set of (doc, wnd, trigger start, trigger end, event type, "
                                     "argument start, argument end)"),
            "argument_attached_cls": ("set of (doc, wnd, trigger start, trigger end, event type, "
                                      "argument start, argument end, role)"),
        },
        "counts": ("gold_num and pred_num are the sizes of the gold and predicted sets "
                   "(duplicates collapse), match_num the size of their intersection"),
    }
    with open(out / "expected.json", "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    for c in cases:
        s = c["scores"]
        print("%-15s " % c["case"] + "  ".join(
            "%s %d/%d/%d" % (m, s[m]["match_num"], s[m]["pred_num"], s[m]["gold_num"])
            for m in METRICS))


if __name__ == "__main__":
    main()
