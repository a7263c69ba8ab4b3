"""Attention per actor and tone toward one actor per group: the functions behind `storylens
actors`, `storylens tone`, the actor page and its API, and the report.

Tone is aggregated over articles (``stats.ARTICLE_TONES``) and its intervals come from
``storylens.store.stats``; outlets are matched by ``Q.outlet_join`` (``articles.outlet`` joined
to ``outlet_registry.key``), the one rule used everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from storylens.errors import StoryLensError
from storylens.languages import TONE_LANGUAGES, no_tone_reason
from storylens.registry import ActorRegistry, actor_registry
from storylens.store.queries import filters
from storylens.store.queries.base import Q
from storylens.store.queries.filters import OutletFilter
from storylens.store.stats import (
    ARTICLE_TONES,
    TONE_MOMENTS,
    share_rates,
    tone_summary,
    with_adjusted,
)

GROUPS = ("outlet", "country", "type", "week", "month", "day")
PERIODS = ("week", "month", "day")


def attention(q: Q, *, kind: str | None = None, since: str | None = None, until: str | None = None,
              direct: bool = False, limit: int | None = 50) -> list[dict[str, Any]]:
    """Articles and mentions per actor; share of attention = share of articles mentioning it."""
    where, params = filters.published(since, until)
    n_articles = int(q.scalar(f"SELECT count(*) FROM articles a WHERE true{where}", params) or 0)
    kind_sql = " AND m.kind = ?" if kind else ""
    via_sql = " AND m.via IN ('name', 'demonym', 'metonym', 'ner')" if direct else ""
    filt = f"FROM mentions m JOIN articles a ON a.id = m.article_id WHERE true{where}{kind_sql}{via_sql}"
    args = params + ([kind] if kind else [])
    n_mentions = int(q.scalar(f"SELECT count(*) {filt}", args) or 0)
    rows = q.rows(
        "SELECT m.actor, any_value(m.kind) AS kind, count(DISTINCT m.article_id) AS articles, "
        "count(*) AS mentions, count(*) FILTER (WHERE m.via IN ('name', 'demonym', 'metonym', 'ner')) AS direct "
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
    mentioned = mention_languages(q, canonical)
    if mentioned:
        n = sum(mentioned.values())
        english = sum(k for lang, k in mentioned.items() if lang in TONE_LANGUAGES or lang == "unknown")
        langs = ", ".join(f"{lang} {k:,}" for lang, k in mentioned.items())
        if not english:
            raise StoryLensError(
                f"no tone toward {canonical!r}: 0 of {n:,} articles that mention it are in English ({langs}); "
                "enrichment covers actors in " + ", ".join(("en", *actors.languages()))
                + "; tone ran on English only (the multilingual tone model was not installed, or setting "
                "tone_multilingual was off), so its mentions are counted (`storylens actors`) and not "
                "scored (see docs/languages.md).")
        raise StoryLensError(
            f"no tone toward {canonical!r}: {n:,} articles mention it ({langs}), {english:,} of them in "
            "English, but none has a tone score: the store was ingested with enrichment off (setting "
            "`enrich`), or tone found no sentence about it.")
    top = [r["actor"] for r in q.rows("SELECT actor FROM tones GROUP BY actor ORDER BY count(*) DESC, actor LIMIT 8")]
    hint = f" Actors with tone in this store: {', '.join(top)}." if top else no_tone_reason({
        r["lang"]: r["n"] for r in q.rows(
            "SELECT coalesce(language, 'unknown') AS lang, count(*) AS n FROM articles GROUP BY 1 ORDER BY 2 DESC, 1")})
    raise StoryLensError(f"no tone toward {name!r} in this store (looked for {canonical!r}).{hint}")


def mention_languages(q: Q, actor: str) -> dict[str, int]:
    """Articles mentioning ``actor`` per language, most first (empty when it is not mentioned)."""
    rows = q.rows("SELECT coalesce(a.language, 'unknown') AS lang, count(DISTINCT a.id) AS n FROM mentions m "
                  "JOIN articles a ON a.id = m.article_id WHERE lower(m.actor) = lower(?) GROUP BY 1 "
                  "ORDER BY 2 DESC, 1", [actor])
    return {r["lang"]: int(r["n"]) for r in rows}


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


def _dims(by: str | Sequence[str] | None) -> tuple[str, ...]:
    dims = (by,) if isinstance(by, str) else tuple(by or ())
    for d in dims:
        if d not in GROUPS:
            raise StoryLensError(f"cannot group tone by {d!r}; choose one of {', '.join(GROUPS)}")
    if len(set(dims)) != len(dims):
        raise StoryLensError(f"--by {' --by '.join(dims)} names a grouping twice")
    return dims


def tone_rates(q: Q) -> dict[str, float] | None:
    """The measured negative-label rates of the one tone model the store's runs used, for the
    adjusted negative share (``stats.adjusted_share``; docs/tone.md, "Shares"); None when runs used
    several models, none recorded one, or the model was not measured."""
    if "models" not in q.columns("runs"):
        return None
    labels = {json.loads(r["models"]).get("tone") for r in q.rows("SELECT models FROM runs WHERE models IS NOT NULL")}
    labels.discard(None)
    return share_rates(labels.pop()) if len(labels) == 1 else None


def tone_groups(q: Q, actor: str, by: str | Sequence[str] | None = None, *, since: str | None = None,
                until: str | None = None, limit: int | None = None,
                outlets: OutletFilter | None = None) -> list[dict[str, Any]]:
    """Tone toward ``actor`` per group: articles, mentions, mean tone with its 95% interval over
    article means, and label shares (negative with a Wilson interval; ``negative_adj``, the negative
    share corrected for the tone model's measured error rates, when known). ``by`` None gives one
    overall row. For ``by="outlet"`` the group is the outlet key (``articles.outlet``) and
    ``name`` its registry name.

    ``by`` may name several groupings (``("outlet", "month")``: outlet x month); each row then
    carries every grouping under its own name (``outlet``, ``month``) and ``group`` joins their
    values with " / ". ``outlets`` keeps only articles of the matching outlets."""
    dims = _dims(by)
    where, params = filters.published(since, until)
    fwhere, fparams = filters.where(outlets)
    where += fwhere
    params += fparams
    join = ""
    exprs = []
    for d in dims or (None,):
        j, e = group_expr(q, d)
        join = join or j
        exprs.append(e)
    if any(d in PERIODS for d in dims):
        where += " AND a.published IS NOT NULL"
    name_sql = ("coalesce(any_value(om.name), any_value(a.outlet_name), a.outlet)" if join
                else "coalesce(any_value(a.outlet_name), a.outlet)") if "outlet" in dims else "NULL"
    cols = ", ".join(f"{e} AS g{i}" for i, e in enumerate(exprs))
    keys = ", ".join(f"g{i}" for i in range(len(exprs)))
    rows = q.rows(
        f"SELECT {cols}, {name_sql} AS name, {TONE_MOMENTS} "
        f"FROM {ARTICLE_TONES} t JOIN articles a ON a.id = t.article_id{join} "
        f"WHERE t.actor = ?{where} GROUP BY {keys}" + (", a.outlet" if "outlet" in dims else "")
        + f" ORDER BY n DESC, {keys}" + (" LIMIT ?" if limit else ""),
        [actor, *params] + ([limit] if limit else []),
    )
    rates = tone_rates(q)
    out = []
    for r in rows:
        values = [r[f"g{i}"] for i in range(len(exprs))]
        row: dict[str, Any] = {"group": values[0] if len(values) == 1 else " / ".join(map(str, values)),
                               "actor": actor}
        if len(dims) > 1:
            row.update(zip(dims, values, strict=True))
        if "outlet" in dims:
            row["name"] = r["name"]
        row.update(tone_summary(r["n"], r["mean"], r["sd"], r["neg"], r["neu"], r["pos"], r["mentions"]))
        out.append(with_adjusted(row, rates))
    periods = [i for i, d in enumerate(dims) if d in PERIODS]
    if periods:
        # the non-period groupings keep their order of size; periods run in time within each
        first = {}
        for r in out:
            first.setdefault(tuple(str(r.get(d, r["group"])) for d in dims if d not in PERIODS), len(first))
        out.sort(key=lambda r: (first[tuple(str(r.get(d, r["group"])) for d in dims if d not in PERIODS)],
                                [str(r.get(dims[i], r["group"])) for i in periods]))
    return out


def explain_no_tone(q: Q, actor: str, *, since: str | None = None, until: str | None = None,
                    outlets: OutletFilter | None = None) -> str:
    """Why ``tone_groups`` came back empty for an actor the store does hold tone toward: the date
    window or the outlet filter that emptied it."""
    where, params = filters.published(since, until)
    base = f"FROM {ARTICLE_TONES} t JOIN articles a ON a.id = t.article_id WHERE t.actor = ?"
    if where:
        n_all = int(q.scalar(f"SELECT count(DISTINCT a.id) {base}", [actor]) or 0)
        n = int(q.scalar(f"SELECT count(DISTINCT a.id) {base}{where}", [actor, *params]) or 0)
        if not n:
            span = q.one(f"SELECT min(a.published) AS lo, max(a.published) AS hi {base}", [actor]) or {}
            return (f"no tone toward {actor!r} between {since or 'the start'} and {until or 'the end'}: its "
                    f"{n_all:,} articles run from {span.get('lo') or '?'} to {span.get('hi') or '?'}")
    return filters.explain_empty(q, base + where, [actor, *params], outlets, f"tone toward {actor!r}")
