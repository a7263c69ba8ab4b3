"""How much an article is about the climate: the share of its sentences with a climate word.

For the climate pack's `scope_share:` (docs/narratives.md): per article, the number of sentences with a word
of the pack's `scope:` (and, for comparison, of its `anchor:`) and their share of the article's sentences, on

- the Narrative Frames Corpus (every article a climate article; sentences as ``eval frames`` reads them:
  ``split_sentences`` of the text), with percentiles;
- the AllSides international articles the climate pack runs on (``scope_min``) and those it fires on
  (encoder from the settings: the MiniLM claim gate, as ``narratives --redetect`` reads them);
- a store's climate hits (``--db``, e.g. one made by ``storylens ingest demo/corpus``).

    PYTHONPATH=src python scripts/climate_scope_share.py [--db /tmp/demo.duckdb] [--json /tmp/shares.json]

No hand-check labels are read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLENS_SHARED") or ROOT.parent / "shared")
FRAMES = SHARED / "data" / "frames-narrative-framing" / "articles_metadata.tsv"
ALLSIDES = SHARED / "data" / "corpus-allsides" / "articles_international_topics.jsonl.gz"


def shares(sentences: list[str], scope: tuple, anchor: tuple) -> dict:
    n = max(len(sentences), 1)
    sc = sum(1 for s in sentences if any(p.search(s) for p in scope))
    an = sum(1 for s in sentences if any(p.search(s) for p in anchor))
    return {"sentences": len(sentences), "scope_sentences": sc, "scope_share": round(sc / n, 4),
            "anchor_sentences": an, "anchor_share": round(an / n, 4)}


def describe(name: str, rows: list[dict]) -> None:
    print(f"\n{name}: {len(rows)} articles")
    for key in ("scope_share", "scope_sentences", "anchor_share"):
        vals = [r[key] for r in rows]
        qs = " ".join(f"p{int(q * 100)}={np.quantile(vals, q) if vals else float('nan'):.3f}"
                      for q in (0.01, 0.05, 0.1, 0.25, 0.5))
        print(f"  {key:16s} {qs}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="a store: its climate hits' articles")
    ap.add_argument("--json", type=Path, help="write every article's figures here")
    ap.add_argument("--no-encoder", action="store_true", help="AllSides hits without the claim gate")
    args = ap.parse_args()

    from storylens.config import Settings
    from storylens.corpus.narratives import (
        detect,
        load_encoder,
        load_packs,
        split_sentences,
        text_sentences,
    )
    from storylens.eval.frames import load as load_frames

    pack = load_packs("climate")[0]
    # the pack as it was before `scope_share:` (only `scope_min`): which articles it ran on and fired on
    ungated = replace(pack, scope_share=0.0)
    scope, anchor = pack.scope, pack.narratives[0].anchor
    out: dict[str, list[dict]] = {}

    data = load_frames(FRAMES.parent)  # the 427 articles `eval frames` reads
    frames = []
    for aid, text in zip(data.ids, data.texts, strict=True):
        sents = [s for _, _, s in split_sentences(text)]
        frames.append({"id": aid, "applies": ungated.applies(sents), **shares(sents, scope, anchor)})
    out["frames"] = frames
    describe("frames corpus, all", frames)
    describe("frames corpus, in scope (scope_min)", [r for r in frames if r["applies"]])

    encoder = None if args.no_encoder else load_encoder(Settings())
    allsides = []
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            sents = text_sentences(d.get("content_original") or "", d.get("title"))
            if not ungated.applies(sents):
                continue
            hits = [h.narrative for h in detect(sents, [ungated], encoder)]
            allsides.append({"id": d["ID"], "title": d.get("title") or "", "hits": hits,
                             **shares(sents, scope, anchor)})
    out["allsides"] = allsides
    describe("AllSides, climate pack in scope (scope_min)", allsides)
    fired = [r for r in allsides if r["hits"]]
    describe("AllSides, climate pack hits (articles)", fired)
    for r in sorted(fired, key=lambda r: r["scope_share"]):
        print(f"    {r['scope_share']:.3f} {r['scope_sentences']:3d}/{r['sentences']:3d} {len(r['hits'])} "
              f"{r['title'][:80]}")

    if args.db:
        import duckdb

        con = duckdb.connect(str(args.db), read_only=True)
        rows = con.execute("SELECT a.id, a.title, a.text, list(n.narrative) FROM narratives n JOIN articles a "
                           "ON a.id = n.article_id WHERE n.pack = 'climate' GROUP BY ALL ORDER BY a.title").fetchall()
        store = []
        for aid, title, text, hits in rows:
            sents = text_sentences(text, title)
            store.append({"id": aid, "title": title, "hits": hits, **shares(sents, scope, anchor)})
        out["store"] = store
        print(f"\n{args.db}: climate hits")
        for r in store:
            print(f"    {r['scope_share']:.3f} {r['scope_sentences']:3d}/{r['sentences']:3d} {len(r['hits'])} "
                  f"{r['title'][:80]}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
