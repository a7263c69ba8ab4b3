"""`storylens spread` and `storylens eval syndication`, and the syndication options they share
with `storylens syndication` (cli/syndication.py); `storylens copies` is in cli/copies.py."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from storylens.cli import main
from storylens.cli.evaluate import eval_group
from storylens.cli.options import db_option, emit_rows, output_options
from storylens.store import Store
from storylens.store.queries.spread import spread_report

KINDS = ("exact", "near", "partial")


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
