"""Cleaner cuts on the shared multilingual articles (SemEval-2023 dev: fr, de, it, pl, ru).

Every removal the cleaner makes on these real articles is listed with its rule and text, so a
reader can judge each one; the summary counts removals per language and how many of them are
in the document's own language (by the language identifier). Usage:
    python scripts/multilingual_cuts.py [CORPUS_DIR] [--json OUT]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FOLDERS = {"fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv and not argv[0].startswith("--") else Path("../shared/data/corpus-multilingual-semeval2023")
    from storylens.clean.core import Cleaner
    from storylens.extract.language import _identifier

    cleaner = Cleaner()
    ident = _identifier()
    rows = []
    n_docs = 0
    for folder, lang in FOLDERS.items():
        for p in sorted((root / folder).glob("*.txt")):
            n_docs += 1
            title, _, body = p.read_text(encoding="utf-8").partition("\n\n")
            res = cleaner.clean(body, title=title.strip(), language=lang)
            for r in res.removals:
                guess, prob = ident.classify(r.text[:400])
                rows.append({"lang": lang, "file": p.name, "rule": r.rule, "reason": r.reason,
                             "text": r.text[:160], "text_lang": guess, "own": guess == lang and prob >= 0.5})
    by = {}
    for r in rows:
        by.setdefault(r["lang"], [0, 0])
        by[r["lang"]][0] += 1
        by[r["lang"]][1] += r["own"]
    print(f"articles {n_docs}, removals {len(rows)}, in the document's language {sum(r['own'] for r in rows)}")
    for lang, (n, own) in sorted(by.items()):
        print(f"  {lang}: {n} removals, {own} in the document's language")
    for r in rows:
        print(f"{r['lang']} {r['file']} {r['rule']} [{r['text_lang']}] {r['text']!r}")
    if "--json" in argv:
        Path(argv[argv.index("--json") + 1]).write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
