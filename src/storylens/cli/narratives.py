"""`storylens narratives` (and `narratives train`), `storylens eval frames|narratives`."""

from __future__ import annotations

from typing import Any

import click

from storylens.cli import main
from storylens.cli.evaluate import eval_group
from storylens.cli.options import (
    config_option,
    db_option,
    echo_json,
    emit_rows,
    outlet_filter,
    outlet_filter_options,
    output_options,
    pack_options,
)
from storylens.config import Settings
from storylens.store import Store


@main.group("narratives", invoke_without_command=True)
@click.pass_context
@db_option
@config_option
@click.option("--rising", is_flag=True, help="Narratives rising or falling: last --recent-days vs the --baseline-days before (two-proportion z-test).")
@click.option("--all", "show_all", is_flag=True, help="With --rising: every narrative, significant or not.")
@click.option("--actor", default=None, metavar="NAME", help="Only articles that mention this actor (and its hero/villain/victim roles).")
@click.option("--by", type=click.Choice(["week", "outlet", "country", "type"]), default=None, help="Share per group.")
@click.option("--pack", default=None, metavar="NAME", help="Only this pack's narratives.")
@click.option("--since", default=None, metavar="DATE")
@click.option("--until", default=None, metavar="DATE")
@click.option("--recent-days", default=7, show_default=True, type=click.IntRange(min=1))
@click.option("--baseline-days", default=56, show_default=True, type=click.IntRange(min=1))
@click.option("--emerging", is_flag=True, help="Clusters of claims that no narrative definition covers.")
@click.option("--redetect", is_flag=True, help="Run the packs (built-in + --pack-file) over the stored articles again.")
@pack_options
@click.option("--list-packs", is_flag=True, help="Print the loaded packs and their narratives.")
@click.option("--narrative", default=None, metavar="NAME",
              help="With --articles: the narrative (exact name, or part of it).")
@click.option("--articles", "list_articles", is_flag=True,
              help="List the articles carrying --narrative with score and evidence (best first; "
                   "--outlet/--country/--type, --since/--until, --pack and --limit narrow it).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1), help="With --articles: at most this many.")
@outlet_filter_options
@output_options("table", "json", "jsonl", "csv")
def narratives_cmd(ctx: click.Context, db: str | None, config_path: str | None, rising: bool, show_all: bool, actor: str | None,
                   by: str | None, pack: str | None, since: str | None, until: str | None, recent_days: int,
                   baseline_days: int, emerging: bool, redetect: bool, pack_files: tuple[str, ...],
                   builtin: bool | None, list_packs: bool, narrative: str | None, list_articles: bool, limit: int,
                   outlet: str | None, outlet_country: str | None, outlet_type: str | None, fmt: str) -> None:
    """Narratives: which articles carry which narrative, their share and how it moves.

    Without options: each narrative with its article count and share of the store.
    `storylens narratives train LABELS --pack-file PACK --out DIR` trains a pack from labelled articles.
    """
    if ctx.invoked_subcommand is not None:
        return
    if list_articles or narrative:
        if not (list_articles and narrative):
            raise click.UsageError("use --narrative NAME together with --articles")
        _list_articles(db, config_path, narrative, pack, since, until, limit,
                       outlet_filter(outlet, outlet_country, outlet_type), fmt)
        return
    if outlet_filter(outlet, outlet_country, outlet_type):  # never a silently unfiltered answer
        raise click.UsageError("--outlet/--country/--type apply to --narrative NAME --articles only; "
                               "the share tables are not filtered by outlet yet")
    from storylens.corpus.emerging import emerging_claims
    from storylens.corpus.narratives import (
        load_encoder,
        load_multilingual_encoder,
        load_packs,
        packs_setting,
    )
    from storylens.corpus.narratives import redetect as run_redetect
    from storylens.store.queries import trends

    if sum([rising, emerging, redetect, list_packs, by is not None]) > 1:
        raise click.UsageError("choose one of --rising, --by, --emerging, --redetect, --list-packs")
    settings = Settings.load(config_path)
    settings = Settings.load(config_path, **packs_setting(builtin, pack_files, settings.narrative_packs))
    packs = load_packs(settings.narrative_builtin, settings.narrative_packs)
    if list_packs:
        rows = [{"pack": p.name, "narrative": n.name, "keywords": len(n.keywords), "claims": len(n.claims),
                 "threshold": n.threshold, "actors": list(n.actors), "description": n.description}
                for p in packs for n in p.narratives]
        emit_rows(rows, fmt, None if fmt != "table" else ["pack", "narrative", "keywords", "claims", "threshold", "description"])
        return
    path = db or settings.db
    if redetect:
        with Store(path) as store:
            counts = run_redetect(store, packs, encoder=load_encoder(settings),
                                  multilingual=load_multilingual_encoder(settings))
        emit_rows([{"pack": k, "hits": v} for k, v in counts.items()], fmt)
        return
    with Store(path, read_only=True) as store:
        if emerging:
            rows = emerging_claims(store, packs=packs, since=since)
            emit_rows(rows, fmt, None if fmt != "table" else ["keywords", "sentences", "articles", "outlets", "examples"])
            return
        if rising:
            rows = trends.rising(store, recent_days=recent_days, baseline_days=baseline_days, end=until,
                                 actor=actor, show_all=show_all)
            emit_rows(rows, fmt, None if fmt != "table" else
                      ["narrative", "direction", "recent_share", "baseline_share", "recent", "baseline", "z", "p"])
            if fmt == "table":
                click.echo(f"window: {rows[0]['window']}" if rows else "no significant change (use --all to see every narrative)")
            return
        if by:
            rows = trends.narrative_share(store, by, actor=actor, pack=pack, since=since, until=until)
            emit_rows(rows, fmt)
            return
        out = trends.narrative_totals(store, actor=actor, pack=pack, since=since, until=until)
        if actor:
            roles = trends.roles_for_actor(store, actor)
            if fmt == "json":
                echo_json({"narratives": out, "roles": roles})
                return
            emit_rows(out, fmt)
            click.echo(f"roles cast for {actor}:")
            emit_rows(roles, "table")
            return
        emit_rows(out, fmt)


def _list_articles(db: str | None, config_path: str | None, narrative: str, pack: str | None, since: str | None,
                   until: str | None, limit: int, outlets: Any, fmt: str) -> None:
    from storylens.store.queries.base import Q
    from storylens.store.queries.narratives import narrative_articles, narrative_names

    path = db or Settings.load(config_path).db
    with Store(path, read_only=True) as store:
        q = Q.of(store)
        rows = narrative_articles(q, narrative, pack=pack, since=since, until=until, outlets=outlets, limit=limit)
        if not rows and fmt == "table":
            names = narrative_names(q)
            click.echo(f"no article carries a narrative matching {narrative!r}"
                       + (f"{' with these filters' if outlets or since or until or pack else ''}; stored narratives: "
                          + "; ".join(names[:30]) if names else "; the store has no narrative hits"), err=True)
    if fmt == "table":
        for r in rows:
            r["evidence"] = " | ".join(e[:160] for e in (r["evidence"] or []))
        emit_rows(rows, "table", ["date", "outlet", "title", "narrative", "score", "evidence"])
        return
    emit_rows(rows, fmt)


@narratives_cmd.command("train")
@click.argument("labels_path", metavar="LABELS", type=click.Path(exists=True, dir_okay=False))
@click.option("--pack-file", "pack_files", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False),
              help="A pack whose narratives the labels name (repeatable; one trained pack per file).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the trained packs (same file names) and their models.")
@click.option("--cv", "folds", default=5, show_default=True, type=click.IntRange(min=2),
              help="Folds of the cross-validated figures printed (thresholds use a CV inside the training data).")
@click.option("--encoder", default="minilm", show_default=True, type=click.Choice(["minilm", "mpnet"]))
@click.option("--model", "kind", default="softmax", show_default=True, type=click.Choice(["softmax", "stacked", "logistic"]),
              help="softmax: one regression over the narratives and 'none' (article and max-pooled sentence "
                   "vectors); stacked: the same softmax over those vectors and the article's word TF-IDF; "
                   "logistic: one regression per narrative (article vector and claim features).")
@click.option("--operating-point", "point", default="f1", show_default=True, type=click.Choice(["f1", "precision"]),
              help="Thresholds the written model uses: f1 (best cross-validated F1-samples) or precision (the "
                   "lowest threshold whose cross-validated precision reaches --precision-target).")
@click.option("--precision-target", "target", default=0.8, show_default=True, type=click.FloatRange(0, 1))
@output_options("table", "json")
def narratives_train(labels_path: str, pack_files: tuple[str, ...], out_dir: str, folds: int, encoder: str,
                     kind: str, point: str, target: float, fmt: str) -> None:
    """Train a classifier per pack from labelled articles (JSONL: id, title, text, narratives; or the
    SemEval-2025 T10 CSV): by default one softmax over the article's mean and max-pooled sentence
    embeddings (--model stacked: the same beside the article's word TF-IDF; --model logistic: one
    regression per narrative over the article embedding and its claim, keyword and scope features),
    decision thresholds by cross-validation inside the labels. Writes DIR/PACK.yaml (with `model:`) and
    DIR/PACK.model.npz; the trained pack loads like any other (`--pack-file DIR/PACK.yaml`)."""
    from storylens.corpus.narratives.train import train_packs
    from storylens.eval.narratives import cached_encoder, read_labels

    report = train_packs(read_labels(labels_path), list(pack_files), out_dir, cached_encoder(encoder), folds,
                         kind=kind, point=point, target=target)
    if fmt == "json":
        echo_json(report)
        return
    for r in report:
        if r["out"]:
            click.echo(f"{r['pack_file']} -> {r['out']} (+ {r['model']})", err=True)
    emit_rows([{k: v for k, v in r.items() if k not in ("pack_file", "out", "model")} for r in report], "table")


@eval_group.command("frames")
@click.option("--narrative-framing", "folder", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder of the Narrative Frames Corpus (articles_metadata.tsv, role_and_frame_annoations.tsv).")
@click.option("--method", "methods", multiple=True, type=click.Choice(["majority", "keyword", "pack", "learned", "trained"]),
              help="Only these methods (repeatable; default all but trained). trained: the `narratives train` "
                   "inputs (sentence embeddings), cross-validated; needs the sentence encoder.")
@output_options("table", "json")
def eval_frames(folder: str, methods: tuple[str, ...], fmt: str) -> None:
    """Per-frame F1 and macro-F1 (5 frames) and hero/villain/victim accuracy per entity,
    for the climate pack and a cross-validated classifier beside majority and keyword baselines."""
    from storylens.eval.frames import evaluate, rows

    result = evaluate(folder, methods or ("majority", "keyword", "pack", "learned"))
    if fmt == "json":
        echo_json(result)
    else:
        emit_rows(rows(result), "table", ["task", "method", "precision", "recall", "f1", "accuracy"])


@eval_group.command("narratives")
@click.option("--labels", "labels_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Labelled articles: JSONL (id, title, text, narratives) or the SemEval-2025 T10 dev.csv.")
@pack_options
@click.option("--method", "methods", multiple=True,
              type=click.Choice(["keyword", "pack", "tfidf", "zeroshot", "trained"]),
              help="Only these methods (repeatable; default keyword, pack, tfidf). zeroshot: sentence embeddings "
                   "vs the narratives' claims; trained: `narratives train` cross-validated.")
@click.option("--cv", "folds", default=5, show_default=True, type=click.IntRange(min=2),
              help="Folds for the trained methods (tfidf, trained).")
@click.option("--half", type=click.Choice(["all", "train", "dev"]), default="all", show_default=True,
              help="Score one half of the articles (a stable hash of the id): tune on train, check on dev.")
@click.option("--model", "kind", default="softmax", show_default=True, type=click.Choice(["softmax", "stacked", "logistic"]),
              help="The trained method's model (as `narratives train --model`).")
@click.option("--calibrate", is_flag=True, help="Also fit the zero-shot calibration on these articles and print it, "
              "with the 5th percentile of the best sentence-to-claim similarity of carried narratives (the claim gate).")
@click.option("--encoder", "encoder_name", type=click.Choice(["minilm", "multilingual"]), default="minilm",
              show_default=True, help="Sentence encoder for pack, zeroshot and trained: multilingual is the one "
              "other languages are scored with (it has its own gate and calibration).")
@click.option("--per-narrative", is_flag=True, help="Also print P/R/F1 per narrative.")
@click.option("--write-labels", default=None, type=click.Path(dir_okay=False),
              help="Also write the labels as JSONL (id, title, text, narratives): converts the T10 CSV.")
@output_options("table", "json")
def eval_narratives(labels_path: str, pack_files: tuple[str, ...], builtin: bool | None, methods: tuple[str, ...],
                    folds: int, half: str, kind: str, calibrate: bool, encoder_name: str, per_narrative: bool,
                    write_labels: str | None, fmt: str) -> None:
    """F1-samples (SemEval-2025 T10 convention: no narrative = "Other", right when nothing is
    predicted), micro/macro F1 and per-narrative figures of the packs, beside a keyword baseline and
    a cross-validated TF-IDF + logistic regression baseline. Narrative names must be the label strings."""
    from storylens.corpus.narratives import load_packs, packs_setting
    from storylens.eval.narratives import (
        cached_encoder,
        claim_percentile,
        embedded,
        evaluate,
        read_labels,
        rows,
        select_half,
    )
    from storylens.eval.narratives import calibrate as fit_calibration
    from storylens.eval.narratives import write_labels as dump

    items = select_half(read_labels(labels_path), half)
    if write_labels:
        dump(items, write_labels)
    settings = Settings.load(None)
    settings = Settings.load(None, **packs_setting(builtin, pack_files, settings.narrative_packs))
    packs = load_packs(settings.narrative_builtin, settings.narrative_packs)
    encoder = cached_encoder(encoder_name) if encoder_name != "minilm" else None
    result = evaluate(items, packs, methods or ("keyword", "pack", "tfidf"), folds, encoder=encoder, kind=kind)
    if calibrate:
        encoder = encoder or cached_encoder()
        parts = embedded(items, packs, encoder)  # one feature pass for both figures
        result["calibration"] = fit_calibration(items, packs, encoder, folds, parts).__dict__
        result["claim_similarity_p5"] = claim_percentile(items, packs, encoder, parts=parts)
    if fmt == "json":
        echo_json(result)
        return
    click.echo(f"{result['articles']} articles, {result['narratives']} narratives in the labels, "
               f"{result['covered_by_packs']} of them in the packs")
    emit_rows(rows(result, per_narrative), "table")
    if calibrate:
        click.echo(f"zero-shot calibration fitted on these {len(items)} articles: {result['calibration']}")
        click.echo(f"5th percentile of the best sentence-to-claim similarity where a narrative is carried: "
                   f"{result['claim_similarity_p5']}")
