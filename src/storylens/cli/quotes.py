"""`storylens quotes` (who is quoted, about whom) and `storylens eval quotes` (PolNeAR)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from storylens.cli import main
from storylens.cli.evaluate import eval_group
from storylens.cli.options import (
    by_option,
    db_option,
    emit_rows,
    empty_note,
    outlet_filter,
    outlet_filter_options,
    output_options,
)


@main.command("quotes")
@db_option
@click.option("--speaker", default=None, metavar="NAME", help="Only quotes whose speaker (or descriptor) contains NAME.")
@click.option("--actor", default=None, metavar="ACTOR", help="Only speakers who speak for ACTOR (e.g. China).")
@click.option("--about", default=None, metavar="ACTOR",
              help="Only quotes in articles that mention ACTOR (mentions table) or whose text names it.")
@click.option("--anonymous", "anonymous", flag_value=True, default=None, help="Only anonymous sources.")
@click.option("--named", "anonymous", flag_value=False, help="Only named (non-anonymous) sources.")
@by_option(["speaker", "actor", "type", "outlet"],
           "Counts grouped by speaker, actor, speaker type or outlet (with the anonymous share).")
@outlet_filter_options
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@output_options("table", "json", "jsonl", "csv")
def quotes_cmd(db: str | None, speaker: str | None, actor: str | None, about: str | None,
               anonymous: bool | None, by: tuple[str, ...], outlet: str | None, outlet_country: str | None,
               outlet_type: str | None, limit: int, fmt: str) -> None:
    """List stored quotes, or count them.

    \b
    storylens quotes --about China --by speaker   # who speaks most about China
    storylens quotes --by outlet                  # share of anonymous sources per outlet
    storylens quotes --by outlet --by type        # speaker types per outlet
    storylens quotes --country GB --about Russia  # quotes about Russia in British outlets
    storylens quotes --speaker "Wu Qiang"         # what one speaker said
    """
    from storylens.store import Store
    from storylens.store.queries.quotes import count_quotes, explain_no_quotes, list_quotes

    outlets = outlet_filter(outlet, outlet_country, outlet_type)
    with Store(db, read_only=True) as store:
        if by:
            rows = count_quotes(store, by, speaker=speaker, actor=actor, about=about,
                                anonymous=anonymous, limit=limit, outlets=outlets)
            columns = None
        else:
            rows = list_quotes(store, speaker=speaker, actor=actor, about=about,
                               anonymous=anonymous, limit=limit, outlets=outlets)
            columns = ["outlet", "published", "speaker", "speaker_type", "speaker_actor", "kind", "cue", "text"]
            if fmt != "table":
                columns = None
        emit_rows(rows, fmt, columns)
        empty_note(rows, fmt, lambda: explain_no_quotes(store, speaker=speaker, actor=actor, about=about,
                                                        anonymous=anonymous, outlets=outlets))


@eval_group.command("quotes")
@click.option("--polnear", "polnear_dir", default=None, type=click.Path(exists=True, file_okay=False),
              help="PolNeAR folder (data/<split>/text/*.txt and data/<split>/attributions/*.ann).")
@click.option("--i18n", "i18n_labels", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Instead of PolNeAR: the hand-labelled fr/de/ru quotes (tests/fixtures/quotes_i18n/"
                   "labels.jsonl), scored per language and half; texts from --corpus.")
@click.option("--corpus", "i18n_corpus", default=None, type=click.Path(exists=True, file_okay=False),
              help="With --i18n: the SemEval-2023 articles (default ../shared/data/corpus-multilingual-semeval2023).")
@click.option("--split", default="dev", show_default=True, help="Split to score (develop on train, measure on dev).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N articles.")
@click.option("--predictions", "predictions", default=None, type=click.Path(dir_okay=False),
              help="Write our predictions here as JSONL (file, start, end, speaker, speaker_start/end, cue); "
                   "with --cv the held-out predictions of every fold.")
@click.option("--no-baseline", is_flag=True, help="Skip textacy's direct_quotations baseline.")
@click.option("--cv", "cv", type=click.IntRange(min=2), default=None,
              help="K-fold cross-validation on PolNeAR train by article instead (the cue model refitted "
                   "on the other folds; --split is ignored). 5 is the reported setting.")
@click.option("--docbin", default=None, type=click.Path(dir_okay=False),
              help="With --cv: cache the train parse here (read if present).")
@output_options("table", "json")
def eval_quotes(polnear_dir: str | None, i18n_labels: str | None, i18n_corpus: str | None, split: str,
                limit: int | None, predictions: str | None, no_baseline: bool, cv: int | None,
                docbin: str | None, fmt: str) -> None:
    """Content-span P/R/F1 at token overlap 0.3 and 0.8, speaker and cue accuracy, direct quotes
    separately, beside textacy's direct_quotations (when textacy is installed). With --i18n:
    quote F1 per language on the hand-labelled French, German and Russian quotes."""
    from storylens.eval.quotes import evaluate

    if i18n_labels:
        from storylens.eval import quotes_i18n

        corpus = Path(i18n_corpus) if i18n_corpus else quotes_i18n.DEFAULT_CORPUS
        rows = quotes_i18n.evaluate(Path(i18n_labels), corpus)
        if fmt == "json":
            click.echo(json.dumps(rows, indent=2))
        else:
            emit_rows(rows, "table", ["language", "split", "precision", "recall", "f1", "speaker_acc", "cue_acc",
                                      "tp", "fp", "fn", "articles", "seconds"])
        return
    if not polnear_dir:
        raise click.UsageError("give --polnear DIR (PolNeAR) or --i18n LABELS (fr/de/ru quotes)")
    if cv:
        from storylens.eval.quotes_cv import cross_validate

        rows = cross_validate(polnear_dir, cv, limit, docbin, progress=lambda m: click.echo(m, err=True),
                              predictions=predictions)
    else:
        rows = evaluate(polnear_dir, split, limit, predictions, baseline=not no_baseline)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
    else:
        emit_rows(rows, "table", ["system", "subset", "overlap", "precision", "recall", "f1",
                                  "speaker_acc", "speaker_span_acc", "cue_acc", "tp", "fp", "fn", "articles", "seconds"])
