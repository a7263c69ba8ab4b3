"""The own hand-labelled tone set ("targets, not topics") and its place in `eval tone`."""

from __future__ import annotations

import json
from collections import Counter

from click.testing import CliRunner

from storylens.cli import main
from storylens.enrich.tone_model import ToneModel
from storylens.eval.tone import OWN_SET, case_accuracy, load_newsmtsc


def test_own_set_is_real_labelled_and_covers_the_probes() -> None:
    rows = [json.loads(line) for line in OWN_SET.read_text(encoding="utf-8").splitlines()]
    targets = load_newsmtsc(OWN_SET)
    assert len(targets) >= 150
    assert all(r["source"].startswith(("demo/corpus/", "corpus-allsides/")) for r in rows)
    assert all(t.sentence[t.start:t.end] == t.mention for t in targets)
    cases = Counter(t.case for t in targets)
    assert {"beneficiary", "victim", "aim", "prefix"} <= set(cases) and min(cases.values()) >= 10
    assert set(Counter(t.label for t in targets)) == {"negative", "neutral", "positive"}


def test_case_accuracy_counts_every_target() -> None:
    rows = case_accuracy(OWN_SET, ToneModel.load())
    assert sum(r["targets"] for r in rows) == len(load_newsmtsc(OWN_SET))
    assert all(0.0 <= r["accuracy"] <= 1.0 for r in rows)


def test_eval_tone_own_beside_newsmtsc() -> None:
    r = CliRunner().invoke(main, ["eval", "tone", "--newsmtsc", str(OWN_SET), "--model", "static",
                                  "--own", "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert set(out) == {"newsmtsc", "own", "own_cases"}
    assert out["own"][0]["system"] == "storylens (static-lr)" and out["own"][0]["targets"] >= 150
    assert out["newsmtsc"][0]["macro_f1"] == out["own"][0]["macro_f1"]  # same file, same model
    r = CliRunner().invoke(main, ["eval", "tone", "--newsmtsc", str(OWN_SET), "--model", "static", "--own"])
    assert r.exit_code == 0 and "accuracy per case" in r.output
