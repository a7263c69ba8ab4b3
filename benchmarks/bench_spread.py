"""Syndication throughput and memory, side by side with datasketch.

    PYTHONPATH=src python benchmarks/bench_spread.py [--sizes 10000,100000,1000000]
        [--stage-sizes 10000] [--datasketch 10000] [--corpus PATH]

Input: documents scaled up synthetically from the AllSides corpus
(../shared/data/corpus-allsides, or $STORYLENS_SHARED): each document is a
real article with 30% of its words replaced by words drawn from the corpus
vocabulary (so documents stay distinct: two documents from the same article
share ~0.7^5 = 17% of 5-shingles), and 5% of documents are planted copies
(truncated to 70-100%, 2% of words edited) of an earlier document.

Measured, each size in its own process (clean peak RSS):

- core: signature + LSH index insert + query, batch by batch (10,000
  documents), for OnePermHasher + BandIndex (what the stage uses), CPU
  seconds per document (process_time: per core, robust to other load) and
  wall time; peak RSS; index bytes; recall of planted copies among the
  candidates;
- datasketch on the same documents in the same run: MinHash(num_perm=128)
  over the same word 5-shingles + MinHashLSH(threshold=0.5) insert + query;
- stage: the whole `storylens syndication` (DuckDB store, exact hashes,
  fingerprints, verification, clusters) for --stage-sizes.

Writes benchmarks/results/spread.json and prints a table.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS_REL = Path("data") / "corpus-allsides" / "articles_international_topics.jsonl.gz"
BATCH = 10_000


def corpus_path(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("STORYLENS_SHARED")
    return (Path(env) if env else ROOT.parent / "shared") / CORPUS_REL


def load_base(path: Path) -> list[list[str]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            t = json.loads(line).get("content_original") or ""
            w = t.split()
            if len(w) >= 50:
                out.append(w)
    return out


class Synth:
    """Deterministic stream of synthetic documents (and which are planted copies of which)."""

    def __init__(self, base: list[list[str]], seed: int = 0) -> None:
        vocab: dict[str, int] = {}
        self.base = [np.array([vocab.setdefault(x, len(vocab)) for x in w], dtype=np.int32) for w in base]
        self.vocab = np.array(list(vocab), dtype=object)
        self.seed = seed
        self.recent: list[np.ndarray] = []

    def batch(self, start: int, n: int) -> tuple[list[str], dict[int, int]]:
        rng = np.random.default_rng(self.seed * 1_000_003 + start)
        ids: list[np.ndarray] = []
        planted: dict[int, int] = {}
        nv = len(self.vocab)
        recent = self.recent
        for i in range(start, start + n):
            if i > 0 and rng.random() < 0.05 and (recent or ids):
                back = int(rng.integers(1, min(5000, len(recent) + len(ids)) + 1))
                src = ids[-back] if back <= len(ids) else recent[-(back - len(ids))]
                keep = src[: max(60, int(len(src) * rng.uniform(0.7, 1.0)))].copy()
                mask = rng.random(len(keep)) < 0.02
                keep[mask] = rng.integers(0, nv, int(mask.sum()))
                ids.append(keep)
                planted[i] = i - back
                continue
            w = self.base[int(rng.integers(0, len(self.base)))].copy()
            mask = rng.random(len(w)) < 0.3
            w[mask] = rng.integers(0, nv, int(mask.sum()))
            ids.append(w)
        self.recent = (recent + ids)[-5000:]
        vocab = self.vocab
        return [" ".join(vocab[a].tolist()) for a in ids], planted


def rss_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_core(n: int, corpus: Path, datasketch_n: int) -> dict:
    from storylens.corpus.minhash import BandIndex, OnePermHasher, band_keys, lsh_params

    base = load_base(corpus)
    synth = Synth(base)
    hasher = OnePermHasher(num_perm=128, shingle=5)
    bands, rows = lsh_params(0.5, 128)
    index = BandIndex()
    cpu = wall = 0.0
    gen = 0.0
    planted_total = planted_found = 0
    ds: dict = {}
    rss0 = rss_peak_mb()
    for start in range(0, n, BATCH):
        m = min(BATCH, n - start)
        g0 = time.perf_counter()
        texts, planted = synth.batch(start, m)
        gen += time.perf_counter() - g0
        c0, w0 = time.process_time(), time.perf_counter()
        sigs = hasher.sign_texts(texts)
        keys = band_keys(sigs, bands, rows)
        docs = np.arange(start, start + m)
        index.add(keys, docs)
        pairs = index.query(keys, docs, max_bucket=500)
        cpu += time.process_time() - c0
        wall += time.perf_counter() - w0
        found = {(int(a), int(b)) for a, b in pairs if a > b}
        planted_total += len(planted)
        planted_found += sum((i, j) in found for i, j in planted.items())
        if start == 0 and datasketch_n:
            ds = run_datasketch(texts[:datasketch_n], {i: j for i, j in planted.items() if i < datasketch_n})
            ds["ours_same_input"] = ours_on(texts[:datasketch_n], planted)
    return {
        "documents": n, "cpu_seconds": round(cpu, 2), "wall_seconds": round(wall, 2),
        "docs_per_cpu_second": round(n / cpu), "docs_per_wall_second": round(n / wall),
        "generate_seconds": round(gen, 1), "index_entries": len(index), "index_mb": round(index.nbytes() / 2**20, 1),
        "peak_rss_mb": round(rss_peak_mb(), 1), "rss_before_mb": round(rss0, 1),
        "planted_copies": planted_total, "planted_recall": round(planted_found / max(1, planted_total), 4),
        "datasketch": ds,
    }


def ours_on(texts: list[str], planted: dict[int, int]) -> dict:
    from storylens.corpus.minhash import BandIndex, OnePermHasher, band_keys

    planted = {i: j for i, j in planted.items() if i < len(texts)}

    c0, w0 = time.process_time(), time.perf_counter()
    sigs = OnePermHasher().sign_texts(texts)
    keys = band_keys(sigs, 32, 4)
    idx = BandIndex()
    docs = np.arange(len(texts))
    idx.add(keys, docs)
    pairs = idx.query(keys, docs)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    found = {(int(a), int(b)) for a, b in pairs if a > b}
    rec = sum((i, j) in found for i, j in planted.items()) / max(1, len(planted))
    return {"documents": len(texts), "docs_per_cpu_second": round(len(texts) / cpu),
            "docs_per_wall_second": round(len(texts) / wall), "planted_recall": round(rec, 4),
            "candidate_pairs": len(found)}


_W = re.compile(r"\w+")


def run_datasketch(texts: list[str], planted: dict[int, int]) -> dict:
    from datasketch import MinHash, MinHashLSH

    c0, w0 = time.process_time(), time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    found = set()
    for i, t in enumerate(texts):
        w = _W.findall(t.lower())
        sh = {" ".join(w[k : k + 5]).encode("utf-8") for k in range(max(1, len(w) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch(list(sh))
        for j in lsh.query(m):
            found.add((i, int(j)))
        lsh.insert(str(i), m)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    rec = sum((i, j) in found for i, j in planted.items()) / max(1, len(planted))
    return {"documents": len(texts), "docs_per_cpu_second": round(len(texts) / cpu),
            "docs_per_wall_second": round(len(texts) / wall), "planted_recall": round(rec, 4),
            "candidate_pairs": len(found)}


def run_stage(n: int, corpus: Path) -> dict:
    from storylens.corpus.syndication import run_syndication
    from storylens.pipeline import article_id
    from storylens.store import Store
    from storylens.types import Article

    base = load_base(corpus)
    synth = Synth(base)
    with tempfile.TemporaryDirectory(prefix="sl-bench-spread-") as work:
        db = os.path.join(work, "b.duckdb")
        with Store(db) as st:
            st.con.execute("SET threads = 1")
            for start in range(0, n, BATCH):
                texts, _ = synth.batch(start, min(BATCH, n - start))
                st.write_batch([Article(id=article_id(t, f"o{i % 500}.example"), source="bench", source_kind="jsonl",
                                        offset=i, url=None, outlet=f"o{i % 500}.example", outlet_name=None, title=None,
                                        author=None, published=None, language="en", text=t, raw_text=t)
                                for i, t in enumerate(texts, start)])
            c0, w0 = time.process_time(), time.perf_counter()
            s = run_syndication(st)
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        size = os.path.getsize(db)
    return {"documents": n, "cpu_seconds": round(cpu, 1), "wall_seconds": round(wall, 1),
            "docs_per_cpu_second": round(n / cpu), "peak_rss_mb": round(rss_peak_mb(), 1),
            "store_mb": round(size / 2**20, 1), "summary": s.as_dict()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--stage-sizes", default="10000")
    ap.add_argument("--datasketch", type=int, default=10000, help="documents for the datasketch run (size 10k)")
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    corpus = corpus_path(args.corpus)
    if not corpus.exists():
        sys.exit(f"corpus not found: {corpus}; pass --corpus or set STORYLENS_SHARED")
    if args.one:
        kind, n = args.one.split(":")
        res = run_core(int(n), corpus, args.datasketch if int(n) == min(
            int(x) for x in args.sizes.split(",")) else 0) if kind == "core" else run_stage(int(n), corpus)
        print(json.dumps(res))
        return
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    results: dict = {"machine": {"cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()}, "core": [], "stage": []}
    jobs = [("core", int(n)) for n in args.sizes.split(",") if n] + \
           [("stage", int(n)) for n in args.stage_sizes.split(",") if n]
    for kind, n in jobs:
        cmd = [sys.executable, __file__, "--one", f"{kind}:{n}", "--corpus", str(corpus), "--sizes", args.sizes,
               "--datasketch", str(args.datasketch)]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(out.stderr[-2000:], file=sys.stderr)
            results[kind].append({"documents": n, "error": out.stderr[-500:]})
            continue
        res = json.loads(out.stdout.strip().splitlines()[-1])
        results[kind].append(res)
        print(f"{kind:5} {n:>9,}: " + json.dumps({k: v for k, v in res.items() if k not in ("datasketch", "summary")}),
              flush=True)
        if res.get("datasketch"):
            print("      datasketch: " + json.dumps(res["datasketch"]), flush=True)
    results["machine"]["load_avg_at_end"] = os.getloadavg()
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "spread.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"wrote {out_dir / 'spread.json'}")


if __name__ == "__main__":
    main()
