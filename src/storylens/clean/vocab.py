"""Word lists per language, for the out-of-language signal of the clean stage.

A spam keyword swapped into a sentence of another language ("remarks at kasyno
online study session") is written in the document's own alphabet, so script
islands cannot see it; what gives it away is that its words are not words of
the document's language while they are words of another one. This module
answers both questions from the frequency lists of the ``wordfreq`` package
(code Apache-2.0, word lists CC-BY-SA 4.0; a default dependency of StoryLens):

- ``known``: the word occurs in the document language's list (the ``large``
  list where wordfreq has one, down to about one in 10^8 words; the ``small``
  list otherwise, down to one in a million);
- ``elsewhere``: the word is a common word (``small`` list) of another language
  written in the Latin alphabet.

Nothing here is about spam: the lists are general vocabularies, so the signal
works for spam phrases no lexicon has seen. Lists are held as sorted arrays of
64-bit hashes (a few MB), built once per process on first use (about a second).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Languages written in the Latin alphabet that wordfreq covers (small lists).
LATIN_LANGS = (
    "ca", "cs", "da", "de", "en", "es", "fi", "fil", "fr", "hu", "id", "is", "it", "lt", "lv", "ms",
    "nb", "nl", "pl", "pt", "ro", "sh", "sk", "sl", "sv", "tr", "vi",
)
# py3langid codes that wordfreq spells differently
_ALIAS = {"no": "nb", "nn": "nb", "hr": "sh", "sr": "sh", "bs": "sh", "tl": "fil"}


def _hashes(words: Iterable[str]) -> np.ndarray:
    arr = np.fromiter((hash(w) for w in words), dtype=np.int64)
    arr.sort()
    return arr[np.concatenate(([True], arr[1:] != arr[:-1]))] if len(arr) else arr


def _member(arr: np.ndarray, hs: np.ndarray) -> np.ndarray:
    """Index into ``arr`` of each of ``hs`` (sorted ``arr``), -1 when absent."""
    if not len(arr) or not len(hs):
        return np.full(len(hs), -1)
    idx = np.searchsorted(arr, hs)
    idx[idx >= len(arr)] = 0
    return np.where(arr[idx] == hs, idx, -1)


@lru_cache(maxsize=16)
def _language_list(lang: str) -> np.ndarray | None:
    import wordfreq

    code = _ALIAS.get(lang, lang)
    if code in wordfreq.available_languages("large"):
        words = wordfreq.get_frequency_dict(code, "large")
    elif code in wordfreq.available_languages("small"):
        words = wordfreq.get_frequency_dict(code, "small")
    else:
        return None
    return _hashes(words)


@lru_cache(maxsize=1)
def _common_words() -> tuple[np.ndarray, np.ndarray]:
    """Common words (``small`` lists) of every Latin-alphabet language: sorted hashes and,
    for each, a bit mask of the languages it is common in (bit i: ``LATIN_LANGS[i]``)."""
    import wordfreq

    hs, bits = [], []
    for i, lang in enumerate(LATIN_LANGS):
        h = _hashes(wordfreq.get_frequency_dict(lang, "small"))
        hs.append(h)
        bits.append(np.full(len(h), 1 << i, dtype=np.int64))
    allh, allb = np.concatenate(hs), np.concatenate(bits)
    order = np.argsort(allh, kind="stable")
    allh, allb = allh[order], allb[order]
    starts = np.flatnonzero(np.concatenate(([True], allh[1:] != allh[:-1])))
    return allh[starts], np.bitwise_or.reduceat(allb, starts)


def _mask(langs: Iterable[str]) -> int:
    return sum(1 << i for i, x in enumerate(LATIN_LANGS) if x in set(langs))


@lru_cache(maxsize=4096)
def everyday(word: str, lang: str = "en", zipf: float = 4.5) -> bool:
    """An everyday word of ``lang`` (English by default: web English is where spam
    phrases borrow from); False for languages wordfreq does not cover."""
    import wordfreq

    lang = _ALIAS.get(lang, lang)
    if lang not in LATIN_LANGS:
        return False
    return wordfreq.get_frequency_dict(lang, "small").get(word.lower(), 0.0) >= 10 ** (zipf - 9)


def has_vocabulary(language: str | None) -> bool:
    return bool(language) and _ALIAS.get(language, language) in LATIN_LANGS  # type: ignore[arg-type]


class Vocabulary:
    """Known / elsewhere answers for the words of one document language."""

    def __init__(self, language: str, exclude: frozenset[str] = frozenset()) -> None:
        self.language = language
        self._known = _language_list(language)
        # languages whose common words count as "another language"
        self._others = ((1 << len(LATIN_LANGS)) - 1) & ~_mask({language, *exclude})
        self._mine = _mask({language})

    @property
    def usable(self) -> bool:
        return self._known is not None

    def classify(self, words: Iterable[str]) -> dict[str, tuple[bool, bool]]:
        """word -> (known in the language, common in another Latin-alphabet language)."""
        uniq = list(dict.fromkeys(words))
        if not uniq or self._known is None:
            return {w: (True, False) for w in uniq}
        hs = np.fromiter((hash(w) for w in uniq), dtype=np.int64, count=len(uniq))
        known = _member(self._known, hs) >= 0
        common, masks = _common_words()
        idx = _member(common, hs)
        other = (idx >= 0) & ((masks[np.maximum(idx, 0)] & self._others) != 0)
        return {w: (bool(k), bool(o)) for w, k, o in zip(uniq, known, other, strict=True)}

    def rare(self, words: Iterable[str]) -> set[str]:
        """The words known to the language but not common in it (not in its ``small`` list)."""
        uniq = list(dict.fromkeys(words))
        if not uniq or self._known is None:
            return set()
        hs = np.fromiter((hash(w) for w in uniq), dtype=np.int64, count=len(uniq))
        known = _member(self._known, hs) >= 0
        common, masks = _common_words()
        idx = _member(common, hs)
        mine = (idx >= 0) & ((masks[np.maximum(idx, 0)] & self._mine) != 0)
        return {w for w, k, c in zip(uniq, known, mine, strict=True) if k and not c}


@lru_cache(maxsize=32)
def vocabulary(language: str | None, exclude: frozenset[str] = frozenset()) -> Vocabulary | None:
    """The vocabulary of ``language`` (a py3langid code), or None when wordfreq lacks it;
    ``exclude``: languages left out of the "common in another language" side."""
    if not has_vocabulary(language):
        return None
    v = Vocabulary(_ALIAS.get(language, language), exclude)  # type: ignore[arg-type]
    return v if v.usable else None


_WORD = re.compile(r"[^\W\d_]+")
_OPEN = "([{（［「『“\"'«‹《〈‘„"
_CLOSE = ")]}）］」』”\"'»›》〉’“"


@dataclass(frozen=True, slots=True)
class ForeignRun:
    """Consecutive lowercase words foreign to the document's language (``start``/``end`` in
    the line); ``words`` counts them, ``foreign`` counts those common in another language."""

    start: int
    end: int
    words: int
    foreign: int
    rare: bool = False  # a word the language knows but rarely uses (not an unknown one)


def word_classes(
    text: str, language: str | None, exclude: frozenset[str] = frozenset(),
) -> dict[str, tuple[bool, bool]] | None:
    """Known/elsewhere for every lower-cased word of ``text`` (None: no vocabulary)."""
    v = vocabulary(language, exclude)
    if v is None:
        return None
    return v.classify(m.group().lower() for m in _WORD.finditer(text))


def rare_words(text: str, language: str | None) -> set[str]:
    """Lower-cased words of ``text`` of 5+ letters that its language knows but rarely uses."""
    v = vocabulary(language)
    if v is None:
        return set()
    return v.rare(w for m in _WORD.finditer(text) if len(w := m.group().lower()) >= 5)


def foreign_runs(
    line: str, classes: dict[str, tuple[bool, bool]], with_unknown: bool = True,
) -> list[ForeignRun]:
    """Runs of lowercase words (3+ letters) unknown to the document's language (with
    ``with_unknown`` false, only runs with a common word of another language); runs glossed in brackets or quotes and
    runs that make up most of the line (a quotation, a bilingual page) are left out."""
    out: list[ForeignRun] = []
    cur: list[re.Match[str]] = []
    words = list(_WORD.finditer(line))
    native = 0

    def flush() -> None:
        if not cur:
            return
        n_foreign = sum(classes.get(m.group().lower(), (True, False))[1] for m in cur)
        if n_foreign or with_unknown:
            s, e = cur[0].start(), cur[-1].end()
            before, after = line[:s].rstrip(), line[e:].lstrip()
            if not (before and after and before[-1] in _OPEN and after[0] in _CLOSE):
                out.append(ForeignRun(s, e, len(cur), n_foreign))

    for m in words:
        w = m.group()
        known = classes.get(w.lower(), (True, False))[0]
        cand = len(w) >= 3 and w[0].islower() and not known
        if not cand:
            native += len(w)
        if cand and cur and line[cur[-1].end():m.start()] in (" ", "\u00a0"):
            cur.append(m)
            continue
        flush()
        cur = [m] if cand else []
    flush()
    foreign_letters = sum(r.end - r.start for r in out)
    if foreign_letters > native:
        return []
    return out
