"""The article-level tone set (one label per actor and article) and `eval tone --articles`."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from eval_baseline import floor
from storylens.cli import main
from storylens.enrich import tone_base
from storylens.eval.tone_articles import ARTICLE_SET, Item, article_set_filter, load_items, score


def test_the_set_is_two_halves_of_real_labelled_articles() -> None:
    articles, items = load_items()
    assert len(articles) == 120 and len(items) == 357
    assert Counter(a["half"] for a in articles) == {"A": 60, "B": 60}
    assert all(len(a["text"]) >= 1500 and a["url"].startswith("http") for a in articles)
    assert len({a["id"] for a in articles}) == 120
    per_article = Counter(i.article for i in items)
    assert max(per_article.values()) == 3  # up to three actors drawn per article
    kept = [i for i in items if not i.wrong_actor]
    assert len(kept) == 350
    assert Counter(i.label for i in kept) == {"neutral": 277, "negative": 56, "positive": 17}
    assert all(i.note for i in items)  # every label says why
    assert (ARTICLE_SET / "GUIDELINES.md").is_file() and (ARTICLE_SET / "README.md").is_file()


def test_score_counts_misses_as_neutral_and_leaves_wrong_actors_out() -> None:
    items = [Item("a", "A", "China", "negative", False, ""), Item("a", "A", "Iran", "neutral", False, ""),
             Item("b", "A", "Georgia", "neutral", True, "US state"), Item("b", "A", "Cuba", "negative", False, "")]
    got = score(items, {("a", "China"): "negative", ("a", "Iran"): "positive", ("b", "Georgia"): "negative"})
    assert got["items"] == 3 and got["wrong_actor"] == 1 and got["missed"] == 1  # Cuba not found: neutral
    assert got["predicted"] == {"negative": 1, "neutral": 1, "positive": 1}
    assert got["accuracy"] == pytest.approx(1 / 3)
    assert got["always_neutral"]["accuracy"] == pytest.approx(1 / 3)


def test_training_scripts_can_tell_the_sets_sentences() -> None:
    taken = article_set_filter()
    # a sentence of half A's article on the Khashoggi killing, and its title (short)
    assert taken("Trump has firmly rejected calls to block a $110 billion arms sale, saying the Saudis "
                 "would just make the purchase from Russia or China.")
    assert taken("Kerry Warns North Korea")
    assert not taken("China hit back at the United States on Monday with new tariffs on farm goods.")


def test_eval_tone_articles_is_its_own_report() -> None:
    r = CliRunner().invoke(main, ["eval", "tone", "--articles", "--newsmtsc", str(ARTICLE_SET / "labels.jsonl")])
    assert r.exit_code != 0 and "--articles scores the article-level set on its own" in r.output


@pytest.mark.skipif(not tone_base.available(), reason="the default model (cascade) needs storylens[mpnet]")
def test_default_pipeline_article_labels_hold_their_floor() -> None:
    r = CliRunner().invoke(main, ["eval", "tone", "--articles", "--format", "json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["model"].startswith("cascade") and report["articles"] == 120
    halves = {h["half"]: h for h in report["halves"]}
    assert set(halves) == {"A", "B", "all"}
    everything = halves["all"]
    assert everything["items"] == 350 and everything["wrong_actor"] == 7
    assert everything["missed"] <= 5, everything  # the actors stage still finds what was labelled
    assert everything["macro_f1"] >= floor("tone.articles.macro_f1"), everything
    assert everything["accuracy"] >= floor("tone.articles.accuracy"), everything
    assert (everything["macro_f1"] - everything["always_neutral"]["macro_f1"]
            >= floor("tone.articles.margin_over_neutral")), everything
