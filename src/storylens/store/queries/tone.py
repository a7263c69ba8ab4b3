"""Attention per actor and tone toward one actor per group: the functions behind `storylens
actors`, `storylens tone`, the actor page and its API, and the report.

Tone is aggregated over articles (``stats.ARTICLE_TONES``) and its intervals come from
``storylens.store.stats``; outlets are matched by ``Q.outlet_join`` (``articles.outlet`` joined
to ``outlet_registry.key``), the one rule used everywhere.
"""

from __future__ import annotations

from typing import Any

from storylens.errors import StoryLensError
from storylens.languages import no_tone_reason
from storylens.registry import ActorRegistry, actor_registry
from storylens.store.queries.base import Q
from storylens.store.stats import ARTICLE_TONES, TONE_MOMENTS, tone_summary

GROUPS = ("outlet", "country", "type", "week", "month", "day")
PERIODS = ("week", "month", "day")


def _where(since: str | None, until: str | None, alias: str = "a") -> tuple[str, list[Any]]:
    cond, params = [], []
    if since:
        cond.append(f"{alias}.published >= CAST(? AS DATE)")
        params.append(since)
    if until:
        cond.append(f"{alias}.published <= CAST(? AS DATE)")
        params.append(until)
    return (" AND " + " AND ".join(cond)) if cond else "", params


def attention(q: Q, *, kind: str | None = None, since: str | None = None, until: str | None = None,
              direct: bool = False, limit: int | None = 50) -> list[dict[str, Any]]:
    """Articles and mentions per actor; share of attention = share of articles mentioning it."""
    where, params = _where(since, until)
    n_articles = int(q.scalar(f"SELECT count(*) FROM articles a WHERE true{where}", params) or 0)
    kind_sql = " AND m.kind = ?" if kind else ""
    via_sql = " AND m.via IN ('name', 'demonym', 'metonym')" if direct else ""
    filt = f"FROM mentions m JOIN articles a ON a.id = m.article_id WHERE true{where}{kind_sql}{via_sql}"
    args = params + ([kind] if kind else [])
    n_mentions = int(q.scalar(f"SELECT count(*) {filt}", args) or 0)
    rows = q.rows(
        "SELECT m.actor, any_value(m.kind) AS kind, count(DISTINCT m.article_id) AS articles, "
        "count(*) AS mentions, count(*) FILTER (WHERE m.via IN ('name', 'demonym', 'metonym')) AS direct "
        f"{filt} GROUP BY m.actor ORDER BY articles DESC, mentions DESC, m.actor" + (" LIMIT ?" if limit else ""),
        args + ([limit] if limit else []),
    )
    for r in rows:
        r["article_share"] = r["articles"] / n_articles if n_articles else 0.0
        r["mention_share"] = r["mentions"] / n_mentions if n_mentions else 0.0
    return rows


def resolve_actor(q: Q, name: str, actors: ActorRegistry | None = None) -> str:
    """The canonical actor name for ``name`` ("U.S." -> "United States"); errors name the fix."""
    actors = actors or actor_registry()
    found = actors.lookup(name)
    canonical = found.name if found else name
    if q.scalar("SELECT count(*) FROM tones WHERE actor = ?", [canonical]):
        return canonical
    row = q.scalar("SELECT actor FROM tones WHERE lower(actor) = lower(?) LIMIT 1", [name])
    if row:
        return str(row)
    top = [r["actor"] for r in q.rows("SELECT actor FROM tones GROUP BY actor ORDER BY count(*) DESC LIMIT 8")]
    hint = f" Actors with tone in this store: {', '.join(top)}." if top else no_tone_reason({
        r["lang"]: r["n"] for r in q.rows(
            "SELECT coalesce(language, 'unknown') AS lang, count(*) AS n FROM articles GROUP BY 1 ORDER BY 2 DESC")})
    raise StoryLensError(f"no tone toward {name!r} in this store (looked for {canonical!r}).{hint}")


def group_expr(q: Q, by: str | None, alias: str = "a") -> tuple[str, str]:
    """(join clause, SQL expression of the group) for articles aliased ``alias``."""
    join, country, otype = q.outlet_join(alias)
    expr = {
        None: "'all'",
        "outlet": f"coalesce({alias}.outlet, 'unknown')",
        "country": country,
        "type": otype,
        "week": f"CAST(date_trunc('week', {alias}.published) AS DATE)",
        "month": f"strftime({alias}.published, '%Y-%m')",
        "day": f"CAST({alias}.published AS DATE)",
    }[by]
    return join, expr


def tone_groups(q: Q, actor: str, by: str | None = None, *, since: str | None = None,
                until: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Tone toward ``actor`` per group: articles, mentions, mean tone with its 95% interval over
    article means, and label shares (negative with a Wilson interval). ``by`` None gives one
    overall row. For ``by="outlet"`` the group is the outlet key (``articles.outlet``) and
    ``name`` its registry name."""
    if by is not None and by not in GROUPS:
        raise StoryLensError(f"cannot group tone by {by!r}; choose one of {', '.join(GROUPS)}")
    where, params = _where(since, until)
    join, expr = group_expr(q, by)
    if by in PERIODS:
        where += " AND a.published IS NOT NULL"
    name_sql = ("coalesce(any_value(om.name), any_value(a.outlet_name), a.outlet)" if join
                else "coalesce(any_value(a.outlet_name), a.outlet)") if by == "outlet" else "NULL"
    rows = q.rows(
        f"SELECT {expr} AS grp, {name_sql} AS name, {TONE_MOMENTS} "
        f"FROM {ARTICLE_TONES} t JOIN articles a ON a.id = t.article_id{join} "
        f"WHERE t.actor = ?{where} GROUP BY grp" + (", a.outlet" if by == "outlet" else "")
        + " ORDER BY n DESC, grp" + (" LIMIT ?" if limit else ""),
        [actor, *params] + ([limit] if limit else []),
    )
    out = []
    for r in rows:
        row: dict[str, Any] = {"group": r["grp"], "actor": actor}
        if by == "outlet":
            row["name"] = r["name"]
        row.update(tone_summary(r["n"], r["mean"], r["sd"], r["neg"], r["neu"], r["pos"], r["mentions"]))
        out.append(row)
    if by in PERIODS:
        out.sort(key=lambda r: str(r["group"]))
    return out
