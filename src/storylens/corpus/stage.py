"""Corpus stages: the contract, the registry and the one runner.

A per-document stage (``storylens.stages``) sees one article; a corpus stage
sees the store. Each declares what it reads, what it writes and which
settings it takes, and knows how far behind ``articles`` it is: its
``behind`` function compares its own tables with ``articles`` (the
watermark is the table itself, so a crash between the batch commit and the
corpus stages, or an ingest that stored nothing new, is caught up by the
next ``ingest``, by ``load``, or by ``storylens corpus``). Stages without a
``behind`` are cheap and idempotent and run every time.

``run_corpus_stages`` is the one runner: ``ingest``, ``load`` and
``storylens corpus`` call it. A failing stage is logged and reported, never
loses the stored articles (they were committed before), and is retried on
the next run because it is still behind.
"""

from __future__ import annotations

import importlib
import logging
import time
from dataclasses import dataclass
from typing import Any

from storylens.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CorpusStage:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    settings: tuple[str, ...]  # settings it takes; every one in ``switches`` must be true to run
    switches: tuple[str, ...]
    runner: str  # "module:function(store, settings) -> dict" (the stage's summary)
    lag: str = ""  # "module:function(store) -> int": articles not yet seen; "" = always run

    def enabled(self, settings: Settings) -> bool:
        return all(getattr(settings, s) for s in self.switches)

    def behind(self, store: Any) -> int | None:
        return int(_resolve(self.lag)(store)) if self.lag else None

    def run(self, store: Any, settings: Settings) -> dict[str, Any]:
        return dict(_resolve(self.runner)(store, settings))


def _resolve(ref: str) -> Any:
    module_name, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module_name), attr)


# Order matters only for what a stage reads: none of these reads another's tables.
CORPUS_STAGES: list[CorpusStage] = [
    CorpusStage("outlet_registry", reads=(), writes=("outlet_registry",), settings=(),
                switches=(), runner="storylens.corpus.stage:_run_outlet_registry"),
    CorpusStage("stories", reads=("articles",), writes=("stories", "story_articles"),
                settings=("stories", "story_threshold", "story_window_days"),
                switches=("stories",), runner="storylens.corpus.stories:run_stage",
                lag="storylens.corpus.stories:articles_behind"),
    CorpusStage("syndication", reads=("articles",),
                writes=("copy_index", "lsh_bands", "passage_fps", "copy_pairs", "copies", "copy_clusters",
                        "syndication_meta"),
                settings=("syndication", "syndication_lsh_threshold", "syndication_near",
                          "syndication_passage_words"),
                switches=("syndication",), runner="storylens.corpus.syndication:run_stage",
                lag="storylens.corpus.syndication:articles_behind"),
]


def corpus_stage(name: str) -> CorpusStage:
    for s in CORPUS_STAGES:
        if s.name == name:
            return s
    raise KeyError(f"no corpus stage {name!r}; known: {', '.join(s.name for s in CORPUS_STAGES)}")


def stages_behind(store: Any, settings: Settings | None = None) -> dict[str, int]:
    """Enabled corpus stages with articles they have not seen: name -> count."""
    settings = settings or Settings()
    out = {}
    for s in CORPUS_STAGES:
        if s.enabled(settings):
            n = s.behind(store)
            if n:
                out[s.name] = n
    return out


def run_corpus_stages(store: Any, settings: Settings, only: list[str] | None = None,
                      *, strict: bool = False) -> dict[str, dict[str, Any]]:
    """Run every enabled corpus stage that is behind (or has no watermark).

    Returns name -> the stage's summary (``{"error": ...}`` for a stage that
    failed; with ``strict`` the failure is raised instead)."""
    results: dict[str, dict[str, Any]] = {}
    for s in CORPUS_STAGES:
        if (only is not None and s.name not in only) or (only is None and not s.enabled(settings)):
            continue
        t0 = time.monotonic()
        try:
            if s.behind(store) == 0:
                continue
            results[s.name] = s.run(store, settings)
        except Exception as exc:
            if strict:
                raise
            log.warning("corpus stage %s failed (it stays behind; `storylens corpus` retries it)", s.name,
                        exc_info=True)
            results[s.name] = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
        results[s.name].setdefault("seconds", round(time.monotonic() - t0, 2))
    return results


def _run_outlet_registry(store: Any, settings: Settings) -> dict[str, Any]:
    from storylens.store.actors import refresh_outlet_registry

    return {"outlets": refresh_outlet_registry(store.con)}
