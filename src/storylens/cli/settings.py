"""`storylens settings`: every setting with its type, value, default and help."""

from __future__ import annotations

from storylens.cli import main
from storylens.cli.core import _settings
from storylens.cli.options import config_option, emit_rows, output_options
from storylens.config import SETTINGS


@main.command("settings")
@config_option
@output_options("table", "json")
def settings_cmd(config_path: str | None, fmt: str) -> None:
    """Every setting with its effective value, default and help."""
    eff = _settings(config_path).as_dict()
    rows = [{"name": s.name, "type": s.kind, "value": eff[s.name], "default": s.default,
             "accepted": s.accepted(), "help": s.help} for s in SETTINGS]
    emit_rows(rows, fmt)
