"""Unlabelled news targets, labelled by the fine-tuned transformer: the static model's teacher.

The static tone model (numpy, the default) learns from NewsMTSC's ~8,700 gold
targets. That is little for its 1,806 features; the fine-tuned transformer
(``storylens[transformer]``, macro-F1 0.749 vs 0.667) can label many more.
This script makes that set ("knowledge distillation", Hinton et al. 2015):

1. reads news articles (JSONL or JSONL.gz, text in ``content_original``, ``text``
   or ``content``; by default the AllSides international-topic articles in
   ../shared/data/corpus-allsides, Apache-2.0), shuffled with ``--seed``;
2. splits them into sentences with the shared spaCy pipeline and takes each
   sentence's PERSON / ORG / GPE / NORP entities (at most 4) as targets,
   skipping sentences of the ``--exclude`` files (NewsMTSC train and devtest:
   the student is never fitted on an evaluation sentence, even unlabelled);
3. scores every target with the transformer tone model (``--teacher``: a model
   folder, default the shipped one) and writes one JSON line per sentence:
   ``{"gid", "sentence", "targets": [{"from", "to", "mention", "probs": [neg, neu, pos]}]}``.

    PYTHONPATH=src python scripts/make_tone_distill_set.py --sentences 50000 \\
        --out /tmp/tone_distill.jsonl   # ~112k targets; ~4 min parsing + ~7 min scoring (2 cores)

Then ``scripts/train_tone.py --distill /tmp/tone_distill.jsonl`` (docs/tone.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")
TEXT_FIELDS = ("content_original", "text", "content")


def read_articles(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sentences_with_targets(articles: list[dict], exclude: set[str], limit: int,
                           max_targets: int = 4) -> list[dict]:
    from storylens.enrich.nlp import load_english

    nlp = load_english()
    texts = [next((a[f] for f in TEXT_FIELDS if a.get(f)), "") for a in articles]
    out: list[dict] = []
    seen = set(exclude)
    t0 = time.perf_counter()
    for k, (art, doc) in enumerate(zip(articles, nlp.pipe(texts, batch_size=16), strict=True)):
        for s in doc.sents:
            st = s.text.strip()
            if not 40 <= len(st) <= 400 or st in seen or "\n" in st:
                continue
            ents = [e for e in s.ents if e.label_ in ENTITY_LABELS][:max_targets]
            if not ents:
                continue
            seen.add(st)
            out.append({
                "gid": f"{art.get('ID', k)}_{s.start}", "sentence": s.text,
                "targets": [{"from": e.start_char - s.start_char, "to": e.end_char - s.start_char,
                             "mention": e.text} for e in ents],
            })
        if len(out) >= limit:
            break
        if k % 200 == 0:
            print(f"  {k} articles, {len(out)} sentences, {time.perf_counter() - t0:.0f} s", flush=True)
    return out[:limit]


def _score(args: tuple[str | None, list[tuple[str, int, int]]]) -> list[list[float]]:
    from storylens.enrich.tone_transformer import TransformerToneModel

    folder, items = args
    if folder == "mpnet":  # the accurate teacher, built from the shipped adapter
        from storylens.enrich import tone_base

        model = tone_base.load(threads=1)
    else:
        model = TransformerToneModel.load(folder, threads=1)
    return [[round(float(x), 4) for x in p] for p in model.predict_targets(items)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = ROOT.parent / "shared" / "data"
    ap.add_argument("--articles", default=str(shared / "corpus-allsides" / "articles_international_topics.jsonl.gz"))
    ap.add_argument("--exclude", nargs="*", default=[str(shared / "tone-newsmtsc" / f) for f in
                                                     ("train.jsonl", "devtest_mt.jsonl")],
                    help="NewsMTSC files whose sentences are never taken")
    ap.add_argument("--sentences", type=int, default=50_000)
    ap.add_argument("--teacher", help="transformer tone model folder (default: the shipped MiniLM one), "
                    "or 'mpnet' for the shipped MPNet model (~40 targets/s per worker)")
    ap.add_argument("--workers", type=int, default=2, help="scoring processes (1 thread each)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    exclude: set[str] = set()
    for f in args.exclude:
        with open(f, encoding="utf-8") as fh:
            exclude |= {json.loads(line)["sentence_normalized"].strip() for line in fh if line.strip()}
    articles = read_articles(Path(args.articles))
    random.Random(args.seed).shuffle(articles)
    print(f"{len(articles)} articles; excluding {len(exclude)} evaluation/training sentences", flush=True)
    rows = sentences_with_targets(articles, exclude, args.sentences)
    items = [(r["sentence"], t["from"], t["to"]) for r in rows for t in r["targets"]]
    print(f"{len(rows)} sentences, {len(items)} targets; scoring with the teacher", flush=True)
    t0 = time.perf_counter()
    n = max(1, args.workers)
    parts = [(args.teacher, items[len(items) * i // n: len(items) * (i + 1) // n]) for i in range(n)]
    with ProcessPoolExecutor(n) as pool:
        probs = [p for part in pool.map(_score, parts) for p in part]
    print(f"scored in {time.perf_counter() - t0:.0f} s", flush=True)
    it = iter(probs)
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in rows:
            for t in r["targets"]:
                t["probs"] = next(it)
            fh.write(json.dumps(r) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
