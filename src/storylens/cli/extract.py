"""`storylens extract`: read + extract + clean to JSON lines, without a store."""

from __future__ import annotations

import json

import click

from storylens.cli import main
from storylens.cli.core import _settings, no_article_error, set_option
from storylens.cli.options import config_option, output_options, workers_option


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@config_option
@workers_option
@click.option("--keep-noise", is_flag=True, help="Turn cleaning off.")
@click.option("--rejects/--no-rejects", default=False, help="Also print rejects (as {\"reject\": ...}).")
@set_option
@output_options("jsonl", default="jsonl")
def extract_cmd(paths: tuple[str, ...], config_path: str | None, workers: int | None,
                keep_noise: bool, rejects: bool, assignments: tuple[str, ...], fmt: str) -> None:
    """Run read + extract + clean on PATHS without a store: one JSON object per article."""
    # the pipeline (trafilatura, lxml, ...) is imported here, so `extract --help` stays instant
    from storylens.engines.local import run_local
    from storylens.sources import Skipped, iter_documents
    from storylens.types import Article, Reject, article_json

    settings = _settings(config_path, assignments, clean=False if keep_noise else None, enrich=False)
    n = 0
    rejected: list[Reject] = []
    for out in run_local(iter_documents(paths, settings), settings, workers=workers):
        if isinstance(out, Article):
            n += 1
            click.echo(json.dumps(article_json(out), ensure_ascii=False))
        elif isinstance(out, Reject):
            rejected.append(out)
            if rejects:
                from storylens.ingest import reason_key

                click.echo(json.dumps({"reject": {"source": out.source, "offset": out.offset,
                                                  "stage": out.stage, "reason": reason_key(out)}}))
            else:
                click.echo(f"rejected {out.source}@{out.offset}: {out.reason}", err=True)
        elif isinstance(out, Skipped):
            continue
    if n == 0:
        raise no_article_error(rejected)
