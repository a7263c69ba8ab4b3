"""Syndication and spread: `storylens syndication`, `spread`, `copies`, `eval syndication`."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from typing import Any

import click

from storylens.cli import main
from storylens.cli.evaluate import eval_group
from storylens.cli.options import db_option, emit_rows, output_options
from storylens.store import Store

_KINDS = ("exact", "near", "partial")


def _config(lsh_threshold: float | None, near: float | None, passage_words: int | None) -> Any:
    from storylens.config import Settings
    from storylens.corpus.syndication import SyndicationConfig

    settings = Settings.load(None, syndication_lsh_threshold=lsh_threshold, syndication_near=near,
                             syndication_passage_words=passage_words)
    return SyndicationConfig.from_settings(settings)


def _config_options(f: Any) -> Any:
    f = click.option("--passage-words", type=click.IntRange(min=8), default=None,
                     help="Shortest reused passage reported, in words (default 40; index parameter).")(f)
    f = click.option("--near", type=click.FloatRange(0, 1), default=None,
                     help="Containment of the smaller text in the larger one for a near copy (default 0.5).")(f)
    f = click.option("--lsh-threshold", type=click.FloatRange(0.05, 0.95), default=None,
                     help="Jaccard at the LSH S-curve midpoint (default 0.5; index parameter).")(f)
    return f


@main.command("syndication")
@db_option
@click.option("--rebuild", is_flag=True, help="Drop the index and all copy links, then index every article.")
@_config_options
@output_options("table", "json")
def syndication_cmd(db: str | None, rebuild: bool, lsh_threshold: float | None, near: float | None,
                    passage_words: int | None, fmt: str) -> None:
    """Find exact copies, near copies and reused passages among stored articles.

    Incremental: only articles not indexed yet are signed and compared (with
    everything already indexed). `ingest` runs this at its end unless the
    `syndication` setting is off.
    """
    from storylens.corpus.syndication import run_syndication

    cfg = _config(lsh_threshold, near, passage_words)
    tty = sys.stderr.isatty()
    t0 = time.monotonic()

    def progress(s: Any) -> None:
        if tty:
            rate = s.indexed / max(time.monotonic() - t0, 1e-6)
            click.echo(f"\r  {s.indexed:,} indexed · {s.near:,} near · {s.partial:,} partial · {rate:,.0f} docs/s ",
                       err=True, nl=False)

    with Store(db) as store:
        summary = run_syndication(store, cfg, rebuild=rebuild, progress=progress)
    if tty:
        click.echo("", err=True)
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), indent=2))
        return
    click.echo(
        f"indexed {summary.indexed:,} · new links: exact {summary.exact:,}, near {summary.near:,}, "
        f"partial {summary.partial:,} · clusters {summary.clusters_total:,} · copies {summary.copies_total:,} "
        f"({summary.seconds:.1f}s)"
    )


def _filters(actor: str | None, outlet: str | None, since: str | None, alias: str = "c",
             copy_alias: str = "a", origin_alias: str = "o") -> tuple[str, list[Any]]:
    where, params = [], []
    if actor:
        where.append(
            f"EXISTS (SELECT 1 FROM mentions m WHERE m.article_id IN ({alias}.article_id, {alias}.copy_of) "
            "AND (lower(m.actor) = lower(?) OR lower(m.text) = lower(?)))")
        params += [actor, actor]
    if outlet:
        where.append(f"(lower({copy_alias}.outlet) = lower(?) OR lower({origin_alias}.outlet) = lower(?))")
        params += [outlet, outlet]
    if since:
        where.append(f"coalesce({copy_alias}.published, {origin_alias}.published) >= ?::DATE")
        params.append(since)
    return (" AND ".join(where) or "true"), params


def _since(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint="--since") from exc


def spread_report(store: Store, actor: str | None = None, outlet: str | None = None, since: str | None = None,
                  limit: int = 15) -> dict[str, list[dict[str, Any]]]:
    """Top origins, outlet -> outlet edges (with months) and each outlet's share of copy."""
    cond, params = _filters(actor, outlet, since)
    base = ("FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of "
            f"WHERE {cond}")
    origins = store.query(
        "SELECT o.outlet AS origin_outlet, o.published, coalesce(o.title, left(o.text, 80)) AS title, "
        "count(*) FILTER (WHERE c.kind <> 'partial') AS copies, "
        "count(*) FILTER (WHERE c.kind = 'partial') AS partial, "
        "count(DISTINCT a.outlet) AS outlets, c.copy_of AS article_id "
        f"{base} AND a.outlet IS DISTINCT FROM o.outlet "
        "GROUP BY ALL ORDER BY copies DESC, partial DESC, outlets DESC LIMIT ?", [*params, limit])
    edges = store.query(
        "SELECT o.outlet AS source, a.outlet AS republisher, count(*) AS links, "
        "count(*) FILTER (WHERE c.kind = 'exact') AS exact, count(*) FILTER (WHERE c.kind = 'near') AS near, "
        "count(*) FILTER (WHERE c.kind = 'partial') AS partial, "
        "min(a.published) AS first, max(a.published) AS last "
        f"{base} AND a.outlet IS DISTINCT FROM o.outlet GROUP BY 1, 2 ORDER BY links DESC LIMIT ?",
        [*params, limit])
    monthly = store.query(
        "SELECT o.outlet AS source, a.outlet AS republisher, "
        "coalesce(strftime(coalesce(a.published, o.published), '%Y-%m'), 'undated') AS month, count(*) AS n "
        f"{base} AND a.outlet IS DISTINCT FROM o.outlet GROUP BY 1, 2, 3 ORDER BY 3", params)
    per_edge: dict[tuple[Any, Any], dict[str, int]] = {}
    for m in monthly:
        per_edge.setdefault((m["source"], m["republisher"]), {})[m["month"]] = m["n"]
    for e in edges:
        e["by_month"] = per_edge.get((e["source"], e["republisher"]), {})
        e["months"] = " ".join(f"{k}:{v}" for k, v in e["by_month"].items())
    ocond = "true"
    oparams: list[Any] = []
    if outlet:
        ocond = "lower(x.outlet) = lower(?)"
        oparams.append(outlet)
    if since:
        ocond += " AND x.published >= ?::DATE"
        oparams.append(since)
    if actor:
        ocond += (" AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = x.id AND "
                  "(lower(m.actor) = lower(?) OR lower(m.text) = lower(?)))")
        oparams += [actor, actor]
    shares = store.query(
        "WITH cp AS (SELECT c.article_id, c.kind, o.outlet AS origin_outlet FROM copies c "
        "            JOIN articles o ON o.id = c.copy_of), "
        "x AS (SELECT * FROM articles) "
        "SELECT x.outlet, count(*) AS articles, "
        "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cp WHERE cp.article_id = x.id AND cp.kind <> 'partial' "
        "                  AND cp.origin_outlet IS DISTINCT FROM x.outlet)) AS copied, "
        "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cp WHERE cp.article_id = x.id AND cp.kind = 'partial' "
        "                  AND cp.origin_outlet IS DISTINCT FROM x.outlet)) AS with_reused_passages, "
        "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM copies c2 JOIN articles a2 ON a2.id = c2.article_id "
        "                  WHERE c2.copy_of = x.id AND a2.outlet IS DISTINCT FROM x.outlet)) AS republished_by_others "
        f"FROM x WHERE {ocond} GROUP BY 1 "
        "HAVING copied + with_reused_passages + republished_by_others > 0 "
        "ORDER BY copied DESC, republished_by_others DESC LIMIT ?", [*oparams, limit])
    for r in shares:
        r["copy_share"] = round(r["copied"] / r["articles"], 4) if r["articles"] else 0.0
    return {"top_origins": origins, "edges": edges, "outlets": shares}


@main.command("spread")
@db_option
@click.option("--actor", default=None, help="Only copy where the origin or the copy mentions this actor.")
@click.option("--outlet", default=None, help="Only copy from or into this outlet (domain).")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Only copies published on or after this date.")
@click.option("--limit", type=click.IntRange(min=1), default=15, show_default=True, help="Rows per section.")
@output_options("table", "json")
def spread_cmd(db: str | None, actor: str | None, outlet: str | None, since: str | None, limit: int,
               fmt: str) -> None:
    """How copy travels: top origins, who republishes whom, each outlet's share of copy.

    Counts links across outlets only (an outlet reusing its own boilerplate is
    not syndication). Run `storylens syndication` (or `ingest`) first.
    """
    with Store(db, read_only=True) as store:
        if "copies" not in store.tables():
            raise click.ClickException("this store has no copies table yet: run `storylens syndication`")
        rep = spread_report(store, actor, outlet, _since(since), limit)
    if fmt == "json":
        click.echo(json.dumps(rep, indent=2, default=str, ensure_ascii=False))
        return
    click.echo("Top origins (copied across outlets)")
    emit_rows(rep["top_origins"], "table",
              ["origin_outlet", "published", "title", "copies", "partial", "outlets"])
    click.echo("\nWho republishes whom (source -> republisher)")
    emit_rows(rep["edges"], "table", ["source", "republisher", "links", "exact", "near", "partial", "first", "last",
                                      "months"])
    click.echo("\nOutlets: share of their articles that are copies of another outlet's")
    emit_rows(rep["outlets"], "table", ["outlet", "articles", "copied", "copy_share", "with_reused_passages",
                                        "republished_by_others"])


@main.command("copies")
@click.argument("article_id", required=False)
@db_option
@click.option("--kind", type=click.Choice(_KINDS), default=None, help="Only links of this kind.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many links.")
@output_options("table", "jsonl", "json", "csv", default="table")
def copies_cmd(article_id: str | None, db: str | None, kind: str | None, limit: int | None, fmt: str) -> None:
    """Copy links (ARTICLE_ID copies COPY_OF): all, or those of one article
    (as copy or as origin; an id prefix is enough)."""
    where, params = ["true"], []
    if article_id:
        where.append("(c.article_id LIKE ? OR c.copy_of LIKE ?)")
        params += [article_id + "%", article_id + "%"]
    if kind:
        where.append("c.kind = ?")
        params.append(kind)
    sql = ("SELECT c.article_id, c.copy_of, c.kind, round(c.similarity, 4) AS similarity, a.url, "
           "o.url AS copy_of_url, a.outlet, o.outlet AS copy_of_outlet, a.published, o.published AS copy_of_published, "
           "(SELECT min(k.cluster_id) FROM copy_clusters k WHERE k.article_id = c.article_id "
           "AND c.kind <> 'partial') AS cluster_id, c.passages FROM copies c JOIN articles a ON a.id = c.article_id "
           f"JOIN articles o ON o.id = c.copy_of WHERE {' AND '.join(where)} "
           "ORDER BY c.kind, c.similarity DESC, c.article_id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    with Store(db, read_only=True) as store:
        if "copies" not in store.tables():
            raise click.ClickException("this store has no copies table yet: run `storylens syndication`")
        rows = store.query(sql, params)
    if article_id and not rows:
        raise click.ClickException(f"no copy links for article {article_id!r}")
    for r in rows:
        r["passages"] = json.loads(r["passages"] or "[]")
    if fmt in ("jsonl", "json"):
        emit_rows(rows, fmt)
    else:
        for r in rows:
            r["passages"] = len(r["passages"])
        emit_rows(rows, fmt, ["article_id", "copy_of", "kind", "similarity", "outlet", "copy_of_outlet",
                              "published", "passages"] if fmt == "table" else None)


@eval_group.command("syndication")
@click.option("--corpus", type=click.Path(dir_okay=False), default=None,
              help="JSONL(.gz) of real articles (default: ../shared/data/corpus-allsides/"
                   "articles_international_topics.jsonl.gz, or $STORYLENS_SHARED/data/...).")
@click.option("--originals", type=click.IntRange(min=1), default=400, show_default=True,
              help="Articles that get seeded copies.")
@click.option("--passages", type=click.IntRange(min=0), default=300, show_default=True,
              help="Passages inserted into unrelated articles.")
@click.option("--distractors", type=click.IntRange(min=0), default=400, show_default=True,
              help="Untouched articles added as negatives.")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--edit-rate", nargs=2, type=float, default=(0.02, 0.04), show_default=True,
              help="Range of the share of words edited in a copy that gets light edits.")
@click.option("--keep", nargs=2, type=float, default=(0.5, 0.9), show_default=True,
              help="Range of the share of paragraphs a truncated copy keeps.")
@click.option("--real", is_flag=True, help="Also run the stage over the whole corpus and list the copies it holds.")
@_config_options
@output_options("table", "json")
def eval_syndication(corpus: str | None, originals: int, passages: int, distractors: int, seed: int,
                     edit_rate: tuple[float, float], keep: tuple[float, float], real: bool,
                     lsh_threshold: float | None, near: float | None, passage_words: int | None,
                     fmt: str) -> None:
    """Near-duplicate pair precision/recall and passage recall on seeded copies of real articles."""
    from storylens.eval.syndication import evaluate, real_copies

    cfg = _config(lsh_threshold, near, passage_words)
    res = evaluate(corpus, originals=originals, passages=passages, distractors=distractors, seed=seed, config=cfg,
                   edit_rate=edit_rate, keep=keep)
    if real:
        res["real"] = real_copies(corpus, cfg)
    if fmt == "json":
        click.echo(json.dumps(res, indent=2, default=str, ensure_ascii=False))
        return
    n, p = res["near"], res["passages"]
    emit_rows([
        {"metric": "near-duplicate pair precision", "value": n["precision"], "target": ">= 0.98"},
        {"metric": "near-duplicate pair recall", "value": n["recall"], "target": ">= 0.95"},
        {"metric": "origin accuracy (recovered clusters)", "value": res["origin_accuracy"], "target": ""},
        {"metric": f"passage recall ({p['inserted']} inserted, >= 40 words)", "value": p["recall"],
         "target": ">= 0.95"},
        *({"metric": f"passage recall, {k} words", "value": v, "target": ""}
          for k, v in p["recall_by_words"].items()),
    ], "table")
    click.echo(f"{res['documents']:,} documents ({res['originals']} originals, {res['copies']} copies), "
               f"seed {res['seed']}, {res['seconds']}s; real copies found in the base sample: "
               f"{res['real_copies_in_sample']['pairs']}")
    if real:
        r = res["real"]
        click.echo(f"whole corpus: {r['documents']:,} articles; copies by kind {r['copies_by_kind']}; "
                   f"across outlets {r['cross_outlet_by_kind']}")
        emit_rows(r["examples"], "table", ["kind", "similarity", "outlet", "published", "origin_outlet",
                                           "origin_published"])
