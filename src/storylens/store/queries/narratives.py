"""Queries over the ``narratives`` table: which articles carry a narrative, with score and evidence."""

from __future__ import annotations

from typing import Any

from storylens.store.queries import filters
from storylens.store.queries.base import Q
from storylens.store.queries.filters import OutletFilter


def narrative_articles(q: Q, narrative: str, *, pack: str | None = None, since: str | None = None,
                       until: str | None = None, outlets: OutletFilter | None = None,
                       limit: int = 100) -> list[dict[str, Any]]:
    """Articles carrying ``narrative`` (exact name, else a case-insensitive substring), best score
    first: date, outlet, title, narrative, pack, score and the evidence sentences."""
    where, params = ["(n.narrative = ? OR n.narrative ILIKE ?)"], [narrative, f"%{narrative}%"]
    if pack:
        where.append("n.pack = ?")
        params.append(pack)
    dsql, dparams = filters.published(since, until)
    fsql, fparams = filters.where(outlets)
    sql = f"""
        SELECT n.article_id AS article, a.published AS date, a.outlet, a.title, n.narrative, n.pack,
               round(n.score, 3) AS score, n.evidence
        FROM narratives n JOIN articles a ON a.id = n.article_id
        WHERE {' AND '.join(where)}{dsql}{fsql}
        ORDER BY n.score DESC, a.published DESC NULLS LAST, n.article_id
        LIMIT ?"""
    return q.rows(sql, [*params, *dparams, *fparams, limit])


def narrative_names(q: Q) -> list[str]:
    """Every narrative stored, for "did you mean" answers."""
    return [r["narrative"] for r in q.rows("SELECT DISTINCT narrative FROM narratives ORDER BY 1")]
