"""A small learned decision for reported speech: is this word an attribution cue?

The reported-speech pass (``extract.indirect_quotes``) proposes candidates: a verb with a
complement (a clause, an infinitive, an object, an object with its predicate, a prepositional
object, a parataxis host) or a noun with one ("the claim that ...", "support for ...").
PolNeAR's annotators mark far more than speech verbs as cues (stances, intentions, polls that
"show", "endorsed", "criticism of"), in a long tail no word list keeps up with. This module
scores each candidate with a logistic regression over binary features of the parse (word,
lemma, complement kind and its first word, the subject's kind, negation, auxiliaries,
nesting under another cue, length, quotation marks ...), trained on PolNeAR **train** only by
``scripts/train_quote_cues.py``; the weights ship as ``storylens/data/quotes/cue_model.json``
(a sparse feature -> weight table, so scoring needs neither scikit-learn nor numpy).

When the file is absent the stage falls back to the hand rules and the calibrated cue table.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

from storylens.enrich.quotes import lexicon as lx

MODEL_NAME = "cue_model.json"

_PRON_SUBJ = frozenset(["he", "she", "they", "it", "i", "we", "you", "who", "that", "which"])


_AGENT_NOUNS = (lx.OFFICIAL_WORDS | lx.EXPERT_WORDS | lx.CITIZEN_WORDS | lx.MEDIA_WORDS | lx.ORG_WORDS
                | lx.DOCUMENT_HEADS | lx.ANON_HEADS | frozenset(["source", "people", "critic", "advocate", "aide",
                                                                  "spokesman", "spokeswoman", "candidate", "data"]))


def _sourceless(tok: Any) -> bool:
    from storylens.enrich.quotes.extract import sourceless

    return sourceless(tok)


def _len_bucket(n: int) -> str:
    for lim, name in ((1, "1"), (2, "2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40")):
        if n <= lim:
            return name
    return "41+"


def _subject_kind(subj: Any) -> tuple[str, str | None]:
    """Coarse kind of the speaker mention and a word that says more (pronoun or head lemma)."""
    if subj is None:
        return "none", None
    low = subj.lower_
    if subj.pos_ == "PRON" or low in _PRON_SUBJ:
        return "pron", low
    if subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return subj.ent_type_.lower(), None
    if subj.pos_ == "PROPN":
        return "propn", None
    return "noun", subj.lemma_.lower()


def candidate_features(tok: Any, kind: str, lo: int, hi: int, subj: Any, quoted: float,
                       headline: bool, nested: str | None) -> list[str]:
    """Binary features of one candidate: cue token ``tok``, complement kind, content tokens [lo, hi]."""
    doc = tok.doc
    low, lemma = tok.lower_, tok.lemma_.lower()
    f = [f"w={low}", f"l={lemma}", f"k={kind}", f"lk={lemma}|{kind}", f"wk={low}|{kind}",
         f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"ld={lemma}|{tok.dep_}",
         f"len={_len_bucket(hi - lo + 1)}", f"klen={kind}|{_len_bucket(hi - lo + 1)}"]
    if lemma in lx.SPEECH_VERBS:
        f.append("lex=speech")
    if lemma in lx.COGNITION_VERBS:
        f.append("lex=cog")
    if low in lx.CUE_FORMS:
        f.append("lex=form")
    first = doc[lo]
    root = doc[lo: hi + 1].root
    f.append(f"cr={root.pos_}")
    f.append(f"kcr={kind}|{root.pos_}")
    if root.ent_type_:
        f.append(f"cent={root.ent_type_}")
        f.append(f"lcent={lemma}|{root.ent_type_}")
    if root.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        f.append("c_has_subj")
    f.append(f"c0={first.lower_}")
    f.append(f"lc0={lemma}|{first.lower_}")
    f.append(f"c0pos={first.pos_}")
    if kind in ("prep", "n_prep"):
        prep = doc[lo - 1] if lo > 0 and doc[lo - 1].dep_ == "prep" else None
        if prep is None:
            for t in doc[lo: hi + 1]:
                if t.head.dep_ == "prep" and t.head.head.i == tok.i:
                    prep = t.head
                    break
        if prep is not None:
            f.append(f"p={prep.lower_}")
            f.append(f"lp={lemma}|{prep.lower_}")
    sk, sw = _subject_kind(subj)
    f.append(f"s={sk}")
    f.append(f"ls={lemma}|{sk}")
    if sk == "noun":
        # can the subject speak? "officials/the study say" vs "inflation signs point to", "the market
        # saw": the word lists' role, source and institution nouns against everything else
        sa = "agent" if sw in _AGENT_NOUNS else "thing"
        f.append(f"sa={sa}")
        f.append(f"lsa={lemma}|{sa}")
    if _sourceless(tok):
        f.append("sourceless")
    if sw:
        f.append(f"sw={sw}")
        f.append(f"lsw={lemma}|{sw}")
    if EXTRA_FEATURES:
        # "fired back at" is a cue, "fired tear gas at" is not: the lemma with its particle or none
        prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), "none")
        f.append(f"lprt={lemma}|{prt}")
        if OBJ_LEMMA:
            # "made the case that" / "made clear" against "made a speech", "took issue" against "took office"
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "acomp", "oprd") and c.i > tok.i), None)
            if obj is not None:
                f.append(f"lobj={lemma}|{obj.lemma_.lower()}")
        if XCOMP_LEMMA and kind == "xcomp":
            f.append(f"lx={lemma}|{root.lemma_.lower()}")
            f.append(f"x={root.lemma_.lower()}")
        if kind == "rest" and REST_TAIL:
            # what the rest of the clause adds: "sees layoffs | as interest rates rise" (a clause of
            # its own) is not "sees Trump | as a threat"
            tail = [c for c in tok.children if c.dep_ in ("advcl", "ccomp", "conj", "prep", "npadvmod")
                    and c.i > tok.i and c.right_edge.i == hi]
            if tail:
                t = tail[-1]
                has_subj = any(g.dep_ in ("nsubj", "nsubjpass") for g in t.children)
                f.append(f"rest_tail={t.dep_}|{'subj' if has_subj else 'nosubj'}")
                f.append(f"lrest_tail={lemma}|{t.dep_}|{'subj' if has_subj else 'nosubj'}")
    for c in tok.children:
        if c.dep_ == "neg":
            f.append("neg")
        elif c.dep_ in ("aux", "auxpass") and c.i < tok.i:
            f.append(f"aux={c.lower_}")
            if c.dep_ == "auxpass":
                f.append("passive")
        elif c.dep_ == "prt":
            f.append(f"prt={lemma}|{c.lower_}")
        elif c.dep_ == "dative":
            f.append("dative")
    if tok.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp", "dobj", "pobj", "nsubj"):
        f.append(f"h={tok.head.lemma_.lower()}")
        f.append(f"hl={tok.head.lemma_.lower()}|{lemma}")
    if nested:
        f.append("nested")
        f.append(f"nested={nested}")
    if quoted > 0:
        f.append("quoted=most" if quoted > 0.6 else "quoted=part")
    if headline:
        f.append("headline")
    if tok.i == tok.sent.start:
        f.append("sent_first")
    return f


EXTRA_FEATURES = True  # lemma|particle; what a rest-of-clause shape adds
REST_TAIL = True
OBJ_LEMMA = True
XCOMP_LEMMA = True
MIN_WEIGHT = 0.015  # see CueModel.to_json


class CueModel:
    """Logistic regression over binary features: ``prob(features)``; cue when >= ``threshold``."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float, meta: dict[str, Any]) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.meta = meta

    def prob(self, feats: list[str]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(x, 0.0) for x in feats)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def is_cue(self, feats: list[str]) -> bool:
        return self.prob(feats) >= self.threshold

    @classmethod
    def from_json(cls, text: str) -> CueModel:
        data = json.loads(text)
        return cls(data["weights"], float(data["bias"]), float(data["threshold"]), data.get("meta", {}))

    def to_json(self) -> str:
        """The model as JSON; weights below ``MIN_WEIGHT`` in magnitude are left out (they move a
        score by a few thousandths and keep the packaged file under 1.5 MB)."""
        weights = {f: w for f, w in self.weights.items() if abs(w) >= MIN_WEIGHT}
        return json.dumps({"bias": self.bias, "threshold": self.threshold, "meta": self.meta,
                           "weights": weights}, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=1)
def packaged_model() -> CueModel | None:
    """The shipped model (``storylens/data/quotes/cue_model.json``), or None when absent."""
    from importlib import resources

    path = resources.files("storylens") / "data" / "quotes" / MODEL_NAME
    if not path.is_file():
        return None
    return CueModel.from_json(path.read_text(encoding="utf-8"))
