"""Helpers shared by the tests of the clean stage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import SHARED


def shared(*parts: str) -> Path:
    """A path under ../shared (or $STORYLENS_SHARED); skip when absent."""
    base = Path(os.environ.get("STORYLENS_SHARED", str(SHARED)))
    p = base.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (../shared is beside the repository in CI)")
    return p
