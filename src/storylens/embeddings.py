"""Static sentence embeddings with numpy alone (no torch, no tokenizers).

The model in ``storylens/data/embeddings/`` was distilled once, offline, from
sentence-transformers' all-MiniLM-L6-v2 with model2vec (see
``scripts/distill_embeddings.py``): one 256-dim float16 vector per WordPiece
token. A sentence's embedding is the mean of its tokens' vectors, L2-normalised
-- the same computation as model2vec's ``StaticModel.encode``.

Why not load it with ``model2vec.StaticModel``: that works offline from a local
folder, but it pulls in the Rust ``tokenizers`` package, safetensors and
model2vec's own dependencies for what is a table look-up and a mean. The
BERT tokenizer (lowercase, strip accents, split on whitespace and punctuation,
greedy longest-match WordPiece) is ~60 lines here, cached per word, and it
matches the ``tokenizers`` output on English text (tests/test_embeddings.py
checks against model2vec when it is installed).

    >>> from storylens.embeddings import StaticEmbedder
    >>> emb = StaticEmbedder.load()
    >>> X = emb.embed(["China condemned the move.", "Beijing criticised it."])
    >>> X.shape, float(X[0] @ X[1]) > 0.5
    ((2, 256), True)

``StaticEmbedder.load()`` is cached per process (one copy per worker, ~14 MB).
"""

from __future__ import annotations

import functools
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from storylens.errors import StoryLensError
from storylens.loading import ModelCache

DATA_DIR = Path(__file__).resolve().parent / "data" / "embeddings"

__all__ = ["DATA_DIR", "EmbeddingsMissing", "StaticEmbedder", "wordpiece_tokenize"]


class EmbeddingsMissing(StoryLensError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"static embedding model not found in {str(path)!r} (embeddings.npy, vocab.txt). "
            "Reinstall storylens, or rebuild it with scripts/distill_embeddings.py."
        )


# --- BERT basic tokenizer ---------------------------------------------------

def _is_punct(cp: int) -> bool:
    # BERT treats every non-letter/number ASCII as punctuation, plus Unicode P*.
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(chr(cp)).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _char_class(ranges: Iterable[int]) -> str:
    return "".join(re.escape(chr(cp)) for cp in ranges)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(token splitter, control-character remover); built on first use (~0.2 s)."""
    # Punctuation and CJK ideographs in the BMP become single-character tokens.
    split = _char_class(
        cp for cp in range(0x10000)
        if not 0xD800 <= cp <= 0xDFFF and (_is_punct(cp) or _is_cjk(cp))
    )
    token_re = re.compile(rf"[{split}]|[^\s{split}]+")
    # clean_text: drop NUL, U+FFFD and control/format characters (not whitespace)
    control = _char_class(
        cp for cp in range(0x10000)
        if not 0xD800 <= cp <= 0xDFFF
        and chr(cp) not in "\t\n\r"
        and unicodedata.category(chr(cp)) in ("Cc", "Cf")
    )
    return token_re, re.compile("[\x00\ufffd" + control + "]")


def _normalise(text: str) -> str:
    text = _patterns()[1].sub("", text).lower()
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
        )
    return text


def wordpiece_tokenize(word: str, vocab: dict[str, int], unk: int, max_chars: int = 100) -> list[int]:
    """Greedy longest-match-first WordPiece; a word that cannot be covered is one [UNK]."""
    if len(word) > max_chars:
        return [unk]
    ids: list[int] = []
    start, n = 0, len(word)
    while start < n:
        end = n
        found = -1
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            found = vocab.get(piece, -1)
            if found >= 0:
                break
            end -= 1
        if found < 0:
            return [unk]
        ids.append(found)
        start = end
    return ids


class StaticEmbedder:
    """Mean-of-token static embeddings; ``embed`` returns L2-normalised float32 rows."""

    _cache: ClassVar[ModelCache[str, StaticEmbedder]] = ModelCache()

    def __init__(self, matrix: np.ndarray, vocab: Sequence[str], max_length: int | None = 512) -> None:
        self.matrix = np.asarray(matrix, dtype=np.float32)
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.unk = self.vocab.get("[UNK]", -1)
        self.max_length = max_length
        self._word_ids: dict[str, tuple[int, ...]] = {}

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    @classmethod
    def load(cls, path: str | Path | None = None) -> StaticEmbedder:
        """Load the shipped model (or one in ``path``), once per process."""
        folder = Path(path) if path is not None else DATA_DIR
        key = str(folder.resolve())
        return cls._cache.get(key, lambda: cls._read(folder))

    @classmethod
    def _read(cls, folder: Path) -> StaticEmbedder:
        npy, voc = folder / "embeddings.npy", folder / "vocab.txt"
        if not npy.exists() or not voc.exists():
            raise EmbeddingsMissing(folder)
        meta_path = folder / "meta.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        vocab = voc.read_text(encoding="utf-8").split("\n")
        if vocab and vocab[-1] == "":
            vocab.pop()
        matrix = np.load(npy)
        if matrix.shape[0] != len(vocab):
            raise StoryLensError(
                f"{str(npy)!r} has {matrix.shape[0]} rows but vocab.txt {len(vocab)} tokens. "
                "Rebuild both with scripts/distill_embeddings.py."
            )
        emb = cls(matrix, vocab, max_length=meta.get("max_length", 512))
        return emb

    # -- tokens ---------------------------------------------------------------
    def _ids_for_word(self, word: str) -> tuple[int, ...]:
        ids = self._word_ids.get(word)
        if ids is None:
            ids = tuple(i for i in wordpiece_tokenize(word, self.vocab, self.unk) if i != self.unk)
            if len(self._word_ids) < 500_000:
                self._word_ids[sys.intern(word)] = ids
        return ids

    def token_ids(self, text: str) -> list[int]:
        """WordPiece ids of ``text`` with unknown tokens dropped, truncated to max_length."""
        out: list[int] = []
        for word in _patterns()[0].findall(_normalise(text)):
            out.extend(self._ids_for_word(word))
        if self.max_length is not None and len(out) > self.max_length:
            # model2vec truncates before dropping [UNK]; the difference only shows past 512 tokens.
            del out[self.max_length :]
        return out

    def pieces(self, text: str) -> tuple[list[int], list[int], list[int]]:
        """Token ids with the character span (start, end) in ``text`` of the word each came from.

        Not truncated. Spans point into ``text`` as given (before lowercasing).
        """
        token_re = _patterns()[0]
        ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        for m in token_re.finditer(text):
            word = m.group()
            norm = _normalise(word)
            for sub in token_re.findall(norm) if norm != word.lower() else (norm,):
                for i in self._ids_for_word(sub):
                    ids.append(i)
                    starts.append(m.start())
                    ends.append(m.end())
        return ids, starts, ends

    def tokens(self, text: str) -> list[str]:
        inv = getattr(self, "_inv", None)
        if inv is None:
            inv = self._inv = {i: t for t, i in self.vocab.items()}
        return [inv[i] for i in self.token_ids(text)]

    # -- vectors --------------------------------------------------------------
    def embed(self, texts: Sequence[str], normalize: bool = True) -> np.ndarray:
        """One row per text (mean of token vectors); zeros for a text with no known token."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self.token_ids(text)
            if ids:
                out[row] = self.matrix[ids].mean(axis=0)
        if normalize:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            np.divide(out, norms, out=out, where=norms > 0)
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def __repr__(self) -> str:
        return f"StaticEmbedder(tokens={len(self.vocab)}, dim={self.dim})"
