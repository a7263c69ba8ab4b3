"""Narratives from sentence embeddings: zero-shot from a pack's text, or a classifier trained on labels.

Each narrative's *references* are its name (without a "URW: "-style prefix), description, claims,
examples and sub-narrative names. The article's sentences are embedded once
(:mod:`storylens.enrich.sentence_encoder`); cosine similarities sentence x reference give, per
narrative, :data:`FEATURES`:

- ``top1``, ``top3``, ``top5``: the best sentence's similarity to its closest reference, and the
  mean of the 3 and 5 best (one sentence vs. a sustained argument);
- ``centroid``: the article (mean of its sentence vectors) against the references' centroid;
- ``keywords``: distinct keywords of the narrative found in the article (capped at 5, / 5);
- ``scope``: 1 when the narrative's (or pack's) scope applies, else 0;
- ``rel_*``: the first four minus the best of the narratives that share its scope in this pack (a
  narrative that is not the article's closest one is less likely);
- ``top1_scope``, ``keywords_top1``: two interactions.

**Zero-shot** (:data:`ZERO_SHOT`): one logistic calibration shared by every narrative (no
narrative-specific parameter, so it applies to any pack), a continuous score in [0, 1].
**Trained** (:class:`TrainedModel`, ``storylens narratives train``): by default one softmax over the
article's mean and max-pooled sentence vectors (:func:`pooled`) with a "none of them" class, or per
narrative a logistic regression over the article vector and these features; thresholds chosen by
cross-validation inside the training data (:mod:`storylens.corpus.narratives.train`).

Either way a narrative is carried only when its best sentence is a claim-level match (``top1 >=
CLAIM_MIN``) and it is in scope: topic words alone (a keyword that is a name or a place) never
make a hit. The evidence is the (up to three) sentences closest to the narrative's references.
"""

from __future__ import annotations

import contextlib
import json
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storylens.types import NarrativeHit

FEATURES = ("top1", "top3", "top5", "centroid", "keywords", "scope", "rel_top1", "rel_top3", "rel_top5",
            "rel_centroid", "top1_scope", "keywords_top1")
MAX_EVIDENCE = 3

# A sentence must be this close (cosine, all-MiniLM-L6-v2) to one of the narrative's claims or its
# description for a hit; names and sub-narrative names are topics and do not count ("Wheat and gas."
# scores 0.46 against the name "grain blockade", 0.24 against "Russia is blocking Ukrainian grain
# exports through the Black Sea."). Calibrated on the train half of the T10 shared data: the 5th
# percentile of the best sentence-to-claim similarity in articles that carry the narrative (0.407).
CLAIM_MIN = 0.40

# The multilingual encoder (multilingual-e5-small, 4-bit; :mod:`storylens.multilingual_encoder`) puts
# every sentence pair at cosine ~0.7-0.9, so its gate and zero-shot calibration are its own, chosen by
# the same rules on the same English articles (the T10 train half, encoded with e5): the gate is the
# 5th percentile of the best sentence-to-claim similarity in articles that carry the narrative.
# Foreign-language articles are scored with it (English claims, foreign sentences: one vector space).
# `storylens eval narratives --labels dev.csv --half train --no-builtin --pack-file
# data/narratives/taxonomies/semeval2025_t10.yaml --method zeroshot --calibrate --encoder multilingual`
# prints that percentile: 0.837 (MiniLM: 0.407 -> 0.40; here 0.837 -> 0.83).
CLAIM_MIN_E5 = 0.83


def _is_e5(encoder: Any) -> bool:
    from storylens.multilingual_encoder import NAME

    return getattr(encoder, "name", "") == NAME


@dataclass(frozen=True)
class Calibration:
    """Zero-shot logistic calibration over :data:`FEATURES` and its decision threshold."""

    coef: tuple[float, ...]
    bias: float
    threshold: float

    def prob(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x[..., : len(FEATURES)] @ np.asarray(self.coef) + self.bias)))


# Fitted on the train half of the SemEval-2025 T10 shared data (154 articles whose id hash is even;
# `storylens eval narratives --labels dev.csv --half train --no-builtin --pack-file
# data/narratives/taxonomies/semeval2025_t10.yaml --method zeroshot --calibrate` refits it): one
# logistic regression over every (article, narrative) pair of the taxonomy-only pack, the threshold
# maximising F1-samples in a 5-fold CV on that half. The dev half was only scored with it.
ZERO_SHOT = Calibration(
    coef=(0.9662, 1.526, 1.5727, 2.7753, 2.5273, 2.1229, -0.2808, 0.2259, 0.56, 0.9874, 1.5147, 1.3121),
    bias=-8.1379,
    threshold=0.2,
)


# The same fit in the multilingual encoder's space: `... --half train --method zeroshot --calibrate
# --encoder multilingual` (same 154 English articles, claim gate CLAIM_MIN_E5, threshold by 5-fold CV).
ZERO_SHOT_E5 = Calibration(
    coef=(1.8163, 1.8802, 1.751, 1.6846, 2.3148, 1.649, 0.4509, 0.6103, 0.5917, 0.5665, 3.2456, 2.1368),
    bias=-12.6075,
    threshold=0.15,
)


# Non-English articles for a pack without keywords of that language: its keywords are English, so the
# `keywords` features would read "no keyword" on every article and pull every probability down. Such
# articles are scored with both keyword features set to 0 and this calibration, fitted the same way on the same English articles with
# those features zeroed (`scripts/narratives_i18n_calibrate.py`): on the T10 halves, F1-samples 0.364
# (train, in-sample) / 0.387 (dev), against 0.345 / 0.352 for ZERO_SHOT_E5 applied to keywordless features.
ZERO_SHOT_E5_NO_KEYWORDS = Calibration(
    coef=(1.9656, 2.1008, 1.9814, 1.9398, 0.0, 1.4784, 0.5819, 0.7862, 0.7805, 0.786, 3.4399, 0.0),
    bias=-13.15,
    threshold=0.15,
)
KEYWORD_COLS = (FEATURES.index("keywords"), FEATURES.index("keywords_top1"))


def claim_min_for(encoder: Any) -> float:
    """The claim gate for ``encoder``'s vector space (MiniLM and MPNet share the MiniLM value)."""
    return CLAIM_MIN_E5 if _is_e5(encoder) else CLAIM_MIN


def calibration_for(encoder: Any) -> Calibration:
    """The zero-shot calibration fitted in ``encoder``'s vector space."""
    return ZERO_SHOT_E5 if _is_e5(encoder) else ZERO_SHOT


def reference_texts(n: Any) -> list[str]:
    """Claims first (claims, examples, description), then the names: :func:`claim_count` of them are claims."""
    short = n.name.split(": ", 1)[-1] if ": " in n.name[:6] else n.name
    subs = [f"{short}: {s}" for s in n.sub_narratives]
    return list(dict.fromkeys([*claim_texts(n), short, *subs]))


def claim_texts(n: Any) -> list[str]:
    """The sentence-like references: a name is a topic ("grain blockade"), a claim says something."""
    return list(dict.fromkeys([*n.claims, *([n.description] if n.description else [])]))


_PROBE = "A reference sentence that fingerprints the encoder's weights."
_FINGERPRINTS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def _fingerprint(encoder: Any) -> str:
    """A hash of the encoder's name and its vector for a fixed sentence: a rebuilt or upgraded model
    gets new cache keys without any version bookkeeping (kept per encoder object while it lives)."""
    try:
        return _FINGERPRINTS[encoder]
    except (KeyError, TypeError):
        pass
    import hashlib

    probe = np.round(np.asarray(encoder.encode([_PROBE]), dtype=np.float32), 3)
    got = hashlib.blake2b(str(getattr(encoder, "name", "")).encode() + probe.tobytes(), digest_size=8).hexdigest()
    with contextlib.suppress(TypeError):  # an encoder that cannot be weakly referenced: probe again next time
        _FINGERPRINTS[encoder] = got
    return got


def reference_vectors(narratives: Sequence[Any], encoder: Any) -> list[np.ndarray]:
    """Per narrative, its :func:`reference_texts` embedded; kept on disk (``$STORYLENS_CACHE_DIR``,
    ``narrative-refs/``) under the encoder's fingerprint and the texts, because every process (each
    ingest worker) otherwise embeds them again on its first article: with the multilingual encoder
    the built-in China pack's 49 references took 10-30 s, paid again by each language's run."""
    import hashlib

    from storylens.diskcache import cache_root, cached_arrays

    texts = [reference_texts(n) for n in narratives]
    if not texts:
        return []

    def build() -> dict[str, np.ndarray]:
        return {"vecs": np.concatenate([np.asarray(encoder.encode(t), dtype=np.float32) for t in texts])}

    root = cache_root()
    key = hashlib.blake2b(json.dumps(texts, ensure_ascii=False).encode("utf-8"), digest_size=10).hexdigest()
    folder = root / "narrative-refs" if root is not None else None
    vecs = cached_arrays(folder, f"{_fingerprint(encoder)}-{key}" if folder else "refs", build)["vecs"]
    ends = np.cumsum([len(t) for t in texts])
    return [np.asarray(vecs[e - len(t): e]) for e, t in zip(ends, texts, strict=True)]


class PackIndex:
    """The references of a pack's narratives, embedded once per encoder."""

    def __init__(self, pack: Any, encoder: Any, refs: list[np.ndarray] | None = None) -> None:
        self.pack = pack
        self.multilingual = _is_e5(encoder)
        self.claim_min = claim_min_for(encoder)
        self.calibration = calibration_for(encoder)
        self.narratives = list(pack.narratives)
        # ``refs``: the same pack's references already embedded (a pack read for another language)
        self.refs = refs if refs is not None else reference_vectors(self.narratives, encoder)
        # how many leading references are claims (a narrative with none: its names serve)
        self.claims = [len(claim_texts(n)) or len(r) for n, r in zip(self.narratives, self.refs, strict=True)]
        cents = [r.mean(0) for r in self.refs]
        self.centroids = np.stack([c / max(np.linalg.norm(c), 1e-9) for c in cents])
        groups: dict[tuple[str, ...], list[int]] = {}
        for i, n in enumerate(self.narratives):
            groups.setdefault(tuple(p.pattern for p in n.scope), []).append(i)
        self.group_of = [groups[tuple(p.pattern for p in n.scope)] for n in self.narratives]


@dataclass(frozen=True)
class ArticleView:
    """What the features read: sentences, their vectors, the article vector and text."""

    sentences: tuple[str, ...]
    vectors: np.ndarray
    article: np.ndarray
    text: str

    @classmethod
    def build(cls, sentences: Sequence[str], encoder: Any) -> ArticleView:
        sents = tuple(s for s in sentences if s.strip()) or ("",)
        vecs = encoder.encode(list(sents))
        art = vecs.mean(0)
        return cls(sents, vecs, art / max(float(np.linalg.norm(art)), 1e-9), "\n".join(sents))


CLAIM_COL = len(FEATURES)  # after the model's features: the best sentence-to-claim similarity (the gate)
SCOPE_COL = FEATURES.index("scope")


def gate(x: np.ndarray, claim_min: float) -> np.ndarray:
    """The two conditions every hit needs, over feature arrays of any leading shape (``...`` x columns):
    a claim-level sentence (the claim column at or above ``claim_min``) and the narrative in scope."""
    return (x[..., CLAIM_COL] >= claim_min) & (x[..., SCOPE_COL] > 0)


def features(view: ArticleView, index: PackIndex) -> tuple[np.ndarray, list[np.ndarray]]:
    """(narratives x (FEATURES + claim column), per narrative the per-sentence best similarity)."""
    in_pack = index.pack.applies(view.sentences)
    base = np.zeros((len(index.narratives), 6), dtype=np.float32)
    claim = np.zeros((len(index.narratives), 1), dtype=np.float32)
    per_sentence = []
    for i, (n, r) in enumerate(zip(index.narratives, index.refs, strict=True)):
        sims = view.vectors @ r.T
        best = sims.max(1)
        claim_best = sims[:, : index.claims[i]].max(1)
        claim[i] = claim_best.max()
        per_sentence.append(claim_best)
        top = np.sort(best)[::-1]
        kw = sum(1 for p in n.patterns if p.search(view.text))
        scope = float(in_pack and n.applies(view.sentences))
        base[i] = (top[0], top[:3].mean(), top[:5].mean(), float(view.article @ index.centroids[i]), min(kw, 5) / 5,
                   scope)
    rel = np.zeros((len(index.narratives), 4), dtype=np.float32)
    for i, group in enumerate(index.group_of):
        rel[i] = base[i, :4] - base[group, :4].max(0)
    extra = np.stack([base[:, 0] * base[:, SCOPE_COL], base[:, KEYWORD_COLS[0]] * base[:, 0]], 1)
    return np.concatenate([base, rel, extra, claim], 1), per_sentence


def _hit(n: Any, pack: str, score: float, view: ArticleView, best: np.ndarray,
         claim_min: float = CLAIM_MIN) -> NarrativeHit:
    order = [int(i) for i in np.argsort(-best)[:MAX_EVIDENCE] if best[i] >= claim_min] or [int(np.argmax(best))]
    return NarrativeHit(n.name, round(float(score), 4), tuple(view.sentences[i] for i in sorted(order)), pack)


def score_pack(view: ArticleView, index: PackIndex, model: TrainedModel | None = None,
               calibration: Calibration | None = None) -> list[tuple[NarrativeHit, bool]]:
    """Every narrative of the pack with its score and whether it is carried (out-of-scope ones are left
    out). The gate and the default calibration are those of the encoder the index was built with."""
    x, per_sentence = features(view, index)
    language = getattr(index.pack, "language", None)
    if language not in (None, "en") and index.multilingual and language not in index.pack.languages():
        # a non-English article, and the pack has no keywords in its language: see ZERO_SHOT_E5_NO_KEYWORDS
        x[:, KEYWORD_COLS] = 0.0
        calibration = calibration or ZERO_SHOT_E5_NO_KEYWORDS
    calibration = calibration or index.calibration
    ok = gate(x, index.claim_min)
    if model is not None:
        probs = model.probs_for(view, x)
        if model.meta.get("point") == "precision":
            ok &= model.relevant(relevance_shares(view, index))
        threshold, top1 = model.operating_point()
        carried = (probs >= threshold) & ok
        # the article's best narrative also counts from the lower `top1` threshold (see train.decide)
        masked = np.where(ok, probs, -1.0)
        best = int(masked.argmax())
        carried[best] |= bool(masked[best] >= top1)
    else:
        probs = calibration.prob(x)
        carried = (probs >= calibration.threshold) & ok
    return [(_hit(n, index.pack.name, probs[i], view, per_sentence[i], index.claim_min), bool(carried[i]))
            for i, n in enumerate(index.narratives) if x[i, SCOPE_COL] > 0]


_INDEXES: dict[tuple[str, str, int, str | None], PackIndex] = {}
_REFS: dict[tuple[str, str, int], list[np.ndarray]] = {}
_MODELS: dict[str, TrainedModel] = {}


def index_for(pack: Any, encoder: Any) -> PackIndex:
    """The pack's embedded references, once per (pack, encoder) in a process; a pack read for another
    language (:meth:`NarrativePack.for_language`: other keywords, same claims) shares the vectors."""
    key = (pack.name, pack.path, id(encoder), getattr(pack, "language", None))
    if key not in _INDEXES:
        _INDEXES[key] = PackIndex(pack, encoder, _REFS.get(key[:3]))
        _REFS[key[:3]] = _INDEXES[key].refs
    return _INDEXES[key]


def model_for(pack: Any, encoder: Any = None) -> TrainedModel:
    """The pack's trained model, read once per process. With ``encoder``: a model trained on another
    encoder's vectors is refused (its coefficients would read meaningless inputs and still answer)."""
    if pack.model not in _MODELS:
        _MODELS[pack.model] = TrainedModel.load(pack.model).aligned([n.name for n in pack.narratives])
    model = _MODELS[pack.model]
    trained_on = model.meta.get("encoder")
    using = getattr(encoder, "name", None)
    if trained_on and using and trained_on != using:
        from storylens.corpus.narratives.schema import NarrativePackError

        raise NarrativePackError(
            f"{pack.path}: pack {pack.name!r} was trained on {trained_on!r} sentence vectors but this run encodes "
            f"with {using!r}; set narrative_encoder={trained_on} or retrain it with `storylens narratives train`")
    return model


def confirm(view: ArticleView | LazyVectors, index: PackIndex, narrative: Any,
            first: Sequence[int] = (), anywhere: bool = True) -> bool:
    """A keyword pack's hit stands only with a claim-level match: one sentence at or above the index's
    claim gate (:func:`claim_min_for` its encoder) against the narrative's claims and description (its
    names only when it has neither).

    With :class:`LazyVectors` the sentences ``first`` (the hit's own scored sentences) are read
    first and the rest only when none of them is a claim-level match: the answer is the one over
    every sentence, but an article whose evidence sentence passes encodes a few sentences, not all.
    ``anywhere=False`` (the default stage's keyword packs): only the sentences ``first`` count, so the
    claim-level match is one of the hit's own sentences, not some other sentence of the article.
    """
    i = index.narratives.index(narrative)
    claims = index.refs[i][: index.claims[i]]
    if not anywhere:  # the claim-level sentence must be one of the hit's own (scored) sentences
        if not first:
            return False
        vecs = view.vectors[list(first)] if isinstance(view, ArticleView) else view.vectors(first)
        return float((vecs @ claims.T).max()) >= index.claim_min
    if isinstance(view, ArticleView):
        return bool((view.vectors @ claims.T).max() >= index.claim_min)
    if first and float((view.vectors(first) @ claims.T).max()) >= index.claim_min:
        return True
    return float((view.vectors(view.all) @ claims.T).max()) >= index.claim_min


class LazyVectors:
    """One article's sentence vectors, encoded on demand and kept (the claim gate of keyword
    packs usually needs a few sentences: those that scored for the narrative)."""

    def __init__(self, sentences: Sequence[str], encoder: Any) -> None:
        self.sentences = list(sentences)
        self.encoder = encoder
        self.all = [i for i, s in enumerate(self.sentences) if s.strip()] or [0]
        self._vecs: dict[int, np.ndarray] = {}

    def vectors(self, idx: Sequence[int]) -> np.ndarray:
        todo = list(dict.fromkeys(i for i in idx if i not in self._vecs))
        if todo:
            got = self.encoder.encode([self.sentences[i] if self.sentences else "" for i in todo])
            self._vecs.update(zip(todo, got, strict=True))
        return np.stack([self._vecs[i] for i in idx])


# -- the trained route -------------------------------------------------------------


def pooled(view: ArticleView) -> np.ndarray:
    """The softmax model's input: the article vector beside the element-wise maximum over its
    sentence vectors (a narrative argued in two sentences of a long article still shows in the max)."""
    return np.concatenate([view.article, view.vectors.max(0)])


# The stacked model's TF-IDF: word 1-2 grams without English stop words, sublinear term frequency,
# rows of unit length (as ``eval narratives --method tfidf``); the vocabulary and idf are fitted by
# ``narratives train`` and stored in the model file.
TFIDF_WORDS = {"lowercase": True, "ngram_range": (1, 2), "stop_words": "english"}


def tfidf_rows(texts: Sequence[str], terms: Sequence[str] | np.ndarray, idf: np.ndarray) -> Any:
    """(articles x terms) sparse TF-IDF rows, as sklearn's ``TfidfVectorizer(sublinear_tf=True,
    **TFIDF_WORDS)`` fitted to ``terms`` and ``idf`` would give them (no pickled vectorizer)."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.preprocessing import normalize

    if not len(terms):
        return sp.csr_matrix((len(texts), 0))
    counts = CountVectorizer(vocabulary=[str(t) for t in terms], **TFIDF_WORDS).transform(list(texts))
    counts = counts.astype(np.float64).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    return normalize(counts @ sp.diags(np.asarray(idf, dtype=np.float64)), norm="l2").tocsr()


# The trained kinds that are one softmax with a last "none of them" class (TrainedModel.softmax reads them).
SOFTMAX_KINDS = ("softmax", "stacked")

# A sentence "near the domain" is within this cosine of one of the pack's claims (any narrative).
RELEVANCE_COS = 0.45


def relevance_shares(view: ArticleView, index: PackIndex) -> tuple[float, float]:
    """How much an article is about a pack's subject at all: (share of its sentences that mention
    the pack's or its narratives' scope words, share within :data:`RELEVANCE_COS` of one of the
    pack's claims). A story on the Mueller inquiry names Russia in a fifth of its sentences but
    argues none of the war's claims; a war report does both."""
    patterns = list({p.pattern: p for p in [*index.pack.scope, *(q for n in index.narratives for q in n.scope)]}
                    .values())
    sents = view.sentences
    kw = float(np.mean([any(p.search(s) for p in patterns) for s in sents])) if patterns and sents else 1.0
    claims = np.concatenate([r[: index.claims[i]] for i, r in enumerate(index.refs)])
    near = float(((view.vectors @ claims.T).max(1) >= RELEVANCE_COS).mean()) if len(claims) else 0.0
    return kw, near


def passes_relevance(gate: dict[str, Any] | None, shares: tuple[float, float]) -> bool:
    """True unless ``gate`` (a model's ``meta["relevance"]``) is set and the article's
    :func:`relevance_shares` fall below it."""
    if not gate:
        return True
    return shares[0] >= float(gate["keyword_share"]) and shares[1] >= float(gate["claim_share"])


@dataclass(frozen=True)
class TrainedModel:
    """A pack's trained classifier over standardised inputs, with its decision thresholds.

    ``meta["kind"]``: ``logistic`` (one regression per narrative over [article vector, FEATURES]; coef
    narratives x inputs), ``softmax`` (one multinomial regression over :func:`pooled`, classes the
    narratives and a last "none of them" class; coef (narratives + 1) x inputs) or ``stacked`` (the
    same softmax over [standardised :func:`pooled`, the article's TF-IDF (:func:`tfidf_rows` over
    ``terms`` and ``idf``)]; coef (narratives + 1) x (pooled + terms)). ``meta["point"]``:
    ``f1`` (the thresholds that maximised cross-validated F1-samples) or ``precision`` (the lowest
    threshold whose cross-validated precision reached the target, ``meta["precise"]``; with it the
    relevance gate: an article whose :func:`relevance_shares` fall below ``meta["relevance"]`` is not
    about the pack's subject and gets no hit)."""

    names: tuple[str, ...]
    coef: np.ndarray        # narratives x inputs (0 rows: never predicted, too few examples)
    bias: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    thresholds: np.ndarray
    meta: dict[str, Any]
    terms: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))  # stacked: TF-IDF vocabulary
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", "logistic"))

    def probs_for(self, view: ArticleView, x: np.ndarray) -> np.ndarray:
        """Per narrative, its probability for this article (any kind)."""
        if self.kind in SOFTMAX_KINDS:  # (the text is read by the stacked model's TF-IDF only)
            return self.softmax(pooled(view)[None, :], [view.text])[0]
        return self.prob(view.article, x)

    def softmax(self, v: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        """(articles x narratives) from pooled vectors (and, stacked, the articles' texts); all 0 where
        "none" is the most likely class."""
        z = (v - self.mean) / self.scale
        d = len(self.mean)
        logits = z @ self.coef[:, :d].T + self.bias
        if self.coef.shape[1] > d:
            if texts is None:
                raise ValueError("a stacked model reads the articles' texts too")
            logits = logits + np.asarray(tfidf_rows(texts, self.terms, self.idf) @ self.coef[:, d:].T)
        logits -= logits.max(1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(1, keepdims=True)
        out = p[:, :-1].copy()
        out[p[:, -1] >= out.max(1, initial=0.0)] = 0.0
        return out

    def operating_point(self) -> tuple[float, float]:
        """(threshold, top1): a narrative at >= threshold; the article's best one already at >= top1."""
        if self.meta.get("point") == "precision" and self.meta.get("precise"):
            t = float(self.meta["precise"]["threshold"])
            return t, t
        return (float(self.thresholds[0]) if len(self.thresholds) else 1.0), float(self.meta.get("top1", 1.0))

    def relevant(self, shares: tuple[float, float]) -> bool:
        """True unless the model has a relevance gate and the article's shares fall below it."""
        return passes_relevance(self.meta.get("relevance"), shares)

    def inputs(self, article: np.ndarray, x: np.ndarray) -> np.ndarray:
        """(narratives x inputs): the article vector repeated beside each narrative's features."""
        return np.concatenate([np.repeat(article[None, :], len(x), 0), x[:, : len(FEATURES)]], 1)

    def prob(self, article: np.ndarray, x: np.ndarray) -> np.ndarray:
        z = (self.inputs(article, x) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-((z * self.coef).sum(1) + self.bias)))

    def save(self, path: str | Path) -> None:
        extra = {"terms": np.array(self.terms, dtype=str), "idf": self.idf} if len(self.terms) else {}
        np.savez_compressed(path, names=np.array(self.names), coef=self.coef, bias=self.bias, mean=self.mean,
                            scale=self.scale, thresholds=self.thresholds, meta=np.array(json.dumps(self.meta)),
                            **extra)

    @classmethod
    def load(cls, path: str | Path) -> TrainedModel:
        z = np.load(path, allow_pickle=False)
        extra = {k: z[k] for k in ("terms", "idf") if k in z.files}
        return cls(tuple(str(s) for s in z["names"]), z["coef"], z["bias"], z["mean"], z["scale"],
                   z["thresholds"], json.loads(str(z["meta"])), **extra)

    def replace(self, **changes: Any) -> TrainedModel:
        from dataclasses import replace

        return replace(self, **changes)

    def aligned(self, names: Sequence[str]) -> TrainedModel:
        """The model with rows in ``names`` order (a narrative it does not know is never predicted)."""
        idx = {n: i for i, n in enumerate(self.names)}
        rows = [idx.get(n) for n in names]
        if self.kind in SOFTMAX_KINDS:  # the last class ("none of them") stays last
            rows.append(len(self.names))
        width = self.coef.shape[1]
        coef = np.stack([self.coef[i] if i is not None else np.zeros(width) for i in rows])
        bias = np.array([self.bias[i] if i is not None else -50.0 for i in rows])
        thr = np.array([self.thresholds[i] if i is not None and i < len(self.thresholds) else 1.0
                        for i in rows[: len(names)]])
        return self.replace(names=tuple(names), coef=coef, bias=bias, thresholds=thr)
