"""The eval gate itself: the baseline file parses, holds sensible numbers, and every floor in it
is read by some test (a floor nobody checks would look like protection and be none)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eval_baseline import BASELINE, ceiling, floor, floors

TESTS = Path(__file__).parent
CALL = re.compile(r"""\b(?:floor|ceiling)\(\s*["']([\w.]+)["']""")


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for path in TESTS.glob("test_*.py"):
        if path.name != Path(__file__).name:
            keys |= set(CALL.findall(path.read_text(encoding="utf-8")))
    return keys


def test_baseline_parses_with_sensible_values() -> None:
    values = floors()
    assert len(values) >= 40
    for key, value in values.items():
        assert re.fullmatch(r"[a-z]\w*(\.[a-z0-9]\w*)+", key), key
        assert isinstance(value, int | float) and not isinstance(value, bool), key
        assert 0.0 <= value <= 1.0, (key, value)


def test_every_line_says_how_it_is_measured() -> None:
    for line in BASELINE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert "#" in line and line.split("#", 1)[1].strip(), f"no command comment: {line}"


def test_every_floor_is_used_and_every_use_exists() -> None:
    used, pinned = _used_keys(), set(floors())
    assert not pinned - used, f"floors no test reads: {sorted(pinned - used)}"
    assert not used - pinned, f"tests read floors the baseline lacks: {sorted(used - pinned)}"


def test_floor_and_ceiling_are_not_mixed_up() -> None:
    assert floor("quotes.dev20.content_f1") == floors()["quotes.dev20.content_f1"]
    assert ceiling("cleaning.sample.collateral_loss_max") == floors()["cleaning.sample.collateral_loss_max"]
    with pytest.raises(KeyError, match="ceiling"):
        floor("cleaning.sample.collateral_loss_max")
    with pytest.raises(KeyError, match="floor"):
        ceiling("quotes.dev20.content_f1")
    with pytest.raises(KeyError):
        floor("quotes.no_such_metric")
