"""Narrative trends read from the store: shares per group, rising and falling narratives, what
changed in the last week, the roles cast for an actor, and the texts the emerging-claims search
(``corpus/emerging.py``) reads.

- **Share**: articles carrying a narrative / all articles, per week, outlet, outlet country or
  outlet type (country and type from ``outlet_registry``, matched as everywhere in the query
  layer; an outlet it does not hold says "unknown").
- **Rising and falling**: each narrative's share in a recent window against a baseline window
  just before it, with a two-proportion z-test (``store/stats.py::two_proportion_z``). Only
  changes with p < alpha are reported unless asked for all.
- **What changed**: the week's new and growing stories and the narratives that rose or fell
  against the previous eight weeks.

Unlike the dashboard's functions these take a ``Store`` (or anything with its ``query`` and
``scalar``) and return its raw values: dates as dates, floats as computed (the CLI prints them).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from storylens.errors import StoryLensError
from storylens.store.queries.filters import published
from storylens.store.stats import two_proportion_z

GROUPINGS = ("week", "outlet", "country", "type")


def _actor_filter(actor: str | None) -> tuple[str, list[Any]]:
    if not actor:
        return "", []
    return (
        " AND (a.id IN (SELECT article_id FROM mentions WHERE lower(actor) = lower(?)) "
        "OR (NOT EXISTS (SELECT 1 FROM mentions) AND a.text ILIKE ?))",
        [actor, f"%{actor}%"],
    )


def _group_key(store: Any, by: str) -> tuple[str, str]:
    """(group expression, join) for ``narrative_share``. Country (ISO code) and type come from
    ``outlet_registry`` joined on ``articles.outlet``, the one outlet match of the query layer
    (``Q.outlet_join``); an outlet it does not hold is "unknown"."""
    if by == "week":
        return "CAST(date_trunc('week', a.published) AS DATE)", ""
    if by == "outlet":
        return "a.outlet", ""
    if not store.scalar("SELECT count(*) FROM outlet_registry"):
        return "'(no outlet registry)'", ""
    return f"coalesce(om.{by}, 'unknown')", " LEFT JOIN outlet_registry om ON om.key = a.outlet"


def narrative_share(store: Any, by: str = "week", *, actor: str | None = None, pack: str | None = None,
                    since: str | None = None, until: str | None = None, min_articles: int = 1) -> list[dict[str, Any]]:
    """One row per (group, narrative): articles with the narrative, articles in the group, share."""
    if by not in GROUPINGS:
        raise StoryLensError(f"unknown grouping {by!r}: choose one of {', '.join(GROUPINGS)}")
    key, join = _group_key(store, by)
    cond, params = _actor_filter(actor)
    dsql, dparams = published(since, until)
    cond, params = cond + dsql, params + dparams
    pack_cond, pack_params = ("", [])
    if pack:
        pack_cond, pack_params = " AND n.pack = ?", [pack]
    totals = store.query(f"SELECT {key} AS g, count(*) AS n FROM articles a{join} WHERE true{cond} GROUP BY 1", params)
    hits = store.query(
        f"SELECT {key} AS g, n.narrative, count(DISTINCT a.id) AS k FROM articles a{join} "
        f"JOIN narratives n ON n.article_id = a.id WHERE true{cond}{pack_cond} GROUP BY 1, 2",
        params + pack_params,
    )
    tot = {r["g"]: r["n"] for r in totals}
    hit = {(r["g"], r["narrative"]): r["k"] for r in hits}
    rows = []
    for (g, narrative), k in hit.items():
        n = tot.get(g, 0)
        if n >= min_articles:
            rows.append({by: g, "narrative": narrative, "articles": k, "of": n,
                         "share": round(k / n, 4) if n else 0.0})
    rows.sort(key=lambda r: (str(r[by]), -r["share"], r["narrative"]))  # (ties by name: GROUP BY has no order)
    return rows


def narrative_totals(store: Any, *, actor: str | None = None, pack: str | None = None, since: str | None = None,
                     until: str | None = None) -> list[dict[str, Any]]:
    """Each narrative with its articles (summed over the weekly shares) and its share of every
    article in the store, most articles first (``storylens narratives`` without options)."""
    rows = narrative_share(store, "week", actor=actor, pack=pack, since=since, until=until)
    total = store.scalar("SELECT count(*) FROM articles")
    agg: dict[str, int] = {}
    for r in rows:
        agg[r["narrative"]] = agg.get(r["narrative"], 0) + r["articles"]
    return [{"narrative": k, "articles": v, "share": round(v / total, 4) if total else 0.0}
            for k, v in sorted(agg.items(), key=lambda kv: (-kv[1], kv[0]))]  # ties by name, the same every run


def _end_date(store: Any, end: str | None) -> date:
    if end:
        return date.fromisoformat(end)
    last = store.scalar("SELECT max(published) FROM articles")
    if last is None:
        raise StoryLensError("no article in the store has a publication date: trends need dates")
    return last


def rising(store: Any, *, recent_days: int = 7, baseline_days: int = 56, end: str | None = None,
           alpha: float = 0.05, actor: str | None = None, show_all: bool = False) -> list[dict[str, Any]]:
    """Narratives whose share in the last ``recent_days`` differs from the ``baseline_days`` before."""
    stop = _end_date(store, end)
    r0 = stop - timedelta(days=recent_days - 1)
    b0 = r0 - timedelta(days=baseline_days)
    cond, params = _actor_filter(actor)

    def counts(lo: date, hi: date) -> tuple[int, dict[str, int]]:
        n = store.scalar(f"SELECT count(*) FROM articles a WHERE a.published BETWEEN ? AND ?{cond}",
                         [lo, hi, *params])
        rows = store.query(
            f"SELECT n.narrative, count(DISTINCT a.id) AS k FROM articles a JOIN narratives n "
            f"ON n.article_id = a.id WHERE a.published BETWEEN ? AND ?{cond} GROUP BY 1", [lo, hi, *params])
        return int(n or 0), {r["narrative"]: int(r["k"]) for r in rows}

    n1, k1 = counts(r0, stop)
    n0, k0 = counts(b0, r0 - timedelta(days=1))
    out = []
    for name in sorted(set(k1) | set(k0)):
        a, b = k1.get(name, 0), k0.get(name, 0)
        z, p = two_proportion_z(a, n1, b, n0)
        if not show_all and p >= alpha:
            continue
        out.append({
            "narrative": name, "direction": "rising" if z > 0 else "falling",
            "recent_share": round(a / n1, 4) if n1 else 0.0, "baseline_share": round(b / n0, 4) if n0 else 0.0,
            "recent": f"{a}/{n1}", "baseline": f"{b}/{n0}", "z": round(z, 2), "p": float(f"{p:.3g}"),
            "window": f"{r0}..{stop} vs {b0}..{r0 - timedelta(days=1)}",
        })
    out.sort(key=lambda r: -abs(r["z"]))
    return out


def what_changed(store: Any, *, end: str | None = None, days: int = 7, limit: int = 10) -> dict[str, Any]:
    """The last ``days`` (ending at ``end`` or the latest publication date): articles, new and
    growing stories, and the narratives that rose or fell against the 56 days before."""
    stop = _end_date(store, end)
    start = stop - timedelta(days=days - 1)
    has_stories = bool(store.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'stories'"))
    new, growing = [], []
    if has_stories:
        new = store.query(
            "SELECT id, label, headline, articles, len(outlets) AS n_outlets, first_seen, continues FROM stories "
            "WHERE first_seen BETWEEN ? AND ? ORDER BY len(outlets) DESC, articles DESC, id LIMIT ?",
            [start, stop, limit])
        growing = store.query(
            "SELECT s.id, s.label, s.headline, count(*) AS new_articles, s.articles, s.first_seen "
            "FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
            "WHERE sa.day BETWEEN ? AND ? AND s.first_seen < ? GROUP BY ALL ORDER BY new_articles DESC, s.id LIMIT ?",
            [start, stop, start, limit])
    return {
        "week": f"{start}..{stop}",
        "articles": int(store.scalar("SELECT count(*) FROM articles WHERE published BETWEEN ? AND ?",
                                     [start, stop]) or 0),
        "new_stories": new,
        "growing_stories": growing,
        "narratives": rising(store, recent_days=days, baseline_days=56, end=str(stop)),
    }


def roles_for_actor(store: Any, actor: str) -> list[dict[str, Any]]:
    """The roles (hero, villain, victim) the stored articles cast ``actor`` in: articles, mean score."""
    return store.query(
        "SELECT role, count(*) AS articles, round(avg(score), 3) AS score FROM roles WHERE lower(actor) = lower(?) "
        "GROUP BY 1 ORDER BY 2 DESC, 1", [actor])


def recent_texts(store: Any, *, since: str | None = None, limit: int = 5000) -> list[tuple[str, str, str]]:
    """(id, outlet, text) of the ``limit`` most recently published articles (on or after ``since``)."""
    params: list[Any] = []
    cond = ""
    if since:
        cond = " WHERE published >= CAST(? AS DATE)"
        params.append(since)
    return [(r["id"], r["outlet"], r["text"]) for r in store.query(
        f"SELECT id, outlet, text FROM articles{cond} ORDER BY published DESC NULLS LAST LIMIT ?",
        [*params, limit])]
