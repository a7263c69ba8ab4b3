"""`storylens report`: one shareable, self-contained HTML file."""

from __future__ import annotations

import click

from storylens.cli import main
from storylens.cli.options import db_option
from storylens.store.duck import default_db_path


@main.command("report")
@db_option
@click.option("--actor", "actors", multiple=True, metavar="NAME",
              help="Actor to include (repeat). Default: the top three by attention.")
@click.option("--by", type=click.Choice(["outlet", "country", "type"]), default="outlet", show_default=True,
              help="Group tone over time by outlet, outlet country or outlet type.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
def report_cmd(db: str | None, actors: tuple[str, ...], by: str, out: str) -> None:
    """Write one self-contained HTML report (inline CSS, JS and data) to --out."""
    from storylens.report import build_report

    info = build_report(db or default_db_path(), out, list(actors), by=by)
    click.echo(f"wrote {info['out']} ({info['bytes'] / 1024:.0f} KB; actors: {', '.join(info['actors']) or 'none'})")
