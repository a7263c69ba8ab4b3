"""Quality floors for syndication on seeded copies of real AllSides articles.

Pinned below the measured figures (docs/syndication.md) so a regression fails
loudly; the issue's targets are near-duplicate precision >= 0.98, recall
>= 0.95 and passage recall >= 0.95.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from eval_baseline import floor
from storylens.eval.syndication import CORPUS_REL, evaluate


def corpus_path() -> Path:
    return shared_path(*Path(CORPUS_REL).parts)


def test_syndication_floors_small() -> None:
    res = evaluate(corpus_path(), originals=120, passages=80, distractors=80, seed=5)
    assert res["near"]["precision"] >= floor("syndication.small.near_precision"), res["near"]
    assert res["near"]["recall"] >= floor("syndication.small.near_recall"), res["near"]
    assert res["passages"]["recall"] >= floor("syndication.small.passage_recall"), res["passages"]
    partial = floor("syndication.small.found_as_partial")
    assert res["passages"]["found_as_partial"] >= partial * res["passages"]["inserted"]
    assert res["origin_accuracy"] >= floor("syndication.small.origin_accuracy")


@pytest.mark.slow
def test_syndication_floors_full() -> None:
    res = evaluate(corpus_path())
    assert res["near"]["precision"] >= floor("syndication.full.near_precision"), res["near"]
    assert res["near"]["recall"] >= floor("syndication.full.near_recall"), res["near"]
    assert res["passages"]["recall"] >= floor("syndication.full.passage_recall"), res["passages"]
