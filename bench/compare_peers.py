"""hudna (greedy mode) vs nervaluate 1.2.1: same spans, same counts, how fast.

For each corpus size, a synthetic corpus is generated with a fixed seed:
articles of Arabic words, gold entity spans on word boundaries (types that
need no KB ref), and predictions with realistic noise (exact, retyped,
shifted, missed, spurious). hudna scores it end to end through the CLI
(load + validate + match + report, no bootstrap); nervaluate scores the same
spans in-process (its inclusive end offsets converted). The overall counts of
the four schemes must agree; timings are the best of 3 runs.
"""

import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nervaluate import Evaluator
import nervaluate

WORDS = ["قال", "الرئيس", "وزير", "الخارجية", "في", "بيان", "اليوم", "إن", "القوات", "أعلنت", "وقف",
         "إطلاق", "النار", "المنطقة", "الحدود", "مقتل", "جنود", "مدنيين", "مساء", "الأحد", "صواريخ"]
LABELS = ["OCC", "DATE", "TIME", "WEA"]
SCHEMES = {"strict": "strict", "exact": "exact", "partial": "partial", "ent_type": "type"}


def make_doc(rng, doc, n_words):
    words = [rng.choice(WORDS) for _ in range(n_words)]
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    text = " ".join(words) + "\n"
    gold, i = [], 0
    while i < n_words:
        if rng.random() < 0.3:
            k = rng.choice([1, 1, 2, 3])
            j = min(i + k, n_words)
            gold.append({"label": rng.choice(LABELS), "start": starts[i], "end": starts[j - 1] + len(words[j - 1])})
            i = j + 1
        else:
            i += 1
    pred = []
    for g in gold:
        r = rng.random()
        if r < 0.6:
            pred.append(dict(g))
        elif r < 0.75:
            pred.append({**g, "label": rng.choice(LABELS)})
        elif r < 0.85 and g["end"] - g["start"] > 2:
            pred.append({**g, "start": g["start"] + 1})
        # else missed
    for _ in range(len(gold) // 10):
        w = rng.randrange(n_words)
        pred.append({"label": rng.choice(LABELS), "start": starts[w], "end": starts[w] + len(words[w])})
    rng.shuffle(pred)
    return text, gold, pred


def write_corpus(root, docs):
    gold_dir, pred_file = root / "gold", root / "preds.jsonl"
    gold_dir.mkdir()
    (gold_dir / "kb.jsonl").write_text("", encoding="utf-8")
    with pred_file.open("w", encoding="utf-8") as pf:
        for doc, (text, gold, pred) in docs.items():
            (gold_dir / f"{doc}.txt").write_text(text, encoding="utf-8")
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            lines = [
                {"kind": "document", "doc": doc, "sha256": sha, "lang": "ar", "title": None, "outlet": None,
                 "published": None, "published_basis": "inferred", "note": "synthetic"},
                {"kind": "zone", "doc": doc, "id": "z1", "type": "body", "start": 0, "end": len(text)},
            ]
            for n, g in enumerate(gold):
                lines.append({"kind": "entity", "doc": doc, "id": f"e{n + 1}", "type": g["label"], "start": g["start"],
                              "end": g["end"], "text": text[g["start"]:g["end"]], "ref": None})
            (gold_dir / f"{doc}.jsonl").write_text(
                "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
            for p in pred:
                pf.write(json.dumps({"kind": "entity", "doc": doc, "type": p["label"], "start": p["start"],
                                     "end": p["end"], "text": text[p["start"]:p["end"]]}, ensure_ascii=False) + "\n")
    return gold_dir, pred_file


def best_of(n, f):
    best, out = None, None
    for _ in range(n):
        t = time.perf_counter()
        out = f()
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best, out


def main():
    hudna = sys.argv[1]
    sizes = [int(x) for x in sys.argv[2:]] or [10, 100, 1000]
    results = []
    for n_docs in sizes:
        rng = random.Random(20240601 + n_docs)
        docs = {f"doc-{i:05d}": make_doc(rng, f"doc-{i:05d}", rng.randint(150, 400)) for i in range(n_docs)}
        with tempfile.TemporaryDirectory() as tmp:
            gold_dir, pred_file = write_corpus(Path(tmp), docs)
            cmd = [hudna, "score", "--gold", str(gold_dir), "--extractor", f"file:{pred_file}",
                   "--matching", "greedy", "--resamples", "0", "--format", "json"]

            def run_hudna():
                p = subprocess.run(cmd, capture_output=True, text=True, check=True)
                return json.loads(p.stdout)

            t_hudna, report = best_of(3, run_hudna)
            # nervaluate: document order as hudna sorts it, predictions in
            # file order within each document (greedy matching is order-bound).
            order = sorted(docs)
            true = [[{**g, "end": g["end"] - 1} for g in docs[d][1]] for d in order]
            pred = [[{**p, "end": p["end"] - 1} for p in docs[d][2]] for d in order]

            def run_nervaluate():
                return Evaluator(true, pred, tags=LABELS, loader="dict").evaluate()

            t_nerv, nerv = best_of(3, run_nervaluate)
        overall = nerv["overall"]
        agree = True
        for theirs, ours in SCHEMES.items():
            row = next(r for r in report["metrics"]
                       if r["layer"] == "entities" and r["scheme"] == ours and r["label"] == "micro")
            for k in ["correct", "incorrect", "partial", "missed", "spurious"]:
                if row["counts"][k] != getattr(overall[theirs], k):
                    agree = False
                    print(f"DISAGREE n={n_docs} {ours} {k}: hudna {row['counts'][k]} nervaluate {getattr(overall[theirs], k)}")
        n_spans = sum(len(d[1]) for d in docs.values())
        results.append({"documents": n_docs, "gold_spans": n_spans,
                        "predicted_spans": sum(len(d[2]) for d in docs.values()),
                        "hudna_cli_seconds": round(t_hudna, 4), "nervaluate_seconds": round(t_nerv, 4),
                        "counts_agree": agree})
        print(f"{n_docs:>6} docs {n_spans:>7} gold spans: hudna CLI {t_hudna:.3f} s (load+validate+score), "
              f"nervaluate {t_nerv:.3f} s (scoring only); counts agree: {agree}")
    out = Path("bench/results/peers.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"nervaluate_version": nervaluate.__version__ if hasattr(nervaluate, "__version__") else "1.2.1",
                               "python": sys.version.split()[0], "results": results}, indent=2) + "\n", encoding="utf-8")
    if not all(r["counts_agree"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
