"""Live data: a real `storylens ingest` writes the store while the server answers; no lock error, new rows show."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from storylens.store import Store
from storylens.web.app import create_app
from storylens.web.snapshot import SnapshotManager

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"


def test_new_articles_appear_while_ingest_runs(tmp_path: Path) -> None:
    db = tmp_path / "live.duckdb"
    with Store(db) as store:  # start from a store with one article
        store.con.execute(
            "INSERT INTO articles (id, source, source_kind, text, raw_text, words) VALUES ('seed', 's', 'txt', 'x', 'x', 1)"
        )
    cfg = tmp_path / "small-batches.yaml"
    cfg.write_text("batch_size: 10\n")
    app = create_app(str(db), refresh_seconds=0.5)
    seen: list[int] = []
    errors: list[str] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with TestClient(app) as c:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from storylens.cli import main; main()", "ingest", str(DEMO / "pages"),
             str(DEMO / "exports" / "allsides-sample.jsonl"), "--db", str(db), "--workers", "1",
             "--no-enrich", "--config", str(cfg)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        during: list[int] = []
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            for path in ("/api/overview", "/", "/api/search?q=the"):
                r = c.get(path)
                if r.status_code != 200:
                    errors.append(f"{path}: {r.status_code} {r.text[:200]}")
            n = c.get("/api/status").json()["articles"]
            during.append(n)
            time.sleep(0.2)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0, out  # the server never blocked the writer
        with Store(db, read_only=True) as store:
            final = store.scalar("SELECT count(*) FROM articles")
        # after the ingest: the dashboard catches up within a minute (here: one refresh)
        deadline = time.monotonic() + 60
        while c.get("/api/overview").json()["size"]["articles"] != final:
            assert time.monotonic() < deadline, "new articles did not appear within a minute"
            time.sleep(0.25)
        seen = during
        assert "Could not set lock" not in c.get("/").text and "IO Error" not in c.get("/").text
    assert not errors, errors[:3]
    assert final > 50
    # new articles showed up while the ingest was still running, not only at its end
    assert any(1 < n < final for n in seen), (seen[:5], seen[-5:], final)


def test_torn_copy_keeps_last_good_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.con.execute(
            "INSERT INTO articles (id, source, source_kind, text, raw_text, words) VALUES ('a', 's', 'txt', 'x', 'x', 1)"
        )
    snaps = SnapshotManager(db, check_every=0)
    try:
        gen = snaps.current.generation
        db.write_bytes(b"not a duckdb file" * 100)  # what a copy in the middle of a rewrite could look like
        assert snaps.refresh() is False
        assert snaps.current.generation == gen and snaps.failed_copies == 1 and snaps.last_error
        _, cur = snaps.cursor()
        assert cur.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    finally:
        snaps.close()


def test_new_snapshot_is_warmed_before_it_is_published(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with Store(db) as store:
        store.con.execute(
            "INSERT INTO articles (id, source, source_kind, text, raw_text, words) VALUES ('a', 's', 'txt', 'x', 'x', 1)"
        )
    app = create_app(str(db), refresh_seconds=0)
    snaps = app.state.snapshots
    with TestClient(app) as c:
        assert c.get("/api/overview").json()["size"]["articles"] == 1
        with Store(db) as store:  # the server holds no lock: a writer opens at once
            store.con.execute(
                "INSERT INTO articles (id, source, source_kind, text, raw_text, words) VALUES ('b', 's', 'txt', 'y', 'y', 1)"
            )
        seen: list[bool] = []
        snaps.on_swap = lambda snap: seen.append((snap.generation, ("overview",)) in app.state.cache)
        assert snaps.refresh() is True
        assert seen == [True]  # overview was computed on the new snapshot before the swap
        assert c.get("/api/overview").json()["size"]["articles"] == 2
        assert c.get("/api/status").json()["generation"] == 2
