"""Ingest: read -> per-document pipeline -> store, in atomic batches, with a summary.

The same function serves the CLI and the Python API::

    from storylens.ingest import ingest
    summary = ingest(["crawl.warc.gz"], Store("news.duckdb"), Settings())
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storylens.config import Settings
from storylens.engines.local import run_local
from storylens.sources import Skipped, iter_documents
from storylens.types import Article, Reject

if TYPE_CHECKING:
    from storylens.store import Store


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
    syndication: dict[str, object] | None = None  # the syndication corpus stage's summary, when it ran
    corpus: dict[str, dict[str, object]] = field(default_factory=dict)  # corpus stage -> its summary
    dates_unparsed: int = 0  # stored articles whose input date no parser read (kept, date NULL)
    date_examples: Counter[str] = field(default_factory=Counter)
    headlines: int = 0  # short items kept as headlines (setting `headlines`)
    language_how: Counter[str] = field(default_factory=Counter)  # how each language was decided
    # Wall seconds per pipeline stage, summed over workers ("extract", "clean", "nlp" ...),
    # plus "store" for the batch writes: where the time of a run went.
    stage_seconds: dict[str, float] = field(default_factory=dict)
    models: dict[str, str] | None = None  # which model each enrich stage ran (run_models; runs.models)
    # What the stages counted, summed over workers (Pipeline.counters; runs.counters): with the
    # tone cascade, "tone_sentences" read by the student and "tone_reread" of them by MPNet.
    counters: dict[str, int] = field(default_factory=dict)

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
            "dates_unparsed": self.dates_unparsed,
            "top_unparsed_dates": self.date_examples.most_common(3),
            "headlines": self.headlines,
            "language_decided_by": dict(self.language_how),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "models": self.models,
            "counters": dict(self.counters),
        }

    def reread_note(self) -> str:
        return reread_note(self.counters)


def models_note(models: dict[str, str], counters: dict[str, int] | None, setting: str | None = None) -> str:
    """``tone cascade@0.60 (setting tone_model=auto; mpnet re-read ...), narratives encoder minilm``:
    what a run's enrich stages ran, for the ingest summary and ``storylens stats``."""
    extra = [f"setting tone_model={setting}"] if setting is not None else []
    if reread := reread_note(counters):
        extra.append(reread)
    paren = f" ({'; '.join(extra)})" if extra else ""
    return f"tone {models.get('tone', '?')}{paren}, narratives encoder {models.get('narrative_encoder', '?')}"


def reread_note(counters: dict[str, int] | None) -> str:
    """``mpnet re-read 412 of 1,020 sentences, 40%`` when the tone cascade read any sentence,
    else ''. The share re-read is what the tone stage's cost and accuracy depend on (the ingest
    summary and ``storylens stats`` both print it)."""
    read = (counters or {}).get("tone_sentences", 0)
    if not read:
        return ""
    again = (counters or {}).get("tone_reread", 0)
    return f"mpnet re-read {again:,} of {read:,} sentences, {again / read:.0%}"


_DIGITS = re.compile(r"\d+")
_PAREN = re.compile(r"\s*\(.*\)$")


def reason_key(r: Reject) -> str:
    """Group similar reasons: numbers and trailing parentheticals folded away."""
    return f"{r.stage}: {_DIGITS.sub('N', _PAREN.sub('', r.reason))}"


Progress = Callable[[IngestSummary], None]


def run_models(settings: Settings) -> dict[str, str] | None:
    """Which model each enrich stage runs under ``settings`` (the run record's ``models``), or None
    without enrichment. Resolved without loading anything."""
    if not settings.enrich:
        return None
    from storylens.enrich.tone import model_label

    return {"tone": model_label(settings), "narrative_encoder": str(settings.narrative_encoder)}


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    workers: int | None = None,
    on_progress: Progress | None = None,
    command: str = "ingest",
) -> IngestSummary:
    summary = IngestSummary()
    summary.models = run_models(settings)
    summary.run_id = store.start_run(command, list(paths), models=summary.models)
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
                                       timings=summary.stage_seconds, counters=summary.counters)):
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
            if out.date_unparsed:
                summary.dates_unparsed += 1
                summary.date_examples[out.date_unparsed] += 1
            summary.headlines += out.is_headline
            summary.language_how[out.language_how or "none"] += 1
            articles.append(out)
        if len(articles) + len(rejects) >= settings.batch_size:
            flush()
    flush()
    if on_progress:
        on_progress(summary)
    store.finish_run(summary.run_id, summary.as_dict())  # type: ignore[arg-type]
    # Corpus stages (outlet registry, stories, syndication) through the one runner. Each
    # compares its tables with `articles`, so it also catches up when this run stored
    # nothing new (a crash after the last batch commit, an interrupted earlier run).
    from storylens.corpus.stage import run_corpus_stages

    summary.corpus = run_corpus_stages(store, settings)
    summary.syndication = summary.corpus.get("syndication")
    return summary
