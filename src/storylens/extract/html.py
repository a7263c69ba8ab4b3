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
from trafilatura import utils as tutils
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


# trafilatura's ``load_html`` first deletes the characters XML forbids from the whole page
# (``INVALID_XML_CHARS.sub``): a regex scan of every character, ~1 ms for a 180 kB page, though
# news pages seldom hold one (3 of the 1,081 AEB and trafilatura-eval pages). Skipping
# it took `storylens extract --workers 1` on the 91 AEB pages from 16.78 G to 16.18 G
# instructions (valgrind; bare trafilatura: 15.76 G), the same JSONL out.
# ``load_page`` below does the rest of ``load_html`` the same way, with the scan replaced by a
# look at the bytes when the page is UTF-8 as decoded (a forbidden character is then a C0 byte
# other than tab/LF/CR, or EF BF BE/BF for U+FFFE/U+FFFF). It is used only while trafilatura's
# two functions are the ones mirrored (names and constants checked below); else ``load_html``.
_XML_FORBIDDEN_C0 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
LOADER_MIRRORS_INSTALLED = (
    tutils.INVALID_XML_CHARS.pattern == "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]"
    and tutils.repair_faulty_html.__code__.co_names
    == ("INVALID_XML_CHARS", "sub", "partition", "DOCTYPE_TAG", "splitlines", "endswith", "FAULTY_HTML")
    and tutils.repair_faulty_html.__code__.co_consts[1:]
    == ("", "doctype", "\n", 1, ("count",), None, 4096, 4, "<html", "/>", "\\1>")
    and tutils.load_html.__code__.co_names
    == ("isinstance", "HtmlElement", "HTTPResponse", "hasattr", "data", "bytes", "str", "TypeError", "type",
        "decode_file", "lower", "is_dubious_html", "repair_faulty_html", "fromstring", "HTML_PARSER",
        "ValueError", "fromstring_bytes", "Exception", "LOGGER", "error", "len")
)


def xml_safe(data: bytes, html: str) -> bool:
    """True when ``html``, decoded from ``data``, surely holds no character XML forbids: the
    page is UTF-8 as decoded (with or without a BOM) and its bytes hold no such character."""
    if len(data.translate(None, _XML_FORBIDDEN_C0)) != len(data) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:
        return False
    try:
        return html == (data[3:] if data.startswith(b"\xef\xbb\xbf") else data).decode("utf-8")
    except UnicodeDecodeError:
        return False


def load_page(html: str, safe: bool = False) -> object:
    """``trafilatura.utils.load_html(html)`` for a decoded page; ``safe`` (``xml_safe``) skips
    its scan for characters XML forbids, the rest being the same steps: the same tree."""
    if not (safe and LOADER_MIRRORS_INSTALLED):
        return load_html(html)
    beginning = html[:50].lower()
    check_flag = tutils.is_dubious_html(beginning)
    # repair_faulty_html without INVALID_XML_CHARS.sub (nothing to delete)
    if "doctype" in beginning:
        firstline, _, rest = html.partition("\n")
        html = tutils.DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            html = tutils.FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    tree = None
    fallback_parse = False
    try:
        tree = tutils.fromstring(html, parser=tutils.HTML_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree = tutils.fromstring_bytes(html)
        fallback_parse = True
    except Exception as err:  # pragma: no cover - as trafilatura
        tutils.LOGGER.error("lxml parsing failed: %s", err)
    if (tree is None or len(tree) < 1) and not fallback_parse:
        tree = tutils.fromstring_bytes(html)
    if tree is not None and check_flag is True and len(tree) < 2:
        tutils.LOGGER.error("parsed tree length: %s, wrong data type or not valid HTML", len(tree))
        tree = None
    return tree


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
            tree = load_page(html, xml_safe(data, html))
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
