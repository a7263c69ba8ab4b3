"""`storylens load`: a run's Parquet (or an export) into the DuckDB store."""

from __future__ import annotations

import json

import click

from storylens.cli import main
from storylens.cli.corpus import echo_corpus
from storylens.cli.options import db_option, output_options
from storylens.config import Settings
from storylens.engines import parquet as pq


@main.command("load")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@db_option
@output_options("table", "json", default="table")
def load_cmd(out_dir: str, db: str | None, fmt: str) -> None:
    """Bring the Parquet output of `storylens run` (local or Spark), or the output of
    `storylens export --format parquet|jsonl`, into the DuckDB store.

    Idempotent like `ingest`: articles already stored and rejects already recorded are
    skipped, so loading twice adds nothing. An export loads every table it holds
    (runs, stories, copies ... included) into an empty store row for row.
    """
    from storylens.corpus.stage import run_corpus_stages
    from storylens.store import Store

    settings = Settings.load(None)
    with Store(db or settings.db) as store:
        if pq.is_export(out_dir):
            # An export holds the corpus tables already: restored as they were, not recomputed.
            added = store.restore(out_dir)
            if fmt == "json":
                click.echo(json.dumps({"restored": added}, indent=2))
            else:
                click.echo("restored " + ", ".join(f"{t} {n:,}" for t, n in added.items()))
            return
        summary = pq.load_parquet(out_dir, store)
        corpus = run_corpus_stages(store, settings)  # the loaded articles join stories and copies
    if fmt == "json":
        click.echo(json.dumps({**summary.as_dict(), "corpus": corpus}, indent=2))
        return
    click.echo("loaded " + ", ".join(f"{t} {n:,}" for t, n in summary.inserted.items())
               + f" (run {summary.run_id})")
    if summary.skipped_tables:
        click.echo("not in the store (query in place with read_parquet): "
                   + ", ".join(summary.skipped_tables))
    echo_corpus(corpus)
