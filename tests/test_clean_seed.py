"""The seed article: the spam keyword, the residue line, the title fragments and both
captions are removed, and nothing else of the body."""

from __future__ import annotations

import json
import re

from clean_helpers import shared
from storylens.clean.stage import CleanStage
from storylens.config import Settings
from storylens.types import Article


def _seed() -> tuple[Article, dict]:
    text = shared("seed", "seed-article.txt").read_text(encoding="utf-8").strip()
    gold = json.loads(shared("seed", "seed-article.gold.json").read_text(encoding="utf-8"))
    # a scraped copy: the residue and title lines are part of the body text, as the crawl had them
    art = Article(id="seed", source="seed-article.txt", source_kind="txt", offset=None, url=None,
                  outlet=None, outlet_name=None, title=gold["title"], author=None, published=None,
                  language="en", text=text, raw_text=text)
    return art, gold


def test_seed_noise_removed_and_body_kept() -> None:
    art, gold = _seed()
    out = CleanStage(Settings())(art)
    removed = [r.text.strip() for r in out.removals]
    noise = gold["noise"]
    assert "토토사이트" in removed
    assert "user's avatar" in removed
    assert removed.count("Xi wants isolated") == art.raw_text.count("Xi wants isolated\n") + 1
    for caption in noise["captions"]:
        assert caption in removed
        assert caption not in out.text
    # nothing else; the headline itself (once, at the top) is kept
    expected = {*noise["spam"], *noise["ui_residue"], *noise["title_fragments"], *noise["captions"]}
    assert [t for t in removed if t not in expected] == []
    assert out.text.startswith(gold["title"] + "\n")
    # every body paragraph survives, the keyword's sentence reads "remarks at study session"
    assert "Xi Jinping's remarks at study session of the Politburo" in out.text
    body = [p for p in art.raw_text.split("\n") if p.strip() and p.strip() not in expected]
    for para in body:
        assert para.replace("토토사이트 ", "") in out.text
    assert out.spam_injected and not out.page_spam
    # offsets point into raw_text
    for r in out.removals:
        assert art.raw_text[r.start:r.end] == r.text
    # the seed's words: only noise tokens are gone
    before = re.findall(r"\w+", art.raw_text)
    after = re.findall(r"\w+", out.text)
    assert len(before) - len(after) == sum(len(re.findall(r"\w+", t)) for t in removed)


def test_seed_cleaning_twice_changes_nothing() -> None:
    art, _ = _seed()
    stage = CleanStage(Settings())
    once = stage(art)
    twice = stage(once)
    assert twice.text == once.text
    assert twice.removals == once.removals
