"""The quote rules for other languages: quotation marks and dialogue dashes, speech-verb cues, and the
direct, indirect, according-to and headline quotes (each rule written on real articles: the tests
in tests/test_i18n_quotes.py and docs/languages.md say which)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storylens.enrich.quotes.i18n.lexicon import (
    _ASIDE,
    _AUX,
    _DASH_LINE,
    _DE_RELATIVE,
    _FR_INVERTED_AUX,
    _FR_INVERTED_LEAD,
    _POSSESSIVE_FR,
    _SENT_END,
    _WORD,
    DASHES,
    MAX_PARAGRAPHS,
    MIN_WORDS,
    PASSIVE,
    ZUFOLGE,
    _rules,
)
from storylens.enrich.quotes.i18n.names import (
    _aside_speaker,
    _cap_runs,
    _function_words,
    _Speakers,
    _subject_start,
)


@dataclass(frozen=True, slots=True)
class I18nQuote:
    start: int
    end: int
    kind: str  # direct | indirect
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_actor: str | None = None
    # no speaker named, and none left out either: the verb alone ("- zapewnia -") says the last one
    # named in the text speaks again (filled in text order by _resolve_pronouns)
    inherit: bool = False


# --- helpers -------------------------------------------------------------------------------

def mark_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) inside each outermost pair of the language's quotation marks. A quote
    closes in its paragraph or, for typographic marks, within ``MAX_PARAGRAPHS`` paragraphs
    (a long statement quoted over several paragraphs); an unclosed mark is dropped, so it
    never swallows the article."""
    pairs = _rules(lang).pairs
    opens = sorted(pairs, key=len, reverse=True)
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        op = next((o for o in opens if text.startswith(o, i)), None)
        if op is None:
            i += 1
            continue
        if op == '"' and i > 0 and text[i - 1].isalnum():
            i += 1  # a straight mark glued to a word closes something: skip it
            continue
        closers = [pairs[op]] if pairs[op] == ">>" else list(pairs[op])
        j, depth, paras = i + len(op), 0, 1
        found = -1
        while j < n:
            if text[j] == "\n":
                if op == '"' or paras >= MAX_PARAGRAPHS:
                    break
                if j + 1 < n and text[j + 1] != "\n":
                    paras += 1
                j += 1
                continue
            if op != '"' and text.startswith(op, j) and op not in closers:
                depth += 1
                j += len(op)
                continue
            close = next((c for c in closers if text.startswith(c, j)), None)
            if close is not None:
                if depth:
                    depth -= 1
                    j += len(close)
                    continue
                found = j
                break
            j += 1
        if found < 0:
            i += len(op)
            continue
        if text[i + len(op):found].strip():
            out.append((i + len(op), found))
        i = found + 1
    return out


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENT_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENT_END.search(text, pos)
    end = m.start() + (1 if m and text[m.start()] != "\n" else 0) if m else len(text)
    while start < end and text[start] in " \t\n":
        start += 1
    return start, end


def _is_cue(word: str, lang: str) -> bool:
    verbs = _rules(lang).verbs
    if lang == "ar" and len(word) > 3 and word[0] in "وف":
        word = word[1:]  # the clitic conjunction: "وقال", "فأكد"
    return word in verbs or word.casefold() in verbs


def _cue_tokens(text: str, s: int, e: int, lang: str) -> Iterable[re.Match[str]]:
    for m in _WORD.finditer(text, s, e):
        if _is_cue(m.group(), lang) and not (lang == "de" and _german_noun(text, m)) and not _german_so_that(text, m, lang) \
                and not _idiom(text, m, lang):
            yield m


def _idiom(text: str, m: re.Match[str], lang: str) -> bool:
    if lang == "it":  # "Detto questo, …"
        return m.group() == "Detto" and text[m.end():m.end() + 8].lstrip().startswith(("questo", "ciò", "cio"))
    rx = _rules(lang).idiom
    return rx is not None and rx.search(text, max(0, m.start() - 20), m.end()) is not None


def _german_noun(text: str, m: re.Match[str]) -> bool:
    """A capitalised word inside a German sentence is a noun, not the verb it is spelt like
    ("ermöglicht es den Versicherten", not "versicherten": they assured)."""
    if not m.group()[:1].isupper():
        return False
    before = text[max(0, m.start() - 4):m.start()].rstrip()
    return bool(before) and before[-1] not in ".!?:;\n„“”\"«»–—-("


def _german_so_that(text: str, m: re.Match[str], lang: str) -> bool:
    """German "so" reports only as ", so Merkel" or ", so der Minister": not "so dass" (so that)
    nor "so" before a lower-case word ("Die so entstehenden Versorgungsketten")."""
    if lang != "de" or m.group() != "so":
        return False
    return re.match(r"[^\S\n]+(?:dass\b|daß\b|(?!(?:der|die|das|dem|den|des|ein|eine|einem|einer|eines)\b)[a-zäöüß])",
                    text[m.end():m.end() + 16]) is not None


def _cue_at(text: str, pos: int, limit: int, lang: str) -> re.Match[str] | None:
    """A speech verb just after a closing mark: '», déclare', '», – заявил', '“, warnte',
    '», - в Latvijas Avīze выступает' (up to four words before the verb, no new clause)."""
    m = re.match(r"[^\S\n]*(?:[,،]|[.!?…]?[^\S\n]*[-–—]|:(?=[^\S\n]*[Cc]['’]est ce qu))[^\S\n]*", text[pos:limit])
    # (": C’est ce qu’écrivent les ambassadeurs …": the French cleft names who said it)
    bare = False
    if m is None:
        m2 = re.match(r"[^\S\n]*[-–—][^\S\n]*", text[pos:limit]) or re.match(r"[^\S\n]+", text[pos:limit])
        if m2 is None:
            return None
        bare = m2.group().strip() == ""  # "» déclarait hier la présidente …": no comma, the verb right after
        m = m2
    at = pos + m.end()
    for k, t in enumerate(_WORD.finditer(text, at, min(limit, at + 60))):
        if k >= 5 or re.search(r"[,.;:!?]", text[at:t.start()]):
            return None
        w = t.group()
        base = w.split("-")[0] if lang == "fr" else w
        if lang == "fr" and re.match(r"(?i)qu['’]", base):
            base = base[3:]  # "c’est ce qu’écrivent", "ce qu’affirme"
        if _is_cue(base, lang):
            return t
        if re.fullmatch(_AUX, w):
            continue
        if bare:
            return None  # (without the comma only the verb itself or its auxiliary may follow)
    return None


def _aside_cue(text: str, s: int, e: int, lang: str) -> tuple[re.Match[str], int] | None:
    """The speech verb of an aside inside the quoted span s..e (and where the aside ends), or None.
    The aside holds at most twelve words, the verb among its first three (after an auxiliary or an
    adverb: "ha poi continuato Fitto")."""
    go_on = _rules(lang).go_on
    for m in _ASIDE.finditer(text, s, e):
        if m.start() <= s + 1:
            continue  # a dash opening the quote is a dialogue dash, not an aside
        words = list(_WORD.finditer(text, m.start(1), m.end(1)))
        if not words or len(words) > 12:
            continue
        for w in words[:3]:
            base = w.group().split("-")[0] if lang == "fr" else w.group()
            if _is_cue(base, lang) or base.casefold() in go_on:
                return w, m.end(1)
    return None


def _zh_cue(text: str, pos: int, before: bool, verbs: tuple[str, ...]) -> tuple[int, int] | None:
    window = text[max(0, pos - 12):pos] if before else text[pos:pos + 12]
    for v in verbs:
        k = window.rfind(v) if before else window.find(v)
        if k >= 0:
            s = (max(0, pos - 12) + k) if before else pos + k
            return s, s + len(v)
    return None


def text_ws(ch: str) -> bool:
    return ch.isspace()


def _q(s: int, e: int, kind: str, cue: re.Match[str] | tuple[int, int, str] | None,
       speaker: tuple[str, int, int] | None, sp: _Speakers, inherit: bool = False) -> I18nQuote:
    if isinstance(cue, re.Match):
        cue_t: tuple[str | None, int | None, int | None] = (cue.group(), cue.start(), cue.end())
    elif cue is not None:
        cue_t = (cue[2], cue[0], cue[1])
    else:
        cue_t = (None, None, None)
    name, ss, se = speaker if speaker else (None, None, None)
    while s < e and (text_ws(sp.text[s]) or sp.text[s] in DASHES):
        s += 1
    while e > s and text_ws(sp.text[e - 1]):
        e -= 1
    return I18nQuote(s, e, kind, cue_t[0], cue_t[1], cue_t[2], name, ss, se, sp.actor(name), inherit)


def _direct(text: str, lang: str, sp: _Speakers) -> list[I18nQuote]:
    r = _rules(lang)
    out: list[I18nQuote] = []
    for s, e in mark_spans(text, lang):
        close_end = e + (2 if text.startswith(">>", e) else 1)
        words = len(_WORD.findall(text[s:e]))
        para_end = text.find("\n", close_end)
        para_end = len(text) if para_end < 0 else para_end
        para_start = text.rfind("\n", 0, s) + 1
        if r.marks_only:
            zc = _zh_cue(text, close_end, False, r.mark_verbs) or _zh_cue(text, s - 1, True, r.mark_verbs)
            if zc is None and len(text[s:e]) < 8:
                continue
            out.append(_q(s, e, "direct", (zc[0], zc[1], text[zc[0]:zc[1]]) if zc else None, None, sp))
            continue
        cue_m = _cue_at(text, close_end, para_end, lang)
        if cue_m is not None and words < MIN_WORDS and (not re.search(r"[,،\-–—]", text[close_end:cue_m.start()])
                                                       or len(_WORD.findall(text[close_end:cue_m.start()])) > 1):
            cue_m = None  # a quoted term the sentence goes on about ("le mot « guerre » dit tout", "… "хорошим
            # примером", то это действительно многое говорит"): a short quote's verb follows it at once
        speaker: tuple[str, int, int] | None = None
        cue: re.Match[str] | None = None
        aside = _aside_cue(text, s, e, lang) if cue_m is None else None
        said_in_aside = _aside_speaker(text, aside, sp) if aside is not None else None
        if aside is not None and said_in_aside is not None:  # «… – ha detto la commissaria Stella Kyriakides – …»
            cue, speaker = aside[0], said_in_aside
        elif cue_m is not None:  # «…», déclare Gifford / «…», – заявил X / „…“, warnte Brochand
            cue = cue_m
            pm = re.match(r"[^\W\d]+-(?:t-)?(il|elle|ils|elles|on)\b", text[cue_m.start():cue_m.start() + 30]) if lang == "fr" else None
            if pm is not None:
                speaker = sp.named(cue_m.start() + pm.start(1), cue_m.start() + pm.end(1))
            else:
                speaker = sp.after(cue_m.end(), para_end)
                nxt_word = _WORD.search(text, cue_m.end(), para_end)
                if speaker is None and r.pro_drop and sp.last is not None and (
                        not _WORD.search(text, cue_m.end(), min(para_end, cue_m.end() + 3))
                        or (nxt_word is not None and nxt_word.group().casefold() in r.preps)):
                    # "„…” – mówiła." / "«…», — сказала.": no subject, the verb's ending says "she";
                    # the last one named speaks again (also before a phrase of its own: "ha detto a DW")
                    speaker = (sp.last[0], None, None)  # type: ignore[assignment]
        else:
            lead = text[para_start:s - 1].rstrip()
            if lead.endswith(":") and words >= 2:
                # "… a simplement répondu : « … »", "Alain Minc raconte … : « … »"
                colon = para_start + len(lead) - 1
                sent_s, _ = _sentence_bounds(text, colon)
                region = (max(sent_s, para_start), colon)
                cues = list(_cue_tokens(text, region[0], region[1], lang))
                if cues:
                    cue = cues[-1]
                    nxt = _cap_runs(text, cue.end(), min(colon, cue.end() + 40), lang)
                    if nxt and not _WORD.search(text, cue.end(), nxt[0][0]):
                        speaker = sp.named(*nxt[0])  # "antwortete Brochand: „…“"
                    else:
                        speaker = sp.before(region[0], cue.start()) or sp.after(cue.end(), colon)
                else:
                    lead_at = _subject_start(text, region[0], colon, lang)
                    runs = _cap_runs(text, lead_at, colon, lang)
                    lead_run = runs[0] if runs and runs[0][0] == lead_at else None
                    opener = lead_run is not None and _function_words(list(_WORD.finditer(text, *lead_run)), lang)
                    if lead_run is not None and words >= MIN_WORDS and not opener:
                        speaker = sp.named(*lead_run)  # "Attali …: « … »", "Edouard Philippe, dans …: « … »"
                    elif opener and (words >= MIN_WORDS or aside is not None):
                        pass  # a clause with a subject of its own, not named ("Nei giorni scorsi lo stesso leader
                        # di FdI era tornata a chiedere …:", "Hier zeigte sich der Papst kritisch:"): no guess
                    elif words >= MIN_WORDS and sp.last is not None:
                        speaker = (sp.last[0], None, None)  # type: ignore[assignment]
                    elif aside is None:
                        continue
            else:
                body = text[s:e].strip()
                if aside is None and (words < MIN_WORDS + 2 or not (body[:1].isupper() or body[:1] in DASHES)):
                    continue  # a name, a term or a partial quote inside reported speech
                runs = _cap_runs(text, para_start, s, lang)
                if runs and runs[0][0] == para_start and len(_WORD.findall(text[para_start:s])) <= 8:
                    speaker = sp.named(*runs[0])  # "Jean-Michel Darrois, intime de Macron, 2008 « … »"
                elif sp.last is not None:
                    speaker = (sp.last[0], None, None)  # type: ignore[assignment]
        if aside is not None and cue is None:
            cue = aside[0]
        # ("- zapewnia -": no one named in the aside, the last one named speaks)
        out.append(_q(s, e, "direct", cue, speaker, sp, inherit=aside is not None and speaker is None))
    return out


def _dash_quotes(text: str, lang: str, sp: _Speakers, direct: list[I18nQuote]) -> list[I18nQuote]:
    """Dialogue dashes (ru, uk, fr, pl, es): '— Text, — сказал он. — More text.'"""
    if not _rules(lang).dash_dialogue:
        return []
    out: list[I18nQuote] = []
    for m in _DASH_LINE.finditer(text):
        s = m.end()
        pe = text.find("\n", s)
        pe = len(text) if pe < 0 else pe
        if any(q.start <= s < q.end for q in direct):
            continue
        att = re.search(r"[,.!?…][^\S\n]*[-–—][^\S\n]+", text[s:pe])
        if att is None:
            out.append(_q(s, pe, "direct", None, (sp.last[0], None, None) if sp.last else None, sp))  # type: ignore[arg-type]
            continue
        q_end = s + att.start() + (0 if text[s + att.start()] == "," else 1)
        cue_m = _cue_at(text, q_end, pe, lang)
        speaker = sp.after(cue_m.end(), pe) if cue_m else None
        out.append(_q(s, q_end, "direct", cue_m, speaker, sp))
        more = re.search(r"[.!?…][^\S\n]*[-–—][^\S\n]+(?=\w)", text[s + att.end():pe])
        if cue_m and more:
            out.append(_q(s + att.end() + more.end(), pe, "direct", cue_m, speaker, sp))
    return out


def _inverted_ok(after: str, lang: str) -> bool:
    """The words after an inverted cue are a speaker and the sentence ends: no colon, quote,
    new clause, reflexive or object pronoun."""
    if re.search(r"[:«»„“\"]", after) or re.search(r",[^\S\n]*\w+(?:[^\S\n]+\w+){2,}", after):
        return False
    words = _WORD.findall(after)
    if not words or len(words) > 20:
        return False
    first = words[0].casefold()
    if lang == "fr" and first in _POSSESSIVE_FR:
        return False
    return not (lang == "de" and first in ("sich", "es", "das", "den", "die", "ihren", "seinen", "ihre", "seine"))


def _indirect(text: str, lang: str, sp: _Speakers, heads: list[I18nQuote] = ()) -> list[I18nQuote]:  # type: ignore[assignment]
    out: list[I18nQuote] = []
    head_lines = [(text.rfind("\n", 0, h.start) + 1, h.end) for h in heads]
    headline_starts: set[int] = set()
    r = _rules(lang)
    conj, wh, rest = r.conj, r.wh, r.rest
    for cue in _cue_tokens(text, 0, len(text), lang):
        w = cue.group()
        if any(a <= cue.start() < b for a, b in head_lines):
            continue  # the headline rule has this line
        sent_s, sent_e = _sentence_bounds(text, cue.start())
        after = text[cue.end():sent_e]
        lead = text[sent_s:cue.start()]
        passive = w in PASSIVE
        if lang == "fr":
            if _FR_INVERTED_AUX.fullmatch(w) and any(True for _ in _cue_tokens(text, cue.end(), cue.end() + 20, lang)):
                continue  # "…, a-t-il dit": the participle after it is the cue
            inv = _FR_INVERTED_LEAD.search(lead)
            if inv is not None:
                # "Content …, a-t-il dit lors d'une conférence": inverted, the pronoun speaks
                cs, ce = sent_s, sent_s + inv.start()
                if len(_WORD.findall(text[cs:ce])) >= 3 and text[cs:ce].lstrip()[:1] not in "«„\"“":
                    out.append(_q(cs, ce, "indirect", cue, sp.named(sent_s + inv.start(1), sent_s + inv.end(1)), sp))
                continue
        # 0. German verb-final clause: "…, dass Bush die Existenz der Labore offen bestätigt hat",
        #     "während die US-Regierung ihre Existenz bestreitet": the speaker opens the clause,
        #     the content is what stands between it and the verb
        if lang == "de" and re.match(r"[^\S\n]*(?:hat|habe|hatte|haben|hätten?|sei|wird|würde)?[^\S\n]*(?:[,.;:]|und\b|oder\b|aber\b|$)", after):
            vf = re.search(r"(?:^|[,;:(]\s*|\s)(?:dass|daß|während|weil|nachdem|obwohl)\s+([^,;:()]+)$", lead)
            if vf is not None:
                clause_s = sent_s + vf.start(1)
                runs = _cap_runs(text, clause_s, cue.start(), lang)
                if runs and runs[0][0] - clause_s <= 12:
                    cs = runs[0][1]
                    ce = cue.start()
                    while ce > cs and text[ce - 1] == " ":
                        ce -= 1
                    # drop a trailing adverb ("offen", "vehement") by keeping the noun phrase: the
                    # content needs at least two words
                    if len(_WORD.findall(text[cs:ce])) >= 2:
                        out.append(_q(cs, ce, "indirect", cue, sp.named(*runs[0]), sp))
                        continue
        if lang == "de" and re.match(r"[^\S\n]+(?:werden|wurde|wurden|worden|wird)\b", after):
            continue  # a passive ("Darüber hinaus muss betont werden, dass …"): the writer's voice, no
            # source (its speaker had been "Darüber hinaus muss"; 15 German articles, 2026-12-08)
        # 1. VERB (…) que/dass/что CONTENT ; German: VERB, CLAUSE ; "рассказал, почему…"
        cm = None
        if w != "so":
            alts = "|".join(a for a in (conj, wh) if a)
            cm = re.match(rf"(?:[^\S\n]+[^\W\d][\w\-]*,?){{0,4}}?[^\S\n]*,?[^\S\n]*(?:{alts})(?:\b|(?<=['’]))[^\S\n]*", after) if alts else None
            if cm is None and lang == "de":
                cm = re.match(r"(?:[^\S\n]+(?:voraus|hinzu|ein|fest|an|mit|auf|vor|aus))?[^\S\n]*,[^\S\n]*(?=\w)", after)
                nxt_words = after[cm.end():].split(None, 2) if cm is not None else []
                article = (len(nxt_words) > 1 and nxt_words[0] in ("die", "das", "den", "dem", "der")
                           and nxt_words[1][:1].isupper())
                if cm is not None and _DE_RELATIVE.match(after[cm.end():]) and not article:
                    cm = None
            if cm is None and lang == "ru" and w in ("считает", "считают", "уверен", "уверена", "уверены"):
                cm = re.match(r"[^\S\n]*,[^\S\n]*(?=\w)(?!как\b|котор|где\b|когда\b|поскольку\b)", after)
            spricht_aus = lang == "de" and w in ("spricht", "sprach") and re.search(r"\baus\b", after)
            if cm is None and (w in rest or w.casefold() in rest or spricht_aus):  # "spricht … aus"
                cm = re.match(r"[^\S\n]+(?=\w|[«„\"])", after)
                if lang == "fr" and cm is not None and w not in ("qualifié", "qualifie"):
                    # "avertit X de …", "a demandé à Y de …": the content follows "de"
                    cm = re.match(r"[^.;:!?]*?(?<!\w)(?:de(?!\w)|d['’])[^\S\n]*", after)
            if cm is None and w.casefold() not in rest and r.about is not None:
                am = re.match(r"[^\S\n]+(" + "|".join(r.about or {"§"}) + r")[^\S\n]+", after)
                cm = am
        if cm is not None and re.search(r"(?i)(?:^|\s)(niemand|keiner|wer|personne|nul|никто|кто|nikt|nadie|nessuno)(?:\s+\w+){0,2}\s*$", lead):
            continue  # "Niemand sagt, …", "Wer glaubt, …, muss …": nobody in particular says it
        if cm is not None:
            cs, ce = cue.end() + cm.end(), sent_e
            if len(_WORD.findall(text[cs:ce])) >= 3 and not re.match(r"[^\S\n]*sich\b", after) and cs not in headline_starts:
                nxt = _cap_runs(text, cue.end(), min(sent_e, cue.end() + 60), lang) if lang == "de" else []
                if nxt and not _WORD.search(text, cue.end(), nxt[0][0]) and cs <= nxt[0][0] < ce:
                    cs = nxt[0][1]  # "spricht Pfizer-CEO Albert Bourla das aus …": the name is not content
                    while cs < ce and text[cs] in " ,":
                        cs += 1
                if passive:
                    speaker = None
                elif (nxt and not _WORD.search(text, cue.end(), nxt[0][0])) or (nxt and re.match(r"[^\S\n]+auch[^\S\n]", after)):
                    speaker = sp.named(*nxt[0])  # "spricht Pfizer-CEO Albert Bourla das aus"
                elif lead.strip():
                    speaker = sp.before(sent_s, cue.start())
                elif r.pro_drop and not _cap_runs(text, cue.end(), cs, lang):
                    # "Dice che …", "Zaznaczył jednak, że …": the last one named in the text speaks again;
                    # not "Mówi się, że …" (it is said): nobody
                    impersonal = re.match(r"[^\S\n]+(?:się|si|se)\b", after) is not None
                    out.append(_q(cs, ce, "indirect", cue, None, sp, inherit=not impersonal))
                    continue
                else:
                    speaker = sp.after(cue.end(), cs)
                out.append(_q(cs, ce, "indirect", cue, speaker, sp))
                continue
        # 2. CONTENT, VERB SPEAKER.   (inverted, closing the sentence)
        bm = re.search(rf"[,][^\S\n]*(?:[-–—][^\S\n]*)?(?:{_AUX}[^\S\n]+)?(?:как[^\S\n]+)?$", lead)
        if bm is not None and _inverted_ok(after, lang):
            cs, ce = sent_s, sent_s + bm.start()
            content = text[cs:ce]
            relative = re.match(r"\W*\w+(?:\s\w+){0,3},\s*(?:der|die|das|qui|который|которая|которые|que)\b", content)
            if len(_WORD.findall(content)) >= 3 and not relative and content.lstrip()[:1] not in "«„\"":
                who = sp.after(cue.end(), sent_e)
                nxt_word = _WORD.search(text, cue.end(), sent_e)
                # "…, ha detto a DW.": nobody named after the verb, the last one named speaks
                out.append(_q(cs, ce, "indirect", cue, who, sp, inherit=who is None and r.pro_drop and (
                    nxt_word is None or nxt_word.group().casefold() in r.preps)))
                continue
        # 3. CONTENT, VERB SPEAKER, CONTENT   (parenthetical: "К такому союзу, уверен Лукашенко, будут…")
        pm = re.match(r"[^\S\n]+([^,.;:\n]{1,60}),[^\S\n]*(?=\w)", after)
        if (bm is not None and pm is not None and not re.search(r"[-–—]", lead[bm.start():])
                and len(_WORD.findall(pm.group(1))) <= 4 and len(_WORD.findall(lead)) >= 2):
            cs, ce = sent_s, sent_e
            out.append(_q(cs, ce, "indirect", cue, sp.after(cue.end(), cue.end() + pm.end()), sp))
    return out


def _according(text: str, lang: str, sp: _Speakers) -> list[I18nQuote]:
    """'selon lui, …', 'laut ANF …', 'Schamberger zufolge …', 'по словам X, …'."""
    out: list[I18nQuote] = []
    r = _rules(lang)
    rx = r.according
    if rx:
        for m in re.finditer(rf"(?<!\w)(?:{rx})(?!\w)", text):
            sent_s, sent_e = _sentence_bounds(text, m.start())
            pron_in = re.search(r"\b(его|её|ее|их)\b", m.group())
            if pron_in is not None:
                speaker = sp.named(m.start() + pron_in.start(), m.start() + pron_in.end())
                cs = sent_s if m.start() - sent_s > 3 else m.end()
                while cs < sent_e and text[cs] in " ,\u00a0":
                    cs += 1
                if len(_WORD.findall(text[cs:sent_e])) >= 3:
                    out.append(_q(cs, sent_e, "indirect", m, speaker, sp))
                continue
            src = re.match(r"[^\S\n]+([^,.;:\n]{1,60}?)(?=,|[^\S\n]+(?:war|ist|sei|hat|hatte|wird|mit|von)\b|$)", text[m.end():sent_e])
            if src is None:
                continue
            s_s, s_e = m.end() + src.start(1), m.end() + src.end(1)
            runs = _cap_runs(text, s_s, s_e, lang)
            words = list(_WORD.finditer(text, s_s, s_e))
            if words and words[0].group().casefold() in r.pronouns:
                speaker = sp.named(*words[0].span())
                s_e = words[0].end()
            elif runs:
                speaker = sp.named(*runs[0])
                s_e = max(s_e, runs[0][1])
            elif words:
                speaker = sp.named(words[0].start(), words[min(len(words), 4) - 1].end())
            else:
                continue
            if m.start() - sent_s > 3:  # "… , selon lui, …": the whole sentence is the statement
                cs, ce = sent_s, sent_e
            else:
                cs, ce = s_e, sent_e
                while cs < ce and text[cs] in " ,\u00a0":
                    cs += 1
            if len(_WORD.findall(text[cs:ce])) < 3:
                continue
            out.append(_q(cs, ce, "indirect", m, speaker, sp))
    if lang == "de":
        for m in ZUFOLGE.finditer(text):
            sent_s, sent_e = _sentence_bounds(text, m.start())
            runs = _cap_runs(text, max(sent_s, m.start("src")), m.end("src"), lang)
            if not runs:
                continue
            speaker = sp.named(*runs[-1])
            cs = m.end()
            while cs < sent_e and text[cs] in " ,":
                cs += 1
            if m.start() - sent_s > 3:
                cs = sent_s
            if len(_WORD.findall(text[cs:sent_e])) < 3:
                continue
            out.append(_q(cs, sent_e, "indirect", (m.end() - 7, m.end(), "zufolge"), speaker, sp))
    return out


def _common_word(word: str, lang: str) -> bool:
    """A frequent word of the language (a topic such as "Climat"), not a name (wordfreq)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # wordfreq is a dependency; without it every word may be a name
        return False
    return zipf_frequency(word.casefold(), lang) >= 4.0


def _headline(text: str, lang: str, sp: _Speakers) -> list[I18nQuote]:
    """The title or the line under it as 'Пастухов: «…»', 'Кургинян: statement' or
    'Jetzt bestätigt auch Pfizer-Chef: statement'."""
    out: list[I18nQuote] = []
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()][:2]
    for ln in lines:
        m = re.match(r"[^\S\n]*((?:[^\W\d][\w\-]*[^\S\n]?){1,6})[^\S\n]?:[^\S\n]+(.+)", ln.group())
        if not m:
            continue
        head_s, head_e = ln.start() + m.start(1), ln.start() + m.end(1)
        cs, ce = ln.start() + m.start(2), ln.end()
        rest = text[cs:ce]
        if any(True for _ in _cue_tokens(text, cs, ce, lang)):
            continue  # "Taïwan : Xi Jinping dit à Joe Biden…": the rest has its own speaker
        quoted = rest.lstrip()[:1] in "«„“\""
        cues = list(_cue_tokens(text, head_s, head_e, lang))
        runs = _cap_runs(text, head_s, head_e, lang)
        if cues:
            after = _cap_runs(text, cues[-1].end(), head_e, lang)
            speaker = sp.named(*(after[0] if after else runs[-1])) if (after or runs) else None
            if speaker is None:
                ws = list(_WORD.finditer(text, cues[-1].end(), head_e))
                speaker = sp.named(ws[0].start(), ws[-1].end()) if ws else None
        elif runs and runs[0][0] == head_s and len(_WORD.findall(text[head_s:head_e])) <= 3:
            name = text[runs[0][0]:runs[0][1]]
            if not quoted and " " not in name and _common_word(name, lang):
                continue
            if name.isupper() and len(name) > 4:
                continue  # a section label ("OPINION: Bravo, Mr. President", an English title the language
                # identifier read as Italian), as the English headline rule has it; acronyms stay ("KCNA:")
            speaker = sp.named(*runs[0])
        else:
            continue
        if quoted:
            cs += len(rest) - len(rest.lstrip()) + 1
            if text[ce - 1] in "»“”\"":
                ce -= 1
        if len(_WORD.findall(text[cs:ce])) < 3:
            continue
        out.append(_q(cs, ce, "direct" if quoted else "indirect", cues[-1] if cues else None, speaker, sp))
    return out


def _dedupe(quotes: list[I18nQuote]) -> list[I18nQuote]:
    """Text order; a quote inside another kept quote (a partial quote within reported speech,
    a headline quote found twice) is dropped, the longer one kept."""
    quotes = sorted(quotes, key=lambda q: (q.start, -(q.end - q.start), q.kind != "direct"))
    kept: list[I18nQuote] = []
    for q in quotes:
        if any(k.start <= q.start and q.end <= k.end + 1 for k in kept):
            continue
        overl = [k for k in kept if q.start < k.end and k.start < q.end]
        if overl and all((min(q.end, k.end) - max(q.start, k.start)) > 0.5 * (q.end - q.start) for k in overl):
            continue
        kept.append(q)
    return kept
