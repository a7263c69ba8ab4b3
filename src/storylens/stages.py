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
from typing import Any, Protocol, runtime_checkable

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
    # "module:function" taking Settings: checks in the parent, cheaply, what the stage
    # would load in each worker (files, packs, optional models), so a bad setting is one
    # line before the pool starts instead of a BrokenProcessPool from every initializer
    check: str = ""


# Order matters: each stage may read what the ones before it assign.
STAGES: list[StageSpec] = [
    StageSpec("clean", "storylens.clean.stage:CleanStage", "clean", "storylens.stages:_check_clean"),
    StageSpec("nlp", "storylens.enrich.nlp:NlpStage", "enrich"),
    StageSpec("actors", "storylens.enrich.actors:ActorStage", "enrich", "storylens.stages:_check_actors"),
    StageSpec("tone", "storylens.enrich.tone:ToneStage", "enrich", "storylens.stages:_check_tone"),
    StageSpec("quotes", "storylens.enrich.quotes:QuoteStage", "enrich"),
    StageSpec("narratives", "storylens.corpus.narratives:NarrativeStage", "enrich",
              "storylens.stages:_check_narratives"),
]

# What extraction itself provides to later stages.
EXTRACTED_FIELDS = ("text", "raw_text", "html", "title", "url", "outlet", "language", "published")


def _enabled(settings: Settings, only: list[str] | None) -> list[StageSpec]:
    if only is not None:
        return [s for s in STAGES if s.name in only]
    return [s for s in STAGES if getattr(settings, s.group)]


def _resolve(ref: str) -> Any:
    module_name, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def check_stages(settings: Settings, only: list[str] | None = None) -> None:
    """Check the files, packs and models the enabled stages will load, in this
    (parent) process: the engines call it once before starting workers, so every
    worker mode reports a bad setting with the same one line. Cheap: no spaCy."""
    for spec in _enabled(settings, only):
        if spec.check:
            _resolve(spec.check)(settings)


def _check_clean(settings: Settings) -> None:
    from storylens.clean.lexicon import load_lexicon

    load_lexicon(tuple(settings.columns("spam_lexicon")))


def _check_actors(settings: Settings) -> None:
    from pathlib import Path

    for p in settings.columns("actor_files"):
        if not Path(p).expanduser().is_file():
            raise SettingsError(f"actor_files: {p!r} is not accepted; expected existing actor registry files")


def _check_tone(settings: Settings) -> None:
    from storylens.enrich import tone_base, tone_transformer
    from storylens.enrich.tone import load_tone_model

    choice = settings.tone_model
    missing = (choice in ("mpnet", "cascade") and not tone_base.available()) or (
        choice == "mpnet6" and not tone_base.available(tone_base.SMALL_DIR)) or (
        choice == "mpnet8" and not tone_base.available(tone_base.MPNET8_DIR)) or (
        choice in ("transformer", "student") and not tone_transformer.available())
    if missing:
        load_tone_model(choice)  # raises the loader's own one-line error (which install is missing)


def _check_narratives(settings: Settings) -> None:
    from storylens.corpus.narratives import load_packs

    load_packs(settings.narrative_builtin, settings.narrative_packs)


def build_stages(settings: Settings, only: list[str] | None = None) -> list[Stage]:
    check_stages(settings, only)  # fail on a bad file before any model loads
    stages: list[Stage] = []
    available = set(EXTRACTED_FIELDS)
    for spec in _enabled(settings, only):
        stage: Stage = _resolve(spec.factory)(settings)
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise SettingsError(
                f"stage {stage.name!r} needs {missing}, which no earlier stage assigns. "
                f"Check the order in storylens.stages.STAGES."
            )
        available.update(stage.assigns)
        stages.append(stage)
    return stages
