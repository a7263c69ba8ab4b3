#!/usr/bin/env python3
"""Ingest throughput beside bare trafilatura, on the same pages, in one run.

Pages: every page of ../shared/data/extraction-aeb and extraction-trafilatura-eval
(about 1,080 real pages, read from their .html.gz files by both sides).

Configurations, each in a fresh subprocess so that peak memory is its own:
  trafilatura-1   trafilatura.extract over the pages, 1 process
  trafilatura-meta-1  bare_extraction(with_metadata=True): trafilatura doing what ingest does
                  (title, author, date, site name), 1 process
  trafilatura-N   the same over a multiprocessing pool of N processes
  ingest-1        `storylens ingest --workers 1 --keep-noise --no-enrich` (extract + store)
  ingest-N        the same with --workers N
  ingest-full-1   `storylens ingest --workers 1` (every registered stage), for reference

Usage: python benchmarks/bench_ingest.py [--workers N] [--limit K] [--repeat R]
Writes benchmarks/results/ingest.json and prints a table with ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def pages(limit: int | None) -> list[Path]:
    files = sorted((DATA / "extraction-aeb" / "html").glob("*.html.gz"))
    files += sorted((DATA / "extraction-trafilatura-eval" / "html").glob("*.gz"))
    return files[:limit] if limit else files


def _traf_one(path: str) -> int:
    import trafilatura

    text = trafilatura.extract(gzip.decompress(Path(path).read_bytes()))
    return len(text or "")


def _traf_meta_one(path: str) -> int:
    import trafilatura

    doc = trafilatura.bare_extraction(gzip.decompress(Path(path).read_bytes()), with_metadata=True)
    return len(doc.text or "") if doc is not None else 0


def run_trafilatura(files: list[str], workers: int, meta: bool = False) -> dict:
    import logging

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    t0 = time.perf_counter()
    if workers == 1:
        one = _traf_meta_one if meta else _traf_one
        chars = sum(one(f) for f in files)
    else:
        from multiprocessing import Pool

        with Pool(workers) as pool:
            chars = sum(pool.imap_unordered(_traf_one, files, chunksize=8))
    return {"seconds": time.perf_counter() - t0, "chars": chars}


def run_ingest(files: list[str], workers: int, full: bool) -> dict:
    from storylens.config import Settings
    from storylens.ingest import ingest
    from storylens.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "pages"
        listing.mkdir()
        for i, f in enumerate(files):  # a folder of links: the real reader walks it
            (listing / f"{i:05d}.html.gz").symlink_to(f)
        # extract + store only: no stages and no corpus stage (syndication has its own benchmark)
        settings = Settings({} if full else {"clean": False, "enrich": False, "syndication": False})
        t0 = time.perf_counter()
        with Store(Path(tmp) / "b.duckdb") as store:
            s = ingest([str(listing)], store, settings, workers=workers)
        return {"seconds": time.perf_counter() - t0, "stored": s.stored, "rejected": s.rejected}


def one(config: str, files: list[str]) -> None:
    kind, _, n = config.rpartition("-")
    workers = int(n)
    if kind in ("trafilatura", "trafilatura-meta"):
        out = run_trafilatura(files, workers, meta=(kind == "trafilatura-meta"))
    else:
        out = run_ingest(files, workers, full=(kind == "ingest-full"))
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out["peak_rss_mb"] = round(max(self_rss, child_rss) / 1024, 1)
    out["peak_rss_total_mb_upper"] = round((self_rss + child_rss * max(1, workers - 0)) / 1024, 1)
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1, help="Take the best of R runs per configuration.")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--full", action="store_true", help="Also time the full pipeline (all stages).")
    args = ap.parse_args()
    files = [str(p) for p in pages(args.limit)]
    if args.one:
        one(args.one, files)
        return
    if not files:
        sys.exit(f"no pages under {DATA}: this benchmark reads ../shared/data")
    n = args.workers
    configs = ["trafilatura-1", "trafilatura-meta-1", "ingest-1", f"trafilatura-{n}", f"ingest-{n}"]
    if args.full:
        configs.append("ingest-full-1")
    results: dict[str, dict] = {}
    load_before = os.getloadavg()[0]
    for cfg in configs:
        best = None
        for _ in range(args.repeat):
            cmd = [sys.executable, __file__, "--one", cfg] + (["--limit", str(args.limit)] if args.limit else [])
            proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            if best is None or r["seconds"] < best["seconds"]:
                best = r
        assert best is not None
        best["pages_per_s"] = round(len(files) / best["seconds"], 1)
        results[cfg] = best
        print(f"{cfg:16s} {best['seconds']:7.2f} s  {best['pages_per_s']:7.1f} pages/s  peak {best['peak_rss_mb']:.0f} MB", flush=True)
    t1, i1 = results["trafilatura-1"]["seconds"], results["ingest-1"]["seconds"]
    tn, i_n = results[f"trafilatura-{n}"]["seconds"], results[f"ingest-{n}"]["seconds"]
    summary = {
        "pages": len(files),
        "workers": n,
        "loadavg_before": round(load_before, 2),
        "ingest_vs_trafilatura_1core": round(t1 / i1, 3),
        "ingest_vs_trafilatura_with_metadata_1core": round(results["trafilatura-meta-1"]["seconds"] / i1, 3),
        f"ingest_vs_trafilatura_{n}cores": round(tn / i_n, 3),
        f"ingest_scaling_1_to_{n}": round(i1 / i_n, 3),
        f"trafilatura_scaling_1_to_{n}": round(t1 / tn, 3),
        "results": results,
    }
    print(json.dumps({k: v for k, v in summary.items() if k != "results"}, indent=2))
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
