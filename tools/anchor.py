#!/usr/bin/env python3
"""Turn an annotator's draft into gold records with computed code-point offsets.

Annotators never type offsets. A draft names each span by its surface text and,
when that text occurs more than once, by a longer context string that occurs
exactly once (`ctx`) or by its 1-based occurrence number (`occ`). This script
finds the span, writes `start`/`end` (Unicode code points, end exclusive, Python
str semantics) and refuses anything ambiguous. `hudna validate` then proves
`text == article[start:end]` for every record.

Usage:
  anchor.py ARTICLE.txt DRAFT.jsonl [-o OUT.jsonl]   resolve a draft
  anchor.py ARTICLE.txt --find SURFACE               list every occurrence

Draft records are gold records (see schemas/) with these differences:
  * a span (`entity`, `casualty`, event `trigger`) may omit start/end and give
    `ctx` (unique context containing `text`) or `occ` (1-based occurrence);
  * a `zone` gives `from` and `to` span specs ({"text","ctx"|"occ"}): the zone
    runs from the start of `from` to the end of `to`;
  * a `document` record may omit `sha256`: it is computed from the bytes.
All problems are reported together; the exit code is 1 if there were any.
"""
import argparse
import hashlib
import json
import os
import sys
import tempfile


def occurrences(text, surface):
    out, i = [], text.find(surface)
    while i != -1:
        out.append(i)
        i = text.find(surface, i + 1)
    return out


def resolve(text, spec, where, errors):
    """Return (start, end) for a span spec, or None after recording an error."""
    surface = spec.get("text")
    if not isinstance(surface, str) or not surface:
        errors.append(f"{where}: missing or empty `text`")
        return None
    if "start" in spec and "end" in spec:
        s, e = spec["start"], spec["end"]
        if text[s:e] != surface:
            errors.append(f"{where}: text[{s}:{e}] is {text[s:e]!r}, not {surface!r}")
            return None
        return s, e
    if "ctx" in spec:
        ctx = spec["ctx"]
        hits = occurrences(text, ctx)
        if len(hits) != 1:
            errors.append(f"{where}: ctx {ctx!r} occurs {len(hits)} times (need exactly 1)")
            return None
        inner = occurrences(ctx, surface)
        if len(inner) != 1:
            errors.append(f"{where}: text {surface!r} occurs {len(inner)} times inside ctx {ctx!r} (need 1)")
            return None
        s = hits[0] + inner[0]
        return s, s + len(surface)
    hits = occurrences(text, surface)
    if "occ" in spec:
        n = spec["occ"]
        if not isinstance(n, int) or not 1 <= n <= len(hits):
            errors.append(f"{where}: occ {n!r} but {surface!r} occurs {len(hits)} times")
            return None
        s = hits[n - 1]
        return s, s + len(surface)
    if len(hits) != 1:
        errors.append(f"{where}: {surface!r} occurs {len(hits)} times: give `ctx` or `occ`")
        return None
    return hits[0], hits[0] + len(surface)


def place(rec, se):
    rec.pop("ctx", None)
    rec.pop("occ", None)
    rec["start"], rec["end"] = se


def anchor(article_path, draft_path):
    raw = open(article_path, "rb").read()
    text = raw.decode("utf-8")
    errors, out = [], []
    for lineno, line in enumerate(open(draft_path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        where = f"{draft_path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            errors.append(f"{where}: bad JSON: {err}")
            continue
        kind = rec.get("kind")
        if kind == "document":
            rec.setdefault("sha256", hashlib.sha256(raw).hexdigest())
        elif kind == "zone":
            a = resolve(text, rec.pop("from", {}), where + " /from", errors)
            b = resolve(text, rec.pop("to", {}), where + " /to", errors)
            if a and b:
                rec["start"], rec["end"] = a[0], b[1]
        elif kind in ("entity", "casualty"):
            se = resolve(text, rec, where, errors)
            if se:
                place(rec, se)
        elif kind == "event":
            trig = rec.get("trigger", {})
            se = resolve(text, trig, where + " /trigger", errors)
            if se:
                place(trig, se)
                rec["trigger"] = {"start": trig["start"], "end": trig["end"], "text": trig["text"]}
        out.append(rec)
    check_refs(out, errors, os.path.join(os.path.dirname(os.path.abspath(article_path)), "kb.jsonl"))
    return out, errors


def check_refs(recs, errors, kb_path):
    """Early warning for annotators; `hudna validate` is the authority."""
    kb = {}
    if os.path.exists(kb_path):
        for line in open(kb_path, encoding="utf-8"):
            if line.strip():
                k = json.loads(line)
                kb[k["ref"]] = k["type"]
    ids, ents, events = set(), {}, set()
    for r in recs:
        if "id" in r:
            if r["id"] in ids:
                errors.append(f"duplicate id {r['id']}")
            ids.add(r["id"])
        if r.get("kind") == "entity":
            ents[r["id"]] = r
        if r.get("kind") == "event":
            events.add(r["id"])
    for r in recs:
        rid = r.get("id")
        if r.get("kind") == "entity" and r.get("ref") is not None and kb and r["ref"] not in kb:
            errors.append(f"{rid}: ref {r['ref']!r} is not in kb.jsonl")
        if r.get("kind") == "event":
            for a in r.get("args", []):
                if a.get("mention") not in ents:
                    errors.append(f"{rid}: arg mention {a.get('mention')!r} is not an entity id")
            if r.get("reported_by") is not None and r["reported_by"] not in ents:
                errors.append(f"{rid}: reported_by {r['reported_by']!r} is not an entity id")
        if r.get("kind") == "casualty":
            if r.get("source") is not None and r["source"] not in ents:
                errors.append(f"{rid}: source {r['source']!r} is not an entity id")
            if r.get("event") is not None and r["event"] not in events:
                errors.append(f"{rid}: event {r['event']!r} is not an event id")
            side = (r.get("victims") or {}).get("side")
            # "both" is reserved for a figure covering both belligerents (guidelines C7), not a ref.
            if side is not None and side != "both" and kb and side not in kb:
                errors.append(f"{rid}: victims.side {side!r} is not in kb.jsonl")


def ordered(rec):
    """Stable key order so diffs of the gold stay readable."""
    head = ["kind", "doc", "id", "type", "start", "end", "text"]
    keys = [k for k in head if k in rec] + [k for k in rec if k not in head]
    return {k: rec[k] for k in keys}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("article")
    ap.add_argument("draft", nargs="?")
    ap.add_argument("-o", "--out")
    ap.add_argument("--find")
    args = ap.parse_args()
    if args.find:
        text = open(args.article, encoding="utf-8").read()
        for s in occurrences(text, args.find):
            left = text[max(0, s - 25):s].replace("\n", "⏎")
            right = text[s + len(args.find):s + len(args.find) + 25].replace("\n", "⏎")
            print(f"{s}\t{s + len(args.find)}\t…{left}[{args.find}]{right}…")
        return 0
    if not args.draft:
        ap.error("give a DRAFT.jsonl or --find")
    recs, errors = anchor(args.article, args.draft)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    body = "".join(json.dumps(ordered(r), ensure_ascii=False) + "\n" for r in recs)
    if not args.out:
        sys.stdout.write(body)
        return 0
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(args.out)), suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(body)
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
