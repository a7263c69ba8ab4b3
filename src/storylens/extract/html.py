"""Main text and metadata from HTML with trafilatura (and htmldate through it).

Returns a typed ``Extracted`` or a ``Rejected`` carrying the reason, never
``None``: the caller records the reason in ``rejects``.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from htmldate import find_date
from trafilatura import metadata as tmeta
from trafilatura.settings import use_config
from trafilatura.utils import load_html

from storylens.extract.author import extract_author

# Magic numbers of formats that crawls and careless exports name ".html".
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"RIFF", "RIFF media"),
)


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    title: str | None
    author: str | None
    published: str | None
    sitename: str | None
    url: str | None = None  # canonical URL found in the page
    lang: str | None = None  # the page's declared language (<html lang>), a hint for language ID
    page: str = ""  # the page as decoded here: the clean stage reads it instead of decoding the bytes again


@dataclass(frozen=True, slots=True)
class Rejected:
    reason: str


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None when it may be text."""
    head = data[:16]
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if b"\x00" in data[:1024] and not data[:4].startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data (NUL bytes)"
    return None


_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Legacy encodings tried, in order, when a page declares none and is not UTF-8.
# Calibrated on the bad-input fixtures (windows-1251, GB18030, EUC-KR): a
# strict decode that succeeds is kept; cp1252 last as it accepts almost any bytes.
_FALLBACK_ENCODINGS = ("gb18030", "euc-kr", "shift_jis", "windows-1251", "cp1252")


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, then declared charset, then UTF-8, then detection.

    trafilatura guesses encodings with charset_normalizer, which on short
    pages without a declaration confuses Cyrillic and CJK code pages; a strict
    UTF-8 attempt first and a detector vote on failure is more reliable.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    m = _CHARSET_RE.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        try:
            return data.decode(enc, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace")
    except Exception:
        pass
    for enc in _FALLBACK_ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


# Browsers' "Save page as" write the page's address into a comment at the top
# ("<!-- saved from url=(0048)https://www.bbc.co.uk/news/... -->"): the only URL a
# saved page without canonical/og:url carries.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.I)
_URL_XPATH = (
    '//link[@rel="canonical"]/@href',
    '//meta[@property="og:url"]/@content',
    '//meta[@name="twitter:url" or @property="twitter:url"]/@content',
)
_BASE_XPATH = "//base/@href"


def page_url(tree: object, html: str) -> str | None:
    """The page's own URL when trafilatura found none: a relative canonical or og:url made
    absolute against ``<base href>``, else the browser's "saved from url" comment."""
    saved = _SAVED_FROM.search(html[:4096])
    base = saved.group(1) if saved else None
    with contextlib.suppress(Exception):
        bases = tree.xpath(_BASE_XPATH)  # type: ignore[attr-defined]
        if bases and str(bases[0]).startswith("http"):
            base = str(bases[0]).strip()
    with contextlib.suppress(Exception):
        for xp in _URL_XPATH:
            for href in tree.xpath(xp):  # type: ignore[attr-defined]
                href = str(href).strip()
                if href.startswith(("http://", "https://")):
                    return href
                if href.startswith("//"):
                    return "https:" + href
                if href.startswith("/") and base:
                    return urljoin(base, href)
    return saved.group(1) if saved else None


def _declared_lang(tree: object) -> str | None:
    with contextlib.suppress(Exception):
        value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")  # type: ignore[attr-defined]
        return str(value) if value else None
    return None


class HtmlExtractor:
    """Wraps trafilatura with our settings; construct once per worker."""

    def __init__(self, *, fast: bool = False, max_bytes: int = 20_000_000) -> None:
        self.fast = fast
        self.max_bytes = max_bytes
        cfg = use_config()
        # trafilatura's own size cap is 20 MB; ours is the single place to set it.
        cfg.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
        cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals don't work in pool workers
        # htmldate's extensive search runs dateparser over free text: on 250 dated pages of
        # trafilatura-eval it found 224 correct dates vs 221 without it, at 30% more time for
        # the whole extraction (dateparser compiles per-locale regexes). Off by default.
        cfg.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
        self.config = cfg

    def extract(self, data: bytes, url: str | None = None) -> Extracted | Rejected:
        if not data or not data.strip():
            return Rejected("empty page")
        if len(data) > self.max_bytes:
            return Rejected(
                f"page too large: {len(data) / 1e6:.1f} MB > max_page_bytes "
                f"{self.max_bytes / 1e6:.0f} MB"
            )
        binary = sniff_binary(data)
        if binary:
            return Rejected(f"not HTML: looks like {binary}")
        html = decode_html(data)
        try:
            tree = load_html(html)
            if tree is None:
                return Rejected("not parseable as HTML")
            meta = self.metadata(tree, url)
            if not meta.url and not url:
                meta.url = page_url(tree, html)
            doc = trafilatura.bare_extraction(
                tree,
                url=url,
                fast=self.fast,
                include_comments=False,
                include_tables=False,
                with_metadata=False,
                config=self.config,
            )
        except Exception as exc:
            return Rejected(f"extraction failed: {type(exc).__name__}: {str(exc)[:120]}")
        if doc is None or not (doc.text or "").strip():
            return Rejected("no main text found")
        return Extracted(
            text=doc.text.strip(),
            title=(meta.title or None),
            author=(meta.author or None),
            published=(meta.date or None),
            sitename=(meta.sitename or None),
            url=(meta.url or None),
            lang=_declared_lang(tree),
            page=html,
        )

    def metadata(self, tree: object, url: str | None) -> tmeta.Document:
        """trafilatura's ``extract_metadata`` without categories, tags and licence.

        Those three cost a fifth of the extraction time on real pages (profiled on 300
        trafilatura-eval pages) and nothing downstream reads them. The rest follows
        trafilatura's order: meta tags, JSON-LD, title, author, URL, date, site name.
        """
        md = tmeta.examine_meta(tree)
        if md.author and " " not in md.author:
            md.author = None
        with contextlib.suppress(Exception):
            md = tmeta.extract_meta_json(tree, md)
        if not md.title:
            md.title = tmeta.extract_title(tree)
        if not md.author:
            md.author = extract_author(tree)  # trafilatura's, in one pass (same result)
        if not md.url:
            md.url = tmeta.extract_url(tree, url)
        md.date = find_date(tree, url=md.url, original_date=True, extensive_search=False)
        if not md.sitename:
            md.sitename = tmeta.extract_sitename(tree)
        if md.sitename:
            md.sitename = md.sitename.lstrip("@")
        return md
