"""Actor recall per language on hand-labelled excerpts of real French, German and Russian news.

The labels (``tests/fixtures/actors_multilingual/mentions.jsonl``, guidelines beside it) hold
offsets into excerpts of the shared SemEval-2023 articles, which are not redistributed: the
excerpt is rebuilt from the article (``excerpt``). A gold mention is found when the actor
stage emits a mention of the same actor overlapping it; precision counts the stage's own
name/demonym/metonym mentions (not the country a person speaks for) that overlap a gold
mention of the same actor. Run: ``python -m storylens.eval.actors_multilingual LABELS CORPUS``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

_WS = re.compile(r"\s+")


def excerpt(article: str, body_chars: int) -> str:
    """Title, a line break, the body with whitespace collapsed cut to ``body_chars`` and then
    back to the last space (as the labels were written)."""
    title, _, body = article.strip().partition("\n\n")
    body = _WS.sub(" ", body).strip()[:body_chars].rsplit(" ", 1)[0]
    return title.strip() + "\n" + body


def load(labels: Path, corpus: Path) -> list[dict[str, Any]]:
    rows = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = excerpt((corpus / row["source"]).read_text(encoding="utf-8"), int(row["body_chars"]))
        for m in row["mentions"]:
            if text[m["start"]:m["end"]] != m["surface"]:
                raise ValueError(f"{row['source']}: label {m['surface']!r} does not match the excerpt")
        rows.append({**row, "text": text})
    return rows


def evaluate(rows: list[dict[str, Any]], stage: Any = None) -> dict[str, dict[str, Any]]:
    """Per language: gold, found, recall, predicted, precision, and the missed surfaces."""
    from storylens.config import Settings
    from storylens.enrich.actors import ActorStage

    stage = stage or ActorStage(Settings(), nlp=_blank())
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        lang = row["lang"]
        rep = out.setdefault(lang, {"gold": 0, "found": 0, "predicted": 0, "correct": 0, "missed": [], "extra": []})
        pred = stage.mentions_foreign(row["text"], lang)
        for g in row["mentions"]:
            rep["gold"] += 1
            if any(p.actor == g["actor"] and p.start < g["end"] and g["start"] < p.end for p in pred):
                rep["found"] += 1
            else:
                rep["missed"].append(f"{g['surface']} ({g['actor']})")
        for p in pred:
            if p.via in ("person", "organisation"):
                continue
            rep["predicted"] += 1
            if any(p.actor == g["actor"] and p.start < g["end"] and g["start"] < p.end for g in row["mentions"]):
                rep["correct"] += 1
            else:
                rep["extra"].append(f"{p.text} ({p.actor})")
    for rep in out.values():
        rep["recall"] = round(rep["found"] / rep["gold"], 3) if rep["gold"] else 0.0
        rep["precision"] = round(rep["correct"] / rep["predicted"], 3) if rep["predicted"] else 0.0
    return out


def _blank() -> Any:
    """A blank English vocabulary: the raw-text path needs no parse, only the matcher's vocab."""
    import spacy

    return spacy.blank("en")


def main(argv: list[str]) -> int:
    labels = Path(argv[0]) if argv else Path("tests/fixtures/actors_multilingual/mentions.jsonl")
    corpus = Path(argv[1]) if len(argv) > 1 else Path("../shared/data/corpus-multilingual-semeval2023")
    report = evaluate(load(labels, corpus))
    for lang, rep in sorted(report.items()):
        print(f"{lang}: recall {rep['recall']:.3f} ({rep['found']}/{rep['gold']}), "
              f"precision {rep['precision']:.3f} ({rep['correct']}/{rep['predicted']})")
        print(f"   missed: {'; '.join(rep['missed']) or '-'}")
        print(f"   unlabelled: {'; '.join(rep['extra']) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
