"""Ingest: read -> per-document pipeline -> store, in atomic batches, with a summary.

The same function serves the CLI and the Python API::

    from storylens.ingest import ingest
    summary = ingest(["crawl.warc.gz"], Store("news.duckdb"), Settings())
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storylens.config import Settings
from storylens.engines.local import run_local
from storylens.sources import Skipped, iter_documents
from storylens.store import Store
from storylens.types import Article, Reject


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    reject_reasons: Counter[str] = field(default_factory=Counter)
    skip_reasons: Counter[str] = field(default_factory=Counter)
    run_id: int | None = None
    files_seen: int = 0  # distinct input files reached so far (drives the progress ETA)
    syndication: dict[str, object] | None = None  # set by the syndication hook at the end of ingest
    # Wall seconds per pipeline stage, summed over workers ("extract", "clean", "nlp" ...),
    # plus "store" for the batch writes: where the time of a run went.
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "top_reject_reasons": self.reject_reasons.most_common(5),
            "top_skip_reasons": self.skip_reasons.most_common(5),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
        }


_DIGITS = re.compile(r"\d+")
_PAREN = re.compile(r"\s*\(.*\)$")


def reason_key(r: Reject) -> str:
    """Group similar reasons: numbers and trailing parentheticals folded away."""
    return f"{r.stage}: {_DIGITS.sub('N', _PAREN.sub('', r.reason))}"


Progress = Callable[[IngestSummary], None]


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    workers: int | None = None,
    on_progress: Progress | None = None,
    command: str = "ingest",
) -> IngestSummary:
    summary = IngestSummary()
    summary.run_id = store.start_run(command, list(paths))
    articles: list[Article] = []
    rejects: list[Reject] = []

    def flush() -> None:
        t = time.perf_counter()
        stored, dup = store.write_batch(articles, rejects, run_id=summary.run_id)
        summary.stage_seconds["store"] = summary.stage_seconds.get("store", 0.0) + time.perf_counter() - t
        summary.stored += stored
        summary.duplicates += dup
        articles.clear()
        rejects.clear()

    last_source = None
    for n, out in enumerate(run_local(iter_documents(paths, settings), settings, workers=workers,
                                       timings=summary.stage_seconds)):
        if out.source != last_source:
            last_source = out.source
            summary.files_seen += 1
        if on_progress and n % 16 == 0:
            on_progress(summary)
        if isinstance(out, Skipped):
            summary.skipped += 1
            summary.skip_reasons[out.reason] += 1
            continue
        summary.read += 1
        if isinstance(out, Reject):
            summary.rejected += 1
            summary.reject_reasons[reason_key(out)] += 1
            rejects.append(out)
        else:
            articles.append(out)
        if len(articles) + len(rejects) >= settings.batch_size:
            flush()
    flush()
    if on_progress:
        on_progress(summary)
    # --- corpus stage: stories (issue 7) -------------------------------------------
    # Assign the newly stored articles to stories (incremental; `storylens stories --update`
    # does the same). Off with --no-enrich or the setting `stories`. A failure here is
    # logged and never loses the ingested articles.
    if summary.stored and settings.enrich and getattr(settings, "stories", False):
        try:
            from storylens.corpus.stories import update_stories

            update_stories(store, settings)
        except Exception:  # never lose the ingested articles over a corpus stage
            logging.getLogger(__name__).warning(
                "story clustering failed; run `storylens stories --update`", exc_info=True)
    # ---------------------------------------------------------------------------------
    store.finish_run(summary.run_id, summary.as_dict())  # type: ignore[arg-type]
    # -- actors (issue 4): keep the outlet_registry table in step with the registry files
    from storylens.store.actors import refresh_outlet_registry

    refresh_outlet_registry(store.con)
    # -- end actors

    # -- corpus stage: syndication (issue 6) --------------------------------------
    # Links the new articles to everything already indexed (incremental).
    if settings.syndication and summary.stored:
        from storylens.corpus.syndication import run_syndication

        summary.syndication = run_syndication(store).as_dict()
    # -- end syndication
    return summary
