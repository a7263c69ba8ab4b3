"""Build tests/fixtures/quotes_i18n/labels.jsonl from the hand-written anchors.tsv.

anchors.tsv holds, per quote, the words its content starts and ends with, the source and the
cue as written (GUIDELINES.md beside it); this script finds them in the articles of
../shared/data/corpus-multilingual-semeval2023 and writes character offsets, so the labels can
be checked against the text and scored without redistributing the articles. Content starts are
searched in text order from the previous quote's start; source and cue are the occurrences
(whole words) nearest the content. Run from the repository root:
``python scripts/make_quotes_i18n.py [CORPUS]``; it fails on an anchor it cannot find.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "quotes_i18n"
CORPUS = ROOT.parent / "shared" / "data" / "corpus-multilingual-semeval2023"
CHARS = 3000
LANG = {"fr": "fr", "ge": "de", "ru": "ru"}


def scope(text: str, chars: int = CHARS) -> int:
    """The labelled prefix: ``chars`` characters cut back to a paragraph end (else a sentence end)."""
    if len(text) <= chars:
        return len(text)
    cut = text.rfind("\n", 0, chars)
    if cut < chars // 2:
        cut = max(text.rfind(". ", 0, chars) + 1, chars // 2)
    return cut


def order(folder: str, corpus: Path) -> list[str]:
    names = sorted(p.name for p in (corpus / folder).glob("*.txt"))
    return sorted(names, key=lambda n: hashlib.sha1(f"{folder}/{n}".encode()).hexdigest())


def nearest(text: str, needle: str, lo: int, hi: int, limit: int) -> list[int] | None:
    if not needle:
        return None
    spots = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text[:limit])]
    if not spots:
        raise ValueError(f"{needle!r} not found")
    best = min(spots, key=lambda i: 0 if lo <= i < hi else min(abs(i - lo), abs(i - hi)))
    return [best, best + len(needle)]


def build(corpus: Path) -> list[dict]:
    rows: dict[str, dict] = {}
    cursor: dict[str, int] = {}
    for n, line in enumerate((FIXTURES / "anchors.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        file, kind, head, tail, source, cue = (line.split("\t") + [""] * 6)[:6]
        text = (corpus / file).read_text(encoding="utf-8")
        limit = scope(text)
        row = rows.setdefault(file, {"source": file, "lang": LANG[file.split("/")[0]], "chars": limit, "quotes": []})
        start = text.find(head, cursor.get(file, 0), limit)
        if start < 0:
            raise ValueError(f"anchors.tsv:{n}: content start {head!r} not found in {file} scope")
        end = text.find(tail, start, limit)
        if end < 0:
            raise ValueError(f"anchors.tsv:{n}: content end {tail!r} not found after {head!r}")
        end += len(tail)
        cursor[file] = start + 1
        try:
            src = nearest(text, source, start, end, limit)
            cue_span = nearest(text, cue, start, end, limit)
        except ValueError as exc:
            raise ValueError(f"anchors.tsv:{n}: {exc} in {file}") from None
        row["quotes"].append({
            "kind": kind, "content": [start, end], "head": text[start:start + 20],
            "source": src, "source_text": source or None, "cue": cue_span, "cue_text": cue or None,
        })
    out = []
    for folder in ("fr", "ge", "ru"):
        labelled = [f for f in order(folder, corpus) if f"{folder}/{f}" in rows]
        last = max(order(folder, corpus).index(f) for f in labelled)
        for i, name in enumerate(order(folder, corpus)[:last + 1]):
            file = f"{folder}/{name}"
            text = (corpus / file).read_text(encoding="utf-8")
            row = rows.get(file, {"source": file, "lang": LANG[folder], "chars": scope(text), "quotes": []})
            row["split"] = "tune" if i % 2 == 0 else "check"
            row["quotes"].sort(key=lambda q: q["content"][0])
            out.append(row)
    return out


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else CORPUS
    rows = build(corpus)
    with open(FIXTURES / "labels.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    for lang in ("fr", "de", "ru"):
        for split in ("tune", "check"):
            rs = [r for r in rows if r["lang"] == lang and r["split"] == split]
            print(f"{lang} {split}: {len(rs)} articles, {sum(len(r['quotes']) for r in rs)} quotes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
