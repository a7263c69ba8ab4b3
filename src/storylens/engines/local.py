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

Each chunk comes back with the seconds its worker spent per stage and what its stages
counted (``Pipeline.counters``: the tone cascade's sentences read and re-read), both as
deltas since the worker's previous chunk; ``run_local`` adds them into the caller's
``timings`` and ``counters`` dicts. ``workers=1`` reads and clears the same two dicts after
every document, so both paths report the same sums.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FuturesTimeout
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from storylens.config import Settings
from storylens.pipeline import Pipeline
from storylens.sources.base import Skipped
from storylens.stages import check_stages
from storylens.types import ProcessResult, RawDocument, Reject

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger(__name__)

Item = RawDocument | Reject | Skipped
Out = ProcessResult | Skipped

_WORKER_PIPELINE: Pipeline | None = None


class ChunkResult(NamedTuple):
    """What a worker sends back for one chunk: the results in order, and the seconds per stage
    and the stages' counts since its previous chunk (``Pipeline.stage_seconds``, ``.counters``)."""

    outs: list[Out]
    seconds: dict[str, float]
    counters: dict[str, int]


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


def _run_chunk(chunk: list[Item]) -> ChunkResult:
    assert _WORKER_PIPELINE is not None
    outs = [_WORKER_PIPELINE.process(i) if isinstance(i, RawDocument) else i for i in chunk]
    return ChunkResult(outs, *_take(_WORKER_PIPELINE))


def _take(pipe: Pipeline) -> tuple[dict[str, float], dict[str, int]]:
    """The pipeline's seconds and counts since they were last taken; both are cleared."""
    seconds, counters = dict(pipe.stage_seconds), dict(pipe.counters)
    pipe.stage_seconds.clear()
    pipe.counters.clear()
    return seconds, counters


N = TypeVar("N", int, float)


def _add(into: dict[str, N] | None, values: dict[str, N]) -> None:
    if into is not None:
        for name, v in values.items():
            into[name] = into.get(name, 0) + v


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
    stuck_after: float | None = None,
    counters: dict[str, int] | None = None,
) -> Iterator[Out]:
    """Process ``items``; yields results in input order. ``timings``, if given, receives
    the seconds spent per stage (summed over workers); ``counters``, if given, what the
    stages counted (``Pipeline.counters``, summed over workers; a chunk given up on after its
    worker died or hung adds nothing). ``stuck_after`` overrides ``hard_timeout`` (tests)."""
    workers = workers or default_workers()
    if workers <= 1:
        pipe = pipeline or Pipeline(settings)
        for item in items:
            out = pipe.process(item) if isinstance(item, RawDocument) else item
            seconds, counts = _take(pipe)
            _add(timings, seconds)
            _add(counters, counts)
            yield out
        return
    check_stages(settings)  # a bad setting: one line here, not a BrokenProcessPool per worker
    yield from _run_pool(items, settings, workers, chunk_size, timings,
                         stuck_after or hard_timeout(settings, chunk_size), counters)


def hard_timeout(settings: Settings, chunk_size: int) -> float | None:
    """Seconds to wait for one chunk before its worker is taken for stuck: every document of
    the chunk at its full ``doc_seconds`` budget, twice, plus a minute for loading models.
    None when there is no budget."""
    budget = float(getattr(settings, "doc_seconds", 0) or 0)
    return 2 * chunk_size * budget + 60 if budget > 0 else None


class _Pool:
    """A ``ProcessPoolExecutor`` that can be replaced when a worker is stuck or dies."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.args = (settings.as_dict(), os.getpid())
        self.workers = workers
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # multiprocessing is imported here: a --workers 1 run never starts a pool
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker, initargs=self.args)

    def kill(self) -> None:
        """Kill every worker of the current pool."""
        for proc in list((getattr(self.pool, "_processes", None) or {}).values()):
            with contextlib.suppress(OSError, AttributeError):
                proc.kill()  # no public API to stop one worker: _processes is the executor's own map

    def replace(self) -> None:
        """Kill every worker (the stuck one cannot be told apart) and start a fresh pool."""
        self.kill()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new()
        # A fresh pool that cannot run a no-op (a worker that cannot even start: a bad setting,
        # a missing model) is an error of the setup: BrokenProcessPool propagates from here.
        self.pool.submit(_ping).result(timeout=600)

    def submit(self, chunk: list[Item]) -> Future[ChunkResult]:
        return self.pool.submit(_run_chunk, chunk)


def _ping() -> bool:
    return True


def _lost(chunk: list[Item], why: str) -> list[Out]:
    return [Reject(i.provenance.source, i.provenance.offset, "worker", why) if isinstance(i, RawDocument) else i
            for i in chunk]


def _run_pool(items: Iterable[Item], settings: Settings, workers: int, chunk_size: int,
              timings: dict[str, float] | None, limit: float | None,
              counters: dict[str, int] | None = None) -> Iterator[Out]:
    """The pool loop, in input order. When the oldest chunk does not come back within
    ``hard_timeout`` (a worker stuck where the per-document alarm cannot reach) or its worker
    dies (the kernel's OOM killer), the pool is replaced and the chunks in flight are sent
    again; a chunk that fails twice becomes one reject per document, and the run goes on. A
    fresh pool that breaks before finishing anything (a worker that cannot even start) is an
    error of the setup, raised as is (``_Pool.replace``)."""
    from concurrent.futures.process import BrokenProcessPool

    max_in_flight = workers * 4
    runner = _Pool(settings, workers)
    pending: deque[tuple[Future[ChunkResult], list[Item], int]] = deque()

    def take() -> list[Out]:
        fut, chunk, tries = pending[0]
        try:
            done = fut.result(timeout=limit)
        except (FuturesTimeout, BrokenProcessPool) as exc:
            why = (f"worker stuck for over {limit:.0f}s (2 x chunk x doc_seconds + 60 s); replaced"
                   if isinstance(exc, FuturesTimeout) else "worker died (out of memory?); replaced")
            log.warning("%s; %d chunks sent again", why, len(pending))
            runner.replace()
            # Decide about the failed chunk before sending anything to the fresh pool: a chunk
            # given up on must never reach it (a cancel() comes too late once a worker has
            # taken it, and that worker would then hang the pool's final shutdown).
            pending.popleft()
            give_up = tries + 1 >= 2
            rest = [(c, t) for _, c, t in pending]
            pending.clear()
            if not give_up:
                pending.append((runner.submit(chunk), chunk, tries + 1))
            pending.extend((runner.submit(c), c, t) for c, t in rest)
            return _lost(chunk, why) if give_up else []
        pending.popleft()
        _add(timings, done.seconds)
        _add(counters, done.counters)
        return done.outs

    try:
        for chunk in _chunks(items, chunk_size):
            pending.append((runner.submit(chunk), chunk, 0))
            while len(pending) >= max_in_flight:
                yield from take()
        while pending:
            yield from take()
    finally:
        if pending:  # left early (an error, or the consumer stopped): a running chunk may never end
            runner.kill()
        runner.pool.shutdown(wait=not pending, cancel_futures=True)
