"""`storylens actors`, `storylens annotate PATH...`, `storylens outlets`, `storylens eval actors`."""

from __future__ import annotations

import json

import click

from storylens.cli import main
from storylens.cli.evaluate import eval_group
from storylens.cli.narratives import pack_options
from storylens.cli.options import (
    config_option,
    db_option,
    emit_rows,
    output_options,
    workers_option,
)
from storylens.store import Store

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: object) -> str | None:
    return value.date().isoformat() if value is not None else None  # type: ignore[attr-defined]


@main.command("actors")
@db_option
@click.option("--kind", type=click.Choice(["country", "person", "organisation"]), default=None,
              help="Only actors of this kind.")
@click.option("--since", type=_DATE, default=None, help="Articles published on or after (YYYY-MM-DD).")
@click.option("--until", type=_DATE, default=None, help="Articles published on or before (YYYY-MM-DD).")
@click.option("--direct", is_flag=True,
              help="Count only direct mentions (names, demonyms, metonyms), not persons, organs or coreference.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Rows (0: all).")
@output_options("table", "json", "jsonl", "csv")
def actors_cmd(db: str | None, kind: str | None, since: object, until: object, direct: bool,
               limit: int, fmt: str) -> None:
    """Attention per actor: articles and mentions, and the share of articles that mention it."""
    from storylens.store.queries import Q
    from storylens.store.queries.tone import attention

    with Store(db, read_only=True) as store:
        rows = attention(Q.of(store), kind=kind, since=_day(since), until=_day(until), direct=direct,
                         limit=limit or None)
    emit_rows(rows, fmt, ["actor", "kind", "articles", "mentions", "direct",
                          "article_share", "mention_share"])


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
    from storylens.cli.core import _settings
    from storylens.corpus.narratives import all_scores, load_encoder, load_packs, packs_setting
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
    n = 0
    items = []
    for out in run_local(iter_documents(paths, settings), settings, workers=workers):
        if isinstance(out, Article):
            n += 1
            obj = article_json(out, enriched=True)
            if out.language not in ("en", None):  # what ran on this language (storylens.languages)
                obj["coverage"] = coverage(out.language)
            if packs:
                obj["narrative_scores"] = all_scores(out, packs, encoder)
            if fmt == "json":
                items.append(obj)
            else:
                click.echo(json.dumps(obj, ensure_ascii=False))
        elif isinstance(out, Reject):
            click.echo(f"rejected {out.source}@{out.offset}: {out.reason}", err=True)
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    if n == 0:
        raise click.ClickException("no article could be extracted from the inputs")


@main.command("outlets")
@click.option("--country", default=None, help="Only outlets of this country (ISO code or name).")
@click.option("--type", "otype", type=click.Choice(["state-controlled", "public-broadcaster", "private", "wire", "other"]),
              default=None, help="Only outlets of this type.")
@output_options("table", "json", "jsonl", "csv")
def outlets_cmd(country: str | None, otype: str | None, fmt: str) -> None:
    """The outlet registry (packaged plus $STORYLENS_OUTLET_FILES): domain, name, country, type."""
    from storylens.registry import actor_registry, outlet_registry

    rows = outlet_registry().rows(actor_registry(), country=country, outlet_type=otype)
    emit_rows(rows, fmt, ["domain", "name", "country", "country_name", "type", "owner"])


@eval_group.command("actors")
@click.option("--gold", "gold", type=click.Path(exists=True, dir_okay=False), default=None,
              help="JSONL of {id, text, published, actors[]} (format in storylens.eval.actors).")
@click.option("--frames", "frames", type=click.Path(exists=True, file_okay=False), default=None,
              help="Narrative-framing corpus folder: recall of role entities that name registry actors.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many framing articles.")
@click.option("--errors", is_flag=True, help="Also list the texts where the sets differ (JSON only).")
@output_options("table", "json")
def eval_actors(gold: str | None, frames: str | None, limit: int | None, errors: bool, fmt: str) -> None:
    """Actor detection: set-level precision/recall/F1 on a gold file and recall on the
    narrative-framing role entities, beside spaCy NER + registry lookup on the same texts."""
    from storylens.eval.actors import evaluate, frames_recall

    if not gold and not frames:
        raise click.UsageError("pass --gold FILE and/or --frames DIR")
    out: dict[str, object] = {}
    if gold:
        scores = evaluate(gold)
        out["gold"] = [s.as_dict() | ({"errors": s.errors} if errors else {}) for s in scores]
    if frames:
        out["frames"] = frames_recall(frames, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    for name, rows in out.items():
        click.echo(f"== {name}")
        emit_rows([{k: v for k, v in r.items() if k != "errors"} for r in rows], "table")  # type: ignore[union-attr]
