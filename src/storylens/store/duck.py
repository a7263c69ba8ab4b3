"""The DuckDB store: migrations, atomic batch writes, stats and export.

DuckDB allows one writing process per file. Ingest holds the write
connection; readers (``stats``, the web server) open read-only and retry
briefly if a writer is committing. Each batch is one transaction, so a run
killed with ``kill -9`` leaves whole batches only, and re-running skips the
articles already stored (ids are content hashes).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from storylens.errors import StoreError, StoreFull, StoreLocked
from storylens.store.tables import (
    ARTICLE_COLUMNS,
    CHILD_TABLES,
    article_row,
    child_rows,
    columns_of,
)
from storylens.types import Article, Reject

log = logging.getLogger(__name__)

DEFAULT_DB = "storylens.duckdb"


def default_db_path() -> str:
    return os.environ.get("STORYLENS_DB", DEFAULT_DB)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every packaged migration, in order."""
    out = []
    folder = resources.files("storylens.store") / "migrations"
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            out.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    out.sort()
    versions = [v for v, _, _ in out]
    if len(versions) != len(set(versions)):
        raise StoreError(f"two migrations share a number: {[n for _, n, _ in out]}")
    return out


def _q(col: str) -> str:
    return f'"{col}"'


# errno values and DuckDB messages that mean "the disk", never "this document".
_FULL_ERRNOS = frozenset(
    e for e in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", None), errno.EROFS) if e is not None
)
_FULL_MESSAGES = ("no space left", "file too large", "disk quota", "read-only file system")
# DuckDB's own working margin: a checkpoint rewrites blocks and the WAL grows before it.
_MARGIN_BYTES = 64 * 2**20


def is_disk_full(exc: BaseException) -> bool:
    """True for an I/O error of the machine: full disk, file-size limit, quota, read-only."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    if isinstance(exc, (OSError, duckdb.Error)):
        msg = str(exc).lower()
        return any(m in msg for m in _FULL_MESSAGES)
    return False


def disk_full(path: str, exc: BaseException, need_bytes: int = 0) -> StoreFull:
    """One line naming the store, the error, the free space there and the space to free."""
    folder = Path(path).resolve().parent
    try:
        free = shutil.disk_usage(folder).free
        free_txt = f"{free / 2**20:,.0f} MB free on {folder}"
    except OSError:
        free_txt = f"free space on {folder} unknown"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0][:200]
    need = (need_bytes + _MARGIN_BYTES) / 2**20
    return StoreFull(
        f"cannot write the store {path!r}: {reason} ({free_txt}; free at least {need:,.0f} MB, "
        "or lift the file-size limit, and run the same command again: whole batches only were "
        "stored, and documents already stored are skipped)."
    )


def _nested(duck_type: str) -> bool:
    return duck_type.endswith("]") or duck_type.startswith(("STRUCT", "MAP", "UNION"))


def _export_source(root: Path, table: str) -> tuple[str, str] | None:
    """("parquet" | "jsonl", path or glob) of ``table`` in an export folder, else None."""
    for fmt in ("parquet", "jsonl"):
        f = root / f"{table}.{fmt}"
        if f.is_file():
            return fmt, f.as_posix()
    folder = root / table
    if folder.is_dir() and any(folder.glob("*.parquet")):
        return "parquet", (folder / "*.parquet").as_posix()
    return None


def _reader(fmt: str, path: str, types: list[tuple[str, str]]) -> str:
    """A DuckDB table function reading one exported table with the store's column types."""
    quoted = path.replace("'", "''")
    if fmt == "parquet":
        return f"read_parquet('{quoted}')"
    spec = ", ".join(f"'{c}': '{t}'" for c, t in types)
    return f"read_json('{quoted}', format = 'newline_delimited', columns = {{{spec}}})"


class Store:
    """A StoryLens store in one DuckDB file."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        self.path = str(path or default_db_path())
        self.read_only = read_only
        if read_only and not Path(self.path).exists():
            raise StoreError(
                f"no store at {self.path!r}. Run `storylens ingest PATH` first, or pass --db."
            )
        self.con = self._connect()
        if not read_only:
            self.migrate()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        last: Exception | None = None
        for attempt in range(20):
            try:
                return duckdb.connect(self.path, read_only=self.read_only)
            except duckdb.IOException as exc:
                last = exc
                if is_disk_full(exc):
                    raise disk_full(self.path, exc) from exc
                if "lock" not in str(exc).lower():
                    raise StoreError(f"cannot open store {self.path!r}: {exc}") from exc
                time.sleep(min(0.05 * (attempt + 1), 0.5))
        raise StoreLocked(self.path) from last

    # -- schema -------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0) if row else 0

    def migrate(self) -> int:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, "
            "applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        current = self.schema_version()
        applied = 0
        for version, name, sql in migrations():
            if version <= current:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
                self.con.execute("COMMIT")
            except Exception as exc:
                self._rollback()
                if is_disk_full(exc):
                    raise disk_full(self.path, exc) from exc
                raise StoreError(f"migration {name} failed on {self.path!r}: {exc}") from exc
            applied += 1
        return applied

    # -- runs -----------------------------------------------------------------
    def start_run(self, command: str, inputs: Sequence[str], models: dict[str, str] | None = None) -> int:
        """Record a run; ``models``: which model each enrich stage used (``runs.models``, JSON)."""
        row = self.con.execute(
            "INSERT INTO runs (command, inputs, models) VALUES (?, ?, ?) RETURNING id",
            [command, " ".join(inputs)[:2000], json.dumps(models, sort_keys=True) if models else None],
        ).fetchone()
        assert row is not None
        return int(row[0])

    def finish_run(self, run_id: int, counts: dict[str, Any]) -> None:
        seconds = counts.get("stage_seconds")
        counters = counts.get("counters")  # the stages' counts (Pipeline.counters): runs.counters
        self.con.execute(
            "UPDATE runs SET finished_at = current_timestamp, read = ?, stored = ?, duplicates = ?, "
            "rejected = ?, skipped = ?, stage_seconds = ?, counters = ? WHERE id = ?",
            [counts.get("read", 0), counts.get("stored", 0), counts.get("duplicates", 0),
             counts.get("rejected", 0), counts.get("skipped", 0),
             json.dumps(seconds) if seconds else None,
             json.dumps(counters, sort_keys=True) if counters else None, run_id],
        )

    # -- writes ---------------------------------------------------------------
    def write_batch(
        self, articles: Iterable[Article], rejects: Iterable[Reject] = (), run_id: int | None = None
    ) -> tuple[int, int]:
        """Store a batch atomically. Returns (stored, duplicates)."""
        unique: dict[str, Article] = {}
        dup = 0
        articles = list(articles)
        for a in articles:
            if a.id in unique:
                dup += 1
            else:
                unique[a.id] = a
        rejects = list(rejects)
        self.con.execute("BEGIN TRANSACTION")
        try:
            if unique:
                ids = list(unique)
                existing = {
                    r[0]
                    for r in self.con.execute(
                        "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
                    ).fetchall()
                }
                new = [a for i, a in unique.items() if i not in existing]
                dup += len(existing)
            else:
                new = []
            if new:
                cols = ", ".join(_q(c) for c in (*ARTICLE_COLUMNS, "run_id"))
                marks = ", ".join("?" for _ in range(len(ARTICLE_COLUMNS) + 1))
                self.con.executemany(
                    f"INSERT INTO articles ({cols}) VALUES ({marks})",
                    [(*article_row(a), run_id) for a in new],
                )
                for attr, rtype in CHILD_TABLES.items():
                    rows = [row for a in new for row in child_rows(a, attr)]
                    if rows:
                        self._insert_rows(attr, rtype, rows)
            if rejects:
                # Stage the batch, then one anti-join: a re-run after a crash adds no duplicate
                # reject rows, at a cost linear in the batch (not one scan per row).
                self.con.execute(
                    'CREATE TEMP TABLE IF NOT EXISTS _reject_batch (source VARCHAR, "offset" BIGINT, '
                    "stage VARCHAR, reason VARCHAR)"
                )
                self.con.execute("DELETE FROM _reject_batch")
                self.con.executemany(
                    "INSERT INTO _reject_batch VALUES (?, ?, ?, ?)",
                    [(r.source, r.offset, r.stage, r.reason) for r in rejects],
                )
                self.con.execute(
                    'INSERT INTO rejects (source, "offset", stage, reason, run_id) '
                    'SELECT DISTINCT b.source, b."offset", b.stage, b.reason, ? FROM _reject_batch b '
                    "WHERE NOT EXISTS (SELECT 1 FROM rejects r WHERE r.source = b.source "
                    'AND r."offset" IS NOT DISTINCT FROM b."offset" AND r.reason = b.reason)',
                    [run_id],
                )
            self._resolve_rejects(articles)
            self.con.execute("COMMIT")
        except Exception as exc:
            self._rollback()
            if is_disk_full(exc):
                need = sum(len(a.text) + len(a.raw_text) for a in unique.values()) * 2
                raise disk_full(self.path, exc, need) from exc
            raise
        return len(new), dup

    def _rollback(self) -> None:
        """Roll back if a transaction is still open (a failed COMMIT has already ended it)."""
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            log.debug("nothing to roll back", exc_info=True)

    def _resolve_rejects(self, articles: list[Article]) -> None:
        """Drop the rejects of sources now stored: a document rejected by an earlier run
        (a full disk, a limit since raised, a bug since fixed) and stored by this one is no
        longer a reject. Matched on (source, offset); the article may be new or a duplicate."""
        if not articles:
            return
        self.con.execute(
            "DELETE FROM rejects r USING (SELECT unnest(?::VARCHAR[]) AS s, unnest(?::BIGINT[]) AS o) b "
            'WHERE r.source = b.s AND r."offset" IS NOT DISTINCT FROM b.o',
            [[a.source for a in articles], [a.offset for a in articles]],
        )

    def _insert_rows(self, table: str, rtype: type, rows: list[tuple[Any, ...]]) -> None:
        cols = columns_of(rtype)
        self.con.executemany(
            f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join('?' for _ in cols)})",
            rows,
        )

    # -- reads ----------------------------------------------------------------
    def tables(self) -> list[str]:
        return [
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                "AND table_name <> 'schema_version' ORDER BY table_name"
            ).fetchall()
        ]

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def stats(self) -> dict[str, Any]:
        s: dict[str, Any] = {"db": self.path, "schema_version": self.schema_version()}
        s["tables"] = {t: int(self.scalar(f"SELECT count(*) FROM {_q(t)}")) for t in self.tables()}
        s["articles"] = s["tables"].get("articles", 0)
        s["outlets"] = int(self.scalar("SELECT count(DISTINCT outlet) FROM articles") or 0)
        first, last = self.con.execute("SELECT min(published), max(published) FROM articles").fetchone() or (None, None)
        s["published_from"] = first.isoformat() if first else None
        s["published_to"] = last.isoformat() if last else None
        s["words"] = int(self.scalar("SELECT coalesce(sum(words), 0) FROM articles") or 0)
        s["languages"] = {
            (r["language"] or "unknown"): r["n"]
            for r in self.query("SELECT language, count(*) AS n FROM articles GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10")
        }
        s["by_kind"] = {
            r["source_kind"]: r["n"]
            for r in self.query("SELECT source_kind, count(*) AS n FROM articles GROUP BY 1 ORDER BY 2 DESC, 1")
        }
        row = self.con.execute(
            "SELECT id, models, counters FROM runs WHERE models IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
        s["models"] = {"run": int(row[0]), **json.loads(row[1])} if row else None  # the last enriched run's
        if row and row[2]:
            s["models"]["counters"] = json.loads(row[2])
        s["top_reject_reasons"] = self.query(
            "SELECT stage, regexp_replace(reason, '[0-9]+', 'N', 'g') AS reason, count(*) AS n "
            "FROM rejects GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 5"
        )
        return s

    def columns(self, table: str) -> list[tuple[str, str]]:
        """(name, DuckDB type) of each column of ``table``, in order."""
        return [
            (r[0], str(r[1])) for r in self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position", [table],
            ).fetchall()
        ]

    def export(self, out_dir: str | os.PathLike[str], fmt: str = "parquet", tables: Sequence[str] | None = None) -> list[Path]:
        """Write each table to ``out_dir/<table>.<fmt>``; returns the files written.

        Parquet and JSONL keep lists as lists; CSV has no list type, so list and struct
        columns are written as JSON text (``["a", "b"]``), which any CSV reader returns as a
        string that ``json.loads`` reads back. ``load`` reads Parquet and JSONL exports back.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        opts = {
            "parquet": "(FORMAT parquet)",
            "csv": "(FORMAT csv, HEADER true)",
            "jsonl": "(FORMAT json)",
        }
        if fmt not in opts:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(opts)}")
        written = []
        for t in tables or self.tables():
            target = out / f"{t}.{fmt}"
            cols = ", ".join(
                f"to_json({_q(c)})::VARCHAR AS {_q(c)}" if fmt == "csv" and _nested(ty) else _q(c)
                for c, ty in self.columns(t)
            )
            try:
                self.con.execute(f"COPY (SELECT {cols} FROM {_q(t)}) TO '{target.as_posix()}' {opts[fmt]}")
            except (duckdb.Error, OSError) as exc:
                if is_disk_full(exc):
                    raise disk_full(str(target), exc) from exc
                raise
            written.append(target)
        return written

    def restore(self, folder: str | os.PathLike[str]) -> dict[str, int]:
        """Load an ``export`` folder (``<table>.parquet`` or ``<table>.jsonl`` per table, or a
        ``<table>/`` folder of Parquet files) into this store; returns rows added per table.

        Every table of the store is read when its file is there, typed by the store's own
        schema (so JSONL's strings become dates and timestamps again). Rows already present
        are not added twice (``EXCEPT ALL``, and ``OR IGNORE`` on primary keys), so loading
        the same export twice adds nothing. No run is recorded: a restore copies runs, it is
        not one; the run-id sequence is moved past the restored ids.
        """
        root = Path(folder)
        found = {t: _export_source(root, t) for t in self.tables()}
        found = {t: src for t, src in found.items() if src is not None}
        if "articles" not in found:
            raise StoreError(
                f"no export in {str(root)!r} (expected articles.parquet or articles.jsonl). "
                "Produce it with `storylens export --out DIR`."
            )
        added: dict[str, int] = {}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, (fmt, path) in found.items():
                types = self.columns(table)
                reader = _reader(fmt, path, types)
                file_cols = {d[0] for d in self.con.execute(f"SELECT * FROM {reader} LIMIT 0").description or []}
                cols = ", ".join(_q(c) for c, _ in types if c in file_cols)
                before = int(self.scalar(f"SELECT count(*) FROM {_q(table)}"))
                keyed = self.scalar(
                    "SELECT count(*) FROM duckdb_constraints() WHERE table_name = ? "
                    "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')", [table])
                self.con.execute(
                    f"INSERT {'OR IGNORE ' if keyed else ''}INTO {_q(table)} ({cols}) "
                    f"SELECT {cols} FROM {reader} EXCEPT ALL SELECT {cols} FROM {_q(table)}"
                )
                added[table] = int(self.scalar(f"SELECT count(*) FROM {_q(table)}")) - before
            top = int(self.scalar("SELECT coalesce(max(id), 0) FROM runs"))
            self.con.execute("SELECT max(nextval('runs_id_seq')) FROM range(?)", [top])
            self.con.execute("COMMIT")
        except Exception as exc:
            self._rollback()
            if is_disk_full(exc):
                raise disk_full(self.path, exc) from exc
            raise
        return added

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
