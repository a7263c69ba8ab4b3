"""Word tables and patterns for the quotes of other languages. Each language's own tables make one
``LanguageRules`` record, looked up with ``rules_for(lang)`` (``LANGUAGES``: the languages that have
one): speech verbs (as word forms: no lemmatiser is pinned for these languages), conjunctions,
according-to phrases, pronouns, prepositions, quotation marks, capitalised function words, case
endings. Patterns and word lists the rules read whatever the language (titles, honorifics, name
particles, sentence ends) stay module constants. Data only; the rules read them (``names``,
``rules``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

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
_FR_VERBS = set(_forms(_FR_1, "e|es|ent|é|ée|és|ées|ait|aient|a|ant|èrent")) | set(_FR_IRREG.split())
# ("fit valoir", "fait valoir" had put "fait" and "fit" among the cues one word each: "Malgré le
# fait que …" was a quote; "valoir" alone carries the cue)

_DE_1 = ("sag erklär beton warn kritisier forder bestätig verkünd mein glaub behaupt bericht "
         "antwort prophezei beharr unterstreich bekräftig versicher erinner äußer ergänz "
         "schilder beklag bemängel klag monier räum kündig stell füg teil hieß heiß ")
_DE_VERBS = set(_forms(_DE_1, "t|te|ten|en|e|st|et|ete|eten")) | set(
    ["sagt", "sagte", "sagten", "gesagt", "erklärt", "erklärte", "erklärten", "betont", "betonte", "warnt", "warnte", "gewarnt", "schrieb", "schreibt", "schrieben", "geschrieben", "sprach", "spricht", "so", "mitgeteilt", "mitteilte", "teilte", "fügte", "hinzugefügt", "räumte", "eingeräumt", "unterstrich", "aufgefordert", "forderte", "fordert", "fordern", "forderten", "warf", "vorgeworfen", "bezeichnete", "bezeichnet", "feststellte", "festgestellt", "stellte", "kündigte", "angekündigt", "meinte", "meint", "glaubt", "glaubte", "befürchtet", "befürchtete", "fürchtet", "hieß", "heißt", "zitiert", "zitierte", "aufgedeckt", "enthüllt", "enthüllte", "eingestanden", "zugegeben", "gestand", "gestanden", "ausgeplaudert", "verlangt", "verlangte", "bestreitet", "bestritt", "bestritten"])

_RU_PAST = ("заяви сказа сообщи отмети подчеркну добави уточни поясни рассказа призна замети "
            "написа указа предупреди призва потребова допусти вырази напомни ответи назва оцени "
            "объяви обвини раскритикова сообщи счита заверя утверждa пообеща констатирова "
            "выступи признава предложи отмеча подчеркива указыва заявля сообща говори "
            "рассказыва призыва предупрежда утвержда обрати")
_RU_VERBS = set(_forms(_RU_PAST, "л|ла|ли|ло")) | set(
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

# verbs whose complement is the rest of the sentence (``LanguageRules.rest``; among its verbs too)
_FR_REST = {"avertit", "averti", "avertissent", "demande", "demandé", "appelle", "appelé", "exhorte", "qualifié",
            "qualifie", "exige", "exigé", "réclame", "réclamé", "dit"}
_DE_REST = {"bestätigt", "bestätigte", "bestätigen", "bestreitet", "bestritt", "fordert", "forderte", "fordern",
            "forderten", "verlangt", "verlangte", "bezeichnete", "warf"}
_RU_REST = {"призвал", "призвала", "призвали", "потребовал", "потребовала", "потребовали", "предложил", "предложила",
            "предложили", "просит", "просят", "требует", "требуют", "допустил", "допустила", "допустили", "назвал",
            "назвала", "назвали", "обратилась", "обратился", "обратились"}


# --- one record per language ---------------------------------------------------------------

# opening quotation mark -> its closing marks, for the languages that have no marks of their own
_PAIRS_COMMON = {"«": "»", "“": "”", '"': '"', "<<": ">>"}


@dataclass(frozen=True, kw_only=True)
class LanguageRules:
    """What the quote rules know of one language, one record per language (``rules_for``). A table a
    language leaves empty (or None) turns off, for that language, the rule that reads it."""

    code: str  # ISO 639-1
    # quotation marks: opening mark -> its closing marks, any one of them (German and Polish „ close
    # with “ or ”; German also uses »…«; Chinese and Japanese 「」 and “”); ">>" closes as a whole
    pairs: Mapping[str, str]
    # speech and cognition verbs as word forms (no lemmatiser is pinned for these languages): the cues
    # of every rule, matched as written or casefolded; ``rest`` is among them
    verbs: frozenset[str] = frozenset()
    # regex alternatives: the conjunction that opens reported speech after a verb ("a déclaré que",
    # "sagte, dass", "заявил, что")
    conj: str | None = None
    # regex alternatives: a question word that opens it instead ("рассказал, почему …")
    wh: str | None = None
    # verbs whose complement is the rest of the sentence (a demand, a call, a naming, a noun
    # phrase): "призвал Запад задуматься…", "forderte eine Begrenzung…", "a qualifié l'appel de…"
    rest: frozenset[str] = frozenset()
    # the prepositions "about": after a speech verb, one with its noun phrase is the content ("заявили о
    # целенаправленной атаке"); None: no such rule (French and German have the rule with no word, so
    # it matches only a lone "§")
    about: frozenset[str] | None = None
    # regex alternatives: "according to X, ..." (the source follows, the statement is the rest of the
    # sentence)
    according: str | None = None
    # subject pronouns (casefolded): a speaker that is one stands for the last speaker named
    pronouns: frozenset[str] = frozenset()
    # the language drops the subject pronoun ("Zaznaczył jednak, że…", "Ha detto che…"): a verb
    # with no named subject speaks for the last speaker named
    pro_drop: bool = False
    # prepositions (casefolded): a name right after one is not the subject ("о войне в Украине говорят")
    preps: frozenset[str] = frozenset()
    # a prepositional phrase's noun is one capitalised word, the name may follow it at once (Slavic
    # genitives: "МИД России Владимир Ермаков"); else the whole capitalised run after the preposition
    one_word_pp: bool = False
    # capitalised words that start no name (articles, pronouns, conjunctions opening a sentence)
    stop_caps: frozenset[str] = frozenset()
    # oblique case endings of masculine names (longest first) with the nominative endings that may
    # stand in their place; see names._Speakers._nominative
    case_endings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # verbs that say "went on" rather than "said": a speech verb only inside a quote's interruption
    # ("«…» – prosegue Zan – «…»"), where nothing but the speaker's words can stand around them
    go_on: frozenset[str] = frozenset()
    # "in short", "that said": a speech verb in a fixed phrase reports nobody ("Kurz gesagt, die
    # US-Regierung …" was a quote); searched in the text ending with the verb
    idiom: re.Pattern[str] | None = None
    # a paragraph opened by a dash is a quote (dialogue dashes: "— Мы готовы, — сказал он")
    dash_dialogue: bool = False
    # no spaces between words (Chinese, Japanese): only the quotation-mark rule runs, its cue the first
    # of ``mark_verbs`` found within twelve characters of the mark
    marks_only: bool = False
    mark_verbs: tuple[str, ...] = ()


_RULES: dict[str, LanguageRules] = {r.code: r for r in (
    LanguageRules(
        code="fr",
        pairs=_PAIRS_COMMON,
        verbs=frozenset(_FR_VERBS | _FR_REST),
        conj=r"que|qu['’]",
        wh=r"pourquoi|comment|si|combien",
        rest=frozenset(_FR_REST),
        about=frozenset(),
        according=r"[Ss]elon|[Dd]['’]après",
        pronouns=frozenset({"il", "elle", "ils", "elles", "on", "lui"}),
        preps=frozenset({"à", "au", "aux", "de", "du", "des", "dans", "en", "sur", "par", "pour", "avec", "chez",
                         "contre", "vers", "sous", "d"}),
        stop_caps=frozenset({"Le", "La", "Les", "L", "Un", "Une", "Des", "Ce", "Cette", "Il", "Elle", "Ils", "Mais",
                             "Et", "En", "Selon", "Pour", "Dans", "Au", "À", "Après", "Avant", "Alors", "Si", "Ainsi",
                             "Or", "Donc", "Pourtant"}),
        go_on=frozenset({"poursuit", "poursuivi", "continue", "continué", "enchaîne", "enchaîné", "conclut"}),
        idiom=re.compile(r"(?i)\b(?:autrement|soi-disant|c'est-à-|ceci|cela)[^\S\n]*dit$"),
        dash_dialogue=True,
    ),
    LanguageRules(
        code="de",
        pairs={"„": "“”", "»": "«", "«": "»", "‚": "‘", '"': '"', "“": "”"},
        verbs=frozenset(_DE_VERBS | _DE_REST),
        conj=r"dass|daß|ob",
        wh=r"warum|wie|ob|wer|wo",
        rest=frozenset(_DE_REST),
        about=frozenset(),
        according=r"[Ll]aut|[Nn]ach Angaben (?:von|des|der)",
        pronouns=frozenset({"er", "sie", "es"}),
        preps=frozenset({"in", "im", "an", "am", "auf", "aus", "bei", "beim", "mit", "nach", "von", "vom", "zu",
                         "zum", "zur", "für", "über", "gegen", "vor", "gegenüber", "richtung"}),
        stop_caps=frozenset({"Der", "Die", "Das", "Den", "Dem", "Ein", "Eine", "Am", "Im", "Er", "Sie", "Es", "Auch",
                             "Und", "Aber", "So", "Laut", "Nach", "Wie", "Bis", "Zu", "Für", "Mit", "Auf", "In",
                             "Dabei", "Doch", "Jetzt", "Nun", "Dass", "Denn", "Dazu", "Wer", "Was", "Niemand", "Man",
                             "Zudem", "Außerdem"}),
        go_on=frozenset({"fährt", "fuhr", "setzt", "ergänzt", "ergänzte", "sagt", "meint"}),
        idiom=re.compile(r"(?i)\b(?:kurz|anders|offen|ehrlich|wie|gelinde|besser|genauer|nebenbei|vorweg)"
                         r"[^\S\n]+gesagt$"),
    ),
    LanguageRules(
        code="ru",
        pairs={"«": "»", "„": "“”", '"': '"', "“": "”", "<<": ">>"},
        verbs=frozenset(_RU_VERBS | _RU_REST),
        conj=r"что|чтобы",
        wh=r"почему|как|какой|какая|какое|какие|зачем|ли|кто",
        rest=frozenset(_RU_REST),
        about=frozenset({"о", "об"}),
        according=r"[Пп]о (?:его|её|ее|их) словам|[Пп]о словам|[Пп]о мнению|[Пп]о данным|[Пп]о подсчётам|"
                  r"[Пп]о подсчетам|[Пп]о информации|[Сс]огласно|[Кк]ак сообщ\w+(?: в)?|[Кк]ак отмеча\w+|"
                  r"[Кк]ак утвержда\w+(?: в)?|[Кк]ак заяви\w+(?: в)?",
        pronouns=frozenset({"он", "она", "они", "его", "её", "ее"}),
        pro_drop=True,
        preps=frozenset({"в", "во", "на", "о", "об", "из", "с", "со", "к", "по", "от", "для", "за", "при", "у", "до",
                         "перед", "между", "после", "против", "через", "без", "под", "над", "около", "время"}),
        one_word_pp=True,
        stop_caps=frozenset({"Он", "Она", "Они", "По", "В", "На", "И", "Но", "Как", "Это", "Ранее", "Кроме", "Ибо",
                             "Также", "При", "Об", "О", "С", "К", "А", "Для", "Если", "Когда", "Сейчас", "Теперь"}),
        case_endings=(("ого", ("ий", "ый")), ("его", ("ий",)), ("ому", ("ий", "ый")), ("ему", ("ий",)),
                      ("ым", ("ый", "")), ("им", ("ий", "")), ("ом", ("",)), ("ем", ("", "ь")), ("ия", ("ий",)),
                      ("а", ("",)), ("я", ("ь", "й")), ("у", ("",)), ("ю", ("ь", "й"))),
        go_on=frozenset({"продолжил", "продолжила", "продолжает", "заключил", "заключила", "уверяет", "уверен"}),
        dash_dialogue=True,
    ),
    LanguageRules(
        code="uk",
        pairs={"«": "»", "„": "“”", '"': '"', "“": "”"},
        verbs=frozenset(_RU_VERBS | _RU_REST),  # the Russian forms (with the Russian ``rest`` verbs as cues)
        conj=r"що|щоб",
        according=r"[Зз]а словами|[Зз]а даними|[Зз]гідно з",
        pronouns=frozenset({"він", "вона", "вони"}),
        pro_drop=True,
        one_word_pp=True,
        case_endings=(("ого", ("ий",)), ("ому", ("ий",)), ("им", ("ий", "")), ("ом", ("",)), ("а", ("",)),
                      ("я", ("ь", "й"))),
        go_on=frozenset({"продовжив", "продовжила", "продовжує"}),
        dash_dialogue=True,
    ),
    LanguageRules(
        code="es",
        pairs=_PAIRS_COMMON,
        verbs=frozenset(_ES_VERBS),
        conj=r"que",
        wh=r"por qué|cómo|si",
        according=r"[Ss]egún|[Dd]e acuerdo con",
        pronouns=frozenset({"él", "ella"}),
        pro_drop=True,
        preps=frozenset({"a", "al", "de", "del", "en", "con", "por", "para", "sobre"}),
        stop_caps=frozenset({"El", "La", "Los", "Las", "Un", "Una", "Y", "Pero", "En", "Por", "Para", "Con", "No",
                             "Si", "Es", "Este", "Esta", "Según", "Ahora"}),
        go_on=frozenset({"prosigue", "continúa", "continuó", "concluye", "concluyó"}),
        dash_dialogue=True,
    ),
    LanguageRules(
        code="it",
        pairs=_PAIRS_COMMON,
        verbs=frozenset(_IT_VERBS),
        conj=r"che|ch['’]",
        wh=r"perché|come|se",
        according=r"[Ss]econdo|[Ss]tando a",
        pronouns=frozenset({"lui", "lei"}),
        pro_drop=True,
        preps=frozenset({"a", "al", "di", "del", "in", "con", "per", "su", "da", "dal"}),
        stop_caps=frozenset({"E", "Non", "Si", "Ma", "Il", "La", "Lo", "Le", "I", "Gli", "Un", "Una", "In", "Per",
                             "Con", "Da", "Che", "Se", "Anche", "Questo", "Questa", "Secondo", "Ora", "Poi"}),
        go_on=frozenset({"prosegue", "proseguito", "continua", "continuato", "conclude", "concluso", "insiste",
                         "incalza", "incalzato", "sottolineato", "aggiunto", "replicato", "replica", "attacca",
                         "attaccato"}),
    ),
    LanguageRules(
        code="pl",
        pairs={"„": "”“", "«": "»", '"': '"', "“": "”"},
        verbs=frozenset(_PL_VERBS),
        conj=r"że|iż",
        wh=r"dlaczego|jak|czy",
        according=r"[Ww]edług|[Zz]daniem",
        pronouns=frozenset({"on", "ona", "oni"}),
        pro_drop=True,
        preps=frozenset({"w", "we", "na", "o", "z", "ze", "do", "od", "dla", "przy", "po"}),
        one_word_pp=True,
        stop_caps=frozenset({"Nie", "A", "I", "W", "Na", "To", "Ten", "Ta", "Jak", "Ale", "Jednak", "Z", "Do", "Po",
                             "Od", "Według", "Zdaniem", "Jego", "Jej", "Teraz"}),
        case_endings=(("iego", ("i",)), ("ego", ("y",)), ("iemu", ("i",)), ("emu", ("y",)), ("owi", ("",)),
                      ("em", ("",)), ("a", ("",))),
        go_on=frozenset({"zapewnia", "kontynuuje", "kontynuował", "kontynuowała", "ciągnie", "kończy",
                         "przekonuje"}),
        dash_dialogue=True,
    ),
    LanguageRules(
        code="ar",
        pairs=_PAIRS_COMMON,
        verbs=frozenset(_AR_VERBS),
        conj=r"أن|إن",
        according=r"وفقا ل|بحسب|حسب",
    ),
    LanguageRules(code="zh", pairs={"“": "”", "「": "」", "『": "』", '"': '"'}, marks_only=True, mark_verbs=_ZH_VERBS),
    LanguageRules(code="ja", pairs={"「": "」", "『": "』", "“": "”"}, marks_only=True,
                  mark_verbs=_ZH_VERBS),  # (Japanese reads the Chinese verbs)
)}
LANGUAGES = frozenset(_RULES)
# a language without rules: no tables, the common quotation marks (``mark_spans`` takes any language)
_NO_RULES = LanguageRules(code="", pairs=_PAIRS_COMMON)


def rules_for(lang: str) -> LanguageRules | None:
    """The rules of ``lang`` (ISO 639-1), None for a language not in ``LANGUAGES``."""
    return _RULES.get(lang)


def _rules(lang: str) -> LanguageRules:
    """``rules_for``, with empty tables for a language not in ``LANGUAGES`` (the helpers' fallback)."""
    return _RULES.get(lang, _NO_RULES)


# --- patterns and words the rules read whatever the language (or for one language, by name) ---

ZUFOLGE = re.compile(r"(?P<src>(?:\w[\w\-]*\s){0,3}\w[\w\-]*)\s+zufolge\b")
# a pronoun after a preposition ("Według niego", "по мнению них"): who it stands for is not the
# last speaker often enough to guess (3 of 4 wrong in 247 articles), and the word itself names nobody
_OBLIQUE = frozenset(["niego", "niej", "nich", "него", "неё", "нее", "них"])
DASHES = "-–—"
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SENT_END = re.compile(r"(?<!\b\w)(?<!\d)[.!?…](?=[\s»“”\"']*(?:\n|$|\s+[A-ZÀ-ÝА-ЯЁ«„“\"–—-]))|\n")


MAX_PARAGRAPHS = 4  # a quote may run over this many paragraphs when its closing mark is there


_ELIDED_NOUN = re.compile(r"[A-Z][’'][a-zà-ÿ]")


_PARTICLES = {"de", "du", "von", "van", "der", "den", "le", "la", "al", "bin", "фон", "дер", "ван", "ди", "da", "del"}
_CAP_PARTICLES = {"Le", "La", "De", "Van", "Von", "Al", "El", "Da", "Di", "Du", "Фон", "Дер", "Ван"}
# prepositions that name a source after a verb: "сообщили в МЧС", "заявили на Западе", "w MSZ"
# (the rule is Slavic only: French "des", "du" in ``preps`` are also articles, "ont affirmé des sources")
_SOURCE_PREPS = frozenset(["в", "во", "на", "у", "w", "we", "na", "u"])
PASSIVE = {"сообщалось", "сообщается", "говорится", "отмечается", "отмечалось", "заявлялось", "говорилось",
           "Отмечается", "Сообщается", "angekündigt", "mitgeteilt"}
_POSSESSIVE_FR = {"leur", "leurs", "son", "sa", "ses", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "que", "qu", "de", "des", "du"}
_DE_RELATIVE = re.compile(r"(?:der|die|den|dem|deren|dessen|welche[rsmn]?|wo\w*|was|als|um|bis|nachdem|während|weil|wenn|obwohl|und|oder|aber|sondern|sich)\b")


_TITLE = re.compile(
    r"(?i).*(minist|präsident|presiden|президент|министр|глава|премьер|kanzler|abgeordnet|sprecher|chef|"
    r"député|sénat|senator|сенатор|депутат|политолог|эксперт|аналитик|директор|direktor|profess|профессор|"
    r"лидер|leader|secrétaire|sekretär|посол|botschaft|ambassad|представител|porte-parole|ceo|"
    r"vorsitzend|председател|генерал|general|journalist|журналист|бизнесмен|писател|blogger|блогер|"
    r"portavoce|portavoz|rzeczni|prezyden|premier)")


_HONORIFICS = frozenset(["herr", "frau", "monsieur", "madame", "mademoiselle", "signor", "signora", "pan", "pani",
                         "господин", "госпожа", "señor", "señora", "mr", "mrs", "ms"])


# relative pronouns opening a clause after a name ("…, Igor Dodon, qui a déclaré")
_RELATIVE = re.compile(r"(?i)(?:qui|lequel|laquelle|lesquels|che|il quale|la quale|i quali|le quali|który|która|którzy|"
                       r"które|который|которая|которые|которое|welcher|welche|quien|quienes)\b")
# articles, which a subject may open with ("Il portavoce …", "Le secrétaire …")
_ARTICLES = frozenset(["le", "la", "les", "l", "un", "une", "il", "lo", "gli", "i", "der", "die", "das", "ein", "eine",
                       "el", "los", "las", "uno", "una"])


# a title abbreviated with a stop before the name (the stop would end the speaker's words)
_ABBREVIATED_TITLE = re.compile(r"[^\S\n]*(?:M|MM|Mme|Mlle|Me|Dr|Pr|Prof|Mr|Mrs|Ms|Hr|Fr|dr|prof|płk|gen|ks|inż|г|гг|проф)\.(?=[^\S\n]+\w)")


_AUX = r"(?:a|ont|avait|avaient|hat|hatte|haben|ha|hanno|è)"


# "«… — ha detto la commissaria Stella Kyriakides — …»", "«Всем нам хорошо известно, — отметил
# парламентарий, — что …»": a short aside between two dashes inside the quote
_ASIDE = re.compile(r"[^\S\n][-–—]{1,2}[^\S\n]+([^-–—\n«»„“”\"]{2,90}?)[^\S\n]*,?[^\S\n]*[-–—]{1,2}(?=[\s,.;:])")


# "of the" contracted, which ``preps`` leaves out (there it would change which capitalised runs count)
_OF_THE = frozenset(["della", "dello", "degli", "dei", "delle", "dell", "des", "der", "do", "dos", "das"])


_AND = frozenset(["et", "und", "e", "ed", "i", "и", "y", "oraz", "ou", "oder", "o", "или", "lub"])
# prepositions that say "of" (a descriptor goes on through them)
_OF = frozenset(["de", "du", "des", "d", "di", "del", "della", "dal", "da", "von", "vom", "der", "of", "z", "ze", "из"])


# French inverted auxiliary with its pronoun ("a-t-il", "ont-elles"): alone, and closing a clause before
# the participle ("Content …, a-t-il dit")
_FR_INVERTED = r"(?:a|ont)-t?-?(il|elle|ils|elles|on)"
_FR_INVERTED_AUX = re.compile(_FR_INVERTED)
_FR_INVERTED_LEAD = re.compile(rf",[^\S\n]*{_FR_INVERTED}[^\S\n]+$")
_DASH_LINE = re.compile(r"(?m)^[^\S\n]*[-–—][^\S\n]+(?=\w|[«„\"])")


# anonymous sources named as such ("des sources proches du dossier", "Unseren Quellen",
# "источник ТАСС", "fuentes", "fonti", "źródła", "مصادر")
ANONYMOUS = re.compile(r"(?i)(?<!\w)(sources?|quellen?|источник\w*|fuentes?|fonti|fonte|źródł\w*|مصادر|مصدر)(?!\w)")
