#!/usr/bin/env python3
"""Score an extractor in N shards on a Dask cluster, then merge the shards.

Each Dask task runs one shard, extractor included:

    hudna score --gold G --extractor E --shard i/N --format json -o OUT/parts/part-i.json

and once every task has succeeded the client runs

    hudna merge OUT/parts/part-*.json --format json -o OUT/merged.json

which is the report one `hudna score` run over all documents gives, byte for
byte. Scoring is cheap; the extractor (a model, an LLM) is what the shards
spread over the workers.

The cluster here is a LocalCluster on loopback (two worker processes, one
thread each, no dashboard). On a real cluster, connect a Client to its
scheduler instead (`--scheduler tcp://HOST:8786`): every worker then needs
the hudna binary, the gold, the extractor and a shared OUT directory at the
same paths.

    python examples/shards/dask_shards.py --hudna target/release/hudna \\
        --gold annotations --extractor 'command:python3 examples/extractor.py' \\
        --shards 4 --out /tmp/shards

Options after `--` go to every `hudna score` (e.g. `-- --resamples 2000`);
they must be the same for every shard, or `hudna merge` refuses the parts.

Needs `dask[distributed]`. Exit status: 0 merged; 1 a shard or the merge
failed (its stderr is printed).
"""

import argparse
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _die_with_parent():
    """Linux: the shard's hudna gets SIGTERM if its Dask worker dies, so a
    killed cluster leaves no hudna (or extractor, which sees its stdin close)
    behind."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def run_shard(hudna, gold, extractor, index, count, out, extra, cwd, threads):
    """One Dask task: score shard index/count. Returns what the client
    reports; raises nothing, so a failed shard is reported with its stderr."""
    cmd = [
        hudna, "score",
        "--gold", gold,
        "--extractor", extractor,
        "--shard", f"{index}/{count}",
        "--format", "json",
        "-o", out,
        *extra,
    ]
    env = dict(os.environ)
    # hudna's own parallelism: no more threads than the worker was given.
    env.setdefault("RAYON_NUM_THREADS", str(threads))
    start = time.monotonic()
    kwargs = {}
    if sys.platform.startswith("linux"):
        kwargs["preexec_fn"] = _die_with_parent
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs,
    )
    return {
        "index": index,
        "code": proc.returncode,
        "seconds": time.monotonic() - start,
        "stderr": proc.stderr,
        "worker_pid": os.getpid(),
        "cmd": cmd,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hudna", default="hudna", help="the hudna binary (default: hudna on PATH)")
    ap.add_argument("--gold", default="annotations", help="the gold corpus directory")
    ap.add_argument("--extractor", default="baseline",
                    help="baseline | gold | file:PATH | 'command:CMD'")
    ap.add_argument("--shards", "-n", type=int, default=4, help="N, the number of shards")
    ap.add_argument("--out", required=True, type=Path,
                    help="directory for parts/part-I.json and merged.json")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    ap.add_argument("--scheduler", help="connect to this scheduler instead of a LocalCluster")
    ap.add_argument("score_args", nargs="*", help="after `--`: more `hudna score` options")
    args = ap.parse_args(argv)
    if args.shards < 1:
        ap.error("--shards must be at least 1")

    from dask.distributed import Client, LocalCluster

    cwd = os.getcwd()
    # Absolute paths: the workers may run elsewhere (they get cwd too, for a
    # relative `command:` extractor such as `python3 examples/extractor.py`).
    hudna = args.hudna
    if os.sep in hudna:
        hudna = os.path.abspath(hudna)
    parts_dir = (args.out / "parts").resolve()
    parts_dir.mkdir(parents=True, exist_ok=True)
    for old in parts_dir.glob("part-*.json"):
        old.unlink()
    parts = [str(parts_dir / f"part-{i}.json") for i in range(1, args.shards + 1)]
    merged = (args.out / "merged.json").resolve()

    cluster = client = None
    t0 = time.monotonic()
    try:
        if args.scheduler:
            client = Client(args.scheduler)
        else:
            cluster = LocalCluster(
                n_workers=args.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.WARNING,
            )
            client = Client(cluster)
        t_up = time.monotonic()
        futures = [
            client.submit(
                run_shard, hudna, args.gold, args.extractor, i, args.shards,
                parts[i - 1], args.score_args, cwd, 1,
                key=f"hudna-shard-{i}-of-{args.shards}-{os.getpid()}", pure=False,
            )
            for i in range(1, args.shards + 1)
        ]
        results = client.gather(futures)
        t_shards = time.monotonic()
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    failed = False
    for r in sorted(results, key=lambda r: r["index"]):
        status = "ok" if r["code"] == 0 else f"FAILED (exit {r['code']})"
        print(f"shard {r['index']}/{args.shards}: {status} in {r['seconds']:.2f} s"
              f" (worker pid {r['worker_pid']})", file=sys.stderr)
        if r["code"] != 0:
            failed = True
            sys.stderr.write(r["stderr"])
    if failed:
        return 1

    proc = subprocess.run(
        [hudna, "merge", *parts, "--format", "json", "-o", str(merged)],
        stderr=subprocess.PIPE, text=True,
    )
    t_merge = time.monotonic()
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        print(f"merge FAILED (exit {proc.returncode})", file=sys.stderr)
        return 1
    print(f"cluster up {t_up - t0:.2f} s · {args.shards} shards {t_shards - t_up:.2f} s"
          f" · merge {t_merge - t_shards:.2f} s · wrote {merged}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
