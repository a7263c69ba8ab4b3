"""Actors in other languages and scripts: one language-independent actor id per actor, case
forms of Russian and Polish, Chinese without spaces, Arabic clitics, and recall floors on the
hand-labelled French, German and Russian excerpts (guidelines in fixtures/actors_multilingual)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from eval_baseline import floor
from storylens.config import Settings
from storylens.enrich.actors import ActorStage
from storylens.registry import actor_registry
from storylens.types import Article

LABELS = Path(__file__).parent / "fixtures" / "actors_multilingual"


@pytest.fixture(scope="module")
def stage() -> ActorStage:
    import spacy

    return ActorStage(Settings(), nlp=spacy.blank("en"))


def _found(stage: ActorStage, text: str, lang: str, when: str = "2022-05-01") -> list[tuple[str, str]]:
    return [(m.text, m.actor) for m in stage.mentions_foreign(text, lang, when) if m.via != "person"]


def test_one_actor_id_across_languages_and_scripts() -> None:
    reg = actor_registry()
    for form in ("Russia", "Россия", "俄罗斯", "Rosja", "Russland", "روسيا", "Russie"):
        assert reg.lookup(form).name == "Russia", form
    assert reg.lookup("США").name == "United States" and reg.lookup("美国").name == "United States"
    assert {"ru", "zh", "ar", "de", "fr", "es", "pl", "it"} <= set(reg.languages())


def test_english_matcher_sees_no_foreign_form() -> None:
    # the English PhraseMatcher and scan build on surface_forms(): other scripts stay out of it
    forms = [f for f, _, _ in actor_registry().surface_forms()]
    assert not any("\u0400" <= ch <= "\u04ff" or "\u4e00" <= ch <= "\u9fff" for f in forms for ch in f)


@pytest.mark.parametrize(("form", "case"), [("Россия", "nom"), ("России", "gen"), ("Россию", "acc"), ("Россией", "ins")])
def test_russian_case_forms(stage: ActorStage, form: str, case: str) -> None:
    assert (form, "Russia") in _found(stage, f"Переговоры с {form} продолжаются.", "ru"), case


def test_russian_sentence(stage: ActorStage) -> None:
    text = "Украина выводит войну в Россию: Кремль обвинил Киев, а американские и британские СМИ молчат."
    assert _found(stage, text, "ru") == [
        ("Украина", "Ukraine"), ("Россию", "Russia"), ("Кремль", "Russia"), ("Киев", "Ukraine"),
        ("американские", "United States"), ("британские", "United Kingdom")]


def test_polish_case_forms_and_cased_acronyms(stage: ActorStage) -> None:
    text = "W Polsce i w Niemczech mówi się o Rosji; Stany Zjednoczone i UE milczą, a Łukaszenka grozi."
    got = _found(stage, text, "pl")
    assert got == [("Polsce", "Poland"), ("Niemczech", "Germany"), ("Rosji", "Russia"),
                   ("Stany Zjednoczone", "United States"), ("UE", "European Union"),
                   ("Łukaszenka", "Alexander Lukashenko")]
    assert _found(stage, "ue, rosyjski", "pl") == [("rosyjski", "Russia")]  # "ue" is no acronym


def test_chinese_without_spaces(stage: ActorStage) -> None:
    text = "俄罗斯总统普京与美国总统拜登通电话，北约和欧盟表示关注，中方呼吁对话。"
    assert _found(stage, text, "zh") == [
        ("俄罗斯", "Russia"), ("普京", "Vladimir Putin"), ("美国", "United States"), ("拜登", "Joe Biden"),
        ("北约", "NATO"), ("欧盟", "European Union"), ("中方", "China")]


def test_arabic_clitics_and_marks(stage: ActorStage) -> None:
    text = "وقال بوتين إن روسيا ستردّ، فيما دعت الولايات المتّحدة وبريطانيا إلى الهدوء."
    got = _found(stage, text, "ar")
    assert got == [("بوتين", "Vladimir Putin"), ("روسيا", "Russia"),
                   ("الولايات المتّحدة", "United States"), ("بريطانيا", "United Kingdom")]


def test_person_speaks_for_country_in_other_language(stage: ActorStage) -> None:
    ms = stage.mentions_foreign("Президент Путин заявил об этом в среду.", "ru", "2022-05-01")
    assert {(m.actor, m.via) for m in ms} == {("Vladimir Putin", "name"), ("Russia", "person")}


def test_dateline_metonym_skipped(stage: ActorStage) -> None:
    assert _found(stage, "LONDRES – Le Royaume-Uni a annoncé", "fr") == [("Royaume-Uni", "United Kingdom")]


def test_stage_runs_on_covered_language_articles(stage: ActorStage) -> None:
    a = Article(id="x", source="s", source_kind="txt", offset=None, url=None, outlet=None,
                outlet_name=None, title=None, author=None, published=None, language="ru",
                text="Украина выводит войну в Россию", raw_text="")
    out = stage(a)
    assert {m.actor for m in out.mentions} == {"Ukraine", "Russia"}
    assert stage.covers("ru") and not stage.covers("ja")
    assert stage(a.replace(language="ja")).mentions == ()


def _report(name: str) -> dict:
    from storylens.eval.actors_multilingual import evaluate, load

    return evaluate(load(LABELS / name, shared_path("data", "corpus-multilingual-semeval2023")))


def test_recall_floor_on_labelled_excerpts() -> None:
    # measured 2026-12-05: ru 62/62, de 39/39, fr 51/52 (aliases were written after these labels
    # and with them in view: this is the tuning side)
    rep = _report("mentions.jsonl")
    for lang in ("ru", "de", "fr"):
        assert rep[lang]["gold"] >= 30 and rep[lang]["recall"] >= floor("actors.multilingual_recall"), (lang, rep[lang]["missed"])


def test_recall_floor_on_held_out_excerpts() -> None:
    # measured 2026-12-05, labelled after the aliases were written and not tuned on:
    # ru 23/26 = 0.885, de 15/18 = 0.833, fr 17/17 = 1.000
    rep = _report("heldout.jsonl")
    for lang in ("ru", "de", "fr"):
        assert rep[lang]["recall"] >= floor("actors.multilingual_heldout_recall"), (lang, rep[lang]["missed"])
