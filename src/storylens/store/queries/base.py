"""A cursor with helpers: rows, scalars, and which optional tables exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from storylens.errors import StoryLensError


class NotFound(StoryLensError):
    """An actor, outlet or article the store does not hold."""


def _plain(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float):
        return round(v, 4)
    if isinstance(v, tuple):
        return list(v)
    return v


def plain_deep(v: Any) -> Any:
    """``_plain`` through the lists and structs DuckDB returns for nested values."""
    if isinstance(v, dict):
        return {k: plain_deep(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain_deep(x) for x in v]
    return _plain(v)


class Q:
    """Query helper over one snapshot cursor (one per request)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, schema_cache: dict[str, Any] | None = None) -> None:
        self.cur = cur
        self._schema = schema_cache if schema_cache is not None else {}

    @classmethod
    def of(cls, store: Any) -> Q:
        """The query helper over a ``Store`` (the CLI's door; the web passes snapshot cursors)."""
        return cls(store.con)

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        res = self.cur.execute(sql, params or [])
        names = [d[0] for d in res.description or []]
        return [{n: _plain(v) for n, v in zip(names, r, strict=True)} for r in res.fetchall()]

    query = rows  # the Store's name for it, so functions taking a Store take a Q too

    def one(self, sql: str, params: list[Any] | None = None) -> dict[str, Any] | None:
        r = self.rows(sql, params)
        return r[0] if r else None

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.cur.execute(sql, params or []).fetchone()
        return _plain(row[0]) if row else None

    # -- schema --------------------------------------------------------------
    def columns(self, table: str) -> list[str]:
        if "tables" not in self._schema:
            cols: dict[str, list[str]] = {}
            for t, c in self.cur.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
            ).fetchall():
                cols.setdefault(t, []).append(c)
            self._schema["tables"] = cols
        return self._schema["tables"].get(table, [])

    def has(self, table: str, *cols: str) -> bool:
        have = self.columns(table)
        return bool(have) and all(c in have for c in cols)

    def registry(self) -> bool:
        """True when ``outlet_registry`` has rows (every ingest fills it; a bare store has none)."""
        if "registry" not in self._schema:
            self._schema["registry"] = bool(self.scalar("SELECT count(*) FROM outlet_registry"))
        return bool(self._schema["registry"])

    def outlet_join(self, alias: str = "a") -> tuple[str, str, str]:
        """(join clause, country expr, type expr) for articles aliased ``alias``.

        The one way outlets are matched everywhere: ``articles.outlet`` (the registered domain,
        or the slug of the outlet name when the input had no URL) joined to
        ``outlet_registry.key``, which holds every domain, registered domain, name slug and
        alias slug of the registry (``storylens.store.actors.outlet_rows``)."""
        if not self.registry():
            return "", "'(no outlet registry)'", "'(no outlet registry)'"
        return (f" LEFT JOIN outlet_registry om ON om.key = {alias}.outlet",
                "coalesce(om.country_name, om.country, 'unknown')", "coalesce(om.type, 'unknown')")

    def bucket(self, where: str = "", params: list[Any] | None = None) -> str:
        """day, week or month, whichever gives a readable number of points."""
        row = self.cur.execute(
            f"SELECT min(published), max(published) FROM articles a {where}", params or []
        ).fetchone()
        if not row or row[0] is None:
            return "week"
        days = (row[1] - row[0]).days
        return "day" if days <= 45 else "week" if days <= 400 else "month"


def csv_rows(rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: _csv_cell(v) for k, v in r.items()})
    return buf.getvalue()


def _csv_cell(v: Any) -> Any:
    if isinstance(v, list):
        v = "; ".join(map(str, v))
    # Text from web pages must not become a spreadsheet formula (CSV injection).
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v
