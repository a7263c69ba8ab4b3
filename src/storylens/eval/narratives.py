"""`storylens eval narratives`: narrative packs scored on labelled articles.

Labels are JSON lines ``{"id", "title", "text", "narratives": [names]}`` (an empty list: none of
them), or the SemEval-2025 Task 10 subtask-2 table (``dev.csv`` of the shared data: ``id``,
``text`` = headline line then body, ``dom_narr`` a Python-list string), read by
:func:`read_labels` and written as JSON lines by :func:`write_labels`.

Measures (the T10 convention): F1 per article averaged over articles ("F1-samples"), where an
article with no narrative ("Other" in T10) counts as correct exactly when nothing is predicted
(both sides' empty sets become {"Other"}); micro and macro F1 over the narratives; P/R/F1 per
narrative. Methods, side by side:

- ``pack``: the packs' detection as in ``ingest`` (title + body sentences);
- ``keyword``: a narrative is predicted when any of its keywords occurs (the baseline the issue
  measured at 0.35 on this data);
- ``tfidf``: TF-IDF + logistic regression per narrative, ``--cv`` folds, the decision threshold
  chosen by a 3-fold CV inside each training part (nested; never on the test fold);
- ``zeroshot``: sentence embeddings against each narrative's claims, description and
  sub-narratives with the shipped calibration (:mod:`storylens.corpus.narratives.semantic`), for
  every pack, whatever its ``method``;
- ``trained``: ``storylens narratives train``'s procedure (per pack) in ``--cv`` outer folds, its
  thresholds chosen inside each training part.

``--half train|dev`` keeps one half of the articles (a stable hash of the id): calibrate and tune
on the train half, check on the dev half. Sentence vectors are cached in ``$STORYLENS_EMBED_CACHE``
when it is set.
"""

from __future__ import annotations

import ast
import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylens.errors import StoryLensError

OTHER = "Other"
SEED = 13


@dataclass(frozen=True)
class Labelled:
    id: str
    title: str
    text: str
    narratives: tuple[str, ...]


def read_labels(path: str | Path) -> list[Labelled]:
    """JSONL labels, or the T10 CSV (``.csv``); "Other" is dropped (an empty list means none)."""
    p = Path(path)
    if not p.exists():
        raise StoryLensError(f"labels file not found: {str(p)!r}")
    out: list[Labelled] = []
    if p.suffix.lower() == ".csv":
        csv.field_size_limit(sys.maxsize)
        with p.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                head, _, body = (row.get("text") or "").strip().partition("\n")
                try:
                    names = ast.literal_eval(row.get("dom_narr") or "[]")
                except (ValueError, SyntaxError) as exc:
                    raise StoryLensError(f"{p}: article {row.get('id')!r}: dom_narr is not a list: {exc}") from exc
                out.append(Labelled(str(row["id"]), head.strip(), body.strip(),
                                    tuple(sorted({str(n).strip() for n in names} - {OTHER}))))
        return out
    for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(Labelled(str(d["id"]), str(d.get("title") or ""), str(d["text"]),
                                tuple(sorted({str(n) for n in d.get("narratives") or []} - {OTHER}))))
        except (ValueError, KeyError, TypeError) as exc:
            raise StoryLensError(f"{p}:{i}: not a label line (id, title, text, narratives): {exc}") from exc
    return out


def write_labels(items: Sequence[Labelled], path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as fh:
        for it in items:
            fh.write(json.dumps({"id": it.id, "title": it.title, "text": it.text,
                                 "narratives": list(it.narratives)}, ensure_ascii=False) + "\n")


def scores(gold: Sequence[set[str]], pred: Sequence[set[str]], labels: Sequence[str]) -> dict[str, Any]:
    """F1-samples (T10 convention), micro/macro F1 and per-narrative P/R/F1."""
    f1s = []
    for g, p in zip(gold, pred, strict=True):
        g2, p2 = (g or {OTHER}), (p or {OTHER})
        tp = len(g2 & p2)
        f1s.append(0.0 if tp == 0 else 2 * tp / (len(g2) + len(p2)))
    per = {}
    tp_all = fp_all = fn_all = 0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if lab not in g and lab in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab not in p)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per[lab] = {"precision": round(pr, 4), "recall": round(rc, 4),
                    "f1": round(2 * pr * rc / (pr + rc), 4) if pr + rc else 0.0, "support": tp + fn}
    micro = 2 * tp_all / (2 * tp_all + fp_all + fn_all) if tp_all else 0.0
    macro = sum(v["f1"] for v in per.values()) / len(per) if per else 0.0
    return {"f1_samples": round(sum(f1s) / len(f1s), 4) if f1s else 0.0, "micro_f1": round(micro, 4),
            "macro_f1": round(macro, 4), "micro_precision": round(tp_all / (tp_all + fp_all), 4) if tp_all else 0.0,
            "micro_recall": round(tp_all / (tp_all + fn_all), 4) if tp_all else 0.0, "predicted": tp_all + fp_all,
            "per_narrative": per}


def _pack_predict(items: Sequence[Labelled], packs: Sequence[Any], encoder: Any = None) -> list[set[str]]:
    from storylens.corpus.narratives import detect, split_sentences

    out = []
    for it in items:
        sentences = ([it.title] if it.title else []) + [s for _, _, s in split_sentences(it.text)]
        out.append({h.narrative for h in detect(sentences, packs, encoder)})
    return out


def _keyword_predict(items: Sequence[Labelled], packs: Sequence[Any]) -> list[set[str]]:
    out = []
    for it in items:
        text = f"{it.title}\n{it.text}"
        out.append({n.name for p in packs for n in p.narratives if any(pt.search(text) for pt in n.patterns)})
    return out


def _tfidf_predict(items: Sequence[Labelled], labels: Sequence[str], folds: int) -> list[set[str]]:
    """Nested CV: ``folds`` outer folds; per narrative a 3-fold CV inside the training part picks the threshold."""
    import numpy as np
    from sklearn.model_selection import KFold

    from storylens.eval.frames import _best_threshold, _lr, _vectorizer

    texts = [f"{it.title}\n{it.text}" for it in items]
    pred: list[set[str]] = [set() for _ in items]
    for train, test in KFold(folds, shuffle=True, random_state=SEED).split(texts):
        vec = _vectorizer()
        x_train = vec.fit_transform([texts[i] for i in train])
        x_test = vec.transform([texts[i] for i in test])
        for lab in labels:
            y = np.array([lab in items[i].narratives for i in train])
            if y.sum() < 3:  # too few positives to fit and to pick a threshold: never predicted
                continue
            inner = np.zeros(len(train))
            for itr, ite in KFold(3, shuffle=True, random_state=SEED).split(train):
                if y[itr].sum() == 0 or y[itr].all():
                    continue
                inner[ite] = _lr().fit(x_train[itr], y[itr]).predict_proba(x_train[ite])[:, 1]
            t = _best_threshold(y, inner)
            p = _lr().fit(x_train, y).predict_proba(x_test)[:, 1] >= t
            for j, i in enumerate(test):
                if p[j]:
                    pred[i].add(lab)
    return pred


def select_half(items: Sequence[Labelled], half: str | None) -> list[Labelled]:
    """``train`` / ``dev``: one half of the articles by a stable hash of the id; else all."""
    from storylens.corpus.narratives.train import half_of

    if half in (None, "all"):
        return list(items)
    want = {"train": 0, "dev": 1}[half]
    return [it for it in items if half_of(it.id) == want]


def embedded(items: Sequence[Labelled], packs: Sequence[Any], encoder: Any) -> list[tuple[Any, Any, Any, Any]]:
    """Per pack: (pack, article views, feature tensor, gold matrix)."""
    import numpy as np

    from storylens.corpus.narratives import semantic, train

    views = train.views_of(items, encoder)
    out = []
    for p in packs:
        index = semantic.PackIndex(p, encoder)
        y = np.array([[n.name in it.narratives for n in p.narratives] for it in items], dtype=bool)
        out.append((p, views, train.tensor(views, index), y))
    if hasattr(encoder, "save"):
        encoder.save()
    return out


def _zeroshot_predict(items: Sequence[Labelled], packs: Sequence[Any], encoder: Any) -> list[set[str]]:
    from storylens.corpus.narratives import semantic

    pred: list[set[str]] = [set() for _ in items]
    cal, claim_min = semantic.calibration_for(encoder), semantic.claim_min_for(encoder)
    for p, _views, x, _y in embedded(items, packs, encoder):
        carried = (cal.prob(x) >= cal.threshold) & semantic.gate(x, claim_min)
        for i, row in enumerate(carried):
            pred[i] |= {p.narratives[j].name for j in row.nonzero()[0]}
    return pred


def calibrate(items: Sequence[Labelled], packs: Sequence[Any], encoder: Any, folds: int = 5,
              parts: list[tuple[Any, Any, Any, Any]] | None = None) -> Any:
    """A zero-shot calibration fitted on ``items`` (pooled over the packs' narratives); ``parts``:
    their :func:`embedded` tensors when the caller has them already."""
    import numpy as np

    from storylens.corpus.narratives.semantic import claim_min_for
    from storylens.corpus.narratives.train import fit_calibration

    parts = parts or embedded(items, packs, encoder)
    x = np.concatenate([x for _, _, x, _ in parts], 1)
    y = np.concatenate([y for _, _, _, y in parts], 1)
    return fit_calibration(x, y, folds, claim_min_for(encoder))


def claim_percentile(items: Sequence[Labelled], packs: Sequence[Any], encoder: Any, q: float = 5.0,
                     parts: list[tuple[Any, Any, Any, Any]] | None = None) -> float:
    """The ``q``-th percentile of the best sentence-to-claim similarity over the (article, narrative)
    pairs the labels say are carried: the rule that set the claim gate (``semantic.CLAIM_MIN``);
    ``parts`` as in :func:`calibrate`."""
    import numpy as np

    from storylens.corpus.narratives.semantic import CLAIM_COL

    sims = [x[:, :, CLAIM_COL][y] for _, _, x, y in parts or embedded(items, packs, encoder)]
    got = np.concatenate(sims) if sims else np.zeros(0)
    return round(float(np.percentile(got, q)), 4) if len(got) else float("nan")


def _trained_predict(items: Sequence[Labelled], packs: Sequence[Any], encoder: Any, folds: int,
                     kind: str = "softmax") -> list[set[str]]:
    from storylens.corpus.narratives import train

    pred: list[set[str]] = [set() for _ in items]
    for p, views, x, y in embedded(items, packs, encoder):
        got = train.cross_validate(views, x, y, [n.name for n in p.narratives], folds, kind=kind)["f1"]
        for i, row in enumerate(got):
            pred[i] |= {p.narratives[j].name for j in row.nonzero()[0]}
    return pred


def cached_encoder(name: str = "minilm") -> Any:
    """The named encoder (``minilm``, ``mpnet`` or ``multilingual``) with the on-disk vector cache."""
    from storylens.enrich import sentence_encoder

    if name == "multilingual":
        from storylens.multilingual_encoder import multilingual_encoder

        return sentence_encoder.CachedEncoder(multilingual_encoder())  # type: ignore[arg-type]
    return sentence_encoder.CachedEncoder(sentence_encoder.load(name))


def evaluate(items: Sequence[Labelled], packs: Sequence[Any], methods: Sequence[str] = ("keyword", "pack", "tfidf"),
             folds: int = 5, encoder: Any = None, kind: str = "softmax") -> dict[str, Any]:
    """Scores of each method; the label universe is the gold labels plus the packs' narratives
    (``kind``: the trained method's model, as ``narratives train --model``)."""
    gold = [set(it.narratives) for it in items]
    labels = sorted({lab for g in gold for lab in g})
    known = {n.name for p in packs for n in p.narratives}
    result: dict[str, Any] = {"articles": len(items), "narratives": len(labels),
                              "covered_by_packs": len(set(labels) & known), "methods": {}}
    for m in methods:
        if m == "pack":  # as ingest runs the packs: with the sentence encoder when it is installed
            from storylens.enrich.sentence_encoder import available

            encoder = encoder or (cached_encoder() if available() else None)
            pred = _pack_predict(items, packs, encoder)
        elif m == "keyword":
            pred = _keyword_predict(items, packs)
        elif m == "tfidf":
            pred = _tfidf_predict(items, labels, folds)
        elif m in ("zeroshot", "trained"):
            encoder = encoder or cached_encoder()
            pred = (_zeroshot_predict(items, packs, encoder) if m == "zeroshot"
                    else _trained_predict(items, packs, encoder, folds, kind))
        else:
            raise StoryLensError(f"unknown method {m!r}; choose pack, keyword, tfidf, zeroshot or trained")
        result["methods"][m] = scores(gold, pred, labels)
    return result


def rows(result: dict[str, Any], per_narrative: bool = False) -> list[dict[str, Any]]:
    out = []
    for m, s in result["methods"].items():
        out.append({"method": m, "narrative": "(all)", "f1_samples": s["f1_samples"], "micro_f1": s["micro_f1"],
                    "macro_f1": s["macro_f1"], "micro_precision": s["micro_precision"], "predicted": s["predicted"]})
        if per_narrative:
            for lab, v in s["per_narrative"].items():
                out.append({"method": m, "narrative": lab, "precision": v["precision"], "recall": v["recall"],
                            "f1": v["f1"], "support": v["support"]})
    return out
