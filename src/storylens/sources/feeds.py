"""RSS/Atom feed reader (feedparser): each item becomes a document.

The item's full content (``content:encoded`` / Atom content) is preferred
to its summary; the feed's title is the outlet name.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import feedparser

from storylens.sources.base import fragment_to_text, read_bytes
from storylens.types import Provenance, RawDocument, Reject


def _iso(struct: time.struct_time | None) -> str | None:
    if not struct:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", struct)
    except (TypeError, ValueError):
        return None


def read_feed(path: Path, max_bytes: int) -> Iterator[RawDocument | Reject]:
    src = str(path)
    try:
        data = read_bytes(path, max_bytes)
    except (OSError, EOFError) as exc:
        yield Reject(src, None, "read", f"cannot read feed: {type(exc).__name__}: {exc}")
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        reason = f"not a feed: {str(why)[:120]}" if why else "feed has no items"
        yield Reject(src, None, "read", reason)
        return
    outlet_name = parsed.feed.get("title") or None
    language = parsed.feed.get("language") or None  # a hint for language ID, not an override
    for i, entry in enumerate(parsed.entries):
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        if len(content) < len(entry.get("summary", "") or ""):
            content = entry.get("summary", "")
        text = fragment_to_text(content or "")
        if not text.strip():
            yield Reject(src, i, "read", "feed item has no content or summary")
            continue
        yield RawDocument(
            Provenance(src, "feed", i),
            url=entry.get("link") or None,
            text=text,
            meta={
                "title": entry.get("title") or None,
                "published": _iso(entry.get("published_parsed") or entry.get("updated_parsed")),
                "outlet_name": outlet_name,
                "author": entry.get("author") or None,
                "language_hint": language,
            },
        )
