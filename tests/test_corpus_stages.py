"""Corpus stages: the contract, the registry and the one runner that catches up."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storylens.cli import main
from storylens.config import SETTINGS
from storylens.corpus.stage import CORPUS_STAGES
from storylens.store import Store


def test_contract_names_real_tables_and_settings() -> None:
    known = {s.name for s in SETTINGS}
    names = [s.name for s in CORPUS_STAGES]
    assert len(names) == len(set(names)) and {"stories", "syndication", "outlet_registry"} <= set(names)
    for s in CORPUS_STAGES:
        assert set(s.settings) <= known and set(s.switches) <= set(s.settings)
        assert s.writes


def test_load_runs_the_corpus_stages(tmp_path: Path, db_path: Path, small_corpus) -> None:
    """`run --engine local` runs the corpus stages (the same runner) and writes their tables;
    `load` into an empty store brings the stories in as they are and lets the syndication stage
    rebuild its index (copies follow it)."""
    src = small_corpus(tmp_path / "in")
    out = tmp_path / "run"
    res = CliRunner().invoke(main, ["run", str(src), "--out", str(out), "--workers", "1", "--no-enrich",
                                    "--config", str(_cfg(tmp_path))])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["load", str(out), "--db", str(db_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert set(json.loads(res.output)["corpus"]) >= {"syndication"}
    assert json.loads(res.output)["inserted"]["story_articles"] == 3
    with Store(db_path) as store:
        assert store.scalar("SELECT count(*) FROM story_articles") == 3
        assert store.scalar("SELECT count(*) FROM copies") == 1


def _cfg(tmp_path: Path) -> Path:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("min_text_chars: 20\n", encoding="utf-8")
    return cfg
