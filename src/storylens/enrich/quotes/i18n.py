"""Quotes in languages without a parse: quotation marks, dialogue dashes and speech verbs.

English quotes come from the spaCy parse (``extract``/``speakers``). No spaCy pipeline for
French, German, Russian, Spanish, Italian or Polish is pinned here (docs/languages.md), so for
those languages this module finds quotes in the raw text with rules written per language:

* **direct**: the language's quotation marks (« », „ “, » «, “ ”, ‚ ‘, " ", 「」, <<>>) and,
  in Russian and French, a paragraph opened by a dash (``— Мы готовы, — сказал он``). A quoted
  span counts as a quote when it reads as a statement (``MIN_WORDS`` words or more) or a speech
  verb stands next to it; shorter quoted words ("«Азов»", "„Qualitätsmedien“") are names or
  scare quotes, not quotes;
* **indirect**: a speech or cognition verb of the language followed by its conjunction (que,
  dass, что, que, che, że) or, in German, by a comma and a clause ("sagte, er sei bereit");
  "according to" phrases (selon, laut, zufolge, по словам, según, secondo, według) and a
  sentence closed by ", VERB SPEAKER." ("…, a averti Boris Johnson.", "…, сообщили в МЧС.");
* **headlines**: a first line "Name: statement" or "Name : « statement »".

Speakers are the capitalised name run nearest the cue (after it when the verb comes after
the quote, before it otherwise), else the short noun phrase there ("le numéro un chinois",
"диктатор"), or a pronoun resolved to the previous speaker. The speaker's actor comes from
the actor registry's forms of the language (``actors_i18n``). Why rules and not a model: see
docs/languages.md (no pinned parser for these languages; the rules were written on the
``tune`` half of tests/fixtures/quotes_i18n and scored on both halves).
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from storylens.types import Quote

__all__ = ["LANGUAGES", "I18nQuote", "RegistryActors", "extract_quotes_i18n", "quotes_for", "to_quote"]

MIN_WORDS = 4  # a quoted span of fewer words needs a speech verb beside it (calibrated on tune)

# --- speech verbs per language -------------------------------------------------------------
# Word forms, written as stems with the endings each takes (no lemmatiser is pinned here).


def _forms(stems: str, endings: str) -> list[str]:
    ends = endings.split("|")
    return [s + e for s in stems.split() for e in ends]


_FR_1 = ("déclar affirm estim indiqu soulign ajout expliqu précis assur martel insist menac dénonc "
         "jug racont observ constat avou ironis tweet comment regrett désol félicit inquièt accus "
         "qualifi rappel annonc confi plaid réclam exig demand jur avertiss prétend clam "
         "tempêt fustig critiqu nuanc résum reconnaiss appel")
_FR_IRREG = ("dit dis disait disent dira déclara affirma estima ajouta expliqua précisa assura "
             "martela insista lança répond répondu répondit répondent répondant reconnaît reconnu "
             "reconnaissent reconnaissant reconnut écrit écrivait écrivent écrivant poursuit "
             "poursuivi poursuivant conclut conclu concluant averti avertit avertissent averti "
             "prévenu prévient prévenait admis admet démenti dément réagi réagit soutient soutenu "
             "souligna souligne promis promet valoir a-t-il a-t-elle évoque évoqué "
             "prétendent prétend note noté notent notant affirment estiment jugent craint craignent "
             "pense pensent considère considèrent")
FR_VERBS = set(_forms(_FR_1, "e|es|ent|é|ée|és|ées|ait|aient|a|ant|èrent")) | set(_FR_IRREG.split())
# ("fit valoir", "fait valoir" had put "fait" and "fit" among the cues one word each: "Malgré le
# fait que …" was a quote; "valoir" alone carries the cue)

_DE_1 = ("sag erklär beton warn kritisier forder bestätig verkünd mein glaub behaupt bericht "
         "antwort prophezei beharr unterstreich bekräftig versicher erinner äußer ergänz "
         "schilder beklag bemängel klag monier räum kündig stell füg teil hieß heiß ")
DE_VERBS = set(_forms(_DE_1, "t|te|ten|en|e|st|et|ete|eten")) | set(
    ["sagt", "sagte", "sagten", "gesagt", "erklärt", "erklärte", "erklärten", "betont", "betonte", "warnt", "warnte", "gewarnt", "schrieb", "schreibt", "schrieben", "geschrieben", "sprach", "spricht", "so", "mitgeteilt", "mitteilte", "teilte", "fügte", "hinzugefügt", "räumte", "eingeräumt", "unterstrich", "aufgefordert", "forderte", "fordert", "fordern", "forderten", "warf", "vorgeworfen", "bezeichnete", "bezeichnet", "feststellte", "festgestellt", "stellte", "kündigte", "angekündigt", "meinte", "meint", "glaubt", "glaubte", "befürchtet", "befürchtete", "fürchtet", "hieß", "heißt", "zitiert", "zitierte", "aufgedeckt", "enthüllt", "enthüllte", "eingestanden", "zugegeben", "gestand", "gestanden", "ausgeplaudert", "verlangt", "verlangte", "bestreitet", "bestritt", "bestritten"])

_RU_PAST = ("заяви сказа сообщи отмети подчеркну добави уточни поясни рассказа призна замети "
            "написа указа предупреди призва потребова допусти вырази напомни ответи назва оцени "
            "объяви обвини раскритикова сообщи счита заверя утверждa пообеща констатирова "
            "выступи признава предложи отмеча подчеркива указыва заявля сообща говори "
            "рассказыва призыва предупрежда утвержда обрати")
RU_VERBS = set(_forms(_RU_PAST, "л|ла|ли|ло")) | set(
    ["считает", "считают", "считал", "считала", "уверен", "уверена", "уверены", "говорит", "говорят", "говорится", "говорил", "заявляет", "заявляют", "сообщает", "сообщают", "сообщается", "сообщалось", "отмечает", "отмечают", "отмечается", "подчеркивает", "подчёркивает", "указывает", "указывают", "утверждает", "утверждают", "полагает", "полагают", "пишет", "пишут", "передает", "передаёт", "цитирует", "требует", "требуют", "призывает", "признает", "признаёт", "говорилось", "отмечалось", "заявлялось", "считают", "уточняет", "поясняет", "добавляет", "обратилась", "предложила", "заявил", "заявила", "выступает", "рассуждает", "заявив", "отметив", "подчеркнув", "добавив", "указав", "сообщив", "пояснив", "напомнив", "признав", "предупредив"])

_ES_VERBS = set(["dijo", "dice", "dicen", "dijeron", "afirmó", "afirma", "afirman", "aseguró", "asegura", "declaró", "declara", "señaló", "señala", "explicó", "explica", "añadió", "añade", "indicó", "indica", "sostuvo", "sostiene", "advirtió", "advierte", "subrayó", "subraya", "destacó", "destaca", "manifestó", "comentó", "insistió", "reconoció", "reconoce", "denunció", "criticó", "apuntó", "agregó", "precisó", "considera", "consideró", "cree", "creen", "opina", "escribió", "anunció"])
_IT_VERBS = set(["detto", "dice", "dicono", "disse", "dichiarato", "dichiara", "affermato", "afferma", "spiegato", "spiega", "sottolineato", "sottolinea", "aggiunto", "aggiunge", "ricordato", "ricorda", "annunciato", "annuncia", "avvertito", "avverte", "precisato", "precisa", "assicurato", "assicura", "scritto", "scrive", "osservato", "osserva", "ribadito", "ribadisce", "denunciato", "denuncia", "sostenuto", "sostiene", "ritiene", "ritengono", "commentato", "commenta", "evidenziato", "evidenzia"])
_PL_VERBS = set(_forms("powiedzia stwierdzi oświadczy podkreśli doda zaznaczy napisa oceni przekonywa "
                       "zapowiedzia ostrzeg poinformowa przyzna wyjaśni zauważy uzna przypomnia "
                       "odpowiedzia zapewni mówi podkreśla pyta zapyta tłumaczy wskaza wskazywa "
                       "zwróci ogłosi apelowa zaapelowa zaprzeczy zapewnia argumentowa skomentowa "
                       "komentowa dodawa", "ł|ła|li|ły")) | set(
    ["uważa", "uważają", "twierdzi", "twierdzą", "mówi", "mówią", "podkreśla", "zaznacza", "dodaje", "pisze", "ocenia", "ostrzegł", "przekonuje", "zauważa", "przyznaje"])
_ZH_VERBS = ("说", "表示", "称", "指出", "强调", "认为", "宣布", "透露", "坦言", "警告", "回应", "补充", "写道")
_AR_VERBS = set(["قال", "قالت", "يقول", "تقول", "أكد", "أكدت", "يؤكد", "أضاف", "أضافت", "أوضح", "أوضحت", "أشار", "أشارت", "صرح", "صرحت", "اعتبر", "اعتبرت"])

VERBS: dict[str, set[str]] = {"fr": FR_VERBS, "de": DE_VERBS, "ru": RU_VERBS, "uk": RU_VERBS,
                              "es": _ES_VERBS, "it": _IT_VERBS, "pl": _PL_VERBS, "ar": _AR_VERBS}
CONJ = {"fr": r"que|qu['’]", "ru": r"что|чтобы", "uk": r"що|щоб", "es": r"que", "it": r"che|ch['’]",
        "pl": r"że|iż", "de": r"dass|daß|ob", "ar": r"أن|إن"}
# "according to X, ..." (the source follows, the statement is the rest of the sentence)
ACCORDING = {
    "fr": r"[Ss]elon|[Dd]['’]après",
    "de": r"[Ll]aut|[Nn]ach Angaben (?:von|des|der)",
    "ru": r"[Пп]о (?:его|её|ее|их) словам|[Пп]о словам|[Пп]о мнению|[Пп]о данным|[Пп]о подсчётам|[Пп]о подсчетам|[Пп]о информации|[Сс]огласно|[Кк]ак сообщ\w+(?: в)?|[Кк]ак отмеча\w+|[Кк]ак утвержда\w+(?: в)?|[Кк]ак заяви\w+(?: в)?",
    "uk": r"[Зз]а словами|[Зз]а даними|[Зз]гідно з",
    "es": r"[Ss]egún|[Dd]e acuerdo con",
    "it": r"[Ss]econdo|[Ss]tando a",
    "pl": r"[Ww]edług|[Zz]daniem",
    "ar": r"وفقا ل|بحسب|حسب",
}
ZUFOLGE = re.compile(r"(?P<src>(?:\w[\w\-]*\s){0,3}\w[\w\-]*)\s+zufolge\b")
PRONOUNS = {
    "fr": {"il", "elle", "ils", "elles", "on", "lui"}, "de": {"er", "sie", "es"},
    "ru": {"он", "она", "они", "его", "её", "ее"}, "uk": {"він", "вона", "вони"},
    "es": {"él", "ella"}, "it": {"lui", "lei"}, "pl": {"on", "ona", "oni"},
}
# a pronoun after a preposition ("Według niego", "по мнению них"): who it stands for is not the
# last speaker often enough to guess (3 of 4 wrong in 247 articles), and the word itself names nobody
_OBLIQUE = frozenset(["niego", "niej", "nich", "него", "неё", "нее", "них"])
LANGUAGES = frozenset(VERBS) | {"zh", "ja"}

# --- quotation marks -----------------------------------------------------------------------
# opening mark -> closing marks, per language (German and Polish „ close with “ or ”; German
# also uses »…«; Chinese and Japanese 「」 and “”).
_PAIRS_COMMON = {"«": "»", "“": "”", '"': '"', "<<": ">>"}
PAIRS: dict[str, dict[str, str]] = {
    "de": {"„": "“”", "»": "«", "«": "»", "‚": "‘", '"': '"', "“": "”"},
    "pl": {"„": "”“", "«": "»", '"': '"', "“": "”"},
    "ru": {"«": "»", "„": "“”", '"': '"', "“": "”", "<<": ">>"},
    "uk": {"«": "»", "„": "“”", '"': '"', "“": "”"},
    "zh": {"“": "”", "「": "」", "『": "』", '"': '"'},
    "ja": {"「": "」", "『": "』", "“": "”"},
}
DASHES = "-–—"
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SENT_END = re.compile(r"(?<!\b\w)(?<!\d)[.!?…](?=[\s»“”\"']*(?:\n|$|\s+[A-ZÀ-ÝА-ЯЁ«„“\"–—-]))|\n")


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

def _pairs(lang: str) -> dict[str, str]:
    return PAIRS.get(lang, _PAIRS_COMMON)


MAX_PARAGRAPHS = 4  # a quote may run over this many paragraphs when its closing mark is there


def mark_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) inside each outermost pair of the language's quotation marks. A quote
    closes in its paragraph or, for typographic marks, within ``MAX_PARAGRAPHS`` paragraphs
    (a long statement quoted over several paragraphs); an unclosed mark is dropped, so it
    never swallows the article."""
    pairs = _pairs(lang)
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


_ELIDED_NOUN = re.compile(r"[A-Z][’'][a-zà-ÿ]")


def _is_cap(word: str) -> bool:
    """A capitalised word; not an elided article before a lower-case noun ("L'annuncio della
    presidente ...": the announcement, an Italian title's first word, had been a speaker)."""
    return word[:1].isupper() and not _ELIDED_NOUN.match(word)


_PARTICLES = {"de", "du", "von", "van", "der", "den", "le", "la", "al", "bin", "фон", "дер", "ван", "ди", "da", "del"}
_CAP_PARTICLES = {"Le", "La", "De", "Van", "Von", "Al", "El", "Da", "Di", "Du", "Фон", "Дер", "Ван"}
_STOP_CAP = {
    "fr": {"Le", "La", "Les", "L", "Un", "Une", "Des", "Ce", "Cette", "Il", "Elle", "Ils", "Mais", "Et", "En",
           "Selon", "Pour", "Dans", "Au", "À", "Après", "Avant", "Alors", "Si", "Ainsi", "Or", "Donc", "Pourtant"},
    "de": {"Der", "Die", "Das", "Den", "Dem", "Ein", "Eine", "Am", "Im", "Er", "Sie", "Es", "Auch", "Und", "Aber",
           "So", "Laut", "Nach", "Wie", "Bis", "Zu", "Für", "Mit", "Auf", "In", "Dabei", "Doch", "Jetzt", "Nun", "Dass",
           "Denn", "Dazu", "Wer", "Was", "Niemand", "Man", "Zudem", "Außerdem"},
    "ru": {"Он", "Она", "Они", "По", "В", "На", "И", "Но", "Как", "Это", "Ранее", "Кроме", "Ибо", "Также", "При",
           "Об", "О", "С", "К", "А", "Для", "Если", "Когда", "Сейчас", "Теперь"},
    "it": {"E", "Non", "Si", "Ma", "Il", "La", "Lo", "Le", "I", "Gli", "Un", "Una", "In", "Per", "Con", "Da",
           "Che", "Se", "Anche", "Questo", "Questa", "Secondo", "Ora", "Poi"},
    "pl": {"Nie", "A", "I", "W", "Na", "To", "Ten", "Ta", "Jak", "Ale", "Jednak", "Z", "Do", "Po", "Od",
           "Według", "Zdaniem", "Jego", "Jej", "Teraz"},
    "es": {"El", "La", "Los", "Las", "Un", "Una", "Y", "Pero", "En", "Por", "Para", "Con", "No", "Si", "Es",
           "Este", "Esta", "Según", "Ahora"},
}
# languages that drop the subject pronoun ("Zaznaczył jednak, że…", "Ha detto che…"): a verb
# with no named subject speaks for the last speaker named
PRO_DROP = {"ru", "uk", "pl", "it", "es"}
# a name right after a preposition is not the subject ("о войне в Украине говорят")
PREPS = {
    "fr": {"à", "au", "aux", "de", "du", "des", "dans", "en", "sur", "par", "pour", "avec", "chez", "contre", "vers", "sous", "d"},
    "de": {"in", "im", "an", "am", "auf", "aus", "bei", "beim", "mit", "nach", "von", "vom", "zu", "zum", "zur", "für",
           "über", "gegen", "vor", "gegenüber", "richtung"},
    "ru": {"в", "во", "на", "о", "об", "из", "с", "со", "к", "по", "от", "для", "за", "при", "у", "до", "перед", "между",
           "после", "против", "через", "без", "под", "над", "около", "время"},
    "pl": {"w", "we", "na", "o", "z", "ze", "do", "od", "dla", "przy", "po"},
    "es": {"a", "al", "de", "del", "en", "con", "por", "para", "sobre"},
    "it": {"a", "al", "di", "del", "in", "con", "per", "su", "da", "dal"},
}
# prepositions that name a source after a verb: "сообщили в МЧС", "заявили на Западе", "w MSZ"
# (the rule is Slavic only: French "des", "du" in PREPS are also articles, "ont affirmé des sources")
_SOURCE_PREPS = frozenset(["в", "во", "на", "у", "w", "we", "na", "u"])
# verbs whose complement is the rest of the sentence (a demand, a call, a naming, a noun
# phrase): "призвал Запад задуматься…", "forderte eine Begrenzung…", "a qualifié l'appel de…"
REST = {
    "fr": {"avertit", "averti", "avertissent", "demande", "demandé", "appelle", "appelé", "exhorte", "qualifié",
           "qualifie", "exige", "exigé", "réclame", "réclamé", "dit"},
    "de": {"bestätigt", "bestätigte", "bestätigen", "bestreitet", "bestritt", "fordert", "forderte", "fordern",
           "forderten", "verlangt", "verlangte", "bezeichnete", "warf"},
    "ru": {"призвал", "призвала", "призвали", "потребовал", "потребовала", "потребовали", "предложил", "предложила",
           "предложили", "просит", "просят", "требует", "требуют", "допустил", "допустила", "допустили", "назвал",
           "назвала", "назвали", "обратилась", "обратился", "обратились"},
}
for _lang, _verbs in REST.items():
    VERBS[_lang] |= _verbs
# verbs after which "o/об" + noun phrase is the content ("заявили о целенаправленной атаке")
ABOUT = {"ru": {"о", "об"}, "fr": set(), "de": set()}
WH = {"fr": r"pourquoi|comment|si|combien", "de": r"warum|wie|ob|wer|wo",
      "ru": r"почему|как|какой|какая|какое|какие|зачем|ли|кто", "pl": r"dlaczego|jak|czy", "es": r"por qué|cómo|si",
      "it": r"perché|come|se"}
PASSIVE = {"сообщалось", "сообщается", "говорится", "отмечается", "отмечалось", "заявлялось", "говорилось",
           "Отмечается", "Сообщается", "angekündigt", "mitgeteilt"}
_ONE_WORD_PP = {"ru", "uk", "pl"}
_POSSESSIVE_FR = {"leur", "leurs", "son", "sa", "ses", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "que", "qu", "de", "des", "du"}
_DE_RELATIVE = re.compile(r"(?:der|die|den|dem|deren|dessen|welche[rsmn]?|wo\w*|was|als|um|bis|nachdem|während|weil|wenn|obwohl|und|oder|aber|sondern|sich)\b")


def _cap_runs(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """Runs of capitalised words (with name particles inside) in text[start:end]; a run right
    after a preposition is left out (it is not who speaks)."""
    stop = _STOP_CAP.get(lang, set())
    preps = PREPS.get(lang, set())
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
            if in_pp and not (skipping and lang in _ONE_WORD_PP):
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


_TITLE = re.compile(
    r"(?i).*(minist|präsident|presiden|президент|министр|глава|премьер|kanzler|abgeordnet|sprecher|chef|"
    r"député|sénat|senator|сенатор|депутат|политолог|эксперт|аналитик|директор|direktor|profess|профессор|"
    r"лидер|leader|secrétaire|sekretär|посол|botschaft|ambassad|представител|porte-parole|ceo|"
    r"vorsitzend|председател|генерал|general|journalist|журналист|бизнесмен|писател|blogger|блогер|"
    r"portavoce|portavoz|rzeczni|prezyden|premier)")


_HONORIFICS = frozenset(["herr", "frau", "monsieur", "madame", "mademoiselle", "signor", "signora", "pan", "pani",
                         "господин", "госпожа", "señor", "señora", "mr", "mrs", "ms"])


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


# relative pronouns opening a clause after a name ("…, Igor Dodon, qui a déclaré")
_RELATIVE = re.compile(r"(?i)(?:qui|lequel|laquelle|lesquels|che|il quale|la quale|i quali|le quali|który|która|którzy|"
                       r"które|который|которая|которые|которое|welcher|welche|quien|quienes)\b")
# articles, which a subject may open with ("Il portavoce …", "Le secrétaire …")
_ARTICLES = frozenset(["le", "la", "les", "l", "un", "une", "il", "lo", "gli", "i", "der", "die", "das", "ein", "eine",
                       "el", "los", "las", "uno", "una"])


# oblique case endings of masculine names in Slavic text (longest first) with the nominative endings
# that may stand in their place; see _Speakers._nominative
_CASE_ENDINGS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "ru": (("ого", ("ий", "ый")), ("его", ("ий",)), ("ому", ("ий", "ый")), ("ему", ("ий",)), ("ым", ("ый", "")),
           ("им", ("ий", "")), ("ом", ("",)), ("ем", ("", "ь")), ("ия", ("ий",)), ("а", ("",)), ("я", ("ь", "й")),
           ("у", ("",)), ("ю", ("ь", "й"))),
    "uk": (("ого", ("ий",)), ("ому", ("ий",)), ("им", ("ий", "")), ("ом", ("",)), ("а", ("",)), ("я", ("ь", "й"))),
    "pl": (("iego", ("i",)), ("ego", ("y",)), ("iemu", ("i",)), ("emu", ("y",)), ("owi", ("",)), ("em", ("",)),
           ("a", ("",))),
}


# a title abbreviated with a stop before the name (the stop would end the speaker's words)
_ABBREVIATED_TITLE = re.compile(r"[^\S\n]*(?:M|MM|Mme|Mlle|Me|Dr|Pr|Prof|Mr|Mrs|Ms|Hr|Fr|dr|prof|płk|gen|ks|inż|г|гг|проф)\.(?=[^\S\n]+\w)")


class _Speakers:
    """Finds a speaker near a cue and remembers the last one named (for pronouns and
    quotes without a cue)."""

    def __init__(self, text: str, lang: str, actor_of: Any = None, when: str | None = None) -> None:
        self.text, self.lang, self.actor_of, self.when = text, lang, actor_of, when
        self.last: tuple[str, int, int] | None = None
        self._word_counts: dict[str, int] | None = None

    def named(self, s: int, e: int) -> tuple[str, int, int] | None:
        s, e = _trim_titles(self.text, s, e)
        s = self._after_place(s, e)
        name = self.text[s:e]
        if name.casefold() in _OBLIQUE:
            return None
        if self.lang in _CASE_ENDINGS:
            name = self._nominative(name)
        if name.casefold() in PRONOUNS.get(self.lang, set()) and self.last is not None:
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
        pron = PRONOUNS.get(self.lang, set())
        if words[0].group().casefold() in pron:
            return self.named(*words[0].span())
        runs = _cap_runs(self.text, s, e, self.lang)
        if runs:
            # a full name first ("… профессор Даугавпилсского университета Хенрихс Сомс"),
            # else the first capitalised word ("рассказал Кургинян об … Второй мировой")
            full = [r for r in runs if len(_WORD.findall(self.text[r[0]:r[1]])) >= 2]
            return self.named(*(full[0] if full else runs[0]))
        words = words[:5]
        first = words[0].group().casefold()
        preps = PREPS.get(self.lang, set())
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
        if names and not runs:
            # a title with its "of" phrase, then the name: "ha affermato il portavoce del Cremlino Dmitry Peskov"
            return self.named(*_drop_context(self.text, s, names[-1], self.lang))
        cut = next((k for k, w in enumerate(words) if k > 0 and w.group().casefold() in preps
                    and w.group().casefold() not in _OF), None)
        if cut is not None:
            words = words[:cut]  # "avait déclaré le sénateur républicain sur la chaîne CBSN": the senator (not
            # at "of": "le dirigeant de l’opposition", "il prefetto di Calais")
        conj = re.compile(rf"(?:{CONJ.get(self.lang, '(?!x)x')})$")
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
        pron = [w for w in words if w.group().casefold() in PRONOUNS.get(self.lang, set())]
        if pron and (not runs or pron[-1].start() > runs[-1][1]):
            return self.named(*pron[-1].span())
        if runs:
            return self.named(*(runs[0] if self.lang == "de" else runs[-1]))
        if not words:
            return None
        preps = PREPS.get(self.lang, set())
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
            for end, noms in _CASE_ENDINGS[self.lang]:
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


def _is_cue(word: str, lang: str) -> bool:
    verbs = VERBS.get(lang, set())
    if lang == "ar" and len(word) > 3 and word[0] in "وف":
        word = word[1:]  # the clitic conjunction: "وقال", "فأكد"
    return word in verbs or word.casefold() in verbs


def _cue_tokens(text: str, s: int, e: int, lang: str) -> Iterable[re.Match[str]]:
    for m in _WORD.finditer(text, s, e):
        if _is_cue(m.group(), lang) and not (lang == "de" and _german_noun(text, m)) and not _german_so_that(text, m, lang) \
                and not _idiom(text, m, lang):
            yield m


# "in short", "that said": a speech verb in a fixed phrase reports nobody ("Kurz gesagt, die
# US-Regierung …" was a quote)
_IDIOMS = {
    "de": re.compile(r"(?i)\b(?:kurz|anders|offen|ehrlich|wie|gelinde|besser|genauer|nebenbei|vorweg)[^\S\n]+gesagt$"),
    "fr": re.compile(r"(?i)\b(?:autrement|soi-disant|c'est-à-|ceci|cela)[^\S\n]*dit$"),
}


def _idiom(text: str, m: re.Match[str], lang: str) -> bool:
    if lang == "it":  # "Detto questo, …"
        return m.group() == "Detto" and text[m.end():m.end() + 8].lstrip().startswith(("questo", "ciò", "cio"))
    rx = _IDIOMS.get(lang)
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


_AUX = r"(?:a|ont|avait|avaient|hat|hatte|haben|ha|hanno|è)"


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


# Verbs that say "went on" rather than "said": a speech verb only inside a quote's interruption
# ("«…» – prosegue Zan – «…»"), where nothing but the speaker's words can stand around them.
_GO_ON = {
    "fr": {"poursuit", "poursuivi", "continue", "continué", "enchaîne", "enchaîné", "conclut"},
    "de": {"fährt", "fuhr", "setzt", "ergänzt", "ergänzte", "sagt", "meint"},
    "it": {"prosegue", "proseguito", "continua", "continuato", "conclude", "concluso", "insiste", "incalza",
           "incalzato", "sottolineato", "aggiunto", "replicato", "replica", "attacca", "attaccato"},
    "es": {"prosigue", "continúa", "continuó", "concluye", "concluyó"},
    "pl": {"zapewnia", "kontynuuje", "kontynuował", "kontynuowała", "ciągnie", "kończy", "przekonuje"},
    "ru": {"продолжил", "продолжила", "продолжает", "заключил", "заключила", "уверяет", "уверен"},
    "uk": {"продовжив", "продовжила", "продовжує"},
}
# "«… — ha detto la commissaria Stella Kyriakides — …»", "«Всем нам хорошо известно, — отметил
# парламентарий, — что …»": a short aside between two dashes inside the quote
_ASIDE = re.compile(r"[^\S\n][-–—]{1,2}[^\S\n]+([^-–—\n«»„“”\"]{2,90}?)[^\S\n]*,?[^\S\n]*[-–—]{1,2}(?=[\s,.;:])")


def _aside_cue(text: str, s: int, e: int, lang: str) -> tuple[re.Match[str], int] | None:
    """The speech verb of an aside inside the quoted span s..e (and where the aside ends), or None.
    The aside holds at most twelve words, the verb among its first three (after an auxiliary or an
    adverb: "ha poi continuato Fitto")."""
    for m in _ASIDE.finditer(text, s, e):
        if m.start() <= s + 1:
            continue  # a dash opening the quote is a dialogue dash, not an aside
        words = list(_WORD.finditer(text, m.start(1), m.end(1)))
        if not words or len(words) > 12:
            continue
        for w in words[:3]:
            base = w.group().split("-")[0] if lang == "fr" else w.group()
            if _is_cue(base, lang) or base.casefold() in _GO_ON.get(lang, ()):
                return w, m.end(1)
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


# "of the" contracted, which PREPS leaves out (there it would change which capitalised runs count)
_OF_THE = frozenset(["della", "dello", "degli", "dei", "delle", "dell", "des", "der", "do", "dos", "das"])


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
    if any(w.group().casefold() in PREPS.get(sp.lang, ()) or w.group().casefold() in _OF_THE for w in words):
        return None
    return sp.after(cue.end(), end)


_AND = frozenset(["et", "und", "e", "ed", "i", "и", "y", "oraz", "ou", "oder", "o", "или", "lub"])
# prepositions that say "of" (a descriptor goes on through them)
_OF = frozenset(["de", "du", "des", "d", "di", "del", "della", "dal", "da", "von", "vom", "der", "of", "z", "ze", "из"])


def _drop_context(text: str, s: int, span: tuple[int, int], lang: str) -> tuple[int, int]:
    """A name run of three words or more right after a preposition starts with that phrase's noun:
    "su Twitter | Giorgia Meloni", "del Cremlino | Dmitry Peskov"."""
    words = list(_WORD.finditer(text, *span))
    before = list(_WORD.finditer(text, s, span[0]))
    if len(words) >= 3 and before and (before[-1].group().casefold() in PREPS.get(lang, set()) | _OF | _OF_THE):
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
            PREPS.get(sp.lang, set()) | _PARTICLES | _OF_THE) or sum(c.isupper() for c in words[k].group()) >= 2):
        k += 1  # the last word of the title's phrase ("per la Sanità | Stella Kyriakides") or a party's
        # initials ("il senatore FdI | Alberto Balboni")
    return sp.named(words[k].start(), words[-1].end())


def _zh_cue(text: str, pos: int, before: bool) -> tuple[int, int] | None:
    window = text[max(0, pos - 12):pos] if before else text[pos:pos + 12]
    for v in _ZH_VERBS:
        k = window.rfind(v) if before else window.find(v)
        if k >= 0:
            s = (max(0, pos - 12) + k) if before else pos + k
            return s, s + len(v)
    return None


def text_ws(ch: str) -> bool:
    return ch.isspace()


def _q(s: int, e: int, kind: str, cue: re.Match[str] | tuple[int, int, str] | None,
       speaker: tuple[str, int, int] | None, sp: _Speakers) -> I18nQuote:
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
    return I18nQuote(s, e, kind, cue_t[0], cue_t[1], cue_t[2], name, ss, se, sp.actor(name))


# --- the extractor -------------------------------------------------------------------------

def extract_quotes_i18n(text: str, lang: str, actor_of: Any = None, when: str | None = None) -> list[I18nQuote]:
    """Quotes in ``text`` written in ``lang`` (ISO 639-1), in text order. ``actor_of(name,
    lang, when)`` maps a speaker name to a registry actor (or None)."""
    if lang not in LANGUAGES or not text:
        return []
    sp = _Speakers(text, lang, actor_of, when)
    found: list[I18nQuote] = []
    heads = _headline(text, lang, sp) if lang not in ("zh", "ja") else []
    direct = _direct(text, lang, sp)
    found.extend(direct)
    if lang not in ("zh", "ja"):
        found.extend(_dash_quotes(text, lang, sp, direct))
        found.extend(_indirect(text, lang, sp, heads))
        found.extend(_according(text, lang, sp))
        found.extend(heads)
    return _resolve_pronouns(_dedupe(found), lang, sp)


def _resolve_pronouns(quotes: list[I18nQuote], lang: str, sp: _Speakers) -> list[I18nQuote]:
    """In text order, a speaker that is still a bare pronoun ("сказал он") takes the last
    named speaker before it (the rules run one after another, so a name found by a later
    rule may come first in the text)."""
    pron = PRONOUNS.get(lang, set())
    last: str | None = None
    out = []
    for q in quotes:
        if (q.speaker and q.speaker.casefold() in pron) or (q.inherit and q.speaker is None):
            if last is not None:
                q = dataclasses.replace(q, speaker=last, speaker_actor=sp.actor(last))
            elif q.speaker is not None:
                # no one named before it: a bare "Er" is no speaker's name (the Pope's quotes had the
                # speaker "Er")
                q = dataclasses.replace(q, speaker=None, speaker_start=None, speaker_end=None, speaker_actor=None)
        elif q.speaker:
            last = q.speaker
        out.append(q)
    return out


def _direct(text: str, lang: str, sp: _Speakers) -> list[I18nQuote]:
    out: list[I18nQuote] = []
    for s, e in mark_spans(text, lang):
        close_end = e + (2 if text.startswith(">>", e) else 1)
        words = len(_WORD.findall(text[s:e]))
        para_end = text.find("\n", close_end)
        para_end = len(text) if para_end < 0 else para_end
        para_start = text.rfind("\n", 0, s) + 1
        if lang in ("zh", "ja"):
            zc = _zh_cue(text, close_end, False) or _zh_cue(text, s - 1, True)
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
                if speaker is None and lang in PRO_DROP and sp.last is not None and (
                        not _WORD.search(text, cue_m.end(), min(para_end, cue_m.end() + 3))
                        or (nxt_word is not None and nxt_word.group().casefold() in PREPS.get(lang, ()))):
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
                    opener = bool(runs) and runs[0][0] == lead_at \
                        and _function_words(list(_WORD.finditer(text, *runs[0])), lang)
                    if runs and runs[0][0] == lead_at and words >= MIN_WORDS and not opener:
                        speaker = sp.named(*runs[0])  # "Attali …: « … »", "Edouard Philippe, dans …: « … »"
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
        q = _q(s, e, "direct", cue, speaker, sp)
        if aside is not None and speaker is None:
            q = dataclasses.replace(q, inherit=True)  # "- zapewnia -": the last one named
        out.append(q)
    return out


# French inverted auxiliary with its pronoun ("a-t-il", "ont-elles"): alone, and closing a clause before
# the participle ("Content …, a-t-il dit")
_FR_INVERTED = r"(?:a|ont)-t?-?(il|elle|ils|elles|on)"
_FR_INVERTED_AUX = re.compile(_FR_INVERTED)
_FR_INVERTED_LEAD = re.compile(rf",[^\S\n]*{_FR_INVERTED}[^\S\n]+$")
_DASH_LINE = re.compile(r"(?m)^[^\S\n]*[-–—][^\S\n]+(?=\w|[«„\"])")


def _dash_quotes(text: str, lang: str, sp: _Speakers, direct: list[I18nQuote]) -> list[I18nQuote]:
    """Dialogue dashes (ru, uk, fr, pl, es): '— Text, — сказал он. — More text.'"""
    if lang not in ("ru", "uk", "fr", "pl", "es"):
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
    conj = CONJ.get(lang)
    wh = WH.get(lang)
    rest = REST.get(lang, set())
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
            if cm is None and w.casefold() not in rest and lang in ABOUT:
                am = re.match(r"[^\S\n]+(" + "|".join(ABOUT[lang] or {"§"}) + r")[^\S\n]+", after)
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
                elif lang in PRO_DROP and not _cap_runs(text, cue.end(), cs, lang):
                    # "Dice che …", "Zaznaczył jednak, że …": the last one named in the text speaks again;
                    # not "Mówi się, że …" (it is said): nobody
                    impersonal = re.match(r"[^\S\n]+(?:się|si|se)\b", after) is not None
                    out.append(dataclasses.replace(_q(cs, ce, "indirect", cue, None, sp), inherit=not impersonal))
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
                q = _q(cs, ce, "indirect", cue, who, sp)
                nxt_word = _WORD.search(text, cue.end(), sent_e)
                if who is None and lang in PRO_DROP and (nxt_word is None or nxt_word.group().casefold() in PREPS.get(lang, ())):
                    q = dataclasses.replace(q, inherit=True)  # "…, ha detto a DW.": the last one named
                out.append(q)
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
    rx = ACCORDING.get(lang)
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
            if words and words[0].group().casefold() in PRONOUNS.get(lang, set()):
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


# anonymous sources named as such ("des sources proches du dossier", "Unseren Quellen",
# "источник ТАСС", "fuentes", "fonti", "źródła", "مصادر")
ANONYMOUS = re.compile(r"(?i)(?<!\w)(sources?|quellen?|источник\w*|fuentes?|fonti|fonte|źródł\w*|مصادر|مصدر)(?!\w)")


def to_quote(q: I18nQuote, text: str, actors: Any = None, lang: str | None = None,
             when: str | None = None) -> Quote:
    """The stored record; the speaker's type comes from the registry (official, media,
    organisation) as for English speakers, "anonymous" for a source named only as a source."""
    stype, anonymous = "unknown", False
    if q.speaker and ANONYMOUS.search(q.speaker) and not q.speaker_actor:
        stype, anonymous = "anonymous", True
    elif q.speaker and actors is not None and lang:
        stype = actors.speaker_type(q.speaker, lang, when) or "unknown"
    return Quote(text=text[q.start:q.end], start=q.start, end=q.end, kind=q.kind,
                 partial=False, cue=q.cue, speaker=q.speaker, speaker_type=stype,
                 anonymous=anonymous, speaker_actor=q.speaker_actor)


class RegistryActors:
    """Speaker name -> the actor it speaks for, through the actor registry: the language's
    forms ("Лукашенко", "Урсула фон дер Ляйен") and the registry's own names
    ("Boris Johnson"). A person counts for the country or body of their office at the
    article's date, as English speakers do (``quotes.actors.ActorLookup``)."""

    def __init__(self, registry: Any = None) -> None:
        if registry is None:
            from storylens.registry import actor_registry

            registry = actor_registry()
        self.reg = registry

    def _actor(self, name: str, lang: str, when: str | None) -> Any:
        from storylens.enrich.actors_i18n import foreign_matcher

        matcher = foreign_matcher(self.reg, lang)
        hits = matcher.find(name) if matcher is not None else []
        actor = self.reg.actors.get(hits[0].actor) if hits else None
        return actor if actor is not None else self.reg.lookup(name, when)

    def __call__(self, name: str, lang: str, when: str | None = None) -> str | None:
        actor = self._actor(name, lang, when)
        if actor is None:
            return None
        if actor.kind in ("person", "organisation"):
            return self.reg.actor_of(actor.name, when) or (actor.name if actor.kind == "organisation" else None)
        return str(actor.name)

    def speaker_type(self, name: str, lang: str, when: str | None = None) -> str | None:
        """What the English resolver says of the same registry actor (``ActorLookup``)."""
        from storylens.enrich.quotes.actors import ActorLookup

        actor = self._actor(name, lang, when)
        return None if actor is None else ActorLookup(self.reg)(actor.name, None, when).speaker_type


def quotes_for(article: Any, actor_of: Any = None) -> Any:
    """The article with its quotes, for an article in a language this module covers (the
    quote stage calls it when there is no English parse); unchanged otherwise."""
    lang = article.language
    if lang not in LANGUAGES or not article.text:
        return article
    found = extract_quotes_i18n(article.text, lang, actor_of, article.published)
    return article.replace(quotes=tuple(to_quote(q, article.text, actor_of, lang, article.published)
                                        for q in found))
