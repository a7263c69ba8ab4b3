"""Corpus aggregates in the common subset of Spark SQL and DuckDB: one statement per table.

The Spark engine runs them over a run's Parquet tables (``agg_tone``, ``agg_attention``,
``agg_quotes``), ``run --engine local`` over its scratch store, and ``aggregate_duckdb`` over
any store, so the same figures come out of every engine (tests/test_engines_parity.py).
Intervals are not columns: ``storylens.store.stats.tone_summary`` turns an ``agg_tone`` row
into the figures every other door shows.
"""

from __future__ import annotations

from typing import Any

_WEEK = "CAST(date_trunc('week', a.published) AS DATE)"

AGGREGATES: dict[str, str] = {
    # Sums are cast to BIGINT: DuckDB's sum of integers is HUGEINT (DOUBLE in Parquet), Spark's
    # BIGINT, and both engines must write the same column types.
    # tone toward each actor per outlet and ISO week (Monday). ``tones`` holds one row per article
    # and actor, so these are article-level moments: the interval shown anywhere else comes from
    # them through ``storylens.store.stats.tone_summary(articles, mean_tone, sd_tone, ...)``,
    # not from a formula of its own (``sd_tone`` is NULL for a group of one article).
    "agg_tone": f"""
        SELECT t.actor, t.kind, a.outlet, {_WEEK} AS week,
               count(*) AS articles, CAST(sum(t.mentions) AS BIGINT) AS mentions,
               avg(t.score) AS mean_tone, stddev_samp(t.score) AS sd_tone,
               CAST(sum(CASE WHEN t.label = 'negative' THEN 1 ELSE 0 END) AS BIGINT) AS negative,
               CAST(sum(CASE WHEN t.label = 'neutral' THEN 1 ELSE 0 END) AS BIGINT) AS neutral,
               CAST(sum(CASE WHEN t.label = 'positive' THEN 1 ELSE 0 END) AS BIGINT) AS positive
        FROM tones t JOIN articles a ON a.id = t.article_id
        GROUP BY t.actor, t.kind, a.outlet, {_WEEK}""",
    # attention: articles mentioning each actor per outlet and week, and their share
    "agg_attention": f"""
        WITH per AS (
            SELECT m.actor, m.kind, a.outlet, {_WEEK} AS week,
                   count(DISTINCT m.article_id) AS articles, count(*) AS mentions
            FROM mentions m JOIN articles a ON a.id = m.article_id
            GROUP BY m.actor, m.kind, a.outlet, {_WEEK}),
        base AS (
            SELECT a.outlet, {_WEEK} AS week, count(*) AS outlet_articles
            FROM articles a GROUP BY a.outlet, {_WEEK})
        SELECT per.actor, per.kind, per.outlet, per.week, per.articles, per.mentions,
               base.outlet_articles,
               CAST(per.articles AS DOUBLE) / base.outlet_articles AS share
        FROM per JOIN base ON per.outlet IS NOT DISTINCT FROM base.outlet
                          AND per.week IS NOT DISTINCT FROM base.week""",
    # who is quoted: per speaker (registry actor when resolved, else the name)
    "agg_quotes": """
        SELECT coalesce(q.speaker_actor, q.speaker) AS speaker, q.speaker_type,
               count(*) AS quotes,
               CAST(sum(CASE WHEN q.kind = 'direct' THEN 1 ELSE 0 END) AS BIGINT) AS direct,
               CAST(sum(CASE WHEN q.anonymous THEN 1 ELSE 0 END) AS BIGINT) AS anonymous,
               count(DISTINCT q.article_id) AS articles,
               count(DISTINCT a.outlet) AS outlets,
               min(a.published) AS first_published, max(a.published) AS last_published
        FROM quotes q JOIN articles a ON a.id = q.article_id
        GROUP BY coalesce(q.speaker_actor, q.speaker), q.speaker_type""",
}

AGG_KEYS: dict[str, tuple[str, ...]] = {
    "agg_tone": ("actor", "kind", "outlet", "week"),
    "agg_attention": ("actor", "kind", "outlet", "week"),
    "agg_quotes": ("speaker", "speaker_type"),
}


def aggregate_duckdb(con: Any, name: str) -> list[dict[str, Any]]:
    """One aggregate computed by DuckDB over a store's tables (same SQL as Spark)."""
    cur = con.execute(AGGREGATES[name])
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
