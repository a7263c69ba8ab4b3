"""Quality floors of the clean stage on the public benchmarks (spam injected by the
seeded generator of storylens.eval.cleaning). A fast sample runs by default; the full
evaluation is marked slow. Floors sit a little under the measured figures
(BENCHMARKS.md ## Cleaning) so that quality cannot silently regress."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clean_helpers import shared
from eval_baseline import ceiling, floor
from storylens.eval.cleaning import GEN_KEYWORDS, HOLDOUT_LANGS, evaluate, holdout_lexicon


def _check(report: dict, recall: float, seen: float, shipped: float, collateral: float) -> None:
    assert report["injections"] >= 20
    assert report["spam_recall"] >= recall
    assert report["spam_recall_seen"] >= seen
    assert report["spam_recall_shipped_lexicon"] >= shipped
    assert report["spam_recall"] > report["spam_recall_without_cleaning"] + 0.5
    assert report["collateral_loss_injected"] <= collateral
    assert report["collateral_loss_clean_pages"] <= collateral
    f1_with = report["aeb_f1_with_cleaning"]["f1"]
    f1_without = report["aeb_f1_without_cleaning"]["f1"]
    assert f1_with >= f1_without
    assert report["tf_without_leak_with_cleaning"] <= report["tf_without_leak_without_cleaning"]


def test_eval_cleaning_sample() -> None:
    report = evaluate(shared("data", "extraction-aeb"), shared("data", "extraction-trafilatura-eval"), limit=12)
    # measured: recall 1.0 (strict 0.978), seen 1.0, shipped 1.0, collateral 0.0017 / 0.0006
    _check(report, recall=floor("cleaning.sample.spam_recall"),
           seen=floor("cleaning.sample.spam_recall_seen"),
           shipped=floor("cleaning.sample.spam_recall_shipped"),
           collateral=ceiling("cleaning.sample.collateral_loss_max"))
    assert report["spam_recall_strict"] >= floor("cleaning.sample.spam_recall_strict")


@pytest.mark.slow
def test_eval_cleaning_full() -> None:
    report = evaluate(shared("data", "extraction-aeb"), shared("data", "extraction-trafilatura-eval"))
    # measured (BENCHMARKS.md): recall 0.9726 (seen 0.9977, unseen 0.9496, strict 0.9543),
    # shipped 0.9855, collateral 0.00116 / 0.00058, cost 0.24 of extraction on a busy machine
    _check(report, recall=floor("cleaning.full.spam_recall"),
           seen=floor("cleaning.full.spam_recall_seen"),
           shipped=floor("cleaning.full.spam_recall_shipped"),
           collateral=ceiling("cleaning.full.collateral_loss_max"))
    assert report["spam_recall_unseen"] >= floor("cleaning.full.spam_recall_unseen")
    assert report["spam_recall_strict"] >= floor("cleaning.full.spam_recall_strict")
    for form in ("keyword", "link", "sentence", "hidden"):
        assert report["recall_by_form"][form] >= floor("cleaning.full.recall_by_form"), form
    assert report["cost_clean_over_extract"] <= ceiling("cleaning.full.cost_over_extract_max")  # a guard against blow-ups; the target is in bench_clean


def test_holdout_really_holds_out() -> None:
    held = holdout_lexicon()
    assert not held.languages() & set(HOLDOUT_LANGS)
    assert set(HOLDOUT_LANGS) <= set(GEN_KEYWORDS)
    unseen = [k for ks in GEN_KEYWORDS.values() for k in ks if not any(h.strong for h in held.find(k))]
    assert len(unseen) >= 30  # the generator uses many terms the evaluated cleaner does not know


def test_eval_cleaning_cli_json() -> None:
    from storylens.cli import main

    res = CliRunner().invoke(main, ["eval", "cleaning", "--aeb", str(shared("data", "extraction-aeb")),
                                    "--limit", "3", "--format", "json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert {"spam_recall", "collateral_loss_injected", "aeb_f1_with_cleaning"} <= set(report)
    res = CliRunner().invoke(main, ["eval", "cleaning"])
    assert res.exit_code != 0 and "--aeb" in res.output
