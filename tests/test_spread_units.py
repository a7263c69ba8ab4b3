"""Syndication building blocks: tokens, MinHash, LSH index, winnowing, passages."""

from __future__ import annotations

import random

import numpy as np

from storylens.corpus.minhash import BandIndex, MinHasher, OnePermHasher, band_keys, lsh_params
from storylens.corpus.passages import Tokenised, shared_passages, shingle_overlap, winnow
from storylens.corpus.tokens import batch_token_hashes, tokens_of

VOCAB = [f"w{i}" for i in range(3000)]


def fake_text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def test_tokens_match_word_runs_and_offsets() -> None:
    text = "Xi’s “battle of narratives” — Beijing’s state-media, São Paulo; 2020 éclair"
    h, spans = tokens_of(text)
    words = [text[s:e] for s, e in spans]
    assert words == ["Xi", "s", "battle", "of", "narratives", "Beijing", "s", "state", "media", "São", "Paulo",
                     "2020", "éclair"]
    # ASCII case folds; hashes are stable and shared with the batch path
    h2, _ = tokens_of(text.replace("Beijing", "BEIJING"))
    assert np.array_equal(h, h2)
    hb, doc = batch_token_hashes([text, "one two"])
    assert np.array_equal(hb[doc == 0], h) and list(doc).count(1) == 2


def test_minhash_estimates_jaccard_like_classic() -> None:
    rng = random.Random(1)
    base = fake_text(rng, 600).split()
    other = base[:400] + fake_text(rng, 200).split()
    a, b = " ".join(base), " ".join(other)
    ta, tb = Tokenised.of(a), Tokenised.of(b)
    jac, cont, _, _ = shingle_overlap(ta, tb)
    s = OnePermHasher().sign_texts([a, b])
    c = MinHasher().sign_texts([a, b])
    assert abs(float(np.mean(s[0] == s[1])) - jac) < 0.12
    assert abs(float(np.mean(c[0] == c[1])) - jac) < 0.12
    assert cont > 0.6


def test_lsh_params_and_band_index() -> None:
    assert lsh_params(0.5, 128) == (32, 4)
    rng = random.Random(2)
    texts = [fake_text(rng, 300) for _ in range(50)]
    texts.append(texts[7][: len(texts[7]) * 3 // 4] + " extra words at the end")
    sigs = OnePermHasher().sign_texts(texts)
    keys = band_keys(sigs, 32, 4)
    idx = BandIndex()
    docs = np.arange(len(texts))
    for i in range(0, len(texts), 10):  # several inserts: segments merge
        idx.add(keys[i : i + 10], docs[i : i + 10])
    assert len(idx) == len(texts) * 32
    pairs = idx.query(keys[-1:], docs[-1:])
    assert [tuple(p) for p in pairs] == [(50, 7)]


def test_winnowing_guarantees_a_shared_fingerprint_for_40_words() -> None:
    rng = random.Random(3)
    for _ in range(20):
        passage = fake_text(rng, 40)
        a = Tokenised.of(fake_text(rng, 300) + " " + passage + " " + fake_text(rng, 100))
        b = Tokenised.of(fake_text(rng, 50) + " " + passage + " " + fake_text(rng, 300))
        assert len(np.intersect1d(winnow(a.hashes), winnow(b.hashes))) >= 1


def test_shared_passages_offsets_in_both_texts() -> None:
    rng = random.Random(4)
    passage = fake_text(rng, 55)
    a_text = fake_text(rng, 200) + ".\n\n" + passage + "\n\n" + fake_text(rng, 80)
    b_text = fake_text(rng, 30) + " " + passage + ". " + fake_text(rng, 300)
    ps = shared_passages(Tokenised.of(a_text), Tokenised.of(b_text), min_words=40)
    assert len(ps) == 1
    p = ps[0]
    assert p.words == 55
    assert a_text[p.a_start : p.a_end] == passage == b_text[p.b_start : p.b_end]
    # 39 shared words are below the threshold
    short = " ".join(passage.split()[:39])
    assert shared_passages(Tokenised.of(fake_text(rng, 100) + " " + short),
                           Tokenised.of(short + " " + fake_text(rng, 100)), min_words=40) == []
