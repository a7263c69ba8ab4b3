"""`storylens ingest`: read, extract, enrich and store, then the corpus stages."""

from __future__ import annotations

import json
import sys
import time

import click
import duckdb

from storylens.cli import main
from storylens.cli.core import _settings, set_option
from storylens.cli.options import (
    config_option,
    db_option,
    output_options,
    pack_options,
    workers_option,
)
from storylens.errors import StoreFull
from storylens.ingest import IngestSummary, ingest, models_note
from storylens.languages import coverage_lines
from storylens.sources import expand
from storylens.store import Store
from storylens.store.duck import disk_full, is_disk_full


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
    models = summary.models  # what the run record holds (runs.models)
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
        if repaired := summary.counters.get("text_repaired", 0):
            click.echo(f"  repaired mis-decoded text (mojibake such as 'Ã¢â‚¬â„¢') in {repaired:,} articles")
        unsure = summary.language_how.get("uncertain", 0) + summary.language_how.get("none", 0)
        if unsure:
            click.echo(f"  language uncertain or unknown for {unsure:,} "
                       f"(hint used {summary.language_how.get('hint', 0):,}; setting languages)")
        if by_file := summary.language_how.get("file", 0):
            click.echo(f"  language taken from the file's other records for {by_file:,} short items "
                       "the identifier could not tell (state a file's language with --set language=xx or a sidecar)")
        if summary.dates_unparsed:
            eg = "; ".join(repr(d) for d, _ in summary.date_examples.most_common(2))
            click.echo(f"  dates unparsed {summary.dates_unparsed:,} (stored without a date; e.g. {eg}; "
                       "set date_format)")
        for line in coverage_lines(languages, settings):  # what ran per language (storylens.languages)
            click.echo(f"  coverage {line}")
        if models:  # with the cascade's share re-read by MPNet, when it ran
            click.echo(f"  models   {models_note(models, summary.counters, settings.tone_model)}")
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
