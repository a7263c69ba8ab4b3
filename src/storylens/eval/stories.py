"""Score story clustering against a hand-labelled set of real articles.

The packaged set (``storylens/data/stories/gold_allsides.jsonl``, built from
corpus-allsides, Apache-2.0) has one JSON object per article: ``id``,
``date``, ``outlet``, ``title``, ``lede`` (first 600 characters) and
``story`` (the gold label). How it was built is in docs/narratives.md.

Metrics: B-cubed precision/recall/F1 (per article, averaged) and pairwise
precision/recall/F1 (over same-story pairs), beside two baselines: every
article alone (``singletons``) and every article of one day together
(``same-day``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from storylens.errors import StoryLensError


def default_gold() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "stories" / "gold_allsides.jsonl"


def load(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.exists():
        raise StoryLensError(f"story gold file {str(p)!r} not found (JSONL with id, date, title, lede, story)")
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    g_members: dict[str, set[str]] = defaultdict(set)
    p_members: dict[str, set[str]] = defaultdict(set)
    for a, s in gold.items():
        g_members[s].add(a)
    for a, s in pred.items():
        p_members[s].add(a)
    ps, rs = [], []
    for a in gold:
        g = g_members[gold[a]]
        p = p_members[pred[a]]
        inter = len(g & p)
        ps.append(inter / len(p))
        rs.append(inter / len(g))
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0, 4)}


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    ids = sorted(gold)
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        g = gold[a] == gold[b]
        p = pred[a] == pred[b]
        tp += g and p
        fp += p and not g
        fn += g and not p
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(pr, 4), "recall": round(rc, 4),
            "f1": round(2 * pr * rc / (pr + rc) if pr + rc else 0, 4)}


def evaluate(path: str | Path, thresholds: Sequence[float] | None = None, embedder: str = "auto",
             *, ignore_dates: bool = False) -> list[dict[str, Any]]:
    """``ignore_dates`` puts every article on one day: clustering must then separate the
    40 day-groups by content alone (the harder setting; dates make the set easy)."""
    from storylens.corpus.stories import DEFAULT_THRESHOLD, cluster_texts, load_embedder, story_text

    rows = load(path)
    gold = {r["id"]: r["story"] for r in rows}
    days = [0 if ignore_dates else date.fromisoformat(r["date"]).toordinal() for r in rows]
    ids = [r["id"] for r in rows]
    texts = [story_text(r["title"], r["lede"]) for r in rows]
    emb = load_embedder(embedder)
    out = []

    def score(method: str, pred: dict[str, str], **extra: Any) -> None:
        b, pw = bcubed(gold, pred), pairwise(gold, pred)
        out.append({"method": method, **extra, "bcubed_p": b["precision"], "bcubed_r": b["recall"],
                    "bcubed_f1": b["f1"], "pair_p": pw["precision"], "pair_r": pw["recall"],
                    "pair_f1": pw["f1"], "stories": len(set(pred.values()))})

    score("singletons", {a: a for a in ids})
    score("same-day", {r["id"]: "all" if ignore_dates else r["date"] for r in rows})
    for t in thresholds or (DEFAULT_THRESHOLD,):
        pred = cluster_texts(ids, days, texts, embedder=emb, threshold=t)
        score(f"storylens ({type(emb).__name__})", pred, threshold=t, ignore_dates=ignore_dates)
    out[0]["articles"] = len(rows)
    out[0]["gold_stories"] = len(set(gold.values()))
    return out
