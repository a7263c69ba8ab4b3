"""Shared CLI options and output helpers (format table|json|jsonl|csv)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def db_option(f: F) -> F:
    # imported here, not at the top: duckdb only for the commands that open a store
    from storylens.store.duck import default_db_path

    return click.option(
        "--db",
        default=None,
        metavar="PATH",
        help=f"DuckDB store (default: $STORYLENS_DB or ./{default_db_path()}).",
    )(f)


def config_option(f: F) -> F:
    return click.option(
        "--config", "config_path", default=None, metavar="FILE",
        help="YAML file overriding packaged settings (see `storylens settings`).",
    )(f)


def workers_option(f: F) -> F:
    return click.option(
        "--workers", "-j", type=click.IntRange(min=1), default=None,
        help="Worker processes (default: every core).",
    )(f)


def output_options(*formats: str, default: str = "table") -> Callable[[F], F]:
    def deco(f: F) -> F:
        return click.option(
            "--format", "fmt", type=click.Choice(list(formats)), default=default, show_default=True,
            help="Output format.",
        )(f)

    return deco


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, (list, tuple)):
        return "; ".join(_text(x) for x in v)
    return str(v)


def emit_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    """Print rows as a table, JSON array, JSONL or CSV on stdout."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
    elif fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False, default=str))
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: _text(r.get(k)) for k in columns})
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_header=True, header_style="bold", box=None)
        for c in columns:
            table.add_column(c, overflow="fold", max_width=60)
        for r in rows:
            table.add_row(*(_text(r.get(c)) for c in columns))
        # piped or captured output has no terminal width: rich would squeeze it into 80 columns and
        # cut headers ("countr"); give it room instead
        wide = None if sys.stdout.isatty() else 240
        Console(soft_wrap=False, width=wide).print(table)
        if not rows:
            click.echo("(no rows)")


def by_option(choices: Sequence[str], help_text: str, multiple: bool = True) -> Callable[[F], F]:
    """``--by`` (repeatable when ``multiple``: ``--by outlet --by month`` groups by outlet x month,
    in that order; given once it behaves as before). The value is a tuple, empty when absent."""
    def deco(f: F) -> F:
        return click.option(
            "--by", "by", type=click.Choice(list(choices)), multiple=multiple, default=None,
            help=help_text + (" Repeat to cross groupings (--by outlet --by month)." if multiple else ""),
        )(f)

    return deco


def outlet_filter_options(f: F) -> F:
    """``--outlet``, ``--country``, ``--type``; the command receives them as one ``outlets``
    argument (a ``storylens.store.queries.filters.OutletFilter``)."""
    f = click.option("--type", "outlet_type", default=None, metavar="TYPE",
                     help="Only outlets of this registry type (state, public, commercial, wire, ...).")(f)
    f = click.option("--country", "outlet_country", default=None, metavar="CODE",
                     help="Only outlets of this country (ISO code such as GB, or the country's name).")(f)
    f = click.option("--outlet", "outlet", default=None, metavar="OUTLET",
                     help="Only this outlet (its domain, e.g. bbc.co.uk, or its name, e.g. \"BBC News\").")(f)
    return f


def outlet_filter(outlet: str | None, country: str | None, outlet_type: str | None) -> Any:
    """The ``OutletFilter`` of the three options (None when none is set)."""
    from storylens.store.queries.filters import OutletFilter

    filt = OutletFilter(outlet or None, country or None, outlet_type or None)
    return filt if filt else None


def empty_note(rows: Sequence[Any], fmt: str, explain: Callable[[], str]) -> None:
    """For an empty table answer, say on stderr why it is empty (``explain`` runs only then)."""
    if not rows and fmt == "table":
        click.echo(explain(), err=True)


def pack_options(f: Any) -> Any:
    """``--pack-file`` (repeatable) and ``--builtin/--no-builtin``, shared by ingest, annotate and narratives."""
    f = click.option("--builtin/--no-builtin", "builtin", default=None,
                     help="Run the built-in narrative packs (setting narrative_builtin; default on).")(f)
    return click.option("--pack-file", "pack_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                        help="A user narrative pack (YAML; stored as user:NAME), loaded like the built-in "
                             "ones (repeatable; adds to setting narrative_packs).")(f)


def echo_json(obj: Any) -> None:
    """One JSON document on stdout (indented, non-ASCII kept, dates and other values as strings)."""
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))
