"""Paths as the benchmark results record them: relative to the repository, never machine-specific.

A result file is committed and read on other machines: ``/work/main/src`` or
``/home/someone/shared/...`` say nothing there. Inside the repository a path is
written relative to it (``src``); beside it as ``../shared/...``; anything else by
its name alone.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def portable(path: str | Path) -> str:
    p = Path(path).resolve()
    for base, prefix in ((ROOT, ""), (ROOT.parent, "../")):
        try:
            return prefix + p.relative_to(base).as_posix()
        except ValueError:
            continue
    return p.name
