"""``read_bytes`` inflates a whole .gz in one go; it must give what gzip's file reader gives
(bytes or the same exception) on every shape of file."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storylens.sources.base import read_bytes

TEXT = ("<html><body>" + "word " * 5000 + "</body></html>").encode()


def _gzip_reader(path: Path, max_bytes: int) -> bytes:
    with gzip.open(path, "rb") as fh:
        return fh.read(max_bytes + 1)


def _outcome(fn, path: Path, max_bytes: int) -> tuple[str, object]:
    try:
        return "ok", fn(path, max_bytes)
    except (OSError, EOFError) as exc:
        return type(exc).__name__, str(exc)


def _shapes() -> dict[str, bytes]:
    one = gzip.compress(TEXT)
    return {
        "plain": one,
        "two members": one + gzip.compress(b"<p>second</p>"),
        "zero padded": one + b"\0" * 16,
        "trailing garbage": one + b"garbage",
        "truncated": one[:-20],
        "bad crc": one[:-8] + bytes(4) + one[-4:],
        "not gzip": TEXT,
        "empty": b"",
    }


@pytest.mark.parametrize("shape", list(_shapes()))
@pytest.mark.parametrize("max_bytes", [10, 1000, 30_000, 100, 20_000_000])
def test_read_bytes_equals_gzip_file_reader(tmp_path: Path, shape: str, max_bytes: int) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(_shapes()[shape])
    assert _outcome(read_bytes, path, max_bytes) == _outcome(_gzip_reader, path, max_bytes)


def test_read_bytes_plain_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(TEXT)
    assert read_bytes(path, 100) == TEXT[:101] and read_bytes(path, 10**6) == TEXT
