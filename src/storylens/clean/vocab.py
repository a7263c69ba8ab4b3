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
64-bit hashes (a few MB).

Start-up. Building the tables from wordfreq's files (import, unpacking 28 lists,
hashing 1.4 million words) took 2-4 s per process, paid again by every worker
and every ``storylens extract`` run. The tables are now built once per machine
and kept on disk (``storylens.diskcache``: ``$STORYLENS_CACHE_DIR``, default
``~/.cache/storylens``, in a folder named after the installed wordfreq); a process
maps them back in milliseconds (shared between workers) and imports wordfreq only
to build them. The hash is a stable one (BLAKE2b, 8 bytes) so the files outlive
the process.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from storylens.diskcache import cached_arrays, package_folder

# Languages written in the Latin alphabet that wordfreq covers (small lists).
LATIN_LANGS = (
    "ca", "cs", "da", "de", "en", "es", "fi", "fil", "fr", "hu", "id", "is", "it", "lt", "lv", "ms",
    "nb", "nl", "pl", "pt", "ro", "sh", "sk", "sl", "sv", "tr", "vi",
)
# py3langid codes that wordfreq spells differently
_ALIAS = {"no": "nb", "nn": "nb", "hr": "sh", "sr": "sh", "bs": "sh", "tl": "fil"}


def _wordfreq():  # type: ignore[no-untyped-def]
    try:
        import wordfreq
    except ImportError as exc:  # a default dependency: only a hand-made environment lacks it
        from storylens.errors import StoryLensError

        raise StoryLensError(
            "the clean stage needs the 'wordfreq' package (a default dependency of storylens): "
            "pip install 'wordfreq>=3.0,<4', or turn cleaning off with --keep-noise"
        ) from exc
    return wordfreq


def stable_hashes(words: Iterable[str]) -> np.ndarray:
    """64-bit hashes of ``words`` that are the same in every process (Python's ``hash``
    of a string is salted per process, so it cannot key a table kept on disk)."""
    digest = hashlib.blake2b
    raw = b"".join(digest(w.encode("utf-8", "surrogatepass"), digest_size=8).digest() for w in words)
    return np.frombuffer(raw, dtype="<i8").astype(np.int64)


def _zipf_table(freqs: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted 64-bit hashes of the words and their Zipf frequency x 10 (uint8)."""
    hs = stable_hashes(freqs)
    fs = np.fromiter(freqs.values(), dtype=np.float64, count=len(freqs))
    z = np.clip(np.round((np.log10(np.maximum(fs, 1e-12)) + 9) * 10), 0, 255).astype(np.uint8)
    order = np.argsort(hs, kind="stable")
    hs, z = hs[order], z[order]
    keep = np.concatenate(([True], hs[1:] != hs[:-1])) if len(hs) else np.ones(0, dtype=bool)
    return hs[keep], z[keep]


CACHE_VERSION = 1  # bump when a table's recipe changes


def cache_dir() -> Path | None:
    """This wordfreq installation's folder of built tables (``storylens.diskcache``)."""
    return package_folder("wordfreq", CACHE_VERSION)


def _cached(name: str, build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return cached_arrays(cache_dir(), name, build)


def _words_array(words: Iterable[str]) -> np.ndarray:
    return np.frombuffer("\n".join(words).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _array_words(arr: np.ndarray) -> list[str]:
    text = np.asarray(arr).tobytes().decode("utf-8", "surrogatepass")
    return text.split("\n") if text else []


def _member(arr: np.ndarray, hs: np.ndarray) -> np.ndarray:
    """Index into ``arr`` of each of ``hs`` (sorted ``arr``), -1 when absent."""
    if not len(arr) or not len(hs):
        return np.full(len(hs), -1)
    order = np.argsort(hs)  # sorted needles walk the big array in order: far fewer cache misses
    idx = np.empty(len(hs), dtype=np.int64)
    idx[order] = np.searchsorted(arr, hs[order])
    idx[idx >= len(arr)] = 0
    return np.where(arr[idx] == hs, idx, -1)


@lru_cache(maxsize=16)
def _language_list(lang: str) -> tuple[np.ndarray, np.ndarray] | None:
    code = _ALIAS.get(lang, lang)

    def build() -> dict[str, np.ndarray]:
        wordfreq = _wordfreq()
        if code in wordfreq.available_languages("large"):
            words = wordfreq.get_frequency_dict(code, "large")
        elif code in wordfreq.available_languages("small"):
            words = wordfreq.get_frequency_dict(code, "small")
        else:
            return {"h": np.zeros(0, np.int64), "z": np.zeros(0, np.uint8), "none": np.ones(1, np.uint8)}
        h, z = _zipf_table(words)
        return {"h": h, "z": z}

    arrays = _cached(f"known-{code}", build)
    if "none" in arrays:
        return None
    return arrays["h"], arrays["z"]


@lru_cache(maxsize=1)
def _common_words() -> tuple[np.ndarray, np.ndarray]:
    """Common words (``small`` lists) of every Latin-alphabet language: sorted hashes and
    a (words x languages) table of their Zipf frequency x 10 (0: not common there)."""

    def build() -> dict[str, np.ndarray]:
        wordfreq = _wordfreq()
        tables = [_zipf_table(wordfreq.get_frequency_dict(lang, "small")) for lang in LATIN_LANGS]
        allh = np.concatenate([h for h, _ in tables])
        allh.sort()
        allh = allh[np.concatenate(([True], allh[1:] != allh[:-1]))]
        z = np.zeros((len(allh), len(LATIN_LANGS)), dtype=np.uint8)
        for i, (h, zi) in enumerate(tables):
            z[np.searchsorted(allh, h), i] = zi
        return {"h": allh, "z": z}

    arrays = _cached("common", build)
    return arrays["h"], arrays["z"]


def _frequent_words(lang: str, min_freq: float) -> frozenset[str]:
    """The words of ``lang``'s small list used at least ``min_freq`` of the time (cached)."""

    def build() -> dict[str, np.ndarray]:
        freqs = _wordfreq().get_frequency_dict(lang, "small")
        return {"words": _words_array(w for w, f in freqs.items() if f >= min_freq)}

    return frozenset(_array_words(_cached(f"frequent-{lang}-{min_freq:.3g}", build)["words"]))


def _mask(langs: Iterable[str]) -> int:
    return sum(1 << i for i, x in enumerate(LATIN_LANGS) if x in set(langs))


EVERYDAY_ZIPF = 4.5


@lru_cache(maxsize=4096)
def everyday(word: str, lang: str = "en", zipf: float = EVERYDAY_ZIPF) -> bool:
    """An everyday word of ``lang`` (English by default: web English is where spam
    phrases borrow from); False for languages wordfreq does not cover."""
    lang = _ALIAS.get(lang, lang)
    if lang not in LATIN_LANGS:
        return False
    if zipf == EVERYDAY_ZIPF:
        return word.lower() in _everyday_set(lang)
    return _wordfreq().get_frequency_dict(lang, "small").get(word.lower(), 0.0) >= 10 ** (zipf - 9)


@lru_cache(maxsize=32)
def _everyday_set(lang: str) -> frozenset[str]:
    return _frequent_words(lang, 10 ** (EVERYDAY_ZIPF - 9))


def has_vocabulary(language: str | None) -> bool:
    return bool(language) and _ALIAS.get(language, language) in LATIN_LANGS  # type: ignore[arg-type]


# A word that is not common in the document's language and 100 times more frequent in
# another language is that language's word, even when the document language's
# (web-derived) list has it too.
FOREIGN_MARGIN = 20  # Zipf x 10


class Vocabulary:
    """Known / elsewhere answers for the words of one document language."""

    def __init__(self, language: str, exclude: frozenset[str] = frozenset()) -> None:
        self.language = language
        self._known = _language_list(language)
        code = _ALIAS.get(language, language)
        # columns of the languages whose common words count as "another language"
        self._others = np.array([i for i, x in enumerate(LATIN_LANGS) if x != code and x not in exclude])
        self._mine = LATIN_LANGS.index(code) if code in LATIN_LANGS else -1

    @property
    def usable(self) -> bool:
        return self._known is not None

    def _lookup(self, uniq: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Zipf x 10 of each word in the language (large list), common in it, and the
        highest among the other languages (0: absent)."""
        assert self._known is not None
        hs = stable_hashes(uniq)
        kh, kz = self._known
        ki = _member(kh, hs)
        z_mine = np.where(ki >= 0, kz[np.maximum(ki, 0)], 0).astype(np.int16)
        common, table = _common_words()
        ci = _member(common, hs)
        rows = table[np.maximum(ci, 0)]
        z_common = np.where(ci >= 0, rows[:, self._mine] if self._mine >= 0 else 0, 0).astype(np.int16)
        z_other = np.where(ci >= 0, rows[:, self._others].max(axis=1), 0).astype(np.int16)
        return z_mine, z_common, z_other

    def classify(self, words: Iterable[str]) -> dict[str, tuple[bool, bool]]:
        """word -> (known in the language, common in another Latin-alphabet language).
        A rare word of the language far more frequent in another one (``FOREIGN_MARGIN``)
        is that language's word: web-derived lists of one language hold words of others."""
        uniq = list(dict.fromkeys(words))
        if not uniq or self._known is None:
            return {w: (True, False) for w in uniq}
        z_mine, z_common, z_other = self._lookup(uniq)
        known = (z_common > 0) | ((z_mine > 0) & (z_other < z_mine + FOREIGN_MARGIN))
        other = z_other > 0
        return {w: (bool(k), bool(o)) for w, k, o in zip(uniq, known, other, strict=True)}

    def rare(self, words: Iterable[str]) -> set[str]:
        """The words known to the language but not common in it (not in its ``small`` list)."""
        uniq = list(dict.fromkeys(words))
        if not uniq or self._known is None:
            return set()
        z_mine, z_common, _ = self._lookup(uniq)
        return {w for w, k, c in zip(uniq, z_mine, z_common, strict=True) if k > 0 and c == 0}


@lru_cache(maxsize=32)
def vocabulary(language: str | None, exclude: frozenset[str] = frozenset()) -> Vocabulary | None:
    """The vocabulary of ``language`` (a py3langid code), or None when wordfreq lacks it;
    ``exclude``: languages left out of the "common in another language" side."""
    if not has_vocabulary(language):
        return None
    v = Vocabulary(_ALIAS.get(language, language), exclude)  # type: ignore[arg-type]
    return v if v.usable else None


_WORD = re.compile(r"[^\W\d_]+")
# whole runs of 3+ letters (a run of fewer never matches, so no match starts inside a run):
# the words of ``word_info``, which keeps those starting with a lowercase letter. A look-behind
# for the run's start and a look-ahead for capitals cost the scan twice as much.
_WORD3 = re.compile(r"[^\W\d_]{3,}")
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


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What the vocabulary says about the words of one text."""

    classes: dict[str, tuple[bool, bool]]  # unknown lower-cased word -> (False, common elsewhere)
    rare: frozenset[str]  # words of 5+ letters the language knows but rarely uses
    unknown: frozenset[str]  # words of 3+ letters it does not know (and no other language uses commonly)
    foreign: frozenset[str]  # words of 3+ letters it does not know that another language uses
    suspects: frozenset[str] = frozenset()  # set by the cleaner: words worth a look at their line


@lru_cache(maxsize=32)
def _everyday_words(lang: str) -> frozenset[str]:
    """The language's words used once in 100,000 or more (Zipf 4+): known without a look-up."""
    return _frequent_words(lang, 1e-5)


def word_info(
    text: str, language: str | None, exclude: frozenset[str] = frozenset(),
) -> WordInfo | None:
    """Known/elsewhere for every lower-cased word of ``text`` and its rare words, in one
    look-up (None: no vocabulary for ``language``)."""
    v = vocabulary(language, exclude)
    if v is None:
        return None
    # capitalised words are names to the rules, and everyday words are known: look up the rest
    top = _everyday_words(v.language)
    uniq = [w for w in dict.fromkeys(_WORD3.findall(text)) if w[0].islower() and w not in top]
    if not uniq:
        return WordInfo({}, frozenset(), frozenset(), frozenset())
    z_mine, z_common, z_other = v._lookup(uniq)
    known = (z_common > 0) | ((z_mine > 0) & (z_other < z_mine + FOREIGN_MARGIN))
    # only the words the language does not know are listed: a missing word is a known one
    classes = {uniq[i]: (False, bool(z_other[i] > 0)) for i in np.flatnonzero(~known)}
    rare = frozenset(uniq[i] for i in np.flatnonzero((z_mine > 0) & (z_common == 0)) if len(uniq[i]) >= 5)
    unknown = frozenset(w for w, (_, o) in classes.items() if not o and len(w) >= 3)
    foreign = frozenset(w for w, (_, o) in classes.items() if o and len(w) >= 3)
    return WordInfo(classes, rare, unknown, foreign)


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


def preload(languages: Iterable[str | None] = ("en",)) -> None:
    """Build the word lists now (1-3 s once per process) rather than on the first document:
    for worker start-up and for benchmarks that time documents, not start-up."""
    _common_words()
    for lang in languages:
        v = vocabulary(lang)
        if v is not None:
            _everyday_words(v.language)
