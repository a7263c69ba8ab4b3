"""Probe: can the multilingual encoder carry target tone across languages? (not shipped)

Frozen multilingual-e5-small-q4 (storylens.multilingual_encoder) over each NewsMTSC target as
"MENTION: sentence with [MENTION] marked", a multinomial logistic regression on top, C chosen
by 5-fold cross-validation on NewsMTSC train; scored on devtest_mt (English) and, when given,
on hand-labelled targets in other languages (same JSONL shape as NewsMTSC). Embeddings are
cached in --cache (npz) so the head can be refitted without re-encoding (~8 min on one thread).

    OMP_NUM_THREADS=1 nice -n 10 python scripts/tone_multilingual_probe.py \
        --newsmtsc ../shared/data/tone-newsmtsc [--other tests/fixtures/tone_i18n/targets.jsonl]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from storylens.eval.tone import LABELS, load_newsmtsc


def text_of(t) -> str:  # type: ignore[no-untyped-def]
    s = t.sentence
    return f"{t.mention}: {s[:t.start]}[{s[t.start:t.end]}]{s[t.end:]}"


def embed(targets, cache: Path, name: str):  # type: ignore[no-untyped-def]
    f = cache / f"{name}.npz"
    if f.exists():
        return np.load(f)["X"]
    from storylens.multilingual_encoder import multilingual_encoder

    t0 = time.perf_counter()
    X = multilingual_encoder().encode([text_of(t) for t in targets])
    print(f"{name}: {len(targets)} targets encoded in {time.perf_counter() - t0:.0f} s", flush=True)
    np.savez_compressed(f, X=X)
    return X


def tsv_to_jsonl(tsv: Path, corpus: Path, out_dir: Path) -> Path:
    """The labels.tsv rows as NewsMTSC records (case = language), texts read from the corpus."""
    pol = {"negative": 2, "neutral": 4, "positive": 6}
    out = out_dir / f"{tsv.parent.name}.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for n, line in enumerate(tsv.read_text(encoding="utf-8").splitlines()):
            if not line.strip() or line.startswith("#"):
                continue
            lang, file, s, e, ts, te, mention, label = line.split("\t")
            text = (corpus / file).read_text(encoding="utf-8")
            s, e, ts, te = int(s), int(e), int(ts), int(te)
            assert text[ts:te] == mention, (file, mention)
            fh.write(json.dumps({"primary_gid": f"{file}:{n}", "sentence_normalized": text[s:e], "targets": [
                {"from": ts - s, "to": te - s, "mention": mention, "polarity": pol[label], "case": lang}]},
                ensure_ascii=False) + "\n")
    return out


def macro_f1(y, p) -> float:  # type: ignore[no-untyped-def]
    from sklearn.metrics import f1_score

    return float(f1_score(y, p, average="macro", labels=list(range(len(LABELS)))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--newsmtsc", type=Path, required=True)
    ap.add_argument("--other", type=Path, action="append", default=[])
    ap.add_argument("--other-tsv", type=Path, action="append", default=[],
                    help="hand labels with offsets into the SemEval-2023 articles (tests/fixtures/tone_i18n)")
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1].parent
                    / "shared" / "data" / "corpus-multilingual-semeval2023")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/tone_probe_cache"))
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    for tsv in args.other_tsv:
        args.other.append(tsv_to_jsonl(tsv, args.corpus, args.cache))
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    train = load_newsmtsc(args.newsmtsc / "train.jsonl")
    dev = load_newsmtsc(args.newsmtsc / "devtest_mt.jsonl")
    Xtr, Xdev = embed(train, args.cache, "train"), embed(dev, args.cache, "devtest_mt")
    ytr = np.array([LABELS.index(t.label) for t in train])
    ydev = np.array([LABELS.index(t.label) for t in dev])
    groups = [t.gid for t in train]
    best = None
    for C in (0.3, 1.0, 3.0, 10.0):
        clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
        p = cross_val_predict(clf, Xtr, ytr, cv=GroupKFold(5), groups=groups)
        f = macro_f1(ytr, p)
        print(f"C={C}: 5-fold CV macro-F1 on train {f:.3f}", flush=True)
        if best is None or f > best[1]:
            best = (C, f)
    clf = LogisticRegression(C=best[0], max_iter=2000, class_weight="balanced").fit(Xtr, ytr)
    res = {"C": best[0], "cv_train_macro_f1": round(best[1], 3),
           "devtest_mt_macro_f1": round(macro_f1(ydev, clf.predict(Xdev)), 3)}
    for path in args.other:
        other = load_newsmtsc(path)
        Xo = embed(other, args.cache, path.stem)
        by_lang: dict[str, list[int]] = {}
        for i, t in enumerate(other):
            by_lang.setdefault(t.case or "-", []).append(i)
        yo = np.array([LABELS.index(t.label) for t in other])
        po = clf.predict(Xo)
        for lang, idx in sorted(by_lang.items()):
            present = sorted(set(yo[idx].tolist()))
            from sklearn.metrics import f1_score

            res[f"{path.stem}:{lang}_macro_f1_gold_classes"] = round(float(f1_score(
                yo[idx], po[idx], average="macro", labels=present)), 3)
            res[f"{path.stem}:{lang}_always_neutral_accuracy"] = round(float((yo[idx] == 1).mean()), 3)
            res[f"{path.stem}:{lang}_predicted"] = {LABELS[k]: int((po[idx] == k).sum()) for k in range(3)}
            res[f"{path.stem}:{lang}_accuracy"] = round(float((yo[idx] == po[idx]).mean()), 3)
            res[f"{path.stem}:{lang}_n"] = len(idx)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
