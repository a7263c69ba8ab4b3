"""Tone at the MPNet model's accuracy for a fraction of its cost: the student reads every
sentence, the MPNet model re-reads only the sentences where the student hesitates.

Why. ``mpnet`` is the accurate model (devtest_mt macro-F1 0.83) and costs 2.5-4x spaCy's
parse; the ``student`` (MiniLM trained on NewsMTSC and on the MPNet model's labels) costs
about a fifth of that and scores 0.77. Where the student is sure it mostly agrees with
its teacher; where it is not, the teacher is worth its price. So every sentence goes through
the student, and a sentence whose least sure target has a margin (top probability minus the
second) below ``margin`` goes through ``mpnet`` too, whose answer then stands for every target
of that sentence (one MPNet pass per sentence, as ``tone_model=mpnet`` runs it).

The margin, 0.60, was chosen on the 10% of NewsMTSC train held out of both models' training
(``eval.tone.heldout_articles(..., 0.1, 13)``: 898 targets): the smallest margin (step 0.05) whose
held-out macro-F1 is within 0.01 of the MPNet model's there (0.826 against 0.836; 27% of its
sentences re-read). devtest_mt (1,476 targets, every sentence with two or more targets) was only
checked: 0.810 against MPNet's 0.831 and the student's 0.770, 34% of its sentences re-read. On
real articles (150 AllSides, sentences with several actors) it re-reads 47% of the sentences and
the tone stage takes 0.78 of MPNet's time; 0.45 (held-out 0.813, devtest 0.804) takes 0.66 of it.
A first rule, within 0.005, gave 0.70, which re-read 55% and saved only 14% (docs/tone.md, "The
cascade", has every margin measured). A margin is a probability
gap, so 0 keeps the student's answers and 1 re-reads every sentence.

The model counts the sentences it read and re-read (``sentences``, ``escalated``) so a run
can say what share went to the MPNet model (``bench_pipeline.py`` reports it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

# chosen on NewsMTSC train's held-out 10% (module docstring); the tone_cascade_margin setting
MARGIN = 0.60


def margins(probs: np.ndarray) -> np.ndarray:
    """Top probability minus the second, per row: how sure a three-way answer is."""
    if len(probs) == 0:
        return np.zeros(0, np.float32)
    top2 = np.sort(probs, axis=1)[:, -2:]
    return top2[:, 1] - top2[:, 0]


class CascadeToneModel:
    """``first`` on every target; ``second`` on each sentence where ``first`` is unsure.

    Same seam as the other tone models (``predict_targets(items) -> (n, 3)``, ``name``).
    Items are ``(sentence, start, end, ...)`` tuples; a sentence is its text (item[0]), so
    the targets of one sentence are re-read together, in one pass of ``second``.
    """

    def __init__(self, first: Any, second: Any, margin: float = MARGIN) -> None:
        self.first = first
        self.second = second
        self.margin = float(margin)
        # e.g. cascade-minilm-mpnet@0.60 (the models' own names start with their encoder's)
        self.name = f"cascade-{first.name.split('-')[0]}-{second.name.split('-')[0]}@{self.margin:.2f}"
        self.needs_parse = bool(getattr(first, "needs_parse", False) or getattr(second, "needs_parse", False))
        self.sentences = 0  # sentences read by ``first`` (over the model's life)
        self.escalated = 0  # of those, sentences re-read by ``second``

    def escalate(self, items: Sequence[tuple[Any, ...]], probs: np.ndarray) -> list[int]:
        """Indices of the items whose sentence holds a target with a margin below ``margin``."""
        if self.margin >= 1.0:  # a saturated softmax can give a margin of exactly 1
            return list(range(len(items)))
        unsure = {items[i][0] for i in np.flatnonzero(margins(probs) < self.margin)}
        return [i for i, t in enumerate(items) if t[0] in unsure]

    def predict_targets(self, targets: Sequence[tuple[Any, ...]], parse: bool | None = None) -> np.ndarray:
        """Probabilities (n, 3) in LABELS order: ``first``'s, replaced by ``second``'s on the
        sentences where ``first`` hesitates."""
        items = list(targets)
        probs = np.array(self.first.predict_targets(items, parse=parse), np.float32, copy=True)
        if not items:
            return probs
        again = self.escalate(items, probs)
        self.sentences += len({t[0] for t in items})
        if again:
            self.escalated += len({items[i][0] for i in again})
            probs[again] = self.second.predict_targets([items[i] for i in again], parse=parse)
        return probs

    @property
    def share(self) -> float:
        """Share of the sentences read so far that the second model re-read."""
        return self.escalated / self.sentences if self.sentences else 0.0
