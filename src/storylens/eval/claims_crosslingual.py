"""Narrative claims written in English matched against sentences in other languages.

The set (``tests/fixtures/claims_crosslingual/``, README there) pairs 30 English claims from
the narrative packs with a hand-written paraphrase in en, fr, de, ru and zh, plus 10
distractor sentences per language that carry no claim. Per language and encoder:

* top-1: the paraphrase's nearest claim (cosine) is its own claim, among the 30;
* MRR: mean reciprocal rank of its own claim;
* AUC: how well the best-claim cosine separates paraphrases from distractors (the chance
  that a paraphrase scores above a distractor), i.e. whether one threshold can serve.

Encoders: ``multilingual`` (``storylens.multilingual_encoder``, the optional extra) and
``static`` (the English static embedder every install has), the latter as the baseline that
shows what English-only vectors do on other languages.

Run: ``python -m storylens.eval.claims_crosslingual [DIR] [--encoder multilingual|static]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

LANGS = ("en", "fr", "de", "ru", "zh")
DEFAULT_DIR = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "claims_crosslingual"


def load(folder: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    def rows(name: str) -> list[dict[str, str]]:
        text = (folder / name).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    return rows("paraphrases.jsonl"), rows("distractors.jsonl")


def _auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def evaluate(paraphrases: list[dict[str, str]], distractors: list[dict[str, str]],
             encode: Callable[[list[str]], np.ndarray],
             langs: Sequence[str] = LANGS) -> dict[str, dict[str, float]]:
    """Per language: n, top1, mrr, auc, mean cosine of the right claim (``cos_pos``)."""
    claims = [r["claim"] for r in paraphrases]
    C = encode(claims)
    out: dict[str, dict[str, float]] = {}
    for lang in langs:
        sents = [r[lang] for r in paraphrases if r.get(lang)]
        gold = [i for i, r in enumerate(paraphrases) if r.get(lang)]
        S = encode(sents) @ C.T
        # ties count against the right claim (an encoder that gives every claim 0 ranks last)
        ranks = [int((S[k] >= S[k, g]).sum()) for k, g in enumerate(gold)]
        neg = [float(v) for v in (encode([d[lang] for d in distractors if d.get(lang)]) @ C.T).max(axis=1)]
        out[lang] = {
            "n": len(sents),
            "top1": sum(r == 1 for r in ranks) / len(ranks),
            "mrr": float(np.mean([1.0 / r for r in ranks])),
            "auc": _auc([float(v) for v in S.max(axis=1)], neg),
            "cos_pos": float(np.mean([S[k, g] for k, g in enumerate(gold)])),
        }
    return out


def encoder(name: str) -> Callable[[list[str]], np.ndarray]:
    if name == "multilingual":
        from storylens.multilingual_encoder import multilingual_encoder

        return multilingual_encoder().encode
    if name == "static":
        from storylens.embeddings import StaticEmbedder

        return StaticEmbedder.load().embed
    raise ValueError(f"unknown encoder {name!r} (multilingual, static)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--encoder", action="append", choices=("multilingual", "static"))
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = ap.parse_args(argv)
    para, dist = load(args.folder)
    report: dict[str, Any] = {}
    for name in args.encoder or ["multilingual", "static"]:
        report[name] = res = evaluate(para, dist, encoder(name))
        for lang, r in res.items():
            print(f"{name:12} {lang}  n={r['n']:<3} top1 {r['top1']:.3f}  MRR {r['mrr']:.3f}  "
                  f"AUC {r['auc']:.3f}  cos(right claim) {r['cos_pos']:.3f}")
    if args.json:
        json.dump(report, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
