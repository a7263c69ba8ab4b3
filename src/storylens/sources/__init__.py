"""Readers: files, folders, WARC, feeds, JSONL/CSV, text. See ``files.iter_documents``."""

from storylens.sources.base import Skipped
from storylens.sources.files import READERS, expand, iter_documents, iter_file, reader_for

__all__ = ["READERS", "Skipped", "expand", "iter_documents", "iter_file", "reader_for"]
