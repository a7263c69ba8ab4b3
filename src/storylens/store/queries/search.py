"""Search: words in title and text, with filters by outlet, date, actor and language.

DuckDB's ``fts`` extension is not built into duckdb 2.0 (``LOAD fts`` asks for
``INSTALL fts``, which downloads from extensions.duckdb.org) and the server
must work offline. An inverted index table built in the snapshot measured
12 s to build and 35-90 ms per query on 100k synthetic articles, hardly better
than a scan, so search scans: every word must occur (case-insensitive
substring of the title or the text, ILIKE), newest first. See docs/web.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from storylens.errors import StoryLensError
from storylens.store.queries.base import Q

MAX_TERMS = 8


class BadQuery(StoryLensError):
    pass


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadQuery(f"{name}={value!r} is not a date; use YYYY-MM-DD.") from exc


def _conditions(text: str = "", outlet: str | None = None, since: str | None = None, until: str | None = None,
                actor: str | None = None, language: str | None = None) -> tuple[list[str], list[str], list[Any]]:
    """(terms, SQL conditions on articles aliased ``a``, parameters) of a search."""
    terms = [t for t in re.split(r"\W+", (text or "").lower()) if t][:MAX_TERMS]
    where: list[str] = []
    params: list[Any] = []
    for t in terms:
        # ILIKE on each column is 2-3x faster than contains(lower(title || text)) here; terms are
        # word characters only, so "_" is the one LIKE wildcard left to escape.
        pattern = "%" + t.replace("_", "\\_") + "%"
        where.append("(a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')")
        params.extend([pattern, pattern])
    if outlet:
        where.append("a.outlet = ?")
        params.append(outlet)
    if language:
        where.append("a.language = ?")
        params.append(language)
    d0, d1 = _date(since, "since"), _date(until, "until")
    if d0:
        where.append("a.published >= ?")
        params.append(d0)
    if d1:
        where.append("a.published <= ?")
        params.append(d1)
    if actor:
        where.append("a.id IN (SELECT article_id FROM mentions WHERE actor = ?)")
        params.append(actor)
    return terms, where, params


def search(q: Q, text: str = "", outlet: str | None = None, since: str | None = None,
           until: str | None = None, actor: str | None = None, language: str | None = None,
           limit: int = 50, offset: int = 0) -> dict[str, Any]:
    terms, where, params = _conditions(text, outlet, since, until, actor, language)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    # One scan: the matches are materialised once, counted, and only one page gets snippets.
    rows = q.rows(
        f"""
        WITH m AS MATERIALIZED (SELECT a.id, a.published FROM articles a {clause}),
             pg AS (SELECT id, published FROM m ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?)
        SELECT (SELECT count(*) FROM m) AS total, a.id, a.title, a.outlet, a.published, a.language, a.words,
               substr(a.text, greatest(1, strpos(lower(a.text), ?) - 80), 240) AS snippet
        FROM pg JOIN articles a ON a.id = pg.id
        ORDER BY pg.published DESC NULLS LAST, a.id
        """,
        [*params, limit, offset, terms[0] if terms else ""],
    )
    total = rows[0]["total"] if rows else (q.scalar(f"SELECT count(*) FROM articles a {clause}", params) if offset else 0)
    for r in rows:
        r.pop("total", None)
    return {"query": {"q": text, "terms": terms, "outlet": outlet, "since": since, "until": until,
                      "actor": actor, "language": language, "limit": limit, "offset": offset},
            "total": total, "results": rows}


def facets(q: Q, text: str = "", outlet: str | None = None, since: str | None = None,
           until: str | None = None, actor: str | None = None, language: str | None = None) -> dict[str, Any]:
    """Filter choices for the search form, counted within the current query: each facet applies
    every other filter but its own (so the outlet list shows how many matches each outlet would
    give, and the chosen outlet stays listed). With no query: counts over the whole store."""
    _, by_outlet, p_outlet = _conditions(text, None, since, until, actor, language)
    _, by_lang, p_lang = _conditions(text, outlet, since, until, actor, None)

    def clause(where: list[str]) -> str:
        return ("WHERE " + " AND ".join(where)) if where else ""

    outlets = q.rows(f"SELECT a.outlet, count(*) AS n FROM articles a {clause(by_outlet)} GROUP BY 1 "
                     "ORDER BY 2 DESC, 1 LIMIT 200", p_outlet)
    languages = q.rows(f"SELECT coalesce(a.language, '') AS language, count(*) AS n FROM articles a "
                       f"{clause(by_lang)} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50", p_lang)
    # a chosen value with no match under the other filters stays selectable (count 0)
    if outlet and all(r["outlet"] != outlet for r in outlets):
        outlets.append({"outlet": outlet, "n": 0})
    if language and all(r["language"] != language for r in languages):
        languages.append({"language": language, "n": 0})
    return {"outlets": outlets, "languages": languages}
