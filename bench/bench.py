"""Helpers of bench/run.sh (run that script, not this file).

    bench.py nervaluate CORPUS OUT.json   nervaluate 1.2.1 on a synth corpus's
                                          entity spans: one timed scoring call
    bench.py agree NERV.json HUDNA.json   hudna --matching greedy counts ==
                                          nervaluate's? (exit 1 if not)
    bench.py profile OUT.json             `perf script -F ip,sym` on stdin: the
                                          share of samples in each stage
    bench.py report RAW_DIR MD JSON       BENCHMARKS.md and the raw JSON

nervaluate: the gold and prediction entity records of CORPUS/gold/*.jsonl and
CORPUS/pred/*.jsonl are read and converted (not timed) to nervaluate's
list-of-dicts input, one list per document, end offsets made inclusive, in
hudna's document order (sorted ids) with predictions in file order within a
document (greedy matching depends on it). Only
`Evaluator(true, pred, tags, loader="dict").evaluate()` is timed. Peak RSS is
the process's ru_maxrss, so it includes the converted input held in Python.
"""

import json
import platform
import re
import resource
import statistics
import sys
import time
from pathlib import Path

SCHEMES = {"strict": "strict", "exact": "exact", "partial": "partial", "ent_type": "type"}
COUNTS = ["correct", "incorrect", "partial", "missed", "spurious"]


def entity_spans(files):
    per_doc = {}
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                if '"entity"' not in line:
                    continue
                r = json.loads(line)
                if r.get("kind") != "entity":
                    continue
                per_doc.setdefault(r["doc"], []).append(
                    {"label": r["type"], "start": r["start"], "end": r["end"] - 1})
    return per_doc


def cmd_nervaluate(corpus, out):
    from nervaluate import Evaluator
    corpus = Path(corpus)
    gold = entity_spans(sorted(corpus.glob("gold/*.jsonl")))
    pred = entity_spans(sorted(corpus.glob("pred/*.jsonl")))
    docs = sorted(p.stem for p in corpus.glob("gold/*.txt"))
    true_l = [gold.get(d, []) for d in docs]
    pred_l = [pred.get(d, []) for d in docs]
    tags = sorted({e["label"] for doc in true_l + pred_l for e in doc})
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    result = Evaluator(true_l, pred_l, tags=tags, loader="dict").evaluate()
    wall = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    overall = {s: {k: getattr(result["overall"][s], k) for k in COUNTS} for s in SCHEMES}
    Path(out).write_text(json.dumps({
        "wall_s": wall, "rss_kb": rss, "rss_kb_after_input": rss_loaded,
        "documents": len(docs), "gold_spans": sum(map(len, true_l)), "pred_spans": sum(map(len, pred_l)),
        "tags": tags, "overall": overall, "python": platform.python_version(),
    }) + "\n", encoding="utf-8")


def cmd_agree(nerv_json, hudna_json):
    nerv = json.loads(Path(nerv_json).read_text(encoding="utf-8"))["overall"]
    report = json.loads(Path(hudna_json).read_text(encoding="utf-8"))
    out, agree = {}, True
    for theirs, ours in SCHEMES.items():
        row = next(r for r in report["metrics"]
                   if r["layer"] == "entities" and r["scheme"] == ours and r["label"] == "micro")
        out[ours] = {"hudna": row["counts"], "nervaluate": nerv[theirs]}
        for k in COUNTS:
            if row["counts"][k] != nerv[theirs][k]:
                agree = False
                print(f"DISAGREE {ours} {k}: hudna {row['counts'][k]} nervaluate {nerv[theirs][k]}", file=sys.stderr)
    print(json.dumps({"agree": agree, "counts": out}))
    return 0 if agree else 1


# --- report -----------------------------------------------------------------

TOOLS = [
    ("floor", "parse-only floor (gold + pred)"),
    ("floor_gold", "parse-only floor (gold only)"),
    ("floor_records", "reading into hudna's records (gold + pred)"),
    ("score", "`hudna score --resamples 0`"),
    ("score_greedy", "`hudna score --resamples 0 --matching greedy`"),
    ("score_boot", "`hudna score --resamples 1000`"),
    ("validate", "`hudna validate`"),
    ("nervaluate", "nervaluate 1.2.1, scoring call only"),
]


# The stages of `hudna score`, each named by the functions that do its work.
# A sample goes to the first stage with a function on its stack (so a hash
# under the count table's intake is the fingerprint, not the table). perf's
# DWARF unwinding stops early on some deep serde stacks: those samples, JSON
# parsing with no hudna function left on the stack, get their own row rather
# than being guessed into gold or predictions.
STAGES = [
    ("fingerprint", "gold fingerprint: each gold record serialized again and hashed (sha256)",
     lambda st: any(f.startswith("hudna::report::fingerprint") for f in st)
     or (any(f.startswith("sha2::") for f in st) and any("run::counting::Counting" in f for f in st))),
    ("sets", "offset-free entity schemes (set_surface, set_ref): folded keys, sorted, merged",
     lambda st: any(f.startswith(("hudna::score::sets::", "hudna::score::surface_key", "hudna::score::entity_keys"))
                    for f in st)),
    ("events", "event matching (triggers, arguments)",
     lambda st: any(f.startswith(("hudna::score::events::", "<hudna::score::events::")) for f in st)),
    ("casualties", "casualty matching (figures, categories)",
     lambda st: any(f.startswith(("hudna::score::casualties::", "<hudna::score::casualties::")) for f in st)),
    ("spans", "entity span matching and tallies (the other entity schemes)",
     lambda st: any(f.startswith(("hudna::score::", "<hudna::score::")) for f in st)
     and any("score_stage" in f or "score::score_doc" in f for f in st)),
    ("gold", "gold: read, parse, validate, build records and article indexes",
     lambda st: any(f.startswith("hudna::validate::gold::") for f in st)),
    ("pred", "predictions: read, split by document, parse, validate, build records",
     lambda st: any(f.startswith("hudna::validate::index::") for f in st)),
    ("table", "count table, report, output",
     lambda st: any(f.startswith(p) for f in st for p in (
         "hudna::run::counting::Counting", "hudna::score::table", "hudna::report", "hudna::output",
         "hudna::score_cmd"))),
    ("json_cut", "JSON parsing whose call stack perf did not unwind to a hudna function",
     lambda st: any(f.startswith(("serde_json::", "<serde_json::", "<&mut serde_json::", "simdutf8::",
                                  "core::slice::memchr", "std::io::read_until")) for f in st)),
    ("other", "everything else (thread pool, allocator, kernel, start-up)", lambda st: True),
]


def cmd_profile(out):
    counts = {name: 0 for name, _, _ in STAGES}
    total = 0
    for block in sys.stdin.read().split("\n\n"):
        stack = [line.strip().split(" ", 1)[1] for line in block.strip().splitlines()
                 if " " in line.strip()]
        if not stack:
            continue
        total += 1
        for name, _, test in STAGES:
            if test(stack):
                counts[name] += 1
                break
    Path(out).write_text(json.dumps({"samples": total, "stages": [
        {"stage": name, "what": what, "samples": counts[name]} for name, what, _ in STAGES]}) + "\n",
        encoding="utf-8")


def med(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt_s(x):
    return "—" if x is None else (f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms")


def fmt_mb(kb):
    return "—" if kb is None else f"{kb / 1024:.0f} MB"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def verdict(t):
    if t["met"] is None:
        return "—"
    v = "**met**" if t["met"] else "**not met**"
    # Within 5% of the limit: one noisy repetition could flip it.
    if t.get("limit") and t["value"] and abs(t["value"] / t["limit"] - 1) < 0.05:
        v += " (borderline)"
    return v


def cmd_report(raw_dir, md_path, json_path):
    raw = Path(raw_dir)
    meta = json.loads((raw / "meta.json").read_text(encoding="utf-8"))
    runs = [json.loads(line) for line in (raw / "runs.jsonl").read_text(encoding="utf-8").splitlines() if line]
    corpora = [json.loads(line) for line in (raw / "corpora.jsonl").read_text(encoding="utf-8").splitlines() if line]
    agreement = None
    if (raw / "agreement.json").exists():
        agreement = json.loads((raw / "agreement.json").read_text(encoding="utf-8"))

    summary = []
    for c in corpora:
        tools = {}
        for tool, _ in TOOLS:
            rs = [r for r in runs if r["corpus"] == c["name"] and r["tool"] == tool]
            if rs:
                tools[tool] = {"reps": len(rs), "wall_s_median": med(rs, "wall_s"), "rss_kb_median": med(rs, "rss_kb"),
                               "cpu_s_median": med(rs, "cpu_s"),
                               "rss_kb_max": max(r["rss_kb"] for r in rs), "wall_s": [r["wall_s"] for r in rs],
                               "rss_kb": [r["rss_kb"] for r in rs]}
        summary.append({**c, "tools": tools})

    by = {c["name"]: c for c in summary}

    def get(name, tool, key="wall_s_median"):
        return by.get(name, {}).get("tools", {}).get(tool, {}).get(key)

    ent, small, big = meta["corpus_names"]["entities"], meta["corpus_names"]["all"], meta["corpus_names"]["big"]
    targets = []

    def target(what, value, shown, goal, ok):
        limit = next((float(x) for x in re.findall(r"[\d.]+", goal)), None)
        if goal.endswith("%"):
            limit = limit / 100
        elif goal.endswith("MB"):
            limit = limit * 1024
        targets.append({"what": what, "value": value, "shown": shown, "target": goal, "limit": limit, "met": ok})

    for c in summary:
        r = ratio(get(c["name"], "score"), get(c["name"], "floor"))
        target(f"hudna score ÷ floor, {c['label']}", r, f"{r:.2f}×" if r else "—", "≤ 1.5×", None if r is None else r <= 1.5)
    n_over_h = ratio(get(ent, "nervaluate"), get(ent, "score"))
    if n_over_h is not None:
        target(f"nervaluate ÷ hudna score, {by[ent]['label']}", n_over_h, f"{n_over_h:.1f}×", "≥ 25×", n_over_h >= 25)
        g = ratio(get(ent, "nervaluate"), get(ent, "score_greedy"))
        if g is not None:
            target(f"nervaluate ÷ hudna score --matching greedy, {by[ent]['label']}", g, f"{g:.1f}×", "≥ 25×", g >= 25)
    for tool in ["score", "score_boot"]:
        rss = get(ent, tool, "rss_kb_max")
        if rss is not None:
            label = dict(TOOLS)[tool]
            target(f"peak RSS of {label}, {by[ent]['label']}", rss, fmt_mb(rss), "≤ 150 MB", rss <= 150 * 1024)
    if small in by and big in by and get(big, "score") is not None:
        rr = ratio(get(big, "score", "rss_kb_max"), get(small, "score", "rss_kb_max"))
        target(f"peak RSS of hudna score, {by[big]['label']} ÷ {by[small]['label']}", rr, f"{rr:.2f}×", "≤ 1.5×", rr <= 1.5)
        per_small = get(small, "score") / by[small]["docs"]
        per_big = get(big, "score") / by[big]["docs"]
        lin = per_big / per_small
        target(f"hudna score time per document, {by[big]['label']} ÷ {by[small]['label']} "
               f"({per_big * 1e6:.0f} µs vs {per_small * 1e6:.0f} µs)", lin, f"{lin:.2f}×",
               "linear (≤ 1.2×)", lin <= 1.2)
    for c in summary:
        r = ratio(get(c["name"], "validate"), get(c["name"], "floor_gold"))
        target(f"hudna validate ÷ floor (gold only), {c['label']}", r, f"{r:.2f}×" if r else "—", "≤ 2×",
               None if r is None else r <= 2)
    for c in summary:
        b0, b1 = get(c["name"], "score"), get(c["name"], "score_boot")
        if b0 and b1:
            o = b1 / b0 - 1
            target(f"bootstrap overhead (1000 resamples vs 0), {c['label']}", o, f"{o * 100:+.0f}%", "≤ 20%", o <= 0.20)

    profiles = {c["name"]: json.loads((raw / f"profile-{c['name']}.json").read_text(encoding="utf-8"))
                for c in summary if (raw / f"profile-{c['name']}.json").exists()}

    out_json = {"meta": meta, "corpora": summary, "targets": targets, "nervaluate_agreement": agreement,
                "profiles": profiles, "runs": runs}
    Path(json_path).parent.mkdir(parents=True, exist_ok=True)
    Path(json_path).write_text(json.dumps(out_json, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    L = []
    L.append("# Benchmarks\n")
    L.append("Written by `bench/run.sh` (do not edit by hand; rerun it). Speed claims of hudna live here, "
             "not in timed tests. Raw numbers: [`bench/results/benchmarks.json`](bench/results/benchmarks.json).\n")
    L.append("## How it was made\n")
    L.append("```sh\n" + meta["command"] + "\n```\n")
    m = meta["machine"]
    L.append(f"- Date: {meta['date']}; hudna commit `{meta['commit']}`{' (dirty tree)' if meta.get('dirty') else ''}")
    L.append(f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['mem']} memory; load average "
             f"{meta['load_before']} before, {meta['load_after']} after (a shared machine: other jobs ran alongside)")
    L.append(f"- {meta['rustc']}; release profile (`cargo build --release`, default features); "
             f"Python {meta.get('python') or '—'}, nervaluate {meta.get('nervaluate') or 'not run'}")
    L.append(f"- Corpora: `hudna synth --seed {meta['seed']}` (default rates and sizes per document); "
             f"repetitions: {meta['reps_note']}. Every figure is the median over the repetitions; "
             "RSS is the peak resident set (`/usr/bin/time -f %M`), wall time is measured around the process "
             "(`date +%s%N`), CPU time is user + system (`/usr/bin/time -f '%U %S'`: the work, whatever the "
             "parallelism); tools alternate within each repetition, after one untimed warm-up read of the corpus.")
    single = [c["label"] for c in summary if any(t["reps"] == 1 for t in c["tools"].values())]
    if single and meta["reps"] > 1:
        L.append(f"- Run once only (not {meta['reps']} times), to fit the time budget: {', '.join(single)}; "
                 "its figures are single measurements on a shared machine, not medians.")
    if meta.get("notes"):
        for n in meta["notes"]:
            L.append(f"- {n}")
    L.append("")
    L.append("What each row runs (`C` the corpus directory):\n")
    L.append("- **floor**: `target/release/examples/parse_floor C` — reads every gold `.txt`/`.jsonl` and prediction "
             "`.jsonl` with 2 threads and deserializes each line into a borrowed struct (doc, kind, type, text, start, "
             "end) with serde_json; nothing validated, indexed or scored (`examples/parse_floor.rs`). "
             "**floor (gold only)**: the same over `C/gold` alone, the reference for `validate`.")
    L.append("- **reading into hudna's records**: `parse_floor --records C` — the floor, but each line read by "
             "hudna's own record reader (`validate::fast::parse`: typed, the schema's rules checked, an owned record "
             "built), nothing else.")
    L.append("- **hudna score**: `hudna score --gold C/gold --extractor file:C/pred --resamples 0` (text report to "
             "/dev/null); with `--resamples 1000` (the default) for the bootstrap row; `--matching greedy` "
             "(nervaluate's algorithm) on the entities-only corpus.")
    L.append("- **hudna validate**: `hudna validate C/gold`.")
    L.append("- **nervaluate**: nervaluate 1.2.1's `Evaluator(true, pred, tags, loader=\"dict\").evaluate()` alone, "
             "timed inside Python on the entity spans converted beforehand (JSON loading not timed); its RSS is the "
             "whole Python process's peak, input lists included.\n")

    for c in summary:
        L.append(f"## {c['label']}\n")
        L.append(f"{c['docs']:,} documents, layers: {c['layers']}; {c['gold_spans']:,} gold entity spans "
                 f"({c['gold_records']:,} gold records), {c['pred_records']:,} prediction records; "
                 f"{c['bytes'] / 1e6:,.0f} MB on disk ({c['files']:,} files).\n")
        L.append("| what | runs | wall (median) | peak RSS (median) | ÷ floor | CPU (median) | CPU ÷ floor |")
        L.append("|---|---:|---:|---:|---:|---:|---:|")
        fl = get(c["name"], "floor")
        for tool, label in TOOLS:
            t = c["tools"].get(tool)
            if not t:
                continue
            ref_tool = "floor_gold" if tool == "validate" else "floor"
            r = ratio(t["wall_s_median"], get(c["name"], ref_tool))
            rc = ratio(t["cpu_s_median"], get(c["name"], ref_tool, "cpu_s_median"))
            na = tool in ("floor", "floor_gold")
            L.append(f"| {label} | {t['reps']} | {fmt_s(t['wall_s_median'])} | {fmt_mb(t['rss_kb_median'])} | "
                     f"{'—' if r is None or na else f'{r:.2f}×'} | {fmt_s(t['cpu_s_median'])} | "
                     f"{'—' if rc is None or na else f'{rc:.2f}×'} |")
        L.append("")
        if c["name"] == ent and agreement is not None:
            ok = agreement["agree"]
            L.append(f"Count agreement, `hudna score --matching greedy` vs nervaluate 1.2.1 (entities; strict, exact, "
                     f"partial, type × correct, incorrect, partial, missed, spurious): "
                     f"**{'all 20 counts equal' if ok else 'DISAGREE'}**.\n")
            L.append("| scheme | correct | incorrect | partial | missed | spurious |")
            L.append("|---|---:|---:|---:|---:|---:|")
            for s, v in agreement["counts"].items():
                h, n = v["hudna"], v["nervaluate"]
                L.append(f"| {s} | " + " | ".join(
                    f"{h[k]:,}" if h[k] == n[k] else f"{h[k]:,} ≠ {n[k]:,}" for k in COUNTS) + " |")
            L.append("")
    for name, profile in profiles.items():
        L.append(f"## Where `hudna score` spends its CPU ({by[name]['label']})\n")
        if "skipped" in profile:
            L.append(f"Not profiled: {profile['skipped']}.\n")
            continue
        cpu = get(name, "score", "cpu_s_median")
        floor_cpu = get(name, "floor", "cpu_s_median")
        n = profile["samples"]
        L.append(f"One more run of `hudna score --resamples 0` under `perf record -F 499 --call-graph dwarf` "
                 f"({n:,} samples); each sample is put in the first stage below with a function on its stack "
                 f"(`STAGES` in `bench/bench.py`). CPU seconds are the shares of the median CPU time above "
                 f"({fmt_s(cpu)}); the floor's whole CPU time is {fmt_s(floor_cpu)}.\n")
        L.append("| stage | share | CPU | ÷ floor CPU |")
        L.append("|---|---:|---:|---:|")
        for st in profile["stages"]:
            if st["samples"] == 0 and st["stage"] in ("events", "casualties"):
                continue
            share = st["samples"] / n if n else 0
            sec = share * cpu if cpu else None
            r = ratio(sec, floor_cpu)
            L.append(f"| {st['what']} | {share * 100:.1f}% | {fmt_s(sec)} | {'—' if r is None else f'{r:.2f}×'} |")
        L.append("")
        shares = {st["stage"]: st["samples"] / n for st in profile["stages"]} if n else {}
        if cpu and floor_cpu and shares:
            def part(*names):
                return sum(shares[x] for x in names) * cpu / floor_cpu
            L.append(f"Reading the input (gold, predictions, and the JSON parsing perf could not place) takes "
                     f"{part('gold', 'pred', 'json_cut'):.2f}× the floor's CPU time on its own; matching "
                     f"{part('spans', 'sets', 'events', 'casualties'):.2f}×; the fingerprint, count table and report "
                     f"{part('fingerprint', 'table'):.2f}×.")
            rec = ratio(get(name, "floor_records", "cpu_s_median"), floor_cpu)
            if rec is not None:
                L.append(f"Of the reading, turning each line into hudna's typed, checked, owned record alone "
                         f"(the floor's `--records` row) costs {rec:.2f}× the floor's CPU time; the rest is "
                         "what `hudna score` does beyond that (semantic checks, article indexes, splitting "
                         "predictions by document).")
            L.append("")
    L.append("## Targets (issue #10)\n")
    L.append("| target | measured | goal | |")
    L.append("|---|---:|---|---|")
    for t in targets:
        L.append(f"| {t['what']} | {t['shown']} | {t['target']} | {verdict(t)} |")
    L.append("")
    L.append("Targets on time use the medians above; targets on memory the highest peak RSS over the repetitions. "
             "The validate ratio is taken against the gold-only floor because `validate` reads no predictions; "
             "against the full floor it would look better than it is. \"Linear\" is read as: time per document at "
             "the large corpus at most 1.2× that at the small one.\n")
    Path(md_path).write_text("\n".join(L), encoding="utf-8")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "nervaluate":
        cmd_nervaluate(*args)
    elif cmd == "agree":
        sys.exit(cmd_agree(*args))
    elif cmd == "profile":
        cmd_profile(*args)
    elif cmd == "report":
        cmd_report(*args)
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
