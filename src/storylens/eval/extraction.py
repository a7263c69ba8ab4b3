"""Extraction quality in the Scrapinghub article-extraction-benchmark layout.

Layout: ``DIR/ground-truth.json`` ({id: {articleBody, url}}) and
``DIR/html/<id>.html.gz``. Metric, as that benchmark's ``evaluate.py``
computes it: tokens are ``\\w+`` runs; each document's body becomes a
multiset of 4-token shingles; per document precision = tp/(tp+fp) and
recall = tp/(tp+fn) over the multiset intersection; both are averaged over
documents and F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storylens.errors import StoryLensError

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def prf(truth: str, pred: str, n: int = 4) -> tuple[float, float]:
    """(precision, recall) of ``pred`` against ``truth`` on n-token shingles."""
    t, p = shingles(truth, n), shingles(pred, n)
    if not t and not p:
        return 1.0, 1.0
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


@dataclass(frozen=True)
class Score:
    name: str
    precision: float
    recall: float
    f1: float
    documents: int
    seconds: float

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "system": self.name, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "documents": self.documents, "seconds": round(self.seconds, 2),
        }


def load_aeb(folder: str | Path) -> list[tuple[str, str, bytes, str]]:
    """(id, url, html bytes, gold body) for every page in an AEB-layout folder."""
    root = Path(folder)
    gt_path = root / "ground-truth.json"
    if not gt_path.exists():
        raise StoryLensError(
            f"{str(gt_path)!r} not found: --aeb expects a folder with ground-truth.json and html/<id>.html.gz"
        )
    truth = json.loads(gt_path.read_text(encoding="utf-8"))
    items = []
    for item_id, rec in sorted(truth.items()):
        page = root / "html" / f"{item_id}.html.gz"
        if page.exists():
            items.append((item_id, rec.get("url") or "", gzip.decompress(page.read_bytes()), rec.get("articleBody") or ""))
    if not items:
        raise StoryLensError(f"no pages under {str(root / 'html')!r} match ground-truth.json")
    return items


def score(name: str, items: list[tuple[str, str, bytes, str]], extract: Callable[[bytes, str], str]) -> Score:
    ps, rs = [], []
    t0 = time.perf_counter()
    outputs = [extract(html, url) for _, url, html, _ in items]
    elapsed = time.perf_counter() - t0
    for (_, _, _, gold), out in zip(items, outputs, strict=True):
        p, r = prf(gold, out)
        ps.append(p)
        rs.append(r)
    P = sum(ps) / len(ps)
    R = sum(rs) / len(rs)
    F = 2 * P * R / (P + R) if P + R else 0.0
    return Score(name, P, R, F, len(items), elapsed)


def trafilatura_baseline(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def paired_best(items: list[tuple[str, str, bytes, str]], systems: dict[str, Callable[[bytes, str], object]],
                repeat: int = 3) -> dict[str, list[float]]:
    """Seconds per system and page: each page's fastest of ``repeat`` rounds, the systems run one
    after the other on the same page within a round (paired, so load from other processes hits all
    of them alike), after one warm-up round (imports, word lists, caches)."""
    best = {name: [float("inf")] * len(items) for name in systems}
    for r in range(max(1, repeat) + 1):
        for i, (_, url, html, _) in enumerate(items):
            for name, fn in systems.items():
                t = time.perf_counter()
                fn(html, url)
                if r:
                    best[name][i] = min(best[name][i], time.perf_counter() - t)
    return best


def evaluate(folder: str | Path, clean: bool = True) -> list[Score]:
    """StoryLens extraction (+ cleaning when it is on) beside bare trafilatura."""
    from storylens.config import Settings
    from storylens.pipeline import Pipeline
    from storylens.types import Article, Provenance, RawDocument

    items = load_aeb(folder)
    results = [score("trafilatura.extract", items, trafilatura_baseline)]
    variants = [("storylens (extract)", False)]
    if clean:
        variants.append(("storylens (extract+clean)", True))
    for label, do_clean in variants:
        pipe = Pipeline(Settings({"clean": do_clean, "enrich": False}))
        if not pipe.stages and do_clean:
            continue  # no clean stage registered: same as extract only

        def run(html: bytes, url: str, pipe: Pipeline = pipe) -> str:
            out = pipe.process(RawDocument(Provenance("aeb", "html"), url=url, html=html))
            return out.text if isinstance(out, Article) else ""

        results.append(score(label, items, run))
    return results
