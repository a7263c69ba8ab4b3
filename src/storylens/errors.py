"""Domain exceptions. Each message names the value, what was expected and the fix.

The library raises these; the CLI turns them into one-line errors (see
``storylens.cli``), and the web layer into one JSON error shape.
"""

from __future__ import annotations


class StoryLensError(Exception):
    """Base class: anything the user can fix by changing input or options."""


class InputNotFound(StoryLensError):
    def __init__(self, path: str) -> None:
        super().__init__(f"input not found: {path!r}. Pass a file or folder that exists.")


class UnsupportedInput(StoryLensError):
    def __init__(self, path: str, suffix: str, known: list[str]) -> None:
        super().__init__(
            f"don't know how to read {path!r} (suffix {suffix!r}). "
            f"Known suffixes: {', '.join(known)}. Rename the file or pass --format."
        )


class SettingsError(StoryLensError):
    pass


class StoreError(StoryLensError):
    pass


class StoreLocked(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"the store {path!r} is open for writing in another process. "
            "Wait for that ingest to finish, or use another --db."
        )


class NothingRead(StoryLensError):
    """Raised by a run in which not one record could be read."""


class StoreFull(StoreError):
    """The store (or a scratch file beside it) could not be written: disk full, a file-size
    or quota limit, a read-only file system. Exit code 3 (see docs/faults.md)."""

    exit_code = 3
