"""Overview: corpus size and span, outlets by country and type, top actors, latest runs and rejects."""

from __future__ import annotations

from typing import Any

from storylens.store.queries.base import Q
from storylens.store.queries.tone import tone_rates
from storylens.store.stats import with_adjusted


def overview(q: Q, limit: int = 20) -> dict[str, Any]:
    size = q.one(
        "SELECT count(*) AS articles, count(DISTINCT outlet) AS outlets, coalesce(sum(words), 0) AS words, "
        "min(published) AS published_from, max(published) AS published_to, "
        "max(ingested_at) AS last_ingest FROM articles"
    ) or {}
    size["rejects"] = q.scalar("SELECT count(*) FROM rejects")
    total = size.get("articles") or 0
    join, country, otype = q.outlet_join("a")
    outlets = q.rows(
        f"SELECT a.outlet, any_value(a.outlet_name) AS name, {country} AS country, {otype} AS type, "
        "count(*) AS articles, min(a.published) AS first, max(a.published) AS last "
        f"FROM articles a{join} GROUP BY a.outlet, 3, 4 ORDER BY articles DESC LIMIT ?", [limit]
    )
    by_country = q.rows(
        f"SELECT {country} AS country, {otype} AS type, count(DISTINCT a.outlet) AS outlets, count(*) AS articles "
        f"FROM articles a{join} GROUP BY 1, 2 ORDER BY articles DESC"
    ) if q.registry() else []
    actors = q.rows(
        "WITH m AS (SELECT actor, any_value(kind) AS kind, count(DISTINCT article_id) AS articles, "
        "count(*) AS mentions FROM mentions GROUP BY actor), "
        "t AS (SELECT actor, avg(score) AS tone, count(*) AS toned, "
        "avg(CASE WHEN label = 'negative' THEN 1.0 ELSE 0 END) AS share_negative FROM tones GROUP BY actor) "
        "SELECT m.actor, m.kind, m.articles, m.mentions, m.articles / greatest(?, 1)::DOUBLE AS attention, "
        "t.tone, t.share_negative FROM m LEFT JOIN t USING (actor) ORDER BY m.articles DESC, m.actor LIMIT ?",
        [total, limit],
    )
    rates = tone_rates(q)
    actors = [with_adjusted(a, rates, "share_negative") for a in actors]
    languages = q.rows(
        "SELECT coalesce(language, 'unknown') AS language, count(*) AS articles FROM articles GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
    )
    runs = q.rows(
        "SELECT id, command, inputs, started_at, finished_at, read, stored, duplicates, rejected, skipped "
        "FROM runs ORDER BY id DESC LIMIT 10"
    )
    rejects = q.rows(
        "SELECT rejected_at, stage, reason, source, \"offset\", run_id FROM rejects "
        "ORDER BY rejected_at DESC, source LIMIT ?", [limit]
    )
    reject_reasons = q.rows(
        "SELECT stage, regexp_replace(reason, '[0-9]+', 'N', 'g') AS reason, count(*) AS n "
        "FROM rejects GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10"
    )
    bucket = q.bucket()
    volume = q.rows(
        f"SELECT date_trunc('{bucket}', published)::DATE AS bucket, count(*) AS articles FROM articles "
        "WHERE published IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    return {
        "size": size,
        "registry": q.registry(),
        "bucket": bucket,
        "volume": volume,
        "outlets": outlets,
        "outlets_by_country_type": by_country,
        "top_actors": actors,
        "languages": languages,
        "runs": runs,
        "rejects": rejects,
        "reject_reasons": reject_reasons,
    }
