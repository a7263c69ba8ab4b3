"""Signals for injected spam: spammy domains, promotional cues, links away from the
outlet and hidden elements in the page. ``storylens.clean.core`` combines them
with the lexicon and script islands.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from functools import lru_cache

from storylens.clean.captions import html_text
from storylens.clean.cues import cues_for
from storylens.extract.outlets import registered_domain

_WS = re.compile(r"\s+")

# Fragments of registered domains that sell gambling, pills, loans or sex.
_DOMAIN_STEMS = re.compile(
    r"casino|kasino|kasyno|cassino|slot|togel|gacor|judi|poker|toto|bahis|betting|bet\d|\dbet|"
    r"^bet|bet$|sbobet|ufabet|viagra|cialis|porn|sexy|escort|payday|loan|lotto|jackpot|"
    r"baccarat|bacara|baccara|roulette|wager|xxx|hookup|\dqq|qq\d",
    re.IGNORECASE,
)
_SPAM_TLDS = {
    "bet", "casino", "poker", "vip", "xyz", "top", "win", "loan", "sex", "porn", "adult", "icu",
    "click", "fun", "games", "lol", "bond", "cfd", "sbs", "cyou", "buzz", "rest", "monster", "cam",
}
_URL = re.compile(
    r"(?i:(?:https?://|www\.)[^\s<>\"')\]]+)"
    r"|\b[a-z0-9][a-z0-9-]{1,40}(?:\.[a-z0-9-]{1,40})*\.(?:com|net|org|info|biz|xyz|top|bet|casino|"
    r"poker|vip|club|online|site|win|shop|live|cc|tv|io|co|me|asia|pro|fun|icu|link|click|games|"
    r"ru|kr|id|vn|th|in|ph|my|tk|ml|ga|cf|gq|sbs|cfd|bond|cyou|buzz|lol|cam)\b(?:/[^\s<>\"')\]]*)?",
)  # bare domains in lower case only: "stress.Click To Tweet" is not a link
def domain_spam_score(url_or_host: str) -> float:
    """0..1: how much a link target looks like a spam site (stems, TLD, digit-letter mixes)."""
    rd = registered_domain(url_or_host if "//" in url_or_host else f"//{url_or_host}") or ""
    if not rd:
        return 0.0
    label, _, tld = rd.partition(".")
    if re.search(r"(?:^|\.)(?:gov|edu|ac|mil|int)(?:\.|$)", tld):
        return 0.0
    score = 0.0
    if _DOMAIN_STEMS.search(label):
        score += 0.7
    if tld.split(".")[-1] in _SPAM_TLDS:
        score += 0.3
    if re.search(r"[a-z]\d{2,}|\d{2,}[a-z]", label):
        score += 0.2
    return min(score, 1.0)


_URL_HINT = re.compile(r"://|www\.|\.[a-z]{2,8}\b")


def urls(text: str) -> list[tuple[int, int, float]]:
    """(start, end, spam score) of every URL or bare domain in ``text``."""
    if not _URL_HINT.search(text):
        return []
    out = []
    for m in _URL.finditer(text):
        u = m.group().rstrip(".,;:!?")
        out.append((m.start(), m.start() + len(u), domain_spam_score(u)))
    return out


def cue_count(text: str) -> int:
    """Calls to act in ``text`` (every language; see ``storylens.clean.cues``)."""
    return cues_for().count(text)


def strong_cue(text: str) -> bool:
    return cues_for().strong(text)


# --- the page ---------------------------------------------------------------------
_ANCHOR = re.compile(
    r"<a\s[^>]*?href\s*=\s*[\"']?(https?://[^\"'\s>]+)[^>]*>(.*?)</a\s*>", re.DOTALL
)
_ANCHOR_ANY = re.compile(_ANCHOR.pattern, re.IGNORECASE | re.DOTALL)  # for pages writing <A HREF>
# A style or attribute that hides an element; found first, then walked back to its tag.
# A style or attribute that hides an element. Attribute names are matched case-sensitively
# (as pages write them) so that the scan keeps the regex engine's literal-prefix speed.
_STYLE_ATTR = re.compile(r"style\s*=\s*[\"']([^\"']*)[\"']")
_STYLE_ATTR_ANY = re.compile(r"style\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_HIDDEN_ATTR = re.compile(r" hidden(?=[\s>=/])")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|"
    r"(?:height|width|max-height|font-size)\s*:\s*0(?:px|em|pt)?\s*(?:[;!]|$)|"
    r"(?:left|top|text-indent|margin-left)\s*:\s*-\d{3,}|opacity\s*:\s*0(?:\.0)?\s*(?:[;!]|$)",
    re.IGNORECASE,
)


def _hidden_marks(page: str) -> list[int]:
    """Positions (inside start tags) of styles and attributes that hide an element.

    ``str.find`` for ``style=`` attributes and `` hidden`` then a look at each value:
    a regex over the whole page (CSS and scripts are full of ``:0`` and ``none``)
    costs more than cleaning's budget.
    """
    marks = []
    for lit in ('style="', "style='", 'STYLE="'):
        i = page.find(lit)
        while i >= 0:
            q = lit[-1]
            end = page.find(q, i + 7, i + 600)
            if end > 0 and _HIDDEN_STYLE.search(page, i + 7, end):
                marks.append(i)
            i = page.find(lit, i + 7)
    i = page.find(" hidden")
    while i >= 0:
        if _HIDDEN_ATTR.match(page, i) and page.rfind("<", 0, i) > page.rfind(">", 0, i):
            marks.append(i)
        i = page.find(" hidden", i + 7)
    return sorted(marks)


_ITALIC = re.compile(r"<(i|em)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_NAME = re.compile(r"<(div|span|p|section|ul|li|font|small|aside|a)\b", re.IGNORECASE)
_HOST = re.compile(r"https?://([^/:?#\s\"'>]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Anchor:
    href: str
    text: str
    hidden: bool


def _close_index(page: str, tag: str, start: int, limit: int = 30000) -> int:
    """Index just past the element opened before ``start`` (tag nesting counted)."""
    rx = re.compile(rf"<(/?){tag}\b[^>]*>", re.IGNORECASE)
    depth = 1
    end = min(len(page), start + limit)
    for m in rx.finditer(page, start, end):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return end


@dataclass(frozen=True, slots=True)
class PageSignals:
    anchors: tuple[Anchor, ...]  # links that leave the outlet's domain
    hidden_texts: tuple[str, ...]  # text of hidden elements that carry links away
    captions: frozenset[str]
    region: str = ""  # the part of the page that holds the text (for ``page_italics``)


def _away(href: str, outlet: str | None) -> bool:
    m = _HOST.match(href)
    if not m:
        return False
    host = m.group(1).lower()
    if outlet and (host == outlet or host.endswith("." + outlet)):
        return False
    rd = registered_domain(href)
    return bool(rd) and rd != outlet


def _body_region(page: str, text: str) -> str:
    """The part of ``page`` that holds the extracted text (with a margin), or all of it.

    Spam that reaches the text sits among the article's paragraphs; scanning only that
    region keeps the cost of pages with megabytes of scripts and menus flat.
    """
    lines = [ln.strip() for ln in text.split("\n") if len(ln.strip()) >= 40]
    if len(lines) < 2:
        return page
    first = page.find(lines[0][:30])
    last = page.rfind(lines[-1][-30:])
    if first < 0 or last < first:
        return page
    return page[max(0, first - 3000): last + 6000]


def page_signals(page: str, outlet: str | None, text: str | None = None) -> PageSignals:
    """Links away from the outlet, hidden elements with spam links, and captions of ``page``.

    With ``text`` (the extracted text), only what occurs in it is kept: that is
    all the cleaner can cut, and it keeps the cost of big pages down.
    """
    from storylens.clean.captions import html_captions

    if text:
        page = _body_region(page, text)
    hidden_spans: list[tuple[int, int]] = []
    hidden_texts: list[str] = []
    last_end = -1
    for mark in _hidden_marks(page):
        start = page.rfind("<", 0, mark)
        if start < 0 or start < last_end or page.find(">", start, mark) >= 0:
            continue  # not inside a start tag, or inside an element already taken
        tag = _TAG_NAME.match(page, start)
        if not tag:
            continue
        open_end = page.find(">", mark)
        if open_end < 0:
            break
        end = _close_index(page, tag.group(1), open_end + 1)
        inner = page[open_end + 1:end]
        if "href" not in inner:
            continue
        away = [h for h in (htmllib.unescape(a.group(1)) for a in _ANCHOR.finditer(inner)) if _away(h, outlet)]
        if not away:
            continue
        hidden_spans.append((start, end))
        last_end = end
        if max(domain_spam_score(h) for h in away) >= 0.5:
            for part in re.split(r"<(?:br|p|div|li|/p|/div|/li)\b[^>]*>", inner, flags=re.IGNORECASE):
                t = html_text(part)
                if len(t) >= 4 and (text is None or t in text):
                    hidden_texts.append(t)
    anchors = []
    for m in (_ANCHOR_ANY if "<A " in page else _ANCHOR).finditer(page):
        inner = m.group(2)
        t = html_text(inner) if ("<" in inner or "&" in inner) else _WS.sub(" ", inner).strip()
        if len(t) < 2 or (text is not None and t not in text):
            continue
        href = htmllib.unescape(m.group(1))
        if not _away(href, outlet):
            continue
        pos = m.start()
        hidden = any(s <= pos < e for s, e in hidden_spans)
        anchors.append(Anchor(href, t, hidden))
    caps = html_captions(page)
    if text is not None:
        caps = {c for c in caps if c[:40] in text or c in text}
    return PageSignals(tuple(anchors), tuple(hidden_texts), frozenset(caps), page)


@lru_cache(maxsize=4)
def page_italics(region: str) -> frozenset[str]:
    """Texts set in ``<i>``/``<em>`` (cited foreign words), computed when first asked for."""
    return frozenset(t for m in _ITALIC.finditer(region) if 3 <= len(t := html_text(m.group(2))) <= 200)
