"""The local engine: the per-document pipeline over a process pool.

The parent reads inputs (I/O-bound, streaming) and hands documents to
workers in small chunks; each worker builds its ``Pipeline`` once (models
load there, not in the parent). At most ``workers * 4`` chunks are in flight,
so a 50 GB WARC never sits in memory. ``workers=1`` runs in-process, which is
what benchmarks and debuggers want.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from storylens.config import Settings
from storylens.pipeline import Pipeline
from storylens.sources.base import Skipped
from storylens.stages import check_stages
from storylens.types import ProcessResult, RawDocument, Reject

Item = RawDocument | Reject | Skipped
Out = ProcessResult | Skipped

_WORKER_PIPELINE: Pipeline | None = None


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _init_worker(settings_dict: dict[str, object]) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline(Settings(settings_dict))


def _run_chunk(chunk: list[Item]) -> list[Out]:
    assert _WORKER_PIPELINE is not None
    return [_WORKER_PIPELINE.process(i) if isinstance(i, RawDocument) else i for i in chunk]


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
) -> Iterator[Out]:
    """Process ``items``; yields results in input order."""
    workers = workers or default_workers()
    if workers <= 1:
        pipe = pipeline or Pipeline(settings)
        for item in items:
            yield pipe.process(item) if isinstance(item, RawDocument) else item
        return
    check_stages(settings)  # a bad setting: one line here, not a BrokenProcessPool per worker
    max_in_flight = workers * 4
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(settings.as_dict(),)
    ) as pool:
        pending: deque[Future[list[Out]]] = deque()
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.submit(_run_chunk, chunk))
            if len(pending) >= max_in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
