"""Typed records shared by every stage.

One record per concept, defined once here and mapped 1:1 onto a store table
(see ``storylens.store.tables``) and a Parquet schema. Records are frozen
dataclasses: stages never mutate an article, they return a new one with
``dataclasses.replace`` so the same code is safe in a process pool and in
Spark executors.

Offsets (``start``/``end``) are character offsets into ``Article.text`` (the
cleaned text) unless a field's docstring says otherwise; ``Removal`` offsets
point into ``Article.raw_text`` (the text as extracted, before cleaning).

The JSON views of the records (``article_json``, for `extract`/`annotate` output and exports)
live at the end of this module: one home for records and their shapes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

SourceKind = Literal["html", "warc", "feed", "jsonl", "csv", "txt"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a raw document came from.

    ``offset`` is the byte offset of the record inside a WARC file, the line
    number (1-based) inside JSONL/CSV, or the item index inside a feed; it is
    ``None`` for a whole file.
    """

    source: str
    kind: SourceKind
    offset: int | None = None

    def label(self) -> str:
        return self.source if self.offset is None else f"{self.source}@{self.offset}"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One unit of input before extraction.

    Exactly one of ``html`` (bytes, undecoded: extraction detects the
    encoding) or ``text`` (already-extracted article text, from feeds, tables
    and ``.txt`` files) is set. ``meta`` carries what the container knew:
    title, published, outlet name, author.
    """

    provenance: Provenance
    url: str | None = None
    html: bytes | None = None
    text: str | None = None
    meta: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that could not be read or processed, with a one-line reason."""

    source: str
    offset: int | None
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class Removal:
    """One cut made by the clean stage; offsets point into ``Article.raw_text``."""

    start: int
    end: int
    text: str
    reason: str  # spam | caption | ui_residue | title_fragment | duplicate | hidden | page_spam ...
    rule: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a registry actor in the cleaned text."""

    actor: str
    kind: str  # country | person | organisation
    start: int
    end: int
    text: str
    via: str = "name"  # name | demonym | metonym | person | coref


@dataclass(frozen=True, slots=True)
class ActorTone:
    """Tone toward one actor over one article."""

    actor: str
    kind: str
    mentions: int
    score: float  # [-1, 1]
    label: str  # negative | neutral | positive
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or reported quote with its speaker."""

    text: str
    start: int
    end: int
    kind: str  # direct | indirect
    partial: bool = False
    cue: str | None = None
    speaker: str | None = None
    speaker_descriptor: str | None = None
    speaker_type: str = "unknown"  # official|expert|media|organisation|citizen|anonymous|unknown
    anonymous: bool = False
    speaker_actor: str | None = None


@dataclass(frozen=True, slots=True)
class NarrativeHit:
    """Evidence that an article carries a narrative from a narrative pack."""

    narrative: str
    score: float
    evidence: tuple[str, ...] = ()
    pack: str = "default"


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    """An actor cast as hero, villain or victim in one article."""

    actor: str
    role: str  # hero | villain | victim
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Article:
    """One article after the per-document pipeline.

    ``raw_text`` is the text as extracted; ``text`` is after cleaning (equal
    when cleaning is off). ``html`` (the page as the extractor decoded it) is kept
    only while the pipeline runs (the clean stage reads it) and is dropped before the article leaves a worker;
    so is ``doc``, the shared spaCy parse (see ``storylens.enrich.nlp``).
    """

    id: str
    source: str
    source_kind: str
    offset: int | None
    url: str | None
    outlet: str | None
    outlet_name: str | None
    title: str | None
    author: str | None
    published: str | None  # ISO 8601 date or datetime, or None
    language: str | None
    text: str
    raw_text: str
    spam_injected: bool = False
    page_spam: bool = False
    html: str | None = None
    doc: Any = None  # spaCy Doc while the pipeline runs (transient, like html)
    removals: tuple[Removal, ...] = ()
    mentions: tuple[Mention, ...] = ()
    tones: tuple[ActorTone, ...] = ()
    quotes: tuple[Quote, ...] = ()
    narratives: tuple[NarrativeHit, ...] = ()
    roles: tuple[RoleAssignment, ...] = ()
    # input bookkeeping (not stored as columns): the date string no parser read, counted in
    # the ingest summary; a short item kept as a headline (setting ``headlines``)
    date_unparsed: str | None = None
    is_headline: bool = False
    # how ``language`` was decided: detected | uncertain | hint | script | fixed | none
    language_how: str | None = None

    def replace(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)

    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class CopyLink:
    """``article_id`` reuses text first published as ``copy_of``."""

    article_id: str
    copy_of: str
    kind: str  # exact | near | partial
    similarity: float
    passages: tuple[dict[str, Any], ...] = ()  # {text, start, end, src_start, src_end}


@dataclass(frozen=True, slots=True)
class CopyDirection:
    """How the direction of a copy link was decided (``copies.decided_by``/``confidence``).

    ``decided_by``: earlier_date | wire_or_state | undated | tie_break; ``confidence`` 0.5
    means undecided. The Spark corpus job does not decide directions yet (NULL there).
    """

    decided_by: str
    confidence: float

    @property
    def decided(self) -> bool:
        return self.confidence > 0.5


ProcessResult = Article | Reject


# -- JSON views of the records: `extract`/`annotate` output, the API and exports ----------------


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return None
    return value


def _actors_from_mentions(article: Article) -> list[dict[str, Any]]:
    """The ``actors`` view when no tone stage ran: every actor with its mention count, tone None."""
    counts: dict[tuple[str, str], int] = {}
    for m in article.mentions:
        counts[(m.actor, m.kind)] = counts.get((m.actor, m.kind), 0) + 1
    return [{"actor": a, "kind": k, "mentions": n, "tone": None, "label": None, "evidence": []}
            for (a, k), n in sorted(counts.items(), key=lambda kv: -kv[1])]


def article_json(article: Article, *, enriched: bool = False) -> dict[str, Any]:
    """The ``extract`` view (``enriched`` adds actors, quotes, narratives, roles; without tones,
    the actors come from the mentions with tone None)."""
    out: dict[str, Any] = {
        "id": article.id,
        "source": article.source if article.offset is None else f"{article.source}@{article.offset}",
        "source_path": article.source,
        "offset": article.offset,
        "url": article.url,
        "outlet": article.outlet,
        "outlet_name": article.outlet_name,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "removed": [{"text": r.text, "reason": r.reason, "start": r.start, "end": r.end, "rule": r.rule} for r in article.removals],
        "spam_injected": article.spam_injected,
        "page_spam": article.page_spam,
    }
    if enriched:
        out["actors"] = [
            {
                "actor": t.actor,
                "kind": t.kind,
                "mentions": t.mentions,
                "tone": t.score,
                "label": t.label,
                "evidence": list(t.evidence),
            }
            for t in article.tones
        ] if article.tones else _actors_from_mentions(article)
        out["mentions"] = _plain(article.mentions)
        out["quotes"] = _plain(article.quotes)
        out["narratives"] = [
            {"narrative": n.narrative, "score": n.score, "evidence": list(n.evidence), "pack": n.pack}
            for n in article.narratives
        ]
        out["roles"] = _plain(article.roles)
    return out
