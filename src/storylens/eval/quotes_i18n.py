"""Quote F1 per language on the hand-labelled French, German and Russian set.

The labels (``tests/fixtures/quotes_i18n/labels.jsonl``; guidelines and the anchors they were
built from beside it) hold character offsets into the shared SemEval-2023 articles, which
are not redistributed: the text is read from the corpus folder and each label's ``head`` is
checked. Scoring is the English one (``storylens.eval.quotes.match``): a prediction matches
a gold quote when it covers at least 30 % of its word tokens; speaker right when the
predicted speaker mention overlaps the gold source or names the same words.

Run: ``storylens eval quotes --i18n LABELS [--corpus DIR]`` or
``python -m storylens.eval.quotes_i18n [LABELS] [CORPUS]``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from storylens.eval.polnear import GoldArticle, GoldAttribution
from storylens.eval.quotes import Counts, Pred, match

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_LABELS = ROOT / "tests" / "fixtures" / "quotes_i18n" / "labels.jsonl"
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "corpus-multilingual-semeval2023"


def load(labels: Path, corpus: Path) -> list[tuple[dict[str, Any], GoldArticle]]:
    out = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = (corpus / row["source"]).read_text(encoding="utf-8")[: row["chars"]]
        golds = []
        for q in row["quotes"]:
            s, e = q["content"]
            if not text[s:].startswith(q["head"]):
                raise ValueError(f"{row['source']}: label at {s} does not match the article text")
            golds.append(GoldAttribution(
                content=((s, e),),
                source=(tuple(q["source"]),) if q.get("source") else (),
                cue=(tuple(q["cue"]),) if q.get("cue") else (),
            ))
        out.append((row, GoldArticle(row["source"], "storylens", text, golds)))
    return out


def predict(text: str, lang: str, actor_of: Any = None) -> list[Pred]:
    from storylens.enrich.quotes.i18n import extract_quotes_i18n

    return [Pred(q.start, q.end, q.kind, q.speaker, q.speaker_start, q.speaker_end, q.cue,
                 q.cue_start, q.cue_end) for q in extract_quotes_i18n(text, lang, actor_of)]


def evaluate(labels: Path = DEFAULT_LABELS, corpus: Path = DEFAULT_CORPUS,
             threshold: float = 0.3) -> list[dict[str, Any]]:
    """One row per language and split (tune, check, all): P/R/F1, speaker and cue accuracy."""
    data = load(labels, corpus)
    counts: dict[tuple[str, str], Counts] = {}
    seconds: dict[str, float] = {}
    for row, art in data:
        t0 = time.perf_counter()
        preds = predict(art.text, row["lang"])
        seconds[row["lang"]] = seconds.get(row["lang"], 0.0) + time.perf_counter() - t0
        c = match(art, preds, threshold)
        for split in (row.get("split", "all"), "all"):
            counts.setdefault((row["lang"], split), Counts()).add(c)
    rows = []
    for (lang, split), c in sorted(counts.items()):
        n = sum(1 for r, _ in data if r["lang"] == lang and (split == "all" or r.get("split") == split))
        rows.append({"language": lang, "split": split, "overlap": threshold, **c.as_dict(),
                     "articles": n, "seconds": round(seconds.get(lang, 0.0), 3) if split == "all" else None})
    return rows


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    labels = Path(args[0]) if args else DEFAULT_LABELS
    corpus = Path(args[1]) if len(args) > 1 else DEFAULT_CORPUS
    for r in evaluate(labels, corpus):
        print(f"{r['language']} {r['split']:6} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}  "
              f"speaker {r['speaker_acc']:.3f} cue {r['cue_acc']:.3f}  tp {r['tp']} fp {r['fp']} fn {r['fn']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
