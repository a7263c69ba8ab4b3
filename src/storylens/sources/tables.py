"""JSONL and CSV/TSV exports with a configurable column mapping.

Column names come from settings (``csv_text`` etc., comma-separated: the
first column present in a record wins). A column may also be named by its
1-based position (``csv_text=2``), which is how a CSV without a header row is
read. ``csv_header`` says whether the first row is a header (``auto``: it is
when one of its cells is a configured column name); ``csv_delimiter`` is sniffed
from the first lines when ``auto`` (``.tsv`` files are tab-separated).
A record with a text column is taken as extracted text; otherwise an HTML
column is extracted like a page. Offsets are 1-based line numbers (JSONL) or
record numbers (CSV, the header row not counted).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storylens.config import Settings
from storylens.types import Provenance, RawDocument, Reject, SourceKind

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _first(record: dict[str, Any], columns: list[str]) -> str | None:
    for col in columns:
        value = record.get(col)
        if value is None:
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        value = str(value).strip()
        if value:
            return value
    return None


_COLUMN_SETTINGS = ("csv_url", "csv_title", "csv_text", "csv_html", "csv_date", "csv_outlet", "csv_author")


def with_positions(record: dict[str, Any], row: list[str] | None = None) -> dict[str, Any]:
    """Add 1-based position keys ("1", "2", ...) beside the header names, so a
    column setting can name a column by position whether or not there is a header."""
    values = row if row is not None else list(record.values())
    out = dict(record)
    for i, v in enumerate(values, start=1):
        out.setdefault(str(i), v)
    return out


def record_to_document(
    record: dict[str, Any], prov: Provenance, settings: Settings
) -> RawDocument | Reject:
    if not isinstance(record, dict):
        return Reject(prov.source, prov.offset, "read", f"record is a {type(record).__name__}, not an object")
    meta = {
        "title": _first(record, settings.columns("csv_title")),
        "published": _first(record, settings.columns("csv_date")),
        "outlet_name": _first(record, settings.columns("csv_outlet")),
        "author": _first(record, settings.columns("csv_author")),
    }
    url = _first(record, settings.columns("csv_url"))
    text = _first(record, settings.columns("csv_text"))
    if text:
        return RawDocument(prov, url=url, text=text, meta=meta)
    html = _first(record, settings.columns("csv_html"))
    if html:
        return RawDocument(prov, url=url, html=html.encode("utf-8"), meta=meta)
    wanted = settings.columns("csv_text") + settings.columns("csv_html")
    hint = ""
    if "1" in record and not any(k for k in record if not k.isdigit()):
        hint = "; a file without a header row needs positions, e.g. csv_text=2"
    return Reject(prov.source, prov.offset, "read", f"no text or html column (looked for {', '.join(wanted)}){hint}")


def _open_binary(path: Path) -> io.BufferedReader | gzip.GzipFile:
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def read_jsonl(path: Path, settings: Settings) -> Iterator[RawDocument | Reject]:
    src = str(path)
    lineno = 0
    try:
        with _open_binary(path) as fh:
            for lineno, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield Reject(src, lineno, "read", f"invalid UTF-8 at byte {exc.start}")
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Reject(src, lineno, "read", f"not JSON: {exc.msg} at column {exc.colno}")
                    continue
                yield record_to_document(record, Provenance(src, "jsonl", lineno), settings)
    except (OSError, EOFError) as exc:
        yield Reject(src, lineno or None, "read", f"file broken after line {lineno}: {type(exc).__name__}: {exc}")


def _delimiter(path: Path, sample: str, setting: str) -> str:
    if setting and setting.lower() != "auto":
        return "\t" if setting.lower() in {"tab", "\\t", "\t"} else setting[0]
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".tsv", ".tab")):
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _is_header(row: list[str], settings: Settings) -> bool:
    """``auto``: a header when one of its cells is a configured column name."""
    mode = str(settings.csv_header).strip().lower()
    if mode in {"yes", "true", "1", "on"}:
        return True
    if mode in {"no", "false", "0", "off"}:
        return False
    names = {c.casefold() for name in _COLUMN_SETTINGS for c in settings.columns(name)}
    return any(cell.strip().casefold() in names for cell in row)


def read_csv(path: Path, settings: Settings) -> Iterator[RawDocument | Reject]:
    src = str(path)
    kind: SourceKind = "csv"
    n = 0
    try:
        with _open_binary(path) as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
            sample = text.read(64 * 1024)
            text.seek(0)
            rows = csv.reader(text, delimiter=_delimiter(path, sample, str(settings.csv_delimiter)))
            header: list[str] | None = None
            for row in rows:
                if not row or not any(c.strip() for c in row):
                    continue
                if header is None and n == 0:
                    header = [c.strip() for c in row] if _is_header(row, settings) else []
                    if header:
                        continue
                n += 1
                named = dict(zip(header, row, strict=False)) if header else {}
                yield record_to_document(with_positions(named, row), Provenance(src, kind, n), settings)
    except (OSError, EOFError, csv.Error) as exc:
        yield Reject(src, n or None, "read", f"CSV broken after record {n}: {type(exc).__name__}: {exc}")
