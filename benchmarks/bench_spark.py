"""Throughput of the full per-document pipeline: local 1 process, local 2, Spark local[2],
and Spark on a standalone cluster (``spark-standalone``: a master and two 1-core workers
started on this machine, inputs given as a file:// URI that the executors read themselves).

The same articles (the first N of corpus-allsides, written as JSONL shards so that
every engine reads the same files) go through ``storylens run`` in each
configuration, one after the other in this one process. Figures are
articles/s over the whole run (read + extract + clean + enrich + Parquet write);
the Spark session is started before its timer (a cluster's JVMs are up
already), its first-partition model loads are inside it, as the pool's are.

    PYTHONPATH=src python benchmarks/bench_spark.py --n 2000
    PYTHONPATH=src python benchmarks/bench_spark.py --n 2000 --configs local-2,spark-standalone

Prints a table and writes benchmarks/results/spark.json. The machine load
(``os.getloadavg``) is recorded before and after each configuration: rerun
when it is high, the figures are ratios of runs that shared the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storylens.config import Settings  # noqa: E402
from storylens.engines import parquet as pq  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpus-allsides" / "articles_international_topics.jsonl.gz"


def corpus_path() -> Path:
    env = os.environ.get("STORYLENS_SHARED")
    candidates = [CORPUS] + ([Path(env) / "data" / "corpus-allsides" / CORPUS.name] if env else [])
    for p in candidates:
        if p.exists():
            return p
    sys.exit(f"corpus not found: {CORPUS} (shared/ beside the repository)")


def write_shards(n: int, shards: int, folder: Path) -> int:
    lines = []
    with gzip.open(corpus_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                lines.append(line if line.endswith("\n") else line + "\n")
            if len(lines) >= n:
                break
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(shards):
        (folder / f"shard-{i:02d}.jsonl").write_text("".join(lines[i::shards]), encoding="utf-8")
    return len(lines)


def safe(name: str) -> str:
    """A folder name without glob characters (Hadoop paths treat [..] as a pattern)."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def load() -> float:
    return round(os.getloadavg()[0], 2)


def run_config(name: str, inputs: Path, out: Path, settings: Settings, spark=None) -> dict:
    pq.prepare_out_dir(out, overwrite=True)
    before = load()
    t0 = time.perf_counter()
    if name.startswith("local"):
        summary = pq.run_local_parquet([str(inputs)], out, settings, workers=int(name[-1]), corpus=False)
    else:
        from storylens.engines.spark import run_spark

        target = inputs.as_uri() if name == "spark-standalone" else str(inputs)
        summary = run_spark([target], out, settings, spark=spark)
    secs = time.perf_counter() - t0
    row = {"config": name, "articles": summary["read"], "stored": summary["stored"],
           "seconds": round(secs, 2), "articles_per_s": round(summary["read"] / secs, 2),
           "load_before": before, "load_after": load()}
    print(f"  {name:<14} {row['articles']:>6} articles {secs:8.1f} s {row['articles_per_s']:8.2f}/s "
          f"(load {before} -> {row['load_after']})", flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="articles (first N of corpus-allsides)")
    ap.add_argument("--shards", type=int, default=16, help="JSONL files the articles are split into")
    ap.add_argument("--configs", default="local-1,local-2,spark-local[2]")
    ap.add_argument("--no-enrich", action="store_true", help="extract + clean only")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "spark.json"))
    args = ap.parse_args()

    # Settings.load: a config file (STORYLENS_CONFIG) and STORYLENS_* variables apply, as in `storylens run`
    settings = Settings.load(enrich=not args.no_enrich)
    tmp = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    rows = []
    try:
        n = write_shards(args.n, args.shards, tmp / "in")
        print(f"{n} articles in {args.shards} JSONL shards; cores {os.cpu_count()}; load {load()}; "
              f"tone_model {settings.tone_model}")
        configs = args.configs.split(",")
        spark = None
        with contextlib.ExitStack() as stack:
            for name in configs:
                if name.startswith("spark"):
                    from storylens.engines.spark import spark_session

                    master = name.removeprefix("spark-")
                    t = time.perf_counter()
                    if master == "standalone":
                        from storylens.engines.standalone import standalone_cluster

                        if spark is not None:
                            spark.stop()
                        master = stack.enter_context(standalone_cluster(workers=2, cores=1)).url
                    spark = spark_session(master)
                    print(f"  (spark session {master} up in {time.perf_counter() - t:.1f}s, not timed)")
                rows.append(run_config(name, tmp / "in", tmp / safe(name), settings, spark))
                Path(args.out).parent.mkdir(parents=True, exist_ok=True)
                Path(args.out).write_text(json.dumps({"n": n, "partial": True, "rows": rows}, indent=2) + "\n")
            if spark is not None:
                spark.stop()
        # identical outputs (ids) across configurations
        ids = {r["config"]: sorted(a["id"] for a in pq.iter_table(tmp / safe(r["config"]), "articles"))
               for r in rows}
        same = len({tuple(v) for v in ids.values()}) == 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rate = {r["config"]: r["articles_per_s"] for r in rows}
    result: dict = {"n": n, "shards": args.shards, "enrich": not args.no_enrich, "tone_model": settings.tone_model, "same_ids": same,
                    "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                    "rows": rows}
    if "local-1" in rate and "local-2" in rate:
        result["scaling_efficiency_1_to_2"] = round(rate["local-2"] / rate["local-1"] / 2, 3)
    spark_rows = [r for r in rows if r["config"].startswith("spark")]
    if spark_rows and "local-2" in rate:
        result["spark_slowdown_vs_local_2"] = round(1 - spark_rows[0]["articles_per_s"] / rate["local-2"], 3)
    if "spark-standalone" in rate and "local-2" in rate:  # time ratio: standalone seconds / pool seconds
        result["standalone_time_ratio_vs_local_2"] = round(rate["local-2"] / rate["spark-standalone"], 3)
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}, indent=2))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
