"""Per-document output does not depend on Python's string hash seed.

A Spark-vs-local mismatch once came from iterating a set of strings (``roles``):
its order changes with PYTHONHASHSEED, which differs between processes (pool
workers, Spark executors). Two processes with different seeds annotate the same
pages and must print identical records.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import DEMO, ROOT

PAGES = sorted((DEMO / "pages").glob("*.html"))[:4]


def _annotate(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
    code = "from storylens.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code, "annotate", *map(str, PAGES), "--workers", "1"],
                          env=env, check=True, capture_output=True, text=True, timeout=300)
    return done.stdout


@pytest.mark.skipif(len(PAGES) < 2, reason="demo pages absent")
def test_annotate_identical_under_two_hash_seeds() -> None:
    first = _annotate("1")
    second = _annotate("2")
    assert first.count("\n") == len(PAGES)
    assert '"actors"' in first and '"quotes"' in first
    assert first == second
