"""`storylens stats`: what the store holds, and corpus stages that are behind."""

from __future__ import annotations

import json

import click

from storylens.cli import main
from storylens.cli.core import _settings
from storylens.cli.options import db_option, output_options
from storylens.languages import coverage, coverage_lines, narrative_routes
from storylens.store import Store


@main.command("stats")
@db_option
@output_options("table", "json")
def stats_cmd(db: str | None, fmt: str) -> None:
    """Counts per table, time span, outlets, languages and top reject reasons."""
    from storylens.corpus.stage import stages_behind

    settings = _settings(None)
    with Store(db, read_only=True) as store:
        s = store.stats()
        s["corpus_behind"] = stages_behind(store, settings)
    s["coverage"] = {lang: coverage(None if lang == "unknown" else lang, settings) for lang in s["languages"]}
    # per non-English language, how each narrative pack reads it (the settings' packs)
    s["narrative_routes"] = {lang: narrative_routes(lang, settings, s["coverage"][lang]) for lang in s["languages"]
                             if lang not in ("en", "unknown")}
    if fmt == "json":
        click.echo(json.dumps(s, indent=2, default=str))
        return
    click.echo(f"store      {s['db']} (schema v{s['schema_version']})")
    click.echo(f"articles   {s['articles']:,} from {s['outlets']:,} outlets, {s['words']:,} words")
    click.echo(f"published  {s['published_from'] or '?'} .. {s['published_to'] or '?'}")
    click.echo("languages  " + ", ".join(f"{k} {v}" for k, v in s["languages"].items()))
    for line in coverage_lines(s["languages"], settings):
        click.echo(f"coverage   {line}")
    if s.get("models"):
        m = s["models"]
        from storylens.ingest import models_note

        click.echo(f"models     {models_note(m, m.get('counters'))} (run {m['run']}, the last with enrichment)")
    click.echo("sources    " + ", ".join(f"{k} {v}" for k, v in s["by_kind"].items()))
    click.echo("tables     " + ", ".join(f"{k} {v:,}" for k, v in s["tables"].items()))
    for name, n in s["corpus_behind"].items():
        click.echo(f"behind     corpus stage {name} has not seen {n:,} articles: run `storylens corpus`")
    if s["top_reject_reasons"]:
        click.echo("top reject reasons:")
        for r in s["top_reject_reasons"]:
            click.echo(f"  {r['n']:>6} × {r['stage']}: {r['reason'][:100]}")
