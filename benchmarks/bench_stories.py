"""Story clustering at scale: a full run over N articles and an incremental update of 1k.

Synthetic scale-up of real text: the 4,750 corpus-allsides international articles
(../shared/data, Apache-2.0) are repeated with each copy's words lightly perturbed
(10% of lede words dropped), spread over two years at ~N/730 articles a day, under
200 synthetic outlet names. Without ../shared, a small built-in vocabulary is used.

Measured (wall clock and this process's CPU time; on a shared machine the CPU time is the
figure to extrapolate from, the wall time what a user waited):
- full: ``update_stories`` on a store holding N articles and no stories
  (embed title + lede, online clustering, c-TF-IDF labels, write stories);
- incremental: 1,000 new articles on the following days, ``update_stories`` again;
- peer: scikit-learn's ``Birch`` (an incremental clusterer with ``partial_fit``)
  on the same vectors for the 1k update and for the first 20k articles, so the
  ratio compares clustering cost alone (embedding excluded on both sides).

    PYTHONPATH=src python benchmarks/bench_stories.py --n 100000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "data" / "corpus-allsides" / "articles_international_topics.jsonl.gz"


def base_texts() -> list[tuple[str, str]]:
    if ALLSIDES.exists():
        out = []
        with gzip.open(ALLSIDES, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                out.append((r["title"], r["content_original"][:900]))
        return out
    words = "china trade talks tariffs summit minister election vaccine virus protest court ruling oil".split()  # noqa: SIM905
    rng = random.Random(0)
    return [(" ".join(rng.choices(words, k=8)), " ".join(rng.choices(words, k=120))) for _ in range(2000)]


def synth(n: int, start_day: date, days: int, seed: int, prefix: str) -> list[dict]:
    rng = random.Random(seed)
    base = base_texts()
    rows = []
    for i in range(n):
        title, text = base[i % len(base)]
        words = text.split()
        keep = [w for w in words if rng.random() > 0.1]
        body = " ".join(keep)
        d = start_day + timedelta(days=int(i * days / n))
        rows.append({"id": f"{prefix}{i:07d}", "source": "bench", "source_kind": "jsonl", "title": title,
                     "text": f"{title}\n\n{body} ({prefix}{i})", "raw_text": "", "outlet": f"outlet{rng.randrange(200)}.com",
                     "published": d.isoformat(), "language": "en", "words": len(keep)})
    return rows


def load_rows(store, rows: list[dict]) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
        path = fh.name
    store.con.execute(
        "INSERT INTO articles (id, source, source_kind, title, text, raw_text, outlet, published, language, words) "
        "SELECT id, source, source_kind, title, text, raw_text, outlet, CAST(published AS DATE), language, words "
        f"FROM read_json('{path}', format='newline_delimited', columns={{id:'VARCHAR', source:'VARCHAR', "
        "source_kind:'VARCHAR', title:'VARCHAR', text:'VARCHAR', raw_text:'VARCHAR', outlet:'VARCHAR', "
        "published:'VARCHAR', language:'VARCHAR', words:'INTEGER'})"
    )
    os.unlink(path)


def birch_seconds(vecs: np.ndarray, chunk: int = 1000) -> float:
    from sklearn.cluster import Birch

    b = Birch(threshold=0.8, n_clusters=None)
    t = time.monotonic()
    for i in range(0, len(vecs), chunk):
        b.partial_fit(vecs[i : i + chunk])
    return time.monotonic() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--peer-n", type=int, default=20_000)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "stories.json"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from storylens.corpus.stories import StoryClusterer, load_embedder, story_text, update_stories
    from storylens.store import Store

    tmp = Path(tempfile.mkdtemp()) / "bench.duckdb"
    emb = load_embedder()
    days = 730
    start = date(2018, 1, 1)
    with Store(tmp) as store:
        t = time.monotonic()
        load_rows(store, synth(args.n, start, days, 1, "a"))
        load_s = time.monotonic() - t
        c0 = time.process_time()
        full = update_stories(store, embedder=emb)
        full_cpu = time.process_time() - c0
        n_stories = store.scalar("SELECT count(*) FROM stories")
        multi = store.scalar("SELECT count(*) FROM stories WHERE articles > 1")
        load_rows(store, synth(args.new, start + timedelta(days=days), 3, 2, "b"))
        c0 = time.process_time()
        inc = update_stories(store, embedder=emb)
        inc_cpu = time.process_time() - c0
    # peer on the same vectors (clustering cost only)
    new_rows = synth(args.new, start + timedelta(days=days), 3, 2, "b")
    new_vecs = emb.embed([story_text(r["title"], r["text"]) for r in new_rows])
    peer_rows = synth(args.peer_n, start, int(days * args.peer_n / args.n) or 1, 1, "a")
    peer_vecs = emb.embed([story_text(r["title"], r["text"]) for r in peer_rows])
    t = time.monotonic()
    cl = StoryClusterer(dim=peer_vecs.shape[1])
    cl.add([r["id"] for r in peer_rows], [date.fromisoformat(r["published"]).toordinal() for r in peer_rows], peer_vecs)
    ours_peer_n = time.monotonic() - t
    birch_peer_n = birch_seconds(peer_vecs)
    t = time.monotonic()
    cl.add([r["id"] for r in new_rows], [date.fromisoformat(r["published"]).toordinal() + 1 for r in new_rows], new_vecs)
    ours_1k = time.monotonic() - t
    birch_1k = birch_seconds(new_vecs)
    result = {
        "n": args.n, "new": args.new, "cores": os.cpu_count(), "load_seconds": round(load_s, 2),
        "full": full.as_dict(), "full_cpu_seconds": round(full_cpu, 2), "stories": n_stories, "multi_article_stories": multi,
        "incremental": inc.as_dict(), "incremental_cpu_seconds": round(inc_cpu, 2),
        "peer": {"n": args.peer_n, "storylens_cluster_s": round(ours_peer_n, 3), "birch_partial_fit_s": round(birch_peer_n, 3),
                 "ratio_birch_over_storylens": round(birch_peer_n / max(ours_peer_n, 1e-9), 2),
                 "update_1k_storylens_s": round(ours_1k, 3), "update_1k_birch_s": round(birch_1k, 3),
                 "ratio_1k": round(birch_1k / max(ours_1k, 1e-9), 2)},
        "embedder": type(emb).__name__, "load_average": os.getloadavg()[0],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(f"{'step':40} {'wall s':>9}  (CPU s of this process; the machine is shared)")
    print(f"{'full run, ' + format(args.n, ',') + ' articles':40} {full.seconds:9.1f}  (CPU {full_cpu:.1f}; wall: embed {full.embed_seconds:.1f}, cluster {full.cluster_seconds:.1f})")
    print(f"{'incremental, ' + format(args.new, ',') + ' new':40} {inc.seconds:9.2f}  (CPU {inc_cpu:.2f}; wall: embed {inc.embed_seconds:.2f}, cluster {inc.cluster_seconds:.2f})")
    print(f"{'peer: cluster ' + format(args.peer_n, ',') + ' (storylens)':40} {ours_peer_n:9.2f}")
    print(f"{'peer: cluster ' + format(args.peer_n, ',') + ' (sklearn Birch)':40} {birch_peer_n:9.2f}  ratio {result['peer']['ratio_birch_over_storylens']}x")
    print(f"{'peer: 1k update (storylens / Birch)':40} {ours_1k:9.3f} / {birch_1k:.3f}")
    print(f"stories {n_stories:,} ({multi:,} with 2+ articles); load average {result['load_average']:.1f}")


if __name__ == "__main__":
    main()
