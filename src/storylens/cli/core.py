"""What several commands share: settings from a config file, the environment, ``--set`` pairs
and flags. Each top-level command has its own module (``cli/ingest.py``, ``cli/stats.py`` ...)."""

from __future__ import annotations

from typing import Any

import click

from storylens.config import Settings


def no_article_error(rejects: list[Any]) -> click.ClickException:
    """Why a run printed nothing: every input rejected (the commonest reasons, by stage), or no
    input found at all. "No article could be extracted" alone sent a user to the extractor when
    an enrich stage had failed on every article."""
    if not rejects:
        return click.ClickException("no article could be extracted from the inputs")
    from collections import Counter

    from storylens.ingest import reason_key

    common = Counter(reason_key(r) for r in rejects).most_common(3)
    why = "; ".join(f"{n} x {k}" for k, n in common)
    return click.ClickException(f"no article came through: {len(rejects)} input(s) rejected ({why}); "
                                "each is listed above with its source and offset")


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
