"""Outlet filters shared by `tone`, `quotes`, `narratives`, `stories` (and the API): the SQL for
``--outlet``, ``--country`` and ``--type``, and the sentence that says which filter emptied an
answer; and the ``--since``/``--until`` condition on the publication date (``published``).

Each filter is a condition on an ``articles`` alias through ``outlet_registry`` sub-queries (not a
join), so it composes with any query that already joins the registry for grouping. Matching is the
one rule of ``Q.outlet_join``: ``articles.outlet`` against ``outlet_registry.key``; an outlet is
also found by its registry name ("BBC News"), its stored name (``articles.outlet_name``) or its
key, case-insensitively. Country matches the ISO code or the country name; type matches the
registry's outlet type (``state``, ``public``, ``commercial``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storylens.store.queries.base import Q


@dataclass(frozen=True)
class OutletFilter:
    """Which outlets an answer covers; every field None means all outlets."""

    outlet: str | None = None
    country: str | None = None
    type: str | None = None

    def active(self) -> list[tuple[str, str]]:
        """(option name, value) of each filter that is set, in the order they narrow."""
        return [(k, v) for k, v in (("outlet", self.outlet), ("country", self.country), ("type", self.type)) if v]

    def __bool__(self) -> bool:
        return bool(self.active())

    def describe(self) -> str:
        """"outlet bbc.co.uk, country GB" (for messages)."""
        return ", ".join(f"{k} {v!r}" for k, v in self.active())


def clause(name: str, value: str, alias: str = "a") -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) of one filter on articles aliased ``alias``."""
    if name == "outlet":
        return (f"(lower({alias}.outlet) = lower(?) OR lower({alias}.outlet_name) = lower(?) OR {alias}.outlet IN "
                "(SELECT key FROM outlet_registry WHERE lower(name) = lower(?) OR lower(domain) = lower(?)))",
                [value] * 4)
    if name == "country":
        return (f"{alias}.outlet IN (SELECT key FROM outlet_registry WHERE lower(country) = lower(?) "
                "OR lower(country_name) = lower(?))", [value, value])
    if name == "type":
        return f"{alias}.outlet IN (SELECT key FROM outlet_registry WHERE lower(type) = lower(?))", [value]
    raise ValueError(f"unknown outlet filter {name!r}")


def where(filt: OutletFilter | None, alias: str = "a") -> tuple[str, list[Any]]:
    """`` AND ...`` conditions of every active filter (empty string when none)."""
    if not filt:
        return "", []
    sql, params = [], []
    for name, value in filt.active():
        c, p = clause(name, value, alias)
        sql.append(c)
        params += p
    return " AND " + " AND ".join(sql), params


def published(since: str | None, until: str | None, alias: str = "a") -> tuple[str, list[Any]]:
    """`` AND ...`` conditions for articles aliased ``alias`` published on or after ``since`` and on
    or before ``until`` (YYYY-MM-DD; empty string when neither is given)."""
    cond, params = [], []
    if since:
        cond.append(f"{alias}.published >= CAST(? AS DATE)")
        params.append(since)
    if until:
        cond.append(f"{alias}.published <= CAST(? AS DATE)")
        params.append(until)
    return (" AND " + " AND ".join(cond)) if cond else "", params


def explain_empty(q: Q, base: str, params: list[Any], filt: OutletFilter | None, what: str) -> str:
    """Why an answer is empty: ``base`` is ``FROM ... WHERE ...`` over articles aliased ``a``
    counting the rows the answer would come from before the outlet filters. Names the filter
    that emptied it and what the store holds instead ("no tone toward X from outlets of country
    'FR': 12 articles have it, from country US 8, GB 4")."""
    total = int(q.scalar(f"SELECT count(DISTINCT a.id) {base}", params) or 0)
    if not total:
        return f"no {what} in this store"
    if not filt:
        return f"no {what} matches"
    cond, cparams, prev, applied = "", [], total, []
    for name, value in filt.active():
        c, p = clause(name, value)
        n = int(q.scalar(f"SELECT count(DISTINCT a.id) {base}{cond} AND {c}", [*params, *cparams, *p]) or 0)
        if not n:
            after = f" with {', '.join(applied)}" if applied else ""
            return (f"no {what} once --{name} {value!r} is applied: {prev:,} articles have {what}{after}; "
                    f"{_choices(q, base + cond, [*params, *cparams], name)}")
        cond += f" AND {c}"
        cparams += p
        prev = n
        applied.append(f"--{name} {value!r}")
    return f"no {what} matches {filt.describe()}"


def _choices(q: Q, base: str, params: list[Any], name: str) -> str:
    """The values of filter ``name`` that do have rows, most first (for the message)."""
    if name == "outlet":
        expr, join = "a.outlet", ""
    else:
        col = "country" if name == "country" else "type"
        expr = f"coalesce(om.{col}, 'unknown')"
        join = " LEFT JOIN outlet_registry om ON om.key = a.outlet"
    # ``base`` starts with FROM ... ; the registry join goes right after its articles table
    from_part, _, rest = base.partition(" WHERE ")
    rows = q.rows(f"SELECT {expr} AS v, count(DISTINCT a.id) AS n {from_part}{join} WHERE {rest} "
                  "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 8", params)
    if not rows:
        return f"no {name} has any"
    return f"by {name}: " + ", ".join(f"{r['v']} {r['n']:,}" for r in rows)
