"""Disk full: one clear line naming the store and the space needed, exit code 3, the store left
consistent, and a later successful run leaves no stale rejects (before: 55 lines of tracebacks,
exit 1, and every document recorded as a reject "OSError: File too large" that stayed)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from storylens.store import Store
from storylens.types import Article, Reject

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Officials in {n} said the new rail line would open next spring after years of delay. "


def _corpus(path: Path, start: int, n: int, repeat: int = 40) -> Path:
    path.write_text("".join(
        json.dumps({"url": f"https://o{i}.example.com/a", "title": f"T{i}",
                    "text": TEXT.format(n=i) * repeat + f" Story {i}."}) + "\n"
        for i in range(start, start + n)), encoding="utf-8")
    return path


def _ingest(src: Path, db: Path, limit: int | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "STORYLENS_BATCH_SIZE": "5"}

    def cap() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-c", "from storylens.cli import main; main()", "ingest", str(src),
         "--db", str(db), "-j", "1", "--no-enrich"],
        env=env, preexec_fn=cap, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_disk_full_is_one_line_exit_3_and_the_store_stays_consistent(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    first = _ingest(_corpus(tmp_path / "a.jsonl", 0, 5), db, None)
    assert first.returncode == 0, first.stderr
    size = db.stat().st_size + (db.with_suffix(".duckdb.wal").stat().st_size
                                if db.with_suffix(".duckdb.wal").exists() else 0)
    # RLIMIT_FSIZE caps each file, so the write-ahead log must outgrow the cap as well as the
    # store file (an empty store is several MB of per-table blocks): 200 long documents do.
    full = _ingest(_corpus(tmp_path / "b.jsonl", 5, 200, repeat=250), db, size + 150_000)
    assert full.returncode == 3, (full.stdout, full.stderr)
    err = [ln for ln in full.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and "Traceback" not in full.stderr, full.stderr
    assert str(db) in err[0] and "File too large" in err[0] and "free at least" in err[0]
    with Store(db) as store:  # opens, and holds whole batches only
        n = store.scalar("SELECT count(*) FROM articles")
        assert n >= 5 and n % 5 == 0
        assert store.scalar("SELECT count(*) FROM rejects") == 0
    again = _ingest(tmp_path / "b.jsonl", db, None)
    assert again.returncode == 0, again.stderr
    with Store(db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM articles") == 205
        assert store.scalar("SELECT count(*) FROM rejects") == 0


def test_rejects_are_resolved_when_the_same_source_is_stored(tmp_path: Path) -> None:
    def article(i: int) -> Article:
        text = TEXT.format(n=i) * 3
        return Article(id=f"id{i}", source="in.jsonl", source_kind="jsonl", offset=i, url=None,
                       outlet=None, outlet_name=None, title=None, author=None, published=None,
                       language="en", text=text, raw_text=text)

    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch([], [Reject("in.jsonl", i, "extract", "OSError: File too large")
                               for i in (1, 2, 3)])
        store.write_batch([article(1), article(2)])
        left = store.query('SELECT "offset" FROM rejects')
        store.write_batch([article(3)])  # stored again as a duplicate: nothing changes
        store.write_batch([article(3)])
        assert [r["offset"] for r in left] == [3]
        assert store.scalar("SELECT count(*) FROM rejects") == 0
