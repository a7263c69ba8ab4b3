"""The quotes stage: direct and reported quotes with their speakers.

``QuoteStage`` reads the shared spaCy parse (``article.doc``) and assigns
``article.quotes`` (``storylens.types.Quote``). Articles without a parse
(non-English) get no quotes. The logic lives in small modules:
``marks`` (quotation marks), ``extract`` (cues and content spans),
``speakers`` (speaker, descriptor, type, anonymity), ``actors`` (speaker ->
registry actor), ``lexicon`` (word lists).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storylens.config import Settings
from storylens.enrich.nlp import doc_text
from storylens.enrich.quotes.extract import _PACKAGED, Attribution, find_attributions
from storylens.enrich.quotes.i18n import RegistryActors, quotes_for
from storylens.enrich.quotes.marks import ALL_MARKS, find_mark_spans
from storylens.enrich.quotes.speakers import (
    SpeakerResolver,
    copy_speaker,
    harmonise,
    unname_descriptions,
)
from storylens.types import Article, Quote

__all__ = ["Attribution", "QuoteStage", "extract_quotes", "to_quote"]

def extract_quotes(doc: Any, actor_of: Callable[..., Any] | None = None,
                   when: str | None = None, cue_model: Any = _PACKAGED) -> list[Attribution]:
    """Attributions with resolved speakers for one spaCy Doc, in text order.

    ``actor_of`` is an ``actors.ActorLookup`` (speaker -> registry actor);
    ``when`` the article's publication date, for offices held at that date;
    ``cue_model`` the reported-speech cue model (``cuemodel.CueModel``; default the packaged
    one; None for the hand rules alone).
    """
    text = doc_text(doc)
    attrs = find_attributions(doc, text, cue_model)
    spans = [(s.start, s.end) for s in find_mark_spans(text)]
    resolver = SpeakerResolver(doc, spans, actor_of, when)

    def order(a: Attribution) -> int:
        if a.subject is not None:
            return a.subject.idx
        return a.cue_start if a.cue_start is not None else a.start

    for a in sorted(attrs, key=order):
        resolver.resolve(a)
    _first_person_in_turns(attrs)
    harmonise(attrs)
    unname_descriptions(attrs)
    return attrs


def _first_person_in_turns(attrs: list[Attribution]) -> None:
    """Inside a transcript turn, "I think ..." / "we know ..." are the turn's speaker's (the
    resolver would take the nearest person named, often the other speaker's label line)."""
    turns = [a for a in attrs if "turn" in a.extras]
    if not turns:
        return
    for a in attrs:
        subj = a.subject
        if a.kind != "indirect" or subj is None or subj.lower_ not in ("i", "we"):
            continue
        turn = next((t for t in turns if t.start <= subj.idx < t.end), None)
        if turn is not None:
            copy_speaker(a, turn)


def to_quote(a: Attribution, text: str) -> Quote:
    return Quote(
        text=text[a.start:a.end], start=a.start, end=a.end, kind=a.kind, partial=a.partial,
        cue=a.cue, speaker=a.speaker, speaker_descriptor=a.speaker_descriptor,
        speaker_type=a.speaker_type, anonymous=a.anonymous, speaker_actor=a.speaker_actor,
    )


def stored(a: Attribution, text: str) -> bool:
    """Whether an attribution is stored as a quote: it has a speaker, a described source ("the
    army"), an anonymous source, or quote marks. A reported statement with none of them says
    nothing about who is quoted, and in real
    output most such are not speech at all ("The covert source reportedly spied for the US",
    "the number of new cases has declined 25%", "it's important to note that"): of 15 read on
    AllSides articles, 2 were statements (2026-12-07).

    An act the cue model took as an attribution (a verb outside the speech and cognition lists
    with a plain object: ``extract.action_threshold``; PolNeAR marks many acts, "Emanuel fired
    his police chief") is stored only with quote marks: of 25 such read on 15 AllSides articles
    (32 of their 368 stored quotes), 20 were no statement ("Mr. Xi will see top executives",
    "Police fired more than 5,000 rounds", "The Houthis have staged periodic uprisings") and 5
    were speech acts ("scolded NATO allies", "played down differences"; 2026-12-07)."""
    quoted = any(m in text[a.start:a.end] for m in ALL_MARKS)
    if (a.extras.get("act") or a.extras.get("not_speech")) and a.extras.get("quoted", 0.0) < 0.5:
        # the share of the content inside paired quotation marks (``extract.Candidate.quoted``);
        # scare quotes do not make an act a quote: "talks aimed at working out a "Phase 1" deal"
        return False
    if a.speaker is not None or a.speaker_descriptor or a.anonymous or a.kind == "direct":
        return True
    return quoted


class QuoteStage:
    name = "quotes"
    requires = ("doc",)
    assigns = ("quotes",)

    def __init__(self, settings: Settings) -> None:
        from storylens.enrich.quotes.actors import actor_lookup

        self.actor_of = actor_lookup()
        self.i18n_actors = RegistryActors(self.actor_of.reg) if self.actor_of is not None else None

    def __call__(self, article: Article) -> Article:
        doc = article.doc
        if doc is None:  # no English parse: other languages get the rules of quotes.i18n
            return quotes_for(article, self.i18n_actors)
        attrs = extract_quotes(doc, self.actor_of, article.published)
        # PolNeAR counts attributions with no source ("Russia has been accused of ..."); the store
        # keeps only those that say who is quoted or hold quote marks (``stored``)
        text = doc_text(doc)
        return article.replace(quotes=tuple(to_quote(a, text) for a in attrs if stored(a, text)))
