"""`storylens run`: the pipeline and the corpus stages to Parquet, on the local pool or Spark."""

from __future__ import annotations

import json
from pathlib import Path

import click

from storylens.cli import main
from storylens.cli.options import config_option, output_options, workers_option
from storylens.config import Settings
from storylens.engines import parquet as pq
from storylens.errors import NothingRead


@main.command("run")
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: the process pool `ingest` uses; spark: PySpark executors.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write one Parquet folder per table into (DIR/articles/, DIR/quotes/ ...); "
                   "with --engine spark also a Hadoop URI (file://, hdfs://, s3a://) the executors write to.")
@click.option("--master", default=None, metavar="URL",
              help="Spark master (default: the one spark-submit set, else local[*]).")
@click.option("--partitions", type=click.IntRange(min=1), default=None,
              help="Spark partitions for the documents (default: 4 x default parallelism).")
@click.option("--corpus/--no-corpus", default=True, show_default=True,
              help="Also run the corpus stages (copies, copy_clusters, stories, story_articles) and the aggregates (agg_*).")
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
    default, local[N] with --workers N, --master spark://HOST:7077 for a standalone
    cluster; under spark-submit the submitted master). With Spark, PATHS and OUT may be Hadoop
    file-system URIs (file:///data, hdfs://namenode/crawl, s3a://bucket/crawl: docs/spark.md)
    that the executors read and write themselves, so a cluster needs no shared mount. Both engines then
    write the same corpus tables (copies, copy clusters, stories) and aggregates (agg_*).
    """
    if engine == "local" and (master or partitions):
        raise click.UsageError("--master and --partitions apply to --engine spark only.")
    from storylens.engines.spark import is_uri

    if is_uri(out_dir) and engine == "local":
        raise click.UsageError(f"--out {out_dir}: a file-system URI needs --engine spark (the local engine writes a folder).")
    for p in paths:
        if is_uri(p) and engine == "local":
            raise click.UsageError(f"{p}: file-system URIs need --engine spark (the local engine reads paths).")
        if not is_uri(p) and not Path(p).exists():
            raise click.BadParameter(f"{p!r} does not exist.", param_hint="PATHS")
    if engine == "spark" and workers:
        if master:
            raise click.UsageError("give --master or --workers for Spark, not both (--workers N is local[N]).")
        master = f"local[{workers}]"
    settings = Settings.load(config_path, clean=False if keep_noise else None,
                             enrich=False if no_enrich else None)
    if not is_uri(out_dir):  # checked before a Spark session starts
        pq.prepare_out_dir(out_dir, overwrite)
    if engine == "local":
        summary = pq.run_local_parquet(list(paths), out_dir, settings, workers=workers, corpus=corpus)
    else:
        from storylens.engines.spark import prepare_out, run_spark, spark_session, write_summary
        from storylens.engines.spark_corpus import run_corpus_jobs

        spark = spark_session(master)
        if is_uri(out_dir):
            prepare_out(spark, out_dir, overwrite)
        summary = run_spark(list(paths), out_dir, settings, spark=spark, partitions=partitions)
        if corpus and summary["stored"]:
            summary["corpus"] = run_corpus_jobs(spark, out_dir, settings)
            write_summary(spark, out_dir, summary)
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
