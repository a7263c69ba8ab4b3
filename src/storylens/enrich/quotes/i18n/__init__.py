"""Quotes in languages without a parse: quotation marks, dialogue dashes and speech verbs.

English quotes come from the spaCy parse (``extract``/``speakers``). No spaCy pipeline for
French, German, Russian, Spanish, Italian or Polish is pinned here (docs/languages.md), so for
those languages this package finds quotes in the raw text with rules written per language:

* **direct**: the language's quotation marks (« », „ “, » «, “ ”, ‚ ‘, " ", 「」, <<>>) and,
  in Russian and French, a paragraph opened by a dash (``— Мы готовы, — сказал он``). A quoted
  span counts as a quote when it reads as a statement (``MIN_WORDS`` words or more) or a speech
  verb stands next to it; shorter quoted words ("«Азов»", "„Qualitätsmedien“") are names or
  scare quotes, not quotes;
* **indirect**: a speech or cognition verb of the language followed by its conjunction (que,
  dass, что, que, che, że) or, in German, by a comma and a clause ("sagte, er sei bereit");
  "according to" phrases (selon, laut, zufolge, по словам, según, secondo, według) and a
  sentence closed by ", VERB SPEAKER." ("…, a averti Boris Johnson.", "…, сообщили в МЧС.");
* **headlines**: a first line "Name: statement" or "Name : « statement »".

Speakers are the capitalised name run nearest the cue (after it when the verb comes after
the quote, before it otherwise), else the short noun phrase there ("le numéro un chinois",
"диктатор"), or a pronoun resolved to the previous speaker. The speaker's actor comes from
the actor registry's forms of the language (``actors_i18n``). Why rules and not a model: see
docs/languages.md (no pinned parser for these languages; the rules were written on the
``tune`` half of tests/fixtures/quotes_i18n and scored on both halves).

Layout, as the English side's: ``lexicon`` (the word tables and patterns: one ``LanguageRules``
record per language, ``rules_for(lang)``, and the patterns all languages share), ``names``
(capitalised runs, titles, and ``_Speakers``, who speaks near a cue), ``rules`` (marks, cues and the
direct, dash, indirect, according-to and headline rules); this module runs the rules in order,
resolves pronouns in text order and turns the results into ``Quote`` records.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from storylens.enrich.quotes.i18n.lexicon import (
    ANONYMOUS,
    LANGUAGES,
    LanguageRules,
    rules_for,
)
from storylens.enrich.quotes.i18n.names import (
    _Speakers,
)
from storylens.enrich.quotes.i18n.rules import (
    I18nQuote,
    _according,
    _dash_quotes,
    _dedupe,
    _direct,
    _headline,
    _indirect,
    mark_spans,
)
from storylens.types import Quote

__all__ = ["LANGUAGES", "I18nQuote", "LanguageRules", "RegistryActors", "extract_quotes_i18n", "mark_spans",
           "quotes_for", "rules_for", "to_quote"]


# --- the extractor -------------------------------------------------------------------------

def extract_quotes_i18n(text: str, lang: str, actor_of: Any = None, when: str | None = None) -> list[I18nQuote]:
    """Quotes in ``text`` written in ``lang`` (ISO 639-1), in text order. ``actor_of(name,
    lang, when)`` maps a speaker name to a registry actor (or None)."""
    rules = rules_for(lang)
    if rules is None or not text:
        return []
    sp = _Speakers(text, lang, actor_of, when)
    found: list[I18nQuote] = []
    heads = _headline(text, lang, sp) if not rules.marks_only else []
    direct = _direct(text, lang, sp)
    found.extend(direct)
    if not rules.marks_only:
        found.extend(_dash_quotes(text, lang, sp, direct))
        found.extend(_indirect(text, lang, sp, heads))
        found.extend(_according(text, lang, sp))
        found.extend(heads)
    return _resolve_pronouns(_dedupe(found), sp)


def _resolve_pronouns(quotes: list[I18nQuote], sp: _Speakers) -> list[I18nQuote]:
    """In text order, a speaker that is still a bare pronoun ("сказал он") takes the last
    named speaker before it (the rules run one after another, so a name found by a later
    rule may come first in the text)."""
    pron = sp.rules.pronouns
    last: str | None = None
    out = []
    for q in quotes:
        if (q.speaker and q.speaker.casefold() in pron) or (q.inherit and q.speaker is None):
            if last is not None:
                q = dataclasses.replace(q, speaker=last, speaker_actor=sp.actor(last))
            elif q.speaker is not None:
                # no one named before it: a bare "Er" is no speaker's name (the Pope's quotes had the
                # speaker "Er")
                q = dataclasses.replace(q, speaker=None, speaker_start=None, speaker_end=None, speaker_actor=None)
        elif q.speaker:
            last = q.speaker
        out.append(q)
    return out


def to_quote(q: I18nQuote, text: str, actors: Any = None, lang: str | None = None,
             when: str | None = None) -> Quote:
    """The stored record; the speaker's type comes from the registry (official, media,
    organisation) as for English speakers, "anonymous" for a source named only as a source."""
    stype, anonymous = "unknown", False
    if q.speaker and ANONYMOUS.search(q.speaker) and not q.speaker_actor:
        stype, anonymous = "anonymous", True
    elif q.speaker and actors is not None and lang:
        stype = actors.speaker_type(q.speaker, lang, when) or "unknown"
    return Quote(text=text[q.start:q.end], start=q.start, end=q.end, kind=q.kind,
                 partial=False, cue=q.cue, speaker=q.speaker, speaker_type=stype,
                 anonymous=anonymous, speaker_actor=q.speaker_actor)


class RegistryActors:
    """Speaker name -> the actor it speaks for, through the actor registry: the language's
    forms ("Лукашенко", "Урсула фон дер Ляйен") and the registry's own names
    ("Boris Johnson"). A person counts for the country or body of their office at the
    article's date, as English speakers do (``quotes.actors.ActorLookup``)."""

    def __init__(self, registry: Any = None) -> None:
        if registry is None:
            from storylens.registry import actor_registry

            registry = actor_registry()
        self.reg = registry

    def _actor(self, name: str, lang: str, when: str | None) -> Any:
        from storylens.enrich.actors_i18n import foreign_matcher

        matcher = foreign_matcher(self.reg, lang)
        hits = matcher.find(name) if matcher is not None else []
        actor = self.reg.actors.get(hits[0].actor) if hits else None
        return actor if actor is not None else self.reg.lookup(name, when)

    def __call__(self, name: str, lang: str, when: str | None = None) -> str | None:
        actor = self._actor(name, lang, when)
        if actor is None:
            return None
        if actor.kind in ("person", "organisation"):
            return self.reg.actor_of(actor.name, when) or (actor.name if actor.kind == "organisation" else None)
        return str(actor.name)

    def speaker_type(self, name: str, lang: str, when: str | None = None) -> str | None:
        """What the English resolver says of the same registry actor (``ActorLookup``)."""
        from storylens.enrich.quotes.actors import ActorLookup

        actor = self._actor(name, lang, when)
        return None if actor is None else ActorLookup(self.reg)(actor.name, None, when).speaker_type


def quotes_for(article: Any, actor_of: Any = None) -> Any:
    """The article with its quotes, for an article in a language this module covers (the
    quote stage calls it when there is no English parse); unchanged otherwise."""
    lang = article.language
    if lang not in LANGUAGES or not article.text:
        return article
    found = extract_quotes_i18n(article.text, lang, actor_of, article.published)
    return article.replace(quotes=tuple(to_quote(q, article.text, actor_of, lang, article.published)
                                        for q in found))
