"""Quote extraction cost against the spaCy parse it reads, in the same run.

Parses N articles with the shared spaCy pipeline (``nlp.pipe``), then runs the
quotes stage's extraction on the parsed Docs, then textacy's
``direct_quotations`` (the peer, when installed) on the same Docs. Reports
seconds, articles/s and the ratio of quote extraction time to parse time
(the budget is +20%).

    python benchmarks/bench_quotes.py [--n 200] [--corpus PATH.jsonl.gz]

Default corpus: ../shared/data/corpus-allsides (AllSides international
articles), falling back to the PolNeAR dev texts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import time
from pathlib import Path

from common import portable

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def load_texts(n: int, corpus: str | None) -> tuple[str, list[str]]:
    path = Path(corpus) if corpus else SHARED / "corpus-allsides" / "articles_international_topics.jsonl.gz"
    texts: list[str] = []
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                text = rec.get("content") or rec.get("text") or rec.get("content_original") or ""
                if len(text) > 500:
                    texts.append(text[:20000])
                if len(texts) >= n:
                    break
        return portable(path), texts
    folder = SHARED / "quotes-polnear" / "data" / "dev" / "text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:n]]
    return portable(folder), texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--corpus", default=None)
    args = ap.parse_args()

    from storylens.enrich.nlp import load_english
    from storylens.enrich.quotes import extract_quotes
    from storylens.enrich.quotes.actors import actor_lookup

    source, texts = load_texts(args.n, args.corpus)
    words = sum(len(t.split()) for t in texts)
    nlp = load_english()
    lookup = actor_lookup()
    nlp("warm up")
    extract_quotes(nlp("He said: \"warm up.\""), lookup)

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_quotes = sum(len(extract_quotes(d, lookup)) for d in docs)
    quotes_s = time.perf_counter() - t0

    rows = [
        {"step": "spaCy parse (en_core_web_sm, nlp.pipe batch 16)", "seconds": parse_s, "ratio_to_parse": 1.0},
        {"step": "storylens quotes (extract + speakers + registry)", "seconds": quotes_s,
         "ratio_to_parse": quotes_s / parse_s, "quotes": n_quotes},
    ]
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        direct_quotations = None
    if direct_quotations is not None:
        t0 = time.perf_counter()
        n_tx, errors = 0, 0
        for d in docs:
            try:
                n_tx += len(list(direct_quotations(d)))
            except (ValueError, IndexError):
                errors += 1
        tx_s = time.perf_counter() - t0
        rows.append({"step": "textacy direct_quotations (peer, direct only)", "seconds": tx_s,
                     "ratio_to_parse": tx_s / parse_s, "quotes": n_tx, "errors": errors})
    for r in rows:
        r["articles_per_s"] = len(texts) / r["seconds"] if r["seconds"] else None
        r["seconds"] = round(r["seconds"], 3)
        r["ratio_to_parse"] = round(r["ratio_to_parse"], 4)
        if r["articles_per_s"]:
            r["articles_per_s"] = round(r["articles_per_s"], 1)

    print(f"{len(texts)} articles, {words:,} words from {source}")
    print(f"{'step':52} {'seconds':>9} {'art/s':>8} {'vs parse':>9}")
    for r in rows:
        print(f"{r['step']:52} {r['seconds']:>9.2f} {r['articles_per_s']:>8} {r['ratio_to_parse']:>8.1%}")
    out = ROOT / "benchmarks" / "results" / "quotes.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "articles": len(texts), "words": words, "source": source, "python": platform.python_version(),
        "rows": rows, "budget_ratio": 0.20, "within_budget": rows[1]["ratio_to_parse"] <= 0.20,
    }, indent=2), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
