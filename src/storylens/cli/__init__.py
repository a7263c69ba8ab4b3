"""The ``storylens`` command line.

Each top-level command lives in its own module (``ingest``, ``stats``, ``run`` ...) that
registers on ``main``; a new command adds a module and one line in ``COMMANDS`` (its module and
the first sentence of its help, which ``storylens --help`` shows without importing it). A
command's module is imported only when that command runs (or its ``--help`` is asked for), so
``storylens extract`` does not pay for duckdb, the store or the enrichment models;
``tests/test_cli_lazy.py`` checks the table against the commands. Library errors
(``StoryLensError``) become one-line messages with exit code 1, or the error's own
``exit_code`` (3 for a full disk; docs/faults.md lists them); logging is configured here and
only here.
"""

from __future__ import annotations

import importlib
import logging
import sys
from gettext import gettext as _

import click

from storylens import __version__
from storylens.errors import StoryLensError

# name -> (module that registers it, first sentence of its help). Sorted by name, as --help lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "actors": ("storylens.cli.actors",
               "Attention per actor: articles and mentions, and the share of articles that mention it."),
    "annotate": ("storylens.cli.annotate",
                 "Run the whole per-document pipeline on PATHS without a store and print, per article, "
                 "`extract`'s fields plus actors [{actor, kind, mentions, tone, label, evidence}], "
                 "mentions, quotes and narratives."),
    "copies": ("storylens.cli.copies",
               "Copy links (ARTICLE_ID copies COPY_OF): all, or those of one article (as copy or as "
               "origin; an id prefix is enough)."),
    "corpus": ("storylens.cli.corpus",
               "Bring the corpus stages (outlet registry, stories, syndication) up to date with the "
               "stored articles."),
    "eval": ("storylens.cli.evaluate",
             "Score a stage on a public benchmark (extraction, cleaning, tone, quotes, syndication, frames)."),
    "export": ("storylens.cli.export",
               "Write every table of the store to OUT as Parquet, CSV or JSONL (one file per table)."),
    "extract": ("storylens.cli.extract",
                "Run read + extract + clean on PATHS without a store: one JSON object per article."),
    "ingest": ("storylens.cli.ingest",
               "Read PATHS (HTML, WARC, feeds, JSONL/CSV, .txt; folders recursively), extract and enrich "
               "every article, and store it in the DuckDB store."),
    "load": ("storylens.cli.load",
             "Bring the Parquet output of `storylens run` (local or Spark), or the output of `storylens "
             "export --format parquet|jsonl`, into the DuckDB store."),
    "narratives": ("storylens.cli.narratives",
                   "Narratives: which articles carry which narrative, their share and how it moves."),
    "outlets": ("storylens.cli.outlets",
                "The outlet registry (packaged plus $STORYLENS_OUTLET_FILES): domain, name, country, type."),
    "quotes": ("storylens.cli.quotes", "List stored quotes, or count them."),
    "report": ("storylens.cli.report",
               "Write one self-contained HTML report (inline CSS, JS and data) to --out."),
    "run": ("storylens.cli.run",
            "Run read, extract, clean and enrich over PATHS and write the store's tables as Parquet "
            "under OUT, one folder per table."),
    "serve": ("storylens.cli.web", "Serve the dashboard and its JSON API (read-only) on http://HOST:PORT."),
    "settings": ("storylens.cli.settings", "Every setting with its effective value, default and help."),
    "spread": ("storylens.cli.spread",
               "How copy travels: top origins, who republishes whom, each outlet's share of copy."),
    "stats": ("storylens.cli.stats",
              "Counts per table, time span, outlets, languages and top reject reasons."),
    "stories": ("storylens.cli.stories",
                "Stories: articles about the same event across outlets (online clustering, labelled)."),
    "syndication": ("storylens.cli.syndication",
                    "Find exact copies, near copies and reused passages among stored articles."),
    "tone": ("storylens.cli.tone",
             'Tone toward ACTOR (any alias: "U.S.", "Beijing"): mean tone in [-1, 1] with a 95% '
             "confidence interval over articles (each article counts once, however often it mentions "
             "ACTOR), and the share of negative/neutral/positive articles, overall or per outlet, outlet "
             "country, outlet type, week or month, or a cross of them (--by outlet --by month)."),
}

# The subcommands of `storylens eval`, each registered by the module of the command it scores.
EVAL_COMMANDS: dict[str, tuple[str, str]] = {
    "actors": ("storylens.cli.actors",
               "Actor detection: set-level precision/recall/F1 on a gold file and recall on the "
               "narrative-framing role entities, beside spaCy NER + registry lookup on the same texts."),
    "cleaning": ("storylens.cli.clean",
                 "Inject spam (keyword, link, appended sentence, hidden element; 22 languages) into clean "
                 "benchmark pages with a seeded generator, clean them with a lexicon from which languages "
                 "and terms are held out, and report spam recall (seen/unseen), collateral loss, extraction "
                 "F1 with and without cleaning, leakage of trafilatura-eval `without` snippets, and cost."),
    "extraction": ("storylens.cli.evaluate",
                   "Token 4-shingle precision/recall/F1 (AEB metric) beside bare trafilatura on the same pages."),
    "frames": ("storylens.cli.narratives",
               "Per-frame F1 and macro-F1 (5 frames) and hero/villain/victim accuracy per entity, for the "
               "climate pack and a cross-validated classifier beside majority and keyword baselines."),
    "language": ("storylens.cli.evaluate",
                 "Language ID accuracy on short texts (titles, first sentences) of known-language corpora, "
                 "per half."),
    "narratives": ("storylens.cli.narratives",
                   'F1-samples (SemEval-2025 T10 convention: no narrative = "Other", right when nothing is '
                   "predicted), micro/macro F1 and per-narrative figures of the packs, beside a keyword "
                   "baseline and a cross-validated TF-IDF + logistic regression baseline."),
    "quotes": ("storylens.cli.quotes",
               "Content-span P/R/F1 at token overlap 0.3 and 0.8, speaker and cue accuracy, direct quotes "
               "separately, beside textacy's direct_quotations (when textacy is installed)."),
    "stories": ("storylens.cli.stories",
                "B-cubed and pairwise precision/recall/F1 of story clustering, beside singleton and "
                "same-day baselines."),
    "syndication": ("storylens.cli.spread",
                    "Near-duplicate pair precision/recall and passage recall on seeded copies of real articles."),
    "tone": ("storylens.cli.tone",
             "Macro-F1 over targets (negative/neutral/positive) of the shipped tone models (static-lr, "
             "static-distilled, the fine-tuned MiniLM when storylens[transformer] is installed and the "
             "MPNet one when storylens[mpnet] is), with VADER (sentence compound, +-0.05) and the "
             "majority class beside them; --articles: the article-level label per actor on hand-labelled "
             "articles."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use from a static table ``lazy``
    (name -> (module, short help)); the module registers the command on this group when
    imported. ``--help`` lists the table's names and help without importing anything."""

    def __init__(self, *args: object, lazy: dict[str, tuple[str, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            importlib.import_module(self.lazy[cmd_name][0])
            if cmd_name not in self.commands:
                raise RuntimeError(f"{self.lazy[cmd_name][0]} did not register the command {cmd_name!r}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's, but a command not imported yet shows the table's help (shortened by
        click's own rule, through a stand-in command) instead of being imported."""
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            cmd = self.commands.get(name) or click.Command(name, help=self.lazy[name][1])
            if not cmd.hidden:
                rows.append((name, cmd))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])


class StoryLensGroup(LazyGroup):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except StoryLensError as exc:
            err = click.ClickException(str(exc))
            err.exit_code = getattr(exc, "exit_code", err.exit_code)
            raise err from exc


@click.group(cls=StoryLensGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
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
