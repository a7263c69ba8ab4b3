"""Speaker resolution: mention span, canonical name, descriptor, type, anonymity.

The speaker mention is the cue's subject noun phrase. From it:
- the **name** is the PERSON/ORG/GPE entity it holds (or its proper-noun run);
  a short name ("Xi", "Mr. Wu") becomes the longest earlier entity that
  contains it ("Xi Jinping");
- the **descriptor** is the apposition ("Gu Su, *a political scientist at
  Nanjing University*") or the pre-modifiers ("*Beijing-based independent
  analyst* Wu Qiang"), or the whole phrase when there is no name;
- pronouns (he, she, they, it, who) and definite descriptions ("the
  president", "the report", "the expert") go to the nearest compatible
  antecedent before them, skipping text inside quotation marks;
- unnamed sources are flagged ``anonymous`` ("declined to be named", "a
  source familiar with", "officials said", "a ... expert"), descriptor kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from storylens.enrich.nlp import doc_text
from storylens.enrich.quotes import lexicon as lx
from storylens.enrich.quotes.extract import (
    Attribution,
    _Ent,
    _ent_of,
    _registry_actor,
    dateline_end,
    is_headline_line,
    said_word,
)

NAME_ENTS = ("PERSON", "ORG", "GPE", "NORP", "FAC")
TITLES = frozenset(["mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "prof.", "sir"])
_PERSONISH = lx.OFFICIAL_WORDS | lx.EXPERT_WORDS | lx.CITIZEN_WORDS | lx.ANON_HEADS | frozenset(
    ["man", "woman", "person", "spokesman", "spokeswoman", "spokesperson"])


# words for a body, not a person: "the administration" is not the last person named (an AllSides
# article's "The administration has rebuffed calls" went to Bashar al-Assad, 2026-12-07)
_INSTITUTIONS = frozenset(["government", "administration", "cabinet", "politburo", "ministry", "police",
                           "justice", "university", "institute", "think-tank"])


# people who belong to an organisation without speaking for it (its spokesman and officials do)
_MEMBERS = frozenset(["employee", "worker", "staff", "staffer", "member", "resident", "customer", "user", "voter",
                      "supporter", "fan", "student", "passenger", "investor", "shareholder", "critic", "opponent"])


# speech verbs that a title-case headline writes after a name and that are no word of a name
# (unlike "States", "Reports", "Notes")
_TITLE_VERBS = frozenset(["says", "warns", "urges", "vows", "insists", "tells", "admits", "denies", "slams",
                          "blasts", "blames", "asks", "declares", "predicts", "pledges", "promises", "threatens"])
_ROLE_HEADS = frozenset(["chief", "commenter", "host", "blogger", "commander", "executive", "director", "manager"])
_SPOKES = frozenset(["spokesman", "spokeswoman", "spokesperson"])


def _one_of_body(head: Any) -> bool:
    """A word for a person who is one of a body's people, not its voice (see SpeakerResolver.resolve)."""
    lemma, low = head.lemma_.lower(), head.lower_
    if lemma in _SPOKES or low in _SPOKES:
        return False
    return any(w in _PERSONISH or w in _MEMBERS or w in _ROLE_HEADS for w in (lemma, low))


def _role_descriptor(desc: str) -> bool:
    """A descriptor that ends with a person's role ("Prime Minister", "Maltese foreign minister",
    "State Department spokeswoman"): whoever it describes is a person."""
    words = desc.lower().split()
    return 0 < len(words) <= 4 and (words[-1] in _PERSONISH or words[-1] in ROLE_WORDS) \
        and words[-1] not in _INSTITUTIONS  # (a long description ends anywhere: "... for The Ottawa Citizen")


def _issuer(subj: Any) -> Any:
    """The named issuer of a document subject (its "from"/"by" phrase, or the agent of "issued",
    "released", "published" ... after it), as an entity span, or None."""
    if subj.lemma_.lower() not in lx.ISSUED_DOCUMENTS or subj.pos_ != "NOUN":
        return None
    preps = [c for c in subj.children if c.dep_ == "prep" and c.lower_ in ("from", "by")]
    for acl in (c for c in subj.children if c.dep_ == "acl" and c.lemma_.lower() in lx.ISSUE_VERBS):
        preps += [c for c in acl.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")]
    for p in preps:
        obj = next((c for c in p.children if c.dep_ == "pobj"), None)
        ent = _ent_of(obj) if obj is not None else None
        if ent is not None and ent.label_ in ("ORG", "GPE", "PERSON", "NORP", "FAC"):
            return ent
    return None


def _appos_on_place(subj: Any) -> Any:
    """The person apposed to a role's place or body, which the parse hung on the place: "The
    self-declared mayor of Slavyansk, Vyacheslav Ponomarev, confirmed" has the appositive under
    "Slavyansk" (the speaker had been the last person named before, Valeriy Bolotov). A place or an
    organisation is never a person, so the person is the role's; not under a person noun ("the
    son of the dictator, Kim" describes the dictator)."""
    for prep in subj.children:
        if prep.dep_ != "prep" or prep.i < subj.i:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.ent_type_ not in ("GPE", "LOC", "ORG", "FAC", "NORP"):
                continue
            for c in obj.children:
                if c.dep_ == "appos" and c.ent_type_ == "PERSON":
                    return _ent_of(c)
    return None


def _aside_start(subj: Any, end: int, cue: int | None = None) -> int:
    """Where the words describing an unnamed speaker end: before a relative clause set off by a
    comma or a dash. "One prisoner there—who said he'd already been dealing with untreated cancer
    for a year—reported ..." is "One prisoner there" (the whole clause had been the speaker's
    name); "A woman, who asked not to be named, said" is "A woman" (still anonymous: the
    anonymity phrases are read in the whole sentence). The mention's span keeps the clause. So
    does the relative clause that holds the cue (token ``cue``): "the mediator who claims that ..."
    is "the mediator" (40 AllSides articles, 2026-12-08: the descriptor had been the whole sentence)."""
    doc = subj.doc
    for c in subj.children:
        k = c.left_edge.i
        if c.dep_ == "relcl" and subj.i < k < end and doc[k - 1].text in (",", "—", "–", "-", "--", "("):
            end = min(end, k - 1)
        elif c.dep_ == "relcl" and cue is not None and subj.i < k <= cue <= c.right_edge.i and k < end:
            end = k
    return end


def _person_span(doc: Any, i: int, j: int) -> Any:
    """``doc[i:j]`` as a PERSON span, for a name the NER did not label (or labelled otherwise)."""
    from spacy.tokens import Span

    return Span(doc, i, j, label="PERSON")


def _after_credit(doc: Any, text: str, ent: Any) -> Any:
    """The entity without a dateline or photo credit the NER ran it over ("Saul Loeb/AFP/Getty
    Images Trump" -> "Trump"); None when nothing of it is left."""
    prose = dateline_end(text, ent.end_char - 1)
    if ent.start_char >= prose:
        return ent
    k = ent.start
    while k < ent.end and doc[k].idx < prose:
        k += 1
    return doc[k:ent.end] if k < ent.end else None


def _appos_end(appos: list[Any]) -> int:
    """The last token of an apposition the parse split into adjacent pieces ("Wang Shouwen, China's
    vice-minister for commerce," came out as the appositions "China's", "vice", "-", "minister for
    commerce": the descriptor had been "China's"; 2026-12-08)."""
    end = appos[0].right_edge.i
    for a in appos[1:]:
        if a.left_edge.i != end + 1:
            break
        end = a.right_edge.i
    return end


def _across_colon(doc: Any, ent: Any, c: Any) -> bool:
    """An apposition parsed across a colon or a line break is the rest of a headline, not a
    description ("John Kerry: Syria peace prospects ride on weapons talks")."""
    lo, hi = (ent.end_char, c.idx) if c.i >= ent.end else (c.idx, ent.start_char)
    between = doc_text(doc)[lo:hi]
    return ":" in between or "\n" in between


# a description with these words is an unnamed source, not the person named before it: "said the
# senior administration official" after "David Schenker, a former official" (2026-12-08)
_UNNAMED_MODS = frozenset(["senior", "administration", "anonymous", "unnamed"])


# the portfolio at the end of a title ("Minister of Commerce", "Secretary of State")
_PORTFOLIOS = frozenset(["commerce", "defense", "defence", "state", "justice", "finance", "health", "trade",
                         "affairs", "interior", "energy", "education", "agriculture", "labor", "labour",
                         "treasury", "transportation", "security", "information", "industry"])

# modifiers that make another role of a head: "the vice president" is not the president
_ROLE_PREFIXES = ("vice", "deputy", "assistant", "acting", "lieutenant", "associate")

# roles specific enough that a person holding one is not "the president" (speakers._other_role)
_GENERIC_ROLES = _INSTITUTIONS | frozenset(["official", "officials", "leader", "lawmaker", "legislator", "diplomat",
                                             "officer", "chair"])
_SPECIFIC_ROLES = (lx.OFFICIAL_WORDS | lx.EXPERT_WORDS | frozenset(
    ["director", "counsel", "adviser", "advisor", "representative", "ceo", "founder", "executive"])) - _GENERIC_ROLES


def _country_word(word: str) -> str:
    """The country a modifier names ("French", "U.S.", "Israeli"), "" for any other word."""
    actor = _registry_actor(word) if word[:1].isalpha() else None
    return actor.name if actor is not None and actor.kind == "country" else ""


def _after_body(run: list[Any]) -> list[Any]:
    """A proper-noun run that opens with an organisation or a country the registry knows, then a
    name of two words or more, is the name alone: "former ambassador to the United Nations John
    Bolton" gave the run "United Nations John Bolton", and Bolton's quotes that speaker (120
    AllSides articles, 2026-12-08)."""
    for k in range(1, len(run) - 1):
        actor = _registry_actor(" ".join(t.text for t in run[:k]))
        if actor is not None and actor.kind != "person":
            return run[k:]
    return run


def _descriptor_start(pre: Any) -> int | None:
    """Index of the first word of the descriptor in the words before a name ("Kremlin spokesman"
    Dmitry Peskov): not a determiner, punctuation or bare title, nor a question word, adverb or
    conjunction ("Why Mark Zuckerberg Keeps Saying ..." gave the descriptor "Why")."""
    for t in pre:
        if t.dep_ in ("det", "punct") or t.lower_ in TITLES:
            continue
        if t.tag_ in ("WRB", "WP", "WDT", "WP$") or t.pos_ in ("ADV", "SCONJ", "CCONJ", "ADP", "PART") \
                or (t.is_sent_start and said_word(t.text)):
            continue
        return int(t.i)
    return None


class _Clip:
    """An entity or proper-noun run cut short before ``stop`` (a character offset), label kept."""

    def __init__(self, doc: Any, span: Any, stop: int) -> None:
        j = span.start
        while j < span.end and doc[j].idx < stop:
            j += 1
        j = max(j, span.start + 1)
        self.span = doc[span.start:j]
        self.start, self.end = span.start, j
        self.label_ = getattr(span, "label_", "")
        self.text = self.span.text
        self.start_char, self.end_char = self.span.start_char, self.span.end_char


def _same_line_subject(subj: Any, cue_start: int | None) -> Any:
    """A subject parsed onto the line above its cue ("Tillerson Out, Pompeo In" / "Tillerson said
    ...": spaCy makes "In" the subject and the real name its object) is replaced by the last noun
    of its phrase on the cue's own line, when there is one."""
    if cue_start is None or subj.idx >= cue_start:
        return subj
    text = doc_text(subj.doc)
    line_start = dateline_end(text, cue_start)  # "KYIV, Ukraine (AP) — X said": never the dateline
    if subj.idx >= line_start:
        return subj  # (any line above: a dateline or a time stamp, "1:50 p.m." / "Famed ... said:")
    on_line = [t for t in subj.subtree if line_start <= t.idx < cue_start and t.pos_ in ("PROPN", "NOUN", "PRON")]
    return on_line[-1] if on_line else subj


def _mention_stop(attr: Attribution, subj: Any) -> int:
    """Character offset a headline's speaker mention must end before: the cue or the content
    that follows the subject (no limit for a subject after both, as in "..., Erdogan says",
    nor in running text)."""
    stop = attr.extras.get("name_end", 1 << 62)  # ("Obama On Climate Change: '...'": the name ends at "On")
    if not is_headline_line(doc_text(subj.doc), subj.idx):
        # in running text a speaker phrase may hold its cue ("a problem that demands ..."), but only
        # as part of it: a cue the phrase spans only because the parse hung a later word on the
        # subject ("Possible entrants to the US would have to answer questions ..., the rule of law"
        # with "rule" an apposition of "entrants") ends it (60 AllSides articles: that whole sentence
        # was the speaker of three quotes)
        i = attr.extras.get("cue_token")
        if i is not None and subj.i < i <= subj.right_edge.i and subj not in subj.doc[i].ancestors:
            k = subj.i + 1  # the phrase ends with the subject's own words
            while k <= subj.right_edge.i and subj in subj.doc[k].ancestors:
                k += 1
            stop = min(stop, subj.doc[k].idx)
        return stop
    for off in (attr.cue_start, attr.start):
        if off is not None and off > subj.idx:
            stop = min(stop, off)
    return stop


# Words that make a leading part of a name a title: "President Joe Biden", "FBI Director James
# Comey", "House Speaker John Boehner", "Historian Julian Zelizer", "Republican Ed Royce".
ROLE_WORDS = (lx.OFFICIAL_WORDS | lx.EXPERT_WORDS | frozenset([
    "candidate", "representative", "speaker", "director", "former", "first", "lady", "republican", "democrat",
    "democratic", "chief", "executive", "ceo", "founder", "host", "anchor", "coach", "pope", "pastor", "rev.",
    "bishop", "rabbi", "imam", "sheikh", "lt.", "gen.", "col.", "sgt.", "capt.", "adm.", "maj.", "cmdr.",
    "secretary-general", "president-elect", "nominee", "commissioner", "administrator", "activist", "author",
    "staff",  # "Chief of Staff Denis McDonough" had been said by "Staff Denis McDonough" (2026-12-08)
    "adviser", "advisor",  # "National-Security Adviser John Bolton" had been "Security Adviser John Bolton"
])) - frozenset(["university", "institute", "police", "government", "administration", "cabinet", "politburo",
                 "justice", "general"])


def split_title(name: str) -> tuple[str, str]:
    """("FBI Director James Comey") -> ("James Comey", "FBI Director"): the words up to the last
    role word before a capitalised name are a title, not part of the name (kept as descriptor)."""
    parts = name.split()
    cut = -1
    for i, w in enumerate(parts[:-1]):
        if w.lower().strip(",") in ROLE_WORDS:
            cut = i
    rest = parts[cut + 1:]
    if cut < 0 or not rest or not all(w[:1].isupper() for w in rest):
        return name, ""
    if {w.lower().strip(".,’'") for w in rest} & (lx.ORG_WORDS | lx.MEDIA_WORDS):
        return name, ""  # "Justice Department", "Speaker of the House": an institution
    return " ".join(rest), " ".join(parts[: cut + 1])


def _strip_possessive(s: str) -> str:
    for suf in ("'s", "’s"):
        if s.endswith(suf):
            return s[: -len(suf)]
    return s


# lower-case words that belong inside a person's or organisation's name ("Ursula von der Leyen",
# "Osama bin Laden", "Bank of England" is an ORG); any other ("Trump of Macron", a NER span run
# over "of") means the span is not one name
NAME_PARTICLES = frozenset(["de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der", "den",
                            "ten", "ter", "bin", "bint", "ibn", "al", "el", "la", "le", "y", "of", "for", "and", "&"])
PERSON_PARTICLES = NAME_PARTICLES - frozenset(["of", "for", "and", "&"])


# a word glued to the next by a page's inline link text ("TrumpTrump", "CardinOvernight"); name
# prefixes that take a capital inside ("McConnell", "DeSantis", "MacArthur") do not match
_GLUED = re.compile(r"^[A-Z][a-z]{2,}[A-Z][a-z]")
_GLUE_OK = ("Mac", "Van", "Von", "Del", "Della", "Dal")


def _name_like(toks: list[str], person: bool = True) -> bool:
    """Whether a run of words can be one name: capitalised words and name particles only, no word
    twice and no two words glued together (a page's hover-card text, "Trump Donald John
    TrumpTrump", is a run of proper nouns but not a name)."""
    particles = PERSON_PARTICLES if person else NAME_PARTICLES
    if _link_text(toks) or any(t in ("'s", "’s") for t in toks):  # ("Trump’s December 6 speech")
        return False
    if person and toks and toks[0] in _BODY_ABBREVIATIONS:
        return False  # "U.S. Ambassador to the U.N. Samantha Power": the run "U.N. Samantha Power" is no name
    return all(t[:1].isupper() or not t[:1].isalpha() or t.lower() in particles for t in toks)


_BODY_ABBREVIATIONS = frozenset(["U.S.", "U.N.", "U.K.", "E.U.", "US", "UN", "UK", "EU", "NATO"])


def _link_text(words: list[str]) -> bool:
    """A word twice or two words glued together: the run is a page's link or hover-card text."""
    return len(set(words)) < len(words) or any(_GLUED.match(w) and not w.startswith(_GLUE_OK) for w in words)


def _heading_at(text: str, pos: int) -> bool:
    """A headline line, or a short line that is not a sentence of prose ("Where is Fauci?", a
    sub-heading): a name there is not the article's first reference to the person."""
    if is_headline_line(text, pos):
        return True
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    line = text[lo: hi if hi >= 0 else len(text)].strip()
    return len(line.split()) <= 8 and not line.endswith((".", '"', "”", "'", "’", ":", ","))


# the entity labels a name may lengthen to, by its own label; any other label may lengthen to any
# name (the NER labels a person ORG or NORP, "Mattis" -> "Peter Mattis")
_SAME_KIND = {"PERSON": ("PERSON",), "GPE": ("GPE",)}


def _plural(a: Attribution) -> bool:
    """The speaker is a plural noun phrase ("the deal's opponents", "critics"): its head is plural
    and in the speaker's words (the parse of "Rodriguez points blame" makes "points" the head of
    the speaker Samuel Rodriguez)."""
    return a.subject is not None and a.subject.tag_ in ("NNS", "NNPS") and a.subject.text in (a.speaker or "")


_TRAILING_CONJ = re.compile(r"(?:[\s,;]+(?:and|or|but))+$")


def _clean(s: str) -> str:
    """One line, no edge punctuation, no leading quotation mark, no
    dangling conjunction ("New Jersey Democrat, and", from "Robert Menendez, New Jersey Democrat,
    and ranking Republican Bob Corker ... wrote"; "' Trump" from a title's "'Surreal' Trump ...",
    "”An aide" from "investigation.”An aide"; not the "’s" of a cut possessive)."""
    s = _LEADING_MARK.sub("", " ".join(s.replace("\n", " ").split()).strip(" ,;:-—"))
    return _TRAILING_CONJ.sub("", s).strip(" ,;:-—")


_LEADING_MARK = re.compile(r"^[\"'‘’“”«»]+(?!s\b)\s*")


def _no_name(doc: Any, span: Any) -> bool:
    """A span (a Span, ``_Ent`` or ``_Clip``) that cannot name a speaker: fewer than two letters
    once a possessive is cut ("2020", "’s"), or a date or time ("Last week", "Monday") as a whole."""
    if sum(ch.isalpha() for ch in _strip_possessive(_clean(span.text))) < 2:
        return True
    return all(doc[k].ent_type_ in ("DATE", "TIME") for k in range(span.start, span.end))


SPEAKER_FIELDS = ("speaker", "speaker_descriptor", "speaker_type", "anonymous", "speaker_actor")


def copy_speaker(attr: Attribution, src: Attribution) -> None:
    """``attr`` is said by whoever said ``src`` (a pronoun, a floating quote, a turn's "I")."""
    for f in SPEAKER_FIELDS:
        setattr(attr, f, getattr(src, f))


class SpeakerResolver:
    """Resolves speakers for one doc; ``actor_of`` maps (name, descriptor) to a registry actor."""

    def __init__(self, doc: Any, quote_spans: list[tuple[int, int]],
                 actor_of: Callable[..., Any] | None = None, when: str | None = None) -> None:
        self.doc = doc
        self.when = when
        self.quote_spans = quote_spans
        self.actor_of = actor_of
        text = doc_text(doc)
        self.ents = [e for e in (_after_credit(doc, text, e) for e in doc.ents if e.label_ in NAME_ENTS)
                     if e is not None and not self._in_quote(e.start_char)]
        self.persons = [e for e in self.ents if e.label_ == "PERSON"]
        # names that can lengthen a short name: none from a heading, where Title Case runs verbs
        # and nouns into the name ("Tillerson Out, Pompeo In", "Tillerson Says 'All", the
        # sub-heading "Will Oscar Health Profit from COVID-19?")
        self._junk: list[tuple[int, int]] = []  # proper-noun runs that are link text, not names
        self.propn_runs = self._propn_runs()
        self.full_names = [e for e in self.ents if not _heading_at(text, e.start_char)
                           and not any(lo <= e.start_char < hi for lo, hi in self._junk)]
        self._canon: dict[tuple[str, str | None], str] = {}
        self._gender_ok: dict[tuple[str, str], bool] = {}
        self.descriptors = self._descriptors()
        self.resolved: list[tuple[int, Attribution]] = []  # (char offset of mention, attribution)

    def _in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quote_spans)

    def _propn_runs(self) -> list[str]:
        """Proper-noun runs outside quotes ("Xi Jinping's" when NER only found "Xi"), titles dropped."""
        runs: list[str] = []
        cur: list[Any] = []
        text = doc_text(self.doc)
        lines: dict[int, bool] = {}

        def headline_at(pos: int) -> bool:
            lo = text.rfind("\n", 0, pos) + 1
            if lo not in lines:
                lines[lo] = _heading_at(text, pos)
            return lines[lo]

        prose: dict[int, int] = {}

        def in_prose(pos: int) -> bool:  # not in a dateline or photo credit ("Saul Loeb/AFP/Getty Images")
            lo = text.rfind("\n", 0, pos) + 1
            if lo not in prose:
                prose[lo] = dateline_end(text, text.find("\n", lo) if "\n" in text[lo:] else len(text))
            return pos >= prose[lo]

        for tok in [*self.doc, None]:
            if tok is not None and tok.pos_ == "PROPN" and not self._in_quote(tok.idx) \
                    and not headline_at(tok.idx) and in_prose(tok.idx) \
                    and tok.lower_ not in lx.OFFICIAL_WORDS and tok.lower_ not in TITLES \
                    and not (tok.is_sent_start and lx.verb_only(tok.lower_)):  # ("Imagine Trump saying")
                cur.append(tok)
                continue
            if len(cur) >= 2:
                words = [t.text for t in cur]
                if _link_text(words):
                    # a hover card's "Donald John TrumpTrump": neither it nor an entity inside it
                    # ("Trump Donald") is a fuller form of a name
                    self._junk.append((cur[0].idx, cur[-1].idx + len(cur[-1].text)))
                elif sum(1 for t in cur if t.ent_iob_ == "B") < 2:
                    # (a run over two entities is two names: "Secretary of State John Kerry" gave
                    # "State John Kerry", ORG then PERSON, and Kerry's quotes that name)
                    cur = _after_body(cur)
                    runs.append(text[cur[0].idx: cur[-1].idx + len(cur[-1].text)])  # as written
            cur = []
        return runs

    def _descriptors(self) -> dict[str, str]:
        """name -> first descriptor the article gives any PERSON/ORG (apposition or pre-modifiers)."""
        out: dict[str, str] = {}
        text = doc_text(self.doc)
        for ent in self.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            root = ent.root
            desc = None
            d0 = ent.start  # where the descriptor starts
            appos = [c for c in root.children if c.dep_ == "appos" and not (ent.start <= c.i < ent.end)
                     and not _across_colon(self.doc, ent, c)]
            if appos:
                a = appos[0]
                d0 = a.left_edge.i
                desc = _clean(self.doc[d0: _appos_end(appos) + 1].text)
            elif root.dep_ == "appos" and root.head.pos_ == "NOUN":
                d0 = root.head.left_edge.i
                desc = _clean(self.doc[d0: ent.start].text)
            else:
                first = _descriptor_start(self.doc[root.left_edge.i: ent.start])
                if first is not None and "\n" not in self.doc[first: ent.start].text:
                    d0 = first
                    desc = _clean(self.doc[first: ent.start].text)
            prose = dateline_end(text, ent.start_char)
            if desc and self.doc[d0].idx < prose <= ent.start_char:
                # a wire dateline is no descriptor ("Washington (CNN) Donald Trump says ...": "Washington
                # (CNN)" had described Trump for the whole article; 2026-12-08); what follows it may be
                # ("WASHINGTON (Reuters) - Attorney General William Barr": "Attorney General")
                k = d0
                while k < ent.start and self.doc[k].idx < prose:
                    k += 1
                desc = _clean(self.doc[k: ent.start].text) if not appos and k < ent.start else None
            if desc and len(desc.split()) <= 15:
                out.setdefault(_strip_possessive(_clean(ent.text)), desc)
        return out

    # -- names ------------------------------------------------------------
    def canonical(self, name: str, label: str | None) -> str:
        key = (name, label)
        if key not in self._canon:
            self._canon[key] = self._canonical(name, label)
        return self._canon[key]

    def _canonical(self, name: str, label: str | None) -> str:
        parts = [p for p in name.split() if p.lower() not in TITLES]
        name = _strip_possessive(" ".join(parts))
        if label in (None, "PERSON"):
            name = split_title(name)[0]
        if not name:
            return name
        toks = set(name.split())
        best = name
        if name.lower().startswith("the "):
            name = name[4:]
            best = name
            toks = set(name.split())
        # a place lengthens to a place ("North" -> "North Korea"), never to an organisation named
        # after it ("U.S." -> "U.S. Supreme Court", "Florida" -> "Florida Department of Health")
        kinds = _SAME_KIND.get(label or "PERSON", NAME_ENTS)
        pool = [e.text for e in self.full_names if e.label_ in kinds]
        if label in (None, "PERSON"):
            pool += self.propn_runs
        longer: list[tuple[str, str]] = []  # (text as written, candidate name)
        for etext in pool:
            cand = _strip_possessive(" ".join(p for p in etext.split() if p.lower() not in TITLES))
            if label in (None, "PERSON"):
                cand = split_title(cand)[0]
            if cand.lower().startswith("the "):
                cand = cand[4:]
            ctoks = cand.split()
            if len(ctoks) >= 3 and ctoks[0].lower() in _PORTFOLIOS:
                # "Vice Minister of Commerce Wang Shouwen": the portfolio ends the title, it starts no
                # name (the speaker had been "Commerce Wang Shouwen"; 40 AllSides articles, 2026-12-08)
                ctoks = ctoks[1:]
                cand = " ".join(ctoks)
            if len(ctoks) > len(name.split()) and toks <= set(ctoks) and len(ctoks) <= 4 \
                    and _name_like(ctoks, person=label in (None, "PERSON")):
                longer.append((etext, cand))
        if longer:
            alone = self._first_alone(name, [e for e, _ in longer])
            text = doc_text(self.doc)
            for etext, cand in longer:
                # first reference: a short name lengthens only to a fuller name the article gave
                # before it used the short one on its own ("President Trump" ... "Melania Trump":
                # a second person, not Trump's full name)
                if len(cand.split()) > len(best.split()) and 0 <= text.find(etext) < alone:
                    best = cand
        if label in (None, "PERSON"):
            best = split_title(best)[0] or best
        return best

    def _first_alone(self, name: str, fuller: list[str]) -> int:
        """Offset of the first use of ``name`` outside every ``fuller`` name holding it, headings
        left out (a headline's "Tillerson Out" comes before the body's "Rex Tillerson"); a large
        number when there is none."""
        text = doc_text(self.doc)
        covered: list[tuple[int, int]] = []
        for f in set(fuller):
            at = text.find(f)
            while at >= 0:
                covered.append((at, at + len(f)))
                at = text.find(f, at + 1)
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            if any(lo <= m.start() < hi for lo, hi in covered) or _heading_at(text, m.start()):
                continue
            return m.start()
        return 1 << 62

    def descriptor_of(self, name: str | None) -> str | None:
        if not name:
            return None
        if name in self.descriptors:
            return self.descriptors[name]
        for other, desc in self.descriptors.items():
            if set(other.split()) <= set(name.split()) or set(name.split()) <= set(other.split()):
                return desc
        return None

    def _nearest(self, before: int, labels: tuple[str, ...], ok: Callable[[Any], bool] | None = None) -> Any:
        """The last entity with one of ``labels`` ending before ``before`` that passes ``ok``, tested
        from the nearest back (``ok`` may ask the registry, so the nearest is asked first)."""
        for e in reversed(self.ents):
            if e.label_ in labels and e.end_char <= before and (ok is None or ok(e)):
                return e
        return None

    def _gender_fits(self, name: str, pronoun: str) -> bool:
        """Whether a person the registry knows could be "he" or "she" ('she urged' after
        "criticized Obama and Kerry" is not Kerry); anyone it does not know could."""
        want = {"he": "m", "him": "m", "she": "f", "her": "f"}.get(pronoun)
        if want is None or self.actor_of is None:
            return True
        key = (name, want)
        if key not in self._gender_ok:
            self._gender_ok[key] = self._gender_is(name, want)
        return self._gender_ok[key]

    def _gender_is(self, name: str, want: str) -> bool:
        try:
            actor = self.actor_of.reg.lookup(self.canonical(_clean(name), "PERSON"), self.when)  # the article's
            # full name: "Mrs. Clinton" is Hillary Clinton where the article named her
        except Exception:
            return True
        gender = getattr(actor, "gender", None) if actor is not None and actor.kind == "person" else None
        return gender is None or gender == want

    def _nearest_speaker(self, before: int, pred: Callable[[Attribution], bool]) -> Attribution | None:
        best = None
        for off, a in self.resolved:
            if off < before and pred(a):
                best = a
        return best

    # -- main ----------------------------------------------------------------
    def resolve(self, attr: Attribution) -> None:
        if "byline" in attr.extras:
            self._byline(attr)
            return
        if "turn" in attr.extras:
            self._turn(attr)
            return
        subj = attr.subject
        if subj is None:
            inherit = attr.extras.get("inherit")
            if inherit is not None:
                copy_speaker(attr, inherit)
                attr.speaker_start, attr.speaker_end = inherit.speaker_start, inherit.speaker_end
            return
        doc = self.doc
        subj = attr.subject = _same_line_subject(subj, attr.cue_start)
        inner = next((c for c in subj.children if c.dep_ == "nsubj" and c.i < subj.i), None) \
            if subj.tag_ in ("VBZ", "VBD") else None
        if inner is not None:
            # a clause as subject is a headline's two verbs of one subject ("North Korea fires
            # long-range rocket in defiant move, calls launch a success"): its own subject speaks
            subj = attr.subject = inner
        first_person = next((c for c in subj.children if c.dep_ == "conj" and c.lower_ in ("i", "we")), None)
        if first_person is not None:
            # "The secretary general and I had ...": whoever says "I" (had gone to the person named
            # before who could be "the secretary general"; a NATO transcript, 2026-12-08)
            subj = attr.subject = first_person
        lo, hi = subj.left_edge.i, subj.right_edge.i
        # a mention never runs over a line break (a parse can glue a headline onto the first sentence)
        for i in range(subj.i - 1, lo - 1, -1):
            if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
                lo = i + 1
                break
        prose = dateline_end(doc_text(doc), subj.idx)
        while lo < subj.i and doc[lo].idx < prose:
            lo += 1  # nor over a wire dateline ("KYIV, Ukraine (AP) — ...")
        if lo < subj.i and doc[lo].is_sent_start and lx.verb_only(doc[lo].lower_):
            lo += 1  # nor over a sentence-opening imperative ("Imagine Trump saying ...")
        while lo < subj.i and doc[lo].ent_type_ in ("DATE", "TIME"):
            lo += 1  # nor over a date the parse hung on it ("On Sunday South Korean officials said")
        for i in range(subj.i, hi + 1):
            if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
                hi = max(subj.i, i - 1 if "\n" in doc[i].text else i)
                break
        if attr.cue == ":" and attr.cue_start is not None and attr.cue_start < subj.idx:
            while lo < subj.i and doc[lo].idx <= attr.cue_start:
                lo += 1  # nor over a colon before it ("“...”: Obama’s chief economist on ...")
        if lo < subj.i and subj.tag_ == "NNS" and not doc[subj.i - 1].is_punct and (
                _verb_form(subj) or (hi > subj.i and doc[subj.i - 1].text[:1].isupper()
                                     and lx.is_verb(subj.lower_[:-1])
                                     and is_headline_line(doc_text(doc), subj.idx))):
            # a headline's verb tagged as the plural head ("official dismisses claim that ...": the
            # speaker is "official", not "official dismisses"; "Trump slams Emmanuel Macron's rebuke
            # of NATO, says ...": Trump, not the whole first clause)
            hi, subj = subj.i - 1, doc[subj.i - 1]
        # the mention ends before the cue and the content it introduces: a headline parse can run
        # the speaker into both ("Tillerson Says 'All ...", "Poll: Most disapprove of ...")
        stop = _mention_stop(attr, subj)
        while hi > subj.i and doc[hi].idx >= stop:
            hi -= 1
        # a subject's relative clause / trailing punctuation is part of the phrase but not the mention head
        phrase = doc[lo: hi + 1]
        attr.speaker_start, attr.speaker_end = phrase.start_char, phrase.end_char
        phrase_text = _clean(doc[lo: _aside_start(subj, hi + 1, attr.extras.get("cue_token"))].text)
        low = subj.lower_
        sent_text = subj.sent.text.lower()
        anon_phrase = any(p in phrase_text.lower() or p in sent_text for p in lx.ANON_PHRASES)

        # pronouns
        if subj.pos_ == "PRON" or (low in ("who", "that", "which") and not subj.text.isupper()):  # (not "the WHO")
            ante = self._pronoun_antecedent(subj)
            if ante is not None:
                self._copy(attr, ante)
                attr.speaker_start, attr.speaker_end = subj.idx, subj.idx + len(subj.text)
            else:
                attr.speaker_start, attr.speaker_end = subj.idx, subj.idx + len(subj.text)
            self.resolved.append((subj.idx, attr))
            return

        ent = _ent_of(subj)
        name_span = issuer = None
        # "Officials", "Sources", "Aides" in a title-case headline are tagged proper nouns (and may be
        # inside an ORG entity): still unnamed sources ("Pentagon Officials Say ...", "Former NSC
        # Officials Say ..." had been the speakers "Pentagon Officials" and "NSC", not anonymous)
        unnamed = subj.lower_ in lx.ANON_HEADS and not attr.extras.get("headline_name")
        if subj.tag_ == "MD" and subj.text == "May":  # extract.modal_name: Theresa May, parsed as a modal
            name_span = _person_span(doc, subj.i, subj.i + 1)
        elif ent is not None and ent.label_ in NAME_ENTS and not unnamed:
            name_span = ent
        elif not unnamed and (subj.pos_ == "PROPN" or (attr.extras.get("headline_name") and subj.text[:1].isupper())):
            i, j = subj.i, subj.i
            while i - 1 >= lo and doc[i - 1].pos_ == "PROPN" and "\n" not in doc[i - 1].whitespace_ \
                    and not any(ch in doc[i - 1].text for ch in "'’\"") \
                    and not (doc[i - 1].is_sent_start and lx.verb_only(doc[i - 1].lower_)):
                i -= 1  # ("Imagine Trump saying ...": a sentence-opening imperative is no part of a name)
            while j + 1 <= hi and doc[j + 1].pos_ == "PROPN" and doc[j + 1].dep_ in ("compound", "flat"):
                j += 1
            name_span = doc[i: j + 1]
        elif (issuer := _issuer(subj)) is not None:
            name_span = issuer  # "a statement issued by the White House": the White House, described by the phrase
        else:
            # "the company's chief, John Smith" / "analyst John Smith" as compound
            # an apposed name first ("another Iran expert, Patrick Clawson, warns"), then a compound
            kids = sorted(subj.children, key=lambda c: (c.dep_ != "appos", c.ent_type_ != "PERSON", c.i))
            owner = any(c.dep_ == "poss" and c.ent_type_ in ("ORG", "PERSON", "GPE", "NORP", "")
                        and (c.pos_ == "PROPN" or c.ent_type_) for c in subj.children)  # (not "Wednesday's")
            det0 = next((k.lower_ for k in subj.children if k.dep_ in ("det", "nummod")), None)
            one_of = det0 in ("a", "an", "one", "another", "some") and _one_of_body(subj)
            role = subj.lemma_.lower()
            former = any(c.dep_ == "amod" and c.lower_ in ("former", "ex", "erstwhile") for c in subj.children) \
                or any(c.lower_ == "ex" for c in subj.lefts)
            country_role = det0 not in ("the", "this", "that") and (role in lx.OFFICIAL_WORDS or subj.lower_ in lx.OFFICIAL_WORDS) \
                and role not in _SPOKES and role not in _INSTITUTIONS
            for c in kids:
                if self._modifier_name(subj, c, attr):
                    continue
                if one_of and c.dep_ == "compound" and c.i < subj.i and c.ent_type_ != "PERSON" \
                        and not self._person_like(c.text, attr):
                    continue  # "one Weibo commenter said", "a career Army officer who described ...", "A
                    # California transit chief says": an unnamed person of that body or place, not
                    # the body (its spokesman still speaks for it: "a Pentagon spokesman said")
                if country_role and c.dep_ == "compound" and c.i < subj.i and c.ent_type_ != "PERSON" \
                        and self._country_word(c):
                    continue  # "Guatemalan president says" (seed 1357 titles had the speaker "Guatemalan"): the
                    # country's official, described; its spokesman and its institutions still speak for it
                    # ("a Kremlin spokesman", "U.S. government"), and "the US president" is resolved as before
                if owner and c.dep_ == "compound" and c.ent_type_ in ("GPE", "LOC") and c.i < subj.i:
                    continue  # "U.N.'s Syria team says": the team is the U.N.'s, Syria its subject
                if c.dep_ == "compound" and (c.ent_type_ in ("GPE", "NORP", "LOC") or unnamed) and c.i < subj.i \
                        and (subj.lemma_.lower() in lx.ANON_HEADS or subj.lower_ in lx.ANON_HEADS):
                    continue  # "a senior U.S. official said", "Tulsa official says": an unnamed source
                    # of that country or place (anonymous, the place its affiliation), not the place
                if det0 in ("the", "this", "that") and c.dep_ == "compound" and c.i < subj.i \
                        and c.ent_type_ in ("GPE", "LOC", "NORP") and role in _PERSONISH \
                        and role not in _SPOKES and role not in _INSTITUTIONS:
                    continue  # "The Florida senator called for ...", "the U.S. president said": a person
                    # described by a place (the one named before, or unnamed with that affiliation), not
                    # the place (had been the speakers "Florida" and "United States"; 40 AllSides articles,
                    # 2026-12-08); a body's spokesman still speaks for it ("the Kremlin spokesman")
                if former and c.dep_ == "compound" and c.i < subj.i and c.ent_type_ != "PERSON":
                    continue  # "former acting CDC director says": no longer speaking for the body (the
                    # speaker had been "CDC"; 400 AllSides titles, 2026-12-07)
                if c.dep_ in ("appos", "compound") and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON"):
                    e = _ent_of(c)
                    name_span = e if e is not None else doc[c.i: c.i + 1]
                    break
            if name_span is None and (placed := _appos_on_place(subj)) is not None:
                name_span = placed

        titled = self._name_after_title(subj, hi)
        if titled is not None:
            name_span = titled
        if name_span is not None and name_span.start_char < prose <= subj.idx:
            # an entity the NER ran over a photo credit ("Saul Loeb/AFP/Getty Images Trump"): the name
            # starts with the prose
            k = name_span.start
            while k < name_span.end and doc[k].idx < prose:
                k += 1
            name_span = _Ent(doc, k, name_span.end) if k < name_span.end else None
        if name_span is not None and name_span.end_char > stop and name_span.start_char < stop:
            name_span = _Clip(doc, name_span, stop)
        if name_span is not None and name_span.end - name_span.start > 1 and doc[name_span.start].is_sent_start \
                and said_word(doc[name_span.start].text) and name_span.end < len(doc) \
                and doc[name_span.end].text in (":", ","):
            name_span = _Ent(doc, name_span.start + 1, name_span.end)  # "Continued Giuliani: “...”", "Said Comey,"
            # (not "Leaked Documents Reveal ...")
        if name_span is not None and subj.i < subj.head.i < name_span.end and name_span.start <= subj.i:
            # the subject's own verb is no part of its name: a title-case headline's NER can run the
            # name into it ("Why Mark Zuckerberg Keeps Saying ..." -> "Mark Zuckerberg Keeps")
            name_span = _Clip(doc, name_span, subj.head.idx)
        if name_span is not None and name_span.end - name_span.start > 1:
            for k in range(name_span.start + 1, name_span.end):
                if doc[k].text[:1].isupper() and doc[k].lower_ in _TITLE_VERBS:
                    # a title-case headline's verb the NER ran into the name ("Trump Warns Iran Against
                    # Revenge Attack, Says ..." gave the PERSON "Trump Warns Iran"; seed 1357 titles)
                    name_span = _Clip(doc, name_span, doc[k].idx)
                    break
        if name_span is not None and _no_name(doc, name_span):
            name_span = None  # "2020 Democrats say ...", "Last week ...", "’s": no name
        registry = True  # (not for an unnamed "one": no name, no affiliation)
        if name_span is not None:
            label = getattr(name_span, "label_", None) or None
            name = self.canonical(_clean(name_span.text), label)
            if label == "ORG" and self._person_like(name, attr):
                label = "PERSON"
                name = self.canonical(name, label)
            appos = [c for c in subj.children if c.dep_ == "appos" and not (name_span.start <= c.i < name_span.end)
                     and c.idx < stop]  # (a headline's "Graham: Trump's Rhetoric ..." parsed as apposition)
            if subj.dep_ == "appos":
                appos = []
            if appos:
                desc = _clean(doc[appos[0].left_edge.i: _appos_end(appos) + 1].text)
            else:
                pre = doc[lo: name_span.start]
                first = _descriptor_start(pre)
                desc = _clean(doc[first: name_span.start].text) if first is not None else ""
                if not desc and name_span.start > subj.i:
                    desc = _clean(doc[lo: name_span.start].text)
            if name_span is issuer:
                desc = phrase_text  # (not "statement issued by")
            attr.speaker = name
            attr.extras["label"] = label
            if not desc and label in (None, "PERSON"):
                desc = split_title(_strip_possessive(_clean(name_span.text)))[1]  # "FBI Director" James Comey
            attr.speaker_descriptor = desc or self.descriptor_of(name)
            desc = attr.speaker_descriptor
            attr.anonymous = False
            attr.speaker_type = self.type_of(name, desc, label, attr)
        else:
            head = subj.lemma_.lower()
            det = next((c.lower_ for c in subj.children if c.dep_ in ("det", "nummod", "poss")), None)
            named = [c for c in subj.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < subj.i]
            if subj.lower_ in ("one", "another") and not list(subj.children):
                # '"It's different for us," one told me': someone of a group the writer met,
                # unnamed (had been the speaker "one", type unknown; not "one in four voters",
                # "no one", "one of his supporters, Pat Schroeder")
                attr.speaker, attr.speaker_descriptor, attr.anonymous = None, phrase_text or None, True
                attr.speaker_type = "anonymous"
                registry = False
            elif head in _INSTITUTIONS and named:
                # "the Trump administration", "the Obama administration": a named body speaks as
                # itself (not the last person named, nor nobody)
                name = _clean(doc[named[0].left_edge.i: subj.i + 1].text)
                attr.speaker, attr.speaker_descriptor, attr.anonymous = name, phrase_text or None, False
                attr.speaker_type = "official"
                attr.extras["affiliation_text"] = name
            else:
                self._describe(attr, subj, head, det, anon_phrase, phrase_text, lo, hi)
        if registry:
            self.apply_registry(attr)
        self.resolved.append((subj.idx, attr))

    def _describe(self, attr: Attribution, subj: Any, head: str, det: str | None, anon_phrase: bool,
                  phrase_text: str, lo: int, hi: int) -> None:
        """A speaker named by a description, not a name: the antecedent of a definite one ("the
        company" after Valeant), an anonymous source ("a senior official"), or the phrase itself."""
        definite = det in ("the", "this", "that", "these", "those")
        ante = None
        if definite and not anon_phrase:
            ante = self._description_antecedent(subj, head)
        if ante is not None:
            self._copy(attr, ante)
            attr.speaker_descriptor = attr.speaker_descriptor or phrase_text
            return
        attr.speaker = None
        attr.speaker_descriptor = phrase_text or None
        personish = head in _PERSONISH or subj.lower_ in _PERSONISH or _one_of_body(subj)
        indefinite = det in (None, "a", "an", "one", "some", "two", "three", "several", "many")
        if anon_phrase or (head in lx.ANON_HEADS and not definite) or (personish and indefinite and det is not None):
            attr.anonymous = True
            attr.speaker_type = "anonymous"
        else:
            attr.speaker = phrase_text if not definite else None
            attr.speaker_type = self.type_of(None, phrase_text, None, attr)
            if attr.speaker is not None and (_goes_on(subj) or len(phrase_text.split()) >= 6 or det in _POSSESSIVES):
                attr.extras["description_name"] = True  # (``unname_descriptions``)
            if head in lx.DOCUMENT_HEADS:
                attr.speaker_type = "organisation"
            # an unnamed speaker speaks for what its own phrase names ("the Cuban regime",
            # "the office of President Moon"), not for a place in a relative clause or an
            # apposition ("The bill, which lawmakers in Washington passed, ...")
            attr.extras["affiliation_text"] = _core_phrase(subj, lo, hi)

    def _byline(self, attr: Attribution) -> None:
        """A signed excerpt ("Joshua Keating, Slate"): the (first) columnist speaks, the outlet is
        the descriptor; an "Editorial Board" is its outlet."""
        n0, n1, o0, o1 = attr.extras["byline"]
        text = doc_text(self.doc)
        names, outlet = text[n0:n1], text[o0:o1]
        first = re.split(r",? and ", names)[0]
        if first.lower() in ("editorial board", "the editorial board", "editors", "the editors"):
            self._name_directly(attr, outlet, (o0, o1), None, "media", "ORG")
        else:
            # a dash signature ("-- Susan Rice, U.S. ambassador ...") names a role, not an outlet
            kind = "media" if not text[max(0, n0 - 4):n0].strip().endswith(("-", "–", "—")) else \
                self.type_of(first, outlet, "PERSON", attr)
            self._name_directly(attr, self.canonical(first, "PERSON"), (n0, n0 + len(first)), outlet, kind, "PERSON")

    def _turn(self, attr: Attribution) -> None:
        """A transcript turn: the label line names the speaker ("michael barbaro" -> Michael Barbaro)."""
        s, e, label = attr.extras["turn"]
        name = self.canonical(" ".join(w[:1].upper() + w[1:] for w in label.split()), "PERSON")
        self._name_directly(attr, name, (s, e), self.descriptor_of(name), self._type_for_name(name), "PERSON")

    def _name_directly(self, attr: Attribution, name: str, span: tuple[int, int], descriptor: str | None,
                       stype: str, label: str) -> None:
        """A speaker the text names outside the parse (a signature, a transcript label), then the
        registry as for any speaker."""
        attr.speaker, (attr.speaker_start, attr.speaker_end) = name, span
        attr.speaker_descriptor, attr.speaker_type, attr.anonymous = descriptor, stype, False
        attr.extras["label"] = label
        self.apply_registry(attr)
        self.resolved.append((span[0], attr))

    def _modifier_name(self, head: Any, c: Any, attr: Attribution) -> bool:
        """A person's name before a role noun modifies it: "Obama aide predicts", "a Trump adviser
        said" are the aide and the adviser, not Obama or Trump (a name after the noun, as in a parse
        of "analyst John Smith", is still the speaker; an organisation's spokesman still speaks for
        it: "Kremlin spokesman said")."""
        if c.dep_ != "compound" or c.i > head.i or c.pos_ != "PROPN":
            return False
        if head.lemma_.lower() in _MEMBERS:
            return True  # "former Flex employees said": the employees, not the company
        if head.lemma_.lower() not in _PERSONISH and head.lower_ not in _PERSONISH:
            return False
        return c.ent_type_ == "PERSON" or self._person_like(c.text, attr)

    def _name_after_title(self, subj: Any, hi: int) -> Any:
        """"US Ambassador to the UN Nikki Haley promised ...": the parse makes the title the subject
        and the name the object of its "to", so the speaker was "US Ambassador" (50 AllSides
        articles, 2026-12-07). A title word with a to/of/for phrase that ends the subject in a run
        of two or more proper nouns (places left out: "to South Korea Harry Harris") is that
        person; "the ambassador to the United States said" names no one."""
        if subj.lower_ not in lx.OFFICIAL_WORDS and subj.lemma_.lower() not in lx.OFFICIAL_WORDS:
            return None
        if subj.lemma_.lower() in _SPOKES:
            return None  # "a spokesman for Platte River Networks": the organisation's voice (as before)
        prep = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ in ("to", "of", "for") and c.i > subj.i), None)
        if prep is None or prep.right_edge.i != hi:
            return None
        doc = self.doc
        k = hi
        while k > prep.i and doc[k].pos_ == "PROPN":
            k -= 1
        start = k + 1
        while start <= hi and (doc[start].ent_type_ in ("GPE", "LOC", "NORP") or self._country_word(doc[start])):
            start += 1
        if hi - start + 1 < 2:
            return None
        # the name is the run's last two words, or three the registry knows ("Kim Jong Un"); what is
        # before it belongs to the title ("the UN", "Foreign Affairs")
        first = hi - 1
        if hi - start + 1 >= 3 and self._registry_kind(doc[hi - 2:hi + 1].text) == "person":
            first = hi - 2
        run = doc[first:hi + 1]
        if not all(t.text[:1].isupper() for t in run) or _words(run.text) & (lx.ORG_WORDS | lx.MEDIA_WORDS):
            return None
        return _person_span(doc, first, hi + 1)

    def _registry_kind(self, name: str) -> str | None:
        """The actor registry's kind for ``name`` (person, country, organisation ...), or None
        (unknown, or no registry: the parse's GPE also covers states and cities, "the Vermont
        senator", so nothing is guessed without it)."""
        if self.actor_of is None:
            return None
        try:
            actor = self.actor_of.reg.lookup(name, self.when)
        except Exception:
            return None
        return actor.kind if actor is not None else None

    def _country_word(self, tok: Any) -> bool:
        """A country's name or demonym ("Guatemalan", "Iran") by the actor registry."""
        return self._registry_kind(tok.text) == "country"

    def _person_like(self, name: str, attr: Attribution) -> bool:
        """A name spaCy labels ORG that the article shows to be a person: the registry knows it
        as one, another mention of it is a PERSON entity ("Julian Assange ... Assange said"), or
        the content goes on with he/she ("Assange said he would appeal")."""
        words = _words(name)
        if not name or words & (lx.ORG_WORDS | lx.MEDIA_WORDS):
            return False
        kind = self._registry_kind(name)
        if kind is not None:
            return kind == "person"
        last = name.split()[-1].lower()
        if any(last in e.text.lower().split() for e in self.persons):
            return True
        first = doc_text(self.doc)[attr.start: attr.start + 12].lower().split()
        first = [w for w in first if w != "that"]
        return bool(first) and first[0] in ("he", "she", "his", "her")

    def apply_registry(self, attr: Attribution) -> None:
        """Canonical name, actor and (when it tells) type from the actor registry."""
        if self.actor_of is None or attr.speaker_actor is not None:
            return
        if attr.speaker is None and not attr.speaker_descriptor:
            return
        descriptor = attr.extras.get("affiliation_text", attr.speaker_descriptor)
        if "byline" in attr.extras:
            descriptor = None  # a columnist's outlet is no affiliation ("Susan B. Glasser, New York Magazine")
        label = attr.extras.get("label", "")
        person = label == "PERSON" or (label is None and bool(attr.speaker) and self._person_like(attr.speaker, attr))
        # "Prime Minister Joseph Muscat" is a person whatever the NER said: his name holds Oman's capital,
        # and 7 quotes of Malta's prime minister went to Oman (40 AllSides articles, 2026-12-07)
        role = bool(attr.speaker) and len(attr.speaker.split()) >= 2 and bool(attr.speaker_descriptor) \
            and _role_descriptor(attr.speaker_descriptor)  # (not "Official Washington")
        try:
            info = self.actor_of(attr.speaker, descriptor, self.when, person=person, role=role)
        except Exception:
            return
        if attr.speaker and info.name:
            attr.speaker = info.name
        attr.speaker_actor = info.actor
        if info.speaker_type and not attr.anonymous:
            attr.speaker_type = info.speaker_type

    def _copy(self, attr: Attribution, src: Attribution) -> None:
        copy_speaker(attr, src)

    def _pronoun_antecedent(self, pron: Any) -> Attribution | None:
        low = pron.lower_
        at = pron.idx
        if low in ("who", "that", "which") and pron.head.dep_ == "relcl" and not pron.text.isupper():
            target = pron.head.head
            tmp = Attribution(0, 0, "indirect", subject=target)
            if target.i != pron.i:
                self.resolve(tmp)
                self.resolved.pop()
                return tmp
        if low in ("i", "we") and not self._in_quote(at) and not _spoken_paragraph(doc_text(self.doc), at):
            # outside quotation marks the first person is the writer ("Now we risk throwing that
            # away" in a column went to Barack Obama, the last person quoted; AllSides, 2026-12-07).
            # A paragraph that opens with a quotation mark or a speaker label is speech (Daily Mail
            # quotes with single marks: "'It was unconventional what I did. I said ...,' Trump said")
            return None
        if low in ("he", "she", "i", "him", "her"):
            prev = self._nearest_speaker(
                at, lambda a: a.anonymous or (a.speaker is not None and a.extras.get("label") in (None, "PERSON")
                                              and a.speaker_type not in ("organisation", "media")
                                              and not _plural(a)))  # "she" is not "the deal's opponents"
            ent = self._nearest(at, ("PERSON",), lambda e: not any(ch.isdigit() for ch in e.text)
                                and self._gender_fits(e.text, low))  # ("COVID-19" as a PERSON)
            # the nearer of the last person speaker and the last person named, unless that person
            # is only talked about in the speaker's own sentence ('Jeremy Corbyn hailed Castro as a
            # "champion of social justice." "..., Castro's achievements were many," he wrote.':
            # Corbyn wrote it; 40 AllSides articles, 2026-12-07)
            if ent is not None and (prev is None or ent.end_char > self._offset_of(prev)) \
                    and not self._object_of(ent, prev, at):
                tmp = Attribution(0, 0, "indirect")
                tmp.speaker = self.canonical(_clean(ent.text), "PERSON")
                tmp.speaker_descriptor = self.descriptor_of(tmp.speaker)
                tmp.speaker_type = self._type_for_name(tmp.speaker)
                if tmp.speaker_type == "unknown" and tmp.speaker_descriptor:
                    tmp.speaker_type = self.type_of(tmp.speaker, tmp.speaker_descriptor, "PERSON", tmp)
                self.apply_registry(tmp)
                return tmp
            return prev
        if low in ("they", "we"):
            return self._nearest_speaker(at, lambda a: a.speaker is not None or a.anonymous)
        if low == "it":
            prev = self._nearest_speaker(at, lambda a: a.speaker_type in ("organisation", "media"))
            if prev is not None:
                return prev
        return None

    def _object_of(self, ent: Any, prev: Attribution | None, at: int) -> bool:
        """Whether a person named after ``prev``'s speaker stands in the sentence of ``prev``'s cue
        as no subject (its object or part of what was said), so a "he" in a later sentence is still
        the speaker. In the same sentence the object may be meant ("believing Kim when he says
        ..."), and a conjunct may be a second subject the parse misread ("..., Michael Lynton,
        the studio's chief executive, insisted", parsed as a conjunct of "North Korea")."""
        if prev is None or prev.cue_start is None or prev.speaker is None:
            return False
        cue = self.doc.char_span(prev.cue_start, prev.cue_end or prev.cue_start + 1, alignment_mode="expand")
        if cue is None or not (cue.sent.start <= ent.start and ent.end <= cue.sent.end) or at < cue.sent.end_char:
            return False
        if ent.root.head.lemma_.lower() in ("ask", "question", "interview", "press", "challenge"):
            return False  # "when a reporter asked Cuomo about ..., he replied": the one asked answers
        return ent.root.dep_ not in ("nsubj", "nsubjpass", "conj") and ent.start > cue.start

    def _offset_of(self, a: Attribution) -> int:
        for off, b in self.resolved:
            if b is a:
                return off
        return -1

    def _type_for_name(self, name: str) -> str:
        for _, a in reversed(self.resolved):
            if a.speaker == name and a.speaker_type != "unknown":
                return a.speaker_type
        return "unknown"

    def _country_of_person(self, name: str) -> str:
        """The country the registry has a person speak for ("" when it does not know the person)."""
        actor = _registry_actor(self.canonical(name, "PERSON"))
        if actor is None or actor.kind != "person":
            return ""
        from storylens.registry import actor_registry

        found = actor_registry().actor_of(actor.name)
        return found or ""

    def _description_antecedent(self, subj: Any, head: str) -> Attribution | None:
        at = subj.idx
        if head in lx.DOCUMENT_HEADS or head in lx.ORG_WORDS:
            # (never a person the parse or a descriptor typed organisation: "the report, which
            # recounted ..." had gone to Don McGahn, "former White House counsel")
            prev = self._nearest_speaker(at, lambda a: a.speaker_type in ("organisation", "media") and a.speaker is not None
                                         and a.extras.get("label") != "PERSON")
            # a body whose name holds the head in this paragraph or the one before first: "The
            # department has balked" after "The Justice Department told the House Judiciary Committee"
            # is the department (had been the committee, named nearer; 2026-12-08)
            named = self._nearest(at, ("ORG",), lambda e: head in lx.ORG_WORDS and self._near_paragraph(e, at)
                                  and re.search(r"\b" + re.escape(head), e.text.lower()) is not None)
            if named is not None and (prev is None or not re.search(r"\b" + re.escape(head), (prev.speaker or "").lower())
                                      or named.end_char > self._offset_of(prev)):
                prev = None
            ent = named or self._nearest(at, ("ORG",))
            if ent is not None and self._person_like(_clean(ent.text), Attribution(at, at, "indirect")):
                ent = None  # a person the NER called ORG ("McGahn was a vital witness ... in the report")
            if ent is not None and (prev is None or ent.end_char > self._offset_of(prev)):
                tmp = Attribution(0, 0, "indirect")
                tmp.speaker = self.canonical(_clean(ent.text), "ORG")
                tmp.extras["label"] = "ORG"
                tmp.speaker_type = self.type_of(tmp.speaker, None, "ORG", tmp)
                return tmp
            return prev
        if head in _PERSONISH:
            # "said the senior administration official" after "David Schenker, a former official": the
            # words of an unnamed source ("senior", "administration") the earlier descriptor lacks, or a
            # country that is not the speaker's ("the Israeli leader" after Putin), make it someone else
            # (40 AllSides articles, 2026-12-08; other words do not: "the vice president" after "Vice
            # President Mike Pence", "the CENTCOM official" after "the American official at Central Command")
            # (as written: "US" is the country, "us" is not)
            mods = [c.text for c in subj.children if c.dep_ in ("amod", "compound", "nmod") and c.i < subj.i]

            def same_head(a: Attribution) -> bool:
                # a word of the descriptor starts with the head ("officials" for "official"), not any
                # substring: "The man who runs the shop" had become "A woman" described earlier; a
                # title's abbreviation counts as its word ("Gov. Asa Hutchinson said" then "the governor
                # said" had gone to the governor of the state before, named "the governor" there)
                if not a.speaker_descriptor:
                    return False
                desc = _expand_titles(a.speaker_descriptor).lower()
                if not re.search(r"\b" + re.escape(head), desc):
                    return False
                for m in mods:
                    if re.search(r"\b" + re.escape(m.lower()) + r"\b", desc):
                        continue
                    if m.lower() in _UNNAMED_MODS:
                        return False
                    country = _country_word(m)
                    if country and a.speaker_actor and country != a.speaker_actor:
                        return False
                return True
            prev = self._nearest_speaker(at, same_head)
            if prev is not None:
                return prev
            if any(m.lower() in _UNNAMED_MODS for m in mods):
                return None
            if head in lx.OFFICIAL_WORDS and head not in _INSTITUTIONS and subj.tag_ != "NNS":
                # (one official may be the one just named; "The officials also said" never is: it
                # had gone to the co-pilot Andreas Lubitz, the subject of the prosecutors' search)
                # the nearest person the article does not give another role ("The president tried ..."
                # after "Anthony Fauci, director of the National Institute ..." is not Fauci: 17 quotes
                # of Trump's had been his, 2026-12-08), with the country named if one is ("the US
                # president" after "Mr Trump ... Macron" is Trump); "the vice president" needs a vice
                # president ("The then-vice president" had gone to President Yanukovych)
                countries = {c for m in mods if (c := _country_word(m))}
                words = [k for m in mods for k in _ROLE_PREFIXES if k in m.lower()]

                verdicts: dict[int, tuple[bool, bool]] = {}

                def fits(e: Any) -> tuple[bool, bool]:
                    """(titled with the head, fits at all), once per entity for both passes below."""
                    if e.start not in verdicts:
                        if countries and self._country_of_person(_clean(e.text)) not in countries:
                            verdicts[e.start] = (False, False)  # ("the Israeli leader" is not Vladimir Putin)
                        else:
                            titles = self._title_texts(e)
                            titled = self._titled(titles, head, words)
                            verdicts[e.start] = (titled, titled or (not words and head not in _SPOKES
                                                                    and not self._other_role(titles, head)))
                    return verdicts[e.start]
                # one with that title in this paragraph or the one before first ("Democratic Michigan
                # Governor Gretchen Whitmer" over Menke, the barber the governor was asked about), else
                # the nearest who fits (an untitled "Trump" over "President Recep Tayyip Erdoğan"
                # paragraphs back)
                ent = self._nearest(at, ("PERSON",), lambda e: self._near_paragraph(e, at) and fits(e)[0]) \
                    or self._nearest(at, ("PERSON",), lambda e: fits(e)[1])
                if ent is not None:
                    tmp = Attribution(0, 0, "indirect")
                    tmp.speaker = self.canonical(_clean(ent.text), "PERSON")
                    tmp.speaker_type = "official"
                    return tmp
        return None

    def _near_paragraph(self, ent: Any, at: int) -> bool:
        """``ent`` is in the paragraph holding ``at`` or the one before it."""
        between = doc_text(self.doc)[ent.end_char:at]
        return sum(1 for line in between.split("\n")[1:-1] if line.strip()) == 0

    def _title_texts(self, ent: Any) -> list[str]:
        """What the article calls the person ``ent``, lower case with titles written out: the title
        run right before this mention ("Sen. Marco Rubio", "Florida Gov. Rick Scott"; nothing in "Sen.
        Marco Rubio met Kim" for Kim) and the person's descriptor."""
        doc = self.doc
        lo = ent.start
        while lo > max(ent.sent.start, ent.start - 4) and (
                doc[lo - 1].text[:1].isupper() or doc[lo - 1].lower_ in ROLE_WORDS):
            lo -= 1
        before = doc[lo: ent.start].text
        desc = self.descriptor_of(_strip_possessive(_clean(ent.text))) or ""
        return [_expand_titles(t) for t in (before, desc) if t]

    @staticmethod
    def _titled(titles: list[str], head: str, words: list[str] = ()) -> bool:
        """One of ``titles`` holds the role ``head`` and every one of ``words`` ("vice" for "the
        vice president")."""
        return any(re.search(r"\b" + re.escape(head), t)
                   and all(re.search(r"\b" + re.escape(w) + r"\b", t) for w in words) for t in titles)

    @staticmethod
    def _other_role(titles: list[str], head: str) -> bool:
        """``titles`` give a specific role that is not ``head`` ("director of the National
        Institute ..." for "the president"); generic heads ("the official", "the leader") never
        conflict."""
        if head in _GENERIC_ROLES:
            return False
        return any(_words(t) & _SPECIFIC_ROLES for t in titles)

    def type_of(self, name: str | None, desc: str | None, label: str | None, attr: Attribution) -> str:
        role = _first_category(desc) if desc else None
        if label == "ORG":
            words = _words(name or "")
            # a person's title beats the parser's label ("Sen. Bernie Sanders" is often tagged ORG)
            if role in ("official", "expert", "citizen") and not words & lx.ORG_WORDS:
                return role
            if words & lx.ORG_WORDS - {"agency"}:
                return "organisation"
            if words & lx.MEDIA_WORDS or (attr.cue or "").lower().endswith("reported"):
                return "media"
            return "organisation"
        if desc:
            if role == "organisation" and label == "PERSON":
                # a person is no organisation: "former White House counsel Don McGahn" (the house
                # of "White House" named the category)
                role = _first_category(desc, skip="organisation")
            return role or ("official" if label in ("GPE", "NORP") else "unknown")
        if label in ("GPE", "NORP"):
            return "official"
        if name and _words(name) & lx.MEDIA_WORDS:
            return "media"
        return "unknown"


def _goes_on(head: Any) -> bool:
    """A noun phrase whose head a clause, a participle or an apposition follows ("seller based in
    Dallas", "a statement saying ...", "a meme circulating ..."), not a group with a prepositional
    phrase or a conjunct ("Members of Congress", "Activists and medics")."""
    return any(c.i > head.i and c.dep_ in ("relcl", "acl", "appos") for c in head.children)


# A description through someone else ("her father", "his spokesperson", "its president") names a
# relation, not a speaker: in counts over many articles "her father" would be one speaker.
_POSSESSIVES = frozenset(["his", "her", "their", "its", "my", "our", "your", "whose"])


def unname_descriptions(attrs: list[Attribution]) -> None:
    """A description with a clause after its noun, or of six words or more, is no speaker's name
    ("Another seller based in Dallas", "a statement saying it was still willing ...", "Longtime
    left-leaning skeptics of the Russia probe"): it stays the descriptor, and the speaker is
    unnamed, so speaker counts do not list one-off sentences (4.9% of stored quotes on 120 AllSides
    articles had a speaker of five words or more, 2026-12-08), nor is a relation through a
    possessive ("her father", "his spokesperson": ``_POSSESSIVES``). A group still names its speaker
    ("Critics", "Many farmers", "Members of Congress", "Activists and medics").
    Done after resolution, so the chains that ran through the description (a later "she", "the
    seller") and the registry actor it gave are as before; every attribution that carries the
    description's text as its speaker loses it."""
    names = {a.speaker for a in attrs if a.extras.get("description_name")}
    for a in attrs:
        if a.speaker is not None and a.speaker in names:
            a.speaker_descriptor = a.speaker_descriptor or a.speaker
            a.speaker = None


_TITLE_ABBREVIATION = re.compile(r"\b(" + "|".join(lx.TITLE_ABBREVIATIONS) + r")\.", re.IGNORECASE)


def _expand_titles(desc: str) -> str:
    """``"Lt. Gov."`` -> ``"lieutenant governor"``: a descriptor in lower case, abbreviated titles written out."""
    return _TITLE_ABBREVIATION.sub(lambda m: lx.TITLE_ABBREVIATIONS[m.group(1).lower()], desc.lower())


_CLAUSE_DEPS = frozenset(["appos", "relcl", "acl", "advcl", "parataxis", "conj", "cc", "punct"])


_LABEL = re.compile(r"[A-Z][A-Za-z.'’ -]{0,40}:\s")


def _spoken_paragraph(text: str, pos: int) -> bool:
    """The paragraph holding ``pos`` reads as someone's speech though no quotation span holds
    ``pos``: it opens with a quotation mark (single marks, which the marks module does not read;
    double marks it could not pair, as in PolNeAR's ""The health issue ... I'm going to read you
    the question: “As you know ..."), or with a speaker label ("WALLACE: If I may, sir")."""
    lo = text.rfind("\n", 0, pos) + 1
    head = text[lo:pos].lstrip()
    if head[:1] in ("'", "‘", '"', "“"):
        return True
    return bool(_LABEL.match(head)) and head.split(":", 1)[0].strip().isupper()


def _verb_form(tok: Any) -> bool:
    """A plural-tagged word that is a third-person verb form and no noun's plural: "dismisses"
    (base "dismiss", a verb only), not "advisers", "observers" or "analyses" (whose lemma is a noun)."""
    w = tok.lower_
    if not w.endswith("s") or len(w) < 5 or lx.is_noun(tok.lemma_.lower()):
        return False
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        base = w[:-2]
    elif w.endswith("ies"):
        base = w[:-3] + "y"
    else:
        base = w[:-1]
    return lx.verb_only(base)


def _core_phrase(head: Any, lo: int, hi: int) -> str:
    """The head noun with its modifiers and prepositional attachments, without clauses,
    appositions or anything after a comma or dash (the part of a phrase that names the speaker)."""
    doc = head.doc
    drop: set[int] = set()
    for c in head.children:
        if c.dep_ in _CLAUSE_DEPS and c.i > head.i:
            drop.update(range(c.left_edge.i, c.right_edge.i + 1))
    toks = []
    for t in doc[lo: hi + 1]:
        if t.i in drop:
            continue
        if t.i > head.i and t.text in (",", "—", "–", "-", "(", ";"):
            break
        toks.append(t.text_with_ws)
    return _clean("".join(toks))


def _words(text: str) -> set[str]:
    return {t.strip(".,'’").removesuffix("’s").removesuffix("'s") for t in text.lower().replace("-", " ").split()}


_CATEGORIES = (("official", lx.OFFICIAL_WORDS), ("expert", lx.EXPERT_WORDS), ("media", lx.MEDIA_WORDS),
               ("citizen", lx.CITIZEN_WORDS), ("organisation", lx.ORG_WORDS))


def _first_category(desc: str, skip: str | None = None) -> str | None:
    """Category of the first word of the descriptor that names a role ("state news *agency*" -> media)."""
    toks = [t.strip(".,'’").removesuffix("’s").removesuffix("'s") for t in desc.lower().replace("-", " ").split()]
    # the head noun of "X at Y" / "X of Y" is before the preposition: look there first
    for cut in ("at", "of", "for", "to", "with", "from", "in", "who", "that"):
        if cut in toks:
            toks = [*toks[: toks.index(cut)], "|", *toks[toks.index(cut):]]
            break
    head_part = toks[: toks.index("|")] if "|" in toks else toks
    for part in (list(reversed(head_part)), toks):
        for t in part:
            for cat, words in _CATEGORIES:
                if t in words and cat != skip:
                    return cat
    return None


def _has(text: str, words: frozenset[str]) -> bool:
    toks = text.replace(",", " ").replace("-", " ").split()
    return any(t.strip(".,'’s") in words or t in words for t in toks)


def harmonise(attrs: list[Attribution]) -> None:
    """One speaker, one type: a speaker typed once (from a descriptor) keeps that type everywhere."""
    best: dict[str, tuple[str, str | None]] = {}
    for a in attrs:
        if a.speaker and a.speaker_type not in ("unknown", "anonymous"):
            best.setdefault(a.speaker, (a.speaker_type, a.speaker_descriptor))
    actors: dict[str, str] = {}
    for a in attrs:
        if a.speaker and a.speaker_actor:
            actors.setdefault(a.speaker, a.speaker_actor)
    last_anon_actor = None
    for a in sorted(attrs, key=lambda x: x.start):
        if a.speaker and not a.speaker_actor and a.speaker in actors:
            a.speaker_actor = actors[a.speaker]
        if a.anonymous:
            if a.speaker_actor:
                last_anon_actor = a.speaker_actor
            elif last_anon_actor:
                a.speaker_actor = last_anon_actor  # "the expert who declined to be named" after "a ... expert"
    for a in attrs:
        if a.speaker and a.speaker in best and a.speaker_type == "unknown":
            a.speaker_type = best[a.speaker][0]
        if a.speaker and a.speaker in best and not a.speaker_descriptor:
            a.speaker_descriptor = best[a.speaker][1]
