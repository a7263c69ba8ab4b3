"""Read the store without ever taking its lock: private snapshot copies.

DuckDB allows one writing process per file, and a read-only open fails while
``storylens ingest`` holds the write lock (and, the other way round, an open
reader makes a starting ingest wait). So the server never opens the store
itself. It copies the store file (and its WAL) into a private folder, opens
the *copy* read-only (DuckDB replays the copied WAL in memory) and serves
every request from that copy.

A background thread looks at the store's size and mtime every
``check_every`` seconds; when they changed, it copies again. A copy that was
taken while the writer was checkpointing is detected (the files changed during
the copy, or the copy does not open or fails a sanity query) and thrown away:
the last good snapshot keeps serving and the next tick tries again. So no lock
error reaches a user, and committed batches show up within
``check_every`` + copy time (a few seconds; well under a minute).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from storylens.errors import StoreError
from storylens.store.queries.prepare import add_indexes, article_count

log = logging.getLogger(__name__)


def _stat(p: Path) -> tuple[int, int] | None:
    try:
        st = p.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


@dataclass
class Snapshot:
    generation: int
    path: Path
    con: duckdb.DuckDBPyConnection
    taken_at: float
    articles: int


class SnapshotManager:
    """Holds the current snapshot; ``cursor()`` gives a per-request cursor on it."""

    def __init__(self, db_path: str | os.PathLike[str], *, check_every: float = 5.0,
                 workdir: str | os.PathLike[str] | None = None,
                 on_swap: Callable[[Snapshot], None] | None = None, index: bool = True,
                 prepare: Callable[[Snapshot], None] | None = None) -> None:
        self.db_path = Path(db_path)
        if not self.db_path.exists():
            raise StoreError(
                f"no store at {str(self.db_path)!r}. Run `storylens ingest PATH --db {self.db_path}` first, or pass --db."
            )
        self.check_every = check_every
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="storylens-web-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.on_swap = on_swap
        self.prepare = prepare  # called with a new snapshot before it is published (warm caches)
        self.index = index
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self._previous: Snapshot | None = None
        self._signature: Any = None
        self._generation = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None
        self.failed_copies = 0
        self.last_duration = 0.0
        # The first snapshot: retry for a while (a writer may be checkpointing right now).
        deadline = time.monotonic() + 30
        while not self.refresh():
            if time.monotonic() > deadline:
                raise StoreError(
                    f"could not take a consistent copy of {str(self.db_path)!r} in 30 s ({self.last_error}). "
                    "Is it a DuckDB store written by `storylens ingest`?"
                )
            time.sleep(0.5)

    # -- snapshots ---------------------------------------------------------
    def _files(self) -> tuple[Path, Path]:
        return self.db_path, Path(str(self.db_path) + ".wal")

    def signature(self) -> tuple[Any, Any]:
        db, wal = self._files()
        return (_stat(db), _stat(wal))

    def refresh(self, force: bool = False) -> bool:
        """Take a new snapshot if the store changed. True when the current snapshot is good."""
        sig = self.signature()
        if sig == self._signature and self._current is not None and not force:
            return True
        gen = self._generation + 1
        started = time.monotonic()
        target = self.workdir / f"snap-{gen}.duckdb"
        db, wal = self._files()
        try:
            shutil.copyfile(db, target)
            if sig[1] is not None:
                # checkpointed between stat and copy: the signature check below catches it
                with contextlib.suppress(FileNotFoundError):
                    shutil.copyfile(wal, str(target) + ".wal")
            if self.signature() != sig:
                raise RuntimeError("the store changed while it was copied")
            if self.index:
                add_indexes(target)
            con = duckdb.connect(str(target), read_only=True)
            try:
                n = article_count(con)
            except Exception:
                con.close()
                raise
        except Exception as exc:  # a torn copy: keep serving the last good one
            self.failed_copies += 1
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.info("snapshot of %s not taken (%s); keeping generation %s",
                     self.db_path, self.last_error, self._current and self._current.generation)
            self._remove(target)
            return False
        snap = Snapshot(gen, target, con, time.time(), n)
        if self.prepare is not None:
            try:
                self.prepare(snap)
            except Exception as exc:  # warming is an optimisation: publish anyway
                log.info("preparing snapshot %s failed: %s", gen, exc)
        self.last_duration = time.monotonic() - started
        with self._lock:
            old = self._previous
            self._previous = self._current
            self._current = snap
            self._generation = gen
            self._signature = sig
        self.last_error = None
        if old is not None:  # two generations back: no request can still be using it
            self._close(old)
        if self.on_swap:
            self.on_swap(snap)
        return True

    def _close(self, snap: Snapshot) -> None:
        with contextlib.suppress(Exception):
            snap.con.close()
        self._remove(snap.path)

    @staticmethod
    def _remove(path: Path) -> None:
        for p in (path, Path(str(path) + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()

    @property
    def current(self) -> Snapshot:
        assert self._current is not None
        return self._current

    def cursor(self) -> tuple[int, duckdb.DuckDBPyConnection]:
        """A cursor on the current snapshot (one per request: cursors are not shared across threads)."""
        with self._lock:
            snap = self.current
            return snap.generation, snap.con.cursor()

    # -- background refresh -------------------------------------------------
    def start(self) -> None:
        if self._thread is not None or self.check_every <= 0:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="storylens-snapshot", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        # Wait at least twice as long as the last snapshot took, so that on a big store under a
        # continuous ingest copying and indexing never takes more than a third of a core.
        while not self._stop.wait(max(self.check_every, 2 * self.last_duration)):
            try:
                self.refresh()
            except Exception as exc:  # never let the thread die
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("snapshot refresh failed: %s", self.last_error)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def close(self) -> None:
        self.stop()
        for snap in (self._previous, self._current):
            if snap is not None:
                self._close(snap)
        self._previous = self._current = None
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def status(self) -> dict[str, Any]:
        snap = self._current
        return {
            "db": str(self.db_path),
            "generation": snap.generation if snap else None,
            "snapshot_taken_at": snap.taken_at if snap else None,
            "articles": snap.articles if snap else None,
            "refresh_seconds": self.check_every,
            "last_snapshot_seconds": round(self.last_duration, 3),
            "failed_copies": self.failed_copies,
            "last_error": self.last_error,
        }
