"""`storylens eval cleaning`: spam recall, collateral loss, F1 and leakage of the clean stage."""

from __future__ import annotations

import json

import click

from storylens.cli.evaluate import eval_group
from storylens.cli.options import emit_rows, output_options


@eval_group.command("cleaning")
@click.option("--aeb", "aeb_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder in the article-extraction-benchmark layout (ground-truth.json + html/*.html.gz).")
@click.option("--tfeval", "tf_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder with trafilatura's evaldata.json and html/*.gz (with/without snippets).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Evaluate a seeded sample of at most N pages from each folder.")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the spam generator and the sample.")
@output_options("table", "json")
def eval_cleaning(aeb_dir: str | None, tf_dir: str | None, limit: int | None, seed: int, fmt: str) -> None:
    """Inject spam (keyword, link, appended sentence, hidden element; 22 languages) into clean
    benchmark pages with a seeded generator, clean them with a lexicon from which languages and
    terms are held out, and report spam recall (seen/unseen), collateral loss, extraction F1 with
    and without cleaning, leakage of trafilatura-eval `without` snippets, and cost."""
    from storylens.errors import StoryLensError
    from storylens.eval.cleaning import evaluate

    if not aeb_dir and not tf_dir:
        raise StoryLensError("give --aeb DIR and/or --tfeval DIR (benchmark folders to inject spam into)")
    report = evaluate(aeb_dir, tf_dir, limit=limit, seed=seed)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    rows = []
    for key, value in report.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        rows.append({"metric": key, "value": value})
    emit_rows(rows, "table")
