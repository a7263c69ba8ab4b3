"""Mis-decoded text (mojibake) is repaired at extraction: real AllSides titles and texts."""

from __future__ import annotations

from storylens.config import Settings
from storylens.extract.encoding import repair
from storylens.pipeline import Pipeline
from storylens.types import Article, Provenance, RawDocument

BODY = ("Secretary of State John Kerry said on Tuesday that the talks in Geneva had made progress.\n"
        "\u201cWe are closer than we have been,\u201d he told reporters after the meeting ended late at night.\n"
        "Officials from both sides are expected to meet again next week to settle the remaining issues.")


def test_repairs_real_mojibake() -> None:
    # AllSides titles as they arrive (UTF-8 read as Windows-1252, written back as UTF-8)
    assert repair("Kerry presses for end to Iran\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s shipments")[0] \
        == "Kerry presses for end to Iran\u2019s shipments"
    assert repair("offers more insight to the president\x92s summit speech") == (
        "offers more insight to the president\u2019s summit speech", True)


def test_clean_text_is_left_alone() -> None:
    for text in ["Déjà vu à Paris: « Слава Україні! » — 北京", "plain ascii", "Erdoğan’s “deal”", "", None]:
        assert repair(text) == (text, False)


def test_pipeline_repairs_text_and_title_and_counts_it() -> None:
    pipe = Pipeline(Settings({"enrich": False}))
    moji = BODY.replace("\u201c", "\u00c3\u00a2\u00e2\u201a\u00ac\u00c5\u201c")
    raw = RawDocument(Provenance("t.jsonl", "jsonl"), text=moji,
                      meta={"title": "Kerry: talks \u00c3\u00a2\u00e2\u201a\u00ac\u00cb\u0153closer\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2"})
    art = pipe.process(raw)
    assert isinstance(art, Article)
    assert art.text.startswith(BODY[:40]) and "\u201cWe are closer" in art.text and "\u00c3" not in art.raw_text
    assert art.title == "Kerry: talks \u2018closer\u2019"
    assert pipe.counters.get("text_repaired") == 1
