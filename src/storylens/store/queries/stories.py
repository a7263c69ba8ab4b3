"""Stories as the CLI, the dashboard and the report list them: outlet filters, and the label a
reader sees.

A story's stored ``label`` is its top c-TF-IDF keywords (``corpus.stories``). On a catch-all
cluster of unrelated items those keywords name no event ("northeastern qinghai cincinnati
nourish" over 161 headlines); then the representative headline reads better. ``display_labels``
decides per story from its member titles (see ``COHERENT_SHARE``).
"""

from __future__ import annotations

import re
from typing import Any

from storylens.errors import StoryLensError
from storylens.store.queries import filters
from storylens.store.queries.base import Q
from storylens.store.queries.filters import OutletFilter

# A label is coherent when at least this share of the story's titles contain one of its
# keywords. Calibrated with scripts/story_label_coherence.py: on the packaged gold stories (data/stories/gold_allsides.jsonl) clustered by
# cluster_texts, every cluster of 3+ titles covers 0.75-1.0 of its titles; a planted catch-all of
# 20 headlines from 20 different stories covers 0.35 (its keywords each occur in two titles).
# 0.5 sits between; a larger catch-all covers less still (4 keywords reach ~8 titles at most).
COHERENT_SHARE = 0.5
MIN_TITLES = 3

_ORDERS = {"articles": "s.articles DESC, s.last_seen DESC", "recent": "s.last_seen DESC, s.articles DESC",
           "outlets": "len(s.outlets) DESC, s.articles DESC"}


def _story_where(min_articles: int, since: str | None) -> tuple[str, list[Any]]:
    """Stories (aliased ``s``) with at least ``min_articles``, seen on or after ``since``."""
    if since:
        return "s.articles >= ? AND s.last_seen >= CAST(? AS DATE)", [min_articles, since]
    return "s.articles >= ?", [min_articles]


def _check_order(order: str) -> None:
    if order not in _ORDERS:
        raise StoryLensError(f"unknown order {order!r}: choose one of {', '.join(_ORDERS)}")


def story_list(q: Q, *, min_articles: int = 2, limit: int = 50, since: str | None = None,
               order: str = "articles", outlets: OutletFilter | None = None) -> list[dict[str, Any]]:
    """Stories (``story_rows``' columns), only those with an article from the
    ``outlets`` filter when given (``matching``: how many), each labelled by ``display_labels``."""
    _check_order(order)
    fsql, fparams = filters.where(outlets)
    where, wparams = _story_where(min_articles, since)
    params: list[Any] = [*fparams, *wparams]
    rows = q.rows(
        "WITH m AS (SELECT sa.story_id, count(*) AS n FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
        f"WHERE true{fsql} GROUP BY 1) "
        "SELECT s.id, s.label, s.headline, s.first_seen, s.last_seen, s.articles, len(s.outlets) AS n_outlets, "
        "s.outlets, s.countries, s.continues, s.keywords, m.n AS matching "
        f"FROM stories s JOIN m ON m.story_id = s.id WHERE {where} ORDER BY {_ORDERS[order]} LIMIT ?",
        [*params, limit],
    )
    if not outlets:
        for r in rows:
            r.pop("matching")
    labels = display_labels(q, rows)
    for r in rows:
        r["keywords_label"] = r["label"]
        r["label"] = labels.get(r["id"], r["label"])
    return rows


def story_rows(store: Any, *, min_articles: int = 2, limit: int = 50, since: str | None = None,
               order: str = "articles") -> list[dict[str, Any]]:
    """Stored stories with at least ``min_articles`` (seen on or after ``since``), raw values,
    keyword labels (``story_list`` adds outlet filters and display labels)."""
    _check_order(order)
    where, params = _story_where(min_articles, since)
    params.append(limit)
    return store.query(
        "SELECT s.id, s.label, s.headline, s.first_seen, s.last_seen, s.articles, len(s.outlets) AS n_outlets, "
        f"s.outlets, s.countries, s.continues, s.keywords FROM stories s WHERE {where} ORDER BY {_ORDERS[order]} LIMIT ?",
        params,
    )


def story_detail(store: Any, sid: str) -> dict[str, Any]:
    """One story (``storylens stories --story ID``): its row, its articles, tone per actor, its
    narratives and the chain of stories it continues. Takes a ``Store``: raw values."""
    rows = store.query("SELECT * EXCLUDE (centroid) FROM stories WHERE id = ?", [sid])
    if not rows:
        raise StoryLensError(f"no story {sid!r}: list them with `storylens stories`")
    out = rows[0]
    out["articles_list"] = store.query(
        "SELECT a.id, a.published, a.outlet, a.title, s.similarity FROM story_articles s "
        "JOIN articles a ON a.id = s.article_id WHERE s.story_id = ? ORDER BY a.published, a.outlet", [sid])
    out["tone_by_actor"] = store.query(
        "SELECT t.actor, count(*) AS articles, round(avg(t.score), 3) AS tone, sum(t.mentions) AS mentions "
        "FROM story_articles s JOIN tones t ON t.article_id = s.article_id WHERE s.story_id = ? "
        "GROUP BY 1 ORDER BY articles DESC, mentions DESC LIMIT 20", [sid])
    out["narratives"] = store.query(
        "SELECT n.narrative, count(*) AS articles, round(avg(n.score), 3) AS score "
        "FROM story_articles s JOIN narratives n ON n.article_id = s.article_id WHERE s.story_id = ? "
        "GROUP BY 1 ORDER BY 2 DESC", [sid])
    chain = []
    cur = out.get("continues")
    while cur and len(chain) < 20:
        chain.append(cur)
        nxt = store.scalar("SELECT continues FROM stories WHERE id = ?", [cur])
        cur = nxt
    out["continues_chain"] = chain
    return out


def explain_no_stories(q: Q, *, min_articles: int = 2, since: str | None = None,
                       outlets: OutletFilter | None = None) -> str:
    """Which condition left no story: none clustered yet, --min-articles, --since, or an outlet filter."""
    total = int(q.scalar("SELECT count(*) FROM stories") or 0) if q.has("stories", "id") else 0
    if not total:
        return "no stories in this store yet: `storylens stories --update` (or ingest with the stories setting on) makes them"
    big = int(q.scalar("SELECT count(*) FROM stories WHERE articles >= ?", [min_articles]) or 0)
    if not big:
        top = q.scalar("SELECT max(articles) FROM stories")
        return f"no story has --min-articles {min_articles} articles ({total:,} stories, the largest has {top})"
    where, params = _story_where(min_articles, since)
    if since and not int(q.scalar(f"SELECT count(*) FROM stories s WHERE {where}", params) or 0):
        last = q.scalar("SELECT max(last_seen) FROM stories")
        return f"no story seen on or after --since {since} (the latest was seen {last})"
    return filters.explain_empty(
        q, "FROM story_articles sa JOIN stories s ON s.id = sa.story_id JOIN articles a ON a.id = sa.article_id "
        f"WHERE {where}", params, outlets, "stories")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z][a-z\-']+", text.lower()))


def coherence(keywords: list[str], titles: list[str]) -> float:
    """Share of ``titles`` that contain at least one of ``keywords`` (as a word)."""
    if not titles:
        return 0.0
    kw = {k.lower() for k in keywords}
    return sum(1 for t in titles if kw & _words(t)) / len(titles)


def display_labels(q: Q, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Story id -> the label to show: the keyword label when it is coherent with the story's
    titles, else the representative headline (the keyword label when there is none)."""
    ids = [r["id"] for r in rows if r.get("id") is not None]
    if not ids or not q.has("story_articles", "story_id"):
        return {}
    titles: dict[str, list[str]] = {}
    for t in q.rows("SELECT sa.story_id AS sid, a.title FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                    "WHERE sa.story_id IN (SELECT unnest(?)) AND a.title IS NOT NULL", [ids]):
        titles.setdefault(str(t["sid"]), []).append(t["title"])
    out = {}
    for r in rows:
        label, head = r.get("label") or "", r.get("headline")
        kw = label.split() if label else list(r.get("keywords") or [])
        ts = titles.get(str(r["id"]), [])
        if head and (not kw or (len(ts) >= MIN_TITLES and coherence(kw, ts) < COHERENT_SHARE)):
            out[str(r["id"])] = head
        else:
            out[str(r["id"])] = label or head or str(r["id"])
    return out
