"""Queries over the ``quotes`` table: listings and counts for the CLI, reports and the web API."""

from __future__ import annotations

from typing import Any

GROUPS = ("speaker", "actor", "type", "outlet")


def _filters(speaker: str | None, actor: str | None, about: str | None,
             anonymous: bool | None, outlet: str | None = None) -> tuple[str, list[Any]]:
    where, params = ["1=1"], []
    if outlet:
        where.append("a.outlet = ?")
        params.append(outlet)
    if speaker:
        where.append("(q.speaker ILIKE ? OR q.speaker_descriptor ILIKE ?)")
        params += [f"%{speaker}%", f"%{speaker}%"]
    if actor:
        where.append("q.speaker_actor ILIKE ?")
        params.append(actor)
    if about:
        # "about" an actor: the article mentions it (actors stage), or the quote's own words name it
        where.append(
            "(q.article_id IN (SELECT article_id FROM mentions WHERE actor ILIKE ?) OR q.text ILIKE ?)"
        )
        params += [about, f"%{about}%"]
    if anonymous is not None:
        where.append("q.anonymous = ?")
        params.append(anonymous)
    return " AND ".join(where), params


def list_quotes(store: Any, *, speaker: str | None = None, actor: str | None = None,
                about: str | None = None, anonymous: bool | None = None,
                limit: int = 50) -> list[dict[str, Any]]:
    where, params = _filters(speaker, actor, about, anonymous)
    sql = f"""
        SELECT a.outlet, a.published, coalesce(q.speaker, CASE WHEN q.anonymous THEN '(anonymous)' END) AS speaker,
               q.speaker_type, q.speaker_actor, q.kind, q.cue, q.text, q.speaker_descriptor,
               q.article_id, q.start, q."end"
        FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE {where}
        ORDER BY a.published NULLS LAST, q.article_id, q.start
        LIMIT ?"""
    return store.query(sql, [*params, limit])


def count_quotes(store: Any, by: str, *, speaker: str | None = None, actor: str | None = None,
                 about: str | None = None, anonymous: bool | None = None, outlet: str | None = None,
                 limit: int = 50) -> list[dict[str, Any]]:
    """Counts grouped ``by`` speaker, actor, type or outlet (with the share of anonymous sources).
    ``store``: anything with ``query(sql, params) -> list[dict]`` (a Store or a ``Q``)."""
    if by not in GROUPS:
        from storylens.errors import StoryLensError

        raise StoryLensError(f"cannot group quotes by {by!r}: choose one of {', '.join(GROUPS)}")
    where, params = _filters(speaker, actor, about, anonymous, outlet)
    key = {
        "speaker": "coalesce(q.speaker, CASE WHEN q.anonymous THEN '(anonymous)' ELSE '(unknown)' END)",
        "actor": "coalesce(q.speaker_actor, '(none)')",
        "type": "q.speaker_type",
        "outlet": "coalesce(a.outlet, '(unknown)')",
    }[by]
    extra = ""
    if by == "speaker":
        # a named speaker's usual type and actor; the "(anonymous)" and "(unknown)" rows pool many
        # different unnamed speakers, so no single actor (or type) describes them
        extra = """CASE WHEN count(q.speaker) = 0
                        THEN CASE WHEN bool_and(q.anonymous) THEN 'anonymous' ELSE 'unknown' END
                        ELSE mode(q.speaker_type) END AS speaker_type,
                   CASE WHEN count(q.speaker) = 0 THEN NULL ELSE mode(q.speaker_actor) END AS speaker_actor,"""
    sql = f"""
        SELECT {key} AS {by}, {extra}
               count(*) AS quotes,
               count(DISTINCT q.article_id) AS articles,
               sum(CASE WHEN q.kind = 'direct' THEN 1 ELSE 0 END) AS direct,
               sum(CASE WHEN q.anonymous THEN 1 ELSE 0 END) AS anonymous,
               round(avg(CASE WHEN q.anonymous THEN 1.0 ELSE 0.0 END), 3) AS anonymous_share
        FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE {where}
        GROUP BY 1
        ORDER BY quotes DESC, 1
        LIMIT ?"""
    return store.query(sql, [*params, limit])
