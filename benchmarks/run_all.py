#!/usr/bin/env python3
"""Every benchmark in benchmarks/ in a quick mode, one after another, with a summary table.

``make bench`` runs this. Each ``bench_*.py`` runs in its own process with small sizes (the
table ``QUICK`` below) so that the whole run finishes in minutes; it is a smoke run that every
benchmark still works and a rough look at the ratios, not the published figures: those come
from running a benchmark with its defaults (see BENCHMARKS.md).

The quick runs must not overwrite the published results: benchmarks/results/ is saved before
and put back after the run, and what the quick runs wrote there is moved beside the logs
(a temporary folder the run prints). A benchmark that fails or passes its time limit is reported and the
run goes on; the exit code is 1 when any failed.

    python benchmarks/run_all.py [--only NAME[,NAME]] [--timeout SECONDS] [--full]

``--full`` runs each benchmark with its defaults instead (hours; results are kept).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"

# quick arguments per benchmark: sizes that keep each one to about a minute on 2 cores
QUICK: dict[str, list[str]] = {
    "bench_actors.py": ["--n", "20"],
    "bench_clean.py": ["--limit", "20"],
    "bench_extract.py": ["--repeat", "1"],
    "bench_ingest.py": ["--limit", "20", "--workers", "2"],
    "bench_pipeline.py": ["--quick"],
    "bench_quotes.py": ["--n", "20"],
    "bench_spark.py": ["--n", "100", "--shards", "2", "--configs", "local-1,spark-local[2]"],
    "bench_spread.py": ["--sizes", "2000", "--stage-sizes", "2000", "--datasketch", "2000"],
    "bench_stories.py": ["--n", "5000", "--new", "200", "--peer-n", "2000"],
    "bench_tone.py": ["--n", "20", "--models", "static"],
    "bench_web.py": ["--articles", "2000", "--clients", "4", "--seconds", "3", "--phases", "cached"],
}


def benchmarks(only: str | None) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in only.split(",")}
        wanted = {n if n.endswith(".py") else f"{n}.py" for n in wanted}
        found = [p for p in found if p.name in wanted]
    return found


def run_one(path: Path, args: list[str], timeout: float, log_dir: Path) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    log = log_dir / f"{path.stem}.log"
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, str(path), *args], cwd=HERE, env=env, timeout=timeout,
                              capture_output=True, text=True)
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
        out = proc.stdout + ("\n" + proc.stderr if proc.returncode else "")
    except subprocess.TimeoutExpired as exc:
        status = f"timeout {timeout:.0f}s"
        out = (exc.stdout or b"").decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
    secs = time.perf_counter() - t0
    log.write_text(out, encoding="utf-8")
    lines = [ln for ln in out.strip().splitlines() if ln.strip()]
    last = lines[-1][:90] if lines else ""
    return {"benchmark": path.stem, "status": status, "seconds": secs, "log": log, "last": last}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated benchmark names (actors,quotes,...)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per benchmark")
    ap.add_argument("--full", action="store_true", help="defaults instead of quick sizes; results kept")
    args = ap.parse_args()

    log_dir = Path(tempfile.mkdtemp(prefix="storylens-bench-"))
    saved = Path(tempfile.mkdtemp(prefix="storylens-results-")) / "results"
    if not args.full:
        shutil.copytree(RESULTS, saved)
    rows = []
    try:
        for path in benchmarks(args.only):
            extra = [] if args.full else QUICK.get(path.name, [])
            print(f"-- {path.name} {' '.join(extra)}", flush=True)
            rows.append(run_one(path, extra, args.timeout, log_dir))
            print(f"   {rows[-1]['status']} in {rows[-1]['seconds']:.0f}s: {rows[-1]['last']}", flush=True)
    finally:
        if not args.full:
            quick = log_dir / "results"
            quick.mkdir(exist_ok=True)
            for f in RESULTS.glob("*.json"):
                before = saved / f.name
                if not before.exists() or before.read_bytes() != f.read_bytes():
                    shutil.copy2(f, quick / f.name)
            for f in RESULTS.glob("*.json"):
                if not (saved / f.name).exists():
                    f.unlink()
            for f in saved.glob("*.json"):
                shutil.copy2(f, RESULTS / f.name)

    print()
    print(f"{'benchmark':<16} {'status':<12} {'seconds':>8}  last line")
    for r in rows:
        print(f"{r['benchmark']:<16} {r['status']:<12} {r['seconds']:>8.0f}  {r['last']}")
    print(f"\nlogs: {log_dir}" + ("" if args.full else f"; quick results: {log_dir / 'results'}"))
    sys.exit(0 if all(r["status"] == "ok" for r in rows) else 1)


if __name__ == "__main__":
    main()
