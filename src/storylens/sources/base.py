"""Shared reader helpers: the ``Skipped`` marker, gzip-aware opening, HTML fragments."""

from __future__ import annotations

import gzip
import zlib
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
    """Whole file (at most ``max_bytes + 1`` bytes), gunzipped when it ends in .gz. Raises
    OSError/EOFError on bad gzip."""
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if path.suffix != ".gz":
        return data
    if len(data) <= max_bytes:  # the whole compressed file is in hand: inflate it in one go
        out = _gunzip(data, max_bytes + 1)
        if out is not None:
            return out
    # a large, odd (zero-padded, trailing garbage) or bad file: gzip's streaming reader,
    # which also raises the errors this function promises
    with gzip.open(path, "rb") as fh:
        return fh.read(max_bytes + 1)


def _gunzip(data: bytes, limit: int) -> bytes | None:
    """The first ``limit`` bytes of the gzip members in ``data`` (as ``gzip.open(...).read(limit)``
    gives them), or None when ``data`` is not a clean sequence of whole members (half the time
    of gzip's file reader, which inflates in 8 KB reads)."""
    out: list[bytes] = []
    size = 0
    while True:
        inflater = zlib.decompressobj(wbits=31)  # gzip header and trailer (CRC, length) checked
        try:
            chunk = inflater.decompress(data, limit - size)
        except zlib.error:
            return None
        out.append(chunk)
        size += len(chunk)
        if size >= limit:
            return b"".join(out)
        if not inflater.eof:
            return None  # truncated
        data = inflater.unused_data
        if not data:
            return b"".join(out)


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
