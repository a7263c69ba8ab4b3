"""`run` (the per-document pipeline to Parquet, local or Spark) and `load` (Parquet into DuckDB)."""

from __future__ import annotations

import json

import click

from storylens.cli import main
from storylens.cli.options import config_option, db_option, output_options, workers_option
from storylens.config import Settings
from storylens.engines import parquet as pq
from storylens.errors import NothingRead


@main.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: the process pool `ingest` uses; spark: PySpark executors.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write one Parquet folder per table into (DIR/articles/, DIR/quotes/ ...).")
@click.option("--master", default=None, metavar="URL",
              help="Spark master (default: the one spark-submit set, else local[*]).")
@click.option("--partitions", type=click.IntRange(min=1), default=None,
              help="Spark partitions for the documents (default: 4 x default parallelism).")
@click.option("--corpus/--no-corpus", default=True, show_default=True,
              help="Spark only: also run the corpus jobs (near-duplicates -> copies, aggregates -> agg_*).")
@click.option("--overwrite", is_flag=True, help="Replace run output already in --out.")
@click.option("--keep-noise", is_flag=True, help="Turn cleaning off (keep spam, captions, residue).")
@click.option("--no-enrich", is_flag=True, help="Skip actors, tone, quotes and narratives (faster).")
@config_option
@workers_option
@output_options("table", "json", default="table")
def run_cmd(paths: tuple[str, ...], engine: str, out_dir: str, master: str | None,
            partitions: int | None, corpus: bool, overwrite: bool, keep_noise: bool,
            no_enrich: bool, config_path: str | None, workers: int | None, fmt: str) -> None:
    """Run read, extract, clean and enrich over PATHS and write the store's tables as
    Parquet under OUT, one folder per table. `storylens load OUT` brings them into a store.

    With --engine spark the input files are spread over Spark executors (local[*] by
    default, local[N] with --workers N; under spark-submit the submitted master) and
    the corpus jobs (near-duplicates -> copies, aggregates -> agg_*) run after.
    """
    if engine == "local" and (master or partitions):
        raise click.UsageError("--master and --partitions apply to --engine spark only.")
    if engine == "spark" and workers:
        if master:
            raise click.UsageError("give --master or --workers for Spark, not both (--workers N is local[N]).")
        master = f"local[{workers}]"
    settings = Settings.load(config_path, clean=False if keep_noise else None,
                             enrich=False if no_enrich else None)
    pq.prepare_out_dir(out_dir, overwrite)
    if engine == "local":
        summary = pq.run_local_parquet(list(paths), out_dir, settings, workers=workers)
    else:
        from storylens.engines.spark import run_spark, spark_session
        from storylens.engines.spark_corpus import run_corpus_jobs

        spark = spark_session(master)
        summary = run_spark(list(paths), out_dir, settings, spark=spark, partitions=partitions)
        if corpus and summary["stored"]:
            summary["corpus"] = run_corpus_jobs(spark, out_dir)
            pq.write_summary(out_dir, summary)
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2))
    else:
        secs = max(float(summary["seconds"]), 1e-6)
        click.echo(
            f"{summary['engine']}: read {summary['read']:,} · stored {summary['stored']:,} · "
            f"duplicates {summary['duplicates']:,} · rejected {summary['rejected']:,} · "
            f"skipped {summary['skipped']:,} ({secs:.1f}s, {summary['read'] / secs:.1f} docs/s) -> {out_dir}"
        )
        for name, n in (summary.get("corpus") or {}).items():
            click.echo(f"  {name}: {n:,} rows")
    if summary["read"] == 0:
        raise NothingRead("nothing could be read from the inputs")


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
    _echo_corpus(corpus)


def _echo_corpus(results: dict[str, dict[str, object]]) -> None:
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
        _echo_corpus(results)
