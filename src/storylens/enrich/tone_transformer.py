"""Target-dependent tone with a fine-tuned MiniLM, run through ONNX Runtime (no torch).

The model is all-MiniLM-L6-v2 (6 layers, 384 hidden) fine-tuned on NewsMTSC's
train.jsonl by ``scripts/train_tone_transformer.py`` as a 3-class classifier,
exported to ONNX and quantised to int8 (``onnxruntime.quantization``
dynamic). It ships in ``storylens/data/tone/transformer/`` (model.onnx,
tokenizer.json, meta.json); the optional extra ``storylens[transformer]``
brings the two run-time packages, ``onnxruntime`` and ``tokenizers``.

Input: the sentence's WordPieces with the target wrapped in two marker tokens
(``[unused0]`` before, ``[unused1]`` after; ids that BERT's vocabulary reserves
and never uses, so no tokenizer change), truncated to ``max_len`` pieces
around the target. Output: logits over (negative, neutral, positive) from the
[CLS] state and the opening marker's state (see the training script).

The same ``encode_targets`` is used to train and to predict, so the two see
identical inputs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from storylens.errors import StoryLensError
from storylens.loading import ModelCache

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "tone" / "transformer"
LABELS = ("negative", "neutral", "positive")
MARK_OPEN, MARK_CLOSE = "[unused0]", "[unused1]"
INSTALL_HINT = "pip install 'storylens[transformer]'"
# BERT's framing tokens; an encoder with others (MPNet: <s>, </s>, <pad>) names them in meta.json "special"
SPECIAL_BERT = {"cls": "[CLS]", "sep": "[SEP]", "pad": "[PAD]"}


def _require_tokenizers() -> Any:
    try:
        import tokenizers
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise StoryLensError(
            "the transformer tone model needs the 'tokenizers' package: "
            f"{INSTALL_HINT} (or set STORYLENS_TONE_MODEL=static)"
        ) from exc
    return tokenizers


def _require_onnxruntime() -> Any:
    try:
        import onnxruntime
    except ImportError as exc:
        raise StoryLensError(
            "the transformer tone model needs the 'onnxruntime' package: "
            f"{INSTALL_HINT} (or set STORYLENS_TONE_MODEL=static)"
        ) from exc
    return onnxruntime


def available() -> bool:
    """True when the run-time packages are importable and the model files are shipped."""
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return (DATA_DIR / "model.onnx").is_file() and (DATA_DIR / "tokenizer.json").is_file()


def load_tokenizer(path: str | Path) -> Any:
    """A ``tokenizers.Tokenizer`` with the packaged truncation/padding switched off."""
    tok = _require_tokenizers().Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


class TargetEncoder:
    """(sentence, start, end) -> WordPiece ids with the target between marker tokens."""

    def __init__(self, tokenizer: Any, max_len: int = 128, special: dict[str, str] | None = None) -> None:
        self.tok = tokenizer
        self.max_len = max_len
        vocab = tokenizer.get_vocab()
        names = {**SPECIAL_BERT, **(special or {})}
        self.cls, self.sep, self.pad = vocab[names["cls"]], vocab[names["sep"]], vocab[names["pad"]]
        self.open, self.close = vocab[MARK_OPEN], vocab[MARK_CLOSE]
        self._cache: dict[str, tuple[list[int], np.ndarray, np.ndarray]] = {}

    def _pieces(self, sentence: str) -> tuple[list[int], np.ndarray, np.ndarray]:
        got = self._cache.get(sentence)
        if got is None:
            enc = self.tok.encode(sentence, add_special_tokens=False)
            offs = enc.offsets
            got = (list(enc.ids), np.asarray([o[0] for o in offs], dtype=np.int64),
                   np.asarray([o[1] for o in offs], dtype=np.int64))
            if len(self._cache) > 20_000:
                self._cache.clear()
            self._cache[sentence] = got
        return got

    def encode_many(self, sentences: Sequence[str]) -> None:
        """Tokenise many sentences at once (batch call, fills the cache)."""
        todo = sorted({s for s in sentences if s not in self._cache})
        if not todo:
            return
        if len(self._cache) + len(todo) > 20_000:
            self._cache.clear()
        for s, enc in zip(todo, self.tok.encode_batch(todo, add_special_tokens=False), strict=True):
            offs = enc.offsets
            self._cache[s] = (list(enc.ids), np.asarray([o[0] for o in offs], dtype=np.int64),
                              np.asarray([o[1] for o in offs], dtype=np.int64))

    def __call__(self, sentence: str, start: int, end: int) -> tuple[list[int], int]:
        """Ids ([CLS] ... [SEP]) and the index of the opening marker."""
        ids, st, en = self._pieces(sentence)
        n = len(ids)
        inside = np.nonzero((en > start) & (st < end))[0]
        if len(inside):
            lo, hi = int(inside[0]), int(inside[-1]) + 1
        else:  # a span between pieces (whitespace): an empty target at that place
            lo = hi = int(np.searchsorted(st, start))
        budget = self.max_len - 4  # [CLS], [SEP] and the two markers
        if n > budget:  # keep a window around the target
            tlen = min(hi - lo, budget)
            hi = lo + tlen
            rest = budget - tlen
            left = min(lo, rest // 2)
            right = min(n - hi, rest - left)
            left = min(lo, rest - right)
            a, b = lo - left, hi + right
        else:
            a, b = 0, n
        seq = [self.cls, *ids[a:lo], self.open, *ids[lo:hi], self.close, *ids[hi:b], self.sep]
        return seq, 1 + (lo - a)


def pad_batch(seqs: Sequence[list[int]], pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Ids padded with ``pad_id`` (MPNet derives positions from it) and the attention mask."""
    width = max(len(s) for s in seqs)
    ids = np.full((len(seqs), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(seqs), width), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = s
        mask[i, :len(s)] = 1
    return ids, mask


def length_batches(lengths: Sequence[int], batch_size: int, spread: float = 1.2) -> list[list[int]]:
    """Indices into ``lengths`` in batches: sorted by length, at most ``batch_size`` each, and a
    new batch as soon as a sequence is longer than ``spread`` x the batch's first one (+2), so a
    batch is never mostly padding. One article's 20-60 sentences in batches of 32 were padded to
    1.7x their tokens (AllSides, MPNet tone); length-bounded batches pad about 1.1x, and each
    padded token costs as much as a real one."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    out: list[list[int]] = []
    for i in order:
        if out and len(out[-1]) < batch_size and lengths[i] <= spread * lengths[out[-1][0]] + 2:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class TransformerToneModel:
    """P(negative, neutral, positive) for a target in a sentence, from the ONNX MiniLM.

    Same seam as ``ToneModel``: ``predict_targets(items) -> (n, 3)`` and ``name``.
    Targets are sorted by length and run in batches of ``batch_size`` (little padding).
    ``threads``: ONNX Runtime intra-op threads (1 by default: the local engine
    parallelises over processes, one model per worker).

    A folder may hold several fine-tuned members (``meta.json`` ``members``: ONNX file
    names, same encoder and tokenizer; e.g. seeds of one recipe): their probabilities
    are averaged. Without ``members`` the folder's ``model.onnx`` is the model.
    """

    _cache: ClassVar[ModelCache[tuple[str, int], TransformerToneModel]] = ModelCache()

    def __init__(self, session: Any, tokenizer: Any, meta: dict[str, Any], batch_size: int = 32,
                 more: Sequence[Any] = ()) -> None:
        self.session = session
        self.sessions = [session, *more]
        self.meta = meta
        self.encoder = TargetEncoder(tokenizer, int(meta.get("max_len", 128)), meta.get("special"))
        self.batch_size = batch_size
        self.name = meta.get("name", "transformer")
        self.needs_parse = False
        self._inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, path: str | Path | None = None, threads: int = 1) -> TransformerToneModel:
        folder = Path(path) if path is not None else DATA_DIR
        key = (str(folder.resolve()), threads)
        return cls._cache.get(key, lambda: cls._read(folder, threads))

    @classmethod
    def _read(cls, folder: Path, threads: int) -> TransformerToneModel:
        ort = _require_onnxruntime()
        _require_tokenizers()
        tok_path = folder / "tokenizer.json"
        meta_path = folder / "meta.json"
        meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
        onnx_paths = [folder / name for name in meta.get("members") or ["model.onnx"]]
        missing = [p.name for p in [*onnx_paths, tok_path] if not p.is_file()]
        if missing:
            raise StoryLensError(
                f"transformer tone model incomplete in {str(folder)!r} (missing {', '.join(missing)}). "
                "Reinstall storylens or rebuild it with scripts/train_tone_transformer.py."
            )
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(threads))
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        sessions = [ort.InferenceSession(str(p), sess_options=opts, providers=["CPUExecutionProvider"])
                    for p in onnx_paths]
        return cls(sessions[0], load_tokenizer(tok_path), meta, more=sessions[1:])

    def logits(self, seqs: Sequence[list[int]], marks: Sequence[int], session: Any = None) -> np.ndarray:
        """Logits of one member (the first unless ``session`` is given)."""
        session = session or self.session
        ids, mask = pad_batch(seqs, self.encoder.pad)
        feed = {"input_ids": ids, "attention_mask": mask,
                "target_index": np.asarray(marks, dtype=np.int64)}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        return session.run(["logits"], {k: v for k, v in feed.items() if k in self._inputs})[0]

    def predict_targets(self, targets: Sequence[tuple[Any, ...]], parse: bool | None = None) -> np.ndarray:
        """Probabilities (n, 3) in LABELS order for (sentence, start, end[, ...]) tuples."""
        items = list(targets)
        if not items:
            return np.zeros((0, 3), np.float32)
        self.encoder.encode_many([t[0] for t in items])
        enc = [self.encoder(t[0], t[1], t[2]) for t in items]
        order = sorted(range(len(enc)), key=lambda i: len(enc[i][0]))
        out = np.zeros((len(items), 3), np.float32)
        for k in range(0, len(order), self.batch_size):
            idx = order[k:k + self.batch_size]
            seqs, marks = [enc[i][0] for i in idx], [enc[i][1] for i in idx]
            probs = [_softmax(self.logits(seqs, marks, s).astype(np.float32)) for s in self.sessions]
            out[idx] = np.mean(probs, axis=0)
        return out
