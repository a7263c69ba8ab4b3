"""`storylens annotate PATH...`: the whole per-document pipeline without a store."""

from __future__ import annotations

import json
from typing import Any

import click

from storylens.cli import main
from storylens.cli.options import config_option, output_options, pack_options, workers_option


@main.command("annotate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@config_option
@workers_option
@click.option("--keep-noise", is_flag=True, help="Turn cleaning off.")
@pack_options
@click.option("--all-scores/--no-all-scores", "all_scores_flag", default=None,
              help="Also write narrative_scores: every in-scope narrative's score and evidence, below its "
                   "threshold too (setting narrative_all_scores).")
@output_options("jsonl", "json", default="jsonl")
def annotate_cmd(paths: tuple[str, ...], config_path: str | None, workers: int | None,
                 keep_noise: bool, pack_files: tuple[str, ...], builtin: bool | None,
                 all_scores_flag: bool | None, fmt: str) -> None:
    """Run the whole per-document pipeline on PATHS without a store and print, per article,
    `extract`'s fields plus actors [{actor, kind, mentions, tone, label, evidence}],
    mentions, quotes and narratives."""
    from storylens.cli.core import _settings, no_article_error
    from storylens.corpus.narratives import (
        all_scores,
        load_encoder,
        load_multilingual_encoder,
        load_packs,
        packs_setting,
    )
    from storylens.engines.local import run_local
    from storylens.languages import coverage
    from storylens.sources import iter_documents
    from storylens.types import Article, Reject, article_json

    settings = _settings(config_path, clean=False if keep_noise else None, enrich=True)
    settings = _settings(config_path, clean=False if keep_noise else None, enrich=True,
                         narrative_all_scores=all_scores_flag,
                         **packs_setting(builtin, pack_files, settings.narrative_packs))
    packs = load_packs(settings.narrative_builtin, settings.narrative_packs) if settings.narrative_all_scores else ()
    encoder = load_encoder(settings) if packs else None
    multilingual: Any = False  # loaded on the first non-English article
    covered: dict[str, dict[str, str | None]] = {}  # language -> what ran there, computed once
    n = 0
    items = []
    rejects: list[Reject] = []
    for out in run_local(iter_documents(paths, settings), settings, workers=workers):
        if isinstance(out, Article):
            n += 1
            obj = article_json(out, enriched=True)
            if out.language not in ("en", None):  # what ran on this language (storylens.languages)
                if out.language not in covered:
                    covered[out.language] = coverage(out.language, settings)
                obj["coverage"] = covered[out.language]
            if packs:
                if multilingual is False and out.language not in ("en", None):
                    multilingual = load_multilingual_encoder(settings)
                obj["narrative_scores"] = all_scores(out, packs, encoder, multilingual or None)
            if fmt == "json":
                items.append(obj)
            else:
                click.echo(json.dumps(obj, ensure_ascii=False))
        elif isinstance(out, Reject):
            rejects.append(out)
            click.echo(f"rejected {out.source}@{out.offset}: {out.reason}", err=True)
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    if n == 0:
        raise no_article_error(rejects)
