"""Which keyword-pack hits reach the claim gate in another language, and through which sentences.

In languages other than English the claim gate reads the whole article with the multilingual
encoder, so every keyword hit that reaches it costs a full e5 pass. This lists, per article of the
shared multilingual corpus, the narratives whose keywords carried and the sentences they scored on,
without loading any encoder: ``python scripts/narratives_gate_reach.py --language pl --limit 40``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from storylens.corpus.narratives import _narrative_score, load_packs
from storylens.eval.narratives_multilingual import excerpt, sentences

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"pl": "po", "it": "it", "fr": "fr", "de": "ge", "ru": "ru"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--language", default="pl", choices=sorted(FOLDERS))
    ap.add_argument("--limit", type=int, default=40, help="first N articles of the language (file-name order)")
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("STORYLENS_SHARED") or ROOT.parent / "shared")
                    / "data" / "corpus-multilingual-semeval2023")
    args = ap.parse_args()
    files = sorted((args.corpus / FOLDERS[args.language]).glob("*.txt"))[: args.limit]
    reached = 0
    for pack in load_packs("china,climate", ""):
        loc = pack.for_language(args.language)
        for f in files:
            title, text = excerpt(f.read_text(encoding="utf-8"))
            sents = sentences(title, text, args.language)
            if not loc.applies(sents):
                continue
            for n in loc.narratives:
                if not n.applies(sents):
                    continue
                hit, carried, scored = _narrative_score(n, sents, [set() for _ in sents])
                if carried and hit is not None:
                    reached += 1
                    print(f"{pack.name} | {f.name} ({len(sents)} sentences) | {n.name} | {title[:70]}")
                    for i in scored[:3]:
                        print(f"    {sents[i][:150]}")
    print(f"{reached} keyword hits reach the claim gate in {len(files)} {args.language} articles")


if __name__ == "__main__":
    main()
