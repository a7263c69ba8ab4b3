"""Narrative packs (YAML) and the per-document ``narratives`` stage.

A pack is a YAML file with ``pack`` (its name), ``description`` and a list of
``narratives``, each with ``name``, ``description``, ``claims`` (example
sentences that carry it), ``keywords`` (case-insensitive phrases; a trailing
``*`` matches any word ending; ``re:`` starts a regular expression),
``actors`` (who is involved), an optional ``threshold``, and optional ``topics``
(keywords that only name the subject) and ``anchored`` keywords. A pack (or a
narrative) may name an ``anchor`` (its subject's names) and ``anchor_window``. A pack may
declare a ``scope`` (keywords) and ``scope_min``: it then runs only on
articles that mention its scope that often, and ``scope_share``: only on
articles where at least that share of the sentences mention it (the climate
pack's frames are generic, so they run on climate articles only). The shipped packs
(``storylens/data/narratives/*.yaml``) and user packs (setting
``narrative_packs``, a comma-separated list of files) go through the same
loader, :func:`load_packs`.

Scoring is transparent on purpose (every hit carries its evidence):

- only some sentences score: page residue never does (:func:`is_residue`, the
  cleaner's detector), and with an ``anchor`` a sentence scores only when it or a
  sentence up to ``anchor_window`` away names one;
- a sentence scores ``min(1, 0.4 * k + c)`` where ``k`` is the number of
  distinct keywords it contains (topics included; an ``anchored`` keyword only
  when the sentence names an anchor itself) and ``c`` its best content-word
  overlap with an example claim (the share of the claim's content words found in
  the sentence, from half of them and three words up; a weaker overlap of two
  words or more adds at most 0.075);
- an article scores ``1 - prod(1 - s)`` over its five best sentences;
- a narrative is carried when that score reaches the narrative's threshold
  (default 0.5), at least one sentence scores 0.4 or more and one of its scored
  sentences has a keyword that is not a topic (counted as in its score) or holds
  a claim in words (claim overlap alone below that is not enough, nor are topics);
  the best sentences of 0.4 or more (up to three, in text order) are the evidence;
- with a sentence encoder (the default stage), a keyword pack's hit also needs a
  claim-level sentence among its own scored sentences (English; other languages:
  anywhere in the article), see :func:`score_all`.

A single passing keyword (one sentence listing "Xinjiang and Hong Kong")
therefore scores 0.4 and is not a hit; two sentences with a keyword each, or
one sentence close to an example claim, are. The weights were set by hand on
the seed article and a dozen corpus-allsides articles, not fitted on the
frames evaluation set (see docs/narratives.md for the measured figures).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storylens.clean.residue import is_residue
from storylens.config import Settings, read_utf8
from storylens.corpus.narratives.schema import NarrativePackError, parse_pack
from storylens.types import Article, NarrativeHit

KEYWORD_WEIGHT = 0.4
EVIDENCE_MIN = 0.4
TOP_SENTENCES = 5
MAX_EVIDENCE = 3
DEFAULT_THRESHOLD = 0.5

_SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself said says say told new one two would could many much""".split()  # noqa: SIM905
) | frozenset(
    # names that occur in nearly every article of the default pack's domain: overlap on them
    # says nothing about which narrative a sentence carries
    "china chinese beijing washington united states president world country countries".split()  # noqa: SIM905
)


USER_PREFIX = "user:"
# A claim overlap below the 0.5 cut still adds this share of itself, so that article scores vary
# continuously (a threshold sweep needs more than the 0.4/0.64/0.784 steps of keywords alone) while
# one keyword plus a weak overlap (at most 0.4 + 0.15 * 0.5 = 0.475) stays below the 0.5 default.
WEAK_CLAIM_WEIGHT = 0.15


def _split(text: str, breaks: Iterable[re.Match[str]]) -> list[tuple[int, int, str]]:
    """(start, end, sentence) between the ``breaks`` of ``text``, blank pieces dropped."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for start, end in [*((m.start(), m.end()) for m in breaks), (len(text), len(text))]:
        seg = text[pos:start]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            out.append((pos + lead, start, seg.strip()))
        pos = end
    return out


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for each sentence of ``text`` (regex splitter, no model)."""
    return _split(text, _SENT_SPLIT.finditer(text))


# Other languages: a break after . ! ? … (and closing quotes) before a letter that is not lower case, in
# any script (Cyrillic, accented capitals, a dialogue dash or guillemet first), and after 。！？ with or
# without a space (Chinese, Japanese). The English splitter above is kept as it is (its figures).
_SENT_SPLIT_ANY = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«„(\[—–-]?\s?[^\W\d_])|(?<=[。！？])\s*|\n+")


def split_sentences_any(text: str) -> list[tuple[int, int, str]]:
    """:func:`split_sentences` for text in any language (no break before a lower-case word)."""

    def is_break(m: re.Match[str]) -> bool:
        nxt = text[m.end():m.end() + 3].lstrip("\"'“‘«„([—–- ")
        return "\n" in m.group() or not nxt[:1].islower()  # "etc. und" / "т. е. это": no break

    return _split(text, (m for m in _SENT_SPLIT_ANY.finditer(text) if is_break(m)))


def _plain_sentences(text: str, language: str | None) -> list[str]:
    """The sentences of ``text`` by the regex splitter of its language (English's, or any script's)."""
    split = split_sentences if language in (None, "en") else split_sentences_any
    return [s for _, _, s in split(text)]


def sentences_of(article: Article) -> list[str]:
    if article.doc is not None:
        try:
            return [s.text.strip() for s in article.doc.sents if s.text.strip()]
        except ValueError:  # a Doc without sentence boundaries
            pass
    return _plain_sentences(article.text, article.language)


def content_words(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.casefold()) if w not in STOPWORDS and len(w) > 2}


def _stem(word: str) -> str:
    for suf in ("ing", "ed", "es", "s"):
        if len(word) > len(suf) + 3 and word.endswith(suf):
            return word[: -len(suf)]
    return word


def compile_keyword(keyword: str) -> re.Pattern[str]:
    kw = keyword.strip()
    if not kw:
        raise NarrativePackError("empty keyword in a narrative pack: remove the blank entry")
    if kw.startswith("re:"):
        try:
            return re.compile(kw[3:], re.IGNORECASE)
        except re.error as exc:
            raise NarrativePackError(f"bad regular expression {kw!r} in a narrative pack: {exc}") from exc
    # a word ending in * takes any ending ("зерново* коридор*" matches "зерновой коридор")
    body = r"\s+".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w)
                       for w in kw.casefold().split())
    right = "" if kw.endswith("*") else (r"\b" if kw.rstrip("*")[-1].isalnum() else "")
    left = r"\b" if kw[0].isalnum() else ""
    return re.compile(left + body + right, re.IGNORECASE)


@dataclass(frozen=True)
class Narrative:
    name: str
    description: str
    claims: tuple[str, ...]
    keywords: tuple[str, ...]
    actors: tuple[str, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    frame: str | None = None
    pack: str = "default"
    sub_narratives: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    claim_words: tuple[frozenset[str], ...] = field(default=(), compare=False, repr=False)
    scope: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    scope_min: int = 1
    scope_share: float = 0.0  # the share of the article's sentences that must name a scope word (0: any)
    # per-language keywords and scope ({language: phrases}); `keywords`/`scope` above are English's
    # (the phrases for every language plus `en`'s): :meth:`for_language` swaps them
    every_language: tuple[tuple[str, ...], tuple[str, ...]] = field(default=((), ()), compare=False, repr=False)
    by_language: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = field(default=(), compare=False,
                                                                                   repr=False)
    # `anchor:` (the narrative's or its pack's): a sentence scores only when it or a neighbour mentions one of
    # these (the pack's subject: China, Beijing, Xi...); empty = no such requirement. English's here;
    # `anchor_by_language` holds (every language's, {language: its own}) for :meth:`for_language`
    anchor: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    anchor_by_language: tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]] = field(
        default=((), ()), compare=False, repr=False)
    anchor_window: int = 1  # how many sentences before and after a sentence its anchor may be
    topics: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # keywords that only name
    # `anchored:` keywords, and their patterns: they score only in a sentence that itself names an `anchor`
    # (not a neighbour's: "Biden, Trump's rival" next to a sentence on China is no US-China rivalry)
    anchored: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    anchored_patterns: frozenset[re.Pattern[str]] = field(default=frozenset(), compare=False, repr=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any], pack: str, where: str = "") -> Narrative:
        """``d`` is one narrative as :func:`schema.parse_pack` returns it (already validated).
        Sub-narratives' claims and keywords count as the narrative's own; ``examples`` are claims."""
        subs = d.get("sub_narratives") or []
        # `topics:` are keywords that only name the subject (a person, a place, a company, "US ... China"):
        # they score like keywords, but a hit needs a sentence with a keyword that is not a topic or close to a
        # claim in words (:func:`_narrative_score`)
        topics_by_language = d.get("topics_by_language", {})
        topics = frozenset([*d.get("topics", []), *(k for v in topics_by_language.values() for k in v)])
        # `anchored:` keywords count as keywords, but only in a sentence with an anchor of its own
        # (:meth:`sentence_score`); in a language without anchors they are plain keywords, as `anchor:` is off there
        anchored_by_language = d.get("anchored_by_language", {})
        anchored = frozenset([*d.get("anchored", []), *(k for v in anchored_by_language.values() for k in v)])
        every = tuple(dict.fromkeys([*d.get("keywords", []), *d.get("anchored", []), *d.get("topics", []),
                                     *(k for s in subs for k in s.get("keywords", []))]))
        every_scope = tuple(d.get("scope", []))
        langs = sorted({*d.get("keywords_by_language", {}), *d.get("scope_by_language", {}), *topics_by_language,
                        *anchored_by_language, *(lang for s in subs for lang in s.get("keywords_by_language", {}))})
        by_language = tuple(
            (lang, tuple(dict.fromkeys([*d.get("keywords_by_language", {}).get(lang, []),
                                        *anchored_by_language.get(lang, []), *topics_by_language.get(lang, []),
                                        *(k for s in subs for k in s.get("keywords_by_language", {}).get(lang, []))])),
             tuple(d.get("scope_by_language", {}).get(lang, [])))
            for lang in langs)
        own = dict((lang, (kw, sc)) for lang, kw, sc in by_language)
        keywords = tuple(dict.fromkeys([*every, *own.get("en", ((), ()))[0]]))
        scope = (*every_scope, *own.get("en", ((), ()))[1])
        claims = tuple(dict.fromkeys([*d.get("claims", []), *d.get("examples", []),
                                      *(c for s in subs for c in s.get("claims", []))]))
        anchor_every = tuple(d.get("anchor", []))
        anchor_own = tuple(sorted((lang, tuple(v)) for lang, v in d.get("anchor_by_language", {}).items()))
        return cls(
            name=str(d["name"]), description=str(d.get("description") or ""),
            claims=claims, keywords=keywords,
            actors=tuple(d.get("actors", [])), threshold=float(d.get("threshold", DEFAULT_THRESHOLD)),
            frame=d.get("frame"), pack=pack, sub_narratives=tuple(str(s["name"]) for s in subs if s.get("name")),
            patterns=tuple(compile_keyword(k) for k in keywords),
            claim_words=tuple(frozenset(content_words(c)) for c in claims),
            scope=tuple(compile_keyword(k) for k in scope), scope_min=int(d.get("scope_min", 1)),
            scope_share=float(d.get("scope_share", 0.0)),
            every_language=(every, every_scope), by_language=by_language,
            anchor=tuple(compile_keyword(k) for k in (*anchor_every, *dict(anchor_own).get("en", ()))),
            anchor_by_language=(anchor_every, anchor_own), topics=topics,
            anchor_window=int(d.get("anchor_window", 1)),
            anchored=anchored, anchored_patterns=frozenset(compile_keyword(k) for k in anchored),
        )

    def languages(self) -> tuple[str, ...]:
        """The languages this narrative has keywords or scope of its own for."""
        return tuple(lang for lang, _, _ in self.by_language)

    def for_language(self, language: str | None) -> Narrative:
        """The narrative as it reads an article in ``language``: the keywords (and scope) given for every
        language plus that language's own. English (and an unknown language) is the narrative itself;
        claim overlap counts English content words, so it is off elsewhere."""
        if language in (None, "en"):
            return self
        own = {lang: (kw, sc) for lang, kw, sc in self.by_language}.get(language, ((), ()))
        keywords = tuple(dict.fromkeys([*self.every_language[0], *own[0]]))
        scope = (*self.every_language[1], *own[1])
        anchor = (*self.anchor_by_language[0], *dict(self.anchor_by_language[1]).get(language, ()))
        return replace(self, keywords=keywords, patterns=tuple(compile_keyword(k) for k in keywords),
                       scope=tuple(compile_keyword(k) for k in scope), claim_words=(),
                       anchor=tuple(compile_keyword(k) for k in anchor))

    def counting(self, sentence: str, patterns: Sequence[re.Pattern[str]],
                 anchored: bool | None = None) -> Sequence[re.Pattern[str]]:
        """The keyword ``patterns`` that may count in ``sentence``: all of them, less the ``anchored:`` ones
        when the sentence names no anchor itself (``anchored``: whether it does; None: look). A narrative
        without anchors (another language's reading of the china pack) counts them all."""
        if not self.anchored_patterns or not self.anchor:
            return patterns
        if anchored is None:
            anchored = any(a.search(sentence) for a in self.anchor)
        return patterns if anchored else [p for p in patterns if p not in self.anchored_patterns]

    def applies(self, sentences: Sequence[str]) -> bool:
        """A narrative with its own ``scope`` runs only where it is mentioned ``scope_min`` times (and in
        ``scope_share`` of the sentences)."""
        return _in_scope(self.scope, self.scope_min, sentences, self.scope_share)

    def sentence_score(self, sentence: str, words: set[str] | None = None,
                       patterns: Sequence[re.Pattern[str]] | None = None, anchored: bool | None = None) -> float:
        """``patterns``: the keyword patterns worth trying (:func:`_live_patterns`; default all).
        ``anchored``: whether ``sentence`` names an anchor itself (None: look); without one, the
        ``anchored:`` keywords do not count."""
        k = sum(1 for p in self.counting(sentence, self.patterns if patterns is None else patterns, anchored)
                if p.search(sentence))
        c = 0.0
        if self.claim_words:
            words = content_words(sentence) if words is None else words
            strong = weak = 0.0
            for cw in self.claim_words:
                shared = len(cw & words)
                if shared < 2:
                    continue
                share = shared / len(cw)
                # below half of a claim's content words, or fewer than three shared words, overlap
                # was chance ("the virus spread" is not "China covered up the early spread of the
                # virus"): it only nudges the score (WEAK_CLAIM_WEIGHT), it cannot make a hit alone
                if share >= 0.5 and shared >= 3:
                    strong = max(strong, share)
                else:
                    weak = max(weak, share)
            c = strong or WEAK_CLAIM_WEIGHT * min(weak, 0.5)
        return min(1.0, KEYWORD_WEIGHT * k + c)


@dataclass(frozen=True)
class NarrativePack:
    name: str
    description: str
    narratives: tuple[Narrative, ...]
    path: str = ""
    scope: tuple[re.Pattern[str], ...] = ()
    scope_min: int = 1

    provenance: str = ""
    licence: str = ""
    model: str = ""  # a trained classifier beside the pack (``storylens narratives train``), resolved path
    method: str = "keywords"  # or "zeroshot": sentence embeddings against the claims (needs the encoder)

    every_scope: tuple[str, ...] = ()
    scope_by_language: tuple[tuple[str, tuple[str, ...]], ...] = ()
    language: str | None = None  # the language :meth:`for_language` made it for (None: as written)
    scope_share: float = 0.0  # the share of an article's sentences that must name a scope word (0: any)

    def applies(self, sentences: Sequence[str]) -> bool:
        """A pack with a ``scope`` runs only on articles that mention it ``scope_min`` times, and where at
        least ``scope_share`` of the sentences name it (an article *about* the subject, not one that
        mentions it in passing)."""
        return _in_scope(self.scope, self.scope_min, sentences, self.scope_share)

    def languages(self) -> tuple[str, ...]:
        """Languages with keywords or scope of their own in this pack."""
        return tuple(sorted({lang for lang, _ in self.scope_by_language}
                            | {lang for n in self.narratives for lang in n.languages()}))

    def for_language(self, language: str | None) -> NarrativePack:
        """The pack with its narratives' keywords and scope for ``language`` (cached)."""
        if language in (None, "en"):
            return self
        key = (id(self), language)
        got = _LOCALISED.get(key)
        if got is None or got[0]() is not self:  # (an id can be reused by a later pack)
            scope = (*self.every_scope, *dict(self.scope_by_language).get(language, ()))
            got = (weakref.ref(self), replace(self, narratives=tuple(n.for_language(language) for n in self.narratives),
                                 scope=tuple(compile_keyword(k) for k in scope), language=language))
            if not any(k[0] == key[0] for k in _LOCALISED):  # the entries go when the pack does
                weakref.finalize(self, _forget_localised, key[0])
            _LOCALISED[key] = got
        return got[1]


# (id of a pack, language) -> (a weak reference to the pack, its reading for that language); keyed by id
# because hashing a pack's nested tuples on every article costs more than the lookup saves
_LOCALISED: dict[tuple[int, str], tuple[weakref.ref[NarrativePack], NarrativePack]] = {}


def _forget_localised(pack_id: int) -> None:
    for key in [k for k in _LOCALISED if k[0] == pack_id]:
        _LOCALISED.pop(key, None)


def _in_scope(scope: Sequence[re.Pattern[str]], scope_min: int, sentences: Sequence[str],
              scope_share: float = 0.0) -> bool:
    """Whether ``sentences`` mention ``scope`` ``scope_min`` times (matches) and at least ``scope_share`` of
    them (sentences with a match, over all the sentences given) name it."""
    if not scope:
        return True
    if scope_share > 0.0:  # one pass: per sentence its matches, for the share and the count alike
        counts = [sum(len(p.findall(s)) for p in scope) for s in sentences]
        named = sum(1 for c in counts if c)
        return bool(sentences) and named >= scope_share * len(sentences) and sum(counts) >= scope_min
    n = 0
    for s in sentences:
        n += sum(len(p.findall(s)) for p in scope)
        if n >= scope_min:
            return True
    return False


def load_pack(path: str | Path, text: str | None = None, builtin: bool = False) -> NarrativePack:
    """Load and validate one pack. A user pack's name is stored as ``user:NAME`` so that it never
    collides with a built-in pack (built-in names are kept as they are, for stores already filled)."""
    where = str(path)
    if text is None:
        p = Path(path)
        if not p.exists():
            raise NarrativePackError(
                f"narrative pack {where!r} not found. Pass an existing YAML file "
                "(setting narrative_packs / --pack-file), or see docs/narratives.md for the format."
            )
        text = read_utf8(p, "narrative pack")
    data = parse_pack(text, where)
    name = str(data.get("pack") or Path(where).stem)
    if not builtin and not name.startswith(USER_PREFIX):
        name = USER_PREFIX + name
    for d in data["narratives"]:  # a narrative without an `anchor:` of its own takes the pack's
        if not d.get("anchor") and not d.get("anchor_by_language"):
            d["anchor"], d["anchor_by_language"] = data["anchor"], data["anchor_by_language"]
        d.setdefault("anchor_window", data.get("anchor_window", 1))
    items = tuple(Narrative.from_dict(d, name, where) for d in data["narratives"])
    seen: dict[str, int] = {}
    for d in data["narratives"]:
        if d["name"] in seen:
            raise NarrativePackError(f"{where}:{d['line']}: narrative {d['name']!r} is already defined at line "
                                     f"{seen[d['name']]}; rename or merge one")
        seen[d["name"]] = d["line"]
    scope_by_language = tuple((lang, tuple(v)) for lang, v in sorted(data.get("scope_by_language", {}).items()))
    every_scope = tuple(str(k) for k in data["scope"])
    scope = tuple(compile_keyword(k) for k in (*every_scope, *dict(scope_by_language).get("en", ())))
    model = _model_path(str(data.get("model") or ""), where, builtin)
    method = str(data.get("method") or "keywords")
    if method not in ("keywords", "zeroshot"):
        raise NarrativePackError(f"{where}: method {method!r} is not known; write `method: keywords` "
                                 "(the default) or `method: zeroshot`")
    return NarrativePack(name, str(data.get("description") or ""), items, where, scope,
                         int(data.get("scope_min", 1)), str(data.get("provenance") or ""),
                         str(data.get("licence") or data.get("license") or ""), model, method,
                         every_scope, scope_by_language, scope_share=float(data.get("scope_share", 0.0)))


def _model_path(model: str, where: str, builtin: bool) -> str:
    """A pack's ``model:`` file, relative to the pack (built-in packs: the package's data folder)."""
    if not model:
        return ""
    base = Path(str(resources.files("storylens") / "data" / "narratives")) if builtin else Path(where).parent
    path = (base / model).resolve()
    if not path.is_file():
        raise NarrativePackError(f"{where}: model file {model!r} not found beside the pack ({path}); "
                                 "train it with `storylens narratives train` or remove `model:`")
    return str(path)


def builtin_pack_names() -> list[str]:
    folder = resources.files("storylens") / "data" / "narratives"
    return sorted(e.name[:-5] for e in folder.iterdir() if e.name.endswith(".yaml"))


def builtin_pack(name: str) -> NarrativePack:
    folder = resources.files("storylens") / "data" / "narratives"
    entry = folder / f"{name}.yaml"
    if not entry.is_file():
        raise NarrativePackError(
            f"no built-in narrative pack {name!r}; built-in packs: {', '.join(builtin_pack_names())}"
        )
    return load_pack(f"{name}.yaml", entry.read_text(encoding="utf-8"), builtin=True)


def load_packs(spec: str | Sequence[str] = "china,climate",
               extra: str | Sequence[str] = "") -> tuple[NarrativePack, ...]:
    """Built-in packs named in ``spec`` plus user YAML files in ``extra`` (each a
    comma-separated string or a list, as the typed settings hold them)."""
    def items(v: str | Sequence[str]) -> tuple[str, ...]:
        parts = v.split(",") if isinstance(v, str) else v
        return tuple(s.strip() for s in parts if s.strip())

    return _load_packs(items(spec), items(extra))


@lru_cache(maxsize=8)
def _load_packs(spec: tuple[str, ...], extra: tuple[str, ...]) -> tuple[NarrativePack, ...]:
    packs = []
    for item in spec:
        packs.append(load_pack(item) if item.endswith((".yaml", ".yml")) else builtin_pack(item))
    for item in dict.fromkeys(extra):
        packs.append(load_pack(item))
    names = [p.name for p in packs]
    if len(names) != len(set(names)):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise NarrativePackError(f"two narrative packs share the name {dup}: "
                                 f"{[p.path for p in packs if p.name in dup]}; change `pack:` in one")
    return tuple(packs)


def narrative_score(n: Narrative, sentences: Sequence[str],
                    words: Sequence[set[str]]) -> tuple[NarrativeHit | None, bool]:
    """(the narrative's continuous score with its best sentences, whether it is carried).
    None when no sentence scores at all."""
    hit, carried, _ = _narrative_score(n, sentences, words)
    return hit, carried


_ANCHORED = re.compile(r"\^|\$|\\[AZBGz]|\(\?<|\(\?!|\(\?[a-z]*m")


def _live_patterns(n: Narrative, sentences: Sequence[str]) -> list[re.Pattern[str]]:
    """The keyword patterns of ``n`` that can match some sentence: one test over the whole article
    instead of one search per sentence for those that cannot (most). A pattern that matches inside
    a sentence matches the joined text too, unless it reads the text around it (anchors,
    lookbehind, negative lookahead, ``\\B``): those are always kept. On ASCII text a plain
    keyword's first word must occur in the lower-cased article (a substring test) before its
    pattern is searched."""
    patterns = n.patterns
    if len(sentences) < 4 or not patterns or len(n.keywords) != len(patterns):
        return list(patterns)
    text = "\n".join(sentences)
    low = text.lower() if text.isascii() else None
    live = []
    for kw, p in zip(n.keywords, patterns, strict=True):
        probe = _keyword_probe(kw, p.pattern)
        if probe is None or ((low is None or not probe or probe in low) and p.search(text)):
            live.append(p)
    return live


@lru_cache(maxsize=4096)
def _keyword_probe(keyword: str, pattern: str) -> str | None:
    """None: always try the pattern per sentence; "": search the article first; else a lower-case
    ASCII word the (ASCII) article must contain for the pattern to match."""
    if _ANCHORED.search(pattern):
        return None
    kw = keyword.strip()
    words = [] if kw.startswith("re:") else kw.rstrip("*").casefold().split()
    return words[0] if words and words[0].isascii() else ""


class ArticleMasks:
    """Per-article sentence masks shared by every narrative that reads the article (:func:`score_all`):
    which sentences are page residue, computed once, and which name an anchor or are near one, once per
    distinct anchor list and window (the china pack's narratives share the pack's)."""

    def __init__(self, sentences: Sequence[str]) -> None:
        self.sentences = sentences
        self._residue: list[bool] | None = None
        self._anchors: dict[tuple[Any, ...], tuple[list[bool], list[bool]]] = {}

    @property
    def residue(self) -> list[bool]:
        if self._residue is None:
            self._residue = [is_residue(s) for s in self.sentences]
        return self._residue

    def anchors(self, n: Narrative) -> tuple[list[bool], list[bool]]:
        """(sentences naming one of ``n``'s anchors, sentences within ``anchor_window`` of one)."""
        w = max(0, n.anchor_window)
        key = (tuple((p.pattern, p.flags) for p in n.anchor), w)
        got = self._anchors.get(key)
        if got is None:
            hit = [any(p.search(s) for p in n.anchor) for s in self.sentences]
            near = [any(hit[max(0, i - w): i + w + 1]) for i in range(len(hit))]
            got = self._anchors[key] = (hit, near)
        return got


def _eligible(n: Narrative, masks: ArticleMasks) -> list[bool]:
    """Which of the article's sentences may score for ``n``: not page residue, and with an ``anchor`` in it
    or within ``anchor_window`` sentences of it."""
    ok = [not r for r in masks.residue]
    if n.anchor:
        ok = [a and b for a, b in zip(ok, masks.anchors(n)[1], strict=True)]
    return ok


def _own_anchor(n: Narrative, masks: ArticleMasks) -> list[bool | None]:
    """Whether each sentence names one of ``n``'s anchors itself (None for all: ``n`` has no ``anchored:``
    keywords, or no anchors, so nothing depends on it)."""
    if not n.anchored_patterns or not n.anchor:
        return [None] * len(masks.sentences)
    return list(masks.anchors(n)[0])


def _strong_overlap(n: Narrative, words: set[str]) -> bool:
    """Whether a sentence's content words hold half of some claim's, three at least (a claim in words)."""
    return any(len(cw & words) >= 3 and len(cw & words) >= 0.5 * len(cw) for cw in n.claim_words)


def _narrative_score(n: Narrative, sentences: Sequence[str], words: Sequence[set[str]],
                     masks: ArticleMasks | None = None) -> tuple[NarrativeHit | None, bool, list[int]]:
    """:func:`narrative_score` and the indices of the sentences that scored, best first. Only
    :func:`_eligible` sentences score. ``masks``: the article's residue and anchor masks, when the caller
    scores several narratives on it (:func:`score_all`)."""
    masks = masks or ArticleMasks(sentences)
    live = _live_patterns(n, sentences)
    ok = _eligible(n, masks)
    own_anchor = _own_anchor(n, masks)
    scored = [(n.sentence_score(s, w, live, own_anchor[i]), i)
              for i, (s, w) in enumerate(zip(sentences, words, strict=True)) if ok[i]]
    scored = [x for x in scored if x[0] > 0]
    if not scored:
        return None, False, []
    scored.sort(reverse=True)
    miss = 1.0
    for s, _ in scored[:TOP_SENTENCES]:
        miss *= 1.0 - s
    score = 1.0 - miss
    evidence_idx = sorted(i for s, i in scored[:MAX_EVIDENCE] if s >= EVIDENCE_MIN)
    # claim overlap alone is not enough: "calls for investigation into Iran plane crash ...
    # missiles had targeted" shares three words with a Covid-origins claim; and topic keywords alone (names,
    # places: "The US cases piled up, surpassing China") are not either: a sentence needs a keyword that is
    # not a topic, or the words of a claim
    # (an `anchored:` keyword counts only in a sentence naming an anchor, as in its score)
    if n.topics:
        own = [p for kw, p in zip(n.keywords, n.patterns, strict=False) if kw not in n.topics]
        keyword = any(p.search(sentences[i]) for _, i in scored
                      for p in n.counting(sentences[i], own, own_anchor[i])) or any(
            _strong_overlap(n, words[i]) for _, i in scored)
    else:
        keyword = not n.patterns or any(p.search(sentences[i]) for _, i in scored
                                        for p in n.counting(sentences[i], n.patterns, own_anchor[i]))
    carried = keyword and score >= n.threshold and bool(evidence_idx)
    best = evidence_idx or sorted(i for _, i in scored[:MAX_EVIDENCE])
    return (NarrativeHit(n.name, round(score, 4), tuple(sentences[i] for i in best), n.pack), carried,
            [i for _, i in scored])


def score_narrative(n: Narrative, sentences: Sequence[str], words: Sequence[set[str]]) -> NarrativeHit | None:
    hit, carried = narrative_score(n, sentences, words)
    return hit if carried else None


def score_all(sentences: Sequence[str], packs: Iterable[NarrativePack],
              below: bool = True, encoder: Any = None, language: str | None = None) -> list[tuple[NarrativeHit, bool]]:
    """Every in-scope narrative that scores above zero, with whether it is carried (``annotate
    --all-scores``, threshold sweeps). ``below=False`` keeps only the carried ones.

    Keyword packs are read by :func:`_narrative_score`, narrative by narrative, sharing the article's
    residue and anchor masks (:class:`ArticleMasks`, computed once per article).

    With a sentence ``encoder`` (:mod:`storylens.enrich.sentence_encoder`): a pack with a trained
    ``model``, or a ``method: zeroshot`` pack, is scored by it (every sentence encoded), and a keyword
    pack's carried hit also needs a claim-level match (:func:`semantic.confirm`). In English that
    sentence must be one of the hit's own scored sentences (``anywhere=False``): only those are
    encoded, for all the gated hits in one batch. In other languages any sentence of the article
    may be it (their calibration); the hit's own sentences are read first, the rest only when none
    of them passes.

    ``language`` other than English (``None`` counts as English): each pack reads the article with its
    keywords for that language (:meth:`NarrativePack.for_language`), without English claim overlap, and
    ``encoder`` must be the multilingual one (:func:`load_multilingual_encoder`): its gate and zero-shot
    calibration are its own (:func:`semantic.claim_min_for`). A trained pack's model was fit on English
    (MiniLM) features, so there it runs zero-shot (:func:`pack_route` says which route each pack takes)."""
    from storylens.corpus.narratives import semantic

    foreign = language not in (None, "en")
    words = [set() for _ in sentences] if foreign else [content_words(s) for s in sentences]
    masks = ArticleMasks(sentences)  # residue once per article, anchors once per anchor list
    out = []
    view = None
    gated: list[tuple[NarrativePack, Narrative, NarrativeHit, list[int]]] = []
    for pack in packs:
        if foreign:
            pack = pack.for_language(language)
        if not pack.applies(sentences):
            continue
        if encoder is not None and (pack.model or pack.method == "zeroshot"):
            view = view or semantic.ArticleView.build(sentences, encoder)
            got = semantic.score_pack(view, semantic.index_for(pack, encoder),
                                      semantic.model_for(pack, encoder) if pack.model and not foreign else None)
            out.extend(hc for hc in got if below or hc[1])
            continue
        for n in pack.narratives:
            if not n.applies(sentences):
                continue
            hit, carried, scored = _narrative_score(n, sentences, words, masks)
            if carried and encoder is not None and hit is not None:
                gated.append((pack, n, hit, scored))
                out.append((hit, False))  # decided below
                continue
            if hit is not None and (below or carried):
                out.append((hit, carried))
    if gated:
        lazy = view or semantic.LazyVectors(sentences, encoder)
        if isinstance(lazy, semantic.LazyVectors):  # every hit's own sentences in one batch
            lazy.vectors(list(dict.fromkeys(i for *_, scored in gated for i in scored)))
        passed = {id(hit) for pack, n, hit, scored in gated
                  # English: the claim-level sentence must be one of the hit's own; other languages keep the
                  # whole-article gate their threshold (CLAIM_MIN_E5) was calibrated for (a Russian hit whose
                  # own sentence is at 0.828 was right in the hand labels)
                  if semantic.confirm(lazy, semantic.index_for(pack, encoder), n, scored, anywhere=foreign)}
        out = [(h, c or id(h) in passed) for h, c in out if below or c or id(h) in passed]
    out.sort(key=lambda hc: -hc[0].score)
    return out


def detect(sentences: Sequence[str], packs: Iterable[NarrativePack], encoder: Any = None,
           language: str | None = None) -> tuple[NarrativeHit, ...]:
    return tuple(h for h, _ in score_all(sentences, packs, below=False, encoder=encoder, language=language))


def pack_route(pack: NarrativePack, language: str | None, encoder: bool = True) -> str:
    """How ``pack`` reads an article in ``language`` (``encoder``: a sentence encoder is loaded; the
    coverage lines say it)."""
    foreign = language not in (None, "en")
    if not encoder:
        return "keywords" if not foreign else "not run"
    if pack.model and not foreign:
        return "trained"
    if pack.model or pack.method == "zeroshot":
        return "zero-shot" + (" (its trained model reads English features)" if pack.model else "")
    if not foreign:
        return "keywords + claim gate"
    if language in pack.languages():
        return f"{language} keywords + claim gate"
    if any(n.every_language[0] for n in pack.narratives):
        return "claim gate on its keywords for every language (none of its own for this language)"
    return "no keywords for this language: no hits"


def load_multilingual_encoder(settings: Any = None) -> Any:
    """The multilingual encoder for non-English articles, or None (setting ``narrative_multilingual``
    off, or the extra not installed: then those articles get no narratives and the coverage says so)."""
    if settings is not None and not getattr(settings, "narrative_multilingual", True):
        return None
    from storylens import multilingual_encoder as me

    if not me.available():
        return None
    return me.multilingual_encoder()


def load_encoder(settings: Any) -> Any:
    """The sentence encoder the ``narrative_encoder`` setting names, or None (``none``, or not
    installed: then trained packs fall back to their keywords and claims, with a warning)."""
    name = str(getattr(settings, "narrative_encoder", "minilm") or "none")
    if name == "none":
        return None
    from storylens.enrich import sentence_encoder

    if not sentence_encoder.available(name):
        import logging

        logging.getLogger(__name__).warning(
            "narratives: sentence encoder %r not installed (%s); keyword scoring only", name,
            sentence_encoder.HINTS.get(name, ""))
        return None
    return sentence_encoder.load(name)


def detect_text(text: str, packs: Iterable[NarrativePack] | None = None) -> tuple[NarrativeHit, ...]:
    return detect([s for _, _, s in split_sentences(text)], packs or load_packs())


class NarrativeStage:
    """Per-document stage: narrative hits (with evidence) and hero/villain/victim roles."""

    name = "narratives"
    requires = ("text",)
    assigns = ("narratives", "roles")

    def __init__(self, settings: Settings) -> None:
        self.packs = load_packs(
            getattr(settings, "narrative_builtin", "china,climate"),
            getattr(settings, "narrative_packs", ""),
        )
        from storylens.corpus.roles import RoleTagger

        self.roles = RoleTagger()
        self.encoder = load_encoder(settings)
        if self.encoder is not None:  # a model trained on another encoder fails here, not on every article
            from storylens.corpus.narratives import semantic

            for pack in self.packs:
                if pack.model:
                    semantic.model_for(pack, self.encoder)
        self.settings = settings
        self._multilingual: Any = False  # loaded on the first non-English article

    def multilingual(self) -> Any:
        if self._multilingual is False:
            self._multilingual = load_multilingual_encoder(self.settings)
        return self._multilingual

    def __call__(self, article: Article) -> Article:
        if article.language not in (None, "en"):
            # other languages: the packs' English claims through the multilingual encoder (no roles:
            # the role cues are English); none without it (storylens.languages says so)
            encoder = self.multilingual()
            if encoder is None:
                return article
            hits = detect(article_sentences(article), self.packs, encoder, article.language)
            return article.replace(narratives=hits)
        sentences = article_sentences(article)
        hits = detect(sentences, self.packs, self.encoder)
        roles = self.roles.assign(article, sentences)
        return article.replace(narratives=hits, roles=roles)


def article_sentences(article: Article) -> list[str]:
    """The sentences narratives are scored on: the title (when the text does not start with it) + body."""
    return _with_title(sentences_of(article), article.text, article.title)


def text_sentences(text: str, title: str | None = None, language: str | None = None) -> list[str]:
    """:func:`article_sentences` for a text without a parse (the splitter of ``language``)."""
    return _with_title(_plain_sentences(text, language), text, title)


def _with_title(sentences: list[str], text: str, title: str | None) -> list[str]:
    if title and title.strip() and not text.startswith(title.strip()):
        return [title.strip(), *sentences]
    return sentences


def all_scores(article: Article, packs: Sequence[NarrativePack], encoder: Any = None,
               multilingual: Any = None) -> list[dict[str, Any]]:
    """Every in-scope narrative's score for ``article``, carried or not (``annotate --all-scores``);
    a non-English article is scored with the ``multilingual`` encoder (none without it)."""
    if article.language not in (None, "en"):
        if multilingual is None:
            return []
        encoder = multilingual
    return [{"narrative": h.narrative, "pack": h.pack, "score": h.score, "carried": carried,
             "evidence": list(h.evidence)}
            for h, carried in score_all(article_sentences(article), packs, encoder=encoder,
                                        language=article.language)]


def packs_setting(builtin: bool | None, pack_files: Sequence[str],
                  current: str | Sequence[str]) -> dict[str, Any]:
    """Settings overrides for the CLI's ``--builtin/--no-builtin`` and ``--pack-file`` options."""
    have = current.split(",") if isinstance(current, str) else list(current)
    extra = [*have, *pack_files] if pack_files else None
    return {"narrative_builtin": "" if builtin is False else None, "narrative_packs": extra}


def redetect(store: Any, packs: Sequence[NarrativePack], batch: int = 500, encoder: Any = None,
             multilingual: Any = None) -> dict[str, int]:
    """Run ``packs`` over every stored English article, and the other languages' articles with the
    ``multilingual`` encoder when given (a corpus pass, e.g. for a new user pack): that pack's rows in
    ``narratives`` are replaced. Returns {pack: hits}."""
    names = [p.name for p in packs]
    counts = dict.fromkeys(names, 0)
    con = store.con
    con.execute("SET enable_progress_bar = false")
    where = "" if multilingual is not None else "WHERE language = 'en' OR language IS NULL "
    cur = con.execute(f"SELECT id, title, text, language FROM articles {where}ORDER BY id")
    rows_out: list[tuple[Any, ...]] = []
    while True:
        chunk = cur.fetchmany(batch)
        if not chunk:
            break
        for aid, title, text, language in chunk:
            english = language in (None, "en")
            sentences = text_sentences(text, title, None if english else language)
            for h in detect(sentences, packs, encoder if english else multilingual, None if english else language):
                counts[h.pack] += 1
                rows_out.append((aid, h.narrative, h.score, list(h.evidence), h.pack))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM narratives WHERE pack IN (SELECT unnest(?::VARCHAR[]))", [names])
        if rows_out:
            con.executemany(
                "INSERT INTO narratives (article_id, narrative, score, evidence, pack) VALUES (?, ?, ?, ?, ?)",
                rows_out)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return counts
