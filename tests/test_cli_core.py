"""The core CLI end to end: ingest summary, idempotence, extract JSONL, stats, export, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from click.testing import CliRunner

from conftest import DEMO
from storylens.cli import main

SL = [sys.executable, "-c", "from storylens.cli import main; main()"]


def invoke(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return res.exit_code, res.output


def test_ingest_then_reingest_adds_nothing(db_path: Path) -> None:
    code, out = invoke("ingest", str(DEMO / "feeds"), str(DEMO / "exports"), "--db", str(db_path),
                       "--workers", "1", "--no-enrich", "--format", "json")
    assert code == 0, out
    first = json.loads(out)
    assert first["stored"] == 120 and first["rejected"] == 0
    code, out = invoke("ingest", str(DEMO / "feeds"), str(DEMO / "exports"), "--db", str(db_path),
                       "--workers", "1", "--no-enrich", "--format", "json")
    second = json.loads(out)
    assert second["stored"] == 0 and second["duplicates"] == 120
    code, out = invoke("stats", "--db", str(db_path), "--format", "json")
    stats = json.loads(out)
    assert stats["articles"] == 120 and stats["tables"]["runs"] == 2


def test_ingest_summary_counts_rejects(tmp_path: Path, db_path: Path) -> None:
    shutil.copy(DEMO / "pages" / sorted(os.listdir(DEMO / "pages"))[0], tmp_path / "good.html")
    (tmp_path / "bad.html").write_bytes(b"%PDF-1.7 binary")
    code, out = invoke("ingest", str(tmp_path), "--db", str(db_path), "--workers", "1", "--no-enrich")
    assert code == 0
    assert "stored 1" in out and "rejected 1" in out and "PDF" in out
    rows = duckdb.connect(str(db_path), read_only=True).execute('SELECT source, "offset", reason FROM rejects').fetchall()
    assert len(rows) == 1 and rows[0][0].endswith("bad.html") and "PDF" in rows[0][2]


def test_ingest_exits_nonzero_when_nothing_readable(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    code, out = invoke("ingest", str(tmp_path), "--db", str(db_path), "--workers", "1")
    assert code != 0 and "nothing could be read" in out


def test_extract_with_every_input_rejected_says_why(tmp_path: Path) -> None:
    # "no article could be extracted" alone hid which stage failed and why (a run whose every
    # article an enrich stage rejected said the same thing)
    (tmp_path / "a.html").write_bytes(b"%PDF-1.7 binary")
    (tmp_path / "b.html").write_bytes(b"%PDF-1.4 binary")
    res = CliRunner().invoke(main, ["extract", str(tmp_path), "--workers", "1"])
    assert res.exit_code != 0
    assert "2 input(s) rejected" in res.output and "2 x " in res.output and "PDF" in res.output


def test_missing_input_names_the_path(db_path: Path) -> None:
    code, out = invoke("ingest", "/no/such/dir", "--db", str(db_path))
    assert code != 0 and "/no/such/dir" in out


def test_extract_prints_documented_fields() -> None:
    code, out = invoke("extract", str(DEMO / "crawl" / "allsides-pages.warc.gz"), "--workers", "1")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert len(lines) == 20
    for rec in lines:
        for key in ("source", "url", "outlet", "title", "published", "language", "text", "removed"):
            assert key in rec
        assert "@" in rec["source"] and isinstance(rec["removed"], list)


def test_export_parquet(db_path: Path, tmp_path: Path) -> None:
    invoke("ingest", str(DEMO / "feeds"), "--db", str(db_path), "--workers", "1", "--no-enrich")
    code, _out = invoke("export", "--db", str(db_path), "--format", "parquet", "--out", str(tmp_path / "x"))
    assert code == 0
    n = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'x' / 'articles.parquet'}'").fetchall()[0][0]
    assert n == 40


def test_every_command_has_help_and_a_readme_entry() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")

    def walk(group, prefix: str = "") -> list[tuple[str, object]]:
        out = []
        for name, cmd in group.commands.items():
            full = f"{prefix}{name}"
            out.append((full, cmd))
            if hasattr(cmd, "commands"):
                out.extend(walk(cmd, full + " "))
        return out

    for name, cmd in walk(main):
        assert (cmd.help or "").strip(), f"`storylens {name}` has no help text"
        assert f"storylens {name}" in readme, f"`storylens {name}` is not in README.md"


def test_parallel_workers_store_the_same_articles(tmp_path: Path) -> None:
    ids = []
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.duckdb"
        code, _ = invoke("ingest", str(DEMO / "pages"), "--db", str(db), "--workers", workers, "--no-enrich")
        assert code == 0
        ids.append(sorted(r[0] for r in duckdb.connect(str(db), read_only=True).execute("SELECT id FROM articles").fetchall()))
    assert ids[0] == ids[1] and len(ids[0]) == 60


def test_kill_9_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    """kill -9 mid-ingest, re-run: every article exactly once (batches are atomic)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):  # ~720 pages: long enough to be killed in the middle
        for p in (DEMO / "pages").iterdir():
            text = p.read_text(encoding="utf-8").replace("<p>", f"<p>Copy {i}. ", 1)
            (corpus / f"{i:02d}-{p.name}").write_text(text, encoding="utf-8")
    db = tmp_path / "k.duckdb"
    env = {**os.environ, "STORYLENS_BATCH_SIZE": "20"}
    args = [*SL, "ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-enrich"]
    stored = 0
    for delay in (3.0, 6.0, 12.0, 24.0, 48.0):  # the store is locked while ingest runs: kill blind, then look
        db.unlink(missing_ok=True)
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is not None:
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        try:
            con = duckdb.connect(str(db), read_only=True)
            stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            con.close()
        except duckdb.Error:
            stored = 0  # killed before the schema was committed
        if stored > 0:
            break
    assert 0 < stored < 720, f"could not kill the ingest mid-way (stored {stored})"
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    total, distinct = con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
    assert total == distinct == 720


def test_folder_of_10000_tiny_files(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    for i in range(10_000):
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i}.txt").write_text(f"Tiny {i}\nStory number {i} about the harbour, the council and the vote. " * 3)
    t0 = time.monotonic()
    code, out = invoke("ingest", str(folder), "--db", str(db_path), "--no-enrich", "--keep-noise", "--format", "json")
    assert code == 0, out
    summary = json.loads(out)
    assert summary["read"] == 10_000 and summary["stored"] + summary["rejected"] == 10_000
    assert summary["stored"] == 10_000
    assert time.monotonic() - t0 < 240
