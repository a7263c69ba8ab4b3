"""The ``outlet_registry`` table: the outlet registry (``storylens.registry``) keyed the way
``articles.outlet`` is written, so every query matches an article to its outlet with one join
(``storylens.store.queries.base.Q.outlet_join``). Reading aggregates lives in
``storylens.store.queries``.
"""

from __future__ import annotations

from typing import Any

import duckdb

from storylens.registry import ActorRegistry, OutletRegistry, actor_registry, outlet_registry


def _slug(name: str) -> str:
    from storylens.pipeline import slug

    return slug(name)


def outlet_rows(outlets: OutletRegistry, actors: ActorRegistry) -> list[tuple[Any, ...]]:
    """Rows for ``outlet_registry``: one per domain, registered domain of a subdomain entry,
    name slug and alias slug (first wins), so ``articles.outlet`` joins on ``key``."""
    rows: dict[str, tuple[Any, ...]] = {}
    for r in outlets.rows(actors):
        values = (r["domain"], r["name"], r["country"], r["country_name"], r["type"], r["owner"])
        for key in (r["domain"], _slug(r["name"])):
            rows.setdefault(key, (key, *values))
    from storylens.extract.outlets import registered_domain

    for r in outlets.rows(actors):  # articles.outlet holds the registered domain: abcnews.go.com -> go.com
        reg_dom = registered_domain(r["domain"])
        if reg_dom and reg_dom not in rows:
            rows[reg_dom] = (reg_dom, r["domain"], r["name"], r["country"], r["country_name"], r["type"], r["owner"])
    for o in outlets.outlets.values():
        for alias in o.aliases:
            key = _slug(alias)
            if key not in rows:
                c = actors.by_code(o.country) if o.country else None
                rows[key] = (key, o.domain, o.name, o.country, c.name if c else None, o.type, o.owner)
    return list(rows.values())


def refresh_outlet_registry(con: duckdb.DuckDBPyConnection, outlets: OutletRegistry | None = None,
                            actors: ActorRegistry | None = None) -> int:
    """Replace the rows of ``outlet_registry`` (migration 003) with the current registry."""
    rows = outlet_rows(outlets or outlet_registry(), actors or actor_registry())
    # Every ingest ends here: skip the rewrite when the table already holds these rows
    # (a fetch of ~1,200 rows costs milliseconds; the rewrite ~0.5 s per run).
    current = con.execute("SELECT * FROM outlet_registry").fetchall()
    if len(current) == len(rows) and set(current) == set(rows):
        return len(rows)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM outlet_registry")
        con.executemany("INSERT INTO outlet_registry VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(rows)
