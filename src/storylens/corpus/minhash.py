"""Numpy MinHash over word shingles, LSH band keys and an append-only band index.

Why not datasketch directly: its ``MinHash`` hashes every shingle with sha1
(about half its cost) and updates one document at a time. Here shingles are
hashed once with a stable 64-bit mix of crc32 word hashes, and a whole batch
of documents is signed with three vectorised passes over an
``(n_shingles, num_perm)`` matrix: ``a*x + b`` (wrapping uint64, ``a`` odd:
a multiply-add-shift family), ``minimum.reduceat`` per document, then ``>> 32``
(the shift commutes with min, so it runs on the small result). Signatures
are uint32. ``benchmarks/bench_spread.py`` measures it beside datasketch on
the same input and checks that both estimate Jaccard equally well.

LSH: ``bands`` x ``rows`` = ``num_perm``; each band of a signature becomes one
uint64 key (band number mixed in), and two documents are candidates when
they share any key. ``BandIndex`` keeps keys in a few sorted numpy segments
(merged like a binary counter, so inserts are amortised O(log n) per key and
queries are ``searchsorted`` in each segment): 12 bytes per key, no Python
object per document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storylens.corpus.tokens import (
    batch_kgrams,
    batch_token_hashes,
    kgram_hashes,
    mix64,
    token_hashes,
    words,
)

_SHIFT32 = np.uint64(32)


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) with bands*rows == num_perm whose S-curve midpoint
    (1/bands)**(1/rows) is closest to ``threshold``."""
    best: tuple[float, int, int] | None = None
    for rows in range(1, num_perm + 1):
        if num_perm % rows:
            continue
        bands = num_perm // rows
        mid = (1.0 / bands) ** (1.0 / rows)
        cand = (abs(mid - threshold), bands, rows)
        if best is None or cand < best:
            best = cand
    assert best is not None
    return best[1], best[2]


@dataclass(frozen=True)
class MinHasher:
    """Signs documents: word ``shingle``-grams, ``num_perm`` permutations, fixed ``seed``."""

    num_perm: int = 128
    shingle: int = 5
    seed: int = 1
    chunk: int = 16384  # shingles per matrix pass: bounds the temporary to chunk*num_perm*8 bytes

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        a = rng.integers(1, 2**63, size=self.num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        b = rng.integers(0, 2**63, size=self.num_perm, dtype=np.uint64)
        object.__setattr__(self, "_a", a)
        object.__setattr__(self, "_b", b)

    def shingles(self, text: str) -> np.ndarray:
        """Distinct shingle hashes (uint64) of one text."""
        return np.unique(kgram_hashes(token_hashes(words(text)), self.shingle))

    def signatures(self, shingle_sets: list[np.ndarray]) -> np.ndarray:
        """(n_docs, num_perm) uint32 signatures; an empty set signs as all 0xFFFFFFFF."""
        n = len(shingle_sets)
        out = np.full((n, self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        a: np.ndarray = self._a  # type: ignore[attr-defined]
        b: np.ndarray = self._b  # type: ignore[attr-defined]
        i = 0
        while i < n:
            # group whole documents into one chunk of at most `chunk` shingles
            j, total = i, 0
            while j < n and (total == 0 or total + len(shingle_sets[j]) <= self.chunk):
                total += len(shingle_sets[j])
                j += 1
            docs = [d for d in range(i, j) if len(shingle_sets[d])]
            if docs:
                x = np.concatenate([shingle_sets[d] for d in docs])
                lens = np.array([len(shingle_sets[d]) for d in docs])
                starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
                with np.errstate(over="ignore"):
                    m = np.multiply(x[:, None], a[None, :])
                    m += b
                mins = np.minimum.reduceat(m, starts, axis=0)
                out[docs] = (mins >> _SHIFT32).astype(np.uint32)
            i = j
        return out

    def sign_texts(self, texts: list[str]) -> np.ndarray:
        """Classic MinHash (num_perm permutations) of each text."""
        return self.signatures([self.shingles(t) for t in texts])


_EMPTY = np.uint32(0xFFFFFFFF)


def char_chunks(texts: list[str], max_chars: int) -> list[tuple[int, int]]:
    """[i, j) ranges of ``texts`` holding at most ``max_chars`` characters each (at least one text)."""
    out, i, n = [], 0, len(texts)
    while i < n:
        j, size = i, 0
        while j < n and (j == i or size + len(texts[j]) <= max_chars):
            size += len(texts[j])
            j += 1
        out.append((i, j))
        i = j
    return out


@dataclass(frozen=True)
class OnePermHasher:
    """One-permutation MinHash with rotation densification (Li, Owen & Zhang 2012;
    Shrivastava & Li 2014): each shingle is hashed once; the top bits pick
    one of ``num_perm`` bins and the low 32 bits compete for that bin's
    minimum. Same signature shape and Jaccard estimate as ``MinHasher`` for
    documents with more shingles than bins, at O(shingles) instead of
    O(shingles * num_perm). Empty bins borrow the next non-empty bin to the
    right (circularly) plus an offset per step, so two documents agree on a
    densified bin only when they agree on the bin it was borrowed from.

    Texts are tokenised in one vectorised pass per batch
    (``tokens.batch_token_hashes``).
    """

    num_perm: int = 128
    shingle: int = 5
    seed: int = 1

    def __post_init__(self) -> None:
        if self.num_perm & (self.num_perm - 1):
            raise ValueError(f"num_perm must be a power of two for one-permutation hashing, got {self.num_perm}")

    max_chars: int = 2_000_000  # texts per vectorised pass: bounds temporaries to ~40 bytes per char

    def sign_texts(self, texts: list[str]) -> np.ndarray:
        """(n_docs, num_perm) uint32 signatures; a text without words signs as all 0xFFFFFFFF."""
        out = []
        for i, j in char_chunks(texts, self.max_chars):
            th, doc = batch_token_hashes(texts[i:j])
            out.append(self.sign_tokens(th, doc, j - i))
        return np.concatenate(out) if out else np.zeros((0, self.num_perm), np.uint32)

    def sign_tokens(self, th: np.ndarray, doc: np.ndarray, n: int) -> np.ndarray:
        """Signatures from ``batch_token_hashes`` output (``n`` documents)."""
        sig = np.full(n * self.num_perm, _EMPTY, dtype=np.uint32)
        if n == 0:
            return sig.reshape(0, self.num_perm)
        x, d = batch_kgrams(th, doc, self.shingle)
        # documents shorter than one shingle: hash what they have as a single shingle
        if len(th):
            have = np.zeros(n, dtype=bool)
            have[d] = True
            short = np.flatnonzero(~have)
            if len(short):
                tok_docs = np.unique(doc)
                short = np.intersect1d(short, tok_docs)
                for i in short:
                    hs = th[doc == i]
                    acc = np.uint64(0)
                    with np.errstate(over="ignore"):
                        for v in hs:
                            acc = acc * np.uint64(0x9E3779B97F4A7C15) + v
                    x = np.append(x, mix64(np.array([acc], dtype=np.uint64)))
                    d = np.append(d, i)
        if self.seed != 1:
            x = mix64(x ^ np.uint64(self.seed))
        bits = self.num_perm.bit_length() - 1
        b = (x >> np.uint64(64 - bits)).astype(np.int64)
        v = (x & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        np.minimum.at(sig, d * self.num_perm + b, v)
        sig = sig.reshape(n, self.num_perm)
        empty = sig == _EMPTY
        rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
        if len(rows):
            sig[rows] = _densify(sig[rows], empty[rows])
        return sig


def _densify(rows: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """Rotation densification: each empty bin takes the next filled bin to its
    right (circularly) plus an offset per step. Vectorised over rows."""
    k = rows.shape[1]
    idx = np.arange(2 * k)
    filled2 = np.concatenate((~empty, ~empty), axis=1)
    cand = np.where(filled2, idx, 4 * k)
    nxt = np.minimum.accumulate(cand[:, ::-1], axis=1)[:, ::-1][:, :k]
    dist = (nxt - idx[:k]).astype(np.uint64)
    src = np.take_along_axis(rows, nxt % k, axis=1).astype(np.uint64)
    with np.errstate(over="ignore"):
        vals = ((src + dist * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFE)).astype(np.uint32)
    return np.where(empty, vals, rows)


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n_docs, bands) uint64 keys: one hash per band, band number mixed in."""
    n = sigs.shape[0]
    if bands * rows > sigs.shape[1]:
        raise ValueError(
            f"bands*rows = {bands}*{rows} exceeds num_perm {sigs.shape[1]}; pick bands and rows "
            "whose product is num_perm"
        )
    s = sigs[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    acc = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64), (n, bands)).copy()
    gold = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        for r in range(rows):
            acc = mix64(acc * gold + s[:, :, r])
    return acc


def estimate_jaccard(s1: np.ndarray, s2: np.ndarray) -> float:
    return float(np.mean(s1 == s2))


class BandIndex:
    """Append-only multimap uint64 key -> doc number, in sorted numpy segments."""

    def __init__(self) -> None:
        self._segments: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        return sum(len(k) for k, _ in self._segments)

    def nbytes(self) -> int:
        return sum(k.nbytes + d.nbytes for k, d in self._segments)

    def add(self, keys: np.ndarray, docs: np.ndarray) -> None:
        """Insert ``keys`` (any shape) for ``docs`` (broadcast along the first axis)."""
        keys = np.asarray(keys, dtype=np.uint64)
        docs = np.asarray(docs, dtype=np.uint32)
        if keys.ndim == 2:
            docs = np.repeat(docs, keys.shape[1])
        k = keys.ravel()
        if not len(k):
            return
        order = np.argsort(k, kind="stable")
        self._segments.append((k[order], docs[order]))
        # binary-counter merging: keep segment sizes roughly doubling
        while len(self._segments) > 1 and len(self._segments[-2][0]) <= 2 * len(self._segments[-1][0]):
            k2, d2 = self._segments.pop()
            k1, d1 = self._segments.pop()
            kk = np.concatenate((k1, k2))
            dd = np.concatenate((d1, d2))
            o = np.argsort(kk, kind="stable")
            self._segments.append((kk[o], dd[o]))

    def query(self, keys: np.ndarray, docs: np.ndarray, max_bucket: int = 1000,
              with_counts: bool = False) -> np.ndarray:
        """Candidate pairs (query doc, indexed doc) as an (m, 2) array, deduplicated,
        self-pairs removed. From a bucket holding more than ``max_bucket``
        documents (a wire story copied everywhere, or boilerplate) only the
        ``max_bucket`` earliest inserted are returned: a new copy still meets
        the first copies, hence the cluster, at bounded cost. ``with_counts``
        adds a third column: how many keys the pair shares."""
        keys = np.asarray(keys, dtype=np.uint64)
        docs = np.asarray(docs, dtype=np.uint32)
        if keys.ndim == 2:
            docs = np.repeat(docs, keys.shape[1])
        q = keys.ravel()
        out = []
        for sk, sd in self._segments:
            lo = np.searchsorted(sk, q, "left")
            hi = np.searchsorted(sk, q, "right")
            cnt = hi - lo
            np.minimum(cnt, max_bucket, out=cnt)
            hit = cnt > 0
            if not hit.any():
                continue
            lo, cnt, qd = lo[hit], cnt[hit], docs[hit]
            total = int(cnt.sum())
            rep_q = np.repeat(qd, cnt)
            offs = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
            pos = np.repeat(lo, cnt) + offs
            out.append(np.stack((rep_q, sd[pos]), axis=1))
        if not out:
            return np.zeros((0, 3 if with_counts else 2), dtype=np.int64)
        pairs = np.concatenate(out).astype(np.int64)
        code = (pairs[:, 0] << 32) | pairs[:, 1]  # one int64 per pair: a 1-D unique is fast
        code = code[pairs[:, 0] != pairs[:, 1]]
        if with_counts:
            uniq, counts = np.unique(code, return_counts=True)
            return np.stack((uniq >> 32, uniq & 0xFFFFFFFF, counts), axis=1)
        uniq = np.unique(code)
        return np.stack((uniq >> 32, uniq & 0xFFFFFFFF), axis=1)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """All (keys, docs), for persisting."""
        if not self._segments:
            return np.zeros(0, np.uint64), np.zeros(0, np.uint32)
        return (np.concatenate([k for k, _ in self._segments]),
                np.concatenate([d for _, d in self._segments]))
