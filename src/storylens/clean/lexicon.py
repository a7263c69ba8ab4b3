"""The multilingual spam lexicon: loading, extending and fast matching.

Terms live in data files (``storylens/data/spam/*.txt``, one
``LANG CATEGORY STRENGTH TERM`` a line); users add their own files with the
``spam_lexicon`` setting and they go through the same loader. Matching
compiles every term into two trie-shaped regular expressions (whole-word
terms and substring terms), so the cost is one regex scan per text whatever
the size of the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from storylens.clean.scripts import is_spaceless
from storylens.config import read_utf8
from storylens.errors import SettingsError

STRENGTHS = ("strong", "weak", "stem")
_RANK = {"weak": 0, "strong": 1, "stem": 2}
_WS = re.compile(r"\s+")
_PLURAL = re.compile(r"(?:s|es)(?![\w])")


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # lower-cased, single spaces
    lang: str
    category: str
    strength: str  # strong | weak | stem


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    term: Term

    @property
    def strong(self) -> bool:
        return self.term.strength != "weak"


def _key(text: str) -> str:
    return _WS.sub(" ", text.lower()).strip()


def parse_lexicon(text: str, origin: str = "<string>") -> list[Term]:
    terms = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 3)
        if len(parts) < 4 or parts[2] not in STRENGTHS:
            raise SettingsError(
                f"{origin}:{n}: expected 'LANG CATEGORY STRENGTH TERM' with STRENGTH one of "
                f"{', '.join(STRENGTHS)}, got {line!r}"
            )
        lang, category, strength, term = parts
        terms.append(Term(_key(term), lang, category, strength))
    return terms


def _trie_regex(words: Iterable[str]) -> str:
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = []
        optional = False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            tok = r"\s+" if ch == " " else re.escape(ch)
            alts.append(tok + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:
            body = "(?:" + body + ")?"
        return body

    return emit(trie)


class Lexicon:
    """A set of spam terms with a compiled matcher."""

    def __init__(self, terms: Iterable[Term]) -> None:
        by_key: dict[str, Term] = {}
        for t in terms:
            old = by_key.get(t.text)
            if old is None or _RANK[t.strength] > _RANK[old.strength]:
                by_key[t.text] = t
        self.terms: dict[str, Term] = by_key
        words = [k for k, t in by_key.items() if t.strength != "stem" and not is_spaceless(k)]
        # stems in alphabets written with spaces match at the start of a word only
        # ("cialis" must not fire inside "socialist"); Hangul and spaceless scripts anywhere
        prefixes = [k for k, t in by_key.items() if t.strength == "stem" and _prefix_stem(k)]
        subs = [k for k, t in by_key.items()
                if (t.strength == "stem" and not _prefix_stem(k)) or is_spaceless(k)]
        # Word boundaries are checked in Python on the (rare) matches: a leading look-behind
        # would cost the regex engine its first-character skip. Texts are lower-cased first.
        self._word_re = re.compile(_trie_regex(words)) if words else None
        self._prefix_re = re.compile(_trie_regex(prefixes)) if prefixes else None
        self._sub_re = re.compile(_trie_regex(subs)) if subs else None

        self._kin: dict[str, list[tuple[str, Term]]] | None = None

    def __len__(self) -> int:
        return len(self.terms)

    def kin(self, word: str) -> Term | None:
        """A term one of whose words is a spelling of ``word`` in a sister language or an
        inflection of it ("kasyno", "cassino", "kasino" for casino; "kredyt" for kredit;
        "spiny" for spins): both are folded (``fold``) and compared by a common prefix
        (five letters and three quarters of the longer word) or all but the last letter. Only words of 5+ letters that are not everyday
        words (Zipf frequency under 4.5 in English: "online", "site", "free" are out)."""
        if self._kin is None:
            self._kin = _kin_index(self.terms.values())
        f = fold(word)
        if len(f) < 5:
            return None
        for ref, term in self._kin.get(f[:3], ()):
            if _akin(f, ref):
                return term
        return None

    def languages(self) -> set[str]:
        return {t.lang for t in self.terms.values()}

    def without(self, drop: Callable[[Term], bool]) -> Lexicon:
        """A copy without the terms ``drop`` selects (used to hold terms out in evaluation)."""
        return Lexicon(t for t in self.terms.values() if not drop(t))

    def find(self, text: str) -> list[Hit]:
        """Every term occurrence, stems expanded to the word holding them; sorted, non-overlapping."""
        hits: list[Hit] = []
        low = text.lower()
        if len(low) != len(text):  # a few letters lower-case to two characters: keep offsets
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        n = len(text)
        for rx, bounded in ((self._sub_re, False), (self._prefix_re, True)):
            if rx is None:
                continue
            for m in rx.finditer(low):
                if bounded and m.start() > 0 and low[m.start() - 1].isalnum():
                    continue
                term = self.terms.get(_key(m.group()))
                if term is None:
                    continue
                s, e = m.start(), m.end()
                if term.strength == "stem" and not is_spaceless(term.text):
                    while s > 0 and text[s - 1].isalnum():
                        s -= 1
                    while e < n and text[e].isalnum():
                        e += 1
                hits.append(Hit(s, e, term))
        if self._word_re is not None:
            for m in self._word_re.finditer(low):
                a, b = m.start(), m.end()
                if a > 0 and (low[a - 1].isalnum() or low[a - 1] == "_"):
                    continue
                if b < n and (low[b].isalnum() or low[b] == "_"):
                    # the plural of a term is the term ("payday loans" for "payday loan")
                    infl = _PLURAL.match(low, b)
                    if infl is None:
                        continue
                    b = infl.end()
                term = self.terms.get(_key(m.group()))
                if term is not None:
                    hits.append(Hit(a, b, term))
        if len(hits) < 2:
            return hits
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[Hit] = []
        for h in hits:
            if out and h.start < out[-1].end:
                last = out[-1]
                if h.end > last.end:  # overlapping: keep the union, the stronger term
                    term = h.term if _RANK[h.term.strength] > _RANK[last.term.strength] else last.term
                    out[-1] = Hit(last.start, h.end, term)
                continue
            out.append(h)
        return out


def _prefix_stem(term: str) -> bool:
    return not is_spaceless(term) and not any("\uac00" <= ch <= "\ud7af" for ch in term)


def packaged_files() -> list[Path]:
    folder = resources.files("storylens.data") / "spam"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


@lru_cache(maxsize=8)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon plus the user's files (setting ``spam_lexicon``)."""
    terms: list[Term] = []
    for path in packaged_files():
        terms += parse_lexicon(path.read_text(encoding="utf-8"), str(path))
    for name in extra:
        p = Path(name).expanduser()
        if not p.is_file():
            raise SettingsError(
                f"spam lexicon file {name!r} not found (setting spam_lexicon). "
                f"Give existing files, comma-separated, in the format of {packaged_files()[0]}"
            )
        terms += parse_lexicon(read_utf8(p, "spam lexicon file"), str(p))
    return Lexicon(terms)


_FOLD_CHARS = str.maketrans({"ł": "l", "ı": "i", "ß": "ss", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe"})
_FOLD_RULES = ((re.compile(r"ph"), "f"), (re.compile(r"[cq]"), "k"), (re.compile(r"y"), "i"),
               (re.compile(r"w"), "v"), (re.compile(r"(.)\1+"), r"\1"))


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A spelling-insensitive key: no diacritics, c/q/k, i/y, v/w, f/ph, no double letters."""
    import unicodedata

    w = unicodedata.normalize("NFKD", word.lower().translate(_FOLD_CHARS))
    w = "".join(ch for ch in w if not unicodedata.combining(ch))
    for rx, rep in _FOLD_RULES:
        w = rx.sub(rep, w)
    return w


def _akin(a: str, b: str) -> bool:
    n = min(len(a), len(b))
    common = 0
    while common < n and a[common] == b[common]:
        common += 1
    # a shared stem (five letters, three quarters of the longer word) or another ending
    return (common >= 5 and common * 4 >= max(len(a), len(b)) * 3) or (n >= 5 and common >= max(len(a), len(b)) - 1)


def _kin_index(terms: Iterable[Term]) -> dict[str, list[tuple[str, Term]]]:
    from storylens.clean.vocab import everyday

    index: dict[str, list[tuple[str, Term]]] = {}
    for t in terms:
        if is_spaceless(t.text):
            continue
        for w in re.findall(r"[^\W\d_]{5,}", t.text):
            if everyday(w) or everyday(w, t.lang):
                continue
            f = fold(w)
            bucket = index.setdefault(f[:3], [])
            if all(f != r for r, _ in bucket):
                bucket.append((f, t))
    return index
