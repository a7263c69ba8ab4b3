"""The per-document pipeline: raw document -> ``Article`` or ``Reject``.

``Pipeline(settings).process(raw)`` is the one function both engines call
(the local process pool and Spark executors). It never raises for bad input:
every failure becomes a ``Reject`` naming the stage and the reason.

A per-document budget keeps one odd document from stalling a crawl:

- Length caps. Extracted text longer than ``max_text_chars`` is cut (at a
  sentence or word boundary) before any stage sees it, and the text handed to
  the enrich stages is cut again at ``max_enrich_chars``. Each cut is kept as a
  ``Removal`` with reason ``too_long`` (rule ``max_text_chars`` or
  ``max_enrich_chars``), so ``removals`` shows what was not analysed. The first
  cut's ``start`` is the end of the stored ``raw_text`` and its ``end`` the
  original length (the cut text itself is not kept beyond 200 characters).
- A time budget. ``doc_seconds`` bounds the wall time of one document. Where the
  pipeline runs on a process's main thread (a pool worker, or ``-j 1``) a
  ``SIGALRM`` timer interrupts the stage that overruns; elsewhere (threads) the
  deadline is checked between stages. Either way the document becomes a
  ``Reject`` naming the stage and the budget, and the run goes on.

Every stage's wall time is added to ``Pipeline.stage_seconds`` (the engines
collect it into the ingest summary and the run record), and so is the time the
pipeline took to build (``startup``: the spaCy model, the tone model, the actor
registry, the language identifier), once per worker.

A stage may also count things (the tone cascade: sentences read, sentences the MPNet
model re-read). A stage with a ``counts()`` method (``CountingStage``) is asked after
every document for its counts *since it was last asked*, and they are added to
``Pipeline.counters``; the engines collect them as they do ``stage_seconds`` (deltas,
read and cleared per document or chunk, so nothing is counted twice).

Disk-full and other I/O errors of the machine (``ENOSPC``, ``EFBIG``,
``EDQUOT``, ``EROFS``) are not the document's fault: they propagate instead of
turning every following document into a reject.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Protocol, runtime_checkable

from storylens.config import Settings
from storylens.extract.encoding import repair as repair_encoding
from storylens.extract.html import Extracted, HtmlExtractor, Rejected
from storylens.extract.language import detect_language, identify, normalise_tag
from storylens.extract.outlets import resolve_outlet, slug  # noqa: F401  (slug: re-exported)
from storylens.sources.dates import parse_date
from storylens.stages import Stage, build_stages
from storylens.types import Article, ProcessResult, RawDocument, Reject, Removal

log = logging.getLogger(__name__)

# errno values that mean "the machine's disk", never "this document".
MACHINE_IO_ERRNOS = frozenset(
    e for e in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", None), errno.EROFS) if e is not None
)
# How far back from a cap to look for a sentence end, then a space, before cutting mid-word.
_BOUNDARY_WINDOW = 2000
_SENTENCE_END = re.compile(r"[.!?。][\"'”’)\]]*\s")
_SLUG = re.compile(r"[^a-z0-9]+")


def normalise_text(text: str) -> str:
    """Case-folded, NFKC, whitespace-collapsed: the basis of stable ids and exact-copy hashes."""
    # str.split() splits at exactly the characters the regex ``\s+`` matched (str.isspace), in C:
    # the same string as ``re.sub(r"\s+", " ", ...).strip()`` without a regex pass over the text
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def article_id(text: str, outlet: str | None) -> str:
    """Stable id: the same text from the same outlet is the same article, whatever the file."""
    h = hashlib.sha1(normalise_text(text).encode("utf-8"))
    h.update(b"\x00" + (outlet or "").encode("utf-8"))
    return h.hexdigest()[:20]


def normalise_date(value: str | None, date_format: str = "") -> str | None:
    """ISO 8601 date (YYYY-MM-DD) from the many forms exports use; None if unparseable."""
    return parse_date(value, date_format)


# A headline is one line of at least this many characters and words (shorter is a label,
# a byline or a section name, not an item).
HEADLINE_MIN_CHARS = 15
HEADLINE_MIN_WORDS = 3


def is_headline_text(text: str) -> bool:
    return "\n" not in text and len(text) >= HEADLINE_MIN_CHARS and len(text.split()) >= HEADLINE_MIN_WORDS


def cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` to at most ``limit`` characters: after the last sentence end
    in the final ``_BOUNDARY_WINDOW`` characters, else at the last space there, else at
    ``limit``. Linear in the window, whatever the length of the text."""
    if len(text) <= limit:
        return len(text)
    lo = max(0, limit - _BOUNDARY_WINDOW)
    window = text[lo:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends:
        return lo + ends[-1]
    space = window.rfind(" ")
    return lo + space + 1 if space > 0 else limit


def _raw_position(text: str, raw_text: str, pos: int) -> int:
    """Index in ``raw_text`` of ``text[pos]`` (``text`` is ``raw_text`` with cuts removed, so a
    subsequence of it): one greedy linear scan."""
    if text is raw_text or text == raw_text:
        return pos
    j = 0
    for ch in text[:pos]:
        j = raw_text.find(ch, j) + 1
        if j == 0:
            return len(raw_text)
    return j


def _too_long(start: int, end: int, cut: str, rule: str) -> Removal:
    return Removal(start, end, cut[:200], "too_long", rule)


@runtime_checkable
class CountingStage(Protocol):
    """A stage that counts: ``counts()`` returns what it counted since it was last asked
    (deltas, never running totals), e.g. ``{"tone_sentences": 12, "tone_reread": 5}``."""

    def counts(self) -> Mapping[str, int]: ...


class DocumentTimeout(BaseException):
    """Raised inside a stage when the document's time budget is spent.

    A ``BaseException`` so that a stage's own ``except Exception`` cannot swallow it."""


@contextmanager
def _alarm(seconds: float) -> Iterator[bool]:
    """Arm ``SIGALRM`` for ``seconds`` when we are on the main thread; yields whether armed.

    An alarm someone else armed (pytest-timeout, a caller's own budget) is kept: the timer is
    set to whichever comes first, the previous handler runs if its time came, and on exit the
    previous timer is re-armed with what is left of it."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield False
        return
    start = time.monotonic()
    ours = start + seconds
    previous = signal.getsignal(signal.SIGALRM)
    outer_left, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    outer = start + outer_left if outer_left > 0 else None

    def on_alarm(signum: int, frame: object) -> None:
        if time.monotonic() >= ours - 0.01:
            raise DocumentTimeout
        nonlocal outer
        outer = None  # the outer alarm's time came first: it has fired, do not re-arm it
        if callable(previous):
            previous(signum, frame)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer else seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer is not None:
            signal.setitimer(signal.ITIMER_REAL, max(outer - time.monotonic(), 0.001), outer_interval)


class Pipeline:
    """Extraction plus the registered stages, built once per worker."""

    def __init__(self, settings: Settings | None = None, stages: list[Stage] | None = None) -> None:
        t0 = time.perf_counter()
        self.settings = settings or Settings()
        self.extractor = HtmlExtractor(
            fast=self.settings.extraction_fast, max_bytes=self.settings.max_page_bytes
        )
        self.stages = build_stages(self.settings) if stages is None else stages
        # Load the language identifier now, not inside the first document's time budget.
        detect_language("Loading the language model before the first document is timed.")
        # Seconds spent per stage ("extract", "clean", "nlp" ...) since the engine last read it;
        # "startup" is this constructor (models and word lists loading, once per worker).
        self.stage_seconds: dict[str, float] = {"startup": time.perf_counter() - t0}
        # Counts the stages report ("tone_sentences", "tone_reread" ...) since the engine last read it.
        self.counters: dict[str, int] = {}
        self._counting = [s for s in self.stages if isinstance(s, CountingStage)]
        self._collect()  # anything counted while building is not a document's
        self.counters.clear()
        self._current = "extract"  # the stage running now: named in a time-budget reject

    def _clock(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + (now - since)
        return now

    def _collect(self) -> None:
        """Add what the counting stages counted since they were last asked to ``counters``."""
        for stage in self._counting:
            for name, n in stage.counts().items():
                self.counters[name] = self.counters.get(name, 0) + int(n)

    def extract(self, raw: RawDocument) -> ProcessResult:
        prov = raw.provenance
        meta = raw.meta
        title = meta.get("title")
        author = meta.get("author")
        published = meta.get("published")
        sitename = meta.get("outlet_name")
        url = raw.url
        lang_hint = meta.get("language_hint")
        page = None  # the decoded page, for the clean stage
        if raw.html is not None:
            result = self.extractor.extract(raw.html, raw.url)
            if isinstance(result, Rejected):
                return Reject(prov.source, prov.offset, "extract", result.reason)
            assert isinstance(result, Extracted)
            text = result.text
            title = title or result.title
            author = author or result.author
            published = published or result.published
            sitename = sitename or result.sitename
            url = url or result.url
            lang_hint = lang_hint or result.lang
            page = result.page
        else:
            text = (raw.text or "").strip()
        text, fixed = repair_encoding(text)
        title, fixed_title = repair_encoding(title)
        if fixed or fixed_title:  # (counted: "text_repaired" in the run record and the summary)
            self.counters["text_repaired"] = self.counters.get("text_repaired", 0) + 1
        removals: tuple[Removal, ...] = ()
        cap = int(getattr(self.settings, "max_text_chars", 0) or 0)
        if cap > 0 and len(text) > cap:
            cut = cut_point(text, cap)
            removals = (_too_long(cut, len(text), text[cut:], "max_text_chars"),)
            text = text[:cut]
        headline = False
        if raw.html is None and text:
            mode = str(self.settings.headlines).lower()
            headline = (mode == "on" and len(text) >= 1) or (
                mode == "auto" and len(text) < self.settings.min_text_chars and is_headline_text(text))
        if headline:
            title = title or text
        elif len(text) < self.settings.min_text_chars:
            return Reject(
                prov.source, prov.offset, "extract",
                f"text too short: {len(text)} chars < min_text_chars {self.settings.min_text_chars}",
            )
        outlet, sitename = resolve_outlet(url, sitename)
        iso = normalise_date(published, meta.get("date_format") or self.settings.date_format)
        fixed_lang = normalise_tag(meta.get("language"))
        detection = None if fixed_lang else identify(text, lang_hint, self.settings.languages,
                                                     prior=meta.get("file_language"))
        return Article(
            id=article_id(text, outlet),
            source=prov.source,
            source_kind=prov.kind,
            offset=prov.offset,
            url=url,
            outlet=outlet,
            outlet_name=sitename,
            title=title,
            author=author,
            published=iso,
            language=fixed_lang or (detection.language if detection else None),
            language_how=("fixed" if fixed_lang else detection.how if detection else None),
            text=text,
            raw_text=text,
            html=page,
            removals=removals,
            date_unparsed=(published.strip()[:80] if published and published.strip() and not iso else None),
            is_headline=headline,
        )

    def _cap_for_enrich(self, article: Article) -> tuple[Article, Removal | None]:
        """Cut the text handed to the enrich stages at ``max_enrich_chars``."""
        cap = int(getattr(self.settings, "max_enrich_chars", 0) or 0)
        if cap <= 0 or len(article.text) <= cap:
            return article, None
        cut = cut_point(article.text, cap)
        start = _raw_position(article.text, article.raw_text, cut)
        end = start + (len(article.text) - cut) if article.text == article.raw_text else len(article.raw_text)
        removal = _too_long(start, max(end, start), article.text[cut:], "max_enrich_chars")
        return article.replace(text=article.text[:cut]), removal

    def process(self, raw: RawDocument) -> ProcessResult:
        budget = float(getattr(self.settings, "doc_seconds", 0) or 0)
        deadline = time.monotonic() + budget if budget > 0 else float("inf")
        self._current = "extract"
        try:
            with _alarm(budget):
                return self._process(raw, deadline)
        except DocumentTimeout:
            stage = self._current
            return Reject(raw.provenance.source, raw.provenance.offset, stage,
                          f"time budget spent: over {budget:g}s in stage {stage} "
                          f"(doc_seconds; {len(raw.text or raw.html or b''):,} chars/bytes in)")
        finally:
            self._collect()  # what a stage counted for this document, rejected or not

    def _process(self, raw: RawDocument, deadline: float) -> ProcessResult:
        prov = raw.provenance
        t = time.perf_counter()
        try:
            result = self.extract(raw)
        except OSError as exc:
            if exc.errno in MACHINE_IO_ERRNOS:
                raise
            return Reject(prov.source, prov.offset, "extract", f"{type(exc).__name__}: {str(exc)[:160]}")
        except Exception as exc:
            log.debug("extract failed", exc_info=True)
            return Reject(prov.source, prov.offset, "extract",
                          f"{type(exc).__name__}: {str(exc)[:160]}")
        finally:
            t = self._clock("extract", t)
        if isinstance(result, Reject):
            return result
        article = result
        caps = list(article.removals)  # the clean stage rebuilds removals; the caps are re-added at the end
        enriching = False
        for stage in self.stages:
            self._current = stage.name
            if time.monotonic() > deadline:
                raise DocumentTimeout
            if not enriching and stage.name != "clean":
                enriching = True
                article, removal = self._cap_for_enrich(article)
                if removal is not None:
                    caps.append(removal)
            try:
                article = stage(article)
            except OSError as exc:
                if exc.errno in MACHINE_IO_ERRNOS:
                    raise
                return Reject(prov.source, prov.offset, stage.name, f"{type(exc).__name__}: {str(exc)[:160]}")
            except Exception as exc:
                log.debug("stage %s failed", stage.name, exc_info=True)
                return Reject(prov.source, prov.offset, stage.name,
                              f"{type(exc).__name__}: {str(exc)[:160]}")
            finally:
                t = self._clock(stage.name, t)
        if caps:
            kept = [r for r in article.removals if r not in caps]
            article = article.replace(removals=tuple(sorted((*kept, *caps), key=lambda r: (r.start, r.end))))
        return article.replace(html=None, doc=None)
