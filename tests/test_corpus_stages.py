"""Corpus stages: the contract, the registry and the one runner that catches up."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storylens.cli import main
from storylens.config import SETTINGS, Settings
from storylens.corpus.stage import CORPUS_STAGES, run_corpus_stages, stages_behind
from storylens.ingest import ingest
from storylens.store import Store

BODY = ("The port authority said on Tuesday that container traffic rose for the third month in a row, "
        "driven by exports of machinery and electronics to neighbouring countries. Officials expect the "
        "trend to continue through the summer as new berths open and shipping lines add calls. ")
OTHER = ("A regional court ruled that the city must publish the minutes of its water board meetings, "
         "ending a two-year dispute with residents who asked how drought restrictions were decided. ")


def _corpus(folder: Path) -> Path:
    rows = [
        {"url": "https://wire.example/port", "title": "Port traffic rises again", "text": BODY * 2,
         "date": "2024-05-02", "outlet": "Wire"},
        {"url": "https://paper.example/port", "title": "Port traffic rises again", "text": BODY * 2,
         "date": "2024-05-03", "outlet": "Paper"},
        {"url": "https://paper.example/court", "title": "Court orders water board minutes", "text": OTHER * 3,
         "date": "2024-05-03", "outlet": "Paper"},
    ]
    folder.mkdir()
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def test_contract_names_real_tables_and_settings() -> None:
    known = {s.name for s in SETTINGS}
    names = [s.name for s in CORPUS_STAGES]
    assert len(names) == len(set(names)) and {"stories", "syndication", "outlet_registry"} <= set(names)
    for s in CORPUS_STAGES:
        assert set(s.settings) <= known and set(s.switches) <= set(s.settings)
        assert s.writes


def test_crash_before_corpus_stages_is_caught_up_by_the_next_ingest(tmp_path: Path, db_path: Path) -> None:
    src = _corpus(tmp_path / "in")
    # the first run stores the articles and "dies" before its corpus stages (switched off)
    crashed = Settings({"min_text_chars": 20, "enrich": False, "stories": False, "syndication": False})
    with Store(db_path) as store:
        first = ingest([str(src)], store, crashed, workers=1)
        assert first.stored == 3
        assert store.scalar("SELECT count(*) FROM story_articles") == 0
        assert store.scalar("SELECT count(*) FROM copy_index") == 0
    code = CliRunner().invoke(main, ["stats", "--db", str(db_path), "--format", "json"])
    assert json.loads(code.output)["corpus_behind"] == {"stories": 3, "syndication": 3}
    out = CliRunner().invoke(main, ["stats", "--db", str(db_path)]).output
    assert "corpus stage stories has not seen 3 articles" in out
    # the same ingest again stores nothing new, and still fills stories and copies
    with Store(db_path) as store:
        again = ingest([str(src)], store, Settings({"min_text_chars": 20, "enrich": False}), workers=1)
        assert again.stored == 0 and again.duplicates == 3
        assert set(again.corpus) >= {"stories", "syndication"}
        assert store.scalar("SELECT count(*) FROM story_articles") == 3
        assert store.scalar("SELECT count(*) FROM copy_index") == 3
        assert store.scalar("SELECT count(*) FROM copies") == 1
        assert stages_behind(store, Settings()) == {}
        # up to date: the runner skips the watermarked stages
        assert set(run_corpus_stages(store, Settings())) == {"outlet_registry"}


def test_corpus_command_catches_up(tmp_path: Path, db_path: Path) -> None:
    src = _corpus(tmp_path / "in")
    off = Settings({"min_text_chars": 20, "enrich": False, "stories": False, "syndication": False})
    with Store(db_path) as store:
        ingest([str(src)], store, off, workers=1)
    res = CliRunner().invoke(main, ["corpus", "--db", str(db_path), "--only", "syndication", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "syndication" in json.loads(res.output)
    res = CliRunner().invoke(main, ["corpus", "--db", str(db_path), "--only", "nope"])
    assert res.exit_code != 0 and "no corpus stage 'nope'" in res.output


def test_load_runs_the_corpus_stages(tmp_path: Path, db_path: Path) -> None:
    """`run --engine local` writes Parquet; `load` fills stories and copies with the same runner."""
    src = _corpus(tmp_path / "in")
    out = tmp_path / "run"
    res = CliRunner().invoke(main, ["run", str(src), "--out", str(out), "--workers", "1", "--no-enrich",
                                    "--config", str(_cfg(tmp_path))])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["load", str(out), "--db", str(db_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert set(json.loads(res.output)["corpus"]) >= {"stories", "syndication"}
    with Store(db_path) as store:
        assert store.scalar("SELECT count(*) FROM story_articles") == 3
        assert store.scalar("SELECT count(*) FROM copies") == 1


def _cfg(tmp_path: Path) -> Path:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("min_text_chars: 20\n", encoding="utf-8")
    return cfg
