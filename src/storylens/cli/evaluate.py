"""`storylens eval ...`: score each stage on a public benchmark format."""

from __future__ import annotations

import json

import click

from storylens.cli import EVAL_COMMANDS, LazyGroup, main
from storylens.cli.options import emit_rows, output_options


@main.group("eval", cls=LazyGroup, lazy=EVAL_COMMANDS)
def eval_group() -> None:
    """Score a stage on a public benchmark (extraction, cleaning, tone, quotes, syndication, frames)."""


@eval_group.command("language")
@click.option("--data", "data_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="The shared data folder (corpus-allsides, corpus-multilingual-semeval2023, warc-samples).")
@click.option("--languages", default=None, help="Allowed languages (default: the `languages` setting); 'all' for every one.")
@output_options("table", "json")
def eval_language(data_dir: str, languages: str | None, fmt: str) -> None:
    """Language ID accuracy on short texts (titles, first sentences) of known-language corpora, per half.

    Also the accuracy when each text comes in a file of its own language (the file's language
    decides the uncertain ones) and in a file of another language."""
    from storylens.config import Settings
    from storylens.eval.language import build_set, prior_accuracy, score
    from storylens.extract.language import detect_language

    langs = languages or Settings.load().languages
    items = build_set(data_dir)
    rows = []
    for split in ("train", "dev"):
        part = [i for i in items if i.split == split]
        rows.append({"split": split, "languages": langs,
                     **score(part, lambda t: detect_language(t, languages=langs)),
                     **prior_accuracy(part, langs)})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
    else:
        emit_rows(rows, "table")


@eval_group.command("extraction")
@click.option("--aeb", "aeb_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder in the article-extraction-benchmark layout (ground-truth.json + html/*.html.gz).")
@click.option("--no-clean", is_flag=True, help="Score extraction without the clean stage only.")
@output_options("table", "json")
def eval_extraction(aeb_dir: str, no_clean: bool, fmt: str) -> None:
    """Token 4-shingle precision/recall/F1 (AEB metric) beside bare trafilatura on the same pages."""
    from storylens.eval.extraction import evaluate

    rows = [s.as_dict() for s in evaluate(aeb_dir, clean=not no_clean)]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
    else:
        emit_rows(rows, "table")
