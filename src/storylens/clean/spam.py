"""Signals for injected spam: spammy domains, promotional cues, links away from the
outlet and hidden elements in the page. ``storylens.clean.core`` combines them
with the lexicon and script islands.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

from storylens.clean.captions import html_text
from storylens.extract.outlets import registered_domain

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
# Calls to act, in the languages spam arrives in; counted per sentence.
_CUES = re.compile(
    r"\b(?:visit|click|sign up|register|join now|join|play|claim|get your|bonus|free|best|win|winning|"
    r"download|now|today|daftar|kunjungi|gabung|mainkan|sekarang|jetzt|hier|kostenlos|gratis|besuchen|"
    r"inscris|visitez|jouez|maintenant|regístrate|visita|juega|ahora|iscriviti|gioca|subito|cadastre|"
    r"jogue|agora|zarejestruj|graj|teraz|kayıt ol|hemen|oyna|ücretsiz|зарегистрируйтесь|играйте|"
    r"бесплатно|сейчас|переходите|đăng ký|chơi|ngay|miễn phí)\b"
    r"|สมัคร|คลิก|ฟรี|เล่น|가입|지금|무료|바로가기|클릭|注册|立即|点击|免费|登录|今すぐ|無料|登録|"
    r"\d+\s?%|\d+\s?x\b|\$\d+|€\d+|!",
    re.IGNORECASE,
)


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


def urls(text: str) -> list[tuple[int, int, float]]:
    """(start, end, spam score) of every URL or bare domain in ``text``."""
    out = []
    for m in _URL.finditer(text):
        u = m.group().rstrip(".,;:!?")
        out.append((m.start(), m.start() + len(u), domain_spam_score(u)))
    return out


def cue_count(text: str) -> int:
    return len({m.group().lower() for m in _CUES.finditer(text)})


# --- the page ---------------------------------------------------------------------
_ANCHOR = re.compile(
    r"<a\b[^>]*?\bhref\s*=\s*[\"']?(https?://[^\"'\s>]+)[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL
)
_HIDDEN_OPEN = re.compile(
    r"<(div|span|p|section|ul|li|font|small|aside|a)\b[^>]*?(?:"
    r"style\s*=\s*[\"'][^\"']*?(?:display\s*:\s*none|visibility\s*:\s*hidden|"
    r"(?:height|width|max-height|font-size)\s*:\s*0(?:px|em|pt)?\s*(?:[;\"'!]|$)|"
    r"(?:left|top|text-indent|margin-left)\s*:\s*-\d{3,}|opacity\s*:\s*0(?:\.0)?\s*[;\"'!])[^\"']*[\"']"
    r"|\shidden(?=[\s>=/])|\saria-hidden\s*=\s*[\"']true[\"'][^>]*style)[^>]*>",
    re.IGNORECASE,
)


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


def page_signals(page: str, outlet: str | None) -> PageSignals:
    from storylens.clean.captions import html_captions

    hidden_spans: list[tuple[int, int]] = []
    hidden_texts: list[str] = []
    for m in _HIDDEN_OPEN.finditer(page):
        end = _close_index(page, m.group(1), m.end())
        inner = page[m.end():end]
        # only hidden elements that carry links to spammy domains away from the outlet
        away = [a.group(1) for a in _ANCHOR.finditer(inner)
                if (rd := registered_domain(htmllib.unescape(a.group(1)))) and rd != outlet]
        if away:
            hidden_spans.append((m.start(), end))
        if away and max(domain_spam_score(h) for h in away) >= 0.5:
            for part in re.split(r"<(?:br|p|div|li|/p|/div|/li)\b[^>]*>", inner, flags=re.IGNORECASE):
                t = html_text(part)
                if len(t) >= 4:
                    hidden_texts.append(t)
    anchors = []
    for m in _ANCHOR.finditer(page):
        href = htmllib.unescape(m.group(1))
        rd = registered_domain(href)
        if not rd or (outlet and rd == outlet):
            continue
        text = html_text(m.group(2))
        if len(text) < 2:
            continue
        pos = m.start()
        hidden = any(s <= pos < e for s, e in hidden_spans)
        anchors.append(Anchor(href, text, hidden))
    return PageSignals(tuple(anchors), tuple(hidden_texts), frozenset(html_captions(page)))
