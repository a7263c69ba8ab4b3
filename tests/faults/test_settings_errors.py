"""Bad settings and config files: one line, no traceback, in every worker mode.

Validation happens once in the parent (``Settings`` conversion, then
``stages.check_stages`` before the pool starts), so ``--workers 2`` reports
exactly what ``--workers 1`` reports instead of a BrokenProcessPool.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DEMO
from storylens.cli import main

FEED = str(DEMO / "feeds")


def ingest(tmp_path: Path, config: str | None, *extra: str, workers: str = "2") -> tuple[int, str]:
    args = ["ingest", FEED, "--db", str(tmp_path / "s.duckdb"), "--workers", workers, *extra]
    if config is not None:
        args += ["--config", config]
    res = CliRunner().invoke(main, args)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res.exit_code, res.output


def one_error_line(out: str) -> str:
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), out
    assert "Traceback" not in out and "BrokenProcessPool" not in out
    return lines[0]


@pytest.mark.parametrize(("body", "needle"), [
    ("story_threshold: abc\n", "story_threshold: 'abc' is not accepted"),
    ("story_threshold: -5\n", "story_threshold: -5 is not accepted"),
    ("clean: maybe\n", "clean: 'maybe' is not accepted"),
    ("batch_size: -5\n", "batch_size: -5 is not accepted"),
    ("batch_size: 0\n", "batch_size: 0 is not accepted"),
    ("min_text_chars: -1\n", "min_text_chars: -1 is not accepted"),
    ("story_window_days: -3\n", "story_window_days: -3 is not accepted"),
    ("max_page_bytes: 1.5\n", "max_page_bytes: 1.5 is not accepted"),
    ("tone_model: bert\n", "tone_model: 'bert' is not accepted"),
    ("narrative_builtin: china,atlantis\n", "narrative_builtin: 'china,atlantis' is not accepted"),
    ("batch_sise: 10\n", "unknown setting 'batch_sise'"),
    ("batch_size: [1\n", "YAML syntax error at line"),
])
def test_bad_config_values_are_one_line(tmp_path: Path, body: str, needle: str) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(body, encoding="utf-8")
    code, out = ingest(tmp_path, str(cfg))
    assert code != 0 and needle in one_error_line(out)


def test_non_utf8_config_and_folder_config(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_bytes(b"clean: f\xe9\n")
    code, out = ingest(tmp_path, str(cfg))
    assert code != 0 and "is not UTF-8 text" in one_error_line(out)
    code, out = ingest(tmp_path, str(tmp_path))
    assert code != 0 and "is a folder" in one_error_line(out)


@pytest.mark.parametrize(("body", "needle"), [
    ("narrative_packs: /no/such/pack.yaml\n", "narrative pack '/no/such/pack.yaml' not found"),
    ("spam_lexicon: /no/such/lexicon.txt\n", "spam lexicon file '/no/such/lexicon.txt' not found"),
])
def test_missing_files_same_line_with_pool_and_in_process(tmp_path: Path, body: str, needle: str) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(body, encoding="utf-8")
    lines = set()
    for workers in ("1", "2"):
        code, out = ingest(tmp_path, str(cfg), workers=workers)
        line = one_error_line(out)
        assert code != 0 and needle in line
        lines.add(line)
    assert len(lines) == 1


def test_non_utf8_pack_is_one_line(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_bytes(b"narratives:\n  - name: caf\xe9\n")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"narrative_packs: {pack}\n", encoding="utf-8")
    code, out = ingest(tmp_path, str(cfg))
    assert code != 0 and "is not UTF-8 text" in one_error_line(out)


def test_real_process_default_pool_prints_no_traceback(tmp_path: Path) -> None:
    """The whole command in its own process, default worker count: stderr is the one line."""
    cfg = tmp_path / "c.yaml"
    cfg.write_text("narrative_builtin: atlantis\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-c", "from storylens.cli import main; main()", "ingest", FEED,
                          "--db", str(tmp_path / "s.duckdb"), "--config", str(cfg)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode != 0
    assert res.stderr.strip().count("\n") == 0 and "narrative_builtin: 'atlantis'" in res.stderr, res.stderr
