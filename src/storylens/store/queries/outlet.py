"""Outlet: volume, actors covered and their tone, share of copy, sources quoted and share anonymous."""

from __future__ import annotations

from typing import Any

from storylens.store.queries.base import NotFound, Q
from storylens.store.queries.quotes import count_quotes
from storylens.store.queries.spread import copies_available
from storylens.store.queries.tone import tone_rates
from storylens.store.stats import ARTICLE_TONES, TONE_MOMENTS, share, tone_summary, with_adjusted


def copy_share(q: Q, outlet: str, articles: int) -> dict[str, Any]:
    """Articles of ``outlet`` that are exact or near copies of another outlet's article (the
    definition `storylens spread` uses; own boilerplate and partial reuse do not count):
    {available, copies, share_copy, share_lo, share_hi}. ``available`` is False until copy detection has run on this store."""
    if not copies_available(q):
        return {"available": False, "copies": None, "share_copy": None, "share_lo": None, "share_hi": None}
    k = int(q.scalar(
        "SELECT count(DISTINCT c.article_id) FROM copies c JOIN articles a ON a.id = c.article_id "
        "JOIN articles o ON o.id = c.copy_of "
        "WHERE a.outlet = ? AND c.kind <> 'partial' AND o.outlet IS DISTINCT FROM a.outlet", [outlet]) or 0)
    s = share(k, int(articles or 0))
    return {"available": True, "copies": k, "share_copy": s["share"], "share_lo": s["share_lo"],
            "share_hi": s["share_hi"]}


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
    rates = tone_rates(q)
    actors = []
    for r in q.rows(
        f"SELECT t.actor, any_value(t.kind) AS kind, {TONE_MOMENTS} "
        f"FROM {ARTICLE_TONES} t JOIN articles a ON a.id = t.article_id WHERE a.outlet = ? "
        "GROUP BY t.actor ORDER BY n DESC, t.actor LIMIT ?",
        [name, limit],
    ):
        s = tone_summary(r["n"], r["mean"], r["sd"], r["neg"], r["neu"], r["pos"], r["mentions"])
        actors.append(with_adjusted({"actor": r["actor"], "kind": r["kind"], **s}, rates))
    sources = q.rows(
        """
        SELECT qu.speaker_type, count(*) AS quotes, avg(CASE WHEN qu.anonymous THEN 1.0 ELSE 0 END) AS share_anonymous
        FROM quotes qu JOIN articles a ON a.id = qu.article_id WHERE a.outlet = ?
        GROUP BY 1 ORDER BY 2 DESC, 1
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
    counted = count_quotes(q, "outlet", outlet=name, limit=1)
    n_quotes = int(counted[0]["quotes"]) if counted else 0
    n_anon = int(counted[0]["anonymous"]) if counted else 0
    anon = share(n_anon, n_quotes)
    quotes_total = {"quotes": n_quotes, "anonymous": n_anon, "share_anonymous": anon["share"],
                    "share_lo": anon["share_lo"], "share_hi": anon["share_hi"]}
    copy = copy_share(q, name, head["articles"])
    copied_from: list[dict[str, Any]] = []
    if copy["available"]:
        copied_from = q.rows(
            """
            SELECT o.outlet AS source_outlet, count(*) AS copies
            FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of
            WHERE a.outlet = ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?
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
