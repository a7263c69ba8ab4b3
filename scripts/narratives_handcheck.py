"""Reproduce a hand check of the default narrative packs (china = `default`, climate) on real articles.

Pools (corpus-allsides, Apache-2.0; demo/corpus is drawn from it, so demo ids are left out of the
AllSides pool):

- ``dev``: the demo articles (``demo/corpus/exports/allsides-sample.jsonl``) and 250 AllSides
  international articles, both only those mentioning Ukraine, Russia, China or the climate; the
  AllSides ones are the first 250 of a seed-7 shuffle (as the first check in
  docs/narratives_handcheck.md). This is the set read while fixing the packs.
- ``fresh``: AllSides in-scope articles *not* in ``dev`` (the rest of the same seed-7 shuffle) and not
  run in an earlier fresh check (``FRESH_CHECKS``: the seed-2026 and seed-2027 checks' 500 articles each,
  the seed-2028 check's climate articles; read for them), shuffled again with ``--seed``; the first
  ``--articles`` of them are run. A seed of ``FRESH_CHECKS`` leaves out only the checks before it, so
  ``--seed 2026`` runs the seed-2026 articles again.

``--pack NAME`` (e.g. ``climate``, whose hits are rare in general news) restricts the fresh pool to the
articles that pack's ``scope`` reaches ``scope_min`` times (its ``scope_share`` is not applied here, so an
old and a new version of the pack read the same articles) and counts and samples only that pack's hits.

Articles are read as the store's ``narratives --redetect`` reads them (title + text, regex
sentences, encoder from the settings: MiniLM claim gate). Prints counts (hits per 100 in-scope
articles) and writes every hit as JSON lines; ``--sample N`` draws N hits at random (``--seed``)
and writes them as a markdown table with an empty label column, to label by hand.

    PYTHONPATH=src python scripts/narratives_handcheck.py --pool dev --out /tmp/dev_hits.jsonl
    PYTHONPATH=src python scripts/narratives_handcheck.py --pool fresh --seed 2027 --articles 500 \\
        --sample 64 --out /tmp/fresh_hits.jsonl --table /tmp/fresh_sample.md
    PYTHONPATH=src python scripts/narratives_handcheck.py --pool fresh --seed 2028 --pack climate \\
        --sample 40 --out /tmp/climate_hits.jsonl --table /tmp/climate_sample.md
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLENS_SHARED") or ROOT.parent / "shared")  # ../shared beside the checkout
ALLSIDES = SHARED / "data" / "corpus-allsides" / "articles_international_topics.jsonl.gz"
DEMO = ROOT / "demo" / "corpus" / "exports" / "allsides-sample.jsonl"
IN_SCOPE = re.compile(r"\b(ukrain\w*|russia\w*|china|chinese|climate)\b", re.IGNORECASE)
DEV_SEED, DEV_ALLSIDES = 7, 250
# fresh checks already made, in order: (seed, articles run, the --pack it was restricted to or None);
# docs/narratives_handcheck.md
FRESH_CHECKS: tuple[tuple[int, int, str | None], ...] = ((2026, 500, None), (2027, 500, None), (2028, 34, "climate"))


def _rows(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _in_scope(d: dict) -> bool:
    return bool(IN_SCOPE.search(f"{d.get('title') or ''}\n{d.get('content_original') or ''}"))


def pools(allsides: Path = ALLSIDES) -> tuple[list[tuple[str, dict]], list[dict]]:
    """(the dev pool as (source, row), the AllSides in-scope rows left for a fresh check, in seed-7 order)."""
    demo = [d for d in _rows(DEMO) if _in_scope(d)]
    demo_ids = {d["ID"] for d in _rows(DEMO)}
    rest = sorted((d for d in _rows(allsides) if d["ID"] not in demo_ids and _in_scope(d)
                   and len(d.get("content_original") or "") > 200), key=lambda d: d["ID"])
    random.Random(DEV_SEED).shuffle(rest)
    dev = [("demo", d) for d in demo] + [("allsides", d) for d in rest[:DEV_ALLSIDES]]
    return dev, rest[DEV_ALLSIDES:]


def fresh(rest: list[dict], seed: int, articles: int, pack: str | None = None) -> list[dict]:
    """The fresh pool's first ``articles`` for ``seed``: ``rest`` (seed-7 order) less the articles run in the
    fresh checks made before this one (all of ``FRESH_CHECKS`` for a new seed), restricted to the articles
    ``pack`` runs on (:func:`reached`), shuffled with ``seed``."""
    pool = list(rest)
    for s, n, p in FRESH_CHECKS:
        if s == seed:
            break
        read = {d["ID"] for d in _shuffled(reached(pool, p), s)[:n]}
        pool = [d for d in pool if d["ID"] not in read]
    return _shuffled(reached(pool, pack), seed)[:articles]


def reached(rows: list[dict], pack: str | None) -> list[dict]:
    """The ``rows`` the built-in ``pack``'s scope reaches ``scope_min`` times (its ``scope_share`` left out: the
    articles the pack ran on before that key); all of them for None."""
    if pack is None:
        return rows
    from dataclasses import replace

    from storylens.corpus.narratives import load_packs, text_sentences

    p = load_packs(pack)[0]
    p = replace(p, scope_share=0.0)
    return [d for d in rows if p.applies(text_sentences(d.get("content_original") or "", d.get("title")))]


def _shuffled(rows: list[dict], seed: int) -> list[dict]:
    out = list(rows)
    random.Random(seed).shuffle(out)
    return out


def run(articles: list[tuple[str, dict]], builtin: str = "china,climate") -> list[dict]:
    from storylens.config import Settings
    from storylens.corpus.narratives import detect, load_encoder, load_packs, text_sentences

    packs = load_packs(builtin)
    encoder = load_encoder(Settings())
    if encoder is None:
        sys.exit("the sentence encoder is not installed: the default stage's claim gate needs it")
    hits = []
    for source, d in articles:
        sentences = text_sentences(d.get("content_original") or "", d.get("title"))
        for h in detect(sentences, packs, encoder):
            hits.append({"id": d["ID"], "source": source, "title": d.get("title") or "", "pack": h.pack,
                         "narrative": h.narrative, "score": h.score, "evidence": list(h.evidence)})
    return hits


def _cell(s: str, n: int = 140) -> str:
    s = " ".join(s.split()).replace("|", "/")
    return s[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pool", choices=["dev", "fresh"], required=True)
    ap.add_argument("--seed", type=int, default=2026, help="fresh pool shuffle and hit sample")
    ap.add_argument("--articles", type=int, default=500, help="fresh pool: how many articles to run")
    ap.add_argument("--sample", type=int, default=0, help="draw this many hits at random (--seed)")
    ap.add_argument("--builtin", default="china,climate")
    ap.add_argument("--pack", help="fresh pool: only the articles this built-in pack's scope reaches; only its hits")
    ap.add_argument("--out", type=Path, help="every hit, JSON lines")
    ap.add_argument("--table", type=Path, help="the sample as a markdown table (label column empty)")
    args = ap.parse_args()

    dev, rest = pools()
    if args.pool == "dev":
        articles = dev
    else:
        articles = [("allsides", d) for d in fresh(rest, args.seed, args.articles, args.pack)]
    hits = run(articles, args.builtin)
    if args.pack:  # (the china pack is stored as `default`)
        from storylens.corpus.narratives import load_packs

        name = load_packs(args.pack)[0].name
        hits = [h for h in hits if h["pack"] == name]
    n = len(articles)
    by_pack: dict[str, int] = {}
    for h in hits:
        by_pack[h["pack"]] = by_pack.get(h["pack"], 0) + 1
    print(f"{args.pool}: {n} in-scope articles ({sum(s == 'demo' for s, _ in articles)} demo), {len(hits)} hits "
          f"= {100 * len(hits) / max(n, 1):.1f} per 100; by pack {by_pack}; "
          f"articles with a hit {len({h['id'] for h in hits})}")
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for h in hits:
                fh.write(json.dumps(h, ensure_ascii=False) + "\n")
    if args.sample:
        sample = random.Random(args.seed).sample(hits, min(args.sample, len(hits)))
        sample.sort(key=lambda h: (h["pack"], h["title"], h["narrative"]))
        lines = ["| # | source | id | title | pack | narrative | score | label | first evidence sentence | note |",
                 "|---|---|---|---|---|---|---|---|---|---|"]
        for i, h in enumerate(sample, 1):
            lines.append(f"| {i} | {h['source']} | {h['id']} | {_cell(h['title'], 70)} | {h['pack']} | "
                         f"{h['narrative']} | {h['score']} |  | {_cell(h['evidence'][0] if h['evidence'] else '')} |  |")
        text = "\n".join(lines) + "\n"
        if args.table:
            args.table.write_text(text, encoding="utf-8")
        else:
            print(text)


if __name__ == "__main__":
    main()
