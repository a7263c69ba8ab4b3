"""The shipped target-dependent tone classifier (numpy only at run time).

A target is a character span in a sentence. Its features, all from the
static embeddings of ``storylens.embeddings`` (256-d, L2-normalised means of
WordPiece vectors) and VADER:

- ``base``: the target itself, the whole sentence, the left and right
  context, and three distance-weighted means of the context (weights
  ``exp(-d/tau)``, d = WordPiece distance to the target, tau = 2, 5, 12), so
  words near the target count more; VADER compound/pos/neg of the sentence,
  a +-6-word window and the left and right context; relative position.
- ``dep`` (when a spaCy parse of the sentence is given): the target's
  governing verb/adjective, its own subtree (modifiers: "the corrupt
  regime"), the predicate around it (the governor's subtree without the
  target's), its syntactic head, its dependency label and negation, VADER of
  the subtree and predicate. Without a parse the block is zeros.
- ``slots``: the three words either side of the target, one vector each
  (static means have no word order; slots give the nearest words theirs).

A head over the features gives P(negative, neutral, positive): a
multinomial logistic regression (``head: linear``), or one hidden layer
(``head: mlp``: GELU, tanh form) distilled from the fine-tuned transformer
on unlabelled news sentences beside NewsMTSC's gold (``scripts/train_tone.py
--distill``; docs/tone.md). Weights (float32) and the feature config live in
``storylens/data/tone/``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from storylens.embeddings import StaticEmbedder
from storylens.errors import StoryLensError
from storylens.loading import ModelCache

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "tone"
DISTILLED_DIR = DATA_DIR / "distilled"  # the MLP head distilled from the transformer (tone_model=distilled)
LABELS = ("negative", "neutral", "positive")
TAUS = (2.0, 5.0, 12.0)
DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "conj", "appos", "attr",
        "dative", "agent", "ROOT")


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


class Featurizer:
    """Target features; ``blocks`` picks which (see the module docstring)."""

    def __init__(self, emb: StaticEmbedder, blocks: Sequence[str] = ("base", "dep", "slots")) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.emb = emb
        self.M = emb.matrix
        self.D = emb.dim
        self.blocks = tuple(blocks)
        self.vader = SentimentIntensityAnalyzer()
        self._pieces: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._vader_cache: dict[str, list[float]] = {}

    # -- helpers --------------------------------------------------------------
    def _vs(self, text: str) -> list[float]:
        got = self._vader_cache.get(text)
        if got is None:
            p = self.vader.polarity_scores(text) if text.strip() else {"compound": 0.0, "pos": 0.0, "neg": 0.0}
            got = [p["compound"], p["pos"], p["neg"]]
            if len(self._vader_cache) < 100_000:
                self._vader_cache[text] = got
        return got

    def _tvec(self, text: str) -> np.ndarray:
        ids = self.emb.token_ids(text) if text else []
        return _unit(self.M[ids].mean(0)) if ids else np.zeros(self.D, np.float32)

    def _sentence_pieces(self, s: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        got = self._pieces.get(s)
        if got is None:
            ids, st, en = self.emb.pieces(s)
            got = (np.asarray(ids, dtype=np.int64), np.asarray(st), np.asarray(en))
            if len(self._pieces) > 10_000:
                self._pieces.clear()
            self._pieces[s] = got
        return got

    @property
    def size(self) -> int:
        n = 0
        if "base" in self.blocks:
            n += 7 * self.D + 12 + 2
        if "dep" in self.blocks:
            n += 4 * self.D + len(DEPS) + 1 + 1 + 6
        if "slots" in self.blocks:
            n += 6 * self.D
        return n

    # -- blocks ---------------------------------------------------------------
    def _base(self, s: str, a: int, b: int) -> list[np.ndarray]:
        ids, st, en = self._sentence_pieces(s)
        zero = np.zeros(self.D, np.float32)
        if len(ids) == 0:
            return [zero] * 7 + [np.zeros(14, np.float32)]
        V = self.M[ids]
        in_t = (en > a) & (st < b)
        pos = np.arange(len(ids))
        if in_t.any():
            lo, hi = pos[in_t].min(), pos[in_t].max()
        else:
            lo = hi = int(np.searchsorted(st, a))
        d = np.where(pos < lo, lo - pos, np.where(pos > hi, pos - hi, 0)).astype(np.float32)
        left, right = pos < lo, pos > hi
        parts = [
            _unit(V[in_t].mean(0)) if in_t.any() else zero,
            _unit(V.mean(0)),
            _unit(V[left].mean(0)) if left.any() else zero,
            _unit(V[right].mean(0)) if right.any() else zero,
        ]
        ctx = (~in_t).astype(np.float32)
        for tau in TAUS:
            w = np.exp(-d / tau) * ctx
            parts.append(_unit(w @ V))
        words_l, words_r = s[:a].split(), s[b:].split()
        window = " ".join(words_l[-6:] + words_r[:6])
        vs: list[float] = []
        for txt in (s, window, s[:a], s[b:]):
            vs += self._vs(txt)
        parts.append(np.asarray([*vs, a / max(len(s), 1), len(s) / 200.0], np.float32))
        return parts

    def _dep(self, doc: Any, a: int, b: int) -> list[np.ndarray]:
        size = 4 * self.D + len(DEPS) + 1 + 1 + 6
        span = doc.char_span(a, b, alignment_mode="expand") if doc is not None else None
        if span is None or len(span) == 0:
            return [np.zeros(size, np.float32)]
        root = span.root
        onehot = [float(root.dep_ == x) for x in DEPS] + [float(root.dep_ not in DEPS)]
        gov = root.head  # spaCy makes a new Token per access: compare indices, never identity
        while gov.pos_ not in ("VERB", "AUX", "ADJ") and gov.head.i != gov.i:
            gov = gov.head
        is_self = gov.i == root.i
        gov_text = "" if is_self else gov.text
        own = " ".join(t.text for t in root.subtree if not span.start <= t.i < span.end)
        sub = {t.i for t in root.subtree}
        pred = "" if is_self else " ".join(t.text for t in gov.subtree if t.i not in sub)
        neg = float(any(c.dep_ == "neg" for c in gov.children))
        vecs = [self._tvec(gov_text), self._tvec(own), self._tvec(pred), self._tvec(root.head.text)]
        return [*vecs, np.asarray([*onehot, neg, *self._vs(own), *self._vs(pred)], np.float32)]

    def _slots(self, s: str, a: int, b: int) -> list[np.ndarray]:
        left, right = s[:a].split()[-3:], s[b:].split()[:3]
        left = [""] * (3 - len(left)) + left
        right = right + [""] * (3 - len(right))
        return [self._tvec(w) for w in left + right]

    def __call__(
        self, sentence: str, start: int, end: int, doc: Any = None, offset: int = 0
    ) -> np.ndarray:
        """Features of the target ``sentence[start:end]``.

        ``doc``: a spaCy parse holding the sentence at character ``offset``
        (the sentence's own Doc with offset 0, or the article's Doc with the
        sentence's start).
        """
        parts: list[np.ndarray] = []
        if "base" in self.blocks:
            parts += self._base(sentence, start, end)
        if "dep" in self.blocks:
            parts += self._dep(doc, start + offset, end + offset)
        if "slots" in self.blocks:
            parts += self._slots(sentence, start, end)
        return np.concatenate(parts).astype(np.float32)


class ToneModel:
    """P(negative, neutral, positive) for a target in a sentence."""

    _cache: ClassVar[ModelCache[str, ToneModel]] = ModelCache()

    def __init__(self, featurizer: Featurizer, mean: np.ndarray, scale: np.ndarray,
                 coef: np.ndarray, intercept: np.ndarray, meta: dict[str, Any],
                 hidden: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """``coef`` (3, F or H), ``intercept`` (3,); ``hidden``: (W (F, H), b (H,)) of the
        MLP head's hidden layer, None for the linear head."""
        self.featurizer = featurizer
        self.hidden = None
        if hidden is None:
            # fold the standardisation into the linear layer: z = ((x - m) / s) W + b
            w = (coef / scale[None, :]).T.astype(np.float32)  # (F, 3)
            self.W = w
            self.b = (intercept - (coef * (mean / scale)[None, :]).sum(1)).astype(np.float32)
        else:
            w1, b1 = hidden
            self.hidden = ((w1 / scale[:, None]).astype(np.float32),
                           (b1 - (mean / scale) @ w1).astype(np.float32))
            self.W = coef.T.astype(np.float32)  # (H, 3)
            self.b = intercept.astype(np.float32)
        self.meta = meta
        self.name = meta.get("name", "static-lr")
        self.needs_parse = "dep" in featurizer.blocks

    @classmethod
    def load(cls, path: str | Path | None = None) -> ToneModel:
        folder = Path(path) if path is not None else DATA_DIR
        key = str(folder.resolve())
        return cls._cache.get(key, lambda: cls._read(folder))

    @classmethod
    def _read(cls, folder: Path) -> ToneModel:
        weights, meta_path = folder / "model.npz", folder / "meta.json"
        if not weights.exists() or not meta_path.exists():
            raise StoryLensError(
                f"tone model not found in {str(folder)!r} (model.npz, meta.json). "
                "Reinstall storylens or retrain with scripts/train_tone.py."
            )
        meta = json.loads(meta_path.read_text())
        z = np.load(weights)
        feat = Featurizer(StaticEmbedder.load(), meta["blocks"])
        hidden = (z["hidden_w"], z["hidden_b"]) if "hidden_w" in z.files else None
        expects = hidden[0].shape[0] if hidden is not None else z["coef"].shape[1]
        if expects != feat.size:
            raise StoryLensError(
                f"tone model in {str(folder)!r} expects {expects} features but the "
                f"featurizer makes {feat.size}: retrain with scripts/train_tone.py."
            )
        return cls(feat, z["mean"], z["scale"], z["coef"], z["intercept"], meta, hidden)

    def features(self, targets: Sequence[tuple[Any, ...]]) -> np.ndarray:
        X = np.zeros((len(targets), self.featurizer.size), np.float32)
        for i, t in enumerate(targets):
            X[i] = self.featurizer(*t)
        return X

    def predict_features(self, X: np.ndarray) -> np.ndarray:
        if self.hidden is not None:
            h = X @ self.hidden[0] + self.hidden[1]
            # GELU, tanh form (the training script uses the same: torch approximate="tanh")
            X = 0.5 * h * (1.0 + np.tanh(0.7978845608028654 * (h + 0.044715 * h ** 3)))
        z = X @ self.W + self.b
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict_targets(self, targets: Sequence[tuple[Any, ...]], parse: bool | None = None) -> np.ndarray:
        """Probabilities (n, 3) in LABELS order for (sentence, start, end[, doc[, offset]]) tuples.

        When the model uses the parse and a tuple has no doc, the sentences are
        parsed here with the shared spaCy pipeline (``parse=False`` skips that).
        """
        if parse is None:
            parse = self.needs_parse
        items = list(targets)
        if parse and any(len(t) < 4 or t[3] is None for t in items):
            from storylens.enrich.nlp import load_english

            nlp = load_english(("ner", "lemmatizer"))  # the parse is all the features read
            sents = sorted({t[0] for t in items})
            docs = dict(zip(sents, nlp.pipe(sents, batch_size=64), strict=True))
            items = [t if len(t) > 3 and t[3] is not None else (t[0], t[1], t[2], docs[t[0]], 0)
                     for t in items]
        if not items:
            return np.zeros((0, 3), np.float32)
        return self.predict_features(self.features(items))
