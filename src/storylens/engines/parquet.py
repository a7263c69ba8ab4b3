"""The store's tables as Parquet: one schema, shared by the local and Spark engines and `load`.

A run writes one folder per table (``DIR/articles/``, ``DIR/rejects/``,
``DIR/mentions/`` ...), each holding ``*.parquet`` files. The columns are the
store's: ``ARTICLE_COLUMNS`` for ``articles``, the ``Reject`` fields for
``rejects``, ``columns_of(record)`` for every table in ``CHILD_TABLES``, and the
migrations' columns for the corpus tables (``CORPUS_TABLES``: copies, copy
clusters, stories) that both engines write after the per-document pass.
Their types are not kept here: they are read from the packaged migrations,
applied to an in-memory DuckDB (so a migration that adds a column changes the
Parquet schema too). Bookkeeping columns (``run_id``, ``ingested_at``,
``rejected_at``) are not written; ``load`` fills them.

``load_parquet`` brings such a folder into a DuckDB store, idempotently like
``ingest``: articles already stored (same id) and rejects already recorded
(same source, offset, reason) are skipped, and child rows come only with the
articles that are new.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from storylens.errors import StoreError
from storylens.store.tables import (
    ARTICLE_COLUMNS,
    CHILD_TABLES,
    article_row,
    child_rows,
    columns_of,
)
from storylens.types import Article, Reject

REJECT_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Reject))

# Tables a per-document run writes, in order: articles first (load needs it first).
PER_DOCUMENT_TABLES: tuple[str, ...] = ("articles", "rejects", *CHILD_TABLES)

# Corpus-stage result tables, written by both engines after the per-document pass (local: the
# corpus stages themselves through ``run_corpus_stages``; Spark: ``engines.spark_corpus``). The
# syndication stage's index (copy_index, lsh_bands, passage_fps, copy_pairs, syndication_meta,
# copy_cluster_info) is its incremental state, not a result: ``load`` rebuilds it.
CORPUS_TABLES: tuple[str, ...] = ("copies", "copy_clusters", "stories", "story_articles")
# Columns filled by the store, never written to Parquet.
BOOKKEEPING: frozenset[str] = frozenset({"run_id", "ingested_at", "rejected_at", "updated_at"})

RUN_SUMMARY = "_run.json"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # DuckDB type name as the migrations declare it: VARCHAR, BIGINT, VARCHAR[] ...
    nullable: bool


def table_columns(table: str) -> list[str]:
    """Column names a run writes for ``table`` (the store's own definitions)."""
    if table == "articles":
        return list(ARTICLE_COLUMNS)
    if table == "rejects":
        return list(REJECT_COLUMNS)
    if table in CHILD_TABLES:
        return columns_of(CHILD_TABLES[table])
    if table in CORPUS_TABLES:
        return [c for c in _migrated_types()[table] if c not in BOOKKEEPING]
    raise StoreError(f"no Parquet schema for table {table!r}; known: {', '.join(known_tables())}")


def known_tables() -> list[str]:
    return [*PER_DOCUMENT_TABLES, *CORPUS_TABLES]


@lru_cache(maxsize=1)
def _migrated_types() -> dict[str, dict[str, Column]]:
    """{table: {column: Column}} from the packaged migrations applied to an in-memory DuckDB."""
    from storylens.store import Store

    store = Store(":memory:")
    try:
        rows = store.query(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
        )
    finally:
        store.close()
    out: dict[str, dict[str, Column]] = {}
    for r in rows:
        out.setdefault(r["table_name"], {})[r["column_name"]] = Column(
            r["column_name"], str(r["data_type"]), r["is_nullable"] == "YES"
        )
    return out


def table_schema(table: str) -> list[Column]:
    """Columns with their DuckDB types, in the order a run writes them."""
    types = _migrated_types().get(table)
    cols = table_columns(table)
    if types is None:
        raise StoreError(f"table {table!r} is in no migration; add it to store/migrations/")
    missing = [c for c in cols if c not in types]
    if missing:
        raise StoreError(
            f"table {table!r} lacks columns {missing} that storylens.store.tables names; "
            "add them in a migration."
        )
    return [types[c] for c in cols]


# -- rows --------------------------------------------------------------------------------


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@cache
def _date_positions(table: str) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(table_schema(table)) if c.type == "DATE")


def _typed(table: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A store row with DATE columns as ``datetime.date`` (Spark wants real dates)."""
    pos = _date_positions(table)
    if not pos:
        return row
    out = list(row)
    for i in pos:
        out[i] = _date(out[i])
    return tuple(out)


def article_table_rows(article: Article) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the store holds for one article: ``{"articles": [row], "mentions": [...], ...}``."""
    rows = {"articles": [_typed("articles", article_row(article))]}
    for attr in CHILD_TABLES:
        rows[attr] = [_typed(attr, r) for r in child_rows(article, attr)]
    return rows


def reject_row(reject: Reject) -> tuple[Any, ...]:
    return tuple(getattr(reject, c) for c in REJECT_COLUMNS)


# -- files -------------------------------------------------------------------------------


def parquet_glob(out_dir: str | Path, table: str) -> str | None:
    """``DIR/table/*.parquet`` if the folder holds at least one Parquet file, else None."""
    folder = Path(out_dir) / table
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return None
    return (folder / "*.parquet").as_posix()


def is_run_output(name: str) -> bool:
    """True for an entry of an --out folder that a run writes (a table, an aggregate, the summary)."""
    return name in known_tables() or name.startswith("agg_") or name == RUN_SUMMARY


def check_out_dir(out_dir: str, is_file: bool, ours: list[str], overwrite: bool) -> None:
    """Refuse an --out that is a file, or that holds run output (names ``ours``) unless ``overwrite``."""
    if is_file:
        raise StoreError(f"--out {out_dir!r} is a file; pass a folder.")
    if ours and not overwrite:
        raise StoreError(
            f"{out_dir!r} already holds run output ({', '.join(sorted(ours)[:4])} ...). "
            "Pass --overwrite, or choose another --out."
        )


def prepare_out_dir(out_dir: str | Path, overwrite: bool) -> Path:
    """Create ``out_dir``; refuse to mix runs unless ``overwrite`` (then clear our folders).
    (A Hadoop URI for the Spark engine: ``engines/spark.py::prepare_out``.)"""
    out = Path(out_dir)
    ours = [p for p in out.glob("*") if is_run_output(p.name)] if out.exists() else []
    check_out_dir(str(out), out.exists() and not out.is_dir(), [p.name for p in ours], overwrite)
    for p in ours:
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    out.mkdir(parents=True, exist_ok=True)
    return out


def is_export(out_dir: str | Path) -> bool:
    """True for the output of ``storylens export`` (``articles.parquet`` or ``articles.jsonl``
    files), False for the output of ``storylens run`` (an ``articles/`` folder)."""
    out = Path(out_dir)
    return (out / "articles.parquet").is_file() or (out / "articles.jsonl").is_file()


def write_summary(out_dir: str | Path, summary: dict[str, Any]) -> None:
    (Path(out_dir) / RUN_SUMMARY).write_text(json.dumps(summary, indent=2, default=str) + "\n")


def read_summary(out_dir: str | Path) -> dict[str, Any] | None:
    p = Path(out_dir) / RUN_SUMMARY
    return json.loads(p.read_text()) if p.exists() else None


def _q(col: str) -> str:
    return f'"{col}"'


class LocalParquetWriter:
    """Collect pipeline results in a scratch DuckDB store (the same ``write_batch`` that
    ``ingest`` uses, so duplicates and rejects are handled identically), then write each
    table to ``DIR/<table>/part-00000.parquet``. The scratch file lives in a temporary
    folder, so a large run spills to disk rather than memory."""

    def __init__(self, out_dir: str | Path, batch_size: int = 200) -> None:
        from storylens.store import Store

        self.out = Path(out_dir)
        self.batch_size = batch_size
        self._tmp = tempfile.mkdtemp(prefix="storylens-run-")
        self.store = Store(Path(self._tmp) / "scratch.duckdb")
        self.articles: list[Article] = []
        self.rejects: list[Reject] = []
        self.stored = 0
        self.duplicates = 0
        self.corpus: dict[str, int] = {}
        self.stages: dict[str, dict[str, Any]] = {}

    def add(self, item: Article | Reject) -> None:
        (self.articles if isinstance(item, Article) else self.rejects).append(item)  # type: ignore[arg-type]
        if len(self.articles) + len(self.rejects) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        stored, dup = self.store.write_batch(self.articles, self.rejects)
        self.stored += stored
        self.duplicates += dup
        self.articles.clear()
        self.rejects.clear()

    def close(self, settings: Any = None, corpus: bool = False) -> list[Path]:
        """Write every table; with ``corpus`` first run the corpus stages on the scratch store
        (``run_corpus_stages``, the runner ``ingest`` and ``load`` use) and write their result
        tables and the aggregates too (``self.corpus``: rows per table, ``self.stages``: the
        stages' summaries)."""
        self.flush()
        written = []
        try:
            queries: dict[str, str] = {}
            if corpus and self.stored:
                from storylens.config import Settings
                from storylens.corpus.stage import run_corpus_stages
                from storylens.store.queries.aggregates import AGGREGATES

                self.stages = run_corpus_stages(self.store, settings or Settings())
                queries = {t: f"SELECT {{cols}} FROM {_q(t)}" for t in CORPUS_TABLES}
                queries.update(AGGREGATES)
            for table in PER_DOCUMENT_TABLES:
                written.append(self._copy(table, f"SELECT {{cols}} FROM {_q(table)}"))
            for table, sql in queries.items():
                written.append(self._copy(table, sql))
                self.corpus[table] = _count(self.store, f"SELECT count(*) FROM read_parquet('{written[-1].as_posix()}')")
        finally:
            self.store.close()
            shutil.rmtree(self._tmp, ignore_errors=True)
        return written

    def _copy(self, table: str, sql: str) -> Path:
        folder = self.out / table
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "part-00000.parquet"
        if "{cols}" in sql:
            sql = sql.format(cols=", ".join(_q(c.name) for c in table_schema(table)))
        self.store.con.execute(f"COPY ({sql}) TO '{target.as_posix()}' (FORMAT parquet)")
        return target


# -- load ----------------------------------------------------------------------------------


@dataclass
class LoadSummary:
    run_id: int | None = None
    inserted: dict[str, int] = field(default_factory=dict)
    skipped_tables: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "inserted": self.inserted, "skipped_tables": self.skipped_tables}


def _count(store: Any, sql: str, params: Iterable[Any] = ()) -> int:
    return int(store.scalar(sql, list(params)) or 0)


def load_parquet(out_dir: str | Path, store: Any) -> LoadSummary:
    """Bring a run's Parquet folders into ``store`` (a ``Store``); idempotent.

    Tables the store does not have (Spark aggregates ``agg_*``, or a corpus table whose
    migration has not been applied) are listed in ``skipped_tables``: query those in place
    with DuckDB's ``read_parquet('DIR/<table>/*.parquet')``.
    """
    out = Path(out_dir)
    if not out.is_dir() or parquet_glob(out, "articles") is None:
        raise StoreError(
            f"no run output in {str(out)!r} (expected {out / 'articles'!s}/*.parquet). "
            "Produce it with `storylens run INPUT... --out DIR`."
        )
    summary = LoadSummary()
    summary.run_id = store.start_run("load", [str(out)])
    have = set(store.tables())
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        src = parquet_glob(out, "articles")
        cols = ", ".join(_q(c) for c in ARTICLE_COLUMNS)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _load_new AS "
            f"SELECT DISTINCT ON (id) {cols} FROM read_parquet('{src}') "
            "WHERE id NOT IN (SELECT id FROM articles)"
        )
        con.execute(f"INSERT INTO articles ({cols}, run_id) SELECT {cols}, ? FROM _load_new",
                    [summary.run_id])
        summary.inserted["articles"] = _count(store, "SELECT count(*) FROM _load_new")
        for table in CHILD_TABLES:
            src = parquet_glob(out, table)
            if src is None:
                continue
            ccols = ", ".join(_q(c) for c in table_columns(table))
            before = _count(store, f"SELECT count(*) FROM {_q(table)}")
            con.execute(
                f"INSERT INTO {_q(table)} ({ccols}) SELECT {ccols} FROM read_parquet('{src}') "
                "WHERE article_id IN (SELECT id FROM _load_new)"
            )
            summary.inserted[table] = _count(store, f"SELECT count(*) FROM {_q(table)}") - before
        src = parquet_glob(out, "rejects")
        if src is not None:
            before = _count(store, "SELECT count(*) FROM rejects")
            con.execute(
                'INSERT INTO rejects (source, "offset", stage, reason, run_id) '
                f'SELECT DISTINCT ON (p.source, p."offset", p.reason) p.source, p."offset", p.stage, p.reason, ? '
                f"FROM read_parquet('{src}') p WHERE NOT EXISTS (SELECT 1 FROM rejects r "
                'WHERE r.source = p.source AND r."offset" IS NOT DISTINCT FROM p."offset" AND r.reason = p.reason)',
                [summary.run_id],
            )
            summary.inserted["rejects"] = _count(store, "SELECT count(*) FROM rejects") - before
        _load_corpus_tables(store, out, have, summary)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    summary.skipped_tables += sorted(p.name for p in out.glob("agg_*") if p.is_dir())
    run = read_summary(out) or {}
    store.finish_run(summary.run_id, {
        "read": int(run.get("read", 0)), "stored": summary.inserted.get("articles", 0),
        "duplicates": int(run.get("duplicates", 0)), "rejected": summary.inserted.get("rejects", 0),
        "skipped": int(run.get("skipped", 0)),
    })
    return summary


# How ``load`` treats each corpus table of a run (see ``_load_corpus_tables``).
_CORPUS_KEYS = {"copies": ("article_id", "copy_of"), "story_articles": ("article_id",), "stories": ("id",)}


def _load_corpus_tables(store: Any, out: Path, have: set[str], summary: LoadSummary) -> None:
    """Corpus tables of a run, inside ``load_parquet``'s transaction.

    ``copies`` are inserted (the syndication stage, run by ``load`` next, keeps them only for
    articles it has indexed and recomputes the rest, so a store's copies agree with its index);
    ``copy_clusters`` are left to that stage. Stories are brought in only into a store that has
    none: a run clusters its articles from an empty state, which is the store's state only then;
    otherwise the stories stage assigns the loaded articles to the stored stories, as ``ingest``
    would."""
    con = store.con
    fresh_stories = "stories" in have and not _count(store, "SELECT count(*) FROM stories")
    for table in CORPUS_TABLES:
        src = parquet_glob(out, table)
        if src is None:
            continue
        if table not in have or table == "copy_clusters" or (table.startswith("stor") and not fresh_stories):
            summary.skipped_tables.append(table)
            continue
        in_file = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{src}')").fetchall()}
        ccols = ", ".join(_q(c) for c in table_columns(table) if c in in_file)
        match = " AND ".join(f"t.{_q(k)} = p.{_q(k)}" for k in _CORPUS_KEYS[table])
        before = _count(store, f"SELECT count(*) FROM {_q(table)}")
        con.execute(
            f"INSERT INTO {_q(table)} ({ccols}) SELECT {ccols} FROM read_parquet('{src}') p "
            f"WHERE NOT EXISTS (SELECT 1 FROM {_q(table)} t WHERE {match})"
        )
        summary.inserted[table] = _count(store, f"SELECT count(*) FROM {_q(table)}") - before


def iter_table(out_dir: str | Path, table: str) -> Iterator[dict[str, Any]]:
    """Rows of one Parquet table as dicts (through an in-memory DuckDB): for tests and tools."""
    import duckdb

    src = parquet_glob(out_dir, table)
    if src is None:
        return
    con = duckdb.connect()
    cur = con.execute(f"SELECT * FROM read_parquet('{src}')")
    names = [d[0] for d in cur.description or []]
    for row in cur.fetchall():
        yield dict(zip(names, row, strict=True))
    con.close()


# -- the local engine to Parquet ---------------------------------------------------------------


def run_local_parquet(
    paths: list[str], out_dir: str | Path, settings: Any, workers: int | None = None,
    corpus: bool = True,
) -> dict[str, Any]:
    """``run --engine local``: ``run_local`` (the process pool ``ingest`` uses) into Parquet,
    then (``corpus``) the corpus stages through ``run_corpus_stages`` and the aggregates."""
    import time

    from storylens.engines.local import run_local
    from storylens.sources import Skipped, iter_documents

    t0 = time.monotonic()
    writer = LocalParquetWriter(out_dir, batch_size=settings.batch_size)
    read = skipped = rejected = 0
    for out in run_local(iter_documents(paths, settings), settings, workers=workers):
        if isinstance(out, Skipped):
            skipped += 1
            continue
        read += 1
        rejected += isinstance(out, Reject)
        writer.add(out)
    writer.close(settings, corpus=corpus)
    summary = {
        "engine": "local", "workers": workers, "inputs": list(paths), "read": read,
        "stored": writer.stored, "duplicates": writer.duplicates, "rejected": rejected,
        "skipped": skipped, "seconds": round(time.monotonic() - t0, 3),
    }
    if writer.corpus:
        summary["corpus"] = writer.corpus
        summary["corpus_stages"] = writer.stages
    write_summary(out_dir, summary)
    return summary
