"""Score narrative frames and hero/villain/victim roles on the Narrative Frames Corpus.

Data: Frermann et al. (ACL 2023), 428 climate-change articles with five binary
frames (RE resolution, HI human interest, CO conflict, MO moral, EC economic)
and 1,944 annotated entities cast as hero, villain or victim. Layout as in
github.com/phenixace/narrative-framing ``data/``: ``articles_metadata.tsv``
and ``role_and_frame_annoations.tsv`` (sic).

Methods reported side by side:

- ``majority``: the majority class of each frame / of roles (on all data: an
  upper bound for a majority baseline);
- ``keyword``: one short word list per frame (any hit -> frame present);
  roles from the tagger's cue counts (``storylens.corpus.roles``), the
  majority role when an entity has no cue;
- ``pack``: the shipped climate narrative pack, zero-shot (the narrative whose
  ``frame:`` is the column fires -> frame present) — what ``ingest`` stores;
- ``learned``: TF-IDF + logistic regression, 5-fold cross-validation
  (shared by the five frames; for roles grouped by article so no article's
  entities are in both train and test). Each fold fits on 4/5 and predicts
  the held-out 1/5; the scores are over the pooled held-out predictions.
  For frames the decision threshold is chosen by a 3-fold CV inside each
  training part (nested: the held-out fold never informs it; the inner folds
  share the training part's TF-IDF vocabulary, which only affects the
  threshold choice).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylens.errors import StoryLensError

FRAMES = ("RE", "HI", "CO", "MO", "EC")
FRAME_NAMES = {"RE": "resolution", "HI": "human interest", "CO": "conflict", "MO": "moral", "EC": "economic"}
KEYWORDS = {
    "RE": ("solution", "renewable", "policy", "plan", "reduce emissions", "paris agreement"),
    "HI": ("family", "children", "personal", "lives", "suffering"),
    "CO": ("criticism", "oppose", "conflict", "fight", "attack", "versus"),
    "MO": ("moral", "ethic", "god", "religious", "responsibility"),
    "EC": ("economy", "economic", "cost", "jobs", "billion", "money"),
}
SEED = 13
FOLDS = 5


@dataclass
class FramesData:
    ids: list[str]
    texts: list[str]
    labels: dict[str, list[bool]]
    roles: list[dict[str, str]]  # id, entity, role


def _bool(v: str | None) -> bool | None:
    if v is None:
        return None
    v = v.strip().rstrip(")")
    return {"True": True, "False": False}.get(v)


def load(folder: str | Path) -> FramesData:
    folder = Path(folder)
    meta = folder / "articles_metadata.tsv"
    roles_path = folder / "role_and_frame_annoations.tsv"
    if not meta.exists() or not roles_path.exists():
        raise StoryLensError(
            f"{str(folder)!r} is not a narrative-framing folder: expected articles_metadata.tsv and "
            "role_and_frame_annoations.tsv (github.com/phenixace/narrative-framing data/)"
        )
    csv.field_size_limit(sys.maxsize)
    ids, texts, labels = [], [], {f: [] for f in FRAMES}
    with meta.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            vals = {f: _bool(row.get(f)) for f in FRAMES}
            if any(v is None for v in vals.values()) or not row.get("text"):
                continue  # the one malformed row upstream
            ids.append(row["ID"])
            texts.append(row["text"])
            for f in FRAMES:
                labels[f].append(bool(vals[f]))
    roles = []
    with roles_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("role") in ("hero", "villain", "victim") and row.get("entity"):
                roles.append({"id": row["ID"], "entity": row["entity"], "role": row["role"]})
    return FramesData(ids, texts, labels, roles)


def prf(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _keyword_frames(texts: list[str]) -> dict[str, list[bool]]:
    out = {}
    for f in FRAMES:
        kws = KEYWORDS[f]
        out[f] = [any(k in t.casefold() for k in kws) for t in texts]
    return out


def _pack_frames(texts: list[str]) -> dict[str, list[bool]]:
    from storylens.corpus.narratives import detect_text, load_packs

    pack = load_packs("climate")
    by_frame = {n.name: n.frame for p in pack for n in p.narratives if n.frame}
    out: dict[str, list[bool]] = {f: [] for f in FRAMES}
    for t in texts:
        hit_frames = {by_frame.get(h.narrative) for h in detect_text(t, pack)}
        for f in FRAMES:
            out[f].append(f in hit_frames)
    return out


def _vectorizer() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9, ngram_range=(1, 2),
                           stop_words="english", max_features=50_000)


def _lr() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)


def _best_threshold(y: Any, p: Any) -> float:
    best, best_f = 0.5, -1.0
    for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        f = prf(list(map(bool, y)), list(p >= t))["f1"]
        if f > best_f:
            best, best_f = t, f
    return best


def _learned_frames(texts: list[str], labels: dict[str, list[bool]]) -> dict[str, list[bool]]:
    """5-fold CV shared by the frames (the TF-IDF features are fitted once per training part);
    the decision threshold is chosen by a 3-fold CV inside each training part (nested)."""
    import numpy as np
    from sklearn.model_selection import KFold, StratifiedKFold

    ys = {f: np.array(labels[f]) for f in FRAMES}
    pred = {f: np.zeros(len(texts), dtype=bool) for f in FRAMES}
    for train, test in KFold(FOLDS, shuffle=True, random_state=SEED).split(texts):
        vec = _vectorizer()
        x_train = vec.fit_transform([texts[i] for i in train])
        x_test = vec.transform([texts[i] for i in test])
        for f in FRAMES:
            y = ys[f][train]
            inner = np.zeros(len(train))
            for itr, ite in StratifiedKFold(3, shuffle=True, random_state=SEED).split(train, y):
                inner[ite] = _lr().fit(x_train[itr], y[itr]).predict_proba(x_train[ite])[:, 1]
            t = _best_threshold(y, inner)
            pred[f][test] = _lr().fit(x_train, y).predict_proba(x_test)[:, 1] >= t
    return {f: p.tolist() for f, p in pred.items()}


def _trained_frames(texts: list[str], labels: dict[str, list[bool]]) -> dict[str, list[bool]]:
    """The `narratives train` inputs (article vector + the climate pack's frame narratives' embedding
    features), one logistic regression per frame, 5-fold CV shared by the frames, the threshold by a
    3-fold CV inside each training part (nested), as for the TF-IDF classifier."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, StratifiedKFold

    from storylens.corpus.narratives import load_packs, semantic, train
    from storylens.eval.narratives import Labelled, cached_encoder

    enc = cached_encoder()
    pack = load_packs("climate")[0]
    items = [Labelled(str(i), "", t, ()) for i, t in enumerate(texts)]
    views = train.views_of(items, enc)
    x = train.tensor(views, semantic.PackIndex(pack, enc))
    enc.save()
    arts = np.stack([v.article for v in views])
    cols = [j for j, n in enumerate(pack.narratives) if n.frame]
    # the features and the claim column (train.tensor's relevance shares are left out)
    z = np.concatenate([arts, x[:, cols, : semantic.CLAIM_COL + 1].reshape(len(x), -1)], 1)

    def lr() -> Any:
        return LogisticRegression(C=0.05, class_weight="balanced", max_iter=3000)

    pred = {f: np.zeros(len(texts), dtype=bool) for f in FRAMES}
    for tr, te in KFold(FOLDS, shuffle=True, random_state=SEED).split(z):
        mu, sd = z[tr].mean(0), z[tr].std(0) + 1e-6
        ztr, zte = (z[tr] - mu) / sd, (z[te] - mu) / sd
        for f in FRAMES:
            y = np.array(labels[f])[tr]
            inner = np.zeros(len(tr))
            for itr, ite in StratifiedKFold(3, shuffle=True, random_state=SEED).split(ztr, y):
                inner[ite] = lr().fit(ztr[itr], y[itr]).predict_proba(ztr[ite])[:, 1]
            pred[f][te] = lr().fit(ztr, y).predict_proba(zte)[:, 1] >= _best_threshold(y, inner)
    return {f: p.tolist() for f, p in pred.items()}


def _role_inputs(data: FramesData) -> tuple[list[list[str]], list[str]]:
    from storylens.corpus.narratives import split_sentences

    sents = {i: [s for _, _, s in split_sentences(t)] for i, t in zip(data.ids, data.texts, strict=True)}
    return [sents.get(r["id"], []) for r in data.roles], [r["entity"] for r in data.roles]


def _role_scores(gold: list[str], pred: list[str]) -> dict[str, Any]:
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1)
    per = {}
    for role in ("hero", "villain", "victim"):
        per[role] = prf([g == role for g in gold], [p == role for p in pred])["f1"]
    return {"accuracy": round(acc, 4), "macro_f1": round(sum(per.values()) / 3, 4),
            **{f"f1_{k}": v for k, v in per.items()}}


def _learned_roles(contexts: list[str], cues: list[list[float]], gold: list[str], groups: list[str]) -> list[str]:
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    y = np.array(gold)
    pred = np.empty(len(y), dtype=object)
    cue = csr_matrix(np.array(cues, dtype=float))
    for train, test in GroupKFold(FOLDS).split(contexts, y, groups):
        vec = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2), max_features=30_000)
        x_train = hstack([vec.fit_transform([contexts[i] for i in train]), cue[train]]).tocsr()
        x_test = hstack([vec.transform([contexts[i] for i in test]), cue[test]]).tocsr()
        clf = LogisticRegression(C=2.0, class_weight="balanced", max_iter=3000)
        clf.fit(x_train, y[train])
        pred[test] = clf.predict(x_test)
    return [str(p) for p in pred]


def evaluate(folder: str | Path, methods: tuple[str, ...] = ("majority", "keyword", "pack", "learned")) -> dict[str, Any]:
    from storylens.corpus.roles import cue_counts, cue_role, role_context

    data = load(folder)
    n = len(data.ids)
    result: dict[str, Any] = {"articles": n, "entities": len(data.roles), "frames": {}, "roles": {},
                              "cv": f"{FOLDS}-fold, seed {SEED}"}
    preds: dict[str, dict[str, list[bool]]] = {}
    if "majority" in methods:
        preds["majority"] = {f: [Counter(data.labels[f]).most_common(1)[0][0]] * n for f in FRAMES}
    if "keyword" in methods:
        preds["keyword"] = _keyword_frames(data.texts)
    if "pack" in methods:
        preds["pack"] = _pack_frames(data.texts)
    if "learned" in methods:
        preds["learned"] = _learned_frames(data.texts, data.labels)
    if "trained" in methods:
        preds["trained"] = _trained_frames(data.texts, data.labels)
    for m, p in preds.items():
        per = {f: prf(data.labels[f], p[f]) for f in FRAMES}
        result["frames"][m] = {
            "per_frame": per,
            "macro_f1": round(sum(v["f1"] for v in per.values()) / len(FRAMES), 4),
        }
    # roles
    sentences, entities = _role_inputs(data)
    gold = [r["role"] for r in data.roles]
    majority = Counter(gold).most_common(1)[0][0]
    found = sum(1 for s, e in zip(sentences, entities, strict=True) if role_context(s, e))
    result["entities_found_in_text"] = found
    if "majority" in methods:
        result["roles"]["majority"] = _role_scores(gold, [majority] * len(gold))
    if "keyword" in methods or "pack" in methods:
        kp = []
        for s, e in zip(sentences, entities, strict=True):
            r = cue_role(s, e)
            kp.append(r[0] if r else majority)
        result["roles"]["keyword"] = _role_scores(gold, kp)
    if "learned" in methods:
        contexts = [role_context(s, e) or e for s, e in zip(sentences, entities, strict=True)]
        cues = []
        for s, e in zip(sentences, entities, strict=True):
            c = cue_counts(s, e)
            cues.append([c["hero"], c["villain"], c["victim"]])
        groups = [r["id"] for r in data.roles]
        result["roles"]["learned"] = _role_scores(gold, _learned_roles(contexts, cues, gold, groups))
    return result


def rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Flat table: one row per method x frame (and macro), then one per role method."""
    out = []
    for m, r in result["frames"].items():
        for f, s in r["per_frame"].items():
            out.append({"task": f"frame {f} ({FRAME_NAMES[f]})", "method": m, **s})
        out.append({"task": "frames macro-F1", "method": m, "f1": r["macro_f1"]})
    for m, s in result["roles"].items():
        out.append({"task": "roles (per entity)", "method": m, "accuracy": s["accuracy"],
                    "f1": s["macro_f1"]})
    return out
