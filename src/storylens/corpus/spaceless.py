"""Tokens for scripts written without spaces (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar).

Copy detection compares word k-grams (``corpus.tokens``): a token is a run of word
characters. Chinese, Japanese and Thai put no spaces between words, so a whole clause was
one token and two articles shared a 5-gram only where five clauses were identical: only
exact copies were found. Here every character of those scripts is a token of its own, so
the syndication stage's 5-grams become character 5-grams there (about two to three Chinese
words; the usual shingle for Chinese near-duplicate detection), while words of spaced
scripts inside the same text ("G20", "Xi Jinping") stay whole words.

Two entry points, one per tokeniser in ``corpus.tokens``:

* ``TOKEN``: the regular expression of ``tokens.words`` / ``words_with_offsets``;
* ``char_breaks(b, isw)``: over the UTF-8 bytes of the vectorised path
  (``tokens.batch_token_hashes``), a mask of the bytes where a token must start although
  the byte before is a word byte (each such character's first byte, and the first byte
  after one).

Why a word segmenter (jieba, pkuseg) is not used: character grams need no dictionary, treat
Chinese, Japanese and Thai alike, and keep the vectorised byte path.

Stores indexed before this change hold clause-level tokens for such articles: run
``storylens syndication --rebuild`` once to re-index them (English and other spaced
scripts hash as before).
"""

from __future__ import annotations

import re

import numpy as np

# (first, last) code points, all in the three-byte UTF-8 range U+0800-U+FFFF
RANGES = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
)
_CLASS = "".join(f"{chr(a)}-{chr(b)}" for a, b in RANGES)
TOKEN = re.compile(rf"[{_CLASS}]|[^\W{_CLASS}]+", re.UNICODE)


def is_spaceless(ch: str) -> bool:
    cp = ord(ch)
    return any(a <= cp <= b for a, b in RANGES)


# full-width punctuation of CJK text (，！？：；（）…): not word characters, as for \w+
PUNCT_RANGES = ((0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65))


def char_breaks(b: np.ndarray, isw: np.ndarray) -> np.ndarray | None:
    """Bool mask over UTF-8 bytes ``b``: True at the first byte of each character of a
    spaceless script and at the byte right after such a character; None when the text has
    none (the common case costs one vectorised scan). Full-width punctuation bytes are set
    to non-word in ``isw`` (in place), as ``\\w+`` treats them."""
    n = len(b)
    if n < 3:
        return None
    lead = np.flatnonzero((b[:-2] & 0xF0) == 0xE0)
    if not len(lead):
        return None
    cp = ((b[lead].astype(np.int64) & 0x0F) << 12) | ((b[lead + 1].astype(np.int64) & 0x3F) << 6) \
        | (b[lead + 2].astype(np.int64) & 0x3F)
    for a, z in PUNCT_RANGES:
        p = lead[(cp >= a) & (cp <= z)]
        isw[p] = isw[p + 1] = isw[p + 2] = False
    hit = np.zeros(len(lead), dtype=bool)
    for a, z in RANGES:
        hit |= (cp >= a) & (cp <= z)
    starts = lead[hit]
    if not len(starts):
        return None
    brk = np.zeros(n + 3, dtype=bool)
    brk[starts] = True
    brk[starts + 3] = True
    return brk[:n]
