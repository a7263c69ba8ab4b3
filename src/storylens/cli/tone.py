"""`storylens eval tone`: target-dependent tone on NewsMTSC beside the VADER baseline."""

from __future__ import annotations

import json

import click

from storylens.cli.evaluate import eval_group
from storylens.cli.options import emit_rows, output_options


@eval_group.command("tone")
@click.option("--newsmtsc", "path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="NewsMTSC JSONL (e.g. devtest_mt.jsonl): sentences with target spans and polarity 2/4/6.")
@click.option("--predictions", "predictions", default=None, type=click.Path(dir_okay=False, writable=True),
              help="Write one JSON line per target: primary_gid, from, to, polarity (2/4/6), label, scores.")
@output_options("table", "json")
def eval_tone(path: str, predictions: str | None, fmt: str) -> None:
    """Macro-F1 over targets (negative/neutral/positive) of the shipped tone model, with VADER
    (sentence compound, +-0.05) and the majority class beside it."""
    from storylens.eval.tone import evaluate

    reports, _ = evaluate(path, predictions=predictions)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in reports], indent=2))
    else:
        emit_rows([r.row() for r in reports], "table")
        if predictions:
            click.echo(f"predictions: {predictions}", err=True)
