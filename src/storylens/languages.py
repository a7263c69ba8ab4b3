"""Which per-document stages cover which language, and how to say so to the user.

StoryLens analyses English fully; other languages get what has been built for them
(docs/languages.md). Each stage's gate reads its language set from here, so what the
ingest summary, ``stats`` and ``annotate`` report is what actually ran:

* actors: English plus every language the actor registry holds forms for
  (``ActorRegistry.languages()``: ar, de, es, fr, it, pl, ru, zh);
* tone: English with the ``tone_model`` setting's model; every other language with the
  multilingual model (``enrich.tone_multilingual``: multilingual-e5-small with a tone adapter
  trained on English targets) when it is installed and the setting ``tone_multilingual`` is on;
  never the English models on other text (:func:`tone_runs_multilingual`);
* quotes: English (the spaCy parse) plus the languages of ``enrich.quotes.i18n`` (quotation
  marks, dialogue dashes and speech verbs of fr, de, ru, uk, es, it, pl, ar; marks and verbs of
  zh, ja), measured on hand-labelled fr/de/ru quotes (docs/languages.md);
* narratives: English, and every other language when the multilingual encoder is installed
  (setting ``narrative_multilingual``): the article's sentences are matched to the packs' English
  claims in one vector space; keyword packs read their keywords for that language (or the ones
  given for every language), trained packs run zero-shot there (:func:`narrative_routes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ENGLISH = (None, "en")  # None: the language identifier was unsure; treated as English
TONE_LANGUAGES = ENGLISH
QUOTE_LANGUAGES = (*ENGLISH, "fr", "de", "ru", "uk", "es", "it", "pl", "ar", "zh", "ja")  # enrich.quotes.i18n.LANGUAGES
NARRATIVE_LANGUAGES = ENGLISH
STAGES = ("actors", "tone", "quotes", "narratives")
WHY_NOT = {
    "actors": "no names for this language in the actor registry",
    "tone": "English model only; the multilingual tone model is not installed",
    "quotes": "no quote rules for this language",
    "narratives": "English claims only; the multilingual encoder is not installed",
}
NARRATIVES_OFF = "English claims only; setting narrative_multilingual is off"
TONE_OFF = "English model only; setting tone_multilingual is off"


def tone_runs_multilingual(settings: Any = None) -> bool:
    """True when non-English articles get tone: the setting is on (off by default) and the
    multilingual tone model is installed."""
    if settings is None or not getattr(settings, "tone_multilingual", False):
        return False
    from storylens.enrich.tone_multilingual import available

    return available()


def multilingual_narratives() -> bool:
    """True when non-English articles get narratives (the multilingual encoder is installed)."""
    from storylens.multilingual_encoder import available

    return available()


def actor_languages() -> tuple[str, ...]:
    from storylens.registry import actor_registry

    return actor_registry().languages()


def coverage(language: str | None, settings: Any = None) -> dict[str, str | None]:
    """Stage -> None when it runs on articles in ``language``, else the reason it does not.

    Each availability check runs at most once per call (they look for installed packages)."""
    why = dict(WHY_NOT)
    english = language in ENGLISH
    narratives = tone = english
    if not english:
        if settings is not None and not getattr(settings, "narrative_multilingual", True):
            why["narratives"] = NARRATIVES_OFF
        else:
            narratives = multilingual_narratives()
        from storylens.enrich.tone_multilingual import available

        if available():  # installed; the setting (off by default) decides
            tone = bool(getattr(settings, "tone_multilingual", False))
            why["tone"] = TONE_OFF
    runs = {
        "actors": english or language in actor_languages(),
        "tone": tone,
        "quotes": language in QUOTE_LANGUAGES,
        "narratives": narratives,
    }
    return {stage: None if runs[stage] else why[stage] for stage in STAGES}


def narrative_routes(language: str | None, settings: Any,
                     cov: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """Pack -> how the narratives stage reads an article in ``language`` with these settings
    ("keywords (ru) + claim gate", "zero-shot (its trained model reads English features)", ...);
    empty when narratives do not run there. ``cov``: :func:`coverage` of that language, when the
    caller has it already."""
    from storylens.corpus.narratives import load_packs, pack_route
    from storylens.errors import StoryLensError

    if (cov or coverage(language, settings))["narratives"] is not None:
        return {}
    try:
        packs = load_packs(getattr(settings, "narrative_builtin", "china,climate"),
                           getattr(settings, "narrative_packs", ""))
    except StoryLensError:  # a broken user pack is reported by ingest itself, not by a summary line
        return {}
    return {p.name: pack_route(p, language) for p in packs}


def coverage_line(language: str | None, n: int, notes: Mapping[str, str] | None = None,
                  settings: Any = None, cov: Mapping[str, str | None] | None = None) -> str:
    """"ru 40: actors yes, tone no (English model only), quotes no (...), narratives yes (...)";
    ``notes``: stage -> what ran, added to a stage that runs; ``cov`` as in :func:`narrative_routes`."""
    notes = notes or {}
    parts = [(f"{stage} yes" + (f" ({notes[stage]})" if notes.get(stage) else "")) if why is None
             else f"{stage} no ({why})" for stage, why in (cov or coverage(language, settings)).items()]
    return f"{language or 'unknown'} {n:,}: " + ", ".join(parts)


def coverage_lines(counts: Mapping[str | None, int], settings: Any = None) -> list[str]:
    """One line per language other than English (what ran there and what did not); with ``settings``,
    the narratives part says how each pack read that language (:func:`narrative_routes`).
    "unknown" (the identifier was unsure) is read as English, so it gets a line without the
    multilingual notes."""
    out = []
    for lang, n in counts.items():
        if lang == "en":
            continue
        code = None if lang == "unknown" else lang
        cov = coverage(code, settings)
        notes: dict[str, str] = {}
        if code not in ENGLISH:
            routes = narrative_routes(code, settings, cov) if settings is not None else {}
            note = "; ".join(f"{p}: {r}" for p, r in routes.items())
            notes = {"narratives": f"multilingual encoder; {note}" if note else "", "tone": "multilingual model"}
        out.append(coverage_line(code, n, notes, settings, cov))
    return out


def no_tone_reason(counts: Mapping[str | None, int]) -> str:
    """Why a store has no tone rows, from its articles per language."""
    if not counts or not sum(counts.values()):
        return " The store has no articles: ingest some first."
    covered = sum(n for lang, n in counts.items() if lang in TONE_LANGUAGES or lang in ("unknown",))
    if not covered:
        langs = ", ".join(f"{lang} {n:,}" for lang, n in counts.items())
        return (f" The store's articles are in {langs}: tone covered English only when they were ingested "
                "(the multilingual tone model was not installed, or setting tone_multilingual was off), so no "
                "tone was scored (see docs/languages.md).")
    return (" The store has no tone rows: ingest with enrichment on (the default); tone needs "
            "English articles that mention a registry actor.")
