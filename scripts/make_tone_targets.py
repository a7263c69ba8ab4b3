"""Build the hand-labelled "targets, not topics" tone set from its TSV.

``src/storylens/data/tone/eval/targets.tsv`` holds the labels as written by hand
(sentence, target mention, label, case; GUIDELINES.md beside it). This script finds
each sentence in the real text it was copied from — the demo corpus
(``demo/corpus``) or the shared AllSides corpus — records where (provenance), turns
each mention into character offsets and writes ``targets.jsonl`` in NewsMTSC's format,
so ``storylens eval tone --newsmtsc`` and the tone tests read it like NewsMTSC.
A sentence found nowhere stops the build: the set holds real text only.

    PYTHONPATH=src python scripts/make_tone_targets.py
"""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "src" / "storylens" / "data" / "tone" / "eval"
POLARITY = {"negative": 2.0, "neutral": 4.0, "positive": 6.0}


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(s)).strip()


def sources() -> list[tuple[str, str]]:
    """(provenance, normalised text) of every document the set may quote."""
    out: list[tuple[str, str]] = []
    demo = ROOT / "demo" / "corpus"
    for line in (demo / "exports" / "allsides-sample.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        out.append((f"demo/corpus/exports/allsides-sample.jsonl#{r['ID']}",
                    _norm(r["title"] + " \n " + r.get("content_original", ""))))
    out.append(("demo/corpus/feeds/world-news.rss",
                _norm((demo / "feeds" / "world-news.rss").read_text(encoding="utf-8"))))
    for p in sorted((demo / "pages").glob("*.html")):
        out.append((f"demo/corpus/pages/{p.name}", _norm(p.read_text(encoding="utf-8", errors="replace"))))
    allsides = ROOT.parent / "shared" / "data" / "corpus-allsides" / "articles_international_topics.jsonl.gz"
    with gzip.open(allsides, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out.append((f"corpus-allsides/articles_international_topics.jsonl.gz#{r['ID']}",
                        _norm(r["title"] + " \n " + r.get("content_original", ""))))
    return out


def main() -> None:
    docs = sources()
    rows: dict[str, dict] = {}
    for n, line in enumerate((EVAL / "targets.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        sentence, mention, label, case = line.split("\t")
        name, _, k = mention.partition("#")
        spans = [m.start() for m in re.finditer(re.escape(name), sentence)]
        if len(spans) < int(k or 1):
            raise SystemExit(f"targets.tsv:{n}: {name!r} not in the sentence")
        start = spans[int(k or 1) - 1]
        if sentence not in rows:
            where = next((src for src, text in docs if _norm(sentence) in text), None)
            if where is None:
                raise SystemExit(f"targets.tsv:{n}: sentence found in no source: {sentence[:60]!r}")
            rows[sentence] = {"primary_gid": f"own_{len(rows):04d}_0", "sentence_normalized": sentence,
                              "source": where, "targets": []}
        rows[sentence]["targets"].append({"from": start, "to": start + len(name), "mention": name,
                                          "polarity": POLARITY[label], "case": case})
    with (EVAL / "targets.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows.values():
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_t = sum(len(r["targets"]) for r in rows.values())
    print(f"{len(rows)} sentences, {n_t} targets -> {EVAL / 'targets.jsonl'}")


if __name__ == "__main__":
    main()
