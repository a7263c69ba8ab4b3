"""Writing systems: the dominant script of a text and islands of a foreign one.

A keyword swapped into a sentence in another script ("remarks at 토토사이트
study session") is a *script island*: a short run of letters from a script
the document does not otherwise use, inside a line written in its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

SCRIPTS: dict[str, str] = {
    "latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    "cyrillic": "\u0400-\u04ff\u0500-\u052f",
    "greek": "\u0370-\u03ff\u1f00-\u1fff",
    "armenian": "\u0530-\u058f",
    "hebrew": "\u0590-\u05ff",
    "arabic": "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff",
    "indic": "\u0900-\u0dff",
    "thai": "\u0e00-\u0e7f",
    "lao": "\u0e80-\u0eff",
    "georgian": "\u10a0-\u10ff",
    "myanmar": "\u1000-\u109f",
    "khmer": "\u1780-\u17ff",
    "hangul": "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af",
    "kana": "\u3040-\u30ff\u31f0-\u31ff",
    "han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
}
_SPACELESS = ("thai", "lao", "myanmar", "khmer", "kana", "han")
_SPACELESS_RE = re.compile("[" + "".join(SCRIPTS[s] for s in _SPACELESS) + "]")
_RUNS = {name: re.compile(f"[{chars}]+") for name, chars in SCRIPTS.items()}

# Scripts a document in script X uses legitimately beside X (brand names, hanja, kanji).
_COMPATIBLE: dict[str, tuple[str, ...]] = {
    "latin": (),
    "han": ("kana", "latin"),
    "kana": ("han", "latin"),
    "hangul": ("han", "latin"),
}
# Fewest letters an island needs: single Greek letters are maths, not spam.
_MIN_LETTERS = {"greek": 3}
MAX_ISLAND_SHARE = 0.1
_OPEN = "([{（［「『“\"'«‹《〈"
_CLOSE = ")]}）］」』”\"'»›》〉"


def is_spaceless(text: str) -> bool:
    """True when ``text`` is written in a script without spaces between words."""
    return bool(_SPACELESS_RE.search(text))


_ASCII_LETTER_BYTES = bytes(range(65, 91)) + bytes(range(97, 123))
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def script_counts(text: str) -> dict[str, int]:
    """Letters per script. ASCII letters are counted in one pass; the other scripts only
    on the (usually short) non-ASCII remainder."""
    counts = dict.fromkeys(SCRIPTS, 0)
    ascii_only = text.encode("ascii", "ignore")  # ASCII letters counted in C, not by a regex
    counts["latin"] = len(ascii_only) - len(ascii_only.translate(None, _ASCII_LETTER_BYTES))
    rest = "".join(_NON_ASCII.findall(text))
    if rest:
        for name, rx in _RUNS.items():
            counts[name] += sum(len(m) for m in rx.findall(rest)) if name != "latin" else 0
        counts["latin"] += sum(len(m) for m in _RUNS["latin"].findall(rest))
    return counts


def dominant_script(text: str, sample: int = 20000) -> str | None:
    counts = script_counts(text[:sample])
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return name if n else None


def island_finder(text: str, sample: int = 20000) -> IslandFinder:
    counts = script_counts(text[:sample])
    name, n = max(counts.items(), key=lambda kv: kv[1])
    total = sum(counts.values()) or 1
    shared = tuple(sorted(s for s, c in counts.items() if c / total >= MAX_ISLAND_SHARE))
    return _finder(name if n else None, shared)


@lru_cache(maxsize=256)
def _finder(native: str | None, shared: tuple[str, ...]) -> IslandFinder:
    return IslandFinder(native, dict.fromkeys(shared, 1))


@dataclass(frozen=True, slots=True)
class Island:
    start: int
    end: int
    script: str


class IslandFinder:
    """Runs of foreign-script letters for a document whose dominant script is ``native``."""

    def __init__(self, native: str | None, counts: dict[str, int] | None = None) -> None:
        self.native = native
        allowed = {native, *(_COMPATIBLE.get(native or "", ("latin",)))} if native else set()
        if counts:
            # a script with a real share of the text is a second language, not an island
            total = sum(counts.values()) or 1
            allowed |= {s for s, n in counts.items() if n / total >= MAX_ISLAND_SHARE}
        self.foreign = [s for s in SCRIPTS if s not in allowed]
        self._any = None
        if native is None or not self.foreign:
            self._re = None
            return
        cls = "".join(SCRIPTS[s] for s in self.foreign)
        self._any = re.compile(f"[{cls}]")
        # a run of foreign letters, words joined by spaces/marks, digits and dashes inside
        self._re = re.compile(
            rf"[{cls}][{cls}\u0300-\u036f\u200c\u200d0-9·・\-]*(?:[ \u00a0]+[{cls}][{cls}\u0300-\u036f\u200c\u200d0-9·・\-]*)*"
        )
        self._native_re = _RUNS[native]

    def has_foreign(self, text: str) -> bool:
        return self._any is not None and bool(self._any.search(text))

    def find(self, line: str) -> list[Island]:
        """Islands inside ``line`` (runs covering most of the line are not islands)."""
        if self._re is None or not self._any.search(line):
            return []
        out = []
        native_letters = sum(len(m) for m in self._native_re.findall(line))
        if native_letters == 0:
            return []
        for m in self._re.finditer(line):
            s, e = m.start(), m.end()
            text = m.group()
            script = next((n for n in self.foreign if _RUNS[n].match(text)), "other")
            letters = sum(1 for ch in text if ch.isalpha())
            if letters < _MIN_LETTERS.get(script, 2):
                continue
            if letters > native_letters:  # the line is mostly foreign: a quotation or a bilingual page
                continue
            before = line[:s].rstrip()
            after = line[e:].lstrip()
            if before and after and before[-1] in _OPEN and after[0] in _CLOSE:
                continue  # glossed in brackets or quotes: "Xi Jinping (习近平)"
            out.append(Island(s, e, script))
        return out


# Latin letters that mark a handful of languages; a lowercase word carrying one that the
# document's own language does not use is a foreign word ("canlı bahis", "nổ hũ đổi thưởng"
# in an English text). Capitalised words are left alone: they are names (Erdoğan, Łódź).
_DISTINCTIVE = set("ıışğłąężźćńőűřěůđơưășțžščďťňĺľŕũĩ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}
_NATIVE_LETTERS: dict[str, str] = {
    "pl": "ąćęłńóśźż", "tr": "çğıöşü", "az": "çğıöşüə", "vi": "".join(_DISTINCTIVE),
    "ro": "ăâîșțşţ", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "hu": "áéíóöőúüű",
    "hr": "čćđšž", "sr": "čćđšž", "bs": "čćđšž", "sl": "čšž", "lt": "ąčęėįšųūž", "lv": "āčēģīķļņšūž",
    "et": "äöõüšž", "ku": "çêîşû", "mt": "ċġħż", "is": "áðéíóúýþæö",
}
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ELIDED = re.compile(r"^[^\W\d_]{1,4}['’](?=[^\W\d_])")


@lru_cache(maxsize=64)
def _foreign_letters(language: str) -> re.Pattern[str]:
    letters = sorted(_DISTINCTIVE - set(_NATIVE_LETTERS.get(language, "")))
    return re.compile("[" + re.escape("".join(letters)) + "]")


def foreign_letter_islands(line: str, language: str | None) -> list[Island]:
    """Runs of lowercase Latin words carrying letters foreign to ``language``."""
    if not language or language == "vi":
        return []
    if not _foreign_letters(language).search(line):
        return []
    foreign = _DISTINCTIVE - set(_NATIVE_LETTERS.get(language, ""))
    words = list(_WORD.finditer(line))
    out: list[Island] = []
    i = 0
    while i < len(words):
        w = _ELIDED.sub("", words[i].group())  # "d'Erdoğan", "l'Łódź": a name after an elided article
        if w[0].islower() and any(ch in foreign for ch in w):
            j = i
            while j + 1 < len(words) and line[words[j].end():words[j + 1].start()] in (" ", "\u00a0"):
                nxt = words[j + 1].group()
                if not nxt[0].islower() or nxt.isascii():
                    break
                j += 1
            k = i
            while k > 0 and line[words[k - 1].end():words[k].start()] in (" ", "\u00a0"):
                prv = words[k - 1].group()
                if not prv[0].islower() or prv.isascii():
                    break
                k -= 1
            out.append(Island(words[k].start(), words[j].end(), "latin-foreign"))
            i = j + 1
        else:
            i += 1
    return out
