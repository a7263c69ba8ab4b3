"""Core commands: ingest, extract, stats, export, settings."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click
import duckdb

from storylens.cli import main
from storylens.cli.narratives import pack_options
from storylens.cli.options import (
    config_option,
    db_option,
    emit_rows,
    output_options,
    workers_option,
)
from storylens.config import SETTINGS, Settings
from storylens.engines.local import run_local
from storylens.errors import StoreFull
from storylens.ingest import IngestSummary, ingest, reason_key
from storylens.languages import coverage, coverage_lines
from storylens.sources import Skipped, expand, iter_documents
from storylens.store import Store
from storylens.store.duck import disk_full, is_disk_full
from storylens.types import Article, Reject, article_json


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


class _Progress:
    """count, rate and ETA (by input files) on a terminal; silent when piped."""

    def __init__(self, n_files: int) -> None:
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()
        self.n_files = n_files
        self.last = 0.0

    def __call__(self, s: IngestSummary) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.25:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        rate = s.read / elapsed
        eta = ""
        if self.n_files > 1 and s.files_seen:
            left = elapsed * (self.n_files - s.files_seen) / s.files_seen
            eta = f" · file {s.files_seen:,}/{self.n_files:,} · ETA {left:,.0f}s"
        click.echo(
            f"\r  {s.read:,} read · {s.stored:,} stored · {s.rejected:,} rejected · "
            f"{rate:,.1f} docs/s · {elapsed:,.0f}s{eta} ",
            err=True, nl=False,
        )

    def done(self) -> None:
        if self.enabled:
            click.echo("", err=True)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@config_option
@workers_option
@click.option("--keep-noise", is_flag=True, help="Turn cleaning off (keep spam, captions, residue).")
@click.option("--no-enrich", is_flag=True, help="Skip actors, tone, quotes and narratives (faster).")
@pack_options
@click.option("--profile", is_flag=True,
              help="Also print the seconds spent per stage (always kept in the run record, `runs.stage_seconds`).")
@set_option
@output_options("table", "json", default="table")
def ingest_cmd(
    paths: tuple[str, ...], db: str | None, config_path: str | None, workers: int | None,
    keep_noise: bool, no_enrich: bool, pack_files: tuple[str, ...], builtin: bool | None,
    profile: bool, assignments: tuple[str, ...], fmt: str,
) -> None:
    """Read PATHS (HTML, WARC, feeds, JSONL/CSV, .txt; folders recursively),
    extract and enrich every article, and store it in the DuckDB store.

    Re-ingesting the same input adds nothing (ids are content hashes); records
    that cannot be read are stored in `rejects` with source, offset and reason.
    """
    from storylens.corpus.narratives import packs_setting

    settings = _settings(config_path, assignments, clean=False if keep_noise else None,
                         enrich=False if no_enrich else None)
    if pack_files or builtin is not None:
        settings = _settings(config_path, assignments, clean=False if keep_noise else None,
                             enrich=False if no_enrich else None,
                             **packs_setting(builtin, pack_files, settings.narrative_packs))
    files = list(expand(paths))
    progress = _Progress(len(files))
    t0 = time.monotonic()
    db_path = db or settings.db
    try:
        with Store(db_path) as store:
            summary = ingest(list(paths), store, settings, workers=workers, on_progress=progress)
            languages = store.stats()["languages"] if settings.enrich else {}
    except StoreFull:
        progress.done()
        raise
    except (OSError, duckdb.Error) as exc:
        progress.done()
        if is_disk_full(exc):  # a worker's scratch file, the WAL, a checkpoint: one line, exit 3
            raise disk_full(db_path, exc) from exc
        raise
    progress.done()
    elapsed = time.monotonic() - t0
    if fmt == "json":
        click.echo(json.dumps({**summary.as_dict(), "seconds": round(elapsed, 2)}, indent=2))
    else:
        click.echo(
            f"read {summary.read:,} · stored {summary.stored:,} · duplicates {summary.duplicates:,} · "
            f"rejected {summary.rejected:,} · skipped {summary.skipped:,} "
            f"({elapsed:.1f}s, {summary.read / max(elapsed, 1e-6):.1f} docs/s)"
        )
        for reason, n in summary.reject_reasons.most_common(5):
            click.echo(f"  rejected {n:>5} × {reason}")
        for reason, n in summary.skip_reasons.most_common(3):
            click.echo(f"  skipped  {n:>5} × {reason}")
        if summary.headlines:
            click.echo(f"  kept {summary.headlines:,} short items as headlines (setting headlines)")
        unsure = summary.language_how.get("uncertain", 0) + summary.language_how.get("none", 0)
        if unsure:
            click.echo(f"  language uncertain or unknown for {unsure:,} "
                       f"(hint used {summary.language_how.get('hint', 0):,}; setting languages)")
        if summary.dates_unparsed:
            eg = "; ".join(repr(d) for d, _ in summary.date_examples.most_common(2))
            click.echo(f"  dates unparsed {summary.dates_unparsed:,} (stored without a date; e.g. {eg}; "
                       "set date_format)")
        for line in coverage_lines(languages):  # what ran per language (storylens.languages)
            click.echo(f"  coverage {line}")
        if profile:
            click.echo("seconds per stage (summed over workers): " + " · ".join(
                f"{name} {secs:.2f}" for name, secs in
                sorted(summary.stage_seconds.items(), key=lambda kv: -kv[1])))
            corpus = {name: r["seconds"] for name, r in (summary.corpus or {}).items()
                      if isinstance(r, dict) and "seconds" in r}
            if corpus:
                click.echo("seconds per corpus stage: " + " · ".join(
                    f"{name} {secs:.2f}" for name, secs in sorted(corpus.items(), key=lambda kv: -kv[1])))
    if summary.read == 0 or (summary.stored + summary.duplicates == 0):
        raise click.ClickException("nothing could be read from the inputs (see the reasons above)")


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@config_option
@workers_option
@click.option("--keep-noise", is_flag=True, help="Turn cleaning off.")
@click.option("--rejects/--no-rejects", default=False, help="Also print rejects (as {\"reject\": ...}).")
@set_option
@output_options("jsonl", default="jsonl")
def extract_cmd(paths: tuple[str, ...], config_path: str | None, workers: int | None,
                keep_noise: bool, rejects: bool, assignments: tuple[str, ...], fmt: str) -> None:
    """Run read + extract + clean on PATHS without a store: one JSON object per article."""
    settings = _settings(config_path, assignments, clean=False if keep_noise else None, enrich=False)
    n = 0
    for out in run_local(iter_documents(paths, settings), settings, workers=workers):
        if isinstance(out, Article):
            n += 1
            click.echo(json.dumps(article_json(out), ensure_ascii=False))
        elif isinstance(out, Reject):
            if rejects:
                click.echo(json.dumps({"reject": {"source": out.source, "offset": out.offset,
                                                  "stage": out.stage, "reason": reason_key(out)}}))
            else:
                click.echo(f"rejected {out.source}@{out.offset}: {out.reason}", err=True)
        elif isinstance(out, Skipped):
            continue
    if n == 0:
        raise click.ClickException("no article could be extracted from the inputs")


@main.command("stats")
@db_option
@output_options("table", "json")
def stats_cmd(db: str | None, fmt: str) -> None:
    """Counts per table, time span, outlets, languages and top reject reasons."""
    from storylens.corpus.stage import stages_behind

    with Store(db, read_only=True) as store:
        s = store.stats()
        s["corpus_behind"] = stages_behind(store, _settings(None))
    s["coverage"] = {lang: coverage(None if lang == "unknown" else lang) for lang in s["languages"]}
    if fmt == "json":
        click.echo(json.dumps(s, indent=2, default=str))
        return
    click.echo(f"store      {s['db']} (schema v{s['schema_version']})")
    click.echo(f"articles   {s['articles']:,} from {s['outlets']:,} outlets, {s['words']:,} words")
    click.echo(f"published  {s['published_from'] or '?'} .. {s['published_to'] or '?'}")
    click.echo("languages  " + ", ".join(f"{k} {v}" for k, v in s["languages"].items()))
    for line in coverage_lines(s["languages"]):
        click.echo(f"coverage   {line}")
    click.echo("sources    " + ", ".join(f"{k} {v}" for k, v in s["by_kind"].items()))
    click.echo("tables     " + ", ".join(f"{k} {v:,}" for k, v in s["tables"].items()))
    for name, n in s["corpus_behind"].items():
        click.echo(f"behind     corpus stage {name} has not seen {n:,} articles: run `storylens corpus`")
    if s["top_reject_reasons"]:
        click.echo("top reject reasons:")
        for r in s["top_reject_reasons"]:
            click.echo(f"  {r['n']:>6} × {r['stage']}: {r['reason'][:100]}")


@main.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet", show_default=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@click.option("--table", "tables", multiple=True, help="Only these tables (repeatable).")
def export_cmd(db: str | None, fmt: str, out_dir: str, tables: tuple[str, ...]) -> None:
    """Write every table of the store to OUT as Parquet, CSV or JSONL (one file per table)."""
    with Store(db, read_only=True) as store:
        written = store.export(out_dir, fmt, list(tables) or None)
    for p in written:
        click.echo(str(p))


@main.command("settings")
@config_option
@output_options("table", "json")
def settings_cmd(config_path: str | None, fmt: str) -> None:
    """Every setting with its effective value, default and help."""
    eff = _settings(config_path).as_dict()
    rows = [{"name": s.name, "type": s.kind, "value": eff[s.name], "default": s.default,
             "accepted": s.accepted(), "help": s.help} for s in SETTINGS]
    emit_rows(rows, fmt)
