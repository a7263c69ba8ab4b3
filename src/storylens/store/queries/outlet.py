"""Outlet: volume, actors covered and their tone, share of copy, sources quoted and share anonymous."""

from __future__ import annotations

from typing import Any

from storylens.store.queries.base import NotFound, Q


def outlet(q: Q, name: str, limit: int = 25) -> dict[str, Any]:
    join, country, otype = q.outlet_join("a")
    head = q.one(
        f"SELECT a.outlet, any_value(a.outlet_name) AS name, any_value({country}) AS country, "
        f"any_value({otype}) AS type, count(*) AS articles, min(a.published) AS first, max(a.published) AS last "
        f"FROM articles a{join} WHERE a.outlet = ? GROUP BY a.outlet",
        [name],
    )
    if not head:
        raise NotFound(f"no outlet {name!r} in this store. See /api/overview for the outlets it holds.")
    bucket = q.bucket("WHERE a.outlet = ?", [name])
    volume = q.rows(
        f"SELECT date_trunc('{bucket}', published)::DATE AS bucket, count(*) AS articles FROM articles "
        "WHERE outlet = ? AND published IS NOT NULL GROUP BY 1 ORDER BY 1",
        [name],
    )
    actors = q.rows(
        """
        SELECT t.actor, any_value(t.kind) AS kind, count(*) AS articles, avg(t.score) AS tone,
               avg(t.score) - 1.96 * coalesce(stddev_samp(t.score), 0) / sqrt(count(*)) AS lo,
               avg(t.score) + 1.96 * coalesce(stddev_samp(t.score), 0) / sqrt(count(*)) AS hi
        FROM tones t JOIN articles a ON a.id = t.article_id WHERE a.outlet = ?
        GROUP BY t.actor ORDER BY articles DESC, t.actor LIMIT ?
        """,
        [name, limit],
    )
    sources = q.rows(
        """
        SELECT qu.speaker_type, count(*) AS quotes, avg(CASE WHEN qu.anonymous THEN 1.0 ELSE 0 END) AS share_anonymous
        FROM quotes qu JOIN articles a ON a.id = qu.article_id WHERE a.outlet = ?
        GROUP BY 1 ORDER BY 2 DESC
        """,
        [name],
    )
    speakers = q.rows(
        """
        SELECT coalesce(qu.speaker, '(unnamed)') AS speaker, any_value(qu.speaker_type) AS speaker_type,
               count(*) AS quotes
        FROM quotes qu JOIN articles a ON a.id = qu.article_id WHERE a.outlet = ?
        GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ?
        """,
        [name, limit],
    )
    quotes_total = q.one(
        "SELECT count(*) AS quotes, avg(CASE WHEN qu.anonymous THEN 1.0 ELSE 0 END) AS share_anonymous "
        "FROM quotes qu JOIN articles a ON a.id = qu.article_id WHERE a.outlet = ?",
        [name],
    ) or {}
    from storylens.store.queries.spread import (
        copies_available,  # issue 6: empty table until the stage runs
    )

    copy: dict[str, Any] = {"available": copies_available(q)}
    copied_from: list[dict[str, Any]] = []
    if copy["available"]:
        copy.update(q.one(
            "SELECT count(DISTINCT c.article_id) AS copies, "
            "count(DISTINCT c.article_id) / greatest(?, 1)::DOUBLE AS share_copy "
            "FROM copies c JOIN articles a ON a.id = c.article_id WHERE a.outlet = ?",
            [head["articles"], name],
        ) or {})
        copied_from = q.rows(
            """
            SELECT o.outlet AS source_outlet, count(*) AS copies
            FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of
            WHERE a.outlet = ? GROUP BY 1 ORDER BY 2 DESC LIMIT ?
            """,
            [name, limit],
        )
    latest = q.rows(
        "SELECT id, title, published, words FROM articles WHERE outlet = ? "
        "ORDER BY published DESC NULLS LAST, id LIMIT ?",
        [name, limit],
    )
    return {
        "outlet": head, "bucket": bucket, "volume": volume, "actors": actors,
        "sources": sources, "speakers": speakers, "quotes": quotes_total,
        "copy": copy, "copied_from": copied_from, "latest": latest,
    }
