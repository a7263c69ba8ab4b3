"""``CleanStage``: the first per-document stage (``--keep-noise`` turns it off)."""

from __future__ import annotations

from storylens.clean.core import Cleaner
from storylens.clean.lexicon import load_lexicon
from storylens.config import Settings
from storylens.types import Article, Removal


def _subsequence_map(short: str, long: str) -> list[int]:
    """Index in ``long`` of each character of ``short`` (a subsequence of it), greedily."""
    out = []
    j = 0
    for ch in short:
        while j < len(long) and long[j] != ch:
            j += 1
        out.append(min(j, len(long) - 1))
        j += 1
    return out


class CleanStage:
    name = "clean"
    requires = ("text", "raw_text")
    assigns = ("text", "removals", "spam_injected", "page_spam")

    def __init__(self, settings: Settings) -> None:
        extra = tuple(settings.columns("spam_lexicon")) if hasattr(settings, "spam_lexicon") else ()
        self.cleaner = Cleaner(load_lexicon(extra))

    @classmethod
    def from_cleaner(cls, cleaner: Cleaner) -> CleanStage:
        """A stage around a given cleaner (evaluation uses one with a held-out lexicon)."""
        stage = cls.__new__(cls)
        stage.cleaner = cleaner
        return stage

    def __call__(self, article: Article) -> Article:
        fresh = article.text == article.raw_text
        html = article.html if (article.html and fresh) else None
        res = self.cleaner.clean(article.text, title=article.title, html=html, outlet=article.outlet,
                                  language=article.language)
        if not res.removals and not res.page_spam:
            return article
        removals = res.removals
        if not fresh:  # cleaned before: offsets are into article.text, map them to raw_text
            pos = _subsequence_map(article.text, article.raw_text)
            removals = tuple(
                Removal(pos[r.start], pos[r.end - 1] + 1, article.raw_text[pos[r.start]:pos[r.end - 1] + 1],
                        r.reason, r.rule, r.confidence)
                for r in removals
            )
            removals = tuple(sorted((*article.removals, *removals), key=lambda r: r.start))
        return article.replace(
            text=res.text,
            removals=removals,
            spam_injected=article.spam_injected or res.spam_injected,
            page_spam=article.page_spam or res.page_spam,
        )
