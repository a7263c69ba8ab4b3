"""The cleaner: detect what to cut, cut it, and record every cut against the raw text.

``Cleaner.clean(text, title=..., html=..., outlet=...)`` returns the cleaned text,
one ``Removal`` per cut (offsets into the text it was given), and the
``page_spam`` / ``spam_injected`` flags. Every edit is a deletion, so the cleaned
text is a subsequence of the raw text and offsets map back exactly. The cleaner
runs its rules until nothing more is cut (at most ``max_passes`` times), which
is what makes cleaning twice change nothing the second time.

Rules, line by line (a line is a paragraph as extractors emit them):
UI residue, captions (page markup, then text patterns), repeated title
fragments, duplicated paragraphs, hidden-element text, then spam inside the
line: lexicon hits, script islands, spammy domains, and whole promotional
sentences when a spam signal comes with a call to act or a URL.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from storylens.clean.captions import caption_rule
from storylens.clean.cues import Cues, cues_for
from storylens.clean.lexicon import Hit, Lexicon, Term, load_lexicon
from storylens.clean.residue import (
    duplicate_key,
    inline_cuts,
    is_title_fragment,
    residue_rule,
    title_key,
)
from storylens.clean.scripts import (
    IslandFinder,
    dominant_script,
    foreign_letter_islands,
    island_finder,
)
from storylens.clean.spam import (
    PageSignals,
    domain_spam_score,
    page_italics,
    page_signals,
    urls,
)
from storylens.clean.vocab import ForeignRun, WordInfo, foreign_runs, word_info
from storylens.types import Removal

_LINE = re.compile(r"[^\n]+")
# a sentence ends at . ! ? followed by a space (not inside "play.co" or "2.5") or at 。！？
_SENT_END = re.compile(r"[.!?]+[\"”’»)]*(?=\s|[A-Z]|[^\x00-\u024f])|[。！？]+[」』”]*")


def _sentences(line: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _SENT_END.finditer(line):
        out.append((pos, m.end()))
        pos = m.end()
    if pos < len(line):
        out.append((pos, len(line)))
    return out
_WS = re.compile(r"\s+")
_CAPTION_OPEN = re.compile(r"^\s*(?:enlarge this image|expand image)\s*$", re.IGNORECASE)
_CAPTION_CLOSE = re.compile(r"^\s*(?:hide caption|toggle caption)\s*$", re.IGNORECASE)

SPAM_REASONS = frozenset({"spam", "hidden"})
# Calibrated on warc-samples (Chinese lottery/adult farms: 4-9 hits, 2-10 per 1,000 chars)
# against extraction-aeb news pages (none flagged). Spam injected into a page in another
# script does not count (those hits are islands, not the page's own language).
PAGE_SPAM_MIN_HITS = 3
PAGE_SPAM_DENSITY = 1.5  # strong hits per 1,000 characters


@dataclass(frozen=True, slots=True)
class Cut:
    start: int
    end: int
    reason: str
    rule: str
    confidence: float = 1.0
    line: bool = False  # delete the whole line with its line break


@dataclass(frozen=True, slots=True)
class CleanResult:
    text: str
    removals: tuple[Removal, ...]
    page_spam: bool
    spam_injected: bool


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


class Cleaner:
    def __init__(
        self, lexicon: Lexicon | None = None, *, max_passes: int = 5,
        exclude_languages: tuple[str, ...] = (), vocabulary_exclude: tuple[str, ...] = (),
    ) -> None:
        """``exclude_languages`` drops those languages' words from the hand-written cue,
        companion and modifier lists (evaluation holds them out as it holds out lexicon
        terms); ``vocabulary_exclude`` drops their word lists from the "common in another
        language" side of the out-of-language signal."""
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.max_passes = max_passes
        self.cues: Cues = cues_for(frozenset(exclude_languages))
        self.vocabulary_exclude = frozenset(vocabulary_exclude)

    # -- public ----------------------------------------------------------------------
    def is_page_spam(self, text: str, title: str | None = None, hits: list[Hit] | None = None) -> bool:
        """An SEO-farm page: a spam title, or strong terms in the page's own script, dense."""
        if title and any(h.strong for h in self.lexicon.find(title)):
            return True
        hits = [h for h in (self.lexicon.find(text) if hits is None else hits) if h.strong]
        if len(hits) < PAGE_SPAM_MIN_HITS:
            return False
        native = dominant_script(text)
        hits = [h for h in hits if dominant_script(text[h.start:h.end]) == native]
        if len(hits) < PAGE_SPAM_MIN_HITS:
            return False
        return len(hits) / max(len(text) / 1000, 1.0) >= PAGE_SPAM_DENSITY

    def clean(
        self, text: str, *, title: str | None = None, html: str | None = None,
        outlet: str | None = None, language: str | None = None,
    ) -> CleanResult:
        page = page_signals(html, outlet, text) if html else None
        hits0 = self.lexicon.find(text)
        classes: WordInfo | None = None
        page_spam = self.is_page_spam(text, title, hits0)
        segs: list[tuple[int, int, int]] = [(0, 0, len(text))]  # (cur_start, raw_start, length)
        cur = text
        removals: list[Removal] = []
        for n in range(self.max_passes):
            # the finder is rebuilt from the text of each pass: a second call then starts
            # exactly where the last pass of the first one found nothing (idempotence)
            islands = island_finder(cur)
            if n == 0:  # later passes see a subset of the same words
                classes = self._word_info(cur, language) if islands.native == "latin" else None
            suspect_at = _positions(cur, classes.suspects) if classes is not None else []
            cuts = self._detect(cur, title, page if n == 0 else None, islands, language,
                                hits0 if n == 0 else None, classes, suspect_at, page.region if page else "")
            if not cuts:
                break
            kept = _kept_ranges(cur, cuts)
            for c in cuts:
                rs = _to_raw(segs, c.start)
                re_ = _to_raw(segs, c.end - 1) + 1
                removals.append(Removal(rs, re_, text[rs:re_], c.reason, c.rule, round(c.confidence, 3)))
            segs = _compose(segs, kept)
            cur = "".join(cur[a:b] for a, b in kept)
        removals.sort(key=lambda r: r.start)
        injected = (not page_spam) and any(r.reason in SPAM_REASONS for r in removals)
        return CleanResult(cur, tuple(removals), page_spam, injected)

    # -- detection -----------------------------------------------------------------------
    def _detect(
        self, text: str, title: str | None, page: PageSignals | None,
        islands: IslandFinder, language: str | None = None, all_hits: list[Hit] | None = None,
        classes: WordInfo | None = None, suspect_at: list[int] | None = None,
        region: str = "",
    ) -> list[Cut]:
        lines = [_strip_span(text, m.start(), m.end()) for m in _LINE.finditer(text)]
        lines = [(s, e) for s, e in lines if e > s]
        cuts: list[Cut] = []
        line_cut = [False] * len(lines)
        captions = {_norm(c) for c in page.captions} if page else set()
        hidden_lines = {_norm(t) for t in page.hidden_texts} if page else set()
        fragments: set[str] = set()
        seen: set[str] = set()
        tkey = title_key(title) if title else ""
        in_caption = 0

        def cut_line(i: int, reason: str, rule: str, conf: float = 1.0) -> None:
            s, e = lines[i]
            cuts.append(Cut(s, e, reason, rule, conf, line=True))
            line_cut[i] = True

        n = len(lines)
        for i, (s, e) in enumerate(lines):
            line = text[s:e]
            nline = _norm(line) if (captions or hidden_lines) else ""
            rule = residue_rule(line)
            if rule:
                cut_line(i, "ui_residue", rule)
                continue
            if in_caption:
                in_caption -= 1
                if _CAPTION_CLOSE.match(line):
                    in_caption = 0
                    cut_line(i, "caption", "caption_marker")
                    continue
                if len(line) <= 400:
                    cut_line(i, "caption", "enlarge_caption", 0.9)
                    continue
            if _CAPTION_OPEN.match(line):
                in_caption = 4
                cut_line(i, "caption", "caption_marker")
                continue
            if captions and 12 <= len(nline) <= 250 and (
                nline in captions
                or (len(nline) >= 30 and any(nline in c and len(c) <= 300 for c in captions))
            ):
                cut_line(i, "caption", "figcaption")
                continue
            rule = caption_rule(line)
            if rule:
                cut_line(i, "caption", rule, 0.9)
                continue
            edge = i < 6 or i >= n - 4
            key = title_key(line) if len(line) <= 250 and (edge or fragments or (
                tkey and abs(len(line) - len(tkey)) <= 10)) else ""
            nxt = text[lines[i + 1][0]:lines[i + 1][1]] if i + 1 < n else None
            if key and key in fragments:
                cut_line(i, "title_fragment", "repeated_fragment")
                continue
            if tkey and key == tkey and len(key) >= 12:
                # the headline once at the top is the headline; again, it is a repetition
                fragments.add(key)
                if i >= 6:
                    cut_line(i, "title_fragment", "repeated_fragment")
                continue
            if edge and key and is_title_fragment(line, title, nxt if i < 6 else None):
                fragments.add(key)
                cut_line(i, "title_fragment", "title_repeat")
                continue
            dkey = duplicate_key(line)
            if dkey is not None:
                if dkey in seen:
                    cut_line(i, "duplicate", "repeated_paragraph")
                    continue
                seen.add(dkey)
            if hidden_lines and nline in hidden_lines:
                cut_line(i, "hidden", "hidden_element")
                continue

        for i, (s, e) in enumerate(lines):
            if not line_cut[i]:
                cuts.extend(Cut(s + a, s + b, "ui_residue", rule, 0.9) for a, b, rule in inline_cuts(text[s:e]))

        # spam is cut on SEO-farm pages too (they are also flagged page_spam)
        if all_hits is None:
            all_hits = self.lexicon.find(text)
        starts = [h.start for h in all_hits]
        for i, (s, e) in enumerate(lines):
            if line_cut[i]:
                continue
            lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
            hits = [Hit(h.start - s, h.end - s, h.term) for h in all_hits[lo:hi] if h.end <= e]
            near = bool(suspect_at) and bisect.bisect_left(suspect_at, s) < bisect.bisect_left(suspect_at, e)
            look = near or bool(hits)
            inline = self._spam_in_line(text, s, e, islands, language, hits, classes if look else None, region)
            if inline and _covers(text, s, e, inline):
                cut_line(i, "spam", inline[0].rule, max(c.confidence for c in inline))
            else:
                cuts.extend(inline)
        if page is not None:
            cuts.extend(self._page_cuts(text, page, cuts, islands, classes))
        return _merge(cuts)

    def _spam_in_line(
        self, text: str, s: int, e: int, islands: IslandFinder, language: str | None,
        hits: list[Hit], classes: WordInfo | None = None, region: str = "",
    ) -> list[Cut]:
        """Spam inside one line; ``classes`` only when the line holds a suspect word or a hit."""
        line = text[s:e]
        isl = islands.find(line)
        if islands.native == "latin":
            isl = sorted(isl + foreign_letter_islands(line, language), key=lambda x: x.start)
        found = urls(line)
        runs = foreign_runs(line, classes.classes) if classes is not None else []
        rare = classes.rare if classes is not None else frozenset()
        if rare:  # a rare word of the language that is a sister spelling of a spam term ("cassino")
            runs = sorted(runs + [ForeignRun(m.start(), m.end(), 1, 0, rare=True) for m in _RARE_WORD.finditer(line)
                                  if m.group()[0].islower() and m.group().lower() in rare], key=lambda r: r.start)
        if runs and found:  # words of a web address are not words of a sentence
            runs = [r for r in runs if not any(u0 <= r.start < u1 for u0, u1, _ in found)]
        if not hits and not isl and not found and not runs:
            return []
        out: list[Cut] = []
        prev_spam = False
        for a0, b0 in _sentences(line):
            a, b = _strip_span(line, a0, b0)
            if b <= a:
                continue
            if prev_spam and len(line[a:b].split()) <= 8 and (
                any(u[0] < b and u[1] > a for u in found) or self.cues.strong(line[a:b])
            ):
                # "Looking for replica watches? Click here: ace795.co": the call after the spam
                out.append(Cut(s + a, s + b, "spam", "promo_sentence", 0.8))
                continue
            prev_spam = False
            sh = [_own_word(h, line, language) for h in hits if h.start < b and h.end > a]
            si = [x for x in isl if x.start < b and x.end > a]
            if si:  # a phrase in another script inside quotation marks ("Слава Україні!") is cited
                si = [x for x in si if not (_whole_quote(line, x.start, x.end)
                                            and not any(h.start < x.end and h.end > x.start for h in sh)
                                            and not any(u[0] < b and u[1] > a for u in found))]
            sf, soft = _foreign_signals(line, [r for r in runs if r.start < b and r.end > a], sh, self.cues, self.lexicon)
            su = [u for u in found if u[0] < b and u[1] > a]
            if (sf or soft) and not su and (_other_language(line, language) or _other_language(line[a:b], language)):
                sf, soft = [], []  # a sentence quoted in another language, not words swapped in
            if sf or soft:  # foreign words quoted, bracketed, glossed or set in italics are cited
                sf = [r for r in sf if not _cited(line, a, r, region, self._plain(line, r, sh))]
                soft = [r for r in soft if not _cited(line, a, r, region, self._plain(line, r, sh))]
            # a weak term of another language than the document's is out of place: strong
            strong = [h for h in sh if h.strong or _foreign_term(h, language)]
            weak = [h for h in sh if h not in strong]
            spam_urls = [u for u in su if u[2] >= 0.7]
            # two weak terms side by side make a spam phrase ("casino slots"); apart they are news
            paired = [h for h in weak if any(h is not g and (0 <= g.start - h.end <= 2 or 0 <= h.start - g.end <= 2)
                                             for g in weak)]
            # a weak term with a spam modifier beside it ("casino siteleri", "slot machine gratis")
            paired += [h for h in weak if h not in paired and self.cues.modified(line, h.start, h.end)]
            core = bool(strong or si or spam_urls or paired or sf)
            sentence = line[a:b]
            for u0, u1, _ in su:  # "%E6%97" inside an address is no call to act
                sentence = sentence[: max(0, u0 - a)] + " " * (min(b, u1) - max(a, u0)) + sentence[u1 - a:]
            cues = self.cues.count(sentence) if (core or weak or su) else 0
            url_score = max((u[2] for u in su), default=0.0)
            short = len(sentence.split()) <= 30
            # a call to act in a short sentence, or a link that is not plainly a news source
            act = (cues >= 2 and short and self.cues.strong(sentence)) or url_score >= 0.3 or (
                bool(su) and short and bool(strong or sf or spam_urls))  # a spam phrase and a site to go to
            promo = (core and act) or (
                (weak or su) and (url_score >= 0.3 or (cues >= 3 and short and self.cues.strong(sentence)))
            )
            if promo:
                conf = 0.9 if (strong or spam_urls) else 0.75
                # a promotional tail glued to a real sentence: cut from the first signal on
                signals = ([h.start for h in sh] + [x.start for x in si] + [r.start for r in sf]
                           + [u[0] for u in su])
                first = max(a, min(signals or [u[0] for u in su] or [a]))
                lead = line[a:first]
                # the lead is a real sentence when it is long and carries no call or link
                if len(lead.split()) >= 8 and not self.cues.strong(lead) and not any(
                    u[2] >= 0.3 for u in urls(lead)
                ):
                    cut_from = first
                    while cut_from > a and not line[cut_from - 1].isspace() and line[cut_from - 1] not in ".。":
                        cut_from -= 1
                    out.append(Cut(s + cut_from, s + b, "spam", "promo_tail", conf))
                else:
                    out.append(Cut(s + a, s + b, "spam", "promo_sentence", conf))
                prev_spam = True
                continue
            if not core:
                continue
            prev_spam = True
            spans: list[tuple[int, int, str, float]] = []
            for h in strong:
                spans.append((h.start, h.end, f"lexicon:{h.term.lang}:{h.term.category}", 0.95))
            for x in si:
                inside = any(h.start < x.end and h.end > x.start for h in sh)
                spans.append((x.start, x.end, f"script_island:{x.script}", 1.0 if inside else 0.8))
            for r in sf:
                spans.append((r.start, r.end, "foreign_words", 0.8))
            for u0, u1, _ in spam_urls:
                spans.append((u0, u1, "spam_domain", 0.9))
            if strong or si or sf:  # a site named beside spam is the spam's site
                spans.extend((u0, u1, "spam_domain", 0.8) for u0, u1, sc in su if sc < 0.7)
            for h in weak:  # a weak term counts beside another cut (or a second weak term)
                near = any(abs(h.start - t[1]) <= 3 or abs(t[0] - h.end) <= 3 for t in spans)
                if near or h in paired:
                    spans.append((h.start, h.end, f"lexicon_weak:{h.term.lang}:{h.term.category}", 0.7))
            for r in soft:  # a single foreign word counts beside another cut
                if any(abs(r.start - t[1]) <= 3 or abs(t[0] - r.end) <= 3 for t in spans):
                    spans.append((r.start, r.end, "foreign_word", 0.7))
            out.extend(Cut(s + x0, s + x1, "spam", r, c) for x0, x1, r, c in
                       ((*self.cues.widen(line, x0, x1, a, b), r, c) for x0, x1, r, c in spans))
        return out

    def _plain(self, line: str, r: ForeignRun, hits: list[Hit]) -> bool:
        """A foreign run with no spam in or beside it: no lexicon hit within two characters,
        no sister spelling of a spam term, no spam modifier."""
        if any(abs(r.start - h.end) <= 2 or abs(h.start - r.end) <= 2 or (h.start < r.end and r.start < h.end)
               for h in hits):
            return False
        if any(self.lexicon.kin(w) for w in line[r.start:r.end].split()):
            return False
        return not self.cues.modified(line, r.start, r.end, words_only=True)

    def _word_info(self, text: str, language: str | None) -> WordInfo | None:
        """The vocabulary's view of ``text``, with the rare words kept only when they are
        sister spellings of spam terms, and the words that make a line worth a look."""
        info = word_info(text, language, self.vocabulary_exclude)
        if info is None:
            return None
        rare = frozenset(w for w in info.rare if self.lexicon.kin(w))
        # unknown words count when foreign, like a spam term, or beside a modifier ("online pokies")
        low = text.lower()
        suspects = info.foreign | rare | {w for w in info.unknown
                                          if self.lexicon.kin(w) or self.cues.beside_modifier(text, w, low)}
        return replace(info, rare=rare, suspects=frozenset(suspects))

    def _page_cuts(
        self, text: str, page: PageSignals, cuts: list[Cut], islands: IslandFinder,
        classes: WordInfo | None = None,
    ) -> list[Cut]:
        out: list[Cut] = []
        taken = sorted((c.start, c.end) for c in cuts)

        def free(a: int, b: int) -> bool:
            return not any(x < b and y > a for x, y in taken)

        for anchor in page.anchors:
            t = anchor.text
            if len(t) < 3:
                continue
            hits = self.lexicon.find(t)
            strong = any(h.strong for h in hits)
            weak = bool(hits) and not strong
            foreign = islands.has_foreign(t)
            # a short lowercase keyword phrase (not a title, not an address) in another language
            ool = (classes is not None and len(t.split()) <= 5 and t[0].islower() and not _ADDRESS_LIKE.search(t)
                   and _foreign_words(t, classes.classes, self.lexicon))
            d = domain_spam_score(anchor.href)
            if anchor.hidden and (hits or foreign or ool or d >= 0.3 or self.cues.count(t) >= 1):
                conf, rule = 0.9, "hidden_link"
            elif strong:
                conf, rule = 0.95, "spam_link"
            elif d >= 0.9 or (d >= 0.7 and (weak or foreign or self.cues.count(t) >= 1)) or (foreign and d >= 0.3):
                conf, rule = 0.8, "spam_link"
            elif ool:  # a keyword of another language, to another site
                conf, rule = 0.75, "spam_link"
            else:
                continue
            pos = _find_free(text, t, free)
            if pos < 0:
                continue
            reason = "hidden" if anchor.hidden else "spam"
            out.append(Cut(pos, pos + len(t), reason, rule, conf))
            taken.append((pos, pos + len(t)))
        for t in page.hidden_texts:
            if len(t) < 12:
                continue
            pos = _find_free(text, t, free)
            if pos >= 0:
                out.append(Cut(pos, pos + len(t), "hidden", "hidden_element", 0.9))
                taken.append((pos, pos + len(t)))
        # a cut that leaves its line without letters takes the line
        return out


_ADDRESS_LIKE = re.compile(r"[/@#_]|\w\.\w")  # an address, a handle, a file name: not words
_WORD_RE = re.compile(r"[^\W\d_]+")
_RARE_WORD = re.compile(r"[^\W\d_]{5,}")
_ANCHOR_WORD = re.compile(r"[^\W\d_]{3,}")


def _foreign_words(t: str, classes: dict[str, tuple[bool, bool]], lexicon: Lexicon | None = None) -> bool:
    """A lowercase word of ``t`` unknown to the document's language and common in another
    language or a sister spelling of a spam term."""
    for m in _ANCHOR_WORD.finditer(t):
        w = m.group()
        k, o = classes.get(w.lower(), (True, False))
        if w[0].islower() and not k and (o or (lexicon is not None and lexicon.kin(w))):
            return True
    return False


def _foreign_signals(
    line: str, runs: list[ForeignRun], hits: list[Hit], cues: Cues, lexicon: Lexicon | None = None,
) -> tuple[list[ForeignRun], list[ForeignRun]]:
    """Runs of out-of-language words that are spam signals on their own (two or more
    words of another language, or unknown words beside a lexicon term or a spam modifier)
    and single foreign words, which count only beside another cut."""
    strong: list[ForeignRun] = []
    soft: list[ForeignRun] = []
    for r in runs:
        near = any(abs(r.start - h.end) <= 2 or abs(h.start - r.end) <= 2 for h in hits)
        if near or cues.modified(line, r.start, r.end, words_only=True):
            strong.append(r)  # unknown words beside a spam term or modifier ("online pokies")
        elif r.rare:
            soft.append(r)  # a rare word like a spam term ("cassino") counts beside another cut
        elif lexicon is not None and any(lexicon.kin(w) for w in line[r.start:r.end].split()):
            strong.append(r)  # a sister spelling of a spam term ("kasyno", "kredyt") unknown to the language
        elif r.words >= 2 and r.foreign * 2 >= r.words:
            strong.append(r)  # a phrase of another language inside the sentence
        elif r.foreign:
            soft.append(r)
    return strong, soft


_QUOTE_PAIRS = (("“", "”"), ("„", "“"), ("«", "»"), ("»", "«"), ("‘", "’"), ("(", ")"), ("[", "]"), ("「", "」"))
_GLOSS_AFTER = re.compile(r"\s*[(\[]")


# A citation introduced by a colon ("bezeichnet: vaccine acquired ...") or glossed by a dash a
# few words on ("morbum evitare quam curare facilius est – lepiej zapobiegać"): both seen on
# real German and Polish articles, where these phrases were cut as spam.
_COLON_BEFORE = re.compile(r":\s*$")
_DASH_GLOSS_AFTER = re.compile(r"(?:\s+[^\W\d_]+){0,5}\s+[–—]\s")


def _quoted(line: str, a: int, start: int) -> bool:
    """``start`` lies inside quotation marks or brackets opened in the sentence from ``a``."""
    before = line[a:start]
    if before.count('"') % 2 == 1:
        return True
    return any(o in before and before.count(o) > before.count(c) for o, c in _QUOTE_PAIRS)


_OPENERS = "\"“„«»‘‚「(["
_CLOSERS = "\"”“»«’‘」)]"


def _whole_quote(line: str, start: int, end: int) -> bool:
    """The span is all there is between a pair of quotation marks («Слава Україні!»): a quoted
    phrase. Spam pasted into a sentence that happens to hold a quotation is not flush with it."""
    i = start
    while i > 0 and line[i - 1].isspace():
        i -= 1
    j = end
    while j < len(line) and (line[j].isspace() or line[j] in "!?.,…"):
        j += 1
    return i > 0 and line[i - 1] in _OPENERS and j < len(line) and line[j] in _CLOSERS


def _cited(line: str, a: int, r: ForeignRun, region: str = "", plain: bool = False) -> bool:
    """The run is inside quotation marks or brackets opened in its sentence, glossed in
    brackets right after it, or set in italics on the page: a cited phrase, not spam. A
    ``plain`` run (no spam term, sister spelling or modifier beside it) also counts as cited
    when a colon introduces it and a bracket glosses it later in the sentence, or when a dash
    a few words on glosses it."""
    if _quoted(line, a, r.start):
        return True
    if _GLOSS_AFTER.match(line, r.end):
        return True
    if plain and (_DASH_GLOSS_AFTER.match(line, r.end)
                  or (_COLON_BEFORE.search(line, a, r.start) and "(" in line[r.end:r.end + 200])):
        return True
    if not region or ("<i" not in region and "<em" not in region and "<I" not in region and "<EM" not in region):
        return False
    run = line[r.start:r.end]
    return any(run in t for t in page_italics(region))


def _positions(text: str, words: frozenset[str]) -> list[int]:
    """Sorted start offsets of ``words`` (lower-cased) in ``text``."""
    if not words:
        return []
    low = text.lower()
    if len(low) != len(text):
        return [0]  # offsets would drift: look at every line
    out = []
    for w in words:
        i = low.find(w)
        while i >= 0:
            out.append(i)
            i = low.find(w, i + len(w))
    return sorted(out)


@lru_cache(maxsize=256)
def _other_language(sentence: str, language: str | None) -> bool:
    """The sentence (or line) is, with confidence, in another language than the document's."""
    if not language or len(sentence) < 25:
        return False
    from storylens.extract.language import _identifier

    lang, prob = _identifier().classify(sentence[:400])
    return bool(lang != language and prob >= 0.8)


def _own_word(h: Hit, line: str, language: str | None) -> Hit:
    """A stem of the document's own language that spans an ordinary word of it (Polish
    "Kasyno w Sopocie", Russian «Казино де Пари») is that language's plain word for the
    thing, weak like English "casino"; stems are strong for compounds ("kasynoonline")."""
    if h.term.strength != "stem" or not language or h.term.lang != language:
        return h
    s, e = h.start, h.end
    while s > 0 and line[s - 1].isalnum():
        s -= 1
    while e < len(line) and line[e].isalnum():
        e += 1
    if e - s > len(h.term.text) + 3:
        return h
    return Hit(h.start, h.end, Term(h.term.text, h.term.lang, h.term.category, "weak"))


def _foreign_term(h: Hit, language: str | None) -> bool:
    # multi-word only: single words travel between languages ("Jackpot pour Monsanto")
    return bool(language) and h.term.lang not in ("xx", language) and " " in h.term.text


def _find_free(text: str, needle: str, free) -> int:  # type: ignore[no-untyped-def]
    pos = text.find(needle)
    while pos >= 0:
        if free(pos, pos + len(needle)):
            return pos
        pos = text.find(needle, pos + 1)
    return -1


def _covers(text: str, s: int, e: int, cuts: list[Cut]) -> bool:
    """True when what ``cuts`` leave of the line ``text[s:e]`` has no letters or digits."""
    spans = sorted((c.start, c.end) for c in cuts)
    pos = s
    for a, b in spans:
        if any(ch.isalnum() for ch in text[pos:a]):
            return False
        pos = max(pos, b)
    return not any(ch.isalnum() for ch in text[pos:e])


def _merge(cuts: list[Cut]) -> list[Cut]:
    """Sorted cuts without overlaps (a line cut swallows what it overlaps)."""
    cuts = sorted(cuts, key=lambda c: (c.start, -c.end, not c.line))
    out: list[Cut] = []
    for c in cuts:
        if out and c.start < out[-1].end:
            last = out[-1]
            if c.end > last.end:
                out[-1] = Cut(last.start, c.end, last.reason, last.rule,
                              max(last.confidence, c.confidence), last.line or c.line)
            continue
        out.append(c)
    return out


def _kept_ranges(text: str, cuts: list[Cut]) -> list[tuple[int, int]]:
    """Ranges of ``text`` that survive ``cuts``, with the whitespace around each cut tidied."""
    dels: list[tuple[int, int]] = []
    n = len(text)
    for c in cuts:
        s, e = c.start, c.end
        if c.line:
            # the line with the line breaks after it; the last line takes the breaks before it
            while s > 0 and text[s - 1] in " \t":
                s -= 1
            e2 = e
            while e2 < n and text[e2].isspace():
                e2 += 1
            if e2 < n or s == 0:
                e = e2
            else:
                while s > 0 and text[s - 1].isspace():
                    s -= 1
        else:
            if e < n and text[e] in " \t\u00a0" and (s == 0 or text[s - 1] in " \t\u00a0\n"):
                while e < n and text[e] in " \t\u00a0":
                    e += 1
            elif s > 0 and text[s - 1] in " \t\u00a0":
                while s > 0 and text[s - 1] in " \t\u00a0":
                    s -= 1
        dels.append((s, e))
    dels.sort()
    kept = []
    pos = 0
    for s, e in dels:
        if s > pos:
            kept.append((pos, s))
        pos = max(pos, e)
    if pos < n:
        kept.append((pos, n))
    # no leading or trailing whitespace in the result
    while kept and not text[kept[0][0]:kept[0][1]].strip():
        kept.pop(0)
    while kept and not text[kept[-1][0]:kept[-1][1]].strip():
        kept.pop()
    if kept:
        a, b = kept[0]
        while a < b and text[a].isspace():
            a += 1
        kept[0] = (a, b)
        a, b = kept[-1]
        while b > a and text[b - 1].isspace():
            b -= 1
        kept[-1] = (a, b)
    return kept


def _to_raw(segs: list[tuple[int, int, int]], pos: int) -> int:
    i = bisect.bisect_right([s[0] for s in segs], pos) - 1
    i = max(0, min(i, len(segs) - 1))
    cs, rs, _ = segs[i]
    return rs + (pos - cs)


def _compose(segs: list[tuple[int, int, int]], kept: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Segments of the new text (kept ranges of the current one) against the raw text."""
    out = []
    new_pos = 0
    for a, b in kept:
        for cs, rs, ln in segs:
            lo, hi = max(a, cs), min(b, cs + ln)
            if lo < hi:
                out.append((new_pos + (lo - a), rs + (lo - cs), hi - lo))
        new_pos += b - a
    return out or [(0, 0, 0)]


def clean_text(text: str, **kwargs: object) -> CleanResult:
    """Clean ``text`` with the packaged lexicon (see ``Cleaner.clean`` for keywords)."""
    return _default().clean(text, **kwargs)  # type: ignore[arg-type]


_DEFAULT: list[Cleaner] = []


def _default() -> Cleaner:
    if not _DEFAULT:
        _DEFAULT.append(Cleaner())
    return _DEFAULT[0]


__all__ = ["CleanResult", "Cleaner", "Cut", "Hit", "clean_text"]
