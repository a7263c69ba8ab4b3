"""Helpers shared by the benchmark scripts.

``portable``: paths as the results record them. A result file is committed and read on
other machines, where an absolute path from the machine that ran it says nothing. Inside
the repository a path is written relative to it (``src``); beside it as ``../shared/...``;
anything else by its name alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
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


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` calls (the least disturbed by other load)."""
    times = []
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)
