"""`storylens export`: every table as Parquet, CSV or JSONL."""

from __future__ import annotations

import click

from storylens.cli import main
from storylens.cli.options import db_option
from storylens.store import Store


@main.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet", show_default=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@click.option("--table", "tables", multiple=True, help="Only these tables (repeatable).")
def export_cmd(db: str | None, fmt: str, out_dir: str, tables: tuple[str, ...]) -> None:
    """Write every table of the store to OUT as Parquet, CSV or JSONL (one file per table)."""
    with Store(db, read_only=True) as store:
        written = store.export(out_dir, fmt, list(tables) or None)
    for p in written:
        click.echo(str(p))
