"""Article-level tone toward actors, against hand labels: the answer `storylens tone` counts.

NewsMTSC and the own target set score one sentence and one target at a time. What a user
reads is one label per actor and article (negative / neutral / positive shares), which also
depends on the label rule (``tone.threshold_for``) and on which mentions the actors stage
found. This set labels that answer directly: 357 actors in 120 AllSides articles
(``data/tone/eval/articles``: ``articles.jsonl``, ``labels.jsonl``, ``GUIDELINES.md``, the
README there says how it was drawn), each read in the whole article by hand.

Two halves, drawn and labelled one after the other: **A** (60 articles, 177 items) was read
first and its errors looked at; **B** (60 articles, 180 items) was labelled blind afterwards.
No model, threshold or rule is chosen on them; the one thing fitted on them is the tone models'
error rates for the adjusted negative share (``scripts/tone_share_rates.py``), checked two-fold
(rates from one half, shares of the other) before being fitted on both. The runner puts the
articles through the default pipeline (``Pipeline(settings)``), so the label is the one a user's
store would hold.

An item whose actor the pipeline does not find in its article any more counts as a miss
(predicted neutral, reported separately); items whose actor was a wrong detection when
labelled (``wrong_actor``: "ICC" that was International Christian Concern) are left out of
the tone figures and reported as a count.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylens.errors import StoryLensError
from storylens.eval.tone import LABELS, macro_f1

ARTICLE_SET = Path(__file__).resolve().parents[1] / "data" / "tone" / "eval" / "articles"


@dataclass(frozen=True, slots=True)
class Item:
    article: str  # the article's id in articles.jsonl
    half: str
    actor: str  # the registry's canonical name, as `storylens tone` and annotate print it
    label: str
    wrong_actor: bool
    note: str


def load_items(folder: str | Path = ARTICLE_SET) -> tuple[list[dict[str, Any]], list[Item]]:
    """The articles and the labelled items of an article-level set (a folder holding
    ``articles.jsonl``: id, title, text, outlet, date, url, half; and ``labels.jsonl``: article,
    half, actor, label, wrong_actor, note)."""
    folder = Path(folder)
    paths = [folder / "articles.jsonl", folder / "labels.jsonl"]
    for p in paths:
        if not p.is_file():
            raise StoryLensError(f"article-level tone set incomplete: {str(p)!r} not found "
                                 "(a folder with articles.jsonl and labels.jsonl)")
    articles = [json.loads(line) for line in paths[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    items = []
    for n, line in enumerate(paths[1].read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("label") not in LABELS:
            raise StoryLensError(f"{paths[1]}:{n}: label {row.get('label')!r} is not one of {LABELS}")
        items.append(Item(article=row["article"], half=row.get("half", ""), actor=row["actor"],
                          label=row["label"], wrong_actor=bool(row.get("wrong_actor")),
                          note=row.get("note", "")))
    known = {a["id"] for a in articles}
    unknown = sorted({i.article for i in items} - known)
    if unknown:
        raise StoryLensError(f"{paths[1]}: labels for articles not in articles.jsonl: {unknown[:5]}")
    return articles, items


def article_labels(folder: Path, articles: list[dict[str, Any]], settings: Any) -> tuple[dict[tuple[str, str], str], str, float]:
    """Each (article id, actor) label the pipeline gives, the tone model's name and the seconds
    it took. ``articles.jsonl`` is read as any JSONL export is (``iter_documents``: the file's
    language, the title and text fields), then ``Pipeline(settings)`` runs on each record."""
    from storylens.pipeline import Pipeline
    from storylens.sources.files import iter_documents
    from storylens.types import Article, RawDocument

    pipe = Pipeline(settings)
    tone = next((s for s in pipe.stages if s.name == "tone"), None)
    if tone is None:
        raise StoryLensError("the tone stage is off in these settings (enrich or tone disabled)")
    out: dict[tuple[str, str], str] = {}
    t0 = time.perf_counter()
    for item in iter_documents([folder / "articles.jsonl"], settings):
        if not isinstance(item, RawDocument):
            continue
        line = item.provenance.offset or 0
        result = pipe.process(item)
        if not isinstance(result, Article):
            raise StoryLensError(f"articles.jsonl line {line} was rejected by the pipeline: {result}")
        for t in result.tones:
            out[(articles[line - 1]["id"], t.actor)] = t.label
    return out, tone.scorer.model.name, time.perf_counter() - t0


def score(items: list[Item], predicted: dict[tuple[str, str], str]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-class F1 of the article labels over the items with a right
    actor, with always-neutral beside them; the misses (actor no longer found) count as
    neutral and are reported."""
    kept = [i for i in items if not i.wrong_actor]
    gold = [i.label for i in kept]
    pred = [predicted.get((i.article, i.actor), "neutral") for i in kept]
    m = macro_f1(gold, pred)
    base = macro_f1(gold, ["neutral"] * len(gold))
    return {
        "items": len(kept), "wrong_actor": len(items) - len(kept),
        "missed": sum((i.article, i.actor) not in predicted for i in kept),
        "macro_f1": m["macro_f1"], "accuracy": m["accuracy"],
        "f1": {lab: m["per_class"][lab]["f1"] for lab in LABELS},
        "gold": {lab: gold.count(lab) for lab in LABELS},
        "predicted": {lab: pred.count(lab) for lab in LABELS},
        "always_neutral": {"macro_f1": base["macro_f1"], "accuracy": base["accuracy"]},
    }


def evaluate_articles(settings: Any, folder: str | Path = ARTICLE_SET) -> dict[str, Any]:
    """Score the pipeline ``settings`` build on the article-level set, per half and for all."""
    articles, items = load_items(folder)
    predicted, model, seconds = article_labels(Path(folder), articles, settings)
    halves = sorted({i.half for i in items})
    rows = [{"half": h, **score([i for i in items if i.half == h], predicted)} for h in halves]
    rows.append({"half": "all", **score(items, predicted)})
    return {"model": model, "articles": len(articles), "seconds": round(seconds, 1), "halves": rows}


def shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    """The ``n``-word shingles of ``text`` (lower-cased words), to tell whether a sentence was
    taken from one of the set's articles whatever sentence splitter cut it."""
    words = text.lower().split()
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def article_set_filter(folder: str | Path = ARTICLE_SET, n: int = 8) -> Any:
    """A predicate: True for a sentence that shares an ``n``-word run with an article of the set
    (shorter sentences: when the whole sentence occurs in one). Training and distillation scripts
    drop such sentences, so the set stays a check (scripts/train_tone_transformer.py --distill)."""
    articles, _ = load_items(folder)
    texts = [f"{a.get('title') or ''}\n{a['text']}" for a in articles]
    index: set[tuple[str, ...]] = set()
    for t in texts:
        index |= shingles(t, n)
    blob = "\n".join(" ".join(t.lower().split()) for t in texts)

    def taken(sentence: str) -> bool:
        words = sentence.lower().split()
        if len(words) < n:
            return bool(words) and " ".join(words) in blob
        return any(tuple(words[i:i + n]) in index for i in range(len(words) - n + 1))

    return taken
