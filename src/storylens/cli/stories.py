"""`storylens stories`, `storylens eval stories`."""

from __future__ import annotations

import click

from storylens.cli import main
from storylens.cli.evaluate import eval_group
from storylens.cli.options import (
    config_option,
    db_option,
    echo_json,
    emit_rows,
    empty_note,
    outlet_filter,
    outlet_filter_options,
    output_options,
)
from storylens.config import Settings
from storylens.store import Store


@main.command("stories")
@db_option
@config_option
@click.option("--update", is_flag=True, help="Assign articles that have no story yet (incremental), then list.")
@click.option("--rebuild", is_flag=True, help="Forget every story and cluster the whole store again.")
@click.option("--story", "story", default=None, metavar="ID", help="One story: articles, tone per actor, narratives, links.")
@click.option("--since", default=None, metavar="DATE", help="Only stories seen on or after DATE (YYYY-MM-DD).")
@click.option("--min-articles", default=2, show_default=True, type=click.IntRange(min=1))
@click.option("--order", type=click.Choice(["articles", "recent", "outlets"]), default="articles", show_default=True)
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@click.option("--changes", is_flag=True, help="What changed in the last week: new and growing stories, rising narratives.")
@outlet_filter_options
@output_options("table", "json", "jsonl", "csv")
def stories_cmd(db: str | None, config_path: str | None, update: bool, rebuild: bool, story: str | None,
                since: str | None, min_articles: int, order: str, limit: int, changes: bool, outlet: str | None,
                outlet_country: str | None, outlet_type: str | None, fmt: str) -> None:
    """Stories: articles about the same event across outlets (online clustering, labelled).

    `--update` clusters the articles ingested since the last run (ingest also does this);
    without it the command only reads the store.
    """
    from storylens.corpus.stories import update_stories
    from storylens.store.queries import Q
    from storylens.store.queries.stories import explain_no_stories, story_detail, story_list
    from storylens.store.queries.trends import what_changed

    settings = Settings.load(config_path)
    path = db or settings.db
    if update or rebuild:
        with Store(path) as store:
            s = update_stories(store, settings, rebuild=rebuild)
        click.echo(f"stories: {s.articles:,} articles assigned, {s.stories_new:,} new stories, "
                   f"{s.stories_touched:,} touched ({s.seconds:.1f}s)", err=True)
    with Store(path, read_only=True) as store:
        if story:
            d = story_detail(store, story)
            if fmt == "json":
                echo_json(d)
                return
            click.echo(f"{d['id']}  {d['label']}\n  {d['headline']}")
            click.echo(f"  {d['first_seen']} .. {d['last_seen']} · {d['articles']} articles · "
                       f"{len(d['outlets'] or [])} outlets · countries {', '.join(d['countries'] or []) or '?'}")
            if d["continues_chain"]:
                click.echo("  continues " + " <- ".join(d["continues_chain"]))
            emit_rows(d["articles_list"], "table")
            if d["tone_by_actor"]:
                click.echo("tone per actor in this story:")
                emit_rows(d["tone_by_actor"], "table")
            if d["narratives"]:
                click.echo("narratives:")
                emit_rows(d["narratives"], "table")
            return
        if changes:
            ch = what_changed(store)
            if fmt == "json":
                echo_json(ch)
                return
            click.echo(f"week {ch['week']}: {ch['articles']} articles")
            click.echo("new stories:")
            emit_rows(ch["new_stories"], "table")
            click.echo("growing stories:")
            emit_rows(ch["growing_stories"], "table")
            click.echo("narratives rising/falling vs the 8 weeks before (p < 0.05):")
            emit_rows(ch["narratives"], "table", ["narrative", "direction", "recent_share", "baseline_share", "z", "p"])
            return
        outlets = outlet_filter(outlet, outlet_country, outlet_type)
        q = Q.of(store)
        rows = story_list(q, min_articles=min_articles, limit=limit, since=since, order=order, outlets=outlets)
        emit_rows(rows, fmt, None if fmt != "table" else
                  ["id", "label", "headline", "first_seen", "last_seen", "articles", *(["matching"] if outlets else []),
                   "n_outlets", "continues"])
        empty_note(rows, fmt, lambda: explain_no_stories(q, min_articles=min_articles, since=since, outlets=outlets))


@eval_group.command("stories")
@click.option("--gold", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Gold JSONL (id, date, title, lede, story); default: the packaged corpus-allsides set.")
@click.option("--threshold", "thresholds", multiple=True, type=float, help="Similarity threshold(s) to score.")
@click.option("--ignore-dates", is_flag=True, help="Put every article on one day (content alone must separate stories).")
@click.option("--embedder", type=click.Choice(["auto", "combined", "static", "hashing"]), default="auto", show_default=True)
@output_options("table", "json")
def eval_stories(gold: str | None, thresholds: tuple[float, ...], ignore_dates: bool, embedder: str, fmt: str) -> None:
    """B-cubed and pairwise precision/recall/F1 of story clustering, beside singleton and same-day baselines."""
    from storylens.eval.stories import default_gold, evaluate

    rows = evaluate(gold or default_gold(), thresholds or None, embedder, ignore_dates=ignore_dates)
    if fmt == "json":
        echo_json(rows)
    else:
        emit_rows(rows, "table", ["method", "threshold", "bcubed_p", "bcubed_r", "bcubed_f1", "pair_p", "pair_r",
                                  "pair_f1", "stories"])
