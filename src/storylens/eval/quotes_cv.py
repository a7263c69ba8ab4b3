"""K-fold cross-validation of the quotes stage on PolNeAR train, by document.

Why: the cue model and the rules are tuned on train; a figure on train itself says nothing, and
dev is for checking only (tuning on it overfits: issue figures 0.804 dev, 0.768 elsewhere). The
held-out estimate is this: articles are dealt into ``k`` folds (article ``i`` to fold ``i % k``,
as ``scripts/train_quote_cues.py`` does), the cue model is refitted on the other folds with the
packaged model's settings (C, min_count, threshold) and the whole stage scored on the fold. The
counts of all folds are pooled and scored like ``eval.quotes`` (content P/R/F1 at overlap 0.3
and 0.8, speaker and cue accuracy, direct quotes apart).

Shared with the training script: ``rows_of`` (candidate features and labels of one article),
``fit`` (the logistic regression) and ``parse`` (the train parse, optionally cached as a DocBin).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storylens.eval.quotes import score_predictions, storylens_predictions


def parse(articles: list[Any], docbin: str | Path | None = None) -> list[Any]:
    """spaCy Docs of the articles' texts, read from / written to the ``docbin`` cache if given."""
    from spacy.tokens import DocBin

    from storylens.enrich.nlp import load_english

    nlp = load_english()
    if docbin and Path(docbin).exists():
        docs = list(DocBin().from_bytes(Path(docbin).read_bytes()).get_docs(nlp.vocab))
        if len(docs) == len(articles) and all(d.text == a.text for d, a in zip(docs, articles, strict=True)):
            return docs
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    if docbin:
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        Path(docbin).parent.mkdir(parents=True, exist_ok=True)
        Path(docbin).write_bytes(db.to_bytes())
    return docs


def rows_of(doc: Any, article: Any) -> tuple[list[list[str]], list[int]]:
    """Feature rows and labels of every cue candidate of one article (see the training script)."""
    from storylens.enrich.quotes.extract import _Index, cue_candidates, direct_quotes
    from storylens.enrich.quotes.marks import find_mark_spans
    from storylens.eval.quotes import _Tokens

    text = doc.text
    idx = _Index(doc, find_mark_spans(text))
    direct = direct_quotes(doc, text, idx)
    used = {a.extras["cue_token"] for a in direct if "cue_token" in a.extras and not a.partial}
    toks = _Tokens(text)
    golds = [(g.cue, toks.of(g.content)) for g in article.attributions if g.cue]
    feats, labels = [], []
    for c in cue_candidates(doc, text, idx, used, wide=True):
        s, e = doc[c.lo].idx, doc[c.hi].idx + len(doc[c.hi].text)
        ptoks = toks.of([(s, e)])
        at = c.tok.idx
        y = any(any(cs <= at < ce for cs, ce in cue) and gt and len(gt & ptoks) / len(gt) >= 0.3
                for cue, gt in golds)
        feats.append(c.features(idx, text))
        labels.append(int(y))
    return feats, labels


def fit(feats: list[list[str]], labels: list[int], c_reg: float, min_count: int) -> tuple[dict[str, float], float]:
    """L2 logistic regression (liblinear) over binary features seen at least ``min_count`` times."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(f for fs in feats for f in set(fs))
    keep = {f for f, n in counts.items() if n >= min_count}
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in fs if f in keep} for fs in feats]).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear wants 32-bit sparse indices
    x.indptr = x.indptr.astype("int32")
    clf = LogisticRegression(C=c_reg, solver="liblinear", max_iter=2000)
    clf.fit(x, labels)
    from storylens.enrich.quotes.cuemodel import MIN_WEIGHT

    # the weights the packaged file keeps (``CueModel.to_json``): cross-validation scores what ships
    weights = {name: round(float(w), 4) for name, w in zip(vec.feature_names_, clf.coef_[0], strict=True)
               if abs(w) >= MIN_WEIGHT}
    return weights, float(clf.intercept_[0])


def cross_validate(root: str | Path, folds: int = 5, limit: int | None = None, docbin: str | Path | None = None,
                   progress: Callable[[str], None] | None = None,
                   predictions: str | Path | None = None) -> list[dict[str, Any]]:
    """Pooled k-fold scores of the quotes stage on PolNeAR train (rows as ``eval.quotes``).

    ``predictions``: write each article's held-out predictions there (JSONL, as ``eval quotes
    --predictions``): the material for error analysis on train, so dev stays unread."""
    from storylens.enrich.quotes.cuemodel import CueModel, packaged_model
    from storylens.eval.polnear import load_split
    from storylens.eval.quotes import write_predictions

    base = packaged_model()
    meta = base.meta if base is not None else {}
    c_reg, min_count = float(meta.get("C", 0.5)), int(meta.get("min_count", 3))
    threshold = base.threshold if base is not None else 0.25
    articles = load_split(root, "train", limit)
    t0 = time.perf_counter()
    docs = parse(articles, docbin)
    per_doc = [rows_of(d, a) for d, a in zip(docs, articles, strict=True)]
    preds: list[Any] = [None] * len(docs)
    for fold in range(folds):
        train_i = [i for i in range(len(docs)) if i % folds != fold]
        test_i = [i for i in range(len(docs)) if i % folds == fold]
        weights, bias = fit([f for i in train_i for f in per_doc[i][0]],
                            [y for i in train_i for y in per_doc[i][1]], c_reg, min_count)
        model = CueModel(weights, bias, threshold, {})
        for i, p in zip(test_i, storylens_predictions([docs[i] for i in test_i], cue_model=model), strict=True):
            preds[i] = p
        if progress:
            progress(f"fold {fold + 1}/{folds} done ({time.perf_counter() - t0:.0f} s)")
    if predictions:
        write_predictions(predictions, articles, preds)
    return score_predictions(f"storylens {folds}-fold CV (train)", articles, preds, time.perf_counter() - t0)
