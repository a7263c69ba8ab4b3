"""Settings as a table: every knob has a name, a default and a line of help.

Packaged defaults come first; a user TOML/YAML file (``--config`` or
``STORYLENS_CONFIG``) overrides only what it sets; environment variables
``STORYLENS_<NAME>`` override both. ``storylens settings`` prints the table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from storylens.errors import SettingsError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "storylens.duckdb", "Path of the DuckDB store."),
    Setting("max_page_bytes", 20_000_000, "Pages larger than this are rejected (bytes)."),
    Setting("min_text_chars", 80, "Articles with less extracted text are rejected."),
    # Per-document budget (see storylens.pipeline): a 20 MB text must not stall a crawl.
    Setting("max_text_chars", 1_000_000, "Extracted text is cut to this many characters (the cut is kept as a too_long removal)."),
    Setting("max_enrich_chars", 100_000, "Text handed to the enrich stages is cut to this many characters (a too_long removal)."),
    Setting("doc_seconds", 60, "Time budget per document (seconds, 0 = none); past it the document is rejected and the run goes on."),
    Setting("batch_size", 200, "Articles written to the store per transaction."),
    Setting("clean", True, "Run the clean stage (spam, captions, UI residue)."),
    Setting("spam_lexicon", "", "Extra spam lexicon files (comma-separated; format of storylens/data/spam/lexicon.txt)."),
    Setting("enrich", True, "Run the enrich stages (actors, tone, quotes, narratives)."),
    # Calibrated on extraction-aeb (91 pages): fast mode scores F1 0.964 vs 0.960 with the
    # fallback extractors, and runs 1.4x faster; bare trafilatura.extract scores 0.951.
    Setting("extraction_fast", True, "trafilatura fast mode (skips its fallback extractors)."),
    Setting("csv_url", "url", "Column holding the URL in CSV/JSONL inputs."),
    Setting("csv_title", "title", "Column holding the title in CSV/JSONL inputs."),
    Setting("csv_text", "text,content,content_original,body", "Column(s) holding article text (first present wins)."),
    Setting("csv_html", "html,raw_html", "Column(s) holding raw HTML (used when no text column)."),
    Setting("csv_date", "date,published,published_at,publish_date", "Column(s) holding the publication date."),
    Setting("csv_outlet", "outlet,source,source_name,media", "Column(s) holding the outlet name."),
    Setting("csv_author", "author,authors", "Column(s) holding the author."),
    # narratives and stories (issue 7)
    Setting("narrative_builtin", "china,climate", "Built-in narrative packs to run (comma-separated; see storylens/data/narratives)."),
    Setting("narrative_packs", "", "Extra narrative pack YAML files (comma-separated paths), loaded like the built-in ones."),
    Setting("narrative_all_scores", False, "annotate: also write every in-scope narrative's score below its threshold (narrative_scores)."),
    Setting("stories", True, "Cluster new articles into stories at the end of ingest (storylens stories --update)."),
    Setting("story_threshold", "0.35", "Cosine similarity to a story's centroid needed to join it (stories)."),
    Setting("story_window_days", 3, "A story stays open for new articles this many days after its last article."),
    # tone (issue 4): which target-dependent tone model the tone stage uses
    Setting("tone_model", "static", "Tone model: static (numpy, default install), distilled (numpy, an MLP head distilled from the transformer: better on NewsMTSC, same cost), transformer (fine-tuned MiniLM, needs storylens[transformer]), mpnet (MPNet with a trained adapter, the most accurate and ~8x the transformer's cost; needs storylens[mpnet]) or auto (the best installed of mpnet, transformer, static; see docs/tone.md)."),
    Setting("syndication", True, "Run the syndication corpus stage (copies, reused passages) at the end of ingest."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(name: str, value: Any) -> Any:
    default = _BY_NAME[name].default
    if isinstance(default, bool):
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        return bool(value)
    if isinstance(default, int):
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"setting {name!r} must be a whole number, got {value!r}") from exc
    return str(value)


class Settings:
    """Resolved settings. Read as attributes: ``settings.batch_size``."""

    def __init__(self, overrides: dict[str, Any] | None = None) -> None:
        values = {s.name: s.default for s in SETTINGS}
        for name, value in (overrides or {}).items():
            if name not in _BY_NAME:
                known = ", ".join(sorted(_BY_NAME))
                raise SettingsError(f"unknown setting {name!r}. Known settings: {known}")
            values[name] = _coerce(name, value)
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def columns(self, name: str) -> list[str]:
        """A comma-separated column setting as a list."""
        return [c.strip() for c in str(self._values[name]).split(",") if c.strip()]

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
        merged: dict[str, Any] = {}
        path = path or os.environ.get("STORYLENS_CONFIG")
        if path:
            p = Path(path)
            if not p.exists():
                raise SettingsError(f"config file not found: {str(p)!r}")
            data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
            if not isinstance(data, dict):
                raise SettingsError(f"config file {str(p)!r} must hold a mapping of setting: value")
            merged.update(data)
        for s in SETTINGS:
            env = os.environ.get(f"STORYLENS_{s.name.upper()}")
            if env is not None:
                merged[s.name] = env
        merged.update({k: v for k, v in overrides.items() if v is not None})
        return cls(merged)
