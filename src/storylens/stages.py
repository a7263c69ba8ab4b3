"""Per-document stages after extraction, and the registry that assembles them.

A stage is a callable ``Article -> Article`` that declares what it reads and
writes (as spaCy components do), so ``Pipeline`` can check the order when it
is assembled rather than failing halfway through a corpus. Stages are built
once per worker (models load in ``__init__``, never at import) and must be
pure functions of the article: that is what lets one code path run in a
process pool and in Spark executors.

Built-in stages register here by import path; a stage's module is imported
only when the pipeline is built, so a missing optional dependency fails with
a clear message at construction, not at import of storylens.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from storylens.config import Settings
from storylens.errors import SettingsError
from storylens.types import Article


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, article: Article) -> Article: ...


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    factory: str  # "module:callable" taking Settings, returning a Stage
    group: str  # settings flag that switches it: "clean" | "enrich"


# Order matters: each stage may read what the ones before it assign.
STAGES: list[StageSpec] = [
    StageSpec("clean", "storylens.clean.stage:CleanStage", "clean"),
    StageSpec("nlp", "storylens.enrich.nlp:NlpStage", "enrich"),
    StageSpec("actors", "storylens.enrich.actors:ActorStage", "enrich"),
    StageSpec("tone", "storylens.enrich.tone:ToneStage", "enrich"),
    StageSpec("quotes", "storylens.enrich.quotes:QuoteStage", "enrich"),
    StageSpec("narratives", "storylens.corpus.narratives:NarrativeStage", "enrich"),
]

# What extraction itself provides to later stages.
EXTRACTED_FIELDS = ("text", "raw_text", "html", "title", "url", "outlet", "language", "published")


def build_stages(settings: Settings, only: list[str] | None = None) -> list[Stage]:
    stages: list[Stage] = []
    available = set(EXTRACTED_FIELDS)
    for spec in STAGES:
        if only is not None and spec.name not in only:
            continue
        if only is None and not getattr(settings, spec.group):
            continue
        module_name, _, attr = spec.factory.partition(":")
        module = importlib.import_module(module_name)
        stage: Stage = getattr(module, attr)(settings)
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise SettingsError(
                f"stage {stage.name!r} needs {missing}, which no earlier stage assigns. "
                f"Check the order in storylens.stages.STAGES."
            )
        available.update(stage.assigns)
        stages.append(stage)
    return stages
