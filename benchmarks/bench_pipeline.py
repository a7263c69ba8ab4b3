#!/usr/bin/env python3
"""The whole per-document pipeline beside spaCy's full parse, on the same articles, in one run.

Articles: the first N (default 150) AllSides international articles of
../shared/data/corpus-allsides with more than 500 characters, as ``storylens
annotate`` reads a JSONL file (text, title, date, outlet; no HTML).

Configurations, each in a fresh subprocess so that its peak memory is its own:
  spacy      ``en_core_web_sm`` (the project's packaged copy) with every component on,
             ``nlp.pipe`` over the texts: the peer
  default    ``storylens annotate --workers 1`` with the default settings, done by hand:
             ``Pipeline.extract`` and then every registered stage in turn, each timed,
             so the per-stage seconds add up to the whole
  student    the same with ``tone_model=student``
  static     the same with ``tone_model=static``
  mpnet      the same with ``tone_model=mpnet`` (not by default)
  mpnet6     the same with ``tone_model=mpnet6`` (the 6-layer MPNet; not by default)
  mpnet8     the same with ``tone_model=mpnet8`` (the 8-layer MPNet; not by default)
  cascade    the same with ``tone_model=cascade`` (not by default: ``tone_model=auto``, the
             default, already picks it when installed); the share of sentences the cascade
             sent on to mpnet is reported (``tone_escalated_share``); ``cascade@M`` sets
             its margin (``tone_cascade_margin``) to M
  base:CFG   CFG run from another source tree (``--base-src DIR``, e.g. an export of main):
             before/after in the same run

Reports articles/s, the ratio to spaCy's articles/s, seconds per stage and peak
memory (psutil RSS sampled at the end of the run, and the process's ru_maxrss).
The machine is shared: only ratios measured in the same run mean anything.

    python benchmarks/bench_pipeline.py [--n 150] [--quick] [--configs spacy,default,student,static]
                                        [--base-src DIR --base-configs default]

Writes benchmarks/results/pipeline.json (``--quick``: pipeline-quick.json).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from common import portable, run_stages

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus-allsides" / "articles_international_topics.jsonl.gz"


def load_records(n: int) -> list[dict]:
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if len(rec.get("content_original") or "") > 500:
                out.append(rec)
            if len(out) >= n:
                break
    return out


def _peak() -> dict:
    import psutil

    rss = psutil.Process().memory_info().rss
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rss_mb": round(rss / 2**20, 1), "peak_rss_mb": round(maxrss_kb / 1024, 1)}


def run_spacy(recs: list[dict]) -> dict:
    import spacy

    from storylens.enrich.nlp import MAX_CHARS, MODEL_PACKAGE

    nlp = spacy.load(MODEL_PACKAGE)  # every component, as shipped
    nlp.max_length = MAX_CHARS + 1000
    texts = [r["content_original"].strip()[:MAX_CHARS] for r in recs]
    nlp("Warm up.")
    t0 = time.perf_counter()
    tokens = sum(len(d) for d in nlp.pipe(texts))
    secs = time.perf_counter() - t0
    return {"seconds": secs, "articles": len(texts), "tokens": tokens, **_peak()}


def run_pipeline(recs: list[dict], tone_model: str | None) -> dict:
    from storylens.config import Settings
    from storylens.pipeline import Pipeline
    from storylens.types import Provenance, RawDocument

    overrides: dict = {"tone_model": tone_model} if tone_model else {}
    if tone_model and tone_model.startswith("cascade@"):  # cascade@0.45: the cascade at that margin
        overrides = {"tone_model": "cascade", "tone_cascade_margin": float(tone_model.split("@")[1])}
    pipe = Pipeline(Settings(overrides))
    raws = [
        RawDocument(provenance=Provenance(portable(CORPUS), "jsonl", i + 1), url=r.get("url"),
                    text=r["content_original"],
                    meta={"title": r.get("title"), "published": r.get("date"), "outlet_name": r.get("source")})
        for i, r in enumerate(recs)
    ]
    pipe.process(RawDocument(provenance=Provenance("warm-up", "txt"),
                             text='Officials said on Monday that the talks would go on. "We are ready," he said.'))
    arts, stages, rejected, secs = run_stages(pipe, raws)
    quotes = sum(len(a.quotes or ()) for a in arts)
    mentions = sum(len(a.mentions or ()) for a in arts)
    tone = next((st.scorer.model for st in pipe.stages if st.name == "tone"), None)
    cascade = {"tone_sentences": tone.sentences, "tone_escalated": tone.escalated,
               "tone_escalated_share": round(tone.share, 3)} if hasattr(tone, "escalated") else {}
    return {"seconds": secs, "articles": len(raws), "rejected": rejected, "quotes": quotes,
            "mentions": mentions, "tone_model": getattr(tone, "name", None), **cascade,
            "stage_seconds": {k: round(v, 2) for k, v in stages.items()}, **_peak()}


def _mpnet_installed() -> bool:
    try:
        from storylens.enrich import tone_base

        return tone_base.available()
    except Exception:
        return False


TONE_CONFIGS = ("mpnet", "mpnet6", "mpnet8", "cascade", "student", "static")  # configs that name a tone_model


def child(config: str, n: int) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    recs = load_records(n)
    if config == "spacy":
        out = run_spacy(recs)
    else:
        out = run_pipeline(recs, config if config.split("@")[0] in TONE_CONFIGS else None)
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--quick", action="store_true", help="30 articles, no mpnet (a minute or two)")
    ap.add_argument("--no-mpnet", action="store_true", help="(kept for old command lines; mpnet is not a "
                                                           "config unless --configs names it)")
    ap.add_argument("--configs", default="spacy,default,student,static",
                    help="Comma-separated: spacy, default, student, static, mpnet, mpnet6, mpnet8, cascade.")
    ap.add_argument("--base-src", default=None, help="Also run --base-configs from this source tree "
                                                     "(a src folder), same articles, same run.")
    ap.add_argument("--base-configs", default="default")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    n = 30 if args.quick else args.n
    if args.child:
        child(args.child, n)
        return
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    configs = ["spacy", "default", "static"] if args.quick else [c for c in args.configs.split(",") if c]
    if {"mpnet", "mpnet6", "mpnet8", "cascade"} & {c.split("@")[0] for c in configs}:
        sys.path.insert(0, str(ROOT / "src"))
        if not _mpnet_installed():
            configs = [c for c in configs if c.split("@")[0] not in ("mpnet", "mpnet6", "mpnet8", "cascade")]
            print("tone_model=mpnet/cascade: run-time modules or adapter not installed, skipped")
    if args.base_src:
        configs += [f"base:{c}" for c in args.base_configs.split(",") if c]
    results: dict[str, dict] = {}
    for cfg in configs:
        src = str(Path(args.base_src).resolve()) if cfg.startswith("base:") else str(ROOT / "src")
        env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": src}
        t0 = time.strftime("%H:%M:%S")
        proc = subprocess.run([sys.executable, __file__, "--child", cfg.removeprefix("base:"), "--n", str(n)],
                              capture_output=True, text=True, env=env, cwd=ROOT / "benchmarks")
        print(f"{cfg}: {t0}-{time.strftime('%H:%M:%S')}, load average {os.getloadavg()[0]:.1f}", flush=True)
        if proc.returncode != 0:
            results[cfg] = {"error": proc.stderr.strip().splitlines()[-1][:300] if proc.stderr else "failed"}
            continue
        results[cfg] = json.loads(proc.stdout.strip().splitlines()[-1])
    base = results.get("spacy", {})
    base_rate = base["articles"] / base["seconds"] if "seconds" in base else None
    rows = []
    for cfg, r in results.items():
        if "seconds" not in r:
            rows.append({"config": cfg, **r})
            continue
        rate = r["articles"] / r["seconds"]
        rows.append({"config": cfg, "articles": r["articles"], "seconds": round(r["seconds"], 2),
                     "articles_per_s": round(rate, 2),
                     "ratio_to_spacy": round(rate / base_rate, 2) if base_rate else None,
                     **{k: v for k, v in r.items() if k not in ("articles", "seconds")}})
    print(f"{'config':<13} {'art/s':>7} {'x spaCy':>8} {'peak MB':>8}  stage seconds")
    for row in rows:
        if "error" in row:
            print(f"{row['config']:<13} error: {row['error']}")
            continue
        stages = " ".join(f"{k}={v}" for k, v in row.get("stage_seconds", {}).items())
        if "tone_escalated_share" in row:
            stages += f" (mpnet re-read {row['tone_escalated_share']:.0%} of tone sentences)"
        print(f"{row['config']:<13} {row['articles_per_s']:>7} {row['ratio_to_spacy']:>8} "
              f"{row['peak_rss_mb']:>8}  {stages}")
    out = {
        "benchmark": "pipeline",
        "corpus": portable(CORPUS),
        "articles": n,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "note": "one process each, OMP_NUM_THREADS=1; shared machine: compare ratios within one run",
        "base_src": portable(args.base_src) if args.base_src else None,
        "rows": rows,
    }
    dest = ROOT / "benchmarks" / "results" / ("pipeline-quick.json" if args.quick else "pipeline.json")
    dest.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {portable(dest)}")


if __name__ == "__main__":
    main()
