"""Who speaks, in raw text: capitalised name runs, titles, and ``_Speakers``, which finds the speaker
near a cue and remembers the last one named (docs/languages.md, "Quotes in other languages")."""

from __future__ import annotations

import importlib
import itertools
import re
from functools import cache
from typing import Any

from storylens.enrich.quotes.i18n.lexicon import (
    _ABBREVIATED_TITLE,
    _AND,
    _ARTICLES,
    _AUX,
    _CAP_PARTICLES,
    _ELIDED_NOUN,
    _HONORIFICS,
    _OBLIQUE,
    _OF,
    _OF_THE,
    _PARTICLES,
    _RELATIVE,
    _SOURCE_PREPS,
    _TITLE,
    _WORD,
    _rules,
)


def _is_cap(word: str) -> bool:
    """A capitalised word; not an elided article before a lower-case noun ("L'annuncio della
    presidente ...": the announcement, an Italian title's first word, had been a speaker)."""
    return word[:1].isupper() and not _ELIDED_NOUN.match(word)


def _cap_runs(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """Runs of capitalised words (with name particles inside) in text[start:end]; a run right
    after a preposition is left out (it is not who speaks)."""
    r = _rules(lang)
    stop, preps = r.stop_caps, r.preps
    runs: list[tuple[int, int]] = []
    cur: list[tuple[int, int]] = []

    def close() -> None:
        nonlocal cur
        while cur and (text[cur[-1][0]:cur[-1][1]] in _PARTICLES or text[cur[-1][0]:cur[-1][1]] in _CAP_PARTICLES):
            cur.pop()
        if cur:
            runs.append((cur[0][0], cur[-1][1]))
        cur = []

    in_pp, pp_words, skipping = False, 0, False
    for m in _WORD.finditer(text, start, end):
        w = m.group()
        gap = text[cur[-1][1]:m.start()] if cur else " "
        joined = (gap.strip() == "" or (gap.strip() == "." and cur and cur[-1][1] - cur[-1][0] == 1
                                         and text[cur[-1][0]] != "M")) and "\n" not in gap
        # (an initial and its stop: "Antony J. Blinken"; not the title "M." of "M. Medvedev")
        if cur and joined and (w in _CAP_PARTICLES or w in _PARTICLES):
            cur.append(m.span())
        elif w.casefold() in preps:
            close()
            in_pp, pp_words, skipping = True, 0, False
        elif _is_cap(w) and w not in stop and not w.isdigit():
            if cur and not joined:
                close()
            if in_pp and not (skipping and r.one_word_pp):
                # the noun (phrase) of a prepositional phrase: "In einem Video", "à Emmanuel Macron";
                # in Slavic text only its first word ("МИД России Владимир Ермаков": a genitive,
                # then the name)
                skipping = True
                continue
            in_pp = skipping = False
            cur.append(m.span())
        else:
            close()
            if skipping or (in_pp and pp_words >= 3):
                in_pp, skipping = False, False
            elif in_pp:
                pp_words += 1
    close()
    return runs


def _trim_titles(text: str, s: int, e: int) -> tuple[int, int]:
    """'Министр Сергей Шойгу' -> 'Сергей Шойгу', 'Abgeordnete Sevim Dagdelen' -> 'Sevim Dagdelen':
    leading title words go while a name of two words or more is left; a capitalised word right
    after the title goes too when a name of two words is still left ('Minister Zdrowia Adam
    Niedzielski' -> 'Adam Niedzielski': the title's genitive, "of Health")."""
    words = list(_WORD.finditer(text, s, e))
    while len(words) >= 2 and words[0].group().casefold() in _HONORIFICS and words[1].group()[:1].isupper():
        words = words[1:]  # "sagte Herr Sikorski": Sikorski
    titled = False
    while len(words) >= 2 and _TITLE.match(words[0].group()) and not _TITLE.match(words[-1].group()):
        words, titled = words[1:], True
        if len(words) >= 2 and words[0].group()[:1].isupper() and not _TITLE.match(words[0].group()):
            break
    if titled and len(words) >= 3 and all(w.group()[:1].isupper() for w in words):
        words = words[1:]
    return (words[0].start(), e) if words else (s, e)


def _function_words(words: list[re.Match[str]], lang: str) -> bool:
    """Every word is one of the language's function words (spaCy's stop-word list for it, no
    model needed): "en" (of "en ajoutant"), "qui", "Während" are no speaker."""
    stop = _stop_words(lang)
    return bool(stop) and bool(words) and all(w.group().casefold() in stop for w in words)


@cache
def _stop_words(lang: str) -> frozenset[str]:
    try:
        mod = importlib.import_module(f"spacy.lang.{lang}.stop_words")
    except Exception:  # a language spaCy has no list for
        return frozenset()
    return frozenset(w.casefold() for w in mod.STOP_WORDS)


class _Speakers:
    """Finds a speaker near a cue and remembers the last one named (for pronouns and
    quotes without a cue)."""

    def __init__(self, text: str, lang: str, actor_of: Any = None, when: str | None = None) -> None:
        self.text, self.lang, self.actor_of, self.when = text, lang, actor_of, when
        self.rules = _rules(lang)
        self.last: tuple[str, int, int] | None = None
        self._word_counts: dict[str, int] | None = None

    def named(self, s: int, e: int) -> tuple[str, int, int] | None:
        s, e = _trim_titles(self.text, s, e)
        s = self._after_place(s, e)
        name = self.text[s:e]
        if name.casefold() in _OBLIQUE:
            return None
        if self.rules.case_endings:
            name = self._nominative(name)
        if name.casefold() in self.rules.pronouns and self.last is not None:
            return self.last[0], s, e
        self.last = (name, s, e)
        return name, s, e

    def after(self, pos: int, limit: int) -> tuple[str, int, int] | None:
        """The speaker in the words after a cue (inverted: '…, a déclaré Boris Johnson.')."""
        aside = re.match(r"[^\S\n]*\([^()\n]{0,40}\)", self.text[pos:limit])
        if aside is not None:
            pos += aside.end()  # "qu’écrivent (conjointement) les ambassadeurs"
        title = _ABBREVIATED_TITLE.match(self.text, pos, limit)
        if title is not None:
            pos = title.end()  # "a déclaré M. Blumenthal" (the speaker had been "M")
        # (an initial's stop is no sentence end: "a déclaré mercredi le secrétaire d’État Antony J. Blinken"
        # had the speaker "Antony J")
        m = re.match(r"[^\S\n]*((?:[^,.;:!?\n«»„“”\"()–—]|(?<=\b[A-ZА-ЯЁ])\.(?=[^\S\n]\w)){1,90})", self.text[pos:limit])
        if not m:
            return None
        s, e = pos + m.start(1), pos + m.end(1)
        words = list(_WORD.finditer(self.text, s, e))
        if not words:
            return None
        if words[0].group().casefold() in self.rules.pronouns:
            return self.named(*words[0].span())
        runs = _cap_runs(self.text, s, e, self.lang)
        if runs:
            # a full name first ("… профессор Даугавпилсского университета Хенрихс Сомс"),
            # else the first capitalised word ("рассказал Кургинян об … Второй мировой")
            full = [r for r in runs if len(_WORD.findall(self.text[r[0]:r[1]])) >= 2]
            return self.named(*(full[0] if full else runs[0]))
        words = words[:5]
        first = words[0].group().casefold()
        preps = self.rules.preps
        if first in preps and first not in _SOURCE_PREPS and (first not in _OF or self.lang in ("ru", "pl")):
            # (French "des", "du" are articles too: "ont affirmé des sources proches du dossier")
            # a phrase of the verb's own first ("ha detto a DW", "a déclaré à l’AP Natalia Gebert", "scrive su
            # Twitter Giorgia Meloni"): a full name after it speaks, else nobody is named here (in
            # Russian and Polish text: "…, выступили против спецоперации России на Украине" had been the
            # speaker, and the next "отметил он")
            names = _name_pairs(self.text, s, e)
            return self.named(*_drop_context(self.text, s, names[-1], self.lang)) \
                if names and self.lang not in ("ru", "pl") else None
        names = _name_pairs(self.text, words[0].end(), e)
        if names:  # (no capitalised run here: those returned above)
            # a title with its "of" phrase, then the name: "ha affermato il portavoce del Cremlino Dmitry Peskov"
            return self.named(*_drop_context(self.text, s, names[-1], self.lang))
        cut = next((k for k, w in enumerate(words) if k > 0 and w.group().casefold() in preps
                    and w.group().casefold() not in _OF), None)
        if cut is not None:
            words = words[:cut]  # "avait déclaré le sénateur républicain sur la chaîne CBSN": the senator (not
            # at "of": "le dirigeant de l’opposition", "il prefetto di Calais")
        conj = re.compile(rf"(?:{self.rules.conj or '(?!x)x'})$")
        while len(words) > 1 and (conj.match(words[-1].group().casefold()) or words[-1].group().casefold() in _AND):
            words = words[:-1]  # "وقال المتحدث إن …": the conjunction is not the speaker ("les ambassadeurs de
            # Russie et [de Chine]": five words end on "et")
        if _function_words(words, self.lang):
            return None
        return self.named(words[0].start(), words[-1].end())

    def before(self, start: int, pos: int) -> tuple[str, int, int] | None:
        """The speaker in the clause before a cue ('Владимир Евсеев … допустил')."""
        seg_start = start
        for m in re.finditer(r"[,;:()«»„“”\"–—]", self.text[start:pos]):
            seg_start = start + m.end()
        seg_words = list(_WORD.finditer(self.text, seg_start, pos))
        if not seg_words:
            return self.last  # "…, indiquant que": the participle shares the clause's subject
        commas = [start + m.start() for m in re.finditer(",", self.text[start:seg_start])]
        if commas and not re.search(r"[;:()«»„“”\"–—]", self.text[start:seg_start]):
            if _RELATIVE.match(self.text, seg_words[0].start()):
                # "…, Igor Dodon, qui a déclaré que", "Jens Stoltenberg, il quale ha affermato che": the
                # name the relative pronoun stands for
                prev = commas[-2] + 1 if len(commas) > 1 else start
                runs = _cap_runs(self.text, prev, commas[-1], self.lang)
                if runs:
                    return self.named(*runs[-1])
            elif all(re.fullmatch(_AUX, w.group()) for w in seg_words):
                # "M. Medvedev, vice-président du Conseil de sécurité, a déclaré que", "Il portavoce di una
                # multinazionale, che ha parlato in anonimato, ha affermato che": the subject opens the
                # sentence, before the phrases set off by commas (the speaker had been nobody); a name
                # set off alone is the subject's ("Le secrétaire à la Défense, Ben Wallace, a annoncé")
                for a, b in itertools.pairwise(commas):
                    runs = _cap_runs(self.text, a + 1, b, self.lang)
                    if len(runs) == 1 and len(_WORD.findall(self.text[a + 1:b])) == len(_WORD.findall(self.text[slice(*runs[0])])):
                        return self.named(*runs[0])
                first_words = _WORD.findall(self.text[start:commas[0]])
                if 0 < len(first_words) <= 7 and (first_words[0].casefold() in _ARTICLES
                                                   or first_words[0].casefold() not in _stop_words(self.lang)):
                    seg_start, pos = start, commas[0]
        return self._subject_in(seg_start, pos)

    def _subject_in(self, seg_start: int, pos: int) -> tuple[str, int, int] | None:
        runs = [r for r in _cap_runs(self.text, seg_start, pos, self.lang)
                if not _function_words(list(_WORD.finditer(self.text, *r)), self.lang)]  # (a German
        # sentence's capitalised first word: "Während die meisten ... beharren")
        words = list(_WORD.finditer(self.text, seg_start, pos))
        pron = [w for w in words if w.group().casefold() in self.rules.pronouns]
        if pron and (not runs or pron[-1].start() > runs[-1][1]):
            return self.named(*pron[-1].span())
        if runs:
            return self.named(*(runs[0] if self.lang == "de" else runs[-1]))
        if not words:
            return None
        preps = self.rules.preps
        head = []
        for w in words[:3]:
            if w.group().casefold() in preps:
                break
            head.append(w)
        head = head or words[-3:]
        while len(head) > 1 and re.fullmatch(_AUX, head[-1].group()):
            head = head[:-1]  # "Le ministre a déclaré", "l’armée russe a dit": the auxiliary is no name
        if _function_words(head, self.lang):
            return None  # "en ajoutant", "qui soutient", "Während ... beharren": no speaker named here
        return self.named(head[0].start(), head[-1].end())

    def _nominative(self, name: str) -> str:
        """Each word of the name as the article itself writes it elsewhere in the nominative, when it
        stands here in an oblique case: "по словам Палмера" -> "Палмер" (the text has "Палмер
        предупредил"), "Według Winnickiego" -> "Winnicki", "Валерия Залужного" -> "Валерий Залужный".
        Only a form the text holds is taken (no lemmatiser is pinned for these languages), and only
        endings that no masculine surname's nominative has ("Денисова", "Rosja" stay)."""
        words = self._words()
        out = []
        for w in name.split(" "):
            out.append(w)
            if len(w) < 4 or not w[:1].isupper():
                continue
            for end, noms in self.rules.case_endings:
                if w.endswith(end) and len(w) - len(end) >= 3:
                    # (an ending a feminine nominative shares, "Денисова" beside "Денисов", changes only
                    # when the other form is at least as frequent in the text)
                    need = words.get(w, 0) if end in ("а", "я", "a") else 1
                    hit = next((w[: len(w) - len(end)] + nom for nom in noms
                                if words.get(w[: len(w) - len(end)] + nom, 0) >= need), None)
                    if hit is not None:
                        out[-1] = hit
                    break
        return " ".join(out)

    def _words(self) -> dict[str, int]:
        if self._word_counts is None:
            counts: dict[str, int] = {}
            for w in _WORD.findall(self.text):
                counts[w] = counts.get(w, 0) + 1
            self._word_counts = counts
        return self._word_counts

    def _after_place(self, s: int, e: int) -> int:
        """Start of a name run without a leading place the run picked up from the title before it:
        "[Minister obrony] Rosji Siergiej Szojgu" -> "Siergiej Szojgu" (a run of three words or more
        whose first word the registry knows as a country or place in this language)."""
        words = list(_WORD.finditer(self.text, s, e))
        find = getattr(self.actor_of, "_actor", None)
        if len(words) < 3 or find is None:
            return s
        try:
            actor = find(words[0].group(), self.lang, self.when)
        except Exception:
            return s
        # (an organisation too: "Глава дипломатии Евросюза Жозеп Боррель" -> "Жозеп Боррель")
        return words[1].start() if actor is not None and actor.kind in ("country", "place", "region", "organisation") else s

    def actor(self, name: str | None) -> str | None:
        if not name or self.actor_of is None:
            return None
        try:
            return self.actor_of(name, self.lang, self.when)
        except Exception:
            return None


def _subject_start(text: str, s: int, e: int, lang: str) -> int:
    """Where a clause's subject starts, past an opening phrase set off by a comma ("Podczas
    autoryzacji rozmowy, Janusz Korwin-Mikke wysłał Post Scriptum: „…”" had the speaker
    "Podczas"): the phrase opens with a function word and holds at most six words."""
    first = _WORD.search(text, s, e)
    if first is None or first.group().casefold() not in _stop_words(lang):
        return s
    comma = text.find(",", first.end(), e)
    if comma < 0 or len(_WORD.findall(text[s:comma])) > 6:
        return s
    nxt = _WORD.search(text, comma, e)
    return nxt.start() if nxt is not None else s


def _aside_speaker(text: str, aside: tuple[re.Match[str], int], sp: _Speakers) -> tuple[str, int, int] | None:
    """Who speaks in an aside: a name closing it, else the words after its verb when they name
    someone ("– ha detto il primate –", "— отметил парламентарий, —"); not a phrase of the verb's
    own ("- ha detto intervenendo nella plenaria del Parlamento -": the speaker is left out)."""
    cue, end = aside
    named = _trailing_name(text, cue.end(), end, sp)
    if named is not None:
        return named
    words = list(_WORD.finditer(text, cue.end(), end))
    runs = _cap_runs(text, cue.end(), end, sp.lang)
    if words and runs and runs[0][0] == words[0].start():
        return sp.named(*runs[0])  # "- dice von der Leyen intervenendo nella plenaria ... -"
    if any(w.group().casefold() in sp.rules.preps or w.group().casefold() in _OF_THE for w in words):
        return None
    return sp.after(cue.end(), end)


def _drop_context(text: str, s: int, span: tuple[int, int], lang: str) -> tuple[int, int]:
    """A name run of three words or more right after a preposition starts with that phrase's noun:
    "su Twitter | Giorgia Meloni", "del Cremlino | Dmitry Peskov"."""
    words = list(_WORD.finditer(text, *span))
    before = list(_WORD.finditer(text, s, span[0]))
    if len(words) >= 3 and before and (before[-1].group().casefold() in _rules(lang).preps | _OF | _OF_THE):
        return words[1].start(), span[1]
    return span


def _name_pairs(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Runs of two or more capitalised words in text[s:e], prepositional phrases included (where
    ``_cap_runs`` leaves them out)."""
    out, cur = [], []
    for w in _WORD.finditer(text, s, e):
        if _is_cap(w.group()) and not w.group().isupper():
            cur.append(w.span())
            continue
        if len(cur) >= 2:
            out.append((cur[0][0], cur[-1][1]))
        cur = []
    if len(cur) >= 2:
        out.append((cur[0][0], cur[-1][1]))
    return out


def _trailing_name(text: str, s: int, e: int, sp: _Speakers) -> tuple[str, int, int] | None:
    """A name of two or more capitalised words closing an aside: "— ha detto la commissaria Ue per
    la Sanità Stella Kyriakides —" (the name after a title's prepositional phrase, which the
    capitalised-run search skips)."""
    words = list(_WORD.finditer(text, s, e))
    k = len(words)
    while k > 0 and (_is_cap(words[k - 1].group()) or words[k - 1].group() in _PARTICLES):
        k -= 1
    while k < len(words) and not _is_cap(words[k].group()):
        k += 1  # ("la", "di" lead no name)
    tail = [w for w in words[k:] if _is_cap(w.group())]
    if len(tail) < 2 or k == 0:
        return None  # (the whole aside capitalised is the after-cue search's case)
    if len(tail) >= 3 and _is_cap(words[k + 1].group()) and (words[k - 1].group().casefold() in (
            sp.rules.preps | _PARTICLES | _OF_THE) or sum(c.isupper() for c in words[k].group()) >= 2):
        k += 1  # the last word of the title's phrase ("per la Sanità | Stella Kyriakides") or a party's
        # initials ("il senatore FdI | Alberto Balboni")
    return sp.named(words[k].start(), words[-1].end())
