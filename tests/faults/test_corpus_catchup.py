"""A crash between the last batch commit and the corpus stages is repaired by the next run.

Stories and syndication compare their tables with ``articles`` (storylens.corpus.stage), so an
ingest that stores nothing new still catches them up, and ``stats`` names the stages behind.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storylens.cli import main
from storylens.config import Settings
from storylens.corpus.stage import run_corpus_stages, stages_behind
from storylens.ingest import ingest
from storylens.store import Store


def test_crash_before_corpus_stages_is_caught_up_by_the_next_ingest(tmp_path: Path, db_path: Path, small_corpus) -> None:
    src = small_corpus(tmp_path / "in")
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


def test_corpus_command_catches_up(tmp_path: Path, db_path: Path, small_corpus) -> None:
    src = small_corpus(tmp_path / "in")
    off = Settings({"min_text_chars": 20, "enrich": False, "stories": False, "syndication": False})
    with Store(db_path) as store:
        ingest([str(src)], store, off, workers=1)
    res = CliRunner().invoke(main, ["corpus", "--db", str(db_path), "--only", "syndication", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "syndication" in json.loads(res.output)
    res = CliRunner().invoke(main, ["corpus", "--db", str(db_path), "--only", "nope"])
    assert res.exit_code != 0 and "no corpus stage 'nope'" in res.output
