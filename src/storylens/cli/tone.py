"""`storylens tone ACTOR` (tone toward an actor per group, from the store) and `storylens eval
tone` (target-dependent tone on NewsMTSC beside the VADER baseline)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from storylens.cli import main
from storylens.cli.evaluate import eval_group
from storylens.cli.options import (
    by_option,
    config_option,
    db_option,
    emit_rows,
    outlet_filter,
    outlet_filter_options,
    output_options,
)
from storylens.config import TONE_MODELS
from storylens.store import Store

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: object) -> str | None:
    return value.date().isoformat() if value is not None else None  # type: ignore[attr-defined]


def tone_rows(store: Store, actor: str, by: str | Sequence[str] | None, since: str | None = None,
              until: str | None = None, outlets: Any = None) -> list[dict[str, object]]:
    """The rows `storylens tone` prints: ``tone_groups`` with each grouping under its own name
    (an outlet's registry name under ``outlet``; its key in ``outlet_key``). When empty, raises
    with the reason (the date window or the outlet filter that emptied it)."""
    from storylens.store.queries import Q
    from storylens.store.queries.tone import explain_no_tone, resolve_actor, tone_groups

    dims = (by,) if isinstance(by, str) else tuple(by or ())
    q = Q.of(store)
    name = resolve_actor(q, actor)
    rows = tone_groups(q, name, dims, since=since, until=until, outlets=outlets)
    if not rows:
        raise click.ClickException(explain_no_tone(q, name, since=since, until=until, outlets=outlets))
    out = []
    for r in rows:
        grp = r.pop("group")
        head: dict[str, object] = {}
        if len(dims) > 1:
            head = {d: r.pop(d) for d in dims}
        elif dims:
            head = {dims[0]: grp}
        else:
            head = {"group": grp}
        if "outlet" in dims:
            head["outlet_key"] = head["outlet"]
            head["outlet"] = r.pop("name") or head["outlet"]
        out.append({**head, **r})
    return out


@main.command("tone")
@click.argument("actor")
@db_option
@by_option(["outlet", "country", "type", "week", "month", "day"],
           "Group by outlet, outlet country, outlet type, or period.")
@outlet_filter_options
@click.option("--since", type=_DATE, default=None, help="Articles published on or after (YYYY-MM-DD).")
@click.option("--until", type=_DATE, default=None, help="Articles published on or before (YYYY-MM-DD).")
@click.option("--min-articles", type=click.IntRange(min=1), default=1, show_default=True,
              help="Hide groups with fewer articles.")
@output_options("table", "json", "csv")
def tone_cmd(actor: str, db: str | None, by: tuple[str, ...], outlet: str | None, outlet_country: str | None,
             outlet_type: str | None, since: object, until: object, min_articles: int, fmt: str) -> None:
    """Tone toward ACTOR (any alias: "U.S.", "Beijing"): mean tone in [-1, 1] with a 95%
    confidence interval over articles (each article counts once, however often it mentions
    ACTOR), and the share of negative/neutral/positive articles, overall or per outlet, outlet
    country, outlet type, week or month, or a cross of them (--by outlet --by month).

    The labels call about twice as many articles negative as a reader does (docs/tone.md):
    negative_adj is the negative share corrected for the tone model's error rates measured on
    hand-labelled articles (empty when the store's model was not measured).

    \b
    storylens tone Russia --by outlet --by month
    storylens tone China --country GB --by type
    """
    if since and until and since > until:  # type: ignore[operator]
        raise click.BadParameter(f"--since {_day(since)} is after --until {_day(until)}")
    with Store(db, read_only=True) as store:
        rows = tone_rows(store, actor, by, _day(since), _day(until),
                         outlet_filter(outlet, outlet_country, outlet_type))
    kept = [r for r in rows if int(r["articles"]) >= min_articles]  # type: ignore[call-overload]
    if rows and not kept:
        raise click.ClickException(f"every group has fewer than --min-articles {min_articles} articles "
                                   f"(largest: {max(int(r['articles']) for r in rows)})")  # type: ignore[call-overload]
    if fmt == "json":
        click.echo(json.dumps(kept, indent=2, ensure_ascii=False, default=str))
    else:
        emit_rows(kept, fmt, [*(by or ["group"]), "articles", "mentions", "tone", "ci_low", "ci_high",
                              "negative", "negative_adj", "neutral", "positive"])


@eval_group.command("tone")
@click.option("--newsmtsc", "path", default=None, type=click.Path(exists=True, dir_okay=False),
              help="NewsMTSC JSONL (e.g. devtest_mt.jsonl): sentences with target spans and polarity 2/4/6.")
@click.option("--i18n", "i18n", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Hand-labelled targets in other languages (in a source checkout: tests/fixtures/tone_i18n/labels.tsv): scores the "
                   "multilingual model (and the English one, which other text never gets) per language, "
                   "with always-neutral beside them. Needs --corpus.")
@click.option("--corpus", "corpus", default=None, type=click.Path(exists=True, file_okay=False),
              help="With --i18n: the folder its offsets point into "
                   "(the SemEval-2023 multilingual articles, e.g. ../shared/data/corpus-multilingual-semeval2023).")
@click.option("--predictions", "predictions", default=None, type=click.Path(dir_okay=False, writable=True),
              help="Write one JSON line per target: primary_gid, from, to, polarity (2/4/6), label, scores.")
@click.option("--model", "choice",
              type=click.Choice(["all", *TONE_MODELS]),
              default="all", show_default=True,
              help="Which shipped model to score: all = the one the tone_model setting picks "
                   "(first; its predictions go to --predictions), then the other shipped ones "
                   "(the transformers when installed; mpnet is built on first use, ~20 s).")
@click.option("--own", is_flag=True,
              help="Also score the own hand-labelled set (targets, not topics: beneficiaries, victims, "
                   "topic prefixes; data/tone/eval) with the same models, and its accuracy per case.")
@click.option("--articles", "articles", default=None, is_flag=False, flag_value="shipped", metavar="[DIR]",
              help="Score the article-level answer instead (one label per actor and article, what `tone` "
                   "counts): the pipeline runs on the hand-labelled AllSides articles (data/tone/eval/articles; "
                   "or DIR with articles.jsonl and labels.jsonl), per half, with always-neutral beside it. "
                   "Scores the tone_model setting's model, or --model's. About 45 s with the default model.")
@config_option
@output_options("table", "json")
def eval_tone(path: str | None, i18n: str | None, corpus: str | None, predictions: str | None, choice: str,
              own: bool, articles: str | None, config_path: str | None, fmt: str) -> None:
    """Macro-F1 over targets (negative/neutral/positive) of the shipped tone models (static-lr,
    static-distilled, the fine-tuned MiniLM when storylens[transformer] is installed and the
    MPNet one when storylens[mpnet] is), with VADER (sentence compound, +-0.05) and the
    majority class beside them; --articles: the article-level label per actor on hand-labelled
    articles."""
    from storylens.config import Settings
    from storylens.enrich import tone_base, tone_transformer
    from storylens.enrich.tone import load_tone_model
    from storylens.enrich.tone_model import DISTILLED_DIR, ToneModel
    from storylens.enrich.tone_sentence import SentenceToneModel
    from storylens.eval.tone import OWN_SET, case_accuracy, evaluate

    if articles:
        if path or i18n or own or predictions:
            raise click.UsageError("--articles scores the article-level set on its own: run `eval tone "
                                   "--newsmtsc ...` (with --own/--predictions) separately")
        _eval_tone_articles(articles, choice, config_path, fmt)
        return
    if i18n:
        if path or own or predictions:  # one report per run: two JSON documents on stdout would not parse
            raise click.UsageError("--i18n scores other languages on its own: run `eval tone --newsmtsc ...` "
                                   "(with --own/--predictions) separately")
        _eval_tone_i18n(i18n, corpus, choice, config_path, fmt)
        return
    if not path:
        raise click.UsageError("give --newsmtsc FILE (English, per target), --articles (English, per actor "
                               "and article) or --i18n FILE --corpus DIR (other languages)")
    if choice == "all":
        settings = Settings.load(config_path)
        model = load_tone_model(settings.tone_model, settings.tone_cascade_margin)
        shipped = [ToneModel.load(), ToneModel.load(DISTILLED_DIR)]
        if tone_transformer.available():
            shipped += [tone_transformer.TransformerToneModel.load(), SentenceToneModel.load()]
        if tone_base.available():
            shipped += [tone_base.load(), load_tone_model("cascade", settings.tone_cascade_margin)]
        others = [m for m in shipped if m.name != model.name]
    else:
        model, others = load_tone_model(choice, Settings.load(config_path).tone_cascade_margin), []
    reports, _ = evaluate(path, predictions=predictions, model=model, others=others)
    if not own:
        if fmt == "json":
            click.echo(json.dumps([r.as_dict() for r in reports], indent=2))
        else:
            emit_rows([r.row() for r in reports], "table")
    else:
        own_reports, _ = evaluate(OWN_SET, model=model, others=others)
        cases = [row for m in (model, *others) for row in case_accuracy(OWN_SET, m)]
        if fmt == "json":
            click.echo(json.dumps({"newsmtsc": [r.as_dict() for r in reports],
                                   "own": [r.as_dict() for r in own_reports], "own_cases": cases}, indent=2))
        else:
            click.echo(f"NewsMTSC ({path}):")
            emit_rows([r.row() for r in reports], "table")
            click.echo("\nown target set (data/tone/eval/targets.jsonl):")
            emit_rows([r.row() for r in own_reports], "table")
            click.echo("\nown target set, accuracy per case:")
            emit_rows(cases, "table")
    if predictions and fmt != "json":
        click.echo(f"predictions: {predictions}", err=True)


def _eval_tone_articles(folder: str, choice: str, config_path: str | None, fmt: str) -> None:
    """The article-level set through the whole pipeline: per half (A was read before anything was
    looked at on B; neither is used to choose) and both, beside always-neutral."""
    from pathlib import Path

    from storylens.config import Settings
    from storylens.eval.tone_articles import ARTICLE_SET, evaluate_articles

    settings = Settings.load(config_path)
    if choice != "all":
        settings = settings.replace(tone_model=choice)
    report = evaluate_articles(settings, ARTICLE_SET if folder == "shipped" else Path(folder))
    if fmt == "json":
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"article-level tone, {report['articles']} articles, model {report['model']} "
               f"({report['seconds']} s):")
    rows = []
    for h in report["halves"]:
        f1 = h["f1"]
        rows.append({"half": h["half"], "items": h["items"], "macro_f1": f"{h['macro_f1']:.3f}",
                     "accuracy": f"{h['accuracy']:.3f}", "f1_neg": f"{f1['negative']:.3f}",
                     "f1_neu": f"{f1['neutral']:.3f}", "f1_pos": f"{f1['positive']:.3f}",
                     "gold_neg/neu/pos": "/".join(str(v) for v in h["gold"].values()),
                     "pred_neg/neu/pos": "/".join(str(v) for v in h["predicted"].values()),
                     "always_neutral": f"{h['always_neutral']['macro_f1']:.3f} / "
                                       f"{h['always_neutral']['accuracy']:.3f}",
                     "missed": h["missed"], "wrong_actor": h["wrong_actor"]})
    emit_rows(rows, "table")


def _eval_tone_i18n(labels: str, corpus: str | None, choice: str, config_path: str | None, fmt: str) -> None:
    """Per language: the multilingual model (what the tone stage runs on other text), the chosen
    English model applied anyway (for reference only), always-neutral."""
    from storylens.config import Settings
    from storylens.enrich import tone_multilingual
    from storylens.enrich.tone import load_tone_model
    from storylens.eval.tone import load_i18n_targets, per_language

    if not corpus:
        raise click.UsageError("--i18n needs --corpus DIR: the articles its offsets point into")
    targets = load_i18n_targets(labels, corpus)
    english = load_tone_model(Settings.load(config_path).tone_model if choice == "all" else choice)
    models = [english]
    if tone_multilingual.available():
        models.insert(0, tone_multilingual.load())
    else:
        click.echo(f"the multilingual tone model is not installed ({tone_multilingual.INSTALL_HINT}); "
                   "scoring the English model only", err=True)
    rows = per_language(targets, models)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
    else:
        click.echo(f"other languages ({labels}; the English model is shown for reference: the tone stage never "
                   "runs it on other text):")
        emit_rows(rows, "table")
