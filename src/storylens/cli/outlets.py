"""`storylens outlets`: the outlet registry."""

from __future__ import annotations

import click

from storylens.cli import main
from storylens.cli.options import emit_rows, output_options


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
