"""Narratives stage cost per article against spaCy's parse, in the same run.

Inputs: N corpus-allsides international articles (../shared/data, Apache-2.0; a fixed shuffle),
title + body. Timed per pass over the same articles, CPU time of this process (one thread):

- ``spacy``: en_core_web_sm, the full pipeline ``ingest`` runs (the peer: the issue's budget is
  narratives <= 50% of it);
- ``narratives keywords``: the default packs without the sentence encoder (narrative_encoder=none);
- ``narratives encoder``: the default packs with all-MiniLM-L6-v2 (trained ukraine_war and
  climate_change packs, claim gate on the keyword packs): the stage as ``ingest`` runs it;
- ``--packs ukraine_war,climate_change``: the trained packs instead (they encode every in-scope article);
- ``encode only``: all-MiniLM-L6-v2 over every sentence of every article (the upper bound; the
  stage encodes only articles some pack needs).

    OMP_NUM_THREADS=1 PYTHONPATH=src nice python benchmarks/bench_narratives.py --n 100
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "data" / "corpus-allsides" / "articles_international_topics.jsonl.gz"


def articles(n: int) -> list[tuple[str, str]]:
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    random.Random(7).shuffle(rows)
    return [(r["title"] or "", r["content_original"] or "") for r in rows[:n]]


def cpu(fn) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--json", default=None, help="Also write the figures to this file.")
    ap.add_argument("--packs", default=None, help="Built-in packs (default: the narrative_builtin setting), "
                                                  "e.g. ukraine_war,climate_change for the trained ones.")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    from storylens.config import Settings
    from storylens.corpus.narratives import detect, load_encoder, load_packs, split_sentences
    from storylens.enrich.nlp import load_english

    docs = articles(args.n)
    sents = [([t] if t else []) + [s for _, _, s in split_sentences(b)] for t, b in docs]
    nlp = load_english()
    packs = load_packs(args.packs or Settings.load(None).narrative_builtin)
    enc = load_encoder(Settings.load(None, narrative_encoder="minilm"))
    nlp("warm up")
    detect(sents[0], packs, enc)
    out = {"articles": len(docs), "sentences": sum(map(len, sents)), "packs": [p.name for p in packs]}
    out["spacy_s"] = cpu(lambda: [nlp(f"{t}\n{b}") for t, b in docs])
    out["narratives_keywords_s"] = cpu(lambda: [detect(s, packs) for s in sents])
    out["narratives_encoder_s"] = cpu(lambda: [detect(s, packs, enc) for s in sents])
    out["encode_only_s"] = cpu(lambda: [enc.encode(s) for s in sents])
    for k in ("narratives_keywords_s", "narratives_encoder_s", "encode_only_s"):
        out[k.replace("_s", "_vs_spacy")] = round(out[k] / out["spacy_s"], 3)
    for k in list(out):
        if k.endswith("_s"):
            out[k.replace("_s", "_per_article_s")] = round(out[k] / len(docs), 4)
    print(json.dumps(out, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
