"""Retrain the shipped static tone model (src/storylens/data/tone/) from NewsMTSC.

The shipped model (distilled MLP head; docs/tone.md):

    PYTHONPATH=src python scripts/make_tone_distill_set.py --out /tmp/tone_distill.jsonl
    PYTHONPATH=src python scripts/train_tone.py \\
        --train ../shared/data/tone-newsmtsc/train.jsonl --distill /tmp/tone_distill.jsonl \\
        --dev ../shared/data/tone-newsmtsc/devtest_mt.jsonl

The linear head on gold alone (the model shipped before, macro-F1 0.667):

    PYTHONPATH=src python scripts/train_tone.py \\
        --train ../shared/data/tone-newsmtsc/train.jsonl \\
        [--dev ../shared/data/tone-newsmtsc/devtest_mt.jsonl] [--C 0.3] [--blocks base] [--cache DIR]

Steps: parse the training sentences with the shared spaCy pipeline (only for
the ``dep`` block), compute the target features
(``storylens.enrich.tone_model.Featurizer``), then

- linear head (default install: numpy, scikit-learn): a multinomial logistic
  regression on all of train;
- ``--distill FILE`` (torch, as for the transformer script): one hidden layer
  (``--hidden``, GELU) fitted on gold cross-entropy plus ``--lam`` x the
  cross-entropy against the transformer's probabilities on the unlabelled
  targets of FILE. 10% of train's articles (``--holdout``, split seed
  ``--split-seed``) are held out to pick the epoch; the rest is fitted.

and write float32 weights (model.npz) and meta.json (blocks, head, figures).
``--dev`` only reports a score; it is never used for fitting or choosing.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from storylens.embeddings import StaticEmbedder
from storylens.enrich.tone_model import DATA_DIR, LABELS, Featurizer, ToneModel
from storylens.eval.tone import article_key, heldout_articles, load_newsmtsc, macro_f1


def featurise(
    feat: Featurizer, path: str, parse: bool, cache_dir: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Features and gold labels of a NewsMTSC file's targets, in file order."""
    targets = load_newsmtsc(path)
    docs: dict[str, object] = {}
    if parse:
        from spacy.tokens import DocBin

        from storylens.enrich.nlp import load_english

        nlp = load_english(("ner", "lemmatizer"))  # the parse is all the features read
        sents = sorted({t.sentence for t in targets})
        cache = Path(cache_dir) / (Path(path).stem + ".spacy") if cache_dir else None
        t0 = time.perf_counter()
        if cache is not None and cache.exists():
            got = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
            docs = {d.text: d for d in got}
        if set(docs) != set(sents):
            docs = dict(zip(sents, nlp.pipe(sents, batch_size=64), strict=True))
            if cache is not None:
                cache.parent.mkdir(parents=True, exist_ok=True)
                DocBin(docs=list(docs.values())).to_disk(cache)
        print(f"  parsed {len(sents)} sentences in {time.perf_counter() - t0:.0f} s", flush=True)
    t0 = time.perf_counter()
    X = np.stack([feat(t.sentence, t.start, t.end, docs.get(t.sentence)) for t in targets])
    y = np.array([LABELS.index(t.label) for t in targets])
    print(f"  featurised {len(targets)} targets in {time.perf_counter() - t0:.0f} s", flush=True)
    return X, y


def read_distill(feat: Featurizer, path: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and teacher probabilities of make_tone_distill_set.py's targets."""
    items, probs = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                for t in row["targets"]:
                    items.append((row["sentence"], int(t["from"]), int(t["to"])))
                    probs.append(t["probs"])
    t0 = time.perf_counter()
    X = np.stack([feat(s, a, b, None) for s, a, b in items]).astype(np.float32)
    print(f"  featurised {len(items)} teacher-labelled targets in {time.perf_counter() - t0:.0f} s", flush=True)
    return X, np.asarray(probs, dtype=np.float32)


def fit_mlp(X: np.ndarray, y: np.ndarray, Xh: np.ndarray, yh: np.ndarray, Xu: np.ndarray,
            Pu: np.ndarray, hidden: int, lam: float, epochs: int, seed: int) -> tuple[dict, dict]:
    """Gold cross-entropy + lam x soft cross-entropy against the teacher; best epoch on held-out."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    net = torch.nn.Sequential(
        torch.nn.Dropout(0.1), torch.nn.Linear(X.shape[1], hidden), torch.nn.GELU(approximate="tanh"),
        torch.nn.Dropout(0.3), torch.nn.Linear(hidden, len(LABELS)))
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=0.05)
    Xt, yt, Xut, Put = map(torch.from_numpy, (X, y, Xu, Pu))
    batch = 128
    n_batches = max(1, len(Xt) // batch)
    ub = len(Xut) // n_batches
    best: dict = {"macro_f1": -1.0}
    state: dict = {}
    for ep in range(epochs):
        net.train()
        gp, up = torch.randperm(len(Xt)), torch.randperm(len(Xut))
        for b in range(n_batches):
            gi, ui = gp[b * batch:(b + 1) * batch], up[b * ub:(b + 1) * ub]
            loss = torch.nn.functional.cross_entropy(net(Xt[gi]), yt[gi])
            loss = loss - lam * (Put[ui] * torch.log_softmax(net(Xut[ui]), -1)).sum(-1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            pred = net(torch.from_numpy(Xh)).argmax(1).numpy()
        m = macro_f1([LABELS[i] for i in yh], [LABELS[i] for i in pred])
        if m["macro_f1"] > best["macro_f1"]:
            best = {"macro_f1": round(m["macro_f1"], 4), "accuracy": round(m["accuracy"], 4), "epoch": ep + 1}
            state = {k: v.detach().clone().numpy() for k, v in net.state_dict().items()}
        if (ep + 1) % 10 == 0:
            print(f"  epoch {ep + 1}: held-out macro-F1 {m['macro_f1']:.4f} (best {best})", flush=True)
    return state, best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev")
    ap.add_argument("--C", type=float, default=0.3, help="inverse L2 strength of the regression")
    ap.add_argument("--blocks", default="base", help="feature blocks: base[,dep][,slots] (see tone_model)")
    ap.add_argument("--standardize", action="store_true",
                    help="standardise features before the regression (worse on devtest_mt: 0.65 vs 0.67)")
    ap.add_argument("--out", default=str(DATA_DIR))
    ap.add_argument("--cache", help="folder to keep the spaCy parses in between runs")
    ap.add_argument("--save-features", help="also write the feature matrices to this .npz")
    ap.add_argument("--distill", help="teacher-labelled targets (scripts/make_tone_distill_set.py): "
                                      "fit the MLP head on gold + the teacher's probabilities")
    ap.add_argument("--hidden", type=int, default=512, help="MLP head: hidden units")
    ap.add_argument("--lam", type=float, default=10.0, help="MLP head: weight of the teacher's labels")
    ap.add_argument("--epochs", type=int, default=60, help="MLP head: epochs (the best on held-out is kept)")
    ap.add_argument("--holdout", type=float, default=0.1, help="MLP head: share of train's articles held out")
    ap.add_argument("--split-seed", type=int, default=13)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    blocks = tuple(b.strip() for b in args.blocks.split(",") if b.strip())
    feat = Featurizer(StaticEmbedder.load(), blocks)
    print(f"train: {args.train}", flush=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.distill:
        gold = load_newsmtsc(args.train)
        held = heldout_articles(gold, args.holdout, args.split_seed)
        is_held = np.asarray([article_key(t.gid) in held for t in gold])
        X_all, y_all = featurise(feat, args.train, "dep" in blocks, args.cache)  # file order, as gold
        X, y = X_all[~is_held].astype(np.float32), y_all[~is_held]
        Xh, yh = X_all[is_held].astype(np.float32), y_all[is_held]
        Xu, Pu = read_distill(feat, args.distill)
        t0 = time.perf_counter()
        state, best = fit_mlp(X, y, Xh, yh, Xu, Pu, args.hidden, args.lam, args.epochs, args.seed)
        print(f"  fitted in {time.perf_counter() - t0:.0f} s; best held-out {best}")
        np.savez(
            out / "model.npz",
            mean=np.zeros(X.shape[1], np.float32), scale=np.ones(X.shape[1], np.float32),
            hidden_w=state["1.weight"].T.astype(np.float32), hidden_b=state["1.bias"].astype(np.float32),
            coef=state["4.weight"].astype(np.float32), intercept=state["4.bias"].astype(np.float32),
        )
        meta = {
            "name": "static-mlp", "blocks": list(blocks), "labels": list(LABELS), "head": "mlp",
            "hidden": args.hidden, "activation": "gelu-tanh", "lam": args.lam, "epochs": args.epochs,
            "best_epoch": best["epoch"], "heldout_macro_f1": best["macro_f1"],
            "heldout": f"{args.holdout:.0%} of train's articles, split seed {args.split_seed}",
            "features": int(X.shape[1]), "train_file": Path(args.train).name, "train_targets": len(y),
            "heldout_targets": len(yh), "distill_file": Path(args.distill).name,
            "distill_targets": len(Pu), "teacher": "storylens/data/tone/transformer (minilm-int8)",
            "embeddings": "storylens/data/embeddings (model2vec distillation of all-MiniLM-L6-v2)",
        }
        report_dev(args, out, meta, blocks)
        return
    X, y = featurise(feat, args.train, "dep" in blocks, args.cache)
    t0 = time.perf_counter()
    if args.standardize:
        scaler = StandardScaler().fit(X)
        mean, scale = scaler.mean_, np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    else:  # the embedding blocks are unit vectors already
        mean, scale = np.zeros(X.shape[1]), np.ones(X.shape[1])
    clf = LogisticRegression(C=args.C, max_iter=3000).fit((X - mean) / scale, y)
    print(f"  fitted in {time.perf_counter() - t0:.0f} s")

    np.savez(
        out / "model.npz",
        mean=mean.astype(np.float32), scale=scale.astype(np.float32),
        coef=clf.coef_.astype(np.float32), intercept=clf.intercept_.astype(np.float32),
    )
    meta = {
        "name": "static-lr",
        "head": "linear",
        "blocks": list(blocks),
        "labels": list(LABELS),
        "C": args.C,
        "standardize": bool(args.standardize),
        "features": int(X.shape[1]),
        "train_file": Path(args.train).name,
        "train_targets": len(y),
        "embeddings": "storylens/data/embeddings (model2vec distillation of all-MiniLM-L6-v2)",
    }
    report_dev(args, out, meta, blocks, X, y)


def report_dev(args: argparse.Namespace, out: Path, meta: dict, blocks: tuple[str, ...],
               X: np.ndarray | None = None, y: np.ndarray | None = None) -> None:
    """Write meta.json; with ``--dev``, score the written model there once (a report)."""
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    if args.dev:
        ToneModel._cache.clear()
        model = ToneModel.load(out)
        print(f"dev: {args.dev}")
        Xd, yd = featurise(model.featurizer, args.dev, "dep" in blocks, args.cache)
        if args.save_features and X is not None:
            np.savez(args.save_features, X=X, y=y, Xd=Xd, yd=yd)
        pred = model.predict_features(Xd).argmax(1)
        m = macro_f1([LABELS[i] for i in yd], [LABELS[i] for i in pred])
        meta["dev_file"] = Path(args.dev).name
        meta["dev_macro_f1"] = round(m["macro_f1"], 4)
        meta["dev_accuracy"] = round(m["accuracy"], 4)
        print(f"  macro-F1 {m['macro_f1']:.4f}  accuracy {m['accuracy']:.4f}")
        (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
