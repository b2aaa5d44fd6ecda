#!/usr/bin/env python3
"""Event-layer agreement of a second reading with the gold, all articles at once.

Usage:
  agreement_all.py import SRC_DIR [--out DIR]
      Copy a second reading made on the seed files (`<seed-id>.jsonl`, seed texts
      named like `annotations/SOURCES.sha256` lists them by hash) into DIR
      (default docs/agreement/second-reading), one `<gold-doc>.jsonl` per article,
      with only the `doc` field rewritten to the gold doc id. The article is
      identified by the sha256 of its text, never by its name.
  agreement_all.py measure [--rev REV] [--second DIR] [--out DIR]
      Run tools/agreement.py's measures on every article: gold from git
      revision REV (`git show REV:annotations/<doc>.jsonl`; default: the working
      tree), second reading from DIR. Writes `<doc>.json` per article (the
      event measures and the list of every disagreement) and `summary.json` /
      `summary.md` (per article and overall, pooled counts) into --out.

Only the event layer is measured: a second reading of the event layer carries
only the entities its events point to, so entity F1 would be meaningless.
Disagreements listed per article: events without a trigger-overlap + type
partner on each side (with the sentence + type partner when there is one),
and, over trigger-matched pairs, modality, reported_by and argument
differences (references compared by the span of the entity they point to).
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import agreement as ag  # noqa: E402


def load_lines(text):
    return [json.loads(l) for l in text.splitlines() if l.strip()]


def sources():
    """sha256 of each article text -> gold doc id."""
    out = {}
    for line in open(os.path.join(ROOT, "annotations", "SOURCES.sha256"), encoding="utf-8"):
        if line.strip():
            h, name = line.split()
            out[h] = name[: -len(".txt")]
    return out


def cmd_import(args):
    by_hash = sources()
    os.makedirs(args.out, exist_ok=True)
    seeds = sorted(f for f in os.listdir(args.seeds) if f.endswith(".txt"))
    for f in seeds:
        h = hashlib.sha256(open(os.path.join(args.seeds, f), "rb").read()).hexdigest()
        seed, gold = f[: -len(".txt")], by_hash[h]
        src = os.path.join(args.src, seed + ".jsonl")
        lines = []
        for line in open(src, encoding="utf-8"):
            if not line.strip():
                continue
            r = json.loads(line)
            assert r["doc"] == seed, (src, r["doc"])
            r["doc"] = gold
            lines.append(json.dumps(r, ensure_ascii=False) + "\n")
        with open(os.path.join(args.out, gold + ".jsonl"), "w", encoding="utf-8") as o:
            o.writelines(lines)
        print(f"{seed} -> {gold} ({len(lines)} records)")


def gold_records(doc, rev):
    path = f"annotations/{doc}.jsonl"
    if rev is None:
        return load_lines(open(os.path.join(ROOT, path), encoding="utf-8").read())
    out = subprocess.run(["git", "-C", ROOT, "show", f"{rev}:{path}"], check=True,
                         capture_output=True, text=True).stdout
    return load_lines(out)


def disagreements(gold, second, text):
    ents = lambda rs: {r["id"]: r for r in rs if r["kind"] == "entity"}
    ga, gb = ents(gold), ents(second)
    va = [r for r in gold if r["kind"] == "event"]
    vb = [r for r in second if r["kind"] == "event"]
    starts = ag.sentence_starts(text)
    span = lambda m, e: (e[m]["start"], e[m]["end"]) if m else None
    name = lambda m, e: f"{e[m]['type']} {e[m]['text']} @{e[m]['start']}" if m else None
    trig = lambda r: f"{r['type']} {r['trigger']['text']} @{r['trigger']['start']}"
    pairs = ag.trigger_pairs(va, vb)
    pa = {id(x) for x, _ in pairs}
    pb = {id(y) for _, y in pairs}
    out = []

    def sent(r):
        s = starts[r["trigger"]["start"]]
        e = s
        while e < len(text) and starts[e + 1] == s:
            e += 1
        return s, text[s:e + 1].strip()

    def desc(r, e):
        return {"id": r["id"], "trigger": trig(r), "modality": r["modality"],
                "reported_by": name(r.get("reported_by"), e),
                "args": [f"{a['role']}={name(a['mention'], e)}" for a in r.get("args", [])]}

    for side, rs, matched, e in (("gold_only", va, pa, ga), ("second_only", vb, pb, gb)):
        for r in rs:
            if id(r) in matched:
                continue
            s, stext = sent(r)
            same = [x for x in (vb if side == "gold_only" else va)
                    if starts[x["trigger"]["start"]] == s and x["type"] == r["type"]]
            out.append({"kind": side, "sentence_start": s, "sentence": stext, "record": desc(r, e),
                        "same_sentence_same_type": [trig(x) for x in same]})
    for x, y in pairs:
        s, stext = sent(x)
        base = {"sentence_start": s, "gold": trig(x), "gold_id": x["id"], "second_id": y["id"]}
        if x["modality"] != y["modality"]:
            out.append(dict(base, kind="modality", gold_value=x["modality"], second_value=y["modality"]))
        if span(x.get("reported_by"), ga) != span(y.get("reported_by"), gb):
            out.append(dict(base, kind="reported_by", gold_value=name(x.get("reported_by"), ga),
                            second_value=name(y.get("reported_by"), gb)))
        aa = [(a["role"], span(a["mention"], ga), name(a["mention"], ga)) for a in x.get("args", [])]
        ab = [(a["role"], span(a["mention"], gb), name(a["mention"], gb)) for a in y.get("args", [])]
        ka = [(r, s) for r, s, _ in aa]
        kb = [(r, s) for r, s, _ in ab]
        only_a = [f"{r}={n}" for r, s, n in aa if (r, s) not in kb]
        only_b = [f"{r}={n}" for r, s, n in ab if (r, s) not in ka]
        if only_a or only_b:
            out.append(dict(base, kind="arguments", gold_only=only_a, second_only=only_b))
    out.sort(key=lambda d: (d["sentence_start"], d["kind"]))
    return out


MEASURES = [
    ("trigger overlap + type", "event_triggers_overlap_type"),
    ("sentence + type", "event_sentence_type"),
]


def cmd_measure(args):
    second_dir = args.second
    docs = sorted(f[: -len(".jsonl")] for f in os.listdir(second_dir) if f.endswith(".jsonl"))
    os.makedirs(args.out, exist_ok=True)
    rows, pooled = [], {}
    for doc in docs:
        text = open(os.path.join(ROOT, "annotations", doc + ".txt"), encoding="utf-8", newline="").read()
        gold = gold_records(doc, args.rev)
        second = load_lines(open(os.path.join(second_dir, doc + ".jsonl"), encoding="utf-8").read())
        full = ag.agreement(gold, second, text)
        res = {k: v for k, v in full.items() if k.startswith("event")}
        res["disagreements"] = disagreements(gold, second, text)
        with open(os.path.join(args.out, doc + ".json"), "w", encoding="utf-8") as o:
            json.dump({"doc": doc, "gold_rev": args.rev or "working tree", **res}, o, ensure_ascii=False, indent=1)
            o.write("\n")
        at = res["event_attributes"]
        row = {"doc": doc,
               "overlap_type": res["event_triggers_overlap_type"],
               "sentence_type": res["event_sentence_type"],
               "trigger_choices": len(res["event_trigger_choice"]),
               "pairs": at["pairs"],
               "modality": at["modality"]["agreed"],
               "reported_by": at["reported_by"]["agreed"],
               "arguments": at["arguments_role_span"]}
        rows.append(row)
        for k in ("overlap_type", "sentence_type", "arguments"):
            p = pooled.setdefault(k, {"tp": 0, "ref": 0, "hyp": 0})
            for c in ("tp", "ref", "hyp"):
                p[c] += row[k][c]
        for k in ("pairs", "modality", "reported_by", "trigger_choices"):
            pooled[k] = pooled.get(k, 0) + row[k]
    overall = {"doc": "all", "pairs": pooled["pairs"], "modality": pooled["modality"],
               "reported_by": pooled["reported_by"], "trigger_choices": pooled["trigger_choices"]}
    for k in ("overlap_type", "sentence_type", "arguments"):
        p = pooled[k]
        overall[k] = ag.f1(p["tp"], p["ref"], p["hyp"])
    rows.append(overall)
    summary = {"gold_rev": args.rev or "working tree", "second": os.path.relpath(second_dir, ROOT),
               "reference": "gold (precision = share of the second reading's records the gold has)",
               "articles": rows}
    with open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8") as o:
        json.dump(summary, o, ensure_ascii=False, indent=1)
        o.write("\n")
    md = ["| article | trigger overlap + type F1 (agreed / gold / second) | sentence + type F1 | arguments F1 (agreed / gold / second) | modality (agreed / pairs) | reported_by (agreed / pairs) |",
          "|---|---|---|---|---|---|"]
    for r in rows:
        f = lambda m: f"{m['f1']:.3f} ({m['tp']} / {m['ref']} / {m['hyp']})"
        rate = lambda n: f"{n / r['pairs']:.3f} ({n} / {r['pairs']})"
        label = "**all five**" if r["doc"] == "all" else f"`{r['doc']}`"
        md.append(f"| {label} | {f(r['overlap_type'])} | {f(r['sentence_type'])} | {f(r['arguments'])} | "
                  f"{rate(r['modality'])} | {rate(r['reported_by'])} |")
    with open(os.path.join(args.out, "summary.md"), "w", encoding="utf-8") as o:
        o.write("\n".join(md) + "\n")
    print("\n".join(md))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("import")
    i.add_argument("src")
    i.add_argument("--seeds", help="directory of the seed texts (default: SRC/../shared/seeds)")
    i.add_argument("--out", default=os.path.join(ROOT, "docs", "agreement", "second-reading"))
    m = sub.add_parser("measure")
    m.add_argument("--rev")
    m.add_argument("--second", default=os.path.join(ROOT, "docs", "agreement", "second-reading"))
    m.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.cmd == "import":
        args.seeds = args.seeds or os.path.join(os.path.dirname(os.path.abspath(args.src)), "shared", "seeds")
        cmd_import(args)
    else:
        cmd_measure(args)


if __name__ == "__main__":
    main()
