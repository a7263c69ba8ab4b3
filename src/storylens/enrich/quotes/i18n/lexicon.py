"""Word tables and patterns per language for the quotes of other languages: speech verbs (as word
forms: no lemmatiser is pinned for these languages), conjunctions, according-to phrases, pronouns,
prepositions, quotation marks, titles, honorifics, case endings. Data only; the rules read them
(``names``, ``rules``)."""

from __future__ import annotations

import re

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


MAX_PARAGRAPHS = 4  # a quote may run over this many paragraphs when its closing mark is there


_ELIDED_NOUN = re.compile(r"[A-Z][’'][a-zà-ÿ]")


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


# "in short", "that said": a speech verb in a fixed phrase reports nobody ("Kurz gesagt, die
# US-Regierung …" was a quote)
_IDIOMS = {
    "de": re.compile(r"(?i)\b(?:kurz|anders|offen|ehrlich|wie|gelinde|besser|genauer|nebenbei|vorweg)[^\S\n]+gesagt$"),
    "fr": re.compile(r"(?i)\b(?:autrement|soi-disant|c'est-à-|ceci|cela)[^\S\n]*dit$"),
}


_AUX = r"(?:a|ont|avait|avaient|hat|hatte|haben|ha|hanno|è)"


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


# "of the" contracted, which PREPS leaves out (there it would change which capitalised runs count)
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
