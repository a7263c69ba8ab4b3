"""Quote attribution quality on PolNeAR (brat standoff; see ``eval.polnear``).

Metric, as the Gender Gap Tracker's ``evaluate_quotes.py`` computes it, on
``\\w+`` tokens instead of characters:

- a gold content span and a predicted one match at threshold ``t`` when the
  predicted span covers at least ``t`` of the gold span's tokens
  (``|G & P| / |G|``, asymmetric: the gold span is the reference); each gold
  quote takes the best-scoring prediction not yet taken; unmatched gold are
  false negatives, untaken predictions false positives; P/R/F1 are summed
  over all articles (micro);
- speaker accuracy: share of matched quotes whose predicted speaker mention
  overlaps the gold Source span, or whose resolved speaker name and the gold
  Source text name the same words (a floating quote or a pronoun resolved to
  "Richard Viguerie" against a gold "Viguerie" elsewhere); a quote with
  neither speaker counts as right, as in the Gender Gap Tracker;
  ``speaker_span_acc`` is the strict span-overlap figure alone;
- cue accuracy: share of matched quotes whose predicted cue span overlaps
  the gold Cue span;
- direct quotes: the same scores restricted to gold content spans and
  predictions that open or close at a quotation mark (``is_direct_span``; one
  test for both sides, so reported speech ending in a partial quote counts on
  both sides alike).

Scoring policy for our records (PolNeAR's unit is one cue with its possibly
discontinuous content): a partial direct quote that lies inside another
predicted quote's span is not scored separately (the attribution's content
contains the quoted words), and a full direct quote that continues the
previous one in the same paragraph with the same cue or none of its own
(``"A," he said. "B."``) is scored as one prediction with it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylens.eval.polnear import GoldArticle, Span, load_split

_TOK = re.compile(r"\w+")
THRESHOLDS = (0.3, 0.8)
QUOTE_CHARS = "\"“”„«»"
DOUBLE_APOSTROPHE = True


@dataclass(frozen=True, slots=True)
class Pred:
    start: int
    end: int
    kind: str = "indirect"
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None


class _Tokens:
    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in _TOK.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def of(self, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
        import bisect

        out: set[int] = set()
        for s, e in spans:
            i = bisect.bisect_right(self.ends, s)
            while i < len(self.starts) and self.starts[i] < e:
                out.add(i)
                i += 1
        return frozenset(out)


def _overlaps(a: Span, s: int | None, e: int | None) -> bool:
    if s is None or e is None:
        return False
    return any(x < e and s < y for x, y in a)


def is_direct_span(text: str, start: int, end: int) -> bool:
    """Quoted speech: the span opens or closes at a quotation mark (within two characters).

    The same test classifies gold content spans and our predictions, so the direct-quote scores
    compare like with like (PolNeAR spans keep their marks; ours stop inside them)."""
    head = text[max(0, start - 2):start + 2]
    tail = text[max(0, end - 2):end + 2]
    if DOUBLE_APOSTROPHE and ("''" in head or "''" in tail):
        return True  # ''...'' as quotation marks (the style of some PolNeAR sources)
    return any(c in QUOTE_CHARS for c in head) or any(c in QUOTE_CHARS for c in tail)


def is_direct_gold(text: str, content: Span) -> bool:
    return is_direct_span(text, content[0][0], content[-1][1])


_PRONOUNS = frozenset(["he", "she", "they", "it", "i", "we", "you", "who", "which", "that", "his", "her", "its", "their", "this"])


def _same_name(text: str, source: Span, name: str | None) -> bool:
    """The gold source mention names the speaker we resolved: "Viguerie" for "Richard Viguerie"
    (a quote attributed through a pronoun or a previous quote keeps the name, not that span)."""
    if not source or not name:
        return False
    gold = {w for w in _TOK.findall(" ".join(text[s:e] for s, e in source).lower())} - _PRONOUNS
    ours = set(_TOK.findall(name.lower())) - _PRONOUNS
    return bool(gold) and bool(ours) and (gold <= ours or ours <= gold)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker: int = 0
    speaker_span: int = 0
    cue: int = 0

    def add(self, other: Counts) -> None:
        for f in ("tp", "fp", "fn", "speaker", "speaker_span", "cue"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "speaker_acc": round(self.speaker / self.tp, 4) if self.tp else 0.0,
            "speaker_span_acc": round(self.speaker_span / self.tp, 4) if self.tp else 0.0,
            "cue_acc": round(self.cue / self.tp, 4) if self.tp else 0.0,
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
        }


def match(article: GoldArticle, preds: list[Pred], threshold: float, direct_only: bool = False) -> Counts:
    toks = _Tokens(article.text)
    golds = article.attributions
    if direct_only:
        golds = [g for g in golds if is_direct_gold(article.text, g.content)]
        preds = [p for p in preds if is_direct_span(article.text, p.start, p.end)]
    gold_toks = [toks.of(g.content) for g in golds]
    pred_toks = [toks.of([(p.start, p.end)]) for p in preds]
    free = set(range(len(preds)))
    c = Counts()
    for g, gt in zip(golds, gold_toks, strict=True):
        if not gt:
            continue
        best, best_score = None, 0.0
        for j in free:
            score = len(gt & pred_toks[j]) / len(gt)
            if score >= threshold and score > best_score:
                best, best_score = j, score
        if best is None:
            c.fn += 1
            continue
        free.discard(best)
        c.tp += 1
        p = preds[best]
        span_ok = (not g.source and p.speaker_start is None) or _overlaps(g.source, p.speaker_start, p.speaker_end)
        c.speaker_span += span_ok
        if span_ok or _same_name(article.text, g.source, p.speaker):
            c.speaker += 1
        if _overlaps(g.cue, p.cue_start, p.cue_end):
            c.cue += 1
    c.fp += len(free)
    return c


def storylens_predictions(docs: list[Any], **kwargs: Any) -> list[list[Pred]]:
    """Our predictions per doc, in PolNeAR's unit (``kwargs`` go to ``extract_quotes``)."""
    from storylens.enrich.quotes import extract_quotes

    return [to_units(doc.text, extract_quotes(doc, **kwargs)) for doc in docs]


MERGE_PARAGRAPHS = 1  # a quote continued by the same speaker in the next paragraph is one unit


def to_units(text: str, attrs: list[Any]) -> list[Pred]:
    """Our attributions as PolNeAR units: one cue with all its content.

    - a direct quote inside another attribution's span is part of it (not scored alone):
      `She compared the talks to a "root canal," according to ...`;
    - a direct quote whose cue already has an attribution extends that one (`called them
      "frijoleros" and "beaners"`; `said X and "Y"`);
    - full direct quotes with the same cue, or a floating quote continuing the previous one
      (``"A," he said. "B."``, or the same speaker going on in the next paragraph), are one unit.
    """
    spans = [(a.start, a.end) for a in attrs]
    kept = [a for a in attrs if not (a.kind == "direct" and any(
        s <= a.start and a.end <= e + 2 and (s, e) != (a.start, a.end) for s, e in spans))]
    preds: list[Pred] = []
    by_cue: dict[int, int] = {}
    last: tuple[Any, int] | None = None  # last full direct quote and its unit
    for a in kept:
        cue_tok = a.extras.get("cue_token")
        if a.kind == "direct" and cue_tok is not None and cue_tok in by_cue:
            i = by_cue[cue_tok]
            p = preds[i]
            preds[i] = _extend(p, a)
            continue
        if last is not None and _continues(text, last[0], a):
            i = last[1]
            preds[i] = _extend(preds[i], a)
            last = (a, i)
            continue
        preds.append(Pred(a.start, a.end, a.kind, a.speaker or a.speaker_descriptor, a.speaker_start,
                          a.speaker_end, a.cue, a.cue_start, a.cue_end))
        if cue_tok is not None:
            by_cue.setdefault(cue_tok, len(preds) - 1)
        if a.kind == "direct" and not a.partial:
            last = (a, len(preds) - 1)
    return preds


def _extend(p: Pred, a: Any) -> Pred:
    return Pred(min(p.start, a.start), max(p.end, a.end), p.kind, p.speaker, p.speaker_start, p.speaker_end,
                p.cue, p.cue_start, p.cue_end)


def _continues(text: str, prev: Any, a: Any) -> bool:
    """A full direct quote that goes on from the previous one, with the same cue or none of its own
    ("A," he said. "B."), in the same paragraph or the next ``MERGE_PARAGRAPHS``: PolNeAR annotates
    the pieces as one attribution."""
    if prev.kind != "direct" or a.kind != "direct" or a.partial or prev.partial:
        return False
    gap = text[prev.end:a.start]
    if sum(1 for line in gap.split("\n")[1:-1] if line.strip()) > 0:
        return False  # a paragraph of other text in between
    if gap.count("\n") and MERGE_PARAGRAPHS < 1:
        return False
    same_cue = a.extras.get("cue_token") is not None and a.extras.get("cue_token") == prev.extras.get("cue_token")
    return same_cue or a.extras.get("inherit") is prev


def textacy_predictions(docs: list[Any]) -> list[list[Pred]] | None:
    """textacy's rule-based ``direct_quotations`` (None when textacy is not installed)."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    out = []
    for doc in docs:
        preds = []
        try:
            triples = list(direct_quotations(doc))
        except (ValueError, IndexError):
            triples = []  # raises on unbalanced quotation marks: score the article as no predictions
        for t in triples:
            content = t.content
            sp = t.speaker
            cue = t.cue
            preds.append(Pred(
                content[0].idx, content[-1].idx + len(content[-1].text), "direct",
                " ".join(x.text for x in sp) if sp else None,
                sp[0].idx if sp else None, sp[-1].idx + len(sp[-1].text) if sp else None,
                " ".join(x.text for x in cue) if cue else None,
                cue[0].idx if cue else None, cue[-1].idx + len(cue[-1].text) if cue else None,
            ))
        out.append(preds)
    return out


def score_predictions(name: str, articles: list[GoldArticle], preds: list[list[Pred]], seconds: float) -> list[dict[str, Any]]:
    """P/R/F1 rows (all quotes and direct only, at every overlap threshold) for one system's
    predictions; `eval quotes` and its `--cv` mode both report through it."""
    rows = []
    for direct_only in (False, True):
        for t in THRESHOLDS:
            c = Counts()
            for a, p in zip(articles, preds, strict=True):
                c.add(match(a, p, t, direct_only))
            rows.append({"system": name, "subset": "direct" if direct_only else "all", "overlap": t,
                         **c.as_dict(), "articles": len(articles), "seconds": round(seconds, 2)})
    return rows


def write_predictions(path: str | Path, articles: list[GoldArticle], preds: list[list[Pred]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for a, ps in zip(articles, preds, strict=True):
            for p in ps:
                fh.write(json.dumps({
                    "file": a.name, "start": p.start, "end": p.end, "kind": p.kind,
                    "text": a.text[p.start:p.end], "speaker": p.speaker,
                    "speaker_start": p.speaker_start, "speaker_end": p.speaker_end,
                    "cue": p.cue, "cue_start": p.cue_start, "cue_end": p.cue_end,
                }, ensure_ascii=False) + "\n")


def evaluate(root: str | Path, split: str = "dev", limit: int | None = None,
             predictions: str | Path | None = None, baseline: bool = True,
             progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """Score StoryLens (and textacy's direct_quotations) on one PolNeAR split."""
    from storylens.enrich.nlp import load_english

    articles = load_split(root, split, limit)
    nlp = load_english()
    t0 = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = storylens_predictions(docs)
    ours_s = time.perf_counter() - t0
    rows = score_predictions("storylens", articles, ours, ours_s)
    for r in rows:
        r["parse_seconds"] = round(parse_s, 2)
    if predictions:
        write_predictions(predictions, articles, ours)
    if baseline:
        t0 = time.perf_counter()
        base = textacy_predictions(docs)
        if base is not None:
            rows += score_predictions("textacy.direct_quotations", articles, base, time.perf_counter() - t0)
    return rows
