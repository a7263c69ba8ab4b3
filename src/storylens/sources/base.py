"""Shared reader helpers: the ``Skipped`` marker, gzip-aware opening, HTML fragments."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that is not an article (WARC request, non-HTML response): counted, not rejected."""

    source: str
    reason: str


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Whole file, gunzipped when it ends in .gz. Raises OSError/EOFError on bad gzip."""
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
    with path.open("rb") as fh:
        return fh.read(max_bytes + 1)


_BLOCKS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article"}


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed content), one paragraph per block."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        import re

        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    parts: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            parts.append(text)
        buf.clear()

    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                flush()
            if el.text:
                buf.append(el.text)
        else:
            if tag in _BLOCKS:
                flush()
            if el.tail and el is not root:
                buf.append(el.tail)
    flush()
    return "\n".join(parts)
