"""Shared CLI options and output helpers (format table|json|jsonl|csv)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from storylens.store.duck import default_db_path

F = TypeVar("F", bound=Callable[..., Any])


def db_option(f: F) -> F:
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
        Console(soft_wrap=False).print(table)
        if not rows:
            click.echo("(no rows)")
