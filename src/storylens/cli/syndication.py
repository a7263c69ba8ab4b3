"""`storylens syndication`: find exact copies, near copies and reused passages."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click

from storylens.cli import main
from storylens.cli.options import db_option, output_options
from storylens.cli.spread import _config, _config_options
from storylens.store import Store


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
