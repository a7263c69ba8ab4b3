"""Language ID fit for headlines: restricted to the corpus's languages, a hint from the input
when the model is unsure, and how each answer was reached."""

from __future__ import annotations

from conftest import DATA, shared_path
from eval_baseline import floor
from storylens.eval.language import build_set, prior_accuracy, score
from storylens.extract.language import detect_language, identify


def test_english_headlines_are_english_not_pidgin() -> None:
    # headlines of the shapes that came out `pcm` or with no language before
    for h in ("Ukraine war: Russia pounds Mariupol as civilians flee",
              "Biden warns Xi of consequences if China helps Russia",
              "Covid: Hong Kong deaths rise as hospitals overwhelmed",
              "China's grain output hits record high in 2021"):
        assert detect_language(h) == "en", h
    assert detect_language("习近平会见俄罗斯外长拉夫罗夫") == "zh"
    assert detect_language("Путин провёл переговоры с Си Цзиньпином") == "ru"


def test_uncertain_answers_take_the_input_hint_and_say_so() -> None:
    d = identify("Live", hint="en-GB")
    assert (d.language, d.how) == ("en", "hint")
    assert identify("Live").how == "none" and identify("Live").language is None
    d = identify("Ukraine war: Russia pounds Mariupol as civilians flee")
    assert d.how == "detected" and d.confidence >= 0.5
    # a hint outside the allowed languages is ignored
    assert identify("ok", hint="xx").language is None


# Written for this test: an Indonesian paragraph (Indonesian is not among the default languages).
INDONESIAN = (
    "Semoga kita bisa memahami dan mengamalkan ajaran ini dengan baik. Jangan berlebihan dalam "
    "mencintai atau membenci sesuatu, biasa saja. Para ulama pada masa itu mulai membentuk mazhab "
    "masing-masing, dan semua punya hubungan dengan sejarah panjang umat. Kita harus saling "
    "menghormati walaupun berbeda pendapat, karena perbedaan adalah rahmat bagi semua orang."
)


def test_a_declared_language_outside_the_setting_is_kept_when_the_text_reads_so() -> None:
    """An Indonesian page (lang="id-ID") came out Turkish at 0.9995 — the restricted model has
    no Indonesian — and the cleaner then cut its own phrases ("membentuk mazhab", "semua punya
    hubungan") as foreign-word spam. The declared language now stands when the unrestricted
    model agrees on enough text; a short text or a wrong declaration does not move the answer."""
    d = identify(INDONESIAN, hint="id-ID")
    assert (d.language, d.how) == ("id", "hint") and d.confidence >= 0.5
    assert identify(INDONESIAN).language != "id"  # no declaration: the setting still rules
    assert identify("Semoga kita bisa memahami", hint="id").language != "id"  # a headline is too short
    assert identify(INDONESIAN, hint="sw").language != "sw"  # a declaration the text does not bear out


def test_the_cleaner_keeps_a_declared_indonesian_page_whole() -> None:
    from storylens.config import Settings
    from storylens.pipeline import Pipeline
    from storylens.types import Article, Provenance, RawDocument

    html = (f'<html lang="id-ID"><head><title>Sejarah</title></head><body><article><h1>Sejarah</h1>'
            f'<p>{INDONESIAN}</p><p>{INDONESIAN}</p></article></body></html>')
    article = Pipeline(Settings({"enrich": False})).process(
        RawDocument(Provenance("page.html", "html", None), html=html.encode()))
    assert isinstance(article, Article) and article.language == "id"
    assert "membentuk mazhab" in article.text and not [r for r in article.removals if r.reason == "spam"]


def test_short_text_accuracy_floor() -> None:
    """Titles and first sentences of known-language articles from the shared corpora (983 texts).
    Measured: train 0.988 / dev 0.987 with the default languages (before: 0.834 / 0.855; 0.986 /
    0.983 before an uncertain answer with a fifth for English became English)."""
    shared_path("data", "corpus-multilingual-semeval2023")
    items = build_set(DATA)
    assert len(items) >= 900
    for split in ("train", "dev"):
        part = [i for i in items if i.split == split]
        assert score(part, detect_language)["accuracy"] >= floor("language.short_text_accuracy"), split
        # in a file of their own language (sources.file_language), and in a file of another one
        prior = prior_accuracy(part, None)
        assert prior["accuracy_file_language"] >= floor("language.file_language_accuracy"), split
        assert prior["accuracy_other_file_language"] >= floor("language.other_file_language_accuracy"), split


def test_uncertain_title_with_english_share_is_english() -> None:
    """An English title the model half-reads as German is English (the German quote rules had
    made "Hunter Biden" the speaker of "The Most Comprehensive Timeline"); a German title the
    model is sure of stays German, and an uncertain one with little English stays unsure."""
    from storylens.extract.language import identify

    hunter = identify("Hunter Biden: The Most Comprehensive Timeline")
    assert (hunter.language, hunter.how) == ("en", "uncertain")
    assert identify("Live-Ticker: Scholz in Kiew").language == "de"
    assert identify("Peschiera des Garda, Italien (Weltexpress).").language == "de"
