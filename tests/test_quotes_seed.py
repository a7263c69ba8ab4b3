"""The seed article: every gold direct quote with its speaker, no scare quotes, most reported speech."""

from __future__ import annotations

import re

import pytest

from storylens.enrich.quotes import extract_quotes


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


@pytest.fixture(scope="module")
def seed_quotes(seed_text: str) -> list:
    from storylens.enrich.nlp import load_english
    from storylens.enrich.quotes.actors import actor_lookup

    quotes = extract_quotes(load_english()(seed_text), actor_lookup())
    for q in quotes:
        q.extras["text"] = seed_text[q.start:q.end]
    return quotes


def _match(quotes: list, gold_text: str, kind: str):  # type: ignore[no-untyped-def]
    g = set(_norm(gold_text).split())
    best, score = None, 0.0
    for q in quotes:
        if q.kind != kind:
            continue
        words = set(_norm(q.extras["text"]).split())
        s = len(g & words) / len(g)
        if s > score:
            best, score = q, s
    return best if score >= (0.9 if kind == "direct" else 0.6) else None


def _speaker_ok(q, gold_speaker: str) -> bool:  # type: ignore[no-untyped-def]
    if gold_speaker == "anonymous":
        return bool(q.anonymous) and q.speaker_type == "anonymous"
    return q.speaker == gold_speaker


def test_quotes_seed_all_direct_quotes_with_speaker(seed_quotes: list, seed_gold: dict) -> None:
    direct = [g for g in seed_gold["quotes"] if g["kind"] == "direct"]
    assert len(direct) == 16
    for g in direct:
        q = _match(seed_quotes, g["text"], "direct")
        assert q is not None, f"direct quote not found: {g['text'][:60]!r}"
        assert _speaker_ok(q, g["speaker"]), f"{g['text'][:50]!r}: got {q.speaker!r}, want {g['speaker']!r}"
        assert bool(q.partial) == g["partial"], g["text"][:50]


def test_quotes_seed_scare_quotes_are_not_quotes(seed_quotes: list, seed_gold: dict) -> None:
    for not_quote in seed_gold["not_quotes"]:
        assert not any(q.kind == "direct" and _norm(q.extras["text"]) == _norm(not_quote) for q in seed_quotes)


def test_quotes_seed_reported_speech(seed_quotes: list, seed_gold: dict) -> None:
    indirect = [g for g in seed_gold["quotes"] if g["kind"] == "indirect"]
    found = [g for g in indirect if (q := _match(seed_quotes, g["text"], "indirect")) is not None
             and (_speaker_ok(q, g["speaker"]) or (g["speaker"] == "Chinese observers" and q.speaker == g["speaker"]))]
    assert len(found) >= 5, [g["text"][:40] for g in indirect if g not in found]  # issue: >= 4


def test_quotes_seed_speaker_actors_and_types(seed_quotes: list, seed_gold: dict) -> None:
    by_speaker = {q.speaker: q for q in seed_quotes if q.speaker}
    for name in ("Xi Jinping", "Gu Su", "Wu Qiang", "Joe Biden"):
        assert by_speaker[name].speaker_actor == seed_gold["speakers"][name]["actor"], name
    assert by_speaker["Xi Jinping"].speaker_type == "official"
    assert by_speaker["Gu Su"].speaker_type == "expert"
    assert by_speaker["Wu Qiang"].speaker_type == "expert"
    assert by_speaker["Wu Qiang"].speaker_descriptor == "Beijing-based independent analyst"
    assert by_speaker["Gu Su"].speaker_descriptor == "a political scientist at Nanjing University"
    assert by_speaker["International Federation of Journalists"].speaker_type == "organisation"
    anon = [q for q in seed_quotes if q.anonymous]
    assert anon and all(q.speaker_actor == "China" for q in anon)
