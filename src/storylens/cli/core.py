"""What several commands share: settings from a config file, the environment, ``--set`` pairs
and flags. Each top-level command has its own module (``cli/ingest.py``, ``cli/stats.py`` ...)."""

from __future__ import annotations

from typing import Any

import click

from storylens.config import Settings


def _settings(config_path: str | None, assignments: tuple[str, ...] = (), **overrides: Any) -> Settings:
    """Settings from the config file, the environment, ``--set`` pairs and flags (in that order)."""
    if assignments:
        from storylens.sources.overrides import (
            SidecarError,
            join_fixed,
            parse_fixed,
            split_assignments,
        )

        try:
            named, fixed = split_assignments(assignments)
            base = Settings.load(config_path, **named)
            fixed = {**parse_fixed(base.fixed), **fixed}
        except SidecarError as exc:
            raise click.BadParameter(str(exc), param_hint="--set") from exc
        overrides = {**named, "fixed": join_fixed(fixed), **overrides}
    return Settings.load(config_path, **overrides)


set_option = click.option(
    "--set", "assignments", multiple=True, metavar="KEY=VALUE",
    help="A fixed value for every record (outlet, url, title, date, author, language: "
         "--set outlet=BBC) or a setting (--set csv_text=2 --set csv_header=no). Repeatable.",
)
