"""Target-dependent tone on NewsMTSC (Hamborg & Donnay, EACL 2021).

Format: JSONL, one sentence a line: ``primary_gid``, ``sentence_normalized``,
``targets: [{from, to, mention, polarity}]`` with polarity 2.0 negative,
4.0 neutral, 6.0 positive (character offsets into the sentence). The metric
is macro-F1 over targets (3 classes), as in the paper; accuracy is reported
beside it. The lexicon baseline is VADER on the whole sentence (compound
<= -0.05 negative, >= 0.05 positive), the usual thresholds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from storylens.errors import StoryLensError

POLARITY_TO_LABEL = {2: "negative", 4: "neutral", 6: "positive"}
# The own hand-labelled set ("targets, not topics"; GUIDELINES.md and README.md beside it):
# real headlines and sentences of the demo and AllSides corpora, NewsMTSC's format plus a
# ``case`` per target (beneficiary, victim, aim, prefix, topic, accused, speaker, other).
OWN_SET = Path(__file__).resolve().parents[1] / "data" / "tone" / "eval" / "targets.jsonl"
LABEL_TO_POLARITY = {v: k for k, v in POLARITY_TO_LABEL.items()}
LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class Target:
    gid: str  # the sentence's primary_gid
    sentence: str
    start: int
    end: int
    mention: str
    label: str  # gold label
    case: str = ""  # the own set's probe category (empty for NewsMTSC)


def load_newsmtsc(path: str | Path) -> list[Target]:
    p = Path(path)
    if not p.is_file():
        raise StoryLensError(
            f"NewsMTSC file not found: {str(p)!r}. Pass a JSONL file such as devtest_mt.jsonl."
        )
    targets: list[Target] = []
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                sentence = row["sentence_normalized"]
                for t in row["targets"]:
                    targets.append(Target(
                        gid=row["primary_gid"], sentence=sentence, start=int(t["from"]),
                        end=int(t["to"]), mention=t.get("mention", sentence[t["from"]:t["to"]]),
                        label=POLARITY_TO_LABEL[int(float(t["polarity"]))], case=t.get("case", ""),
                    ))
            except (KeyError, ValueError, TypeError) as exc:
                raise StoryLensError(
                    f"{p}:{n}: not a NewsMTSC record ({exc!r}); expected primary_gid, "
                    "sentence_normalized and targets[{from, to, polarity}]."
                ) from exc
    if not targets:
        raise StoryLensError(f"{p}: no targets read. Is it a NewsMTSC JSONL file?")
    return targets


def load_i18n_targets(tsv: str | Path, corpus: str | Path) -> list[Target]:
    """Hand-labelled targets in other languages (``tests/fixtures/tone_i18n/labels.tsv``: lang,
    file, sentence start/end, target start/end, mention, label — offsets into the articles of
    ``corpus``, which are not redistributed). ``case`` holds the language. A row whose offsets
    do not give its mention is an error naming the line (the corpus is not the labelled one)."""
    tsv, corpus = Path(tsv), Path(corpus)
    if not tsv.is_file():
        raise StoryLensError(f"labels file not found: {str(tsv)!r}")
    if not corpus.is_dir():
        raise StoryLensError(f"corpus folder not found: {str(corpus)!r} (the articles the labels point into)")
    texts: dict[str, str] = {}
    out: list[Target] = []
    for n, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            lang, file, s, e, ts, te, mention, label = line.split("\t")
            s, e, ts, te = int(s), int(e), int(ts), int(te)
        except ValueError as exc:
            raise StoryLensError(f"{tsv}:{n}: expected 8 tab-separated columns ({exc})") from exc
        if file not in texts:
            path = corpus / file
            if not path.is_file():
                raise StoryLensError(f"{tsv}:{n}: {file} is not in {corpus}")
            texts[file] = path.read_text(encoding="utf-8")
        text = texts[file]
        if text[ts:te] != mention or label not in LABELS:
            raise StoryLensError(f"{tsv}:{n}: offsets {ts}-{te} of {file} give {text[ts:te]!r}, not {mention!r} "
                                 f"(or label {label!r} is not one of {', '.join(LABELS)})")
        out.append(Target(gid=f"{file}:{n}", sentence=text[s:e], start=ts - s, end=te - s,
                          mention=mention, label=label, case=lang))
    if not out:
        raise StoryLensError(f"{tsv}: no labelled targets read")
    return out


def per_language(targets: Sequence[Target], models: Sequence[Any]) -> list[dict[str, Any]]:
    """Macro-F1 and accuracy per language (``Target.case``) of each model, with "always neutral"
    beside them. Macro-F1 averages the classes present in that language's gold labels
    (positives are rare in these sets; a class with no gold item would score 0 or be undefined)."""
    rows: list[dict[str, Any]] = []
    preds = {}
    for m in models:
        probs = m.predict_targets([(t.sentence, t.start, t.end) for t in targets])
        preds[f"storylens ({m.name})"] = [LABELS[int(i)] for i in probs.argmax(axis=1)]
    preds["always neutral"] = ["neutral"] * len(targets)
    for lang in sorted({t.case for t in targets}):
        idx = [i for i, t in enumerate(targets) if t.case == lang]
        gold = [targets[i].label for i in idx]
        present = [lab for lab in LABELS if lab in gold]
        for system, pred in preds.items():
            p = [pred[i] for i in idx]
            m = macro_f1(gold, p, labels=present)
            rows.append({"language": lang, "system": system, "targets": len(idx),
                         "gold": " ".join(f"{lab[:3]} {gold.count(lab)}" for lab in LABELS),
                         "macro_f1": round(m["macro_f1"], 4), "accuracy": round(m["accuracy"], 4)})
    return rows


def case_accuracy(path: str | Path, model: Any) -> list[dict[str, Any]]:
    """Accuracy of ``model`` per ``case`` of a file whose targets carry one (the own set):
    which kinds of target (beneficiaries, victims, topic prefixes, ...) it gets wrong."""
    targets = load_newsmtsc(path)
    probs = model.predict_targets([(t.sentence, t.start, t.end) for t in targets])
    rows: dict[str, list[int]] = {}
    for t, p in zip(targets, probs.argmax(axis=1), strict=True):
        rows.setdefault(t.case or "-", []).append(int(LABELS[int(p)] == t.label))
    return [{"system": f"storylens ({model.name})", "case": c, "targets": len(v),
             "accuracy": sum(v) / len(v)} for c, v in sorted(rows.items())]


def article_key(gid: str) -> str:
    """The article part of a NewsMTSC primary_gid (its sentences share it)."""
    return "_".join(gid.split("_")[:3])


def heldout_articles(targets: Sequence[Target], share: float, seed: int) -> set[str]:
    """The articles (``article_key``) held out of training for model choice: ``share`` of
    them, drawn with ``seed``. Both tone training scripts call this, so a static model and
    the transformer are chosen on the same held-out sentences."""
    import random

    keys = sorted({article_key(t.gid) for t in targets})
    random.Random(seed).shuffle(keys)
    return set(keys[: int(len(keys) * share)])


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> dict[str, Any]:
    per: dict[str, dict[str, float]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {
        "macro_f1": sum(v["f1"] for v in per.values()) / len(labels),
        "accuracy": acc,
        "per_class": per,
    }


def vader_label(compound: float) -> str:
    return "negative" if compound <= -0.05 else "positive" if compound >= 0.05 else "neutral"


@dataclass
class ToneReport:
    system: str
    macro_f1: float
    accuracy: float
    targets: int
    seconds: float
    per_class: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def row(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "system": self.system, "macro_f1": self.macro_f1, "accuracy": self.accuracy,
        }
        for lab in LABELS:
            out[f"f1_{lab[:3]}"] = self.per_class.get(lab, {}).get("f1", 0.0)
        out["targets"] = self.targets
        out["targets_per_s"] = self.targets / self.seconds if self.seconds else 0.0
        return out


def _report(system: str, gold: list[str], pred: list[str], seconds: float) -> ToneReport:
    m = macro_f1(gold, pred)
    return ToneReport(system, m["macro_f1"], m["accuracy"], len(gold), seconds, m["per_class"])


def evaluate(
    path: str | Path, predictions: str | Path | None = None, model: Any = None,
    others: Sequence[Any] = (),
) -> tuple[list[ToneReport], list[str]]:
    """Score the shipped tone model and the VADER baseline on a NewsMTSC file.

    Returns the reports (``model`` first, then ``others``, VADER, majority)
    and ``model``'s labels, one per target in file order. ``predictions``
    (optional) receives one JSON line per target from ``model``: primary_gid,
    from, to, polarity (2/4/6), label, scores.
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from storylens.enrich.tone_model import ToneModel

    targets = load_newsmtsc(path)
    gold = [t.label for t in targets]
    model = model or ToneModel.load()

    items = [(t.sentence, t.start, t.end) for t in targets]
    t0 = time.perf_counter()
    probs = model.predict_targets(items)
    pred = [LABELS[int(i)] for i in probs.argmax(axis=1)]
    t_model = time.perf_counter() - t0
    other_reports = []
    for m in others:
        t0 = time.perf_counter()
        p = m.predict_targets(items)
        secs = time.perf_counter() - t0
        other_reports.append(_report(f"storylens ({m.name})", gold,
                                     [LABELS[int(i)] for i in p.argmax(axis=1)], secs))

    analyzer = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    cache: dict[str, str] = {}
    vader = []
    for t in targets:
        if t.sentence not in cache:
            cache[t.sentence] = vader_label(analyzer.polarity_scores(t.sentence)["compound"])
        vader.append(cache[t.sentence])
    t_vader = time.perf_counter() - t0

    majority = max(LABELS, key=gold.count)
    reports = [
        _report(f"storylens ({model.name})", gold, pred, t_model),
        *other_reports,
        _report("vader (sentence)", gold, vader, t_vader),
        _report(f"majority ({majority})", gold, [majority] * len(gold), 0.0),
    ]
    if predictions is not None:
        with Path(predictions).open("w", encoding="utf-8") as fh:
            for t, lab, pr in zip(targets, pred, probs, strict=True):
                fh.write(json.dumps({
                    "primary_gid": t.gid, "from": t.start, "to": t.end,
                    "polarity": float(LABEL_TO_POLARITY[lab]), "label": lab,
                    "scores": {k: round(float(v), 4) for k, v in zip(LABELS, pr, strict=True)},
                }) + "\n")
    return reports, pred
