"""Shared fixtures. Tests may read ../shared (evaluation data); skip cleanly when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.config import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
FIXTURES = Path(__file__).parent / "fixtures"
DEMO = ROOT / "demo" / "corpus"


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (../shared is beside the repository in CI)")
    return p


@pytest.fixture
def settings() -> Settings:
    return Settings({"clean": False, "enrich": False})


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_path("seed", "seed-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    import json

    return json.loads(shared_path("seed", "seed-article.gold.json").read_text(encoding="utf-8"))
