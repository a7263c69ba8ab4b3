"""Which model should the tone cascade escalate to? (docs/tone.md, "The cascade's second model")

The default cascade (``tone_cascade``) reads every sentence with the MiniLM student and re-reads the
sentences where it is unsure with the 12-layer MPNet model. ``mpnet8`` (8 layers, about two thirds of
MPNet's cost per pass) is level with MPNet on NewsMTSC train's held-out 10% and ahead on devtest_mt,
so a student -> mpnet8 cascade could be as accurate for less time.

This script scores, from one pass of each model over every target (cached in ``--cache``): the
student, ``mpnet``, ``mpnet8`` and both cascades at a grid of margins, on the held-out 10% of NewsMTSC
train (``eval.tone.heldout_articles(..., 0.1, 13)``: where margins are chosen), devtest_mt and the own
target set (reported only). A cascade is simulated exactly as ``CascadeToneModel`` runs it: every
target of a sentence whose least sure student target has a margin below m takes the second model's
answer (the second model reads each sentence once with all its targets marked, so its answer for a
target does not depend on which of them escalated). The seed article's China score through the real
``ToneStage`` for each cascade and margin is printed last (``--seed``).

    OMP_NUM_THREADS=1 python scripts/tone_cascade_second.py [--cache /tmp/c8/probs.pkl] [--seed]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MARGINS = (0.3, 0.45, 0.5, 0.6, 0.7, 0.8, 1.0)
SECONDS = ("mpnet", "mpnet8")


def _models() -> dict:
    from storylens.enrich import tone_base
    from storylens.enrich.tone_sentence import SentenceToneModel

    return {"student": SentenceToneModel.load(), "mpnet": tone_base.load(),
            "mpnet8": tone_base.load(adapter_dir=tone_base.MPNET8_DIR)}


def probabilities(cache: Path | None) -> dict:
    """Per set: gold, sentences, and each model's (n, 3) probabilities (computed once, cached)."""
    if cache and cache.is_file():
        return pickle.loads(cache.read_bytes())
    from storylens.eval import tone as ev

    train = ev.load_newsmtsc(SHARED / "data" / "tone-newsmtsc" / "train.jsonl")
    held = ev.heldout_articles(train, 0.1, 13)
    sets = {"heldout": [t for t in train if ev.article_key(t.gid) in held],
            "devtest": ev.load_newsmtsc(SHARED / "data" / "tone-newsmtsc" / "devtest_mt.jsonl"),
            "own": ev.load_newsmtsc(ev.OWN_SET)}
    models = _models()
    out: dict = {}
    for name, targets in sets.items():
        items = [(t.sentence, t.start, t.end) for t in targets]
        out[name] = {"gold": np.array([ev.LABELS.index(t.label) for t in targets]),
                     "sent": [t.sentence for t in targets]}
        for m_name, model in models.items():
            out[name][m_name] = np.asarray(model.predict_targets(items), np.float32)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(out))
    return out


def table(probs: dict) -> None:
    from storylens.enrich.tone_cascade import margins
    from storylens.eval.tone import LABELS, macro_f1

    def f1(gold: np.ndarray, p: np.ndarray) -> float:
        return macro_f1([LABELS[i] for i in gold], [LABELS[i] for i in p.argmax(1)])["macro_f1"]

    for name, d in probs.items():
        gold, sent, student = d["gold"], d["sent"], d["student"]
        print(f"{name} ({len(gold)} targets): student {f1(gold, student):.3f}  "
              + "  ".join(f"{s} {f1(gold, d[s]):.3f}" for s in SECONDS))
        for m in MARGINS:
            unsure = {sent[i] for i in np.flatnonzero(margins(student) < m)} if m < 1 else set(sent)
            up = np.array([s in unsure for s in sent])
            cells = []
            for s in SECONDS:
                p = student.copy()
                p[up] = d[s][up]
                cells.append(f"student->{s} {f1(gold, p):.3f}")
            print(f"  margin {m:.2f}  re-read {len(unsure) / len(set(sent)):.2f} of sentences  " + "  ".join(cells))


def seed() -> None:
    """The seed's China through the real stage, for each cascade and margin."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import china_mentions, text_article
    from storylens.config import Settings
    from storylens.enrich.nlp import load_english
    from storylens.enrich.tone import ToneScorer, ToneStage
    from storylens.enrich.tone_cascade import CascadeToneModel

    text = (SHARED / "seed" / "seed-article.txt").read_text(encoding="utf-8")
    doc = load_english()(text)
    models = _models()
    for s in SECONDS:
        for m in MARGINS:
            cascade = CascadeToneModel(models["student"], models[s], m)
            stage = ToneStage(Settings({"tone_model": "static"}))
            stage.scorer = ToneScorer(cascade)
            (china,) = stage(text_article(text, china_mentions(text), doc)).tones
            print(f"seed China, student->{s} @ {m:.2f}: {china.score:+.3f} {china.label} "
                  f"(re-read {cascade.escalated}/{cascade.sentences} sentences)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, help="pickle of the per-model probabilities (written once)")
    ap.add_argument("--seed", action="store_true", help="also score the seed's China per cascade")
    args = ap.parse_args()
    table(probabilities(args.cache))
    if args.seed:
        seed()


if __name__ == "__main__":
    main()
