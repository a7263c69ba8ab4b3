"""Retrain the shipped tone model (src/storylens/data/tone/) from NewsMTSC.

    PYTHONPATH=src python scripts/train_tone.py \\
        --train ../shared/data/tone-newsmtsc/train.jsonl \\
        [--dev ../shared/data/tone-newsmtsc/devtest_mt.jsonl] [--C 0.3] [--blocks base,dep,slots]

Default install only (numpy, scikit-learn, spaCy, VADER; no torch). Steps:
parse the training sentences with the shared spaCy pipeline (for the ``dep``
block), compute the target features (``storylens.enrich.tone_model.Featurizer``),
standardise, fit a multinomial logistic regression, and write float32 weights
(model.npz) and meta.json (blocks, C, figures). ``--dev`` only reports a score;
it is never used for fitting. A few minutes on 2 cores (most of it parsing
and featurising ~8,700 targets).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from storylens.embeddings import Embedder
from storylens.enrich.tone_model import DATA_DIR, LABELS, Featurizer, ToneModel
from storylens.eval.tone import load_newsmtsc, macro_f1


def featurise(feat: Featurizer, path: str, parse: bool) -> tuple[np.ndarray, np.ndarray]:
    targets = load_newsmtsc(path)
    docs: dict[str, object] = {}
    if parse:
        from storylens.enrich.nlp import load_english

        nlp = load_english()
        sents = sorted({t.sentence for t in targets})
        t0 = time.perf_counter()
        docs = dict(zip(sents, nlp.pipe(sents, batch_size=64), strict=True))
        print(f"  parsed {len(sents)} sentences in {time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    X = np.stack([feat(t.sentence, t.start, t.end, docs.get(t.sentence)) for t in targets])
    y = np.array([LABELS.index(t.label) for t in targets])
    print(f"  featurised {len(targets)} targets in {time.perf_counter() - t0:.0f} s")
    return X, y


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev")
    ap.add_argument("--C", type=float, default=0.3, help="inverse L2 strength of the regression")
    ap.add_argument("--blocks", default="base,dep,slots")
    ap.add_argument("--out", default=str(DATA_DIR))
    args = ap.parse_args()

    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    blocks = tuple(b.strip() for b in args.blocks.split(",") if b.strip())
    feat = Featurizer(Embedder.load(), blocks)
    print(f"train: {args.train}")
    X, y = featurise(feat, args.train, "dep" in blocks)
    t0 = time.perf_counter()
    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    clf = LogisticRegression(C=args.C, max_iter=3000).fit((X - scaler.mean_) / scale, y)
    print(f"  fitted in {time.perf_counter() - t0:.0f} s")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez(
        out / "model.npz",
        mean=scaler.mean_.astype(np.float32), scale=scale.astype(np.float32),
        coef=clf.coef_.astype(np.float32), intercept=clf.intercept_.astype(np.float32),
    )
    meta = {
        "name": "static-lr",
        "blocks": list(blocks),
        "labels": list(LABELS),
        "C": args.C,
        "features": int(X.shape[1]),
        "train_file": Path(args.train).name,
        "train_targets": len(y),
        "embeddings": "storylens/data/embeddings (model2vec distillation of all-MiniLM-L6-v2)",
    }
    if args.dev:
        ToneModel._cache.clear()
        (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        model = ToneModel.load(out)
        print(f"dev: {args.dev}")
        Xd, yd = featurise(model.featurizer, args.dev, "dep" in blocks)
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
