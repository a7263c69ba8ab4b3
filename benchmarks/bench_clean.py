#!/usr/bin/env python3
"""Cost of the clean stage beside extraction, on the same pages, in one run.

Pages: ../shared/data/extraction-aeb and extraction-trafilatura-eval (about 1,080 real
pages; --limit K takes the first K of each folder). One process, pages held in memory.

Columns:
  trafilatura.extract   the peer library alone (default settings)
  storylens extract     our extraction (trafilatura fast mode + metadata), no cleaning
  storylens clean       the clean stage alone on those extracted articles (HTML-aware)
The ratio clean / extract is the share cleaning adds to extraction (target <= 15%).

Usage: python benchmarks/bench_clean.py [--limit K] [--repeat R]
Writes benchmarks/results/clean.json and prints a table with ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data"


def pages(limit: int | None) -> list[tuple[str, bytes]]:
    out = []
    for folder, pattern in (("extraction-aeb", "*.html.gz"), ("extraction-trafilatura-eval", "*.gz")):
        files = sorted((DATA / folder / "html").glob(pattern))
        out += [(str(f), gzip.decompress(f.read_bytes())) for f in (files[:limit] if limit else files)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first K pages of each folder")
    ap.add_argument("--repeat", type=int, default=1, help="repeat the timed loops R times, keep the best")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    import trafilatura

    from storylens.clean.stage import CleanStage
    from storylens.config import Settings
    from storylens.pipeline import Pipeline
    from storylens.types import Article, Provenance, RawDocument

    docs = pages(args.limit)
    if not docs:
        sys.exit(f"no pages under {DATA}: the benchmark needs ../shared/data")
    pipe = Pipeline(Settings({"clean": False, "enrich": False}))
    stage = CleanStage(Settings())
    from storylens.clean.vocab import preload

    t_load = time.perf_counter()
    preload(("en", "de", "fr", "es", "pl", "pt", "it", "nl", "id"))  # once per process, reported apart
    t_load = time.perf_counter() - t_load
    raws = [RawDocument(Provenance(name, "html"), html=data) for name, data in docs]
    best: dict[str, float] = {}
    articles: list[Article] = []
    removals = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _, data in docs:
            trafilatura.extract(data)
        t1 = time.perf_counter()
        arts = [pipe.extract(r) for r in raws]
        t2 = time.perf_counter()
        articles = [a for a in arts if isinstance(a, Article)]
        cleaned = [stage(a) for a in articles]
        t3 = time.perf_counter()
        removals = sum(len(a.removals) for a in cleaned)
        for key, value in (("trafilatura.extract", t1 - t0), ("storylens extract", t2 - t1),
                           ("storylens clean", t3 - t2)):
            best[key] = min(best.get(key, float("inf")), value)
    n = len(docs)
    rows = [{"step": k, "seconds": round(v, 2), "pages_per_s": round(n / v, 1)} for k, v in best.items()]
    result = {
        "pages": n, "articles": len(articles), "removals": removals, "rows": rows,
        "clean_over_extract": round(best["storylens clean"] / best["storylens extract"], 4),
        "clean_over_trafilatura": round(best["storylens clean"] / best["trafilatura.extract"], 4),
        "word_lists_load_once_seconds": round(t_load, 2),
        "command": "python benchmarks/bench_clean.py" + (f" --limit {args.limit}" if args.limit else ""),
    }
    out = ROOT / "benchmarks" / "results" / "clean.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{n} pages, {len(articles)} articles, {removals} removals")
    print(f"{'step':<22}{'seconds':>10}{'pages/s':>10}")
    for r in rows:
        print(f"{r['step']:<22}{r['seconds']:>10}{r['pages_per_s']:>10}")
    print(f"clean / storylens extract   = {result['clean_over_extract']:.3f}")
    print(f"clean / trafilatura.extract = {result['clean_over_trafilatura']:.3f}")
    print(f"word lists (once per process, not in the rows) = {t_load:.2f} s")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
