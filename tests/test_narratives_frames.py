"""Quality floors on the Narrative Frames Corpus (428 climate articles; `storylens eval frames`).

Measured with `storylens eval frames --narrative-framing ../shared/data/frames-narrative-framing`:
pack macro-F1 0.494 (keyword baseline 0.475, majority 0.154); roles: cue tagger accuracy 0.405
(majority 0.388); cross-validated classifier (nested threshold) macro-F1 0.578, role accuracy 0.497.
"""

from __future__ import annotations

import pytest

from conftest import shared_path
from eval_baseline import floor
from storylens.eval.frames import FRAMES, evaluate, load, prf


def test_loader_and_metric() -> None:
    data = load(shared_path("data", "frames-narrative-framing"))
    assert len(data.ids) == 427 and len(data.roles) == 1944
    assert set(data.labels) == set(FRAMES)
    assert prf([True, True, False], [True, False, True]) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_pack_and_baselines_floor() -> None:
    r = evaluate(shared_path("data", "frames-narrative-framing"), ("majority", "keyword", "pack"))
    pack, kw, maj = (r["frames"][m]["macro_f1"] for m in ("pack", "keyword", "majority"))
    assert pack >= floor("frames.pack_macro_f1"), pack
    assert pack > kw > maj
    assert r["frames"]["pack"]["per_frame"]["CO"]["f1"] >= floor("frames.pack_co_f1")
    assert r["roles"]["keyword"]["accuracy"] >= floor("frames.roles_keyword_accuracy")
    assert r["roles"]["keyword"]["accuracy"] > r["roles"]["majority"]["accuracy"]


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_learned_cross_validated_floor() -> None:
    r = evaluate(shared_path("data", "frames-narrative-framing"), ("learned",))
    assert r["frames"]["learned"]["macro_f1"] >= floor("frames.learned_macro_f1")
    assert r["roles"]["learned"]["accuracy"] >= floor("frames.roles_learned_accuracy")
