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
from storylens.store.queries.spread import copy_links, spread_report

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


def _since(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint="--since") from exc


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
              ["origin_outlet", "published", "title", "copies", "partial", "undecided", "outlets"])
    click.echo("\nWho republishes whom (source -> republisher; undecided: same day or undated, so the "
               "arrow may point either way)")
    emit_rows(rep["edges"], "table", ["source", "republisher", "links", "decided", "undecided", "exact", "near",
                                      "partial", "first", "last", "months"])
    click.echo("\nHow each link's direction was decided (earlier_date, wire_or_state: decided; undated, "
               "tie_break: undecided)")
    emit_rows(rep["directions"], "table", ["kind", "decided_by", "decided", "confidence", "links"])
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
    with Store(db, read_only=True) as store:
        if "copies" not in store.tables():
            raise click.ClickException("this store has no copies table yet: run `storylens syndication`")
        rows = copy_links(store, article_id, kind, limit)
    if article_id and not rows:
        raise click.ClickException(f"no copy links for article {article_id!r}")
    for r in rows:
        r["passages"] = json.loads(r["passages"] or "[]")
    if fmt in ("jsonl", "json"):
        emit_rows(rows, fmt)
    else:
        for r in rows:
            r["passages"] = len(r["passages"])
        emit_rows(rows, fmt, ["article_id", "copy_of", "kind", "similarity", "decided_by", "outlet",
                              "copy_of_outlet", "published", "passages"] if fmt == "table" else None)


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
