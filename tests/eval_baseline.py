"""The eval gate: quality floors read from ``tests/eval_baseline.toml``.

Why one file: a floor written as a literal inside a test can be lowered quietly beside the
change that made a stage worse; here every floor sits in one reviewed table, with the command
that measures it, and ``tests/test_eval_baseline.py`` checks that each one is used.

    from eval_baseline import floor
    assert overall["f1"] >= floor("quotes.dev20.content_f1"), overall
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

BASELINE = Path(__file__).with_name("eval_baseline.toml")


def _flatten(table: dict, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


@cache
def floors() -> dict[str, float]:
    """Every `stage.metric` -> value in the baseline file (dotted keys flattened)."""
    with BASELINE.open("rb") as fh:
        return _flatten(tomllib.load(fh))


def floor(key: str) -> float:
    """The pinned floor for `key` (a measured figure must be >= it). Unknown keys fail loudly."""
    if key.endswith("_max"):
        raise KeyError(f"{key} is a ceiling: use ceiling({key!r})")
    return float(floors()[key])


def ceiling(key: str) -> float:
    """The pinned ceiling for a `_max` key (a measured cost or loss must be <= it)."""
    if not key.endswith("_max"):
        raise KeyError(f"{key} is a floor: use floor({key!r})")
    return float(floors()[key])
