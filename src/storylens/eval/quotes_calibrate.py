"""Re-derive the quote-cue table from an attribution corpus (PolNeAR train).

The cue table (``storylens/data/quotes/cue_table.tsv``) lists, for a word form
and the kind of complement it takes in the parse (``ccomp``, ``xcomp``,
``dobj``, ``prep``, ``obj+pred``), how often annotators marked it as an
attribution cue. The quotes stage treats a (form, complement) pair as a cue
when that share is at least ``min_share`` over at least ``min_count``
occurrences. Only train is read: dev stays for measuring.

    python -m storylens.eval.quotes_calibrate --polnear DIR [--docbin CACHE] [--out FILE]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from storylens.eval.polnear import load_split

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "quotes" / "cue_table.tsv"


def complement_kind(tok: Any) -> str | None:
    from storylens.enrich.quotes.extract import _complement
    from storylens.enrich.quotes.extract import complement_kind as kind_of

    comp = _complement(tok)
    return None if comp is None else kind_of(comp)


def count(docs: list[Any], articles: list[Any]) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    seen: Counter[tuple[str, str]] = Counter()
    cue: Counter[tuple[str, str]] = Counter()
    for doc, art in zip(docs, articles, strict=True):
        cue_chars = set()
        for g in art.attributions:
            for s, e in g.cue:
                cue_chars.update(range(s, e))
        for tok in doc:
            if tok.pos_ not in ("VERB", "AUX") or not tok.is_alpha:
                continue
            kind = complement_kind(tok)
            if kind is None:
                continue
            key = (tok.lower_, kind)
            seen[key] += 1
            if tok.idx in cue_chars:
                cue[key] += 1
    return seen, cue


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", required=True)
    ap.add_argument("--docbin", default=None, help="spaCy DocBin of the train texts (parsed once, reused).")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    args = ap.parse_args()

    from storylens.enrich.nlp import load_english

    articles = load_split(args.polnear, "train")
    nlp = load_english()
    if args.docbin and Path(args.docbin).exists():
        from spacy.tokens import DocBin

        docs = list(DocBin().from_bytes(Path(args.docbin).read_bytes()).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
        if args.docbin:
            from spacy.tokens import DocBin

            db = DocBin(store_user_data=False)
            for d in docs:
                db.add(d)
            Path(args.docbin).write_bytes(db.to_bytes())
    seen, cue = count(docs, articles)
    rows = sorted(((f, k, cue[(f, k)], n) for (f, k), n in seen.items() if cue[(f, k)] >= 2),
                  key=lambda r: (-r[2], r[0], r[1]))
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# form\tcomplement\tcue\tseen  (PolNeAR train; see storylens.eval.quotes_calibrate)\n")
        for f, k, c, n in rows:
            fh.write(f"{f}\t{k}\t{c}\t{n}\n")
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()
