"""Queries over the ``quotes`` table: listings and counts for the CLI, reports and the web API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storylens.errors import StoryLensError
from storylens.store.queries import filters
from storylens.store.queries.filters import OutletFilter

GROUPS = ("speaker", "actor", "type", "outlet")


def _filters(speaker: str | None, actor: str | None, about: str | None,
             anonymous: bool | None, outlet: str | None = None,
             outlets: OutletFilter | None = None) -> tuple[str, list[Any]]:
    where, params = ["1=1"], []
    fsql, fparams = filters.where(outlets)
    if fsql:
        where.append(fsql[len(" AND "):])
        params += fparams
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
                limit: int = 50, outlets: OutletFilter | None = None) -> list[dict[str, Any]]:
    where, params = _filters(speaker, actor, about, anonymous, outlets=outlets)
    sql = f"""
        SELECT a.outlet, a.published, coalesce(q.speaker, CASE WHEN q.anonymous THEN '(anonymous)' END) AS speaker,
               q.speaker_type, q.speaker_actor, q.kind, q.cue, q.text, q.speaker_descriptor,
               q.article_id, q.start, q."end"
        FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE {where}
        ORDER BY a.published NULLS LAST, q.article_id, q.start
        LIMIT ?"""
    return store.query(sql, [*params, limit])


def count_quotes(store: Any, by: str | Sequence[str], *, speaker: str | None = None, actor: str | None = None,
                 about: str | None = None, anonymous: bool | None = None, outlet: str | None = None,
                 limit: int = 50, outlets: OutletFilter | None = None) -> list[dict[str, Any]]:
    """Counts grouped ``by`` speaker, actor, type or outlet (with the share of anonymous sources);
    several groupings (``("outlet", "type")``) cross them, one column each.
    ``store``: anything with ``query(sql, params) -> list[dict]`` (a Store or a ``Q``)."""
    dims = (by,) if isinstance(by, str) else tuple(by)
    if not dims or any(d not in GROUPS for d in dims) or len(set(dims)) != len(dims):
        raise StoryLensError(f"cannot group quotes by {' x '.join(dims) or 'nothing'!r}: choose among "
                             f"{', '.join(GROUPS)}, each once")
    where, params = _filters(speaker, actor, about, anonymous, outlet, outlets)
    keys = {
        # unnamed speakers pool in three rows: sources the text marks anonymous, sources it
        # describes without a name ("her father", "a statement saying ..."), and none at all
        "speaker": "coalesce(q.speaker, CASE WHEN q.anonymous THEN '(anonymous)' "
                   "WHEN q.speaker_descriptor IS NOT NULL THEN '(unnamed)' ELSE '(unknown)' END)",
        "actor": "coalesce(q.speaker_actor, '(none)')",
        "type": "q.speaker_type",
        "outlet": "coalesce(a.outlet, '(unknown)')",
    }
    extra = ""
    if "speaker" in dims:
        # a named speaker's usual type and actor; the "(anonymous)", "(unnamed)" and "(unknown)" rows pool many
        # different unnamed speakers, so no single actor (or type) describes them
        if "type" not in dims:
            extra += """CASE WHEN count(q.speaker) = 0
                        THEN CASE WHEN bool_and(q.anonymous) THEN 'anonymous' ELSE 'unknown' END
                        ELSE mode(q.speaker_type) END AS speaker_type,"""
        if "actor" not in dims:
            extra += """
                   CASE WHEN count(q.speaker) = 0 THEN NULL ELSE mode(q.speaker_actor) END AS speaker_actor,"""
    select = ", ".join(f"{keys[d]} AS {d}" for d in dims)
    group = ", ".join(str(i + 1) for i in range(len(dims)))
    sql = f"""
        SELECT {select}, {extra}
               count(*) AS quotes,
               count(DISTINCT q.article_id) AS articles,
               sum(CASE WHEN q.kind = 'direct' THEN 1 ELSE 0 END) AS direct,
               sum(CASE WHEN q.anonymous THEN 1 ELSE 0 END) AS anonymous,
               round(avg(CASE WHEN q.anonymous THEN 1.0 ELSE 0.0 END), 3) AS anonymous_share
        FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE {where}
        GROUP BY {group}
        ORDER BY quotes DESC, {group}
        LIMIT ?"""
    return store.query(sql, [*params, limit])


def explain_no_quotes(q: Any, *, speaker: str | None = None, actor: str | None = None,
                      about: str | None = None, anonymous: bool | None = None,
                      outlets: OutletFilter | None = None) -> str:
    """Why a quotes answer is empty: which of the filters (in the order speaker, actor, about,
    anonymous, then the outlet filters) left no quote."""
    from storylens.store.queries.base import Q

    q = q if isinstance(q, Q) else Q.of(q)
    total = int(q.scalar("SELECT count(*) FROM quotes") or 0)
    if not total:
        langs = q.rows("SELECT coalesce(language, 'unknown') AS lang, count(*) AS n FROM articles "
                       "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 6")
        from storylens.languages import QUOTE_LANGUAGES

        covered = sum(r["n"] for r in langs if r["lang"] in (*QUOTE_LANGUAGES, "unknown"))
        names = ", ".join(str(x) for x in QUOTE_LANGUAGES if x)
        return ("no quotes in this store: " + (f"0 of {sum(r['n'] for r in langs):,} articles in a language with "
                f"quote rules ({names}; see docs/languages.md)" if langs and not covered else
                "ingest with enrichment on (setting `enrich`); quotes need articles in " + names))
    steps = [("--speaker", speaker, dict(speaker=speaker)), ("--actor", actor, dict(actor=actor)),
             ("--about", about, dict(about=about)),
             ("--anonymous/--named", anonymous, dict(anonymous=anonymous))]
    kw: dict[str, Any] = {}
    for name, value, arg in steps:
        if value is None:
            continue
        kw.update(arg)
        cond, params = _filters(kw.get("speaker"), kw.get("actor"), kw.get("about"), kw.get("anonymous"))
        n = int(q.scalar(f"SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {cond}",
                         params) or 0)
        if not n:
            return f"no quotes once {name} {value!r} is applied ({total:,} quotes in the store)"
    cond, params = _filters(kw.get("speaker"), kw.get("actor"), kw.get("about"), kw.get("anonymous"))
    return filters.explain_empty(q, f"FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {cond}",
                                 params, outlets, "quotes")
