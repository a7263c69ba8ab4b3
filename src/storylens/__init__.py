"""StoryLens: an open narrative observatory for the news.

    from storylens import Pipeline, Settings, iter_documents
    pipe = Pipeline(Settings())
    for raw in iter_documents(["pages/"], pipe.settings):
        ...

The public names are imported on first use (module ``__getattr__``), so that importing a
submodule (``storylens.cli``, ``storylens.config``) does not import the pipeline and trafilatura.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storylens.config import Settings
    from storylens.pipeline import Pipeline
    from storylens.sources import iter_documents
    from storylens.types import Article, RawDocument, Reject

__version__ = "0.1.0"
__all__ = ["Article", "Pipeline", "RawDocument", "Reject", "Settings", "__version__", "iter_documents"]

_LAZY = {
    "Article": "storylens.types",
    "Pipeline": "storylens.pipeline",
    "RawDocument": "storylens.types",
    "Reject": "storylens.types",
    "Settings": "storylens.config",
    "iter_documents": "storylens.sources",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'storylens' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


logging.getLogger("storylens").addHandler(logging.NullHandler())
