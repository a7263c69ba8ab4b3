"""Annotate throughput beside spaCy's own nlp.pipe on the same texts, in one run.

    PYTHONPATH=src python benchmarks/bench_actors.py [--n 100] [--repeat 1]

Texts: the first N articles of ../shared/data/corpus-allsides (international topics) when
present, else the demo corpus. One process (figures are per core). Rows:

* spacy nlp.pipe      - en_core_web_sm, the model the nlp stage loads, batch 16 (the peer)
* spacy nlp() per doc - the same model called once per document, as the pipeline does
* actors stage only   - ActorStage over the parsed Docs (PhraseMatcher, disambiguation, coref)
* tone stage only     - ToneStage over the same parsed articles with their mentions (if registered)
* annotate (pipeline) - Pipeline.process per document: extraction from text, language id,
                        nlp (one nlp() call per document) and every registered enrich stage
                        after it (actors, and tone when the tone stage is registered)

Writes benchmarks/results/actors.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from common import best_of  # noqa: E402

from storylens.config import Settings  # noqa: E402
from storylens.types import Provenance, RawDocument  # noqa: E402


def load_texts(n: int) -> tuple[list[str], str]:
    """The first ``n`` AllSides articles over 200 characters: from ../shared, or else the
    sample bundled with the demo corpus."""
    allsides = ROOT.parent / "shared" / "data" / "corpus-allsides" / "articles_international_topics.jsonl.gz"
    if allsides.exists():
        with gzip.open(allsides, "rt", encoding="utf-8") as f:
            texts = _first_texts(f, n)
        return texts, f"corpus-allsides first {len(texts)} articles"
    with open(ROOT / "demo" / "corpus" / "exports" / "allsides-sample.jsonl", encoding="utf-8") as f:
        texts = _first_texts(f, n)
    return texts, f"demo allsides-sample.jsonl first {len(texts)} articles"


def _first_texts(lines: Iterable[str], n: int) -> list[str]:
    texts: list[str] = []
    for line in lines:
        t = (json.loads(line).get("content_original") or "").strip()
        if len(t) > 200:
            texts.append(t)
        if len(texts) >= n:
            break
    return texts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    texts, source = load_texts(args.n)
    words = sum(len(t.split()) for t in texts)

    from storylens.enrich.actors import ActorStage
    from storylens.enrich.nlp import load_english
    from storylens.pipeline import Pipeline

    nlp = load_english()
    t0 = time.perf_counter()
    stage = ActorStage(Settings())
    build_s = time.perf_counter() - t0
    pipe = Pipeline(Settings({"clean": False}))
    stage_names = [s.name for s in pipe.stages]

    def best(fn) -> float:
        return best_of(fn, args.repeat)

    docs: list = []
    t_spacy = best(lambda: docs.__setitem__(slice(None), list(nlp.pipe(texts, batch_size=16))))
    n_mentions = [0]

    def run_stage() -> None:
        n_mentions[0] = sum(len(stage.mentions(d, t)) for d, t in zip(docs, texts, strict=True))

    t_stage = best(run_stage)
    t_single = best(lambda: [nlp(t) for t in texts])
    steps = [("spacy nlp.pipe", t_spacy), ("spacy nlp() per document", t_single),
             ("actors stage only", t_stage)]
    tone = next((s for s in pipe.stages if s.name == "tone"), None)
    if tone is not None:  # the tone stage over the same parsed, mention-annotated articles
        from storylens.types import Article

        arts = [Article(id=str(i), source="bench", source_kind="txt", offset=i, url=None, outlet=None,
                        outlet_name=None, title=None, author=None, published=None, language="en",
                        text=t, raw_text=t, doc=d, mentions=tuple(stage.mentions(d, t)))
                for i, (d, t) in enumerate(zip(docs, texts, strict=True))]
        steps.append(("tone stage only", best(lambda: [tone(a) for a in arts])))
    raws = [RawDocument(Provenance("bench", "txt", i), text=t) for i, t in enumerate(texts)]
    t_annot = best(lambda: [pipe.process(r) for r in raws])
    steps.append((f"annotate ({'+'.join(stage_names)})", t_annot))

    rows = []
    for name, secs in steps:
        rows.append({"step": name, "seconds": round(secs, 3), "articles_per_s": round(len(texts) / secs, 2),
                     "words_per_s": round(words / secs), "vs_spacy": round(t_spacy / secs, 3)})
    result = {
        "source": source, "articles": len(texts), "words": words, "mentions": n_mentions[0],
        "matcher_build_s": round(build_s, 2), "stages": stage_names, "rows": rows,
        "python": platform.python_version(), "machine": platform.machine(),
        "note": "one process; vs_spacy = spaCy time / step time (higher is faster)",
    }
    print(f"{source}: {len(texts)} articles, {words:,} words, {n_mentions[0]:,} mentions; "
          f"matcher built in {build_s:.2f}s")
    print(f"{'step':<40} {'s':>8} {'art/s':>8} {'words/s':>9} {'vs spaCy':>9}")
    for r in rows:
        print(f"{r['step']:<40} {r['seconds']:>8.2f} {r['articles_per_s']:>8.2f} {r['words_per_s']:>9,} {r['vs_spacy']:>9.3f}")
    out = ROOT / "benchmarks" / "results" / "actors.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
