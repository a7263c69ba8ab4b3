"""WARC and WARC.gz reader (warcio): HTML response records become documents.

Other records (request, metadata, warcinfo, non-HTML responses) are skipped
and counted. A record whose payload is shorter than its declared length
(a clipped crawl) is rejected with its offset; a stream that breaks mid-file
ends that file with one reject and keeps everything read before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from storylens.sources.base import Skipped
from storylens.types import Provenance, RawDocument, Reject

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, max_bytes: int) -> Iterator[RawDocument | Reject | Skipped]:
    src = str(path)
    offset: int | None = 0
    try:
        with path.open("rb") as fh:
            it = ArchiveIterator(fh)
            for rec in it:
                # get_record_offset() consumes the record's payload: read the
                # body first, then ask for the offset.
                if rec.rec_type != "response":
                    yield Skipped(src, f"WARC {rec.rec_type} record")
                    continue
                ctype = (rec.http_headers.get_header("Content-Type") or "") if rec.http_headers else ""
                if not ctype.lower().startswith(_HTML_TYPES):
                    yield Skipped(src, f"non-HTML response ({ctype.split(';')[0] or 'no type'})")
                    continue
                offset = None
                url = rec.rec_headers.get_header("WARC-Target-URI")
                body = rec.content_stream().read(max_bytes + 1)
                left = getattr(rec.raw_stream, "limit", 0)
                offset = it.get_record_offset()
                if left and left > 0 and len(body) <= max_bytes:
                    yield Reject(src, offset, "read", f"truncated WARC record: {left} bytes missing ({url})")
                    continue
                date = rec.rec_headers.get_header("WARC-Date")
                yield RawDocument(
                    Provenance(src, "warc", offset), url=url, html=body,
                    meta={"crawl_date": date},
                )
    except Exception as exc:
        yield Reject(src, offset, "read", f"WARC stream broken: {type(exc).__name__}: {str(exc)[:120]}")
