"""The local engine: the per-document pipeline over a process pool.

The parent reads inputs (I/O-bound, streaming) and hands documents to
workers in small chunks; each worker builds its ``Pipeline`` once (models
load there, not in the parent). At most ``workers * 4`` chunks are in flight,
so a 50 GB WARC never sits in memory. ``workers=1`` runs in-process, which is
what benchmarks and debuggers want.

Workers die with their parent: each one asks Linux for ``SIGKILL`` when the
process that forked it exits (``prctl(PR_SET_PDEATHSIG)``), so a ``kill -9`` of
an ingest does not leave 550 MB workers holding the store's files. Elsewhere a
watchdog thread in each worker polls ``os.getppid()`` once a second.

The per-document time budget (``doc_seconds``) is enforced inside each worker by
``Pipeline.process`` (a ``SIGALRM`` timer on the worker's main thread), the same
code that runs with ``-j 1``; a signal interrupts pure-Python and spaCy/regex loops
alike, and keeps the pool intact, where killing a stuck worker would break every
chunk in flight (``BrokenProcessPool``).

Each chunk comes back with the seconds its worker spent per stage; ``run_local``
adds them into the caller's ``timings`` dict.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from storylens.config import Settings
from storylens.pipeline import Pipeline
from storylens.sources.base import Skipped
from storylens.types import ProcessResult, RawDocument, Reject

Item = RawDocument | Reject | Skipped
Out = ProcessResult | Skipped

_WORKER_PIPELINE: Pipeline | None = None


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int) -> str:
    """Make this process exit when ``parent_pid`` does; returns the mechanism used."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent_pid:  # the parent died before prctl took effect
                    os._exit(1)
                return "pdeathsig"
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os._exit(1)
            time.sleep(1.0)

    threading.Thread(target=watch, name="storylens-parent-watchdog", daemon=True).start()
    return "watchdog"


def _init_worker(settings_dict: dict[str, object], parent_pid: int | None = None) -> None:
    global _WORKER_PIPELINE
    if parent_pid is not None:
        die_with_parent(parent_pid)
    _WORKER_PIPELINE = Pipeline(Settings(settings_dict))


def _run_chunk(chunk: list[Item]) -> tuple[list[Out], dict[str, float]]:
    assert _WORKER_PIPELINE is not None
    outs = [_WORKER_PIPELINE.process(i) if isinstance(i, RawDocument) else i for i in chunk]
    seconds = dict(_WORKER_PIPELINE.stage_seconds)
    _WORKER_PIPELINE.stage_seconds.clear()
    return outs, seconds


def _add(into: dict[str, float] | None, seconds: dict[str, float]) -> None:
    if into is not None:
        for name, s in seconds.items():
            into[name] = into.get(name, 0.0) + s


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    buf: list[Item] = []
    for item in items:
        buf.append(item)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def run_local(
    items: Iterable[Item],
    settings: Settings,
    workers: int | None = None,
    chunk_size: int = 8,
    pipeline: Pipeline | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[Out]:
    """Process ``items``; yields results in input order. ``timings``, if given, receives
    the seconds spent per stage (summed over workers)."""
    workers = workers or default_workers()
    if workers <= 1:
        pipe = pipeline or Pipeline(settings)
        for item in items:
            out = pipe.process(item) if isinstance(item, RawDocument) else item
            _add(timings, pipe.stage_seconds)
            pipe.stage_seconds.clear()
            yield out
        return
    max_in_flight = workers * 4
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(settings.as_dict(), os.getpid())
    ) as pool:
        pending: deque[Future[tuple[list[Out], dict[str, float]]]] = deque()

        def take() -> list[Out]:
            outs, seconds = pending.popleft().result()
            _add(timings, seconds)
            return outs

        for chunk in _chunks(items, chunk_size):
            pending.append(pool.submit(_run_chunk, chunk))
            if len(pending) >= max_in_flight:
                yield from take()
        while pending:
            yield from take()
