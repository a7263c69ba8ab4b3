"""Actor forms in other languages and scripts, found in raw text (no parse).

The registry keeps per-language forms (``ActorRegistry.foreign``: pycountry's translated
country names plus ``data/actors/languages.yaml``). One regular expression per language
finds them all, longest form first:

* a form ending in ``*`` is a stem: the word goes on with a few letters, enough for case
  endings ("Росси*" -> России, Россию, Россией; "Rosj*" -> Rosji, Rosję; "Russland*" ->
  Russlands) but not for a compound word;
* spaced scripts match whole words; Chinese (written without spaces) matches anywhere;
  Arabic forms may carry the clitics و ف and ب ل ك in front ("وروسيا", "بروسيا") and the
  text's short-vowel marks are ignored;
* case rules as for English: a form that starts with a capital matches only with a capital
  (or in headline capitals), a lower-case form in any case, an acronym (США, ЕС) only as
  written; Russian ё and е are one letter.

Why hand-written rather than a model: no spaCy pipeline for these languages is on PyPI in a
form this project can pin (docs/languages.md), and a list of forms gives ids that are the
same actor in every language.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from storylens.registry import ActorRegistry, is_cased

SPACELESS = frozenset({"zh", "ja"})
# letters a stem may take after it: Slavic case endings run to 4-5 letters (российскими)
STEM_TAIL = {"ru": 5, "uk": 5, "pl": 5, "de": 3}
_AR_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alif, tatweel
_AR_CLITIC = "(?:[وف]?[بلك]?)"


@dataclass(frozen=True, slots=True)
class ForeignHit:
    start: int
    end: int
    form: str  # the registry form that matched
    actor: str
    via: str


def _fold(text: str, lang: str) -> tuple[str, list[int] | None]:
    """Text for matching and, when lengths differ, the offset of each kept character."""
    if lang in ("ru", "uk", "be"):
        return text.replace("ё", "е").replace("Ё", "Е"), None
    if lang == "ar" and _AR_MARKS.search(text):
        keep = [i for i, ch in enumerate(text) if not _AR_MARKS.match(ch)]
        return "".join(text[i] for i in keep), keep
    return text, None


def _form_regex(form: str, lang: str) -> str:
    tail = rf"\w{{0,{STEM_TAIL.get(lang, 4)}}}"
    parts = []
    for tok in form.split():
        parts.append(re.escape(tok[:-1]) + tail if tok.endswith("*") and len(tok) > 1 else re.escape(tok))
    return r"[\s\u00a0]+".join(parts)


class ForeignMatcher:
    """Every form of one language (and the forms shared by all languages), compiled."""

    def __init__(self, registry: ActorRegistry, lang: str) -> None:
        self.lang = lang
        forms = [*registry.foreign.get(lang, ()), *registry.foreign.get("all", ())]
        entries: list[tuple[str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        for form, actor, via in forms:
            f = _fold(form, lang)[0]
            if (f, actor) not in seen:
                seen.add((f, actor))
                entries.append((f, actor, via))
        entries.sort(key=lambda e: -len(e[0].rstrip("*")))
        self.plain: dict[str, list[tuple[str, str, str]]] = {}
        self.stems: list[tuple[re.Pattern[str], str, str, str]] = []
        alts = []
        for f, actor, via in entries:
            rx = _form_regex(f, lang)
            alts.append(rx)
            if "*" in f:
                self.stems.append((re.compile(rx, re.IGNORECASE), f, actor, via))
            else:
                self.plain.setdefault(f.casefold(), []).append((f, actor, via))
        body = "|".join(alts) or r"(?!x)x"
        if lang in SPACELESS:
            pattern = f"(?:{body})"
        elif lang == "ar":
            pattern = rf"(?<!\w){_AR_CLITIC}(?P<f>{body})(?!\w)"
        else:
            pattern = rf"(?<!\w)(?:{body})(?!\w)"
        self.regex = re.compile(pattern, re.IGNORECASE)

    @staticmethod
    def _case_ok(form: str, surface: str) -> bool:
        if is_cased(form.rstrip("*")):
            return surface == form
        if form[:1].isupper():
            return surface[:1].isupper()
        return True

    def _identify(self, surface: str) -> tuple[str, str, str] | None:
        for form, actor, via in self.plain.get(surface.casefold(), []):
            if self._case_ok(form, surface):
                return form, actor, via
        for rx, form, actor, via in self.stems:
            if rx.fullmatch(surface) and self._case_ok(form, surface):
                return form, actor, via
        return None

    def find(self, text: str) -> list[ForeignHit]:
        """Non-overlapping hits, in text order (offsets into ``text``)."""
        folded, keep = _fold(text, self.lang)
        out = []
        for m in self.regex.finditer(folded):
            s, e = (m.start("f"), m.end("f")) if self.lang == "ar" else m.span()
            found = self._identify(folded[s:e])
            if found is None:
                continue
            if keep is not None:
                s, e = keep[s], keep[e - 1] + 1
            out.append(ForeignHit(s, e, found[0], found[1], found[2]))
        return out


def foreign_matcher(registry: ActorRegistry, lang: str) -> ForeignMatcher | None:
    """The compiled matcher of ``lang`` (kept on the registry), or None if not covered."""
    if lang not in registry.foreign or lang == "all":
        return None
    cache: dict[str, ForeignMatcher] = registry.__dict__.setdefault("_foreign_matchers", {})
    if lang not in cache:
        cache[lang] = ForeignMatcher(registry, lang)
    return cache[lang]


NOT_ACTORS = Path(__file__).resolve().parents[1] / "data" / "languages" / "not_actors.yaml"


@functools.cache
def _blockers(lang: str) -> re.Pattern[str] | None:
    """One regex of the phrases of ``data/languages/not_actors.yaml`` for ``lang`` (and "all")."""
    doc = yaml.safe_load(NOT_ACTORS.read_text(encoding="utf-8")) or {}
    table = doc.get("not") or {}
    phrases = [str(p) for key in (lang, "all") for p in (table.get(key) or [])]
    if not phrases:
        return None
    alts = sorted((_form_regex(_fold(p, lang)[0], lang) for p in phrases), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)", re.IGNORECASE)


def blocked_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of phrases that contain an actor's form but name something else
    ("Helsinki-Kommission", "Minsker Abkommen", "George Washington University"): the actor
    stage drops a mention found inside one. Offsets into ``text``."""
    rx = _blockers(lang)
    if rx is None:
        return []
    folded, keep = _fold(text, lang)
    spans = [m.span() for m in rx.finditer(folded)]
    if keep is not None:
        spans = [(keep[s], keep[e - 1] + 1) for s, e in spans if e > s]
    return spans
