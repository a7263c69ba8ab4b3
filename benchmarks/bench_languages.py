#!/usr/bin/env python3
"""Per-document pipeline speed per language against English, in one run.

Articles: the first N (default 40) AllSides international articles with more than 500
characters (English) and the first N SemEval-2023 articles of each of French, German,
Italian, Polish and Russian (../shared/data/corpus-multilingual-semeval2023). Each group
goes through ``Pipeline.extract`` and every registered stage, timed per stage (the method
of bench_pipeline.py), after one warm-up article per language. What runs differs per
language (docs/languages.md): English gets the spaCy parse, tone and narratives (MiniLM); the
others get actors (registry forms), quotes (rules) and narratives (the multilingual encoder, when
installed), no parse. The narratives stage's seconds per article are printed per language too. So the ratio says what a user
pays per article and per 1,000 characters for what their language gets. When the multilingual tone
model is installed, the other languages run a second time with ``tone_multilingual`` on (same run),
so the cost of that opt-in shows beside the default.

The machine is shared: only ratios from the same run mean anything.

    nice -n 10 python benchmarks/bench_languages.py [--n 40]

Writes benchmarks/results/languages.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from common import portable, run_stages

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "data" / "corpus-allsides" / "articles_international_topics.jsonl.gz"
SEMEVAL = ROOT.parent / "shared" / "data" / "corpus-multilingual-semeval2023"
FOLDERS = {"fr": "fr", "de": "ge", "it": "it", "pl": "po", "ru": "ru"}


def english(n: int) -> list[tuple[str, str | None]]:
    out = []
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if len(rec.get("content_original") or "") > 500:
                out.append((rec["content_original"], rec.get("title")))
            if len(out) >= n:
                break
    return out


def other(lang: str, n: int) -> list[tuple[str, str | None]]:
    out = []
    for p in sorted((SEMEVAL / FOLDERS[lang]).glob("*.txt"))[:n]:
        title, _, body = p.read_text(encoding="utf-8").strip().partition("\n\n")
        out.append((body, title))
    return out


def run(pipe, docs: list[tuple[str, str | None]], source: Path) -> dict:  # type: ignore[no-untyped-def]
    from storylens.types import Provenance, RawDocument

    raws = [RawDocument(provenance=Provenance(portable(source), "txt", i + 1), text=t, meta={"title": ti})
            for i, (t, ti) in enumerate(docs)]
    pipe.process(raws[0])  # warm-up: loads what this language uses
    arts, stages, rejected, secs = run_stages(pipe, raws)
    langs: dict[str, int] = {}
    counts = {"quotes": 0, "mentions": 0, "tones": 0, "narratives": 0, "chars": 0, "rejected": rejected}
    for art in arts:
        langs[str(art.language)] = langs.get(str(art.language), 0) + 1
        counts["chars"] += len(art.text)
        for k in ("quotes", "mentions", "tones", "narratives"):
            counts[k] += len(getattr(art, k) or ())
    return {"seconds": round(secs, 2), "articles": len(raws), "languages": langs, **counts,
            "articles_per_s": round(len(raws) / secs, 3), "kchars_per_s": round(counts["chars"] / secs / 1000, 2),
            "stage_seconds": {k: round(v, 2) for k, v in stages.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "languages.json")
    args = ap.parse_args()
    from storylens.config import Settings
    from storylens.enrich import tone_multilingual
    from storylens.pipeline import Pipeline

    pipe = Pipeline(Settings())
    res = {"en": run(pipe, english(args.n), ALLSIDES)}
    for lang in FOLDERS:
        res[lang] = run(pipe, other(lang, args.n), SEMEVAL / FOLDERS[lang])
    en = res["en"]
    en_narr = en["stage_seconds"].get("narratives", 0.0) / en["articles"]
    print(f"{'lang':5} {'art/s':>7} {'x en':>6} {'kchar/s':>8} {'x en':>6}  quotes mentions tones narratives "
          f"narr s/art  x en  stages (s)")
    for lang, r in res.items():
        r["ratio_articles"] = round(r["articles_per_s"] / en["articles_per_s"], 2)
        r["ratio_chars"] = round(r["kchars_per_s"] / en["kchars_per_s"], 2)
        narr = r["stage_seconds"].get("narratives", 0.0) / r["articles"]
        r["narratives_s_per_article"] = round(narr, 4)
        r["ratio_narratives"] = round(narr / en_narr, 2) if en_narr else None
        top = ", ".join(f"{k} {v}" for k, v in r["stage_seconds"].items() if v >= 0.05)
        print(f"{lang:5} {r['articles_per_s']:7.2f} {r['ratio_articles']:6.2f} {r['kchars_per_s']:8.1f} "
              f"{r['ratio_chars']:6.2f}  {r['quotes']:6} {r['mentions']:8} {r['tones']:5} {r['narratives']:10} "
              f"{narr:10.3f} {r['ratio_narratives']}  {top}")
    if tone_multilingual.available():
        on = Pipeline(Settings().replace(tone_multilingual=True))
        print("\nwith tone_multilingual on (same run):")
        print(f"{'lang':5} {'art/s':>7} {'x en':>6} {'x off':>6}  tones  tone s/art")
        for lang in FOLDERS:
            r = run(on, other(lang, args.n), SEMEVAL / FOLDERS[lang])
            r["ratio_articles"] = round(r["articles_per_s"] / en["articles_per_s"], 2)
            r["ratio_to_default"] = round(r["articles_per_s"] / res[lang]["articles_per_s"], 2)
            res[lang]["tone_multilingual"] = r
            tone = r["stage_seconds"].get("tone", 0.0) / r["articles"]
            print(f"{lang:5} {r['articles_per_s']:7.2f} {r['ratio_articles']:6.2f} {r['ratio_to_default']:6.2f}  "
                  f"{r['tones']:5} {tone:10.3f}")
    out = args.out
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
