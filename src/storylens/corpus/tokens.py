"""Word tokens, their stable 64-bit hashes and k-gram (shingle) hashes.

Everything the syndication stage compares goes through here, so MinHash
signatures, passage fingerprints and pair verification agree on what a word
is: a ``\\w+`` run of the NFKC, case-folded text (the normalisation of
``storylens.pipeline.normalise_text``). Hashes are stable across processes and
machines (crc32 of the word, mixed to 64 bits; never Python's salted
``hash``) because the index persists in the store.
"""

from __future__ import annotations

import unicodedata
import zlib

import numpy as np

# \w+ runs; in scripts written without spaces (zh/ja/th) one token per character
from storylens.corpus.spaceless import TOKEN as _TOKEN
from storylens.corpus.spaceless import char_breaks

# splitmix64 / Murmur3 finaliser constants (public domain)
_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser over a uint64 array (wrapping arithmetic)."""
    x = x.astype(np.uint64, copy=True)
    with np.errstate(over="ignore"):
        x ^= x >> _S30
        x *= _C1
        x ^= x >> _S27
        x *= _C2
        x ^= x >> _S31
    return x


def words(text: str) -> list[str]:
    """Case-folded word tokens (no offsets): the fast path for signatures."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def words_with_offsets(text: str) -> tuple[list[str], np.ndarray]:
    """Tokens and an (n, 2) int array of their character offsets in ``text`` itself.

    Offsets point into the text as given (no normalisation before matching),
    so they can be shown and stored; each token is case-folded and NFKC'd
    individually, which agrees with ``words`` for all but exotic ligatures.
    """
    toks: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        toks.append(unicodedata.normalize("NFKC", m.group()).casefold())
        spans.append(m.span())
    arr = np.array(spans, dtype=np.int64).reshape(-1, 2)
    return toks, arr


def token_hashes(toks: list[str]) -> np.ndarray:
    """One stable uint64 per token."""
    if not toks:
        return np.zeros(0, dtype=np.uint64)
    raw = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in toks), dtype=np.uint64, count=len(toks))
    # crc32 is 32 bits; spread it over 64 with the length folded in so that
    # k-gram combinations below stay well mixed.
    return mix64(raw)


def kgram_hashes(th: np.ndarray, k: int) -> np.ndarray:
    """Hash of every k consecutive token hashes (length n-k+1; one gram if n < k)."""
    n = len(th)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    if n < k:
        k = n
    m = n - k + 1
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * _GOLD + th[j : j + m]
    return mix64(acc)


# -- batch path for signatures ---------------------------------------------------
# Word bytes: ASCII letters/digits/underscore and every byte of a multi-byte
# UTF-8 character (letters of other scripts). Common non-ASCII punctuation is
# mapped to a space first so that curly quotes and dashes split words as \w+ does.
_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
    _WORD_BYTE[_c] = True
_WORD_BYTE[0x80:] = True


def _mask_punctuation(b: np.ndarray, isw: np.ndarray) -> None:
    """Mark the UTF-8 bytes of common non-ASCII punctuation as non-word, in place:
    U+00A0-00BF (nbsp, guillemets, (c), middle dot), U+2000-206F (General
    Punctuation: curly quotes, dashes, ellipsis, bullets) and U+3000-303F (CJK
    punctuation)."""
    n = len(b)
    if n < 2:
        return
    lead2 = np.flatnonzero((b[:-1] == 0xC2) & (b[1:] >= 0xA0) & (b[1:] <= 0xBF))
    isw[lead2] = False
    isw[lead2 + 1] = False
    if n < 3:
        return
    e = np.flatnonzero(((b[:-2] == 0xE2) & ((b[1:-1] == 0x80) | (b[1:-1] == 0x81)))
                       | ((b[:-2] == 0xE3) & (b[1:-1] == 0x80)))
    isw[e] = False
    isw[e + 1] = False
    isw[e + 2] = False
_MAXPOS = 32
_TAB = np.random.default_rng(20260101).integers(0, 2**63, size=(_MAXPOS, 256), dtype=np.uint64) * np.uint64(2)
_LENMUL = np.uint64(0xD6E8FEB86659FD93)


def batch_token_hashes(texts: list[str], spans: bool = False) -> tuple[np.ndarray, ...]:
    """Token hashes of many texts in one vectorised pass.

    Returns ``(hashes, doc)`` — a uint64 per token and the index of its text —
    and with ``spans=True`` also ``(start, end)``: byte offsets of each token in
    the UTF-8 of the joined texts (use ``Tokens.of`` for character offsets of
    one text). Tokens are ``\\w+``-like runs read straight from the UTF-8
    bytes: ASCII letters, digits and underscore plus every non-ASCII byte
    except common punctuation (``_mask_punctuation``), so Latin, Cyrillic,
    Greek, Arabic... words split as ``\\w+`` splits them. ASCII letters are
    lower-cased; other scripts are compared as written (no case folding or
    NFKC here, which keeps offsets exact). Each token is hashed by tabulation
    hashing over its bytes with its length mixed in (stable everywhere).
    """
    empty = np.zeros(0, np.uint64), np.zeros(0, np.int64)
    if not texts:
        return (*empty, np.zeros(0, np.int64), np.zeros(0, np.int64)) if spans else empty
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        joined = "\x00".join(t.replace("\x00", " ") for t in texts)
    b = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
    isw = _WORD_BYTE[b]
    if not joined.isascii():
        _mask_punctuation(b, isw)
    brk = None if joined.isascii() else char_breaks(b, isw)  # zh/ja/th: each character a token
    low = np.where((b >= 65) & (b <= 90), b + 32, b).astype(np.uint8)
    doc_ends = np.flatnonzero(b == 0)
    prev = np.empty_like(isw)
    prev[0] = False
    prev[1:] = isw[:-1]
    start_flag = isw & ~prev
    if brk is not None:
        start_flag |= isw & brk
    tok_starts = np.flatnonzero(start_flag)
    if not len(tok_starts):
        return (*empty, np.zeros(0, np.int64), np.zeros(0, np.int64)) if spans else empty
    nxt = np.empty_like(isw)
    nxt[-1] = False
    nxt[:-1] = isw[1:] if brk is None else isw[1:] & ~brk[1:]
    tok_ends = np.flatnonzero(isw & ~nxt) + 1
    wpos = np.flatnonzero(isw)
    lengths = tok_ends - tok_starts
    tok_of_byte = np.repeat(np.arange(len(tok_starts)), lengths)
    pos_in_tok = wpos - np.repeat(tok_starts, lengths)
    vals = _TAB[np.minimum(pos_in_tok, _MAXPOS - 1), low[wpos]]
    first = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    del tok_of_byte
    h = np.bitwise_xor.reduceat(vals, first)
    with np.errstate(over="ignore"):
        h = mix64(h ^ (lengths.astype(np.uint64) * _LENMUL))
    doc = np.searchsorted(doc_ends, tok_starts, side="right")
    if spans:
        return h, doc, tok_starts, tok_ends
    return h, doc


def batch_kgrams(h: np.ndarray, doc: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """k-gram hashes over a batch of token hashes, never crossing documents.
    A document with fewer than k tokens contributes nothing."""
    n = len(h)
    if n < k:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    m = n - k + 1
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * _GOLD + h[j : j + m]
    ok = doc[: m] == doc[k - 1 :]
    return mix64(acc[ok]), doc[:m][ok]


def tokens_of(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Token hashes of one text and an (n, 2) array of their character offsets in it
    (same tokens and hashes as ``batch_token_hashes``)."""
    h, _, bs, be = batch_token_hashes([text], spans=True)
    if text.isascii():
        return h, np.stack((bs, be), axis=1)
    b = np.frombuffer(text.replace("\x00", " ").encode("utf-8"), dtype=np.uint8)
    c = np.concatenate(([0], np.cumsum((b & 0xC0) != 0x80)))
    return h, np.stack((c[bs], c[be]), axis=1)


def split_by_doc(values: np.ndarray, doc: np.ndarray, n_docs: int) -> list[np.ndarray]:
    """Per-document slices of a batch array whose ``doc`` index is non-decreasing."""
    bounds = np.searchsorted(doc, np.arange(n_docs + 1))
    return [values[bounds[i] : bounds[i + 1]] for i in range(n_docs)]
