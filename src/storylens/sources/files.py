"""Walk inputs (files and folders, recursively) and dispatch each file to its reader.

Dispatch is by suffix, so a readers table is the one place to add a format.
Hidden files and folders are skipped. Every reader yields ``RawDocument``,
``Reject`` or ``Skipped`` and never raises for bad content.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from storylens.config import Settings
from storylens.errors import InputNotFound
from storylens.sources.base import Skipped, read_bytes
from storylens.sources.file_language import with_file_language
from storylens.sources.overrides import (
    SIDECAR_SUFFIX,
    SidecarError,
    apply_fixed,
    load_sidecar,
    parse_fixed,
    sidecar_path,
)
from storylens.sources.tables import read_csv, read_jsonl
from storylens.types import Provenance, RawDocument, Reject

Item = RawDocument | Reject | Skipped
Reader = Callable[[Path, Settings], Iterator[Item]]


def read_html_file(path: Path, settings: Settings) -> Iterator[Item]:
    src = str(path)
    try:
        data = read_bytes(path, settings.max_page_bytes)
    except (OSError, EOFError) as exc:
        yield Reject(src, None, "read", f"cannot read: {type(exc).__name__}: {str(exc)[:120]}")
        return
    yield RawDocument(Provenance(src, "html"), url=None, html=data)


def read_txt_file(path: Path, settings: Settings) -> Iterator[Item]:
    src = str(path)
    try:
        data = read_bytes(path, settings.max_page_bytes)
    except (OSError, EOFError) as exc:
        yield Reject(src, None, "read", f"cannot read: {type(exc).__name__}: {exc}")
        return
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    title, _, body = text.strip().partition("\n")
    if not body.strip():
        yield Reject(src, None, "read", "text file has a title line but no body")
        return
    yield RawDocument(Provenance(src, "txt"), text=body.strip(), meta={"title": title.strip() or None})


def read_warc_file(path: Path, settings: Settings) -> Iterator[Item]:
    # warcio (and fsspec, asyncio) imported only when a WARC is read
    from storylens.sources.warc import read_warc

    return read_warc(path, settings.max_page_bytes)


def read_feed_file(path: Path, settings: Settings) -> Iterator[Item]:
    # feedparser imported only when a feed is read
    from storylens.sources.feeds import read_feed

    return read_feed(path, settings.max_page_bytes)


READERS: dict[str, Reader] = {
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".warc": read_warc_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
    ".xml": read_feed_file,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".tab": read_csv,
    ".txt": read_txt_file,
}


# Readers whose records are text (not pages): a file of them has a language of its own
# (``sources.file_language``).
TEXT_READERS: tuple[Reader, ...] = (read_jsonl, read_csv, read_feed_file)


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return READERS[".warc"]  # warcio reads gzip members itself
    stem = name[:-3] if name.endswith(".gz") else name
    return READERS.get(os.path.splitext(stem)[1])


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files under ``paths`` in a stable order (folders walked recursively)."""
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputNotFound(str(p))
        if p.is_file():
            yield p
            continue
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX):
                    yield Path(root) / name


def iter_documents(paths: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterator[Item]:
    """Every raw document under ``paths``, with rejects and skips in stream order.

    Fixed values (setting ``fixed``, ``--set``) and a file's sidecar
    (``FILE.storylens.yaml``: its own settings and fixed values) are applied here.
    """
    run_fixed = parse_fixed(settings.fixed)
    for path in expand(paths):
        yield from iter_file(path, settings, run_fixed)


def iter_file(path: Path, settings: Settings, run_fixed: dict[str, str] | None = None) -> Iterator[Item]:
    """The documents of one file: its reader, its sidecar and the run's fixed values
    (``parse_fixed(settings.fixed)``, passed in so a run parses them once). ``iter_documents``
    and the Spark engine's executors both read through this."""
    if path.name.endswith(SIDECAR_SUFFIX):
        return  # named explicitly: it describes its neighbour, it is no input
    reader = reader_for(path)
    if reader is None:
        yield Skipped(str(path), f"unknown file type {path.suffix or '(none)'}")
        return
    file_settings = settings
    fixed = parse_fixed(settings.fixed) if run_fixed is None else run_fixed
    side = sidecar_path(path)
    if side is not None:
        try:
            file_settings, fixed = load_sidecar(side, settings)
        except SidecarError as exc:
            yield Reject(str(path), None, "read", str(exc))
            return
    date_format = file_settings.date_format if file_settings is not settings else ""
    items = reader(path, file_settings)
    if reader in TEXT_READERS and not fixed.get("language"):
        items = with_file_language(items, file_settings.languages)  # short records take the file's language
    for item in items:
        if isinstance(item, RawDocument) and (fixed or date_format):
            item = apply_fixed(item, fixed, date_format)
        yield item
