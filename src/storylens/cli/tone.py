"""`storylens eval tone`: target-dependent tone on NewsMTSC beside the VADER baseline."""

from __future__ import annotations

import json

import click

from storylens.cli.evaluate import eval_group
from storylens.cli.options import config_option, emit_rows, output_options


@eval_group.command("tone")
@click.option("--newsmtsc", "path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="NewsMTSC JSONL (e.g. devtest_mt.jsonl): sentences with target spans and polarity 2/4/6.")
@click.option("--predictions", "predictions", default=None, type=click.Path(dir_okay=False, writable=True),
              help="Write one JSON line per target: primary_gid, from, to, polarity (2/4/6), label, scores.")
@click.option("--model", "choice",
              type=click.Choice(["all", "auto", "static", "distilled", "transformer", "mpnet"]),
              default="all", show_default=True,
              help="Which shipped model to score: all = the one the tone_model setting picks "
                   "(first; its predictions go to --predictions), then the other shipped ones "
                   "(the transformers when installed; mpnet is built on first use, ~20 s).")
@click.option("--own", is_flag=True,
              help="Also score the own hand-labelled set (targets, not topics: beneficiaries, victims, "
                   "topic prefixes; data/tone/eval) with the same models, and its accuracy per case.")
@config_option
@output_options("table", "json")
def eval_tone(path: str, predictions: str | None, choice: str, own: bool, config_path: str | None,
              fmt: str) -> None:
    """Macro-F1 over targets (negative/neutral/positive) of the shipped tone models (static-lr,
    static-distilled, the fine-tuned MiniLM when storylens[transformer] is installed and the
    MPNet one when storylens[mpnet] is), with VADER (sentence compound, +-0.05) and the
    majority class beside them."""
    from storylens.config import Settings
    from storylens.enrich import tone_base, tone_transformer
    from storylens.enrich.tone import load_tone_model
    from storylens.enrich.tone_model import DISTILLED_DIR, ToneModel
    from storylens.eval.tone import OWN_SET, case_accuracy, evaluate

    if choice == "all":
        model = load_tone_model(Settings.load(config_path).tone_model)
        shipped = [ToneModel.load(), ToneModel.load(DISTILLED_DIR)]
        if tone_transformer.available():
            shipped.append(tone_transformer.TransformerToneModel.load())
        if tone_base.available():
            shipped.append(tone_base.load())
        others = [m for m in shipped if m is not model]
    else:
        model, others = load_tone_model(choice), []
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
