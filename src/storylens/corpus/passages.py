"""Passage reuse: winnowed fingerprints to find candidates, exact runs to report them.

Fingerprints (Schleimer, Wilkerson & Aiken 2003): hash every k-gram of word
tokens and keep, in each window of ``w`` consecutive k-grams, the minimum
(rightmost on ties). Any run of at least ``w + k - 1`` identical words in
two texts shares at least one fingerprint, whatever surrounds it; with the
defaults (k=8, w=33) that guarantee is exactly the 40-word passage length,
and a document keeps about 2/(w+1) of its k-grams (~6 per 100 words).

Verification (``shared_passages``) compares the full k-gram sequences of the
two texts and merges matching k-grams on the same diagonal into maximal runs
of identical words, then maps them back to character offsets in each text.
A light edit inside a passage splits it in two; each part is reported if it
is still long enough.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from storylens.corpus.tokens import kgram_hashes, tokens_of


class Tokenised:
    """A text's word tokens (hashes and character spans) with cached k-gram sets."""

    __slots__ = ("_grams", "_sets", "hashes", "spans", "text")

    def __init__(self, text: str, hashes: np.ndarray, spans: np.ndarray) -> None:
        self.text = text
        self.hashes = hashes
        self.spans = spans
        self._grams: dict[int, np.ndarray] = {}
        self._sets: dict[int, np.ndarray] = {}

    @classmethod
    def of(cls, text: str) -> Tokenised:
        h, spans = tokens_of(text)
        return cls(text, h, spans)

    def __len__(self) -> int:
        return len(self.hashes)

    def grams(self, k: int) -> np.ndarray:
        g = self._grams.get(k)
        if g is None:
            g = self._grams[k] = kgram_hashes(self.hashes, k) if len(self.hashes) >= k else np.zeros(0, np.uint64)
        return g

    def gram_set(self, k: int) -> np.ndarray:
        s = self._sets.get(k)
        if s is None:
            s = self._sets[k] = np.unique(self.grams(k))
        return s


def _common(sa: np.ndarray, sb: np.ndarray) -> np.ndarray:
    """Elements of sorted unique ``sa`` also in sorted unique ``sb``."""
    if not len(sa) or not len(sb):
        return sa[:0]
    if len(sa) > len(sb):
        sa, sb = sb, sa
    i = np.minimum(np.searchsorted(sb, sa), len(sb) - 1)
    return sa[sb[i] == sa]


def winnow(hashes: np.ndarray, k: int = 8, w: int = 33) -> np.ndarray:
    """Winnowed fingerprints (distinct uint64) of a token-hash sequence."""
    grams = kgram_hashes(hashes, k) if len(hashes) >= k else np.zeros(0, np.uint64)
    if len(grams) == 0:
        return grams
    if len(grams) <= w:
        return np.unique(grams[[len(grams) - 1 - int(np.argmin(grams[::-1]))]])
    win = sliding_window_view(grams, w)
    # rightmost minimum in each window (robust winnowing)
    pos = w - 1 - np.argmin(win[:, ::-1], axis=1) + np.arange(len(win))
    return np.unique(grams[np.unique(pos)])


@dataclass(frozen=True)
class Passage:
    """A run of identical words: token and character ranges in both texts."""

    a_tok: int
    b_tok: int
    words: int
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def as_dict(self, a_text: str) -> dict[str, object]:
        return {"text": a_text[self.a_start : self.a_end], "start": self.a_start, "end": self.a_end,
                "src_start": self.b_start, "src_end": self.b_end, "words": self.words}


def shared_passages(a: Tokenised, b: Tokenised, min_words: int = 40, k: int = 8,
                    max_repeat: int = 20) -> list[Passage]:
    """Maximal runs of at least ``min_words`` identical words in ``a`` and ``b``,
    longest first. ``k`` is the seed length (must be <= min_words). k-grams
    that repeat more than ``max_repeat`` times in one text are ignored as seeds."""
    k = min(k, min_words)
    if len(a) < min_words or len(b) < min_words:
        return []
    common = _common(a.gram_set(k), b.gram_set(k))
    # a run of min_words identical words shares at least min_words - k + 1 k-grams
    if len(common) < min_words - k + 1:
        return []
    ga, gb = a.grams(k), b.grams(k)
    ia = np.flatnonzero(np.isin(ga, common))
    ib = np.flatnonzero(np.isin(gb, common))
    # pair positions with equal hashes: sort both sides by hash and join
    oa = ia[np.argsort(ga[ia], kind="stable")]
    ob = ib[np.argsort(gb[ib], kind="stable")]
    ha, hb = ga[oa], gb[ob]
    pairs_a: list[np.ndarray] = []
    pairs_b: list[np.ndarray] = []
    ua, sa, ca = np.unique(ha, return_index=True, return_counts=True)
    ub, sb, cb = np.unique(hb, return_index=True, return_counts=True)
    assert np.array_equal(ua, ub)
    simple = (ca == 1) & (cb == 1)
    pairs_a.append(oa[sa[simple]])
    pairs_b.append(ob[sb[simple]])
    for j in np.flatnonzero(~simple):
        if ca[j] > max_repeat or cb[j] > max_repeat:
            continue
        xa = oa[sa[j] : sa[j] + ca[j]]
        xb = ob[sb[j] : sb[j] + cb[j]]
        pairs_a.append(np.repeat(xa, len(xb)))
        pairs_b.append(np.tile(xb, len(xa)))
    pa = np.concatenate(pairs_a)
    pb = np.concatenate(pairs_b)
    if not len(pa):
        return []
    diag = pa - pb
    order = np.lexsort((pa, diag))
    pa, pb, diag = pa[order], pb[order], diag[order]
    brk = np.flatnonzero((np.diff(diag) != 0) | (np.diff(pa) != 1)) + 1
    starts = np.concatenate(([0], brk))
    ends = np.concatenate((brk, [len(pa)]))
    out = []
    for s, e in zip(starts, ends, strict=True):
        n_words = int(pa[e - 1] - pa[s]) + k
        if n_words < min_words:
            continue
        a0, b0 = int(pa[s]), int(pb[s])
        a1, b1 = a0 + n_words - 1, b0 + n_words - 1
        out.append(Passage(a0, b0, n_words, int(a.spans[a0, 0]), int(a.spans[a1, 1]),
                           int(b.spans[b0, 0]), int(b.spans[b1, 1])))
    out.sort(key=lambda p: (-p.words, p.a_tok))
    return _drop_overlaps(out)


def _drop_overlaps(passages: list[Passage]) -> list[Passage]:
    """Keep the longest of passages that overlap in either text (a repeated
    paragraph would otherwise be reported once per repetition)."""
    kept: list[Passage] = []
    for p in passages:
        if any(p.a_tok < q.a_tok + q.words and q.a_tok < p.a_tok + p.words for q in kept):
            continue
        if any(p.b_tok < q.b_tok + q.words and q.b_tok < p.b_tok + p.words for q in kept):
            continue
        kept.append(p)
    return kept


def shingle_overlap(a: Tokenised, b: Tokenised, k: int = 5) -> tuple[float, float, int, int]:
    """(jaccard, containment of the smaller in the larger, |A|, |B|) over word k-gram sets."""
    sa, sb = a.gram_set(k), b.gram_set(k)
    if not len(sa) or not len(sb):
        return 0.0, 0.0, len(sa), len(sb)
    inter = len(_common(sa, sb))
    union = len(sa) + len(sb) - inter
    return inter / union, inter / min(len(sa), len(sb)), len(sa), len(sb)
