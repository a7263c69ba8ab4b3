"""The ``storylens`` command line.

Each top-level command lives in its own module (``ingest``, ``stats``, ``run`` ...) that
registers on ``main``; a new command adds a module and one line in ``COMMAND_MODULES``. Library errors (``StoryLensError``) become one-line
messages with exit code 1, or the error's own ``exit_code`` (3 for a full disk;
docs/faults.md lists them); logging is configured here and only here.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from storylens import __version__
from storylens.errors import StoryLensError

COMMAND_MODULES = [
    "storylens.cli.ingest",
    "storylens.cli.extract",
    "storylens.cli.stats",
    "storylens.cli.export",
    "storylens.cli.settings",
    "storylens.cli.evaluate",
    "storylens.cli.actors",
    "storylens.cli.annotate",
    "storylens.cli.outlets",
    "storylens.cli.clean",
    "storylens.cli.web",
    "storylens.cli.report",
    "storylens.cli.tone",
    "storylens.cli.quotes",
    "storylens.cli.narratives",
    "storylens.cli.stories",
    "storylens.cli.spread",
    "storylens.cli.syndication",
    "storylens.cli.copies",
    "storylens.cli.run",
    "storylens.cli.load",
    "storylens.cli.corpus",
]


class StoryLensGroup(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except StoryLensError as exc:
            err = click.ClickException(str(exc))
            err.exit_code = getattr(exc, "exit_code", err.exit_code)
            raise err from exc


@click.group(cls=StoryLensGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storylens")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def main(verbose: int) -> None:
    """StoryLens: how actors are portrayed, who is quoted, which narratives rise,
    and how copy travels, from your own corpus of news.

    Start with `storylens ingest PATH...`, then `storylens stats`.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # trafilatura and htmldate log every odd page at WARNING; keep them for -vv.
    for noisy in ("trafilatura", "htmldate", "charset_normalizer", "courlan", "justext"):
        logging.getLogger(noisy).setLevel(logging.ERROR if verbose < 2 else logging.DEBUG)


for _module in COMMAND_MODULES:
    importlib.import_module(_module)
