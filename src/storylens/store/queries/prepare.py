"""Prepare a private copy of the store for the query layer (the dashboard's snapshots,
``web/snapshot.py``): indexes for the lookups the pages make by value, and the article children
table (``article.build_children_table``). The copy is opened read-write once, then served
read-only.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from storylens.store.queries.article import CHILDREN_TABLE, build_children_table

log = logging.getLogger(__name__)

# Lookups the pages make by value: per-actor rows, copy links, an outlet's articles. (The article
# page reads ``web_article_children``, built below, instead of indexes on the six child tables.)
INDEXES = (
    ("copies", "article_id"), ("copies", "copy_of"), ("mentions", "actor"), ("tones", "actor"),
    ("quotes", "speaker_actor"), ("articles", "outlet"),
)


def add_indexes(path: Path) -> None:
    """Open the private copy read-write once (replaying its WAL) and prepare it for the pages:
    indexes for lookups by value, and one row per article with all its child rows
    (``queries.article.build_children_table``), so an article page is two point lookups."""
    con = duckdb.connect(str(path))
    try:
        con.execute("SET enable_progress_bar = false")  # it would print to the server's terminal
        have = {(t, c) for t, c in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
        ).fetchall()}
        for table, col in INDEXES:
            if (table, col) in have:
                con.execute(f'CREATE INDEX IF NOT EXISTS "web_{table}_{col}" ON "{table}" ("{col}")')
        try:
            build_children_table(con)
        except duckdb.Error as exc:  # an unexpected schema: article pages fall back to one query each
            con.execute(f'DROP TABLE IF EXISTS "{CHILDREN_TABLE}"')
            log.warning("article children table not built (%s); article pages query the child tables", exc)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def article_count(con: duckdb.DuckDBPyConnection) -> int:
    """Articles in a snapshot (also its sanity check: a torn copy fails here)."""
    row = con.execute("SELECT count(*) FROM articles").fetchone()
    return int(row[0]) if row else 0
