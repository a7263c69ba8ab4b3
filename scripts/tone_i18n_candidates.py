"""Candidate targets for the hand-labelled tone set in fr/de/ru (tests/fixtures/tone_i18n).

Sentences of the shared SemEval-2023 articles (articles in SHA-1 order of "LANG/FILE", at most
four sentences per article) that mention a registry actor in the language's forms; the first
such mention of each sentence is the target. Prints "n<TAB>file<TAB>s<TAB>e<TAB>ts<TAB>te<TAB>
mention<TAB>sentence" for labelling; the labels file keeps the offsets, not the text.

    python scripts/tone_i18n_candidates.py LANG N
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from storylens.enrich.actors_i18n import foreign_matcher
from storylens.registry import actor_registry

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus-multilingual-semeval2023"
FOLDER = {"fr": "fr", "de": "ge", "ru": "ru"}
SENT = re.compile(r"[^\n.!?]+(?:[.!?]+|$)")


def candidates(lang: str, n: int) -> list[tuple[str, int, int, int, int, str, str]]:
    folder = FOLDER[lang]
    files = sorted((CORPUS / folder).glob("*.txt"), key=lambda p: hashlib.sha1(f"{folder}/{p.name}".encode()).hexdigest())
    matcher = foreign_matcher(actor_registry(), lang)
    out = []
    for p in files:
        text = p.read_text(encoding="utf-8")
        k = 0
        for m in SENT.finditer(text):
            s, e = m.span()
            while s < e and text[s].isspace():
                s += 1
            sent = text[s:e]
            if len(sent) < 50 or len(sent) > 350:
                continue
            hits = [h for h in matcher.find(sent) if h.via in ("name", "metonym", "short")]
            if not hits:
                continue
            h = hits[0]
            out.append((f"{folder}/{p.name}", s, e, s + h.start, s + h.end, sent[h.start:h.end], sent))
            k += 1
            if k >= 4 or len(out) >= n:
                break
        if len(out) >= n:
            break
    return out


if __name__ == "__main__":
    for i, c in enumerate(candidates(sys.argv[1], int(sys.argv[2]))):
        print(i, *c[:6], c[6].replace("\n", " "), sep="\t")
