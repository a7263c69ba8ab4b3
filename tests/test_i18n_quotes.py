"""Quotes in other languages (enrich/quotes/i18n.py): marks, dashes, speech verbs per language,
the quote stage without an English parse, and the quality floors on the hand-labelled set."""

from __future__ import annotations

import pytest

from conftest import shared_path
from eval_baseline import floor
from storylens.enrich.quotes.i18n import RegistryActors, extract_quotes_i18n, mark_spans


def _one(text: str, lang: str) -> list[tuple[str, str, str | None]]:
    return [(text[q.start:q.end], q.kind, q.speaker) for q in extract_quotes_i18n(text, lang)]


def _last_speaker(text: str, lang: str) -> str | None:
    """The speaker of the last quote found (the one a case is about; quotes before it set the scene)."""
    return [q.speaker for q in extract_quotes_i18n(text, lang)][-1]


@pytest.mark.parametrize("text,lang,content,speaker", [
    ("« Nous ne céderons pas à la pression », a déclaré Emmanuel Macron.", "fr",
     "Nous ne céderons pas à la pression", "Emmanuel Macron"),
    ("„Wir werden die Sanktionen verschärfen“, sagte Olaf Scholz am Montag.", "de",
     "Wir werden die Sanktionen verschärfen", "Olaf Scholz"),
    ("»Das müssen wir alle gemeinsam verhindern«, sagte die Abgeordnete Sevim Dagdelen.", "de",
     "Das müssen wir alle gemeinsam verhindern", "Sevim Dagdelen"),
    ("«Мы не допустим этого», – заявил Сергей Лавров.", "ru", "Мы не допустим этого", "Сергей Лавров"),
    ("«No vamos a aceptar este acuerdo», dijo Pedro Sánchez.", "es", "No vamos a aceptar este acuerdo",
     "Pedro Sánchez"),
    ("«Non accetteremo questo accordo», ha detto Giorgia Meloni.", "it", "Non accetteremo questo accordo",
     "Giorgia Meloni"),
    ("„Nie zgodzimy się na takie warunki” – powiedział Mateusz Morawiecki.", "pl",
     "Nie zgodzimy się na takie warunki", "Mateusz Morawiecki"),
])
def test_direct_quote_with_inverted_cue(text: str, lang: str, content: str, speaker: str) -> None:
    assert (content, "direct", speaker) in _one(text, lang)


@pytest.mark.parametrize("text,lang,starts,speaker", [
    ("Le ministre Jean Dupont a affirmé que la réforme serait votée avant l'été.", "fr",
     "la réforme serait", "Jean Dupont"),
    ("Der Kanzler Olaf Scholz sagte, die Regierung werde neue Hilfen beschließen.", "de",
     "die Regierung werde", "Olaf Scholz"),
    ("Министр Сергей Шойгу заявил, что армия готова к учениям.", "ru", "армия готова", "Сергей Шойгу"),
    ("Selon Amnesty International, les arrestations se sont multipliées en mars.", "fr",
     "les arrestations", "Amnesty International"),
    ("По словам Дмитрия Пескова, переговоры продолжатся на следующей неделе.", "ru",
     "переговоры продолжатся", "Дмитрия Пескова"),
    ("Die Verhandlungen seien gescheitert, sagte Außenministerin Annalena Baerbock.", "de",
     "Die Verhandlungen seien", "Annalena Baerbock"),
])
def test_indirect_quote(text: str, lang: str, starts: str, speaker: str) -> None:
    found = _one(text, lang)
    assert any(c.startswith(starts) and k == "indirect" and s == speaker for c, k, s in found), found


def test_scare_quotes_and_names_are_not_quotes() -> None:
    assert _one("Die westlichen „Qualitätsmedien“ schweigen, auch der „Spiegel“.", "de") == []
    assert _one("Бойцы батальона «Азов» покинули завод «Азовсталь».", "ru") == []
    assert _one("Le mouvement des « gilets jaunes » a manifesté samedi.", "fr") == []


def test_russian_dialogue_dash_and_pronoun() -> None:
    text = ("Президент Александр Лукашенко заявил, что санкции не сломят страну.\n"
            "- Рынок открыт, надо шевелиться, а не плакаться, - сказал он.")
    found = extract_quotes_i18n(text, "ru")
    q = next(q for q in found if q.kind == "direct")
    assert text[q.start:q.end] == "Рынок открыт, надо шевелиться, а не плакаться"
    assert q.speaker == "Александр Лукашенко"  # "он" resolved to the last named speaker


def test_french_inverted_pronoun_and_headline() -> None:
    text = ("Kurginian : les États-Unis installent des bandits au pouvoir\n\n"
            "« Le terrain et l'ennemi signifient que nous devrons apporter le meilleur équipement », écrit-il.")
    found = _one(text, "fr")
    assert ("les États-Unis installent des bandits au pouvoir", "indirect", "Kurginian") in found
    assert any(c.startswith("Le terrain") and s == "Kurginian" for c, _, s in found)


def test_german_marks_pair_and_multi_paragraph_quote() -> None:
    # German „…“ closes with the English opening mark; a quote may run over paragraphs
    text = "Er sagte: „Erster Absatz der Rede ohne Ende.\n\nZweiter Absatz, der sie schließt.“ Dann ging er."
    (s, e), = mark_spans(text, "de")
    assert text[s:e].endswith("der sie schließt.")
    assert mark_spans("Ein „offenes Zitat ohne Ende.\n\nNeuer Absatz.\n\nNoch einer.\n\nUnd mehr.\n\nEnde", "de") == []


def test_chinese_marks_and_verb() -> None:
    text = "外交部发言人表示：“中方坚决反对任何形式的制裁。”"
    found = extract_quotes_i18n(text, "zh")
    assert [text[q.start:q.end] for q in found] == ["中方坚决反对任何形式的制裁。"]
    assert found[0].cue == "表示"


def test_speaker_actor_from_registry() -> None:
    actors = RegistryActors()
    text = "«Мы не допустим этого», – заявил Владимир Путин."
    q = extract_quotes_i18n(text, "ru", actors, "2022-05-01")[0]
    assert q.speaker_actor == "Russia"
    assert actors("Boris Johnson", "fr", "2022-06-26") == "United Kingdom"


def test_quote_stage_without_english_parse() -> None:
    from storylens.config import Settings
    from storylens.enrich.quotes import QuoteStage
    from storylens.types import Article

    text = "« Nous ne céderons pas à la pression », a déclaré Emmanuel Macron."
    art = Article(id="x", source="t", source_kind="text", offset=None, url=None, outlet=None,
                  outlet_name=None, title=None, author=None, published="2022-05-01", language="fr",
                  text=text, raw_text=text)
    out = QuoteStage(Settings())(art)
    assert [(q.speaker, q.speaker_actor, q.kind, q.speaker_type) for q in out.quotes] == [
        ("Emmanuel Macron", "France", "direct", "official")]
    anon = "« Nous avons des preuves », ont affirmé des sources proches du dossier."
    q, = QuoteStage(Settings())(art.replace(text=anon, raw_text=anon)).quotes
    assert q.anonymous and q.speaker_type == "anonymous"
    assert QuoteStage(Settings())(art.replace(language="nl")).quotes == ()  # no rules for Dutch


def test_quote_f1_floors_on_labelled_fr_de_ru() -> None:
    from storylens.eval.quotes_i18n import DEFAULT_LABELS, evaluate

    corpus = shared_path("data", "corpus-multilingual-semeval2023")
    rows = {(r["language"], r["split"]): r for r in evaluate(DEFAULT_LABELS, corpus)}
    fr, de, ru = rows[("fr", "all")], rows[("de", "all")], rows[("ru", "all")]
    assert fr["f1"] >= floor("quotes_i18n.fr.f1") and fr["speaker_acc"] >= floor("quotes_i18n.fr.speaker_acc"), fr
    assert de["f1"] >= floor("quotes_i18n.de.f1") and de["speaker_acc"] >= floor("quotes_i18n.de.speaker_acc"), de
    assert ru["f1"] >= floor("quotes_i18n.ru.f1") and ru["speaker_acc"] >= floor("quotes_i18n.ru.speaker_acc"), ru


def test_nobody_says_it() -> None:
    # found by hand in the wild (de): a negated or generic subject is no speaker
    assert _one("Niemand kann behaupten, ihr Programm nicht gelesen zu haben.", "de") == []
    assert _one("Wer glaubt, hier seine Traditionen leben zu können, muss gehen.", "de") == []
    # nor a passive: the writer's voice (its speaker had been "Darüber hinaus muss", 2026-12-08)
    assert _one("Darüber hinaus muss betont werden, dass es die Sowjetunion war, die den Kampf anführte.", "de") == []
    # and the speaker after an inverted Russian verb is the name, not a later capital
    found = _one("«Теперь говорится, что у нас ось зла», — рассказал Кургинян об отношении США "
                 "к диктатурам после Второй мировой войны.", "ru")
    assert found and found[0][2] == "Кургинян"


def test_arabic_marks_comma_and_clitic_verb() -> None:
    t = "«لن نقبل بهذه الشروط»، قال وزير الخارجية سيرغي لافروف."
    assert _one(t, "ar") == [("لن نقبل بهذه الشروط", "direct", "وزير الخارجية سيرغي لافروف")]
    t = "وقال المتحدث إن المفاوضات ستستمر الأسبوع المقبل."
    assert _one(t, "ar") == [("المفاوضات ستستمر الأسبوع المقبل.", "indirect", "المتحدث")]


def test_empty_answer_names_the_languages_with_quote_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storylens.store import Store
    from storylens.store.queries.quotes import explain_no_quotes
    from storylens.types import Article

    t = "Hij zei dat het goed ging met de onderhandelingen in Brussel."
    with Store(tmp_path / "s.duckdb") as st:
        st.write_batch([Article(id="x", source="s", source_kind="txt", offset=None, url=None, outlet="a.nl",
                                outlet_name=None, title=None, author=None, published=None, language="nl",
                                text=t, raw_text=t)])
        why = explain_no_quotes(st)
    assert "0 of 1 articles in a language with quote rules" in why and "ru" in why


def test_german_verb_final_clause() -> None:
    t = ("Wichtig ist, dass Bush die Existenz der Biolabore in der Ukraine offen bestätigt hat, "
         "während die US-Regierung ihre Existenz bestreitet.")
    found = _one(t, "de")
    assert any(c.startswith("die Existenz der Biolabore") and s == "Bush" for c, _, s in found), found
    assert ("ihre Existenz", "indirect", "US-Regierung") in found
    # "wie X berichtete": the statement is the main clause, not the words before the verb
    assert not any(c == "am Freitag" for c, _, _ in _one("Das sei falsch, wie die Zeitung am Freitag berichtete.", "de"))


def test_polish_title_genitive_and_place_before_a_name() -> None:
    # multilingual SemEval-2023 articles, 2026-12-07: "Zdrowia Adam Niedzielski", "Rosji Siergiej Szojgu"
    text = ("Pod koniec lipca Minister Zdrowia Adam Niedzielski stwierdził, że spodziewa się szczytu letniej "
            "fali epidemii Covid-19.")
    assert [q.speaker for q in extract_quotes_i18n(text, "pl")] == ["Adam Niedzielski"]
    text = "Minister obrony Rosji Siergiej Szojgu oświadczył, że Mariupol jest pod całkowitą rosyjską kontrolą."
    assert [q.speaker for q in extract_quotes_i18n(text, "pl", RegistryActors())] == ["Siergiej Szojgu"]


def test_function_word_is_no_speaker() -> None:
    text = ("C’est l’idée du Longer Telegram anonyme rédigé par un haut fonctionnaire américain, qui soutient "
            "que la politique américaine devrait consister à exacerber les divisions au sein du Parti.")
    assert [q.speaker for q in extract_quotes_i18n(text, "fr")] == [None]


def test_polish_said_verbs_and_a_dropped_subject() -> None:
    # a SemEval-2023 Polish article read by hand (2026-12-07): "mówiła"/"mówił" were no cue, and a
    # bare "– mówiła." (the verb's ending says "she") gave the quote to nobody
    text = ("„Prawa kobiet są prawami człowieka i nie możemy o tym zapominać w tej debacie” – mówiła Karen "
            "Melchior, duńska europosłanka.\n\n"
            "„Dziś to Polska, a jutro być może jakiś inny kraj w Europie i na świecie” – mówiła.")
    found = _one(text, "pl")
    assert [(kind, speaker) for _, kind, speaker in found] == [("direct", "Karen Melchior"), ("direct", "Karen Melchior")]


def test_french_inverted_a_t_il_and_auxiliaries() -> None:
    # SemEval-2023 French articles read by hand (2026-12-07): "..., a-t-il dit lors d'une conférence"
    # gave two quotes, one spoken by "a-t-il" about "une conférence de presse"; "a dit avoir procédé
    # durant les dernières" cut the content at "rnières"; the auxiliary stuck to the speaker
    text = ("Le ministre a déclaré que la guerre durera encore longtemps. Les sanctions seront levées en mai, "
            "a-t-il dit lors d’une conférence de presse.")
    found = _one(text, "fr")
    assert [(c, s) for c, _, s in found] == [("la guerre durera encore longtemps.", "Le ministre"),
                                             ("Les sanctions seront levées en mai", "Le ministre")], found
    text = "Samedi matin, l’armée russe a dit avoir procédé durant les dernières 24 heures à 1.098 frappes."
    assert all(not c.startswith("rnières") for c, _, _ in _one(text, "fr"))


@pytest.mark.parametrize("text", [
    "Die Akte wird dauerhaft geführt, so dass eine gesamtheitliche Versorgung des Patienten möglich ist.",
    "Die so entstehenden Versorgungsketten sind zwischen den Einrichtungen nur lose verzahnt, hieß es.",
    "Die mit IBM entwickelte eGA ermöglicht es den Versicherten, alle Daten über ihr Smartphone zu laden.",
])
def test_german_so_dass_and_capitalised_nouns_are_no_cues(text: str) -> None:
    # a German company blog (extraction benchmark, 2026-12-07): "so dass" (so that), "so entstehenden",
    # and the noun "Versicherten" (the insured) had made the speakers "Versorgung", "Intransparenzen"
    found = _one(text, "de")
    assert not [f for f in found if f[2] in ("Versorgung", "Versorgungsketten", "es", "Versicherten")], found


@pytest.mark.parametrize(("text", "speaker"), [
    ("Die Lage sei ernst, so Merkel.", "Merkel"),
    ("Die Lage sei ernst, so der Minister.", "Minister"),
])
def test_german_so_before_a_speaker_still_reports(text: str, speaker: str) -> None:
    assert [s for _, _, s in _one(text, "de")] == [speaker]


def test_an_organisation_before_a_name_is_no_part_of_it() -> None:
    # multilingual SemEval-2023 article (ru), 2026-12-07: the speaker had been "Евросюза Жозеп Боррель"
    from storylens.enrich.quotes.actors import actor_lookup

    actors = RegistryActors(actor_lookup().reg)
    text = "Глава дипломатии Евросюза Жозеп Боррель заявил, что позиция организации пока не является ключевой."
    assert [q.speaker for q in extract_quotes_i18n(text, "ru", actors)] == ["Жозеп Боррель"]


def test_an_elided_article_before_a_noun_is_no_name() -> None:
    # an Italian title, 2026-12-07: "L'annuncio" (the announcement) had been the speaker of six quotes
    text = ("L'annuncio della presidente della Commissione Europea: \"Piano di emergenza entro metà luglio\"\n\n"
            "La presidente ha parlato oggi.")
    assert all(q.speaker != "L'annuncio" for q in extract_quotes_i18n(text, "it"))
    assert [q.speaker for q in extract_quotes_i18n("L'Aquila ha detto che tutto va bene.", "it")] == ["L'Aquila"]


def test_a_prepositional_phrase_after_the_verb_names_nobody() -> None:
    # ru SemEval-2023 article, 2026-12-07: "против спецоперации России на Украине" had been the speaker,
    # and "отметил он" then inherited it; a locative source ("сообщили в МЧС") still names one
    text = ("Боррель добавил, что в марте 140 стран, включая участниц G20, выступили против спецоперации России "
            "на Украине. Однако мнения о допустимых мерах и последствиях кризиса расходятся, отметил он.")
    speakers = [q.speaker for q in extract_quotes_i18n(text, "ru")]
    assert "против спецоперации России на Украине" not in speakers, speakers


@pytest.mark.parametrize(("text", "lang", "speaker"), [
    # 120 multilingual SemEval-2023 articles outside the labelled set (2026-12-07): a speaker named in
    # an aside inside the quote had no speaker at all (6 of 40 quotes read)
    ("«Questo è un chiaro segnale — ha detto la commissaria Ue per la Sanità Stella Kyriakides — che l’agenzia "
     "può rispondere efficacemente»", "it", "Stella Kyriakides"),
    ("“Ecco perché – prosegue Zan – è inaccettabile questo atteggiamento di strumentalità politica”", "it", "Zan"),
    ("“Se lo propone FdI è un atto di guerra. – ha incalzato il senatore FdI Alberto Balboni – Ora cosa diranno?”",
     "it", "Alberto Balboni"),
    ("«Всем нам хорошо известно, — отметил парламентарий, — что у России есть тактическое ядерное оружие»",
     "ru", "парламентарий"),
    # ... and an aside with the verb alone: the last one named speaks again
    ('Dziennikarka Natalia Iwanowa podkreśliła, że przyczyną problemów są sankcje. "Wszystko to - zapewnia - może '
     'nawet doprowadzić do głodu we Francji".', "pl", "Dziennikarka Natalia Iwanowa"),
])
def test_a_speaker_in_an_aside_inside_the_quote(text: str, lang: str, speaker: str) -> None:
    direct = [q for q in extract_quotes_i18n(text, lang) if q.kind == "direct"]
    assert [q.speaker for q in direct] == [speaker], [(q.speaker, q.cue) for q in direct]


def test_an_abbreviated_title_and_an_opening_phrase_are_no_speakers() -> None:
    # the same sample: "a déclaré M. Blumenthal" had the speaker "M"; "Podczas autoryzacji rozmowy,
    # Janusz Korwin-Mikke wysłał: „…”" had "Podczas"; "Nei giorni scorsi lo stesso leader …: “…”" had "Nei"
    fr = "« L’artillerie à longue portée est très, très importante pour nous tous », a déclaré M. Blumenthal."
    assert [q.speaker for q in extract_quotes_i18n(fr, "fr")] == ["Blumenthal"]
    pl = ("Podczas autoryzacji rozmowy, Janusz Korwin-Mikke wysłał Post Scriptum: „Rosja powinna była postawić "
          "Ukrainie ultimatum już pięć lat temu”.")
    assert [q.speaker for q in extract_quotes_i18n(pl, "pl") if q.kind == "direct"] == ["Janusz Korwin-Mikke"]
    it = ("Nei giorni scorsi lo stesso leader del partito era tornata a chiedere le dimissioni del ministro: “In "
          "tutti questi anni non abbiamo mai visto una sua singola iniziativa”.")
    assert [q.speaker for q in extract_quotes_i18n(it, "it") if q.kind == "direct"] == [None]


@pytest.mark.parametrize(("text", "lang", "speaker"), [
    # the same sample: the subject before phrases set off by commas (the speaker had been nobody)
    ("M. Medvedev, vice-président du Conseil de sécurité, a déclaré que la Russie ne laissera pas faire cela.",
     "fr", "Medvedev"),
    ("Le secrétaire à la Défense, Ben Wallace, a annoncé que la formation sera longue et difficile.", "fr",
     "Ben Wallace"),
    ("L’ancien Président de la Moldavie, Igor Dodon, qui a déclaré que l’état essayait de s’imposer partout.", "fr",
     "Igor Dodon"),
    ("Il portavoce di una multinazionale alimentare, che ha parlato in anonimato, ha affermato che questo "
     "passaggio non è facile.", "it", "Il portavoce"),
    # a dropped subject speaks for the last speaker in text order; the impersonal "mówi się" for nobody
    ("Ekspert Jan Kowalski powiedział, że to bardzo trudna sprawa dla rządu. Zaznaczył jednak, że jest to "
     "procedura bardzo trudna.", "pl", "Ekspert Jan Kowalski"),
    ("Ekspert Jan Kowalski powiedział, że to bardzo trudna sprawa dla rządu. Mówi się, że jest to procedura "
     "bardzo trudna.", "pl", None),
])
def test_the_subject_of_a_reported_statement(text: str, lang: str, speaker: str | None) -> None:
    assert _last_speaker(text, lang) == speaker


@pytest.mark.parametrize(("text", "lang"), [
    # a speech verb in a fixed phrase reports nobody; "fait valoir" had made "fait" a cue
    ("Kurz gesagt, die US-Regierung und ihre NGOs haben keine moralische Grundlage dafür.", "de"),
    ("Malgré le fait que Moscou voit sans doute cela comme une énorme provocation.", "fr"),
    ("Detto questo, che dovrebbe aiutare a capire un po’ meglio lo scenario politico.", "it"),
])
def test_fixed_phrases_are_no_quotes(text: str, lang: str) -> None:
    assert extract_quotes_i18n(text, lang) == []


@pytest.mark.parametrize(("text", "lang", "speaker"), [
    # 60 more unlabelled articles (2026-12-07): the verb right after the closing mark, without a comma;
    # an initial inside the name; an honorific; a prepositional phrase after the speaker's words
    ("« Fin de la guerre en Ukraine, retour à la normale des prix » déclarait hier la présidente de la Commission "
     "européenne Ursula von der Leyen.", "fr", "Ursula von der Leyen"),
    ("« L’Arabie saoudite est un partenaire essentiel pour nous », a déclaré mercredi le secrétaire d’État "
     "Antony J. Blinken.", "fr", "Antony J. Blinken"),
    ("„Was Deutschland wirklich beruhigte, war die Präsenz der Soldaten“, sagte Herr Sikorski.", "de", "Sikorski"),
    ("« Le cancer de Vladimir Poutine pourrait réconcilier les peuples » avait déclaré le sénateur républicain sur "
     "la chaîne CBSN.", "fr", "le sénateur républicain"),
])
def test_the_speaker_after_the_closing_mark(text: str, lang: str, speaker: str) -> None:
    assert [q.speaker for q in extract_quotes_i18n(text, lang)] == [speaker]


def test_a_quoted_term_before_a_verb_is_no_quote() -> None:
    assert extract_quotes_i18n("Le mot « guerre » dit tout sur cette affaire.", "fr") == []
    ru = 'Если считать разрушение завода "хорошим примером", то это действительно многое говорит о планах.'
    assert [q for q in extract_quotes_i18n(ru, "ru") if q.kind == "direct"] == []
    assert [q.speaker for q in extract_quotes_i18n("M. Medvedev a déclaré que la Russie ne cédera pas.", "fr")] \
        == ["Medvedev"]  # (the title "M." is no initial of the name)


@pytest.mark.parametrize(("text", "lang", "speaker"), [
    # the 67 last unlabelled articles (2026-12-07): a phrase of the verb's own before the speaker, a title
    # with its "of" phrase before the name, "one of", an oblique pronoun
    ("“La situazione è grave per tutti noi qui”, scrive su Twitter Giorgia Meloni.", "it", "Giorgia Meloni"),
    ("“La situazione è grave per tutti noi qui”, ha affermato il portavoce del Cremlino Dmitry Peskov.", "it",
     "Dmitry Peskov"),
    ("Il dottor Benjamin Buttlar ritiene che molte persone mangino carne per abitudine. “Penso che molte persone "
     "apprezzino il gusto della carne”, ha detto a DW.", "it", "Benjamin Buttlar"),
    ("« Le plan sera présenté demain à Bruxelles », a déclaré le directeur de l’Agence fédérale du travail.", "fr",
     "le directeur de l’Agence fédérale"),  # (five words at most)
    ('"Просто еще один повод для фото и ничего больше", — написал один из комментаторов сайта DM.', "ru",
     "один из комментаторов сайта DM"),
    ("Według niego, czas pracy w firmie zależy od dogadania się pracownika z szefem.", "pl", None),
])
def test_who_follows_the_verb(text: str, lang: str, speaker: str | None) -> None:
    assert _last_speaker(text, lang) == speaker


@pytest.mark.parametrize(("text", "lang", "speaker"), [
    # 247 unlabelled articles (2026-12-07): a name in an oblique case takes the nominative the article
    # itself writes elsewhere; a feminine surname or a country in the nominative stays
    ("Палмер предупредил, что доза токсинов ограничена. И, по словам Палмера, это один из самых больших "
     "скандалов.", "ru", "Палмер"),
    ("Krzysztof Winnicki podkreślił, że Konfederacja jest gotowa. Według Winnickiego, ta ofensywa przyniosła "
     "partii bardzo dobre efekty.", "pl", "Winnicki"),
    ("Денисов и Денисова выступили вместе. Денисова заявила, что переговоры продолжатся в понедельник.", "ru",
     "Денисова"),
])
def test_a_name_in_an_oblique_case(text: str, lang: str, speaker: str) -> None:
    assert _last_speaker(text, lang) == speaker


def test_a_french_cleft_names_who_wrote_it() -> None:
    # the same sample: «…» : C’est ce qu’écrivent (conjointement) les ambassadeurs … had no speaker
    text = ("« Les États-Unis accueilleront le Sommet pour la démocratie qui se tiendra en ligne » : C’est ce "
            "qu’écrivent (conjointement) les ambassadeurs de Russie et de Chine en poste à Washington.")
    assert [q.speaker for q in extract_quotes_i18n(text, "fr")] == ["les ambassadeurs de Russie"]


def test_a_section_label_is_no_speaker() -> None:
    # an English title the language identifier read as Italian: "OPINION" had been a speaker
    assert extract_quotes_i18n("OPINION: Bravo, Mr. President\n\nOPINION: Bravo, Mr. President", "it") == []
    assert [q.speaker for q in extract_quotes_i18n("KCNA: la Corea del Nord non rinuncerà mai al suo programma",
                                                   "it")] == ["KCNA"]
