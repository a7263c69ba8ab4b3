"""Actor aggregates over the store: attention (articles and mentions per actor) and tone toward
one actor grouped by outlet, outlet country, outlet type, week or month, with 95% confidence
intervals. Outlets are resolved through the outlet registry (``storylens.registry``).

Articles are matched to registry outlets by URL host first (``news.cgtn.com`` ->
``cgtn.com``; ``abcnews.go.com`` is its own outlet), then by the stored ``outlet`` (a
registered domain, or the slug of the outlet name when the input had no URL), then by
``outlet_name``. The mapping is computed once per query over the distinct
(host, outlet, outlet_name) triples, which are few, and put in a temporary table; that
works on a read-only store too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import duckdb

from storylens.errors import StoryLensError
from storylens.languages import no_tone_reason
from storylens.registry import ActorRegistry, OutletRegistry, actor_registry, outlet_registry

GROUPS = ("outlet", "country", "type", "week", "month", "day")
_HOST = r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)"


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


def map_article_outlets(con: duckdb.DuckDBPyConnection, outlets: OutletRegistry | None = None,
                        actors: ActorRegistry | None = None) -> None:
    """Create TEMP table ``article_outlet(id, domain, name, country, country_name, type)``."""
    outlets = outlets or outlet_registry()
    actors = actors or actor_registry()
    triples = con.execute(
        f"SELECT DISTINCT lower(regexp_extract(url, '{_HOST}', 1)) AS host, outlet, outlet_name "
        "FROM articles"
    ).fetchall()
    rows = []
    for host, outlet, outlet_name in triples:
        found = (outlets.lookup(host) if host else None) or (outlets.lookup(outlet) if outlet else None) \
            or (outlets.by_name(outlet_name) if outlet_name else None)
        if found is None and outlet:
            found = outlets.by_name(outlet.replace("-", " "))
        if found is not None:
            c = actors.by_code(found.country) if found.country else None
            rows.append((host or "", outlet or "", outlet_name or "", found.domain, found.name,
                         found.country, c.name if c else None, found.type))
        else:
            rows.append((host or "", outlet or "", outlet_name or "", outlet or host or None,
                         outlet_name or outlet or host or None, None, None, None))
    con.execute("CREATE OR REPLACE TEMP TABLE outlet_map (host VARCHAR, outlet VARCHAR, outlet_name VARCHAR, "
                "domain VARCHAR, name VARCHAR, country VARCHAR, country_name VARCHAR, type VARCHAR)")
    if rows:
        con.executemany("INSERT INTO outlet_map VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE article_outlet AS "
        f"SELECT a.id, m.domain, m.name, m.country, m.country_name, m.type FROM articles a "
        f"JOIN outlet_map m ON coalesce(lower(regexp_extract(a.url, '{_HOST}', 1)), '') = m.host "
        "AND coalesce(a.outlet, '') = m.outlet AND coalesce(a.outlet_name, '') = m.outlet_name"
    )


def _where(since: str | None, until: str | None, alias: str = "a") -> tuple[str, list[Any]]:
    cond, params = [], []
    if since:
        cond.append(f"{alias}.published >= CAST(? AS DATE)")
        params.append(since)
    if until:
        cond.append(f"{alias}.published <= CAST(? AS DATE)")
        params.append(until)
    return (" AND " + " AND ".join(cond)) if cond else "", params


def attention(con: duckdb.DuckDBPyConnection, *, kind: str | None = None, since: str | None = None,
              until: str | None = None, direct: bool = False, limit: int | None = 50) -> list[dict[str, Any]]:
    """Articles and mentions per actor; share of attention = share of articles mentioning it."""
    where, params = _where(since, until)
    total = con.execute(f"SELECT count(*) FROM articles a WHERE true{where}", params).fetchone()
    n_articles = int(total[0]) if total else 0
    kind_sql = " AND m.kind = ?" if kind else ""
    via_sql = " AND m.via IN ('name', 'demonym', 'metonym')" if direct else ""
    q = (
        "SELECT m.actor, any_value(m.kind) AS kind, count(DISTINCT m.article_id) AS articles, "
        "count(*) AS mentions, "
        "count(*) FILTER (WHERE m.via IN ('name', 'demonym', 'metonym')) AS direct_mentions "
        f"FROM mentions m JOIN articles a ON a.id = m.article_id WHERE true{where}{kind_sql}{via_sql} "
        "GROUP BY m.actor ORDER BY articles DESC, mentions DESC, m.actor"
        + (" LIMIT ?" if limit else "")
    )
    args = params + ([kind] if kind else []) + ([limit] if limit else [])
    total_mentions = con.execute(
        f"SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id WHERE true{where}{kind_sql}{via_sql}",
        params + ([kind] if kind else []),
    ).fetchone()
    n_mentions = int(total_mentions[0]) if total_mentions else 0
    out = []
    for actor, k, arts, ments, direct_m in con.execute(q, args).fetchall():
        out.append({
            "actor": actor, "kind": k, "articles": int(arts), "mentions": int(ments),
            "direct": int(direct_m),
            "article_share": arts / n_articles if n_articles else 0.0,
            "mention_share": ments / n_mentions if n_mentions else 0.0,
        })
    return out


def _t975(df: int) -> float:
    """Two-sided 95% t quantile (scipy when present, else the normal 1.96)."""
    if df <= 0:
        return float("nan")
    try:
        from scipy.stats import t

        return float(t.ppf(0.975, df))
    except ImportError:  # pragma: no cover - scipy comes with scikit-learn
        return 1.96


def _wilson(k: int, n: int) -> tuple[float, float]:
    if n == 0:
        return (float("nan"), float("nan"))
    z = 1.959964
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, centre - half), min(1.0, centre + half))


def resolve_actor(con: duckdb.DuckDBPyConnection, name: str, actors: ActorRegistry | None = None) -> str:
    """The canonical actor name for ``name`` ("U.S." -> "United States"); errors name the fix."""
    actors = actors or actor_registry()
    found = actors.lookup(name)
    canonical = found.name if found else name
    row = con.execute("SELECT count(*) FROM tones WHERE actor = ?", [canonical]).fetchone()
    if row and row[0]:
        return canonical
    row = con.execute("SELECT actor FROM tones WHERE lower(actor) = lower(?) LIMIT 1", [name]).fetchone()
    if row:
        return str(row[0])
    top = [r[0] for r in con.execute(
        "SELECT actor FROM tones GROUP BY actor ORDER BY count(*) DESC LIMIT 8").fetchall()]
    hint = f" Actors with tone in this store: {', '.join(top)}." if top else no_tone_reason(dict(
        con.execute("SELECT coalesce(language, 'unknown'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC").fetchall()))
    raise StoryLensError(f"no tone toward {name!r} in this store (looked for {canonical!r}).{hint}")


def tone_by(con: duckdb.DuckDBPyConnection, actor: str, by: str | None = None, *,
            since: str | None = None, until: str | None = None,
            outlets: OutletRegistry | None = None, actors: ActorRegistry | None = None) -> list[dict[str, Any]]:
    """Tone toward ``actor`` per group: articles, mentions, mean tone with a 95% t interval over
    articles, and label shares with Wilson intervals. ``by`` None gives one overall row."""
    if by is not None and by not in GROUPS:
        raise StoryLensError(f"cannot group tone by {by!r}; choose one of {', '.join(GROUPS)}")
    name = resolve_actor(con, actor, actors)
    where, params = _where(since, until)
    join = ""
    if by in ("outlet", "country", "type"):
        map_article_outlets(con, outlets, actors)
        join = " LEFT JOIN article_outlet o ON o.id = a.id"
    group_sql = {
        None: "'all'",
        "outlet": "coalesce(o.name, a.outlet_name, a.outlet, 'unknown')",
        "country": "coalesce(o.country_name, 'unknown')",
        "type": "coalesce(o.type, 'unknown')",
        "week": "CAST(date_trunc('week', a.published) AS DATE)",
        "month": "strftime(a.published, '%Y-%m')",
        "day": "CAST(a.published AS DATE)",
    }[by]
    if by in ("week", "month", "day"):
        where += " AND a.published IS NOT NULL"
    q = (
        f"SELECT {group_sql} AS grp, count(*) AS n, sum(t.mentions) AS mentions, avg(t.score) AS mean, "
        "stddev_samp(t.score) AS sd, "
        "count(*) FILTER (WHERE t.label = 'negative') AS neg, "
        "count(*) FILTER (WHERE t.label = 'neutral') AS neu, "
        "count(*) FILTER (WHERE t.label = 'positive') AS pos "
        f"FROM tones t JOIN articles a ON a.id = t.article_id{join} "
        f"WHERE t.actor = ?{where} GROUP BY grp ORDER BY n DESC, grp"
    )
    out = []
    for grp, n, mentions, mean, sd, neg, neu, pos in con.execute(q, [name, *params]).fetchall():
        n = int(n)
        half = _t975(n - 1) * sd / math.sqrt(n) if n > 1 and sd is not None else float("nan")
        lo, hi = (mean - half, mean + half) if not math.isnan(half) else (None, None)
        row: dict[str, Any] = {
            by or "group": grp if not hasattr(grp, "isoformat") else grp.isoformat(),
            "actor": name, "articles": n, "mentions": int(mentions or 0),
            "tone": round(float(mean), 4),
            "ci_low": None if lo is None else round(max(-1.0, lo), 4),
            "ci_high": None if hi is None else round(min(1.0, hi), 4),
            "negative": round(neg / n, 4), "neutral": round(neu / n, 4), "positive": round(pos / n, 4),
        }
        nl, nh = _wilson(int(neg), n)
        row["negative_ci"] = [round(nl, 4), round(nh, 4)]
        out.append(row)
    if by in ("week", "month", "day"):
        out.sort(key=lambda r: str(r[by]))
    return out


def tone_columns(by: str | None) -> Sequence[str]:
    return [by or "group", "articles", "mentions", "tone", "ci_low", "ci_high",
            "negative", "neutral", "positive"]
