"""`storylens copies`: the copy links, all or one article's."""

from __future__ import annotations

import json

import click

from storylens.cli import main
from storylens.cli.options import db_option, emit_rows, output_options
from storylens.cli.spread import KINDS
from storylens.store import Store
from storylens.store.queries.spread import copy_links


@main.command("copies")
@click.argument("article_id", required=False)
@db_option
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only links of this kind.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many links.")
@output_options("table", "jsonl", "json", "csv", default="table")
def copies_cmd(article_id: str | None, db: str | None, kind: str | None, limit: int | None, fmt: str) -> None:
    """Copy links (ARTICLE_ID copies COPY_OF): all, or those of one article
    (as copy or as origin; an id prefix is enough)."""
    with Store(db, read_only=True) as store:
        if "copies" not in store.tables():
            raise click.ClickException("this store has no copies table yet: run `storylens syndication`")
        rows = copy_links(store, article_id, kind, limit)
    if article_id and not rows:
        raise click.ClickException(f"no copy links for article {article_id!r}")
    for r in rows:
        r["passages"] = json.loads(r["passages"] or "[]")
    if fmt in ("jsonl", "json"):
        emit_rows(rows, fmt)
    else:
        for r in rows:
            r["passages"] = len(r["passages"])
        emit_rows(rows, fmt, ["article_id", "copy_of", "kind", "similarity", "decided_by", "outlet",
                              "copy_of_outlet", "published", "passages"] if fmt == "table" else None)
