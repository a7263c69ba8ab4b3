"""Quotation-mark scanning: curly and straight marks, quotes over paragraphs, unbalanced marks."""

from __future__ import annotations

from storylens.enrich.quotes.marks import find_mark_spans


def _texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_mark_spans(text)]


def test_marks_curly_and_straight() -> None:
    text = 'He said “first one,” and then "second one" too.'
    assert _texts(text) == ["first one,", "second one"]


def test_marks_quote_runs_over_paragraphs_when_next_opens_with_mark() -> None:
    text = '“The first paragraph of the quote.\n\n“And its second paragraph,” she said.'
    spans = find_mark_spans(text)
    assert len(spans) == 1
    assert spans[0].paragraphs == 2
    assert text[spans[0].start:spans[0].end].endswith("second paragraph,")


def test_marks_unbalanced_mark_ends_at_paragraph() -> None:
    text = 'He said "this never closes\nThe next paragraph is narration. "Then a real one."'
    got = _texts(text)
    assert got[0] == "this never closes"
    assert got[1] == "Then a real one."


def test_marks_stray_closing_mark_ignored() -> None:
    assert _texts("An odd ” mark, then “a quote”.") == ["a quote"]
