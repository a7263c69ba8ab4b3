"""The per-document pipeline: raw document -> ``Article`` or ``Reject``.

``Pipeline(settings).process(raw)`` is the one function both engines call
(the local process pool and Spark executors). It never raises for bad input:
every failure becomes a ``Reject`` naming the stage and the reason.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata

from storylens.config import Settings
from storylens.extract.html import Extracted, HtmlExtractor, Rejected
from storylens.extract.language import identify, normalise_tag
from storylens.extract.outlets import resolve_outlet, slug  # noqa: F401  (slug: re-exported)
from storylens.sources.dates import parse_date
from storylens.stages import Stage, build_stages
from storylens.types import Article, ProcessResult, RawDocument, Reject

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Case-folded, NFKC, whitespace-collapsed: the basis of stable ids and exact-copy hashes."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


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


class Pipeline:
    """Extraction plus the registered stages, built once per worker."""

    def __init__(self, settings: Settings | None = None, stages: list[Stage] | None = None) -> None:
        self.settings = settings or Settings()
        self.extractor = HtmlExtractor(
            fast=self.settings.extraction_fast, max_bytes=self.settings.max_page_bytes
        )
        self.stages = build_stages(self.settings) if stages is None else stages

    def extract(self, raw: RawDocument) -> ProcessResult:
        prov = raw.provenance
        meta = raw.meta
        title = meta.get("title")
        author = meta.get("author")
        published = meta.get("published")
        sitename = meta.get("outlet_name")
        url = raw.url
        lang_hint = meta.get("language_hint")
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
        else:
            text = (raw.text or "").strip()
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
        detection = None if fixed_lang else identify(text, lang_hint, self.settings.languages)
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
            html=raw.html,
            date_unparsed=(published.strip()[:80] if published and published.strip() and not iso else None),
            is_headline=headline,
        )

    def process(self, raw: RawDocument) -> ProcessResult:
        try:
            result = self.extract(raw)
        except Exception as exc:
            log.debug("extract failed", exc_info=True)
            return Reject(raw.provenance.source, raw.provenance.offset, "extract",
                          f"{type(exc).__name__}: {str(exc)[:160]}")
        if isinstance(result, Reject):
            return result
        article = result
        for stage in self.stages:
            try:
                article = stage(article)
            except Exception as exc:
                log.debug("stage %s failed", stage.name, exc_info=True)
                return Reject(raw.provenance.source, raw.provenance.offset, stage.name,
                              f"{type(exc).__name__}: {str(exc)[:160]}")
        return article.replace(html=None, doc=None)
