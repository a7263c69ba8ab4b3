"""JSONL and CSV exports with a configurable column mapping.

Column names come from settings (``csv_text`` etc., comma-separated: the
first column present in a record wins). A record with a text column is taken
as extracted text; otherwise an HTML column is extracted like a page.
Offsets are 1-based line numbers (JSONL) or record numbers (CSV).
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
    return Reject(prov.source, prov.offset, "read", f"no text or html column (looked for {', '.join(wanted)})")


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


def read_csv(path: Path, settings: Settings) -> Iterator[RawDocument | Reject]:
    src = str(path)
    kind: SourceKind = "csv"
    n = 0
    try:
        with _open_binary(path) as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="")
            for n, record in enumerate(csv.DictReader(text), start=1):
                yield record_to_document(record, Provenance(src, kind, n), settings)
    except (OSError, EOFError, csv.Error) as exc:
        yield Reject(src, n or None, "read", f"CSV broken after record {n}: {type(exc).__name__}: {exc}")
