"""Actor mentions: the registry through a spaCy PhraseMatcher over the shared parse.

For each article the stage finds every name, short form, demonym and metonym
of a registry actor (``storylens.registry``), keeps the longest match where
matches overlap (so "South China Sea", a listed place, shadows "China"),
drops ambiguous aliases whose other reading the article shows (Georgia with
Atlanta nearby, Jordan inside a PERSON entity), and emits one ``Mention`` per
actor per span:

* ``via="name" | "demonym" | "metonym"`` for the form itself;
* persons also count for the country (or organisation) whose office they held
  on the article's date (``via="person"``): Xi Jinping -> China, Joe Biden ->
  United States from 2021-01-20 to 2025-01-20; without a date, the latest
  office. Organisations flagged ``represents`` (state organs, the ruling
  party) count for their country (``via="organisation"``);
* ``via="coref"`` for "the country", "the nation", "the government" ... and
  for the pronouns it/its/he/his/she/her, only where the antecedent is
  reliable: a definite description resolves to the one country mentioned in
  the current and two previous sentences (not when two or more were); a
  pronoun resolves to the subject of its own clause chain when that subject is
  an actor mention that comes before it in the same sentence.

Surname-only forms that many people share (``short`` in the registry: "Kim",
"Johnson") count only after the full name appeared in the article. Articles
whose ``doc`` is None (no parse: the nlp stage off) are matched on the raw text
with the same registry and case rules but without coreference. Articles in another
language the registry covers (``ActorRegistry.languages()``: ar, de, es, fr, it, pl, ru, zh)
are matched with that language's forms (``storylens.enrich.actors_i18n``) plus the English
registry forms that are written the same way (NATO, G20, Macron); other languages get no
mentions, and ``covers(language)`` says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any

from storylens.config import Settings
from storylens.enrich.actors_i18n import blocked_spans, foreign_matcher
from storylens.enrich.nlp import doc_text
from storylens.registry import (
    ActorRegistry,
    actor_registry,
    clean_form,
    is_cased,
    is_destination,
    scan,
)
from storylens.types import Article, Mention

PLACE = "PLACE"
# "the administration" is left out: in news it is usually the US executive whatever country
# was named last; "the state" too (a US state, the state as an idea).
DEFINITE = {"country", "nation", "government", "regime", "leadership"}
PRONOUNS = {"it": ("country", "organisation"), "its": ("country", "organisation"),
            "he": ("person",), "his": ("person",), "him": ("person",),
            "she": ("person",), "her": ("person",)}
FEMININE = {"she", "her"}
# A pronoun resolves only as the subject of its own clause ("Russia said it would") or as a
# possessive ("China is flexing its muscle"): an object pronoun never refers to the subject
# of its own clause ("Republicans can't pass it").
PRONOUN_DEPS = {"nsubj", "nsubjpass", "poss"}
COREF_WINDOW = 2  # previous sentences a definite description may reach back over
# Combining forms that stand for a country only before a hyphen ("Sino-US", "Russo-Ukrainian",
# "Franco-German"); "Indo-" and "Anglo-" are left out (Indo-Pacific, Anglo-Saxon).
COMBINING = {"Sino": "China", "Russo": "Russia", "Franco": "France"}
_HYPHEN = re.compile(r"[-–]")


def _variants(form: str) -> list[str]:
    """Surface variants matched in running text: as written, curly apostrophes, HEADLINE CAPS."""
    out = [form]
    if "'" in form:
        out.append(form.replace("'", "’"))
    if not is_cased(form) and len(form) >= 4 and form[:1].isupper():
        out.append(form.upper())
    return out


class ActorMatcher:
    """The registry compiled into one PhraseMatcher for a spaCy vocabulary."""

    def __init__(self, registry: ActorRegistry, nlp: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self.registry = registry
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: dict[str, list[tuple[str, str]]] = {}  # match key -> [(actor, via)]
        by_form: dict[str, list[tuple[str, str]]] = {}
        for form, actor, via in registry.surface_forms():
            f = clean_form(form) if form[:4].lower() == "the " and actor.kind != "country" else form
            for v in {f, form}:
                for variant in _variants(v):
                    entry = (actor.name, via)
                    bucket = by_form.setdefault(variant, [])
                    if entry not in bucket:
                        bucket.append(entry)
        self.by_form = by_form  # surface -> [(actor, via)], for parts of hyphenated tokens
        forms = list(by_form)
        for i, (form, docs) in enumerate(zip(forms, nlp.tokenizer.pipe(forms), strict=True)):
            key = f"A{i}"
            self.keys[key] = by_form[form]
            self.matcher.add(key, [docs])
        places = [v for p in registry.places for v in _variants(p)]
        self.matcher.add(PLACE, list(nlp.tokenizer.pipe(places)))
        self.ambiguous = {a.alias: a for a in registry.ambiguous.values()}
        self.vocab = nlp.vocab

    def spans(self, doc: Any) -> list[tuple[Any, str]]:
        """(span, key) for the longest non-overlapping matches, in text order."""
        from spacy.util import filter_spans

        found = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            span.label_ = self.vocab.strings[match_id]
            found.append(span)
        return [(s, s.label_) for s in sorted(filter_spans(found), key=lambda s: s.start)]


def matcher_for(registry: ActorRegistry, nlp: Any) -> ActorMatcher:
    """One compiled matcher per (registry, vocabulary), kept on the registry object."""
    cache: dict[int, ActorMatcher] = registry.__dict__.setdefault("_matchers", {})
    m = cache.get(id(nlp.vocab))
    if m is None or m.vocab is not nlp.vocab:
        m = cache[id(nlp.vocab)] = ActorMatcher(registry, nlp)
    return m


_DATELINE_AFTER = re.compile(r"[ \t]*(?:,[^\n(—–]{0,30})?[ \t]*(?:\(|—|–|-{1,2}\s)")


def is_dateline(text: str, start: int, end: int) -> bool:
    """"BEIRUT (AP) —", "Washington (CNN) -", "PARIS—": a place line that opens a story,
    not a mention of the country."""
    if start > 0 and text[start - 1] != "\n":
        return False
    return bool(_DATELINE_AFTER.match(text, end)) or (text[start:end].isupper() and text[end:end + 1] in "—–")


# -- bylines and credits ------------------------------------------------------------------
# The article's author is a separate field: names in bylines, reporting credits and photo
# credits are not people the story is about, so they are never actors.
_PARTICLE = r"(?:al|el|ad|bin|ibn|de|del|della|der|den|di|da|dos|du|la|le|van|von|ter|y)"
# a capitalised word; a full stop only after an initial or a short form ("H.", "Jr.", "St."), so
# "Produced by Zach Weissmueller. Camera by ..." ends the name at "Weissmueller"
_CAPW = r"(?:[A-Z][a-z]?\.|[A-Z][\w'’\-]*+)"  # possessive: never a part of a word
_NAME_TOK = r"(?:" + _CAPW + r"|" + _PARTICLE + r"(?:-[A-Z][\w'’\-]*)?\b)"
_NAME = r"(?>" + _CAPW + r"(?:[ \t]+" + _NAME_TOK + r"){1,5})"  # two or more words, the first capitalised
# "in Quetta, Pakistan": one word after the comma, or "in Paris, Jennifer Rankin in Brussels" would
# read the next name as the place's country
_PLACE_TAIL = (r"(?:[ \t]+in[ \t]+" + _CAPW + r"(?:[ \t]+" + _CAPW + r"){0,3}(?:,[ \t]*" + _CAPW
               + r"(?![ \t]+[A-Z]))?\.?)?")
# atomic groups and a possessive repeat: a list that fails its lookahead gives up at once instead
# of trying every way to split its names and places (which is exponential in the list's length)
_NAME_LIST = (r"(?>" + _NAME + _PLACE_TAIL + r")(?>(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]*&[ \t]*)"
              + _NAME + _PLACE_TAIL + r")*+")
# the same list with backtracking, for one short line at a time ("Jane Smith, Wall Street Journal"
# must be free to end the list after the first name)
_NAME_LIST_SHORT = (_CAPW + r"(?:[ \t]+" + _NAME_TOK + r"){1,5}(?:(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+"
                    r"|[ \t]*&[ \t]*)" + _CAPW + r"(?:[ \t]+" + _NAME_TOK + r"){1,5})*")
_NAME_LINE_CHARS = 120
_CREDIT_VERB = (r"(?:(?:additional|further)[ \t]+reporting|reporting|reported|writing|written|editing|edited"
                r"|compiled|research|translated|translation|graphics|produced|photos?|photographs?"
                r"|pictures?|video|illustrations?|camera|filmed|interviews|animation|design)")
_CREDIT_PATTERNS = [
    # "By Jane Smith", "By JANE SMITH and JOHN DOE, Associated Press", "By Jonathan Marcus, BBC News"
    # (a short line of its own: a paragraph opening "By Vladimir Putin, the decree was ..." is left alone)
    re.compile(r"(?m)^(?=[^\n]{0,140}$)[ \t]*(?:[Bb]y|BY|Written by|Story by|Words by)[ \t]+(?P<n>"
               + _NAME_LIST_SHORT + _PLACE_TAIL + r")[ \t]*(?=$|[,|(]|[ \t]+[-–—|][ \t])"),
    # "Reporting by Jane Smith in Beijing; Additional reporting by X; Editing by Y and Z"
    # (where it may start, after a line break, "(", ";", "," "." a dash or "and", is checked in
    # ``credit_spans``: lookbehinds tried at every character cost more than the rest)
    re.compile(r"\b(?i:" + _CREDIT_VERB + r")[ \t]+(?i:by)[ \t]+(?P<n>" + _NAME_LIST + r")[ \t]*(?=$|[;).\n]|,?[ \t]+and[ \t]+(?i:"
               + _CREDIT_VERB + r")[ \t]+(?i:by)\b)", re.M),
    # "Photo: Jane Smith", "Photograph: Jane Smith/Reuters", "Credit: Jane Smith for The Times"
    re.compile(r"(?:Photo|Photograph|Picture|Image|Credit)s?:[ \t]*(?:[A-Z][\w.]*[ \t]*/[ \t]*)?(?P<n>"
               + _NAME_LIST + r")[ \t]*(?=$|[/)]|[ \t]+for[ \t]|[ \t]+via[ \t])", re.M),
    # "Associated Press writer Eric Tucker contributed to this report", "Jack Phillips contributed to this report"
    re.compile(r"(?m)(?:^|(?<=[.!?”\"][ \t])|(?<=\|[ \t]))(?P<n>(?:\b[A-Z]\.|[^.\n]){3,200}?)[ \t]+(?:also[ \t]+)?contributed"
               r"(?=[ \t]+(?:to[ \t]+(?:this|the)[ \t]+(?:report|story|article)|reporting|additional reporting))"),
    # "Jane Smith, Reuters" / "Jonathan Marcus, BBC diplomatic correspondent" on a line of its own
    re.compile(r"[ \t]*(?P<n>" + _NAME_LIST_SHORT + r")[ \t]*[,|][ \t]*(?:[A-Z][\w'’.&\-]*"
               r"(?:[ \t]+(?:[A-Z][\w'’.&\-]*|and|of|the|for|at|in|correspondent|editor|reporter|writer"
               r"|columnist|contributor|staff|news|defence|defense|diplomatic|economics|political|business"
               r"|foreign|affairs|chief|senior|international|security)){0,6})[ \t]*$"),
    # the closing author note: "John Fund is a columnist for National Review."
    re.compile(r"(?m)^[ \t]*(?P<n>" + _NAME + r")[ \t]+is[ \t]+(?:a|an|the)[ \t]+(?:[\w\-]+[ \t]+){0,3}?"
               r"(?:columnist|contributor|contributing|writer|reporter|correspondent|editor|journalist)\b"),
    # "Follow Jane Smith on Twitter"
    re.compile(r"Follow[ \t]+(?P<n>" + _NAME + r")[ \t]+on[ \t]+(?:Twitter|X|Facebook|Instagram)\b"),
]
_CREDIT_BY = 1  # index of the "Reporting by" pattern
_CONTRIBUTED = 3
_CREDIT_OPENERS = "(;,.—–-\n"
_NAME_LINE = 4  # the "Jane Smith, Reuters" line: only when its tail names a medium or a newsroom job
_MEDIA_WORDS = re.compile(
    r"\b(?:Reuters|AP|AFP|Associated Press|Bloomberg|CNN|BBC|NPR|Xinhua|News|Press|Times|Post|Journal"
    r"|Guardian|Telegraph|Tribune|Herald|Daily|Magazine|Radio|TV|Television|Media|Wire|Agency|Opinion"
    r"|Monitor|Review|Atlantic|Politico|Axios|Vox|Hill|correspondent|editor|reporter|writer|columnist"
    r"|contributor|staff)\b")
_CLOSING_NOTE = 5  # index of the author-note pattern: only in the article's last lines
_CLOSING_CHARS = 600


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the names in bylines and credits, which are not actors: "By Jane
    Smith", "Jane Smith, Reuters", "Reporting by X; Editing by Y", "Photo: X/AFP", "X
    contributed to this report", a closing "X is a columnist for ...". Names joined to an
    agency by a slash ("(AP Photo/Evan Vucci)", "REUTERS/Kevin Lamarque") are left out by
    ``ActorStage._ner_persons`` itself."""
    out: list[tuple[int, int]] = []
    for i, pat in enumerate(_CREDIT_PATTERNS):
        if i == _NAME_LINE:  # a short line of its own, matched whole
            pos = 0
            for line in text.split("\n"):
                m = pat.fullmatch(line) if len(line) <= _NAME_LINE_CHARS else None
                if m is not None and _MEDIA_WORDS.search(line, m.end("n")):
                    out.append((pos + m.start("n"), pos + m.end("n")))
                pos += len(line) + 1
            continue
        if i == _CONTRIBUTED and "contributed" not in text:
            continue
        for m in pat.finditer(text):
            if i == _CLOSING_NOTE and m.start() < len(text) - _CLOSING_CHARS:
                continue
            if i == _CREDIT_BY and not _credit_opens(text, m.start()):
                continue  # "the reporting by CNN and the New York Times"
            out.append((m.start("n"), m.end("n")))
    return out


def _credit_opens(text: str, start: int) -> bool:
    """Whether a "Reporting by ..." credit may start here: at the text's or a line's start, or
    after "(", ";", ",", ".", a dash or "and"."""
    head = text[max(0, start - 80):start].rstrip(" \t")
    if not head:
        return start <= 80 or not text[:start].strip(" \t")
    return head[-1] in _CREDIT_OPENERS or head.endswith((" and", "\nand")) or head == "and"


def _in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# PERSON entities of the small model that are page furniture or places, not people: share
# buttons ("Facebook Twitter Pinterest"), video widgets ("Replay More Videos"), a promo link
# ("Jill Abramson Read more"), places named after people ("Mohammed Mahmud street", "Tel Abyad",
# "Vandenberg AFB", "James Brady Briefing Room") and a headline verb glued on ("Tom Cotton Tells").
_NOT_NAME_WORDS = frozenset({
    "Facebook", "Twitter", "Pinterest", "LinkedIn", "WhatsApp", "Instagram", "Reddit", "Email",
    "Replay", "Videos", "Video", "Read", "Watch", "WATCH", "Tells", "Says", "Slams", "Blasts",
    "Getty", "Images", "AFB", "Room", "Street", "Avenue", "Square", "Airport", "Base", "Center",
    "Centre", "Hospital", "University", "College", "Bridge", "Road", "Stadium", "Mosque",
})
_PLACE_FIRST = frozenset({"Tel", "Tal", "Ras", "Mount", "Fort", "Camp", "Port", "Lake", "Cape"})
_PLACE_NEXT = frozenset({"street", "avenue", "square", "road", "bridge", "airport", "stadium",
                         "hospital", "mosque", "school", "prize", "award", "foundation", "institute",
                         "doctrine", "museum", "memorial", "highway", "boulevard", "district"})
_GLUED = re.compile(r"[a-z]{3,}[A-Z]")  # "SchumerHarris", "CornynNew": words run together by extraction


def _not_a_person(toks: list[Any], nxt: Any) -> bool:
    """Whether a PERSON entity (its word tokens, and the token after it) names no person."""
    words = [t.text for t in toks]
    if any(w in _NOT_NAME_WORDS for w in words) or words[0] in _PLACE_FIRST:
        return True
    if any(_GLUED.search(w[1:]) and not w.startswith(("Mc", "Mac")) for w in words):
        return True
    return nxt is not None and nxt.lower_ in _PLACE_NEXT


def _slash_credit(text: str, start: int, end: int) -> bool:
    """A name written against a slash is a photo credit: "AP Photo/Evan Vucci",
    "REUTERS/Kevin Lamarque", "(Brent Stirton/Getty Images)"."""
    if "/" in text[start:end]:
        return True
    before = text[max(0, start - 2):start].rstrip(" \t")
    after = text[end:end + 2].lstrip(" \t")
    return before.endswith("/") or after.startswith("/")


def _cue_present(text: str, cues: Iterable[str]) -> bool:
    for cue in cues:
        flags = 0 if any(c.isupper() for c in cue) else re.IGNORECASE
        if re.search(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", text, flags):
            return True
    return False


# "International Christian Concern (ICC)": a name of capitalised words (with of/and/for/the
# between them) and the acronym in brackets right after it.
_DEFINED_ACRONYM = re.compile(
    r"((?:[A-Z][\w'’&.-]*)(?:\s+(?:(?:of|and|for|the|on|in|de|du|des|la|le|&)\s+)*[A-Z][\w'’&.-]*)+)"
    r"\s*\(([A-Z][A-Z&.]{1,7})\)")
_SMALL_WORDS = {"of", "and", "for", "the", "on", "in", "de", "du", "des", "la", "le", "&"}


def redefined_acronyms(text: str, registry: ActorRegistry) -> set[str]:
    """Acronyms the article spells out as something the registry does not mean by them:
    "International Christian Concern (ICC)" makes every "ICC" of the article that group, not
    the International Criminal Court. Only a spelled-out name whose initials are the acronym
    counts ("Foreign Minister Sergei Lavrov (ICC)" would not), and one the registry reads as the
    same actor ("International Criminal Court (ICC)") keeps it."""
    out: set[str] = set()
    for m in _DEFINED_ACRONYM.finditer(text):
        acronym = m.group(2)
        letters = acronym.replace(".", "").replace("&", "")
        tokens = m.group(1).split()
        big = [i for i, w in enumerate(tokens) if w.lower() not in _SMALL_WORDS]
        if len(big) < len(letters):
            continue
        first = big[-len(letters)]  # "said International Christian Concern (ICC)": the last words
        if "".join(tokens[i][0] for i in big[-len(letters):]).upper() != letters.upper():
            continue
        meant = registry.lookup(acronym)
        if meant is None:
            continue
        name = re.sub(r"['’]s$", "", " ".join(tokens[first:]))  # "the Chinese Communist Party's (CCP)"
        spelled = registry.lookup(name)
        if spelled is not None:
            if spelled.name != meant.name:
                out.add(acronym)
            continue
        # a spelling the registry lacks: "Islamic Revolutionary Guards Corps (IRGC)" is still the
        # IRGC, "International Christian Concern (ICC)" (0.78 like the court's name) is not
        folded = name.casefold()
        if not any(SequenceMatcher(None, folded, form.casefold()).ratio() >= 0.9
                   for form, _ in meant.surfaces()):
            out.add(acronym)
    return out


class ActorStage:
    name = "actors"
    requires = ("doc",)
    assigns = ("mentions",)

    def __init__(self, settings: Settings | None = None, registry: ActorRegistry | None = None,
                 nlp: Any = None) -> None:
        paths = settings.columns("actor_files") if settings is not None else []
        self.registry = registry or actor_registry(paths)
        if nlp is None:
            from storylens.enrich.nlp import load_english

            nlp = load_english()
        self.nlp = nlp
        self.matcher = matcher_for(self.registry, nlp)
        self._via = {(a.name, f): v for f, a, v in self.registry.surface_forms()}

    # -- the stage ------------------------------------------------------------
    def __call__(self, article: Article) -> Article:
        if article.doc is not None:
            mentions = self.mentions(article.doc, article.text, article.published)
        elif article.language in (None, "en"):
            mentions = self.mentions_from_text(article.text, article.published)
        elif self.covers(article.language):
            mentions = self.mentions_foreign(article.text, str(article.language), article.published)
        else:
            mentions = []
        return article.replace(mentions=tuple(mentions))

    def covers(self, language: str | None) -> bool:
        """Whether articles in ``language`` get actor mentions (English, or a registry language)."""
        return language in (None, "en") or language in self.registry.languages()

    def mentions_foreign(self, text: str, language: str, when: str | None = None) -> list[Mention]:
        """Mentions in an article in another language: that language's forms first, then
        the registry's own forms written alike in it ("NATO", "G20", "Macron") where no
        form of the language already covers the span."""
        matcher = foreign_matcher(self.registry, language)
        if matcher is None:
            return []
        out: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for h in matcher.find(text):
            if h.via == "metonym" and is_dateline(text, h.start, h.end):
                continue  # "LONDRES –", "MOSKAU (dpa) -"
            out.extend(self._expand(h.actor, h.via, h.start, h.end, text[h.start:h.end], when))
            taken.append((h.start, h.end))
        for m in self.mentions_from_text(text, when):
            if not any(m.start < e and s < m.end for s, e in taken):
                out.append(m)
        blocked = blocked_spans(text, language)  # "Helsinki-Kommission" is not Finland
        out = [m for m in out if not any(s <= m.start and m.end <= e for s, e in blocked)]
        out.sort(key=lambda m: (m.start, m.kind != "person", m.actor))
        return out

    # -- matching ---------------------------------------------------------------
    def _ambiguous_drop(self, surface: str, span: Any, text: str) -> bool:
        amb = self.matcher.ambiguous.get(surface) or self.matcher.ambiguous.get(surface.title())
        if amb is None:
            return False
        if amb.cues and _cue_present(text, amb.cues):
            return True
        if amb.person_name and span is not None:
            for ent in span.doc.ents:
                if (ent.label_ == "PERSON" and ent.start <= span.start and span.end <= ent.end
                        and (ent.end - ent.start) > (span.end - span.start)):
                    return True  # "Michael Jordan"; a PERSON label on the bare alias is often wrong
            # "Chad Smith": a capitalised proper noun right after the alias, tagged as a name
            nxt = span.doc[span.end] if span.end < len(span.doc) else None
            if nxt is not None and nxt.ent_type_ == "PERSON" and nxt.is_title:
                return True
        return False

    def _resolve(self, entries: list[tuple[str, str]], when: str | None) -> tuple[str, str]:
        if len(entries) > 1 and when:
            for name, via in entries:
                actor = self.registry.actors[name]
                if actor.kind == "person" and any(r.covers(when) for r in actor.roles):
                    return name, via
        return entries[0]

    def _expand(self, actor_name: str, via: str, start: int, end: int, text: str,
                when: str | None) -> list[Mention]:
        """The mention itself plus the country a person or state organ speaks for."""
        actor = self.registry.actors[actor_name]
        out = [Mention(actor.name, actor.kind, start, end, text, "name" if via == "short" else via)]
        extra: str | None = None
        if actor.kind == "person":
            if when:  # dated article: only an office held that day speaks for a country
                role = self.registry.role_at(actor.name, when)
                extra = role.actor if role else None
            else:  # undated: the current office, else the latest, else nationality
                extra = self.registry.actor_of(actor.name)
            kind_via = "person"
        elif actor.kind == "organisation" and actor.represents and actor.country:
            extra, kind_via = actor.country, "organisation"
        if extra and extra != actor.name and extra in self.registry.actors:
            target = self.registry.actors[extra]
            out.append(Mention(target.name, target.kind, start, end, text, kind_via))
        return out

    def mentions(self, doc: Any, text: str, when: str | None = None) -> list[Mention]:
        seen_full: set[str] = set()
        out: list[Mention] = []
        by_token: dict[int, list[Mention]] = {}
        redefined = redefined_acronyms(text, self.registry)
        for span, key in self.matcher.spans(doc):
            if key == PLACE:
                continue
            surface = span.text
            entries = self.matcher.keys.get(key)
            if not entries or surface in redefined or self._ambiguous_drop(surface, span, text):
                continue
            name, via = self._resolve(entries, when)
            if via == "metonym" and is_dateline(text, span.start_char, span.end_char):
                continue
            if via == "short" and name not in seen_full:
                continue
            if via != "short":
                seen_full.add(name)
            ms = self._expand(name, via, span.start_char, span.end_char, surface, when)
            out.extend(ms)
            for tok in span:
                by_token[tok.i] = ms
        for tok in doc:  # "U.S.-China" is one token; "Sino-US" starts with a combining form
            if tok.i in by_token:
                continue
            if tok.text in COMBINING and tok.i + 1 < len(doc) and doc[tok.i + 1].text in ("-", "–"):
                ms = self._expand(COMBINING[tok.text], "demonym", tok.idx, tok.idx + len(tok.text), tok.text, when)
                out.extend(ms)
                by_token[tok.i] = ms
            elif len(tok.text) > 3 and _HYPHEN.search(tok.text):
                for part in self._hyphen_parts(tok, text, when):
                    out.extend(part)
                    by_token.setdefault(tok.i, part)
        out.extend(self._coref(doc, out, by_token))
        credits = credit_spans(text)
        out.extend(self._ner_persons(doc, text, out, credits))
        if credits:  # bylines and credits name the article's makers, not its actors
            out = [m for m in out if not _in_spans(m.start, m.end, credits)]
        out.sort(key=lambda m: (m.start, m.kind != "person", m.actor))
        return out

    def _ner_persons(self, doc: Any, text: str, found: list[Mention],
                     credits: list[tuple[int, int]] | None = None) -> list[Mention]:
        """People the registry does not hold, from spaCy's PERSON entities (``via="ner"``), so
        Nancy Pelosi's or Alexei Navalny's mentions are counted rather than dropped.

        A new person needs a full name (two or more tokens); a later surname alone ("Navalny")
        counts for the full name seen before it in the article. When a descriptor in front of
        the name gives an affiliation the registry knows ("Russian opposition leader Alexei
        Navalny", "EU foreign policy chief Josep Borrell"), the span also counts for that
        actor with ``via="affiliation"`` (as an office holder counts for the country with
        ``via="person"``; the separate label keeps it out of the direct counts).

        Names in bylines and credits (``credit_spans``) and names joined to an agency by a
        slash ("(AP Photo/Evan Vucci)", "REUTERS/Kevin Lamarque", "(Leah Millis/Reuters)") are
        the article's makers, not its actors: they are skipped, and their surnames do not
        count later."""
        taken = [(m.start, m.end) for m in found]
        credits = credit_spans(text) if credits is None else credits
        out: list[Mention] = []
        full: dict[str, str] = {}  # surname -> full name, in this article
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            toks = [t for t in ent if not (t.is_punct or t.text in ("'s", "’s"))]
            if not toks or any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            if not all(t.text[:1].isupper() for t in toks):
                continue  # "the Jan. 6 committee"-like mistakes and lower-case noise
            name = " ".join(t.text for t in toks)
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            if _in_spans(start, end, credits) or _slash_credit(text, ent.start_char, ent.end_char):
                continue
            if _not_a_person(toks, doc[ent.end] if ent.end < len(doc) else None):
                continue
            if len(toks) >= 2:
                full.setdefault(toks[-1].text, name)
            elif toks[0].text in full:
                name = full[toks[0].text]
            else:
                continue  # a surname or first name alone: whose, is unknown
            if self.registry.lookup(name) is not None:
                continue  # a registry form the matcher left out on purpose (short forms, ambiguity)
            out.append(Mention(name, "person", start, end, text[start:end], "ner"))
            aff = self._affiliation(ent) or self._appositive_affiliation(ent)
            if aff is not None:
                out.append(Mention(aff.name, aff.kind, start, end, text[start:end], "affiliation"))
        return out

    def _affiliation(self, ent: Any) -> Any:
        """The registry actor named by the descriptor right before a person's name: up to four
        title-case or adjective tokens back, in the same sentence ("Russian opposition leader",
        "Israeli Prime Minister", "Ukraine's ambassador").

        A country or body the post is *to* is not the affiliation (``registry.is_destination``):
        "U.S. Ambassador to China Nicholas Burns" is the United States, "Ambassador to China
        Nicholas Burns" nothing, "U.N. Ambassador Nikki Haley" nothing (the US envoy to the UN),
        "Special Representative for Afghanistan Zalmay Khalilzad" nothing."""
        doc = ent.doc
        i = ent.start - 1
        stop = max(ent.sent.start, ent.start - 5)
        while i >= stop:
            tok = doc[i]
            if tok.text in ("'s", "’s"):
                i -= 1
                continue
            if tok.pos_ not in ("PROPN", "ADJ", "NOUN") or tok.is_punct:
                break
            first = i  # where the form starts: "United States" is two tokens
            entries = self.matcher.by_form.get(tok.text)
            prev = doc[i - 1] if i > ent.sent.start else None
            if prev is not None and f"{prev.text} {tok.text}" in self.matcher.by_form:
                entries, first = self.matcher.by_form[f"{prev.text} {tok.text}"], i - 1
                pre = doc[i - 2] if i - 2 >= ent.sent.start else None
                if pre is not None and pre.text[:1].isupper() and pre.pos_ in ("PROPN", "ADJ"):
                    entries, first = None, i  # "Egyptian Islamic Jihad" is not Islamic Jihad
            elif (entries and prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper()):
                entries = None  # part of a longer name: "New Jersey Gov. Phil Murphy" is not Jersey
            actor = self.registry.actors.get(entries[0][0]) if entries else None
            if actor is not None and actor.kind in ("country", "organisation"):
                before = [t.lower_ for t in doc[max(ent.sent.start, first - 4):first]]
                after = doc[i + 1].text if i + 1 < ent.start else ""
                if not is_destination(before, after, actor.kind):
                    # an alias with another reading never gives one ("Georgia Gov. Brian Kemp")
                    if tok.text not in self.matcher.ambiguous and tok.text.title() not in self.matcher.ambiguous:
                        return actor
                else:
                    # the post is to this actor: look past the preposition for the sender
                    j = first - 1
                    while j >= ent.sent.start and doc[j].lower_ in ("the", "a", "an"):
                        j -= 1
                    if j >= ent.sent.start and doc[j].pos_ == "ADP":
                        j -= 1
                    i = j
                    stop = max(ent.sent.start, i - 4)
                    continue
            i = first - 1
        return None

    def _appositive_affiliation(self, ent: Any) -> Any:
        """The country an appositive after the name gives ("Kim Kielsen, Greenland's premier,";
        "Amr Hamzawy, an Egyptian political scientist"): the appositive's words up to the next
        comma, read by ``resolve_affiliation`` (so "an expert on North Korea" gives none)."""
        doc = ent.doc
        if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
            return None
        appos = [t for t in ent.root.children if t.dep_ == "appos" and t.i > ent.end]
        if not appos:
            return None
        head = appos[0]
        first = min(t.i for t in head.subtree)
        last = max(t.i for t in head.subtree)
        if first != ent.end + 1:
            return None
        words = []
        for t in doc[first:last + 1]:
            if t.text in (",", ";", "(", "—", "–") or t.dep_ == "relcl" or t.lower_ in ("who", "which", "that"):
                break
            words.append(t.text_with_ws)
        name = self.registry.resolve_affiliation("".join(words).strip())
        amb = self.matcher.ambiguous.get(name) if name else None
        if amb is not None and amb.cues and _cue_present(doc.text, amb.cues):
            return None  # "Saxby Chambliss, Republican of Georgia," is from the US state
        return self.registry.actors.get(name) if name else None

    def _hyphen_parts(self, tok: Any, text: str, when: str | None) -> list[list[Mention]]:
        out = []
        pos = tok.idx
        for part in _HYPHEN.split(tok.text):
            start = text.find(part, pos) if part else -1
            if start < 0:
                continue
            pos = start + len(part)
            if part in COMBINING:
                out.append(self._expand(COMBINING[part], "demonym", start, pos, part, when))
                continue
            entries = self.matcher.by_form.get(part)
            if not entries or self.registry.is_place(part) or self._ambiguous_drop(part, None, text):
                continue
            name, via = self._resolve(entries, when)
            if via == "short":
                continue
            out.append(self._expand(name, via, start, pos, part, when))
        return out

    def mentions_from_text(self, text: str, when: str | None = None) -> list[Mention]:
        """Matching without a parse (no coreference, no PERSON check)."""
        out: list[Mention] = []
        pos = 0
        folded = text.casefold()
        redefined = redefined_acronyms(text, self.registry)
        for form in scan(self.registry, text):
            idx = text.find(form, pos)
            if idx < 0:
                idx = folded.find(form.casefold(), pos)
                if idx < 0:
                    continue
            end = idx + len(form)
            pos = end  # past places too: "China" inside "South China Sea" is not looked at again
            if self.registry.is_place(form):
                continue
            actor = self.registry.lookup(form, when)
            if actor is None or form in redefined or self._ambiguous_drop(form, None, text):
                continue
            via = self._via.get((actor.name, form), "name")
            if via == "short":
                continue
            out.extend(self._expand(actor.name, via, idx, end, text[idx:end], when))
        credits = credit_spans(text)
        if credits:
            out = [m for m in out if not _in_spans(m.start, m.end, credits)]
        return out

    # -- coreference --------------------------------------------------------------
    def _coref(self, doc: Any, found: list[Mention], by_token: dict[int, list[Mention]]) -> list[Mention]:
        if not found:
            return []
        out: list[Mention] = []
        sents = list(doc.sents)
        sent_of = {}
        for si, s in enumerate(sents):
            for t in range(s.start, s.end):
                sent_of[t] = si
        countries_by_sent: dict[int, list[Mention]] = {}
        for m in found:
            if m.kind == "country":
                tok = doc.char_span(m.start, m.end, alignment_mode="expand")
                if tok is not None:
                    countries_by_sent.setdefault(sent_of.get(tok.start, 0), []).append(m)
        for tok in doc:
            low = tok.lower_
            # "the country", "the government": one country in reach, else nothing
            if (low in DEFINITE and tok.is_lower and tok.i > 0 and doc[tok.i - 1].lower_ == "the"
                    and tok.i not in by_token):
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and (nxt.pos_ == "PROPN" or nxt.lower_ in ("of", "in")):
                    continue  # "the government of Japan", "the nation in question"
                si = sent_of.get(tok.i, 0)
                window = []
                for s in range(max(0, si - COREF_WINDOW), si + 1):
                    for m in countries_by_sent.get(s, []):
                        if s < si or m.end <= tok.idx:
                            window.append(m)
                names = {m.actor for m in window}
                if len(names) == 1:
                    start = doc[tok.i - 1].idx
                    end = tok.idx + len(tok.text)
                    out.append(Mention(window[-1].actor, "country", start, end, doc_text(doc)[start:end], "coref"))
            elif low in PRONOUNS and tok.i not in by_token and tok.dep_ in PRONOUN_DEPS:
                ante = self._pronoun_antecedent(tok, by_token, PRONOUNS[low])
                if not ante:
                    continue
                m = ante[0]  # a person pronoun names the person; their country is counted by name
                if m.kind == "person":
                    gender = self.registry.actors[m.actor].gender or "m"
                    if (low in FEMININE) != (gender == "f"):
                        continue
                out.append(Mention(m.actor, m.kind, tok.idx, tok.idx + len(tok.text), tok.text, "coref"))
        return out

    @staticmethod
    def _pronoun_antecedent(tok: Any, by_token: dict[int, list[Mention]],
                            kinds: tuple[str, ...]) -> list[Mention] | None:
        """The subject of the nearest governing clause, when it is an actor mention before the
        pronoun in the same sentence and of a compatible kind; None otherwise."""
        if tok.dep_ in ("expl",) or (tok.lower_ == "it" and tok.dep_ == "nsubj" and tok.head.lemma_ == "be"):
            return None
        node = tok
        for _ in range(8):
            head = node.head
            if head is node:
                return None
            node = head
            if node.pos_ not in ("VERB", "AUX"):
                continue
            subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i]
            if not subj:
                continue
            s = subj[0]
            if s.i >= tok.i:
                return None
            # the subject token or one of its compound/possessive children carries the mention
            cands = [s, *[c for c in s.children if c.dep_ in ("compound", "poss", "amod")]]
            for c in cands:
                ms = by_token.get(c.i)
                if ms:
                    primary = ms[0]
                    return [primary] if primary.kind in kinds else None
            return None
        return None


def annotate_text(text: str, published: str | None = None) -> list[Mention]:
    """Mentions in a text (parses it): a convenience for notebooks and tests."""
    from storylens.enrich.nlp import load_english

    stage = ActorStage(Settings())
    return stage.mentions(load_english()(text), text, published)
