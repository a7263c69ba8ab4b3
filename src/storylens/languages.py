"""Which per-document stages cover which language, and how to say so to the user.

StoryLens analyses English fully; other languages get what has been built for them
(docs/languages.md). Each stage's gate reads its language set from here, so what the
ingest summary, ``stats`` and ``annotate`` report is what actually ran:

* actors: English plus every language the actor registry holds forms for
  (``ActorRegistry.languages()``: ar, de, es, fr, it, pl, ru, zh);
* tone: English only (the tone models are trained on English news; the stage returns no
  tone rather than apply them to other text);
* quotes: English (the spaCy parse) plus the languages of ``enrich.quotes.i18n`` (quotation
  marks, dialogue dashes and speech verbs of fr, de, ru, uk, es, it, pl, ar; marks and verbs of
  zh, ja), measured on hand-labelled fr/de/ru quotes (docs/languages.md);
* narratives: English only (claims and keyword packs are English).
"""

from __future__ import annotations

from collections.abc import Mapping

ENGLISH = (None, "en")  # None: the language identifier was unsure; treated as English
TONE_LANGUAGES = ENGLISH
QUOTE_LANGUAGES = (*ENGLISH, "fr", "de", "ru", "uk", "es", "it", "pl", "ar", "zh", "ja")  # enrich.quotes.i18n.LANGUAGES
NARRATIVE_LANGUAGES = ENGLISH
STAGES = ("actors", "tone", "quotes", "narratives")
WHY_NOT = {
    "actors": "no names for this language in the actor registry",
    "tone": "English model only",
    "quotes": "no quote rules for this language",
    "narratives": "English claims only",
}


def actor_languages() -> tuple[str, ...]:
    from storylens.registry import actor_registry

    return actor_registry().languages()


def coverage(language: str | None) -> dict[str, str | None]:
    """Stage -> None when it runs on articles in ``language``, else the reason it does not."""
    runs = {
        "actors": language in ENGLISH or language in actor_languages(),
        "tone": language in TONE_LANGUAGES,
        "quotes": language in QUOTE_LANGUAGES,
        "narratives": language in NARRATIVE_LANGUAGES,
    }
    return {stage: None if runs[stage] else WHY_NOT[stage] for stage in STAGES}


def coverage_line(language: str | None, n: int) -> str:
    """"ru 40: actors yes, tone no (English model only), quotes no (...), narratives no (...)"."""
    parts = [f"{stage} yes" if why is None else f"{stage} no ({why})" for stage, why in coverage(language).items()]
    return f"{language or 'unknown'} {n:,}: " + ", ".join(parts)


def coverage_lines(counts: Mapping[str | None, int]) -> list[str]:
    """One line per language that is not fully covered (English needs no line)."""
    return [coverage_line(lang, n) for lang, n in counts.items()
            if lang not in ("en",) and any(coverage(None if lang == "unknown" else lang).values())]


def no_tone_reason(counts: Mapping[str | None, int]) -> str:
    """Why a store has no tone rows, from its articles per language."""
    if not counts or not sum(counts.values()):
        return " The store has no articles: ingest some first."
    covered = sum(n for lang, n in counts.items() if lang in TONE_LANGUAGES or lang in ("unknown",))
    if not covered:
        langs = ", ".join(f"{lang} {n:,}" for lang, n in counts.items())
        return (f" The store's articles are in {langs}: tone covers English only, so no tone was "
                "scored (see docs/languages.md).")
    return (" The store has no tone rows: ingest with enrichment on (the default); tone needs "
            "English articles that mention a registry actor.")
