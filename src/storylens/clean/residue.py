"""UI residue (avatars, share/subscribe/advertisement/read more, cookie notices, link lists),
repeated title fragments and duplicated paragraphs.

One residue detector for the cleaner and the narratives stage: the cleaner cuts whole lines by
:func:`residue_rule`; the narratives stage never takes a sentence as evidence when :func:`is_residue`
(the same line rules, plus the marks that give residue away inside running text: :func:`inline_residue_rule`)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Whole lines that are interface, not prose (compared case-folded, edge punctuation stripped).
_UI_LINES = {
    # English
    "share", "share this", "share this article", "share this story", "share article", "share on facebook",
    "share on twitter", "share on whatsapp", "share on linkedin", "share via email", "tweet", "email",
    "print", "copy link", "link copied", "copied", "comments", "comment", "reply", "like", "follow",
    "follow us", "subscribe", "subscribe now", "sign up", "sign in", "log in", "login", "register",
    "newsletter", "advertisement", "advertising", "advert", "ad", "sponsored", "sponsored content",
    "paid content", "promoted", "read more", "continue reading", "show more", "load more", "see more",
    "more", "related", "related articles", "related stories", "related content", "recommended",
    "recommended for you", "most read", "most popular", "trending", "trending now", "you may also like",
    "you might also like", "skip to content", "skip to main content", "back to top", "menu", "close",
    "search", "toggle navigation", "listen", "listen to this article", "play video", "watch", "video",
    "audio", "loading", "loading...", "please wait", "story continues below advertisement",
    "article continues below advertisement", "continue reading below", "scroll to continue",
    "click here", "top stories", "latest news", "leave a comment", "leave a reply", "post a comment",
    "share this:", "like this:", "related posts", "about the author", "view comments", "show comments",
    "getty images", "ap", "reuters", "afp", "image", "photo", "gallery", "facebook", "twitter",
    "whatsapp", "linkedin", "pinterest", "reddit", "telegram", "x", "flipboard", "messenger",
    "save", "saved", "bookmark", "gift this article", "font size", "text size", "a a a",
    "story continued below", "story highlights",  # Politico's and USA Today's page furniture (AllSides: 155 and 0+)
    # German
    "anzeige", "werbung", "teilen", "artikel teilen", "mehr lesen", "weiterlesen", "mehr zum thema",
    "lesen sie auch", "lesen sie mehr", "kommentare", "kommentar", "abonnieren", "newsletter abonnieren",
    "drucken", "zum artikel", "teilen sie dies mit", "gefällt mir", "gefällt mir:", "mehr anzeigen",
    "nach oben", "zurück", "empfehlen", "merken", "artikel merken", "schließen", "suche", "zur startseite",
    # French, Spanish, Italian, Portuguese, Dutch
    "publicité", "lire aussi", "lire la suite", "partager", "s'abonner", "voir aussi", "abonnez-vous",
    "publicidad", "leer más", "compartir", "suscríbete", "ver más", "te puede interesar", "lee también",
    "pubblicità", "leggi anche", "condividi", "leggi di più", "publicidade", "leia mais", "compartilhe",
    "compartilhar", "leia também", "advertentie", "lees ook", "delen", "lees meer",
    # Russian, Chinese, Japanese, Korean
    "реклама", "читайте также", "поделиться", "подписаться", "читать далее", "广告", "分享", "阅读更多",
    "相关阅读", "相关新闻", "返回顶部", "広告", "シェア", "続きを読む", "関連記事", "광고", "공유하기",
    "더보기", "구독", "관련기사", "기사 공유", "좋아요",
}
_UI_PATTERNS = re.compile(
    r"^(?:"
    r"(?:[\w.'’ -]{1,40}(?:'s|’s) )?avatar"                      # "User's avatar"
    r"|(?:profile|user|author) (?:photo|picture|image)"
    r"|(?:share|teilen|partager|compartir)(?: (?:on|this|via|auf|sur|en)\b.{0,40})?"
    r"|click to (?:share|email|print)\b.{0,60}"
    r"|(?:follow|find) us on\b.{0,60}"
    r"|(?:sign up|subscribe|register) (?:for|to) (?:our|the|my)? ?(?:free )?(?:daily |weekly )?(?:newsletters?|e-?mail alerts|updates)\b.{0,60}"
    r"|(?:read|see|watch) (?:more|also|next)\s*[:：»›|-].{0,150}"
    r"|(?:also read|more on this|more from|related|recommended|lesen sie auch|mehr zum thema|auch interessant"
    r"|lire aussi|à lire aussi|leer más|lee también|leggi anche|leia mais|leia também|читайте также"
    r"|相关阅读|延伸阅读)\s*[:：»›|-].{0,150}"
    r"|(?:this|our) (?:site|website) uses (?:akismet|cookies)\b.{0,200}"
    r"|your email address will not be published.{0,120}"
    r"|(?:deine|ihre) e-mail-adresse wird nicht veröffentlicht.{0,120}"
    r"|(?:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}|copyright).{0,120}"
    r"|all rights reserved.{0,60}"
    r"|(?:posted|published|updated|veröffentlicht|aktualisiert)(?: on| am)?\s*[:：]?\s*\d{1,4}[./ -]\w{1,9}[./ -]\d{2,4}.{0,30}"
    r"|\d+ (?:comments?|kommentare?|shares?|likes?|views?)"
    r"|(?:min(?:ute)?s? read|\d+ min(?:ute)?s? (?:read|lesezeit))"
    r"|media playback is\b.{0,160}|media caption\b.{0,200}|image (?:source|copyright|caption)\b.{0,200}"  # BBC
    r"|slideshow \(\d+ images?\)|full coverage: .{1,80}"  # Reuters' gallery link, AP's hub link (AllSides: 86, 30)
    r")$",
    re.IGNORECASE,
)
# CNN's video promos as text: "JUST WATCHED NATO challenges with Russia Replay More Videos ... MUST WATCH NATO
# challenges with Russia 02:22" (58 of the 64 AllSides articles with a flattened gallery have them)
_VIDEO_PROMO = re.compile(r"^JUST WATCHED\b.{0,200}\bReplay More Videos\b")
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_CUE = re.compile(
    r"\b(?:we use|uses|use of|accept|consent|agree|policy|settings|einverstanden|akzeptieren|verwenden|"
    r"nutzung|utilisons|accepter|utilizamos|aceptar|utilizziamo|accetta|usamos|aceitar|gebruikt)\b",
    re.IGNORECASE,
)
_EDGE = " \t\u00a0:|•·›»«‹>-–—*#=_~/\\"


def _norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", line).casefold().split()).strip(_EDGE)


def residue_rule(line: str) -> str | None:
    """Which UI-residue rule a whole line matches, or None."""
    s = line.strip()
    if not s:
        return None
    if len(s) <= 120:
        n = _norm(s)
        if n in _UI_LINES or not any(ch.isalnum() for ch in s):
            return "ui_line"
        if _UI_PATTERNS.match(n):
            return "ui_pattern"
    if len(s) <= 500 and _COOKIE.search(s) and _COOKIE_CUE.search(s):
        return "cookie_notice"
    if len(s) <= 500 and _VIDEO_PROMO.match(s):
        return "video_promo"
    return None


# Residue inside running text, where a page's lines were joined (AllSides bodies, The Hill): links to other
# stories ("Read more", "RELATED:"), share lines, image credits, URLs, the BBC's player and picture lines
# ("Media playback is unsupported on your device Media caption ..."); and The Hill's related-link lists, where a
# name is repeated and glued to the next headline ("Mitt Romney Willard (Mitt) Mitt RomneyTrump tweets spark ...").
_INLINE_MARK = re.compile(
    r"\bRead [Mm]ore\b|\bREAD MORE\b|\bRELATED:|\(RELATED|\bRelated:|\bSee also:|\bRead or Share this story"
    r"|\bClick here\b|\bImage copyright\b|\bImage caption\b|https?://|\bwww\."
    r"|\bMedia playback is\b|\bMedia caption\b|\bImage source\b"
    r"|\bHide Caption \d+ of \d+|\bJUST WATCHED\b")  # CNN galleries and video promos (captions.py, above)
_GLUED = re.compile(r"\b([A-Z][a-z]{3,})[A-Z]")


def inline_residue_rule(text: str) -> str | None:
    """Which residue mark a sentence (or line) carries inside it, or None: ``link_marker`` (a link or credit
    marker, a URL); ``link_list`` (a capitalised word glued to the next capital where that word already occurred
    on its own: a related-links list repeating a name, "Mitt Romney ... Mitt RomneyTrump tweets"; "YouTube" or
    "MacArthur" alone are not); ``caps_headline`` (all capitals, four words or more: a headline linking
    elsewhere)."""
    if _INLINE_MARK.search(text):
        return "link_marker"
    for m in _GLUED.finditer(text):
        if re.search(r"\b" + re.escape(m.group(1)) + r"\b", text[: m.start()]):
            return "link_list"
    letters = [c for c in text if c.isalpha()]
    if len(text.split()) >= 4 and len(letters) >= 12 and all(c.isupper() for c in letters):
        return "caps_headline"
    return None


_CAP_WORD = re.compile(r"\(?[A-Z][\w.'’-]*\)?$")
_MORE = re.compile(r"\bMORE\b")


_INNER_CAP = re.compile(r"(?<=[a-z])(?=[A-Z])")


def hover_cards(line: str) -> list[tuple[int, int]]:
    """Spans of The Hill's hover cards left in running text by scraping: after a person's name, the
    full name, the surname glued to the first of some related headlines, and "MORE" ("... campaign
    aides, Paul Manafort *Paul John ManafortManafort sought to hurt Clinton ... others MORE* and
    ..."). The span runs from the full name to "MORE"; the name before it, which is the sentence's
    own, stays. Only where the glued word's first part ("Manafort", "McCain" in "McCainSteve") ends
    the name just before the card and a "MORE" follows within 800 characters (AllSides: 534 cards in
    138 of 4,750 articles, all The Hill)."""
    out: list[tuple[int, int]] = []
    words = [(w.start(), w.group()) for w in re.finditer(r"\S+", line)]
    for i, (at, w) in enumerate(words):
        if (out and at < out[-1][1]) or not w[:1].isupper():
            continue
        run: list[tuple[int, str]] = []
        for j in range(i - 1, max(-1, i - 8), -1):  # the capitalised words just before the glued one
            if not _CAP_WORD.match(words[j][1]):
                break
            run.insert(0, words[j])
        names = [x.strip("(),") for _, x in run]
        cut = next((m.start() for m in _INNER_CAP.finditer(w) if w[:m.start()] in names), None)
        if cut is None:
            continue
        k = max(n for n, x in enumerate(names) if x == w[:cut])
        start = run[k + 1][0] if k + 1 < len(run) else at
        while start > 0 and line[start - 1].isspace():
            start -= 1  # with the space before it: "President Trump ’s desk" would be left
        more = _MORE.search(line, at + len(w), at + len(w) + 800)
        if more is None:
            continue
        out.append((start, more.end()))
    return out


# The Daily Caller's links to its other stories inside a paragraph: "(RELATED: President Trump Delays
# Oklahoma Rally Out Of Respect For Juneteenth Holiday)" (39 in the AllSides articles, all theirs).
_RELATED_LINK = re.compile(r"[ \t]*\((?:RELATED|SEE ALSO|READ MORE)\s*:[^()\n]{3,300}\)")


_LINKERS = frozenset(["and", "of", "the", "da", "du", "de", "&"])
_ELIDED = re.compile(r"[a-z]{1,2}['’][A-Z]")  # "Cote d'Ivoire"
_PICKER_PROMPT = re.compile(r"(?:Choose|Select|Pick)\s+(?:your\s+|a\s+)?(?:country|region|location)\s*:?\s*$", re.I)
PICKER_MIN_RUN, PICKER_MIN_COUNTRIES = 20, 10


@lru_cache(maxsize=1)
def _country_names() -> re.Pattern[str]:
    import pycountry

    names = {v for c in pycountry.countries for a in ("name", "common_name", "official_name")
             if (v := getattr(c, a, None))}
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def country_pickers(line: str) -> list[tuple[int, int]]:
    """Spans of a country picker left in the text by scraping: a newsletter or edition form's
    drop-down, hundreds of country names in a row with no verb ("Choose your country United States
    of America Afghanistan Albania Algeria ..."). Every country in it became an actor mention (Time
    Magazine pages in the AllSides corpus: Netherlands, Nauru and 200 more in an article on
    Korea, 2026-12-07). A run of at least 20 capitalised words (joined by "and", "of", commas or
    brackets) that holds at least 10 country names and few separators (fewer commas and "and"s than a
    third of its countries: a list in prose separates its items); a prompt just before it goes with
    it. Prose never runs 20 capitalised words; a title-case headline list holds few country names.
    On the 4,750 AllSides articles it cuts the 5 Time Magazine pickers and nothing else (a Bloomberg
    sentence listing 12 countries with commas and a Fox quote joining them with "and" stay)."""
    out: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        while run and run[-1].group().strip("(),").lower() in _LINKERS:
            run.pop()
        if len(run) >= PICKER_MIN_RUN:
            a, b = run[0].start(), run[-1].end()
            countries = len(_country_names().findall(line, a, b))
            # a list in prose separates its items ("Bahrain, Belarus, Brazil, ...", "Niger and Chad
            # and Mali and ..."); a picker only lists them ("Antigua and Barbuda" aside)
            seps = sum(1 for m in run if m.group().endswith(",") or m.group() == "and")
            if countries >= PICKER_MIN_COUNTRIES and seps * 3 < countries:
                prompt = _PICKER_PROMPT.search(line, 0, a)
                out.append((prompt.start() if prompt else a, b))
        run.clear()

    for m in re.finditer(r"\S+", line):
        w = m.group().strip("(),")
        if w[:1].isupper() or (run and (w.lower() in _LINKERS or _ELIDED.match(w))):
            run.append(m)
        else:
            close()
    close()
    return out


def inline_cuts(line: str) -> list[tuple[int, int, str]]:
    """Residue inside a line of prose that the cleaner cuts, keeping the line: ``(start, end,
    rule)`` for hover cards (:func:`hover_cards`), inline related-story links and country pickers
    (:func:`country_pickers`)."""
    out = [(s, e, "hover_card") for s, e in hover_cards(line)]
    out += [(m.start(), m.end(), "related_link") for m in _RELATED_LINK.finditer(line)]
    out += [(s, e, "country_picker") for s, e in country_pickers(line)]
    return sorted(out)


def is_residue(sentence: str) -> bool:
    """Whether ``sentence`` is page residue rather than text (the narratives stage never takes it as
    evidence): a whole-line UI rule of the cleaner (:func:`residue_rule`) or an inline mark
    (:func:`inline_residue_rule`)."""
    return inline_residue_rule(sentence) is not None or residue_rule(sentence) is not None


def title_key(text: str) -> str:
    return _norm(re.sub(r"[\"'“”‘’«»]", "", text))


def is_title_fragment(line: str, title: str | None, next_line: str | None) -> bool:
    """A line that repeats the title or a leading part of it (breadcrumb and header copies).

    Without a title, a short unpunctuated line that the next line starts with
    counts too ("Xi wants isolated" above "Xi wants isolated China to...").
    """
    s = line.strip()
    if not s or len(s) > 250:
        return False
    key = title_key(s)
    if len(key.split()) < 2 and not (title and key == title_key(title)):
        return False
    if title:
        tk = title_key(title)
        if key == tk or (tk.startswith(key + " ") and len(key) >= 12):
            return True
    if next_line and len(key.split()) <= 12 and s[-1] not in ".!?。！？:;,\"”":
        nk = title_key(next_line)
        if nk.startswith(key + " ") and len(nk) <= 250:
            return True
    return False


def duplicate_key(line: str) -> str | None:
    """Key for duplicate detection; None for lines too short to call duplicates."""
    k = " ".join(line.split()).lower()
    return k if len(k) >= 25 else None
