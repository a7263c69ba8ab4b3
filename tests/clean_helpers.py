"""Helpers shared by the tests of the clean stage."""

from __future__ import annotations

from conftest import shared_path as shared  # ../shared or $STORYLENS_SHARED; skips when absent

__all__ = ["shared"]
