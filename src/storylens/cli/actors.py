"""`storylens actors`, `storylens eval actors`."""

from __future__ import annotations

import json

import click

from storylens.cli import main
from storylens.cli.evaluate import eval_group
from storylens.cli.options import (
    db_option,
    emit_rows,
    output_options,
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
