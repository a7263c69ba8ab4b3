"""Helpers shared by the benchmark scripts.

``portable``: paths as the results record them. A result file is committed and read on
other machines, where an absolute path from the machine that ran it says nothing. Inside
the repository a path is written relative to it (``src``); beside it as ``../shared/...``;
anything else by its name alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

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


def run_stages(pipe: Any, raws: Iterable[Any]) -> tuple[list[Any], dict[str, float], int, float]:
    """Each raw document through ``Pipeline.extract`` and every stage in turn, each timed, so the
    per-stage seconds add up to the whole: (articles that passed, seconds per stage, rejected,
    total seconds). A failed stage rejects the article, as ``Pipeline.process`` does."""
    stages = {"extract": 0.0, **{s.name: 0.0 for s in pipe.stages}}
    done: list[Any] = []
    rejected = 0
    t0 = time.perf_counter()
    for raw in raws:
        t = time.perf_counter()
        art = pipe.extract(raw)
        stages["extract"] += time.perf_counter() - t
        if not hasattr(art, "text"):
            rejected += 1
            continue
        for stage in pipe.stages:
            t = time.perf_counter()
            try:
                art = stage(art)
            except Exception:  # as Pipeline.process: a failed stage rejects the article
                rejected += 1
                stages[stage.name] += time.perf_counter() - t
                break
            stages[stage.name] += time.perf_counter() - t
        else:
            done.append(art)
    return done, stages, rejected, time.perf_counter() - t0
