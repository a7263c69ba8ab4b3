"""`storylens corpus`: bring the corpus stages up to date with the stored articles."""

from __future__ import annotations

import json

import click

from storylens.cli import main
from storylens.cli.options import config_option, db_option, output_options
from storylens.config import Settings


def echo_corpus(results: dict[str, dict[str, object]]) -> None:
    for name, res in results.items():
        if "error" in res:
            click.echo(f"  corpus stage {name}: failed ({res['error']})")
        else:
            click.echo(f"  corpus stage {name}: done ({res.get('seconds', 0)}s)")


@main.command("corpus")
@db_option
@config_option
@click.option("--only", "only", multiple=True, help="Only this corpus stage (repeatable; runs it even if switched off).")
@output_options("table", "json", default="table")
def corpus_cmd(db: str | None, config_path: str | None, only: tuple[str, ...], fmt: str) -> None:
    """Bring the corpus stages (outlet registry, stories, syndication) up to date with
    the stored articles. `ingest` and `load` do this at their end; run it after an
    interrupted ingest, or see `storylens stats` for stages that are behind.
    """
    from storylens.corpus.stage import corpus_stage, run_corpus_stages
    from storylens.store import Store

    settings = Settings.load(config_path)
    for name in only:
        try:
            corpus_stage(name)
        except KeyError as exc:
            raise click.UsageError(str(exc.args[0])) from None
    with Store(db or settings.db) as store:
        results = run_corpus_stages(store, settings, list(only) or None)
    if fmt == "json":
        click.echo(json.dumps(results, indent=2, default=str))
    elif not results:
        click.echo("every corpus stage is up to date")
    else:
        echo_corpus(results)
