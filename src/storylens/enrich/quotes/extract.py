"""Rule-based quote attribution over a spaCy parse.

``find_attributions(doc)`` returns ``Attribution`` records (richer than the
stored ``Quote``: they keep the cue and speaker-mention offsets the eval
needs). Three passes:

1. direct quotes from quotation marks (``marks.py``): full quotes take the
   cue verb in the same sentence outside the marks (``"...," he said``;
   ``Wu said: "..."``); a full quote with no cue continues the previous
   quote's speaker (a "floating" quote); partial quotes take the nearest cue
   verb that governs them and are dropped when none does (scare quotes,
   names such as "Wolf Warrior" diplomacy);
2. reported speech: a cue verb (``lexicon.CUE_VERBS``) with a clausal
   complement (``ccomp``) outside the marks, and "according to X";
3. speakers resolved by ``speakers.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from storylens.enrich.nlp import doc_text
from storylens.enrich.quotes import lexicon as lx
from storylens.enrich.quotes.marks import MarkSpan, find_mark_spans, normalise_marks, paragraphs

_SENT_END = re.compile(r"[.!?](?=[\s\"”’)]|$)")
_WORD = re.compile(r"\w")

SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
INHERIT_DEPS = ("conj", "advcl", "xcomp", "pcomp", "acl", "prep")
XCOMP_CUES = frozenset(["promise", "vow", "pledge", "urge", "call", "ask", "tell", "warn", "threaten"])
MIN_PARTIAL_WORDS = 3  # shorter quoted bits are scare quotes or terms ("deplorables", "Wolf Warrior")
MIN_INDIRECT_TOKENS = 3
HEADLINE_COLONS = True
ACL_SUBJECT = True
OBJECT_CONTROL = True  # see subject_of
TITLE_RULES = True
HEADLINE_MODE = True  # see headline_cue_ok
KEEP_CLAUSE_CUES = True  # speech/cognition lemmas with a clause are always cues (same F1 on train)  # "he said so" carries no reported content


@dataclass(slots=True)
class Attribution:
    start: int
    end: int
    kind: str  # direct | indirect
    partial: bool = False
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    subject: Any = None  # spaCy Token heading the speaker mention (resolved later)
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: str | None = None
    speaker_descriptor: str | None = None
    speaker_type: str = "unknown"
    anonymous: bool = False
    speaker_actor: str | None = None
    inherited_from: int | None = None  # index of the quote whose speaker a floating quote continues
    extras: dict[str, Any] = field(default_factory=dict)


def is_cue_verb(tok: Any) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lower_ not in ("'s", "’s") and (
        tok.lemma_.lower() in lx.CUE_VERBS or tok.lower_ in lx.CUE_FORMS)


def nearest_subject(subjects: list[Any], verb: Any) -> Any:
    """One subject when the parse gives a verb several: the one right before the verb.

    A verb has one subject; a second ``nsubj`` is a fronted phrase the parser misattached
    ("Just hours after Mr Trump's announcement, Joe Biden wrote ...": both "announcement"
    and "Biden" came out as subjects of "wrote"). A clausal subject beside a nominal one is a
    participial aside the parser misread ("President Obama, speaking to reporters Monday ...,
    praised": Obama, not "speaking to reporters ..."; 40 AllSides articles, 2026-12-08)."""
    before = [c for c in subjects if c.i < verb.i]
    nominal = [c for c in before if c.dep_ != "csubj"]
    before = nominal or before
    return before[-1] if before else subjects[0]


def subject_of(verb: Any) -> Any:
    """The grammatical subject of ``verb``, climbing coordinated/adverbial verbs ("..., adding that")."""
    v = verb
    text = doc_text(verb.doc)
    for _ in range(4):
        subjects = []
        for c in v.children:
            if c.dep_ not in SUBJ_DEPS:
                continue
            if in_dateline(text, c.idx):  # ("KYIV, Ukraine (AP) — X said"): not the dateline, but
                # the parser may hang the real subject on it as an apposition ("SEOUL (Reuters) -
                # U.S. President Donald Trump said": "Reuters" subject, "Trump" its appos)
                c = next((a for a in c.children if a.dep_ == "appos" and not in_dateline(text, a.idx)), None)
                if c is None:
                    continue
            subjects.append(c)
        if subjects:
            c = nearest_subject(subjects, v)
            if c.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                return v.head
            if c.lower_ == "it" and v is not verb and _extraposed(v):
                return None  # "it is important to know how ...": the writer's own voice, nobody quoted
            return c
        if v.dep_ == "relcl":
            return v.head
        if ACL_SUBJECT and v.dep_ == "acl" and v.tag_ == "VBG" and v.head.pos_ in ("NOUN", "PROPN") and v.head.i < v.i:
            return _featured(v) or v.head  # "pastors supporting Mr. Cruz": the noun the participle modifies
        if OBJECT_CONTROL and v.dep_ == "xcomp" and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
            obj = next((c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i), None)
            if obj is not None and not in_dateline(text, obj.idx):
                return obj  # "led some to speculate", "leaving many to wonder": the object does it
        if v.dep_ in INHERIT_DEPS and v.head.i != v.i:
            v = v.head
            continue
        break
    return None


# adjectives of an extraposed "it is ... to": "it is important to know", "it was fair to say"
EXTRAPOSING = frozenset(["important", "necessary", "crucial", "essential", "vital", "useful", "helpful",
                         "fair", "safe", "hard", "difficult", "easy", "interesting", "instructive",
                         "notable", "possible", "impossible", "reasonable", "worth", "clear"])


def _extraposed(v: Any) -> bool:
    """``v`` is the copula of "it is <adjective>" with an extraposing adjective: its "it" stands for
    the infinitive that follows, not for anyone (40 AllSides articles, 2026-12-08: "it's important to
    know exactly how bloody one would be" had been said by "a report", the antecedent of "it")."""
    return (v.lemma_ == "be" or v.lower_ in ("'s", "’s")) and any(
        c.dep_ == "acomp" and c.lower_ in EXTRAPOSING for c in v.children)


def _ent_of(tok: Any) -> Any:
    """The entity holding ``tok`` (an ``_Ent``, from the IOB tags), or None outside any entity."""
    if not tok.ent_type_:
        return None
    i = tok.i
    while i > 0 and tok.doc[i].ent_iob_ == "I":
        i -= 1
    j = tok.i + 1
    while j < len(tok.doc) and tok.doc[j].ent_iob_ == "I":
        j += 1
    return _Ent(tok.doc, i, j)


class _Ent:
    """The entity span holding a token (``doc[i:j]`` with its label), without scanning doc.ents."""

    def __init__(self, doc: Any, i: int, j: int) -> None:
        self.span = doc[i:j]
        self.start, self.end = i, j
        self.label_ = doc[i].ent_type_
        self.text = self.span.text
        self.root = self.span.root
        self.start_char, self.end_char = self.span.start_char, self.span.end_char


# heads that show a person rather than speak: "a video featuring al Qaeda boss Ayman al-Zawahri calling
# on Libyans to ...", where the parse hangs "calling" on "video"
RECORDING_HEADS = lx.DOCUMENT_HEADS | frozenset(["video", "clip", "recording", "tape", "footage", "audio",
                                                 "broadcast", "photo", "picture", "image"])


def _featured(v: Any) -> Any:
    """The person right before a participle cue that the parse hung on a recording or document
    ("a video featuring ... Ayman al-Zawahri calling on Libyans": al-Zawahri calls, not the video;
    its speaker had been the whole noun phrase, 40 AllSides articles, 2026-12-08), or None."""
    if v.head.lemma_.lower() not in RECORDING_HEADS or v.i == 0:
        return None
    prev = v.doc[v.i - 1]
    if prev.ent_type_ != "PERSON" or prev.i <= v.head.i:
        return None
    return _ent_of(prev).root


# Passives whose subject *is* the source ("he was quoted as saying", "was heard telling"): counted
# on PolNeAR train, where every other agentless passive cue ("is expected to", "was asked",
# "is seen as", "has been accused of") has no Source span at all.
SOURCE_PASSIVES = frozenset(["quote", "hear", "overhear", "record", "cite", "catch", "film", "tape"])
RAISING_VERBS = frozenset(["seem", "appear"])  # "Sanders seemed to reap the benefits": nobody speaks


def sourceless(verb: Any) -> bool:
    """The cue's grammatical subject is not its source: an agentless passive ("Trump is expected to
    win", "she was asked whether ...", "Russia has been accused of ...") or a raising verb ("X
    seems to ..."). PolNeAR leaves the Source empty there; taking the subject as speaker was the
    largest group of speaker errors in cross-validation on train (about 250 of 2,140)."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    lemma = verb.lemma_.lower()
    if lemma in RAISING_VERBS:
        return True
    kids = verb.children
    passive = any(c.dep_ == "auxpass" for c in kids) or (verb.tag_ == "VBN" and verb.dep_ == "acl") \
        or _reduced_passive(verb)
    if not passive or lemma in SOURCE_PASSIVES:
        return False
    return not any(c.dep_ == "agent" for c in verb.children)


def _reduced_passive(verb: Any) -> bool:
    """"a Russian convoy, said to be carrying supplies": a participle after a comma with a
    to-infinitive is a reduced passive ("which is said to be ..."), though the parser may make
    it the main verb with the noun as its subject."""
    doc = verb.doc
    i = verb.i
    return (i > 0 and doc[i - 1].text == "," and i + 1 < len(doc) and doc[i + 1].tag_ == "TO"
            and not any(c.dep_ in ("aux", "auxpass", "nsubj") and c.i > i - 1 for c in verb.children)
            and verb.lower_ in ("said", "believed", "thought", "reported", "rumoured", "rumored", "alleged",
                                "understood", "known", "reckoned", "expected"))


_NAME_DEPS = ("nsubj", "nsubjpass", "appos", "ROOT", "npadvmod", "attr", "compound", "flat")


def inverted_subject(verb: Any, idx: Any = None) -> Any:
    """The speaker after a subject-less cue ("..., said Jon Doggett, executive vice president",
    "“...,” replied Jeff Zucker"): the noun phrase that follows the verb, when the parse gives
    it a subject-like role (a following object is the addressee: "told reporters")."""
    doc = verb.doc
    if verb.lemma_.lower() in ("tell", "ask", "call", "urge", "warn", "remind", "inform"):
        return None
    i = verb.i + 1
    while i < len(doc) and i <= verb.i + 2 and (doc[i].pos_ in ("ADV", "PART") or doc[i].ent_type_ in ("DATE", "TIME")):
        i += 1
    if i >= len(doc) or doc[i].pos_ not in ("PROPN", "NOUN", "DET", "ADJ") or "\n" in doc[i - 1].whitespace_:
        return None
    h = doc[i]
    for _ in range(6):  # climb compounds and modifiers to the phrase head
        if h.head.i == h.i or h.head.i <= verb.i or h.head.i > verb.i + 8 or h.head.pos_ not in ("NOUN", "PROPN"):
            break
        h = h.head
    if h.pos_ not in ("NOUN", "PROPN") or (idx is not None and idx.inside(h)):
        return None
    if h.dep_ in _NAME_DEPS or (h.ent_type_ in ("PERSON", "ORG") and h.dep_ not in ("dobj", "dative", "pobj")):
        return h
    return None


def speaker_subject(verb: Any, idx: Any = None) -> Any:
    """The token heading the speaker mention of cue ``verb``: its subject outside quotation marks,
    else an inverted subject after it; None for a sourceless cue (see ``sourceless``)."""
    after_quote = _name_after_quote(verb)
    if after_quote is not None:
        return after_quote
    if sourceless(verb):
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None and any(c.dep_ == "auxpass" for c in verb.children):
        by = next((g for g in agent.children if g.dep_ == "pobj"), None)
        if by is not None:
            return by  # "Russia has been accused of war crimes by Ukraine": Ukraine accuses
    may = modal_name(verb)
    if may is not None:
        return may
    subj = subject_of(verb)
    if subj is not None and idx is not None and idx.inside(subj):
        subj = None  # '“Like Oakland. Or Ferguson,” Trump said': never a word inside the marks
    return subj if subj is not None else inverted_subject(verb, idx)


def _name_after_quote(verb: Any) -> Any:
    """'“WE CANNOT LET THE CURE BE WORSE ...,” Trump posted on Twitter': the parser read "Trump
    posted" as a name with a participle ("Trump, posted on Twitter"), so the tweet had no speaker
    (the demo corpus, 2026-12-07). A past verb hung on the proper noun just before it, that noun
    right after a closing quotation mark and comma, is the speaker. The noun, or None."""
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or head.pos_ != "PROPN" or head.i != verb.i - 1:
        return None
    lo = head.i
    before = verb.doc[lo - 2: lo] if lo >= 2 else None
    if before is None or before[-1].text not in ("”", '"', "’", "'") or before[0].text != ",":
        return None
    return head


def modal_name(verb: Any) -> Any:
    """"May praised the alliance", "May characterized her relationship with Trump as ...": the parser
    reads a sentence-opening "May" before a past-tense verb as the modal (a modal takes the base
    form), so Theresa May spoke to nobody (the demo corpus, 2026-12-07). The token, or None."""
    if verb.tag_ != "VBD" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "aux" and c.text == "May" and c.is_sent_start), None)


def cue_text(verb: Any) -> str:
    """The cue as annotators mark it: the verb with its auxiliaries and particles ("has said", "pointed to")."""
    may = modal_name(verb)
    toks = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt") and c.i < verb.i
            and (may is None or c.i != may.i)]
    toks.append(verb)
    toks.sort(key=lambda t: t.i)
    return verb.doc[toks[0].i: verb.i + 1].text  # (Doc.text would rebuild the whole string)


def _content_bounds(doc: Any, left: int, right: int) -> tuple[int, int] | None:
    """Char span of tokens [left, right], trimmed of edge punctuation and marks."""
    while left <= right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right >= left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if right < left:
        return None
    return doc[left].idx, doc[right].idx + len(doc[right].text)


class _Index:
    """Token <-> mark-span lookups for one doc."""

    def __init__(self, doc: Any, spans: list[MarkSpan]) -> None:
        self.doc = doc
        self.spans = spans
        self.starts = [t.idx for t in doc]
        self.quote_of: dict[int, int] = {}
        self.tokens: list[list[int]] = [[] for _ in spans]
        si = 0
        for tok in doc:
            while si < len(spans) and spans[si].end <= tok.idx:
                si += 1
            if si < len(spans) and spans[si].start <= tok.idx < spans[si].end:
                self.quote_of[tok.i] = si
                self.tokens[si].append(tok.i)

    def inside(self, tok: Any) -> bool:
        return tok.i in self.quote_of


def _para_index(text: str, pos: int) -> int:
    """Index of the non-blank paragraph holding ``pos``."""
    return sum(1 for line in text[:pos].split("\n")[:-1] if line.strip())


def _words(text: str) -> int:
    return sum(1 for w in text.split() if _WORD.search(w))


def _is_full(text: str, span: MarkSpan) -> bool:
    """A full quote opens its sentence (or follows a colon/comma cue) and starts with a capital."""
    inner = text[span.start:span.end].lstrip(" [(…")
    if not inner or not inner[0].isupper():
        return False
    para_start = text.rfind("\n", 0, span.start) + 1
    before = text[para_start:span.start - 1].rstrip()
    if not before:
        return True
    if before[-1] in ":,;—–-":
        return True
    return bool(_SENT_END.search(before[-1:]))


def _name_like(text: str, span: MarkSpan, doc: Any, idx: _Index, qi: int) -> bool:
    """Title-case term used as a name or modifier ("Wolf Warrior" diplomacy, the "Clean Power" plan)."""
    words = [w for w in text[span.start:span.end].split() if _WORD.search(w)]
    if not words or len(words) > 6:
        return False
    minor = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "with"}
    if not all(w[0].isupper() or w.lower() in minor for w in words):
        return False
    toks = idx.tokens[qi]
    if toks:
        nxt = toks[-1] + 1
        while nxt < len(doc) and (doc[nxt].is_punct or doc[nxt].is_space):
            nxt += 1
        if nxt < len(doc) and doc[nxt].pos_ in ("NOUN", "PROPN") and doc[nxt].idx < span.end + 3:
            return True
    return len(words) <= 3


_BYLINE = re.compile(r"^[\s,]{0,2}by [A-Z]")
_POSSESSIVE_BEFORE = re.compile(r"(?:\b[A-Z][\w.&-]*(?:’s|'s)|\b(?:on|in|of) [A-Z][\w.&-]*)\s*$")


def _cited_title(text: str, span: MarkSpan, qtext: str) -> bool:
    """A headline cited with its byline or a show named after its network: not a quote."""
    after = text[span.end + 1: span.end + 8]
    if _BYLINE.match(after):
        return True
    words = [w for w in qtext.split() if _WORD.search(w)]
    if not words or len(words) > 8 or qtext.rstrip(" ,")[-1:] in "!?":
        return False
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in _MINOR for w in words):
        return False
    return bool(_POSSESSIVE_BEFORE.search(text[max(0, span.start - 30): span.start - 1]))


_MINOR = frozenset(["of", "the", "and", "a", "an", "in", "on", "for", "to", "with", "at", "by", "or", "is", "are",
                    "from", "as", "but", "if", "be", "how", "vs.", "&"])


def _title_after_comma(doc: Any, text: str, idx: _Index, span: MarkSpan, qtext: str) -> bool:
    """A title-case phrase after a comma with no speech verb before it: a work's title, not a quote."""
    para_start = text.rfind("\n", 0, span.start) + 1
    before = text[para_start:span.start - 1].rstrip()
    if not before or before[-1] != ",":
        return False
    words = [w for w in qtext.split() if _WORD.search(w)]
    if not words or len(words) > 8 or qtext.rstrip()[-1:] in ".!?":
        return False
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in _MINOR for w in words):
        return False
    prev = _tokens_between(doc, idx, para_start, span.start - 1)
    prev = [t for t in prev if not t.is_punct and not t.is_space]
    return not (prev and is_cue_verb(prev[-1]))


_ABBREVIATIONS = frozenset(["mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "cmdr",
                            "adm", "prof", "rev", "st", "jr", "sr", "pres", "u.s", "u.n", "u.k", "no", "inc", "corp",
                            "co", "ltd", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "vs", "d.c", "r", "d",
                            # US states as wires abbreviate them ("Sen. Marco Rubio (R-Fla.) said")
                            "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan",
                            "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "n.h",
                            "n.j", "n.m", "n.y", "n.c", "n.d", "okla", "ore", "pa", "r.i", "s.c", "s.d", "tenn",
                            "tex", "vt", "va", "wash", "wis", "wyo", "w.va"])


def _abbreviation(text: str, dot: int) -> bool:
    """The period at ``dot`` ends an abbreviation or an initial ("Mr.", "Sen.", "U.S.", "J."), not a sentence."""
    if text[dot] != ".":
        return False
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    if text[dot + 1: dot + 2] == ")":
        return True  # "(R-Fla.)": a stop inside parentheses does not end the sentence around them
    return word in _ABBREVIATIONS or (len(word) == 1 and text[i].isupper())


def _window_after(text: str, span: MarkSpan, next_start: int) -> tuple[int, int]:
    end_para = text.find("\n", span.end)
    end_para = len(text) if end_para < 0 else end_para
    stop = min(end_para, next_start)
    m = None
    if span.end + 1 < stop:
        m = next((x for x in _SENT_END.finditer(text, span.end + 1, stop) if not _abbreviation(text, x.start())), None)
    return span.end, (m.end() if m else stop)


def _window_before(text: str, span: MarkSpan, prev_end: int) -> tuple[int, int]:
    para_start = text.rfind("\n", 0, span.start) + 1
    start = max(para_start, prev_end)
    seg = text[start:span.start]
    last = None
    for m in _SENT_END.finditer(seg):
        if m.end() < len(seg.rstrip(" \"“”")) and not _abbreviation(seg, m.start()):
            last = m
    if last is not None:
        start += last.end()
    return start, span.start


def _tokens_between(doc: Any, idx: _Index, lo: int, hi: int) -> Any:
    """Tokens starting in [lo, hi) (bisect on token offsets)."""
    import bisect

    a = bisect.bisect_left(idx.starts, lo)
    b = bisect.bisect_left(idx.starts, hi)
    return doc[a:b]


def _reports_own_clause(tok: Any, idx: _Index) -> bool:
    """The verb has a clausal complement of its own after it, outside quotation marks ("Greene
    added that the Fed ...", "Brafman said he had come ..."): it reports that clause, so it is not
    the cue of a quote before it (the quote belongs to the sentence before)."""
    return any(c.dep_ == "ccomp" and c.i > tok.i and not idx.inside(c) for c in tok.children)


def _cue_in_window(doc: Any, idx: _Index, lo: int, hi: int, prefer_last: bool, after: bool = False) -> Any:
    cands = [t for t in _tokens_between(doc, idx, lo, hi) if not idx.inside(t) and is_cue_verb(t)
             and not (after and OWN_CLAUSE_RULE and _reports_own_clause(t, idx))]
    if not cands:
        return None
    with_subj = [t for t in cands if subject_of(t) is not None]
    pool = with_subj or cands
    return pool[-1] if prefer_last else pool[0]


ADJACENT_VERBS = True  # see _adjacent_verb
OWN_CLAUSE_RULE = True  # see _reports_own_clause
CONTINUED_CUE = True  # see _continued_cue
_OPEN_END = frozenset(",?!—–-")


def _adjacent_verb(doc: Any, text: str, idx: _Index, span: MarkSpan, a_lo: int, a_hi: int,
                   b_lo: int, b_hi: int) -> Any:
    """A verb outside the word lists that the quote's punctuation makes its cue: '“...,” Oliver
    barked.', '"Nooooo!" the crowd cried out', 'As Professor Foner put it: "..."'. After the quote,
    the quote must close on a comma, ?, ! or dash (the sentence goes on) and the verb must come within
    the next few words with its subject beside it; before it, the clause must end with a colon."""
    inner = text[span.start:span.end].rstrip()
    if inner[-1:] in _OPEN_END:
        toks = [t for t in _tokens_between(doc, idx, a_lo, a_hi) if not idx.inside(t) and not t.is_punct]
        verb = next((t for t in toks[:5] if t.pos_ == "VERB"), None)
        if verb is not None:
            subj = subject_of(verb)
            if subj is not None and not idx.inside(subj) and a_lo <= subj.idx < a_hi:
                return verb
            if subj is None and inverted_subject(verb, idx) is not None:
                return verb
    before = text[b_lo:b_hi].rstrip(" \"“”'")
    if before.endswith(":"):
        verbs = [t for t in _tokens_between(doc, idx, b_lo, b_hi) if not idx.inside(t) and t.pos_ == "VERB"]
        if verbs and subject_of(verbs[-1]) is not None and not idx.inside(subject_of(verbs[-1])):
            return verbs[-1]
    return None


def _introduced(text: str, span: MarkSpan) -> bool:
    """The quote closes its sentence ("...") and the words before it in its sentence end with a
    comma or colon (`He added, "..."`)."""
    if text[span.start:span.end].rstrip()[-1:] != ".":
        return False
    para_start = text.rfind("\n", 0, span.start) + 1
    before = text[para_start:span.start].rstrip(" \"“”'")
    return before[-1:] in (",", ":")


def _continued_cue(doc: Any, text: str, idx: _Index, last: Attribution | None, lo: int, hi: int) -> Any:
    """'"A," Ms. Hughes said, pointing out where the store used to be. "B."': a quote that opens a
    new sentence right after the sentence holding the previous quote's cue goes on with that cue;
    the other verbs of that sentence ("pointing", "showed", "asked") describe, they do not
    introduce the next quote."""
    if last is None or last.cue_start is None or "cue_token" not in last.extras:
        return None
    if not (lo <= last.cue_start < hi):
        return None
    seg = text[lo:hi].rstrip(" \"“”'\n")
    if not seg or seg[-1] not in ".!?" or "\n" in text[lo:hi].strip():
        return None
    return doc[last.extras["cue_token"]]


def _introducing_sentence(doc: Any, text: str, idx: _Index, span: MarkSpan, prev_end: int) -> tuple[Any, bool] | None:
    """The cue of the sentence just before a quote ("Pollak wrote:" / "Cruz told reporters."),
    with True when that sentence ends with a colon (a sure introduction)."""
    lo = max(prev_end, 0)
    para_start = text.rfind("\n", 0, span.start) + 1
    if not text[para_start:span.start].strip():
        # quote opens its paragraph: look at the previous paragraph's last sentence
        prev_para_end = text[:para_start].rstrip().__len__()
        if prev_para_end <= lo:
            return None
        end = prev_para_end
    else:
        end = span.start
    toks = [t for t in _tokens_between(doc, idx, lo, end) if not idx.inside(t)]
    if not toks:
        return None
    sent = toks[-1].sent
    cands = [t for t in sent if t.idx >= lo and t.idx < end and not idx.inside(t) and is_cue_verb(t)]
    if not cands:
        return None
    colon = text[:end].rstrip().endswith(":")
    with_subj = [t for t in cands if subject_of(t) is not None]
    return (with_subj or cands)[-1], colon


def _nearest_name(doc: Any, idx: _Index, cue: Any, lo: int, hi: int) -> Any:
    """A subject-less cue ("..., tweeted Murphy"): the nearest named entity around it, outside quotes."""
    best, dist = None, 10**9
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or not (lo <= ent.start_char < hi) or idx.inside(ent.root):
            continue
        d = abs(ent.root.i - cue.i)
        if d < dist:
            best, dist = ent.root, d
    return best


_NAMING = re.compile(r"(?:so-called|so called|dubbed|known as|named|titled|entitled|nicknamed|the word|term)\s*$",
                     re.IGNORECASE)


def _naming_context(text: str, span: MarkSpan) -> bool:
    """'so-called "experts"', 'known as "the Wall"': the marks name a term, nobody is quoted."""
    return bool(_NAMING.search(text[max(0, span.start - 20):span.start - 1]))


def _governing_cue(tok: Any, idx: _Index, max_hops: int = 12) -> Any:
    """Nearest cue verb above ``tok`` in the parse, outside the marks."""
    h = tok
    for _ in range(max_hops):
        if h.head.i == h.i:
            return None
        h = h.head
        if not idx.inside(h) and is_cue_verb(h):
            return h
    return None


def _quote_root(doc: Any, toks: list[int]) -> Any:
    inside = set(toks)
    for i in toks:
        if (doc[i].head.i not in inside or doc[i].head.i == i) and not doc[i].is_punct:
            return doc[i]
    return doc[toks[0]] if toks else None


SIGNATURES = True  # see _signature_after
_SIG_NAME = r"[A-Z][\w.'’-]+(?: (?:[A-Z][\w.'’-]+|de|van|von|al|bin|la|le)){1,3}"
_SIGNATURE = re.compile(rf"({_SIG_NAME}(?:,? and {_SIG_NAME})?), ((?:The )?[A-Z][\w.&'’-]*(?: (?:[A-Z&][\w.&'’-]*|of|the|and|for)){{0,5}})")


_NOT_NAMES = frozenset(["in", "her", "his", "their", "its", "the", "on", "at", "of", "for", "a", "an", "to", "by",
                        "says", "said", "with", "from", "after", "before", "how", "why", "what"])


def _names_only(names: str) -> bool:
    """The signature's name part holds names ("In Her Post-Attack Comments" does not)."""
    return not any(w.lower() in _NOT_NAMES for w in re.split(r",? and |\s+", names))


def _signature_after(text: str, span: MarkSpan) -> tuple[int, int, int, int] | None:
    """An excerpt quoted without a cue and signed on the line below its block, as digests such as
    The Flip Side print them ("“...” / “...” / Mark Landler and Edward Wong, New York Times"; 467
    such lines in 61 of its 4,750 AllSides articles, where the nearest name had been the speaker).
    The signature stands right after the closing mark, or the quote is its whole paragraph and the
    paragraphs after it may be more of the block (opening with a quotation mark); the first one
    that is not must be the signature, whole. Returns the offsets of the name(s) and of the outlet."""
    marks = " \t“”\"«»‘’"
    pos = span.end
    nl = text.find("\n", pos)
    nl = len(text) if nl < 0 else nl
    rest = text[pos:nl].strip(marks)
    if rest:  # signed right after the closing mark ("...so much.” Susan B. Glasser, New York Magazine")
        return _signature(rest, pos + text[pos:nl].index(rest))  # (else the paragraph goes on)
    lo = text.rfind("\n", 0, span.start) + 1
    if text[lo:span.start].strip(marks):
        return None  # (a wire story's sign-off under its last quote is no signature of that quote)
    for _ in range(12):
        while nl < len(text) and text[nl] == "\n":
            nl += 1
        end = text.find("\n", nl)
        end = len(text) if end < 0 else end
        line = text[nl:end].strip()
        if not line:
            return None
        if line[0] in "“\"«‘":
            nl = end
            continue
        return _signature(line, nl + (len(text[nl:end]) - len(text[nl:end].lstrip())))
    return None


def _signature(line: str, off: int) -> tuple[int, int, int, int] | None:
    """``line`` (starting at text offset ``off``) is a whole signature "Name[ and Name], Outlet" of
    at most 12 words: the offsets of the name(s) and of the outlet."""
    d = _DASH_SIGNATURE.fullmatch(line)
    if d is not None and len(line.split()) <= 20 and _names_only(d.group(1)):
        # "-- Susan Rice, U.S. ambassador to the United Nations, talking to NBC News." under a quote
        # (a quote-of-the-day column in the demo corpus had no speaker)
        return off + d.start(1), off + d.end(1), off + d.start(2), off + d.end(2)
    m = _SIGNATURE.fullmatch(line)
    if m is None or len(line.split()) > 12 or not _names_only(m.group(1)):
        return None
    return off + m.start(1), off + m.end(1), off + m.start(2), off + m.end(2)


_DASH_SIGNATURE = re.compile(r"(?:--|[–—])[ \t]*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3}),[ \t]*(\S.*?)\.?")


TRANSCRIPTS = True  # see transcript_turns
_LABEL_LINE = re.compile(r"[A-Za-z][a-z'’.-]+(?: [A-Za-z][a-z'’.-]+){1,2}")
_NOT_LABELS = ("archived", "speaker", "unidentified", "voice", "audience", "crowd", "announcer")


def transcript_turns(text: str) -> list[Attribution]:
    """Turns of a transcript printed without quotation marks, as podcast transcripts are (NYT's
    "The Daily": a line "michael barbaro", then what he says, then "phil campbell" ...; 15 of the
    4,750 AllSides articles, hundreds of turns, none of them a quote before). A transcript is
    found when at least two short name lines each stand alone at least twice; each paragraph
    after such a line (up to the next one), and a paragraph opening with a known name followed
    by speech ("michael schmidt All right."), is a direct quote of that name. Labels that name
    no one ("archived recording", "speaker") give no turn."""
    paras = [(s, e, text[s:e].strip()) for s, e in paragraphs(text)]
    alone = Counter(p[2] for p in paras if _LABEL_LINE.fullmatch(p[2]))
    labels = {k for k, v in alone.items() if v >= 2}
    if len(labels) < 2:
        return []
    out: list[Attribution] = []
    current: tuple[int, int, str] | None = None
    for s, e, line in paras:
        lead = s + (len(text[s:e]) - len(text[s:e].lstrip()))
        if line in labels:
            current = (lead, lead + len(line), line)
            continue
        if line.startswith("[") and line.endswith("]"):
            continue  # "[music]"
        if line.lower().startswith(_NOT_LABELS):
            current = None  # "archived recording 1 Michigan has been ...": a clip, not the host
            continue
        inline = next((lab for lab in labels if line.startswith(lab + " ")), None)
        who = (lead, lead + len(inline), inline) if inline else current
        if who is None or who[2].split()[0].lower() in _NOT_LABELS:
            continue
        start = lead + (len(inline) + 1 if inline else 0)
        end = lead + len(line)
        if _words(text[start:end]) < 2:
            continue
        a = Attribution(start, end, "direct")
        a.extras["turn"] = who
        out.append(a)
    return out


def direct_quotes(doc: Any, text: str, idx: _Index) -> list[Attribution]:
    out: list[Attribution] = []
    last_attr: Attribution | None = None
    last_para_end = -1
    for qi, span in enumerate(idx.spans):
        qtext = text[span.start:span.end]
        if span.start >= 2 and text[span.start - 2] == "=":
            continue  # an attribute value in markup left in the text (tweet-date="...")
        full = _is_full(text, span)
        if full and _title_after_comma(doc, text, idx, span, qtext):
            continue  # 'his book, "Crippled America,"', 'the show, "The Apprentice,"': a title
        if TITLE_RULES and _cited_title(text, span, qtext):
            continue  # '"Leaving Neverland," by Times' Michael Paulson', 'on CNN's "State of the Union,"'
        prev_end = idx.spans[qi - 1].end + 1 if qi else 0
        next_start = idx.spans[qi + 1].start - 1 if qi + 1 < len(idx.spans) else len(text)
        start, end = span.start, span.end
        # trim trailing whitespace inside the marks
        while end > start and text[end - 1].isspace():
            end -= 1
        attr = Attribution(start, end, "direct", partial=not full)
        cue = None
        window = (span.start, span.end)
        intro = None
        byline = _signature_after(text, span) if SIGNATURES else None
        if byline is not None:
            attr.extras["byline"] = byline  # the columnist and outlet under a quoted excerpt
            out.append(attr)
            last_attr, last_para_end = attr, end
            continue
        if full:
            a_lo, a_hi = _window_after(text, span, next_start)
            b_lo, b_hi = _window_before(text, span, prev_end)
            cue = None
            if OWN_CLAUSE_RULE and _introduced(text, span):
                # 'Brafman said, "A." He added, "B."': a quote its own sentence closes takes the cue
                # that introduces it, not the one that introduces the next sentence
                cue = _cue_in_window(doc, idx, b_lo, b_hi, prefer_last=True)
                window = (b_lo, b_hi)
            if cue is None:
                cue = _cue_in_window(doc, idx, a_lo, a_hi, prefer_last=False, after=True)
                window = (a_lo, a_hi)
            if cue is None:
                cue = _continued_cue(doc, text, idx, last_attr, b_lo, b_hi) if CONTINUED_CUE else None
                if cue is None:
                    cue = _cue_in_window(doc, idx, b_lo, b_hi, prefer_last=True)
                window = (b_lo, b_hi)
            if cue is None:
                intro = _introducing_sentence(doc, text, idx, span, prev_end)
                if intro is not None and (intro[1] or last_attr is None or
                                          _para_index(text, span.start) - _para_index(text, last_para_end) > 1):
                    cue = intro[0]
                    window = (intro[0].sent.start_char, intro[0].sent.end_char)
            if cue is None and ADJACENT_VERBS:
                cue = _adjacent_verb(doc, text, idx, span, a_lo, a_hi, b_lo, b_hi)
        else:
            if not idx.tokens[qi] or _name_like(text, span, doc, idx, qi) or _naming_context(text, span):
                continue
            root = _quote_root(doc, idx.tokens[qi])
            short = _words(qtext) < MIN_PARTIAL_WORDS
            # a short quoted word counts only as what a cue verb reports ('called Trump "unhinged"')
            cue = _governing_cue(root, idx, max_hops=3 if short else 12) if root is not None else None
            if cue is None and short:
                continue
            if cue is None:
                # the sentence's own cue ("... 'a phrase' in the plan, she said")
                sent = doc[idx.tokens[qi][0]].sent if idx.tokens[qi] else None
                if sent is not None:
                    cue = _cue_in_window(doc, idx, sent.start_char, sent.end_char, prefer_last=False)
            if cue is None:
                continue  # scare quote
        if cue is not None:
            attr.cue, attr.cue_start = cue_text(cue), cue.idx
            attr.cue_end = cue.idx + len(cue.text)
            attr.subject = speaker_subject(cue, idx)
            if attr.subject is None and not sourceless(cue):
                attr.subject = _nearest_name(doc, idx, cue, *window)
            attr.extras["cue_token"] = cue.i
        elif full and last_attr is not None and \
                _para_index(text, span.start) - _para_index(text, last_para_end) <= 1:
            # floating quote: continues the previous quote's speaker (same or previous paragraph)
            attr.extras["inherit"] = last_attr
        out.append(attr)
        if attr.cue is not None or "inherit" in attr.extras:
            last_attr = attr
            last_para_end = end
    return out


def _strip_according(doc: Any, head: Any, acc: Any) -> tuple[int, int] | None:
    lo, hi = head.left_edge.i, head.right_edge.i
    a_lo, a_hi = acc.left_edge.i, acc.right_edge.i
    if a_lo - lo >= hi - a_hi:
        return _content_bounds(doc, lo, a_lo - 1)
    return _content_bounds(doc, a_hi + 1, hi)


COMP_DEPS = ("ccomp", "xcomp", "dobj", "prep")


@dataclass(frozen=True, slots=True)
class _Span:
    """A token range standing in for a complement token (object + predicate, object + preposition)."""

    lo: int
    hi: int
    kind: str = "obj+pred"
MIN_OBJECT_TOKENS = 2


def _complement(verb: Any, wide: bool = False) -> Any:
    """The reported content of a cue: its clause, else its object or prepositional object.

    ``wide`` (the learned cue model decides) also proposes one-word objects ("endorsed Clinton")
    and prepositional objects after any preposition ("warned against ...")."""
    kids = list(verb.children)
    obj = next((c for c in kids if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is not None:
        # "called Trump 'unhinged'", "urged the US to step up": object plus its predicate
        pred = next((c for c in kids if c.i > obj.i and (c.dep_ in ("oprd", "xcomp") or (c.dep_ == "advcl" and any(
            g.dep_ == "aux" and g.lower_ == "to" for g in c.children)))), None)
        if pred is not None:
            return _Span(obj.left_edge.i, pred.right_edge.i)
    preps = [c for c in kids if c.dep_ == "prep" and c.i > verb.i and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
    for dep in COMP_DEPS:
        for c in kids:
            if c.dep_ != dep or (c.i < verb.i and dep != "ccomp"):
                continue
            if dep == "prep":
                obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if obj is None or (not wide and c.lower_ not in ("to", "about", "of", "on", "for", "that")):
                    continue
                if wide and len(preps) > 1:
                    # "testify before the committee about the decision": every prepositional object
                    return _Span(obj.left_edge.i, preps[-1].right_edge.i, "prep")
                return obj
            if dep == "dobj" and not wide and c.right_edge.i - c.left_edge.i + 1 < MIN_OBJECT_TOKENS:
                continue
            if dep == "dobj" and wide and preps and preps[-1].i > c.i:
                # "slammed the media for ...", "aligned herself with ...", "put a focus on ..."
                return _Span(c.left_edge.i, preps[-1].right_edge.i, "obj+prep")
            return c
    return None


NOUN_PREPS = frozenset(["of", "for", "on", "about", "against", "over", "with", "to", "toward", "towards"])


def _wide_complement(verb: Any) -> tuple[Any, str | None]:
    """Less common shapes a cue's content takes (proposed to the cue model only):
    an adjective's prepositional object ("are skeptical of free trade") and a passive's
    subject ("That effort has been championed by ...")."""
    for c in verb.children:
        if c.dep_ == "acomp" and c.i > verb.i:
            prep = next((g for g in c.children if g.dep_ == "prep" and g.i > c.i), None)
            obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
            if obj is not None:
                return obj, "adj_prep"
    kids = list(verb.children)
    if any(c.dep_ == "auxpass" for c in kids) and any(c.dep_ == "agent" for c in kids):
        subj = next((c for c in kids if c.dep_ == "nsubjpass" and c.i < verb.i), None)
        if subj is not None and subj.pos_ != "PRON":
            return subj, "pass_subj"
    return None, None


def _noun_complement(noun: Any) -> Any:
    """What a noun cue reports: its "that"/"to" clause ("the claim that ...", "a decision to ...")
    or its prepositional object ("support for ...", "criticism of ...")."""
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "relcl") and c.i > noun.i and any(
                g.dep_ in ("mark", "aux") and g.lower_ in ("that", "to") and g.i < c.i for g in c.children):
            if c.dep_ == "relcl" and any(g.dep_ in ("nsubj", "dobj", "nsubjpass") and g.lower_ == "that"
                                         for g in c.children):
                continue  # "the claim that he made": a relative clause, not the claim's content
            return c
    for c in noun.children:
        if c.dep_ == "xcomp" and c.i > noun.i and any(g.dep_ in SUBJ_DEPS for g in noun.children):
            return c
    for c in noun.children:
        if c.dep_ == "prep" and c.i > noun.i and c.lower_ in NOUN_PREPS:
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return obj
    return None


# A wire dateline opening a paragraph: "KYIV, Ukraine (AP) — ", "WASHINGTON — ", "LONDON (Reuters) - ",
# "WASHINGTON/SEOUL (Reuters) - ",
# "NEW DELHI, India, Jan. 5 (AP) — ": a place in capitals, optional region/date, optional agency, a dash.
_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z.'’/-]+(?: [A-Z][A-Z.'’/-]+)*(?:,[ \t]+[A-Z][\w.'’-]*(?: [\w.'’-]+){0,3}){0,2}"
                       r"(?:[ \t]*\([A-Za-z][\w .&-]{0,30}\))?[ \t]*[—–-]{1,2}[ \t]+", re.MULTILINE)


# "Washington (CNN) Donald Trump says ...": a place in title case and a known agency in brackets, the dash
# optional (scraped pages drop it); an unknown bracket ("Washington (D.C.) ...") is no dateline
_AGENCY_DATELINE = re.compile(
    r"^[ \t]*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:,[ \t]+[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}){0,2}[ \t]*"
    r"\((?:CNN|AP|Reuters|AFP|UPI|Xinhua|TASS|Bloomberg|Sputnik|dpa|EFE|Yonhap|Kyodo|JTA|RNS|CNSNews\.com|"
    r"The Hill|Fox News|CBS News|NBC News|ABC News)\)[ \t]*(?:[—–-]{1,2}[ \t]*)?", re.MULTILINE)


def _dateline_match(text: str, line_start: int) -> Any:
    return _DATELINE.match(text, line_start) or _AGENCY_DATELINE.match(text, line_start)


# A photo credit left at a paragraph start by page scraping: "Saul Loeb/AFP/Getty Images Trump told
# reporters ...", "Nam Y. Huh/AP Workers have filed ...": a name, then one or more agencies after slashes.
_CREDIT = re.compile(r"[ \t]*(?:[A-Z][\w.'’-]*[ \t]+){0,3}[A-Z][\w.'’-]*(?:[ \t]*/[ \t]*(?:Getty Images|AP Photo|"
                     r"Shutterstock|Bloomberg|Reuters|NurPhoto|Sipa USA|Pool|[A-Z][A-Z-]{1,7}))+"
                     r"(?: via Getty Images)?[ \t]+(?=[A-Z])")


def dateline_end(text: str, pos: int) -> int:
    """Offset where the paragraph holding ``pos`` starts its prose: after a wire dateline
    ("KYIV, Ukraine (AP) — ") and a photo credit ("Saul Loeb/AFP/Getty Images ") when the paragraph
    opens with them, else the line start. Neither is a speaker nor part of what anybody said."""
    line_start = text.rfind("\n", 0, pos) + 1
    start = line_start
    m = _dateline_match(text, line_start)
    if m is not None and m.end() <= pos:
        start = m.end()
    c = _CREDIT.match(text, start)
    if c is not None and c.end() <= pos:
        start = c.end()
    return start


def in_dateline(text: str, pos: int) -> bool:
    """``pos`` lies inside a wire dateline opening its paragraph."""
    line_start = text.rfind("\n", 0, pos) + 1
    if not text[line_start:line_start + 1].isupper():
        return False
    m = _dateline_match(text, line_start)
    return m is not None and pos < m.end()


def _same_paragraph(doc: Any, anchor: int, lo: int, hi: int) -> tuple[int, int]:
    """Clip a token range to the line holding ``anchor`` (a parse can run a headline into the text)
    and to after a wire dateline opening that line."""
    for i in range(anchor - 1, lo - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            lo = i + 1
            break
    start = dateline_end(doc_text(doc), doc[anchor].idx)
    while lo < anchor and doc[lo].idx < start:
        lo += 1
    for i in range(anchor, hi + 1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            hi = i - 1 if "\n" in doc[i].text else i
            break
    return lo, hi


def complement_kind(comp: Any) -> str:
    """ccomp | xcomp | dobj | prep | obj+pred: the key of the calibrated cue table."""
    if isinstance(comp, _Span):
        return comp.kind
    return comp.head.dep_ if comp.dep_ in ("pobj", "pcomp") else comp.dep_


@dataclass(slots=True)
class Candidate:
    """A possible reported-speech cue: cue token, content token range, complement kind."""

    tok: Any
    lo: int
    hi: int
    kind: str
    subject: Any
    quoted: float  # share of the content's characters inside quotation marks
    rank: int = 0  # 0: the first-choice content of this word; more: an alternative

    def features(self, idx: _Index, text: str) -> list[str]:
        from storylens.enrich.quotes.cuemodel import candidate_features

        feats = candidate_features(self.tok, self.kind, self.lo, self.hi, self.subject, self.quoted,
                                   _para_index_cached(idx, text, self.tok.idx) == 0, _nested(self.tok, idx))
        feats.append(f"rank={min(self.rank, 3)}")
        return feats


def _para_index_cached(idx: _Index, text: str, pos: int) -> int:
    import bisect

    if not hasattr(idx, "_para_starts"):
        idx._para_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]  # type: ignore[attr-defined]
    starts = idx._para_starts  # type: ignore[attr-defined]
    return bisect.bisect_right(starts, pos) - 1


def _nested(tok: Any, idx: _Index) -> str | None:
    """The lemma of a speech/cognition verb above ``tok`` (content nested in another attribution)."""
    h = tok
    for _ in range(6):
        if h.head.i == h.i:
            return None
        h = h.head
        if h.pos_ in ("VERB", "AUX") and h.lemma_.lower() in lx.CUE_VERBS and not idx.inside(h):
            return h.lemma_.lower()
    return None


def _alternatives(verb: Any) -> list[tuple[Any, str]]:
    """Every content a verb could report, best guess first (the cue model picks among them)."""
    out: list[tuple[Any, str]] = []
    first = _complement(verb, True)
    if first is not None:
        out.append((first, complement_kind(first)))
    kids = list(verb.children)
    for c in kids:
        if c.dep_ in ("ccomp", "xcomp") and (c.i > verb.i or c.dep_ == "ccomp"):
            out.append((c, c.dep_))
    obj = next((c for c in kids if c.dep_ == "dobj" and c.i > verb.i), None)
    preps = [c for c in kids if c.dep_ == "prep" and c.i > verb.i]
    pobjs = [g for c in preps for g in c.children if g.dep_ in ("pobj", "pcomp")]
    if obj is not None:
        out.append((obj, "dobj"))
        if preps and preps[-1].i > obj.i:
            out.append((_Span(obj.left_edge.i, preps[-1].right_edge.i, "obj+prep"), "obj+prep"))
    for g in pobjs:
        out.append((g, "prep"))
    if len(pobjs) > 1:
        out.append((_Span(pobjs[0].left_edge.i, preps[-1].right_edge.i, "prep"), "prep"))
    comp, kind = _wide_complement(verb)
    if comp is not None and kind is not None:
        out.append((comp, kind))
    if REST_SHAPE and out:
        # the first complement and everything the verb governs after it ("supporting Mr. Ailes amid
        # the scandal", "bragged about her father teaching her to shoot"): modifiers the parse hangs
        # on the verb that the report still holds; the model decides when this reading is the one
        first_lo = min((c.lo if isinstance(c, _Span) else c.left_edge.i) for c, _ in out)
        last = max((c for c in verb.children if c.i > verb.i and c.dep_ not in ("punct", "cc", "conj")
                    and not (c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > 0 and c.doc[c.left_edge.i - 1].text == ",")),
                   key=lambda c: c.i, default=None)  # (not ", mocking his ...": the speaker's next act)
        if first_lo > verb.i and last is not None and last.right_edge.i > first_lo:
            out.append((_Span(first_lo, last.right_edge.i, "rest"), "rest"))
    seen, uniq = set(), []
    for comp, kind in out:
        key = (comp.lo, comp.hi) if isinstance(comp, _Span) else (comp.left_edge.i, comp.right_edge.i)
        if key not in seen:
            seen.add(key)
            uniq.append((comp, kind))
    return uniq


def _candidates_of(doc: Any, text: str, idx: _Index, tok: Any, wide: bool) -> list[Candidate]:
    """The content spans a word would report, if it were a cue (empty: it takes no content).
    With ``wide`` (the cue model decides) a verb proposes every shape of content it has."""
    subj = None
    comps: list[tuple[Any, str | None]] = []
    if tok.pos_ in ("VERB", "AUX"):
        subj = subject_of(tok)
        if wide:
            comps = list(_alternatives(tok))
        else:
            comp = _complement(tok, False)
            if comp is not None:
                comps = [(comp, complement_kind(comp))]
        if not comps and tok.dep_ == "parataxis" and tok.head.i != tok.i:
            comps = [(None, "parataxis")]
    elif wide and tok.pos_ == "NOUN":
        comp = _noun_complement(tok)
        if comp is None:
            return []
        kind = "n_prep" if comp.dep_ in ("pobj", "pcomp") else "n_clause"
        subj = next((c for c in tok.children if c.dep_ == "poss"), None)
        if subj is None:  # "criticism from Republicans", "a warning by the agency"
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by")), None)
            subj = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
        if subj is None and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            subj = subject_of(tok.head)  # "Trump voiced support for ..."
        if comp.dep_ == "xcomp":
            kind = "xcomp"  # "Democrats plan to release ..." tagged as a noun
            subj = next((c for c in tok.children if c.dep_ in SUBJ_DEPS), None)
        comps = [(comp, kind)]
    out = []
    for rank, (comp, kind) in enumerate(comps):
        c = _make_candidate(doc, idx, tok, comp, kind or "", subj, wide)
        if c is not None:
            c.rank = rank
            out.append(c)
    return out


def _make_candidate(doc: Any, idx: _Index, tok: Any, comp: Any, kind: str, subj: Any, wide: bool) -> Candidate | None:
    if kind == "pass_subj":  # the speaker is the agent: "championed by Sanders"
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        subj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    if isinstance(comp, _Span):
        lo, hi = comp.lo, comp.hi
    elif comp is not None:
        lo, hi = comp.left_edge.i, comp.right_edge.i
        # "saying X was needed, and Y would not be enough": a coordinated clause with its own subject
        for c in [*tok.children, *comp.children]:
            if c.dep_ == "conj" and c.i > hi and not is_cue_verb(c) and any(
                    g.dep_ in SUBJ_DEPS for g in c.children):
                hi = max(hi, c.right_edge.i)
            # "saying X was needed, and Y would not be enough" parsed as two clauses of one cue
            if c.dep_ == "ccomp" and c.head.i == tok.i and c.i > hi and c.left_edge.i <= hi + 3:
                hi = max(hi, c.right_edge.i)
        if SOURCELESS_SUBJECT and lo > tok.i and sourceless(tok):
            # "Delaware and Maryland are widely seen as Clinton strongholds", "Christie appeared to
            # end his bid": with no source, the subject is part of what is reported, not who reports
            grammatical = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
            if grammatical is not None and not idx.inside(grammatical):
                lo = grammatical.left_edge.i
    elif kind == "parataxis":
        head = tok.head
        lo, hi = head.left_edge.i, head.right_edge.i
        if tok.left_edge.i > lo and (not wide or tok.left_edge.i - lo >= 4 or tok.right_edge.i >= hi):
            hi = min(hi, tok.left_edge.i - 1)
        elif tok.left_edge.i <= lo:
            lo = max(lo, tok.right_edge.i + 1)
        # else ("Now, he said, the Christians ..."): the whole clause around the interjected cue
    else:
        return None
    lo, hi = _same_paragraph(doc, tok.i, lo, hi)
    while lo <= hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi < lo:
        return None
    s, e = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    covered = sum(min(e, sp.end) - max(s, sp.start) for sp in idx.spans if sp.start < e and sp.end > s)
    return Candidate(tok, lo, hi, kind, subj, covered / max(1, e - s))


def cue_candidates(doc: Any, text: str, idx: _Index, used_cues: set[int], wide: bool = True) -> list[Candidate]:
    """Every word outside quotation marks that could introduce reported speech, with its content
    (with ``wide``, several per word: the cue model keeps the best one)."""
    out = []
    for tok in doc:
        if tok.i in used_cues or not tok.is_alpha or idx.inside(tok) or tok.lower_ == "according":
            continue
        out.extend(_candidates_of(doc, text, idx, tok, wide))
    return out


_PACKAGED = object()


def _according(doc: Any, idx: _Index, tok: Any) -> Attribution | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if obj is None or tok.head.i == tok.i:
        return None
    bounds = _strip_according(doc, tok.head, tok)
    if bounds is None:
        return None
    a = Attribution(bounds[0], bounds[1], "indirect", cue="according to",
                    cue_start=tok.idx, cue_end=to.idx + len(to.text), subject=obj)
    a.extras["cue_token"] = tok.i
    return a


def _rule_says(c: Candidate) -> bool:
    """The hand rules and calibrated table (used when no cue model is packaged)."""
    tok, kind = c.tok, c.kind
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    verdict = lx.table_says(tok.lower_, kind) if kind and kind != "parataxis" else None
    if verdict is False and KEEP_CLAUSE_CUES and kind == "ccomp" and tok.lemma_.lower() in lx.CUE_VERBS:
        verdict = None  # "X believes that ...": reported speech or belief, whatever PolNeAR's annotators did
    if verdict is False or (verdict is None and not is_cue_verb(tok)):
        return False
    return c.hi - c.lo + 1 >= MIN_INDIRECT_TOKENS


_LINE_END = re.compile(r"[.!?;:][\"”’')\]]*\s*$")
# a title (the text's first line) may end in "U.S." or "U.N.": that stop is no sentence's ("Obama
# clash with Venezuelan leader backfires, Latin Americans unite against U.S." was read as prose, and
# "unite" as a cue; further down, a short paragraph ending so is prose: "... firearms sales in the U.S.")
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}[\"”’')\]]*\s*$")
HEADLINE_MAX_WORDS = 30  # a longer line without a closing stop is a run-on paragraph, not a headline
HEADLINE_CLAUSE_KINDS = frozenset(["ccomp", "parataxis", "n_clause"])


def _line_of(text: str, pos: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return lo, len(text) if hi < 0 else hi


def is_headline_line(text: str, pos: int) -> bool:
    """The line holding ``pos`` reads as a headline: short and not closed by a sentence stop
    ("U.S. tech industry sees layoffs", "Erdogan says Turkish operation has started")."""
    lo, hi = _line_of(text, pos)
    line = text[lo:hi].strip()
    return bool(line) and len(line.split()) <= HEADLINE_MAX_WORDS and (
        not _LINE_END.search(line) or (bool(_ABBREVIATION_END.search(line)) and not text[:lo].strip()))
    # (the prefix is read only for a line ending in an abbreviation: on every prose paragraph it would
    # copy the text before it, once per candidate)


FRONTED_NEEDS_CUE = True  # see indirect_quotes
_EMPTY_CONTENT = frozenset(["it", "so", "this", "that", "these", "those", "something", "anything", "nothing"])
_FRONTED_CUES = frozenset(["find", "show", "rule", "estimate", "reveal", "insist"])


def headline_cue_ok(c: Candidate, text: str) -> bool:
    """Headline mode: headlines drop the little words that tell a report from an action, so
    "FBI seizes records", "Obama warns of steps", "China slaps tariffs" read like reports to the
    cue model. In a headline a cue must be a speech/cognition verb with a clausal complement
    ("Erdogan says operation has started"), a speech verb with an infinitive of the urge/warn
    kind ("Macron urges leaders to reject nationalism"), or a speech verb whose content is
    quoted ("Tillerson Says 'All Of The Options Are On The Table'")."""
    tok = c.tok
    if not is_cue_verb(tok):
        return False
    if c.hi < tok.i and tok.lemma_.lower() not in lx.CUE_VERBS and tok.lemma_.lower() not in _FRONTED_CUES:
        return False  # "..., Iranians balked": a fronted report needs a word of saying or thinking
        # (a form PolNeAR marks, such as "balked", is no such word: it took "Kerry says allies agreed")
    if c.kind in HEADLINE_CLAUSE_KINDS or c.quoted > 0:
        return True
    if tok.tag_ in ("VBD", "VBN") and not any(ch.dep_ in ("dobj", "dative") for ch in tok.children):
        return False  # "Americans urged to leave": a headline's passive, its subject the one urged
    return c.kind == "xcomp" and tok.lemma_.lower() in XCOMP_CUES


SOURCELESS_SUBJECT = True  # see _make_candidate
REST_SHAPE = True  # see _alternatives


def imperative(tok: Any) -> bool:
    """A sentence-opening verb in the base form with no subject ("Imagine that ...", "Consider
    Sanders, who ...", "Remember what he said"): the writer addresses the reader; nobody is
    reported. (The tagger may call a capitalised imperative a noun: a word spaCy's lemma index
    knows as a verb only counts too.)"""
    head = tok.head
    if head.i != tok.i and head.lemma_.lower() == "let" and head.is_sent_start and any(
            c.dep_ in SUBJ_DEPS and c.lower_ in ("'s", "’s", "us") for c in tok.children):
        return True  # "Let's hope we see more of ...": the writer, not a source
    if not tok.is_sent_start or any(c.dep_ in SUBJ_DEPS for c in tok.children):
        return False
    if tok.tag_ == "VB":
        return True
    return tok.pos_ in ("PROPN", "NOUN", "ADJ") and tok.text[:1].isupper() and lx.verb_only(tok.lower_)


ACTION_THRESHOLD = 0.35  # see action_threshold
_CLAUSE_KINDS = frozenset(["ccomp", "xcomp", "parataxis", "n_clause"])


def action_threshold(c: Candidate) -> float:
    """A stricter bar for candidates that read as acts, not reports: a verb outside the speech and
    cognition lists and the calibrated cue forms, whose content is a plain object or prepositional
    phrase with no clause and no quotation marks ("delivered a critique of ...", "chose Trump as
    their nominee", "Police fired tear gas at protesters"). PolNeAR marks many acts as attributions ("Emanuel
    fired his police chief"), so they are not ruled out, only held to a higher probability: 0.35
    by 5-fold cross-validation on train (F1 0.8008 / 0.8011 / 0.8017 / 0.8006 / 0.7969 with no
    bar / 0.30 / 0.35 / 0.40 / 0.50; the global threshold stays 0.25)."""
    if c.kind in _CLAUSE_KINDS or c.quoted > 0 or c.tok.pos_ not in ("VERB", "AUX") or is_cue_verb(c.tok):
        return 0.0
    return ACTION_THRESHOLD


def _misread(doc: Any, text: str, idx: _Index, c: Candidate) -> bool:
    """A candidate no report can be, whichever path decides (the cue model or the hand rules):
    content behind a colon, a headline's misparse (``_headline_misread``), a question (``_asked``).
    Whether the cue stands on a headline line is read once here."""
    headline = is_headline_line(text, c.tok.idx)
    return _behind_colon(doc, text, c, headline) or (headline and _headline_misread(c, idx)) or _asked(c, text)


def _behind_colon(doc: Any, text: str, c: Candidate, headline: bool) -> bool:
    """Content that ends before its cue with a colon between them: a headline's topic label the
    parse hung on the verb ("South Asia snapshot: India says it will retaliate" made "South Asia
    snapshot" what India said). Reported content before its cue ends at a comma, not a colon."""
    if c.hi >= c.tok.i:
        return False
    between = text[doc[c.hi].idx + len(doc[c.hi].text):c.tok.idx]
    # (a headline's semicolon joins two reports: "China reports ... 1,000; US confirms 13th case")
    return ":" in between or (";" in between and headline)


def _shared_subject(tok: Any, idx: _Index) -> Any:
    """A headline's "Trump criticizes Trudeau, says US won't endorse statement": two verbs of one
    subject, the "and" dropped. The parse makes the first clause the reported content of "says"
    (fronted, before a comma) and its subject no speaker. Returns that first clause's subject when
    the cue has no subject of its own before it, a clause it reports after it, and a fronted
    clause with a subject before a comma; None otherwise."""
    if any(c.dep_ in SUBJ_DEPS and c.i < tok.i for c in tok.children) or not (
            _reports_own_clause(tok, idx) or _clause_as_subject(tok) is not None):
        return None
    front = next((c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i), None)
    if front is None or not any(t.text in (",", ";") for t in tok.doc[front.right_edge.i + 1: tok.i]):
        return None
    return next((c for c in front.children if c.dep_ in ("nsubj",) and c.i < front.i), None)


_SPEAKER_NOUNS = lx.ROLE_WORDS | lx.ORG_WORDS | lx.CITIZEN_WORDS


def _clause_as_subject(tok: Any) -> Any:
    """A headline's "..., says criticisms not based in fact": the parse makes the bare noun that
    opens the reported clause the verb's subject after it (a clause with a participle or a "not",
    no determiner, not a word for a source such as "officials" or "experts"). Returns that noun."""
    for c in tok.children:
        if c.dep_ != "nsubj" or c.i < tok.i or c.pos_ != "NOUN" or c.lower_ in _SPEAKER_NOUNS:
            continue
        if c.lemma_.lower() in _SPEAKER_NOUNS or any(d.dep_ in ("det", "poss", "nummod") for d in c.children):
            continue
        if any(d.dep_ in ("acl", "relcl", "neg") or d.tag_ == "VBN" for d in c.children):
            return c
    return None


def _headline_misread(c: Candidate, idx: _Index) -> bool:
    """Candidate shapes a headline's parse makes that are no report: content that holds its own
    cue (a wide candidate joining both sides of "says"), the first of two verbs of one subject
    taken as what the second reports (``_shared_subject``), a gerund clause as the speaker."""
    tok = c.tok
    if c.lo <= tok.i <= c.hi or (c.hi < tok.i and _shared_subject(tok, idx) is not None):
        return True
    subj = c.subject if c.subject is not None else subject_of(tok)
    first = subj.left_edge if subj is not None else None
    # a gerund clause as subject ("Keeping Summit Hopes Alive Suggests Kim Jong-un May Need a Deal")
    return first is not None and first.i < tok.i and first.lower_.endswith("ing") and len(first.text) > 5 \
        and (first.tag_ == "VBG" or lx.is_verb(first.lower_[:-3]) or lx.is_verb(first.lower_[:-3] + "e"))


_QUESTION_AUX = frozenset(["does", "do", "did", "will", "can", "could", "would", "should", "is", "are", "was",
                           "were", "has", "have"])
_ASKS = re.compile(rf"(?:^|[:;] )(?:{'|'.join(sorted(w.capitalize() for w in _QUESTION_AUX))}) [a-z]")


def _asked(c: Candidate, text: str) -> bool:
    """A headline-length line that asks ("Does Nikki Haley Have Any Clear Foreign Policy Views?":
    an auxiliary before the subject; "Trump whisperer Bill Barr: Does he have a plan to force states
    to "reopen"?"): the writer asks, nobody is reported."""
    lo, hi = _line_of(text, c.tok.idx)
    line = text[lo:hi].strip()
    if not line.rstrip("\"”’'").endswith("?") or len(line.split()) > HEADLINE_MAX_WORDS:
        return False
    q = _ASKS.search(line)
    if q is not None and c.tok.idx >= lo + (len(text[lo:hi]) - len(text[lo:hi].lstrip())) + q.start():
        return True  # an inverted question asked at the start or right after a colon, the cue in it
        # (not "A reporter asked: Did they talk about ...?", whose cue comes before the colon)
    tok = c.tok
    subj = c.subject if c.subject is not None else subject_of(tok)
    return subj is not None and subj.i < tok.i and any(
        a.dep_ == "aux" and a.i < subj.i and a.lower_ in _QUESTION_AUX for a in tok.children)


def indirect_quotes(doc: Any, text: str, idx: _Index, used_cues: set[int], model: Any = None) -> list[Attribution]:
    out: list[Attribution] = []
    for tok in doc:
        if tok.lower_ == "according" and not idx.inside(tok):
            a = _according(doc, idx, tok)
            if a is not None:
                out.append(a)
    chosen: list[Candidate] = []
    if model is not None:
        best: dict[int, tuple[float, Candidate]] = {}
        for c in cue_candidates(doc, text, idx, used_cues, wide=True):
            if _misread(doc, text, idx, c):
                continue
            p = model.prob(c.features(idx, text))
            if p >= max(model.threshold, action_threshold(c)) and (c.tok.i not in best or p > best[c.tok.i][0]):
                best[c.tok.i] = (p, c)
        chosen = [c for _, c in sorted(best.values(), key=lambda pc: pc[1].tok.i)]
    else:
        chosen = [c for c in cue_candidates(doc, text, idx, used_cues, wide=False)
                  if _rule_says(c) and not _misread(doc, text, idx, c)]
    for c in chosen:
        s, e = doc[c.lo].idx, doc[c.hi].idx + len(doc[c.hi].text)
        if HEADLINE_MODE and e <= c.tok.idx and ":" in text[s:e] and is_headline_line(text, c.tok.idx):
            # "5 predictions revisited: Iraq's troubles are years in the making, experts say": the
            # label before a headline colon is no part of what the experts say
            s = e - len(text[text.rindex(":", s, e) + 1:e].lstrip())
        if any(p in text[s:e].lower() for p in ("be named", "be identified", "to comment")) and e - s < 40:
            continue  # "declined to be named": the anonymity marker, not reported content
        if c.quoted > 0.6:
            continue  # content that is a direct quote already: the direct quote carries it
        if HEADLINE_MODE and is_headline_line(text, c.tok.idx) and not headline_cue_ok(c, text):
            continue
        if imperative(c.tok):
            continue
        if c.tok.tag_ in ("VBN", "VBD") and c.tok.i > 0 and doc[c.tok.i - 1].tag_ == "POS":
            continue  # "The United States' reported coronavirus deaths approach 52,000": a participle
            # after a possessive modifies the noun after it (seed 1357 titles)
        fronted_act = FRONTED_NEEDS_CUE and c.hi < c.tok.i and not is_cue_verb(c.tok) \
            and c.tok.lemma_.lower() not in _FRONTED_CUES  # ("..., records show" reports)
        if c.lo == c.hi and c.tok.i < c.lo and doc[c.lo].lower_ in _EMPTY_CONTENT:
            continue  # "and yet Mr. Obama said it": a pronoun reports nothing
        tok = c.tok
        cue = cue_text(tok) if tok.pos_ in ("VERB", "AUX") else tok.text
        subj = c.subject
        if tok.pos_ in ("VERB", "AUX") and c.kind != "pass_subj":
            subj = speaker_subject(tok, idx)
            if HEADLINE_MODE and c.lo > tok.i and is_headline_line(text, tok.idx):
                subj = _shared_subject(tok, idx) or subj
        a = Attribution(s, e, "indirect", cue=cue, cue_start=tok.idx,
                        cue_end=tok.idx + len(tok.text), subject=subj)
        a.extras["cue_token"] = tok.i
        if subj is None and sourceless(tok):
            a.extras["sourceless"] = True
        if action_threshold(c) > 0 or fronted_act:
            # an act, not a report (see action_threshold; quotes.stored); also a verb that is no word
            # of saying or thinking with the content before it: "Not only does Obama's action fail
            # ..., it throws a lifeline" (the demo feed's Cuba column). PolNeAR marks many such, so
            # they stay attributions (dropping them: CV F1 0.8045 -> 0.8040, speaker 0.8814 ->
            # 0.8831), but none is stored without quotation marks
            a.extras["act"] = True
        if (tok.pos_ in ("VERB", "AUX") and not_speech(tok, c.kind)) or (tok.pos_ == "NOUN" and not speech_noun(tok)):
            a.extras["not_speech"] = True  # an attribution PolNeAR keeps, no quote (quotes.stored)
        if a.extras.get("act") or a.extras.get("not_speech"):
            a.extras["quoted"] = c.quoted  # stored only when mostly inside quotation marks
        out.append(a)
    return out


# verbs whose adjective small clause states a result, not a report ("finds it harder", "made it
# vulnerable"), unless the adjective says it was said ("made it clear that ...")
_SMALL_CLAUSE_VERBS = frozenset(["make", "find", "keep", "leave", "render", "get"])
_SAID_ADJ = frozenset(["clear", "plain", "known", "evident", "obvious", "explicit"])


# verbs that report speech when their content is an infinitive ("threatened to retaliate", "refused
# to ...", "offered to mediate"); with the speech and cognition lists, see not_speech
_SAYING_TO = lx.SPEECH_VERBS | lx.COGNITION_VERBS | frozenset(["threaten", "refuse", "offer", "decline", "demand",
                                                                              "press", "encourage", "rule"])


def _saying(verb: Any) -> bool:
    """A verb of ``_SAYING_TO`` used as one: "decline" only with its infinitive ("declined to
    comment"), not as falling ("his health continued to decline"; saved AEB pages, 2026-12-08)."""
    lemma = verb.lemma_.lower()
    if lemma == "decline":
        return any(c.dep_ in ("xcomp", "dobj") for c in verb.children)
    return lemma in _SAYING_TO


def speech_noun(tok: Any) -> bool:
    """A noun cue that names something said or held ("Trump's claim that ...", "criticism of the
    deal"), not an act or aim ("Trump's decision to pull out", "the administration's self-imposed
    deadline to bring Canada into ...", "the dream of making the peace": stored quotes on the demo
    corpus, 2026-12-07). PolNeAR counts both; only the first are stored."""
    return tok.lemma_.lower() in lx.SPEECH_NOUNS or tok.lower_ in lx.SPEECH_NOUNS


def not_speech(tok: Any, kind: str) -> bool:
    """A cue PolNeAR counts as an attribution that reports no statement: a copula or auxiliary ("Business
    focus is why ...") or a verb outside the speech and cognition lists with an infinitive or gerund
    as its content ("agreed"-like commitments aside: "the government has attempted to reassure the
    public", "Andrew remembers going to get pizza", "SoftBank plans to inject ..."). Such
    attributions stay in the PolNeAR figures but are no quotes, so ``quotes.stored`` keeps them only
    when at least half the content stands in quotation marks; read on 16 saved pages of the
    extraction benchmark (2026-12-07)."""
    lemma = tok.lemma_.lower()
    if lemma in ("be", "have", "do"):
        return True
    if any(c.lower_ == "please" for c in tok.children):
        return True  # "Harry Truman, please call Obama.": a request to the one addressed (an opinion
        # title, 400 AllSides titles, 2026-12-07), no one's statement
    if any(c.dep_ == "neg" for c in tok.children):
        return True  # "did not respond to a request for comment", "wouldn't say how he would vote", "would not
        # confirm whether ...": what was not said (16 stored on 60 AllSides articles, none a statement; 2026-12-07)
    deps = {c.dep_ for c in tok.children}
    if lemma in _SMALL_CLAUSE_VERBS and any(c.dep_ == "ccomp" and c.pos_ == "ADJ" and c.lemma_.lower() not in _SAID_ADJ
                                            for c in tok.children):
        return True  # "The new pathogen finds it harder to move", "Trump has made it more vulnerable" (not
        # "made it clear that ..."; 60 AllSides articles, 2026-12-07)
    if not deps & {"ccomp", "parataxis", "xcomp"}:
        if lemma in ("report", "write") and "dobj" not in deps and any(c.dep_ == "prep" and c.lower_ == "from" for c in tok.children):
            return True  # "Olsen reported from Copenhagen, Denmark.": a contributor line
        if lemma == "describe" and "dobj" in deps and not any(t.lower_ == "as" for t in tok.subtree if t.i > tok.i) \
                and not any(c.dep_ == "dobj" and c.lower_ in ("how", "what", "why") for c in tok.children):
            return True  # "The first senior official who described opposition to the auto tariffs said ...": a
            # topic described, no statement ("described the strike as 'a significant escalation'" and
            # "described how the CDC kept ..." report)
        if lemma in ("refer", "show"):
            return True  # "..., he said, referring to the Kiev government", "Amateur video posted online showed
            # burnt out buses", "One image ... shows 15 heavy trucks": what is meant or seen, no statement (13
            # and 32 stored on 140 AllSides articles, 2026-12-07; "the emails do show that ..." reports)
        if lemma in ("order", "continue", "charge"):
            return True  # "Trump ordered a cruise missile strike", "Fighting continued into the morning", "the
            # EU charges the same 10 percent tariff": acts (with an infinitive or a clause they report:
            # "ordered his state to stay home", "charged that the count was rigged")
    if kind not in _CLAUSE_KINDS and _nominal_act(tok, lemma):
        return True
    if lemma == "ask" and tok.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children):
        return True  # "Asked about the deal, Pompeo said ...", "when asked whether ...", "was asked if ...": the
        # question put to the speaker, not his words (5 of 21 "asked" quotes on 60 AllSides articles, 2026-12-07)
    if kind != "xcomp":
        return False
    inner = next((c for c in tok.children if c.dep_ == "xcomp"), None)
    if inner is not None and not _saying(inner) and not any(c.dep_ == "ccomp" for c in inner.children) and (
            lemma == "continue" or (lemma == "press" and any(c.dep_ in ("prt", "advmod") and c.lower_ in ("ahead", "on", "forward")
                                                              for c in tok.children))):
        return True  # "The company continued to sign up additional subscribers", "Iran is pressing ahead to
        # develop a nuclear weapon": an act going on (AllSides, 2026-12-07; "continued to deny the charges",
        # "continues to proclaim that ..." and "pressed Congress to pass the bill" still report)
    if inner is not None and inner.lemma_.lower() in _SAYING_TO and any(c.dep_ in ("ccomp", "parataxis") for c in inner.children):
        return False  # "continued to insist that ...", "tried to suggest that ...": the inner verb reports
        # a clause (not "has attempted to reassure the public")
    return lemma not in _SAYING_TO


# With a noun phrase for content (no clause, no quotation marks), these report no statement
# (read in 120 AllSides articles, 2026-12-08: 9 of 20 stored quotes drawn at random were none):
# a topic talked about ("talked about the expense", "discussing it with other nations",
# "disagreed on the Russia question"), an appointment or a listing ("named Meadows as his
# replacement", "listed a lawyer", "Dossiers ... included a photograph", "It's nicknamed the "road
# of death"": a name given, one change on 340 articles), an event called ("has
# called a national day of prayer"), a person or group threatened or attacked. On 180 other
# AllSides articles the rule dropped 27 stored quotes, read: 24 right, 2 arguable ("Iran is
# talking very boldly about targeting certain USA assets", "the draft went on to name Ansar
# al-Sharia"), 1 wrong and fixed ("threatened ... with nuclear attack").
_TOPIC_VERBS = frozenset(["talk", "discuss", "debate", "chat", "converse"])
_TOPIC_PREPS = frozenset(["on", "over", "about"])
_LISTING_VERBS = frozenset(["nominate", "appoint", "name", "list", "include", "nickname", "dub", "rename"])
_CALLED_EVENTS = frozenset(["election", "elections", "meeting", "day", "vote", "session", "summit", "referendum",
                            "strike", "conference", "halt", "recess", "snap"])
_TARGET_VERBS = frozenset(["threaten", "attack", "blast"])
_HUMAN_ENTS = frozenset(["PERSON", "ORG", "NORP", "GPE"])


# a weapon fired or launched is no statement (a "volley" of words still is, through its clause or marks)
_FIRING_VERBS = frozenset(["fire", "launch", "test", "test-fire", "detonate", "drop", "shoot"])
_WEAPONS = frozenset(["missile", "rocket", "shell", "bomb", "round", "weapon", "torpedo", "projectile",
                      "warhead", "bullet", "grenade", "gas", "shot", "salvo", "device", "drone"])


def _nominal_act(tok: Any, lemma: str) -> bool:
    """A cue whose noun-phrase content is a topic, an appointment, a listing, an event called or a
    target, not something said (the table above). "agreed on a timeline" and "disagreed on the
    question" are acts of (dis)agreeing; "called for restraint", "called the label 'absurd'",
    "threatened sanctions", "denied the charges" still report."""
    kids = list(tok.children)
    if lemma in _TOPIC_VERBS:
        return True
    if lemma in ("agree", "disagree"):
        return any(c.dep_ == "prep" and c.lower_ in _TOPIC_PREPS for c in kids) and not any(
            c.dep_ == "dobj" for c in kids)
    if lemma in _LISTING_VERBS:
        return True
    obj = next((c for c in kids if c.dep_ == "dobj" and c.i > tok.i), None)
    if lemma == "call":
        return (obj is not None and obj.lemma_.lower() in _CALLED_EVENTS
                and not any(c.dep_ in ("oprd", "xcomp") for c in kids))
    if lemma in _FIRING_VERBS and obj is not None and obj.lemma_.lower() in _WEAPONS:
        return True  # "the rogue country fired its latest missile over Japan" (2026-12-08)
    if lemma in _TARGET_VERBS and obj is not None:
        if any(t.dep_ == "prep" and t.lower_ == "with" for c in kids if c.i > tok.i for t in c.subtree):
            return False  # "Pyongyang threatened the United States ... with nuclear attack": the threat
        return obj.ent_type_ in _HUMAN_ENTS or obj.pos_ == "PRON" or obj.lemma_.lower() in lx.CITIZEN_WORDS or \
            obj.lemma_.lower() in ("member", "people", "man", "woman", "child", "official", "leader", "critic")
    return False


_HEADLINE = re.compile(r"^([A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|on)){0,3}?)(?:’s|'s)?:[ \t]+(\S[^\n]{3,})$", re.MULTILINE)
_HEADLINE_NOT = frozenset(["the", "latest", "note", "online", "update", "related", "watch", "video", "exclusive", "special",
                           "breaking", "read", "photos", "editor", "editor’s", "daily", "live", "analysis",
                           "opinion", "column", "source", "sources", "credit", "caption"])
_HEADLINE_SOURCES = frozenset(["poll", "survey", "report", "study", "newspaper", "sources", "aides", "officials"])


def said_word(word: str) -> bool:
    """A past-tense verb that opens a "Continued Giuliani:" line (not "Ted", "Fred", "Mark")."""
    w = word.lower()
    if w in ("said", "wrote", "told", "says"):
        return True
    return w.endswith("ed") and len(w) > 4 and any(lx.is_verb(b) for b in (w[:-2], w[:-1], w[:-3]))


def _headline_speaker(doc: Any, toks: Any) -> bool:
    """The words before a headline colon name a speaker: the phrase's head is a name ("Graham",
    "Senate Democrats"), not a topic that holds one ("Conflict In Gaza:", "Ukraine War:"); a lone
    word the NER missed counts when the article names a person with it ("Assange:" beside "Julian
    Assange")."""
    root = toks.root
    if any(t.pos_ == "ADP" for t in toks):
        return False  # "Conflict In Gaza", "Battle For Kyiv": a topic with a place in it
    if root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if len(toks) == 1 and root.pos_ in ("PROPN", "NOUN") and root.text[:1].isupper():  # ("Assange" may be a NOUN)
        low = root.lower_
        if any(e.label_ == "PERSON" and low in e.text.lower().split() and e.start != root.i for e in doc.ents):
            return True
    return len(toks) <= 2 and _registry_speaker(toks.text)


def _registry_actor(name: str) -> Any:
    """The actor registry's actor for ``name`` (any kind), or None."""
    try:
        from storylens.registry import actor_registry

        return actor_registry().lookup(name, None)
    except Exception:  # no registry: the rules that ask simply do not fire
        return None


def _registry_person(name: str) -> bool:
    actor = _registry_actor(name)
    return actor is not None and actor.kind == "person"


def _registry_speaker(name: str) -> bool:
    """The actor registry knows ``name`` as a person or organisation: a headline of one line
    has no other mention to tell the NER ("Trump: “Tariffs are the greatest.”", where the tagger
    calls "Trump" a noun or a verb)."""
    actor = _registry_actor(name)
    return actor is not None and actor.kind in ("person", "organisation")


_NAME_ENTS = frozenset(["PERSON", "GPE"])


def _colon_topic(doc: Any, head: Any, body: Any) -> bool:
    """The name before a headline colon is the story's topic, not its speaker, when what follows
    cannot be that name's words: it reports someone else ("Paul Manafort: Trump ex-aide lied to
    prosecutors, judge rules"), asks or explains ("Martin McGuinness: How being honest ..."), has
    no verb and no quotation marks ("Hunter Biden: The Most Comprehensive Timeline"); or the words
    before the colon are a name's thing ("Trump's Foreign Policy:") or join two names ("Jamal" and
    "Khashoggi" when the NER splits them). Found on AllSides titles
    (2026-12-07); PolNeAR has one headline colon in train, so it cannot choose these."""
    first = body[0]
    if first.tag_ in ("WRB", "WP", "WDT") or first.lower_ in _WH_WORDS:
        return True
    if any(t.lower_ in _WH_WORDS and t.i > body[0].i and t.nbor(-1).tag_ in ("NNS", "NNPS", "CD")
           for t in body[1:3]):
        return True  # "Bombing Syria: Six Reasons Why We Shouldn't Have": a list the writer gives
    if _own_source(body) and not _personal(head) \
            and head[-1].lower_ not in _HEADLINE_SOURCES and not _registry_speaker(head.text):
        return True  # ("Jerusalem: Turkey warns ...", "No-deal Brexit: EU warns ...")
    parts = head.text.split("-")
    if len(parts) == 2 and all(p[:1].isupper() and _registry_actor(p) is not None for p in parts):
        return True  # "Trump-Russia: Democrats defend Russia inquiry in memo": a story's label
    if not any(_verb_like(t) for t in body) and not any(t.is_quote for t in body):
        return True
    if _trailing_attribution(body):
        return True
    if _refers_back(body):
        return True
    if any(t.dep_ in ("nsubj", "nsubjpass", "ROOT", "appos") and t.lemma_.lower() in _ROLE_NOUNS
           and not any(c.lower_ in ("my", "our") for c in t.children) for t in body[:6]):
        return True  # the line goes on about the name's bearer ("George Papadopoulos: Ex-Trump adviser jailed")
    if any(t.lower_ in ("'s", "’s") and t.i < head[-1].i - 1 for t in head):
        return True  # a name's thing, not the name ("Trump’s Foreign Policy: The Popping Point ...")
    if sum(1 for t in head if t.ent_iob_ == "B" and t.ent_type_ in _NAME_ENTS) >= 2:
        return True
    # two registry names run together, which the NER reads as one ("Trump Putin: Democrats call ...")
    return len(head) == 2 and all(t.pos_ == "PROPN" and _registry_speaker(t.text) for t in head)


_BACK = frozenset(["he", "his", "him", "she", "her", "hers"])


def _refers_back(body: Any) -> bool:
    """The line after a name's colon speaks of that name in the third person before naming anyone
    else: "Jussie Smollett: With criminal charges dropped, is his career ruined ...?", "John Kasich:
    He’s Conservative, but at Least He’s Sane", "Thomas Eric Duncan: 6 ways his case differs ...". A
    speaker does not call himself "he". Only the first sentence, only outside quotation marks, and
    not a reflexive ("GOP needs 'perfect' candidate ... - maybe himself" is Trump's). On the 1,772
    quotes of the 8,901 AllSides titles with a colon (2026-12-08) it drops 7, all topics (read)."""
    inside = False
    for t in body:
        if t.is_quote:
            inside = not inside
            continue
        if (t.is_sent_start and t.i > body[0].i) or (t.text in ".?!" and t.i < body[-1].i and t.nbor(1).is_title):
            return False  # (the first sentence only: "... New report: Yes, he did.")
        if not inside and t.lower_ in _BACK:
            return True
        if t.ent_type_ in _NAME_ENTS or (t.text[:1].isupper() and (t.i > body[0].i or t.pos_ == "PROPN"
                                                                    or _registry_person(t.text))):
            return False  # someone may be named first ("Trump: Flynn should get immunity ... if he talks",
            # "Cory Booker: Ditch Kavanaugh, whether he's ...": the NER misses many names in titles)
    return False


def _personal(head: Any) -> bool:
    """The words before a colon name a person: a PERSON entity of two words or more, or one the
    registry knows (the NER calls "Brexit" in "No-deal Brexit" a person)."""
    run = [t for t in head if t.ent_type_ == "PERSON"]
    return bool(run) and (len(run) >= 2 or _registry_speaker(run[0].text))


_WH_WORDS = frozenset(["how", "why", "what", "who", "when", "where"])


def _own_source(body: Any) -> bool:
    """What follows a topic's colon names its own speaker: a speech verb with a named subject
    ("Jerusalem: Turkey warns Trump against crossing 'red line'": the place is the story's topic).
    A common noun as subject ("Report Says ...") does not count, nor does a line in the first
    person ("Putin told me he didn't meddle"). Not after a person's name (the caller checks): the
    line is mostly that person's words about someone ("Bill Clinton: Hillary thinks feds require
    too many tests", PolNeAR train)."""
    if any(t.lower_ in ("i", "me", "my", "we", "us", "our") and t.pos_ == "PRON" for t in body):
        return False
    for t in body:
        if not is_cue_verb(t):
            continue
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < t.i), None)
        if subj is None or subj.lower_ in lx.DOCUMENT_HEADS:  # ("Barr: Report Says ...", title case)
            continue
        if subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or subj.pos_ == "PROPN":
            return True
    return False


_AUX_WORDS = frozenset(["is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
                        "could", "must", "should", "may", "might", "does", "do", "did", "won't", "can't", "isn't"])


def _verb_like(t: Any) -> bool:
    """A verb, also in a title-case line, where the tagger calls most words proper nouns
    ("Trump's Rhetoric Destroying GOP's Chance"): the word's form is a verb's."""
    if t.pos_ in ("VERB", "AUX"):
        return True
    w = t.lower_
    if w in _AUX_WORDS or lx.verb_only(w):
        return True
    if w.endswith("ing") and len(w) > 5:
        return any(lx.is_verb(b) for b in (w[:-3], w[:-3] + "e", w[:-4]))
    if w.endswith("ed") and len(w) > 4:
        return any(lx.verb_only(b) for b in (w[:-2], w[:-1], w[:-3]))
    if w.endswith("s") and len(w) > 3:
        return any(lx.verb_only(b) for b in (w[:-1], w[:-2]))
    return False


_SOURCE_VERBS = (r"(?:says|said|rules|ruled|claims|warns|tells|told|reports|finds|confirms|insists|admits|denies|"
                 r"argues|writes|suggests|shows)")
_TRAILING_SOURCE = re.compile(  # ", judge rules" / ", says HR McMaster"
    rf",\s+(?:(?:[\w.'’-]+\s+){{1,4}}{_SOURCE_VERBS}|{_SOURCE_VERBS}(?:\s+[\w.'’-]+){{1,5}})\W*$", re.IGNORECASE)


_ROLE_NOUNS = frozenset(["founder", "co-founder", "aide", "ex-aide", "adviser", "advisor", "chief", "boss", "leader",
                         "star", "mogul", "tycoon", "journalist", "activist", "whistleblower", "suspect", "spy",
                         "president", "minister", "lawyer", "general", "senator", "candidate", "nominee",
                         # kin and what a story calls its subject ("Kim Yo-jong: the sister of Kim Jong-un, ...",
                         # "Chelsea Manning: Ex-army leaker to run for US senate"; 8,901 AllSides titles, 2026-12-08)
                         # (not "killer", "victim", "gunman": "Obama: ISIS killers will not intimidate U.S.", "Enrique
                         # Marquez: San Bernardino killer and I plotted in 2012" speak of others)
                         "sister", "brother", "wife", "husband", "son", "daughter", "mother", "father", "widow",
                         "leaker", "survivor", "defendant", "hero"])


def _trailing_attribution(body: Any) -> bool:
    """The line ends by naming its own source after a comma (", judge rules", ", foreign minister
    says"; by the parse, or by the words where a title-case parse fails)."""
    if _TRAILING_SOURCE.search(body.text):
        return True
    for t in body:
        if not is_cue_verb(t):
            continue
        subj = next((c for c in t.children if c.dep_ in SUBJ_DEPS and c.i < t.i), None)
        if subj is not None and any(b.text == "," for b in body if b.i < subj.left_edge.i):
            return True
    return False


def headline_colons(doc: Any, text: str, idx: _Index) -> list[Attribution]:
    """A headline-style line "Graham: Trump's Rhetoric Destroying GOP's Chance": the name before
    the colon is the speaker, the rest of the line the content (PolNeAR marks the colon as cue)."""
    out = []
    for m in _HEADLINE.finditer(text):
        words = m.group(1).split()
        if any(w.lower() in _HEADLINE_NOT for w in words) or (m.group(1).isupper() and len(m.group(1)) > 4):
            continue
        toks = _tokens_between(doc, idx, m.start(1), m.end(1))
        if len(toks) > 1 and said_word(toks[0].text):
            toks = toks[1:]  # "Continued Giuliani: “...”", "Added Pelosi: ..."
        on = next((t for t in toks if t.lower_ == "on"), None)
        if on is not None and on.i > toks[0].i and text[m.start(2):m.start(2) + 1] in "“\"‘'":
            toks = doc[toks[0].i:on.i]  # "Trump on Syria's Kurds: “They're not angels”": the name speaks
        if not len(toks) or idx.inside(toks[0]):
            continue
        if not _headline_speaker(doc, toks) and words[-1].lower() not in _HEADLINE_SOURCES:
            continue
        c_lo, c_hi = m.start(2), m.end(2)
        body = _tokens_between(doc, idx, c_lo, c_hi)
        if len(body) < 3 or _colon_topic(doc, toks, body):
            continue
        bounds = _content_bounds(doc, body[0].i, body[-1].i)
        if bounds is None:
            continue
        colon = m.start(2) - 1
        while text[colon] != ":":
            colon -= 1
        a = Attribution(bounds[0], bounds[1], "indirect", cue=":", cue_start=colon, cue_end=colon + 1,
                        subject=toks.root)
        a.extras["headline_name"] = True  # the words before the colon are a name, whatever their tag
        a.extras["name_end"] = toks[-1].idx + len(toks[-1].text)
        out.append(a)
    return out


_QUOTE_COLON = re.compile(r"[”\"’']?[ \t]*:[ \t]+(?=\S)")
_SPEAKER_WORDS = lx.ROLE_WORDS | frozenset(["adviser", "advisor", "aide"])


def _speaker_head(head: Any, labels: tuple[str, ...]) -> bool:
    """A noun phrase's head names who speaks: an entity of one of ``labels`` or a word for a
    person who speaks ("economist", "officials")."""
    return head.ent_type_ in labels or head.lower_ in _SPEAKER_WORDS or head.lemma_.lower() in _SPEAKER_WORDS


def _speaker_after_colon(doc: Any, text: str, idx: _Index, d: Attribution) -> None:
    """A headline that opens with the quotation and names its speaker after a colon: "“This feels
    much worse than 2008”: Obama’s chief economist on the economy". The speaker is the noun phrase
    after the colon (up to "on ..."), when it is a name or a word for a person who speaks; found
    on AllSides titles (2026-12-07)."""
    if d.subject is not None or d.cue is not None or {"inherit", "byline", "turn"} & d.extras.keys():
        return
    m = _QUOTE_COLON.match(text, d.end)
    if m is None or text[:d.start].rstrip(" \t“\"‘'")[-1:] not in ("", "\n"):
        return  # (the quotation must open its line)
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    toks = _tokens_between(doc, idx, m.end(), line_end)
    if not len(toks):
        return
    cut = next((t.i for t in toks if t.i > toks[0].i and (
        t.lower_ in ("on", "about", "in", "at", "to", "says", "said") or (_verb_like(t) and t.pos_ != "PROPN"))), None)
    # (up to "on ..." or a verb: "“Truth isn’t truth”: Rudy Giuliani offers a new explanation ...")
    phrase = doc[toks[0].i: cut] if cut is not None else toks
    if len(phrase) > 8:
        return
    heads = [t for t in phrase if t.head.i == t.i or not (phrase.start <= t.head.i < phrase.end)]
    if len(heads) != 1:
        return
    head = heads[0]
    if not _speaker_head(head, ("PERSON", "ORG", "NORP")):
        return
    colon = text.index(":", d.end)
    d.subject, d.cue, d.cue_start, d.cue_end = head, ":", colon, colon + 1
    d.extras["name_end"] = phrase[-1].idx + len(phrase[-1].text)


_SINGLE_OPEN = re.compile(r"^[ \t]*(['‘])(?=\S)", re.MULTILINE)
_SINGLE_CLOSE = re.compile(r"(?<=\S)['’](?![\w'’])")


def single_quoted_titles(doc: Any, text: str, idx: _Index, direct: list[Attribution]) -> list[Attribution]:
    """A title that opens with a quotation in single marks and names who said it after them:
    "‘LIBERATE!’: Trump pushes states to lift virus restrictions", "'The sword stands ready': Pence
    warns North Korea", "‘Everything The President Wants To Do, McMaster Opposes,’ Former NSC
    Officials Say". US headlines quote with single marks, which the marks module does not read
    (in running text an apostrophe is too often one: tried in general on 2026-12-07's previous
    stop, it moved about 60 PolNeAR train attributions); a title line that opens with one is
    safe to read. 107 of 4,750 AllSides titles open so. The speaker is the name after the closing
    mark, when a verb follows it; a quotation with no such name ("'Obama's Secret Wars' Against
    America's Threats", a title of a work) gives nothing."""
    out: list[Attribution] = []
    for m in _SINGLE_OPEN.finditer(text):
        _, hi = _line_of(text, m.start(1))
        if not is_headline_line(text, m.start(1)):
            continue
        close = next((c for c in _SINGLE_CLOSE.finditer(text, m.end(1), hi)), None)
        if close is None or any(d.start < close.start() and m.end(1) < d.end for d in direct):
            continue
        s, e = m.end(1), close.start()
        while e > s and text[e - 1] in ",;":
            e -= 1
        rest_lo = close.end()
        while rest_lo < hi and text[rest_lo] in " \t:,—–-":
            rest_lo += 1
        toks = _tokens_between(doc, idx, rest_lo, hi)
        if len(toks) < 2:
            continue
        verb = next((t for t in toks if t.i > toks[0].i and (is_cue_verb(t) or _verb_like(t)) and t.pos_ != "ADP"), None)
        if verb is None or (verb.tag_ == "NN" and not is_cue_verb(verb)):
            continue  # ("'Surreal' Trump meeting on guns left Republicans reeling": a noun, no verb; 4,000 AllSides titles)
        phrase = doc[toks[0].i: verb.i]
        if not 1 <= len(phrase) <= 6 or any(t.is_punct or t.tag_ in ("WRB", "IN") for t in phrase) \
                or phrase[0].pos_ in ("SCONJ", "ADP", "PRON"):
            continue  # ("'Blindingly obvious' that MBS ordered ...: report", "Trump interrupts when reporter asks")
        head = phrase[-1]
        if is_cue_verb(verb):
            if not (_speaker_head(head, ("PERSON", "ORG", "GPE", "NORP")) or _registry_speaker(phrase.text)):
                continue
        elif not (_registry_person(phrase.text) or (head.ent_type_ == "PERSON" and len(phrase) >= 2)):
            # after any other verb only a person's name: "‘LIBERATE!’: Trump pushes states ..." is
            # Trump's, but "‘Complete disbelief’: Governors blindside front-line staff" and "'Demographic
            # flooding': India introduces ..." quote someone else (27 new quotes on the 107 titles,
            # read: 19 right; after a speech verb 8 of 9, after another verb with a person 4 of 5)
            continue
        a = Attribution(s, e, "direct", cue=verb.text, cue_start=verb.idx, cue_end=verb.idx + len(verb.text),
                        subject=head)
        a.extras["name_end"] = head.idx + len(head.text)
        out.append(a)
    return out


SPLIT_SIBLINGS = True  # see split_siblings
_SIBLING_TRIM = frozenset(["and", "but", "while", "whereas", "as", "or", "then", "also"])


def split_siblings(doc: Any, attrs: list[Attribution]) -> None:
    """A cue coordinated with the reported clause is the speaker's next act, not part of what
    was said: in "She said she admires his determination and highlighted their shared goals" or
    "..., while doctors warned of the risk", the parse hangs the second verb inside the first
    content, and ``outermost`` then dropped it. When a chosen cue inside another attribution's
    content is a ``conj``/``advcl`` (not a clause the outer cue reports), the outer content ends
    before it and both attributions stay (PolNeAR marks them apart: the largest group of
    "content covered by another prediction" misses in cross-validation on train)."""
    by_tok = {a.extras["cue_token"]: a for a in attrs if a.kind == "indirect" and "cue_token" in a.extras}
    for b in attrs:
        if b.kind != "indirect" or "cue_token" not in b.extras or b.cue == "according to":
            continue
        for ti, a in sorted(by_tok.items()):
            if a is b or a.cue_start is None or not (b.start <= a.cue_start < b.end):
                continue
            t = doc[ti]
            if t.dep_ not in ("conj", "advcl") or t.head.i == t.i or not (b.start <= t.head.idx < b.end):
                continue
            if not is_cue_verb(t):
                continue  # "... and hired / promoted / swapped ...": an act PolNeAR leaves in the content
            if t.dep_ == "advcl" and not any(c.dep_ in SUBJ_DEPS for c in t.children):
                continue  # "..., saying that ...": an adverbial participle reports with the outer cue
            cut = t.left_edge.i - 1
            while cut >= 0 and (doc[cut].is_punct or doc[cut].is_space or doc[cut].lower_ in _SIBLING_TRIM):
                cut -= 1
            if cut < 0 or doc[cut].idx <= b.start or _words(doc_text(doc)[b.start: doc[cut].idx]) < MIN_INDIRECT_TOKENS:
                continue
            b.end = doc[cut].idx + len(doc[cut].text)
            if a.subject is None or (t.dep_ == "conj" and not any(c.dep_ in SUBJ_DEPS for c in t.children)):
                a.subject = b.subject  # "She said ... and highlighted ...": the same speaker acts
            break


def outermost(attrs: list[Attribution]) -> list[Attribution]:
    """Reported speech inside another report's content belongs to the outer speaker: in
    "Smith said Jones claimed the vote was rigged", Smith is the source and the quote is Smith's
    (PolNeAR's annotators mostly mark the outer attribution alone; keeping the inner one cost
    5 points of precision for 2 of recall on train)."""
    out = []
    for a in attrs:
        if a.cue_start is not None and any(
                b is not a and b.start <= a.cue_start < b.end and b.start <= a.start and a.end <= b.end
                for b in attrs):
            continue
        out.append(a)
    return out


def find_attributions(doc: Any, text: str | None = None, model: Any = _PACKAGED) -> list[Attribution]:
    """Direct and reported quotes in ``doc`` (speakers unresolved; see ``speakers.resolve``).

    ``model``: the cue model deciding reported speech (default: the packaged one, when present;
    None: the hand rules and calibrated table)."""
    text = doc_text(doc) if text is None else text
    text = normalise_marks(text)  # same offsets; ''...'' read as quotation marks
    if model is _PACKAGED:
        from storylens.enrich.quotes.cuemodel import packaged_model

        model = packaged_model()
    idx = _Index(doc, find_mark_spans(text))
    direct = direct_quotes(doc, text, idx)
    used = {a.extras["cue_token"] for a in direct if "cue_token" in a.extras and not a.partial}
    indirect = indirect_quotes(doc, text, idx, used, model)
    if SPLIT_SIBLINGS:
        split_siblings(doc, indirect)
    indirect = outermost(indirect)
    if HEADLINE_COLONS:
        taken = {(a.start, a.end) for a in direct + indirect}
        for a in headline_colons(doc, text, idx):
            inside = [d for d in direct if d.start < a.end and a.start < d.end]
            if not inside and (a.start, a.end) not in taken:
                # what the named one reports is theirs ("Barr: Report says ..." is Barr's, not the report's)
                indirect = [b for b in indirect if b.cue_start is None or not a.start <= b.cue_start < a.end]
                indirect.append(a)
            for d in inside[:1]:  # "Trump: “Tariffs are the greatest.”": the direct quote is said by the name
                # (the one right after the colon: "Clinton: “...” Bush: “...”" has two speakers)
                if d.subject is None and d.cue is None and not ({"inherit", "byline"} & d.extras.keys()) \
                        and not text[a.cue_end:d.start].strip(" \t“”\"‘’'"):
                    d.subject, d.cue, d.cue_start, d.cue_end = a.subject, a.cue, a.cue_start, a.cue_end
                    d.extras["headline_name"], d.extras["name_end"] = True, a.extras["name_end"]
        for d in direct:
            _speaker_after_colon(doc, text, idx, d)
        for q in single_quoted_titles(doc, text, idx, direct):
            # what the parse made of the quoted words is no second report ("..., McMaster Opposes,’
            # Former NSC Officials Say" had the speaker "McMaster Opposes")
            indirect = [b for b in indirect if not (q.start <= (b.cue_start or -1) < q.end
                                                    or q.start <= b.start < q.end)]
            direct.append(q)
    if TRANSCRIPTS:
        direct += transcript_turns(text)
    allq = sorted(direct + indirect, key=lambda a: (a.start, -a.end))
    return allq
