"""Coherence of c-TF-IDF story labels against cluster purity, on the packaged gold stories plus a
planted catch-all of 20 headlines from 20 different stories: calibrates
``storylens.store.queries.stories.COHERENT_SHARE``. Run: PYTHONPATH=src python scripts/story_label_coherence.py
"""

import datetime as dt
import random
from collections import Counter

from storylens.corpus.stories import cluster_texts, ctfidf_keywords
from storylens.eval.stories import default_gold, load
from storylens.store.queries.stories import coherence


def main() -> None:
    gold = load(default_gold())
    by = {g["id"]: g for g in gold}
    d0 = dt.date(2000, 1, 1)
    assign = cluster_texts([g["id"] for g in gold], [(dt.date.fromisoformat(g["date"][:10]) - d0).days for g in gold],
                           [(g.get("title") or "") + ". " + (g.get("lede") or "") for g in gold])
    clusters: dict[str, list[str]] = {}
    for a, s in assign.items():
        clusters.setdefault(s, []).append(a)
    random.seed(1)
    seen: set[str] = set()
    catch = []
    for g in random.sample(gold, 40):
        if g["story"] not in seen:
            seen.add(g["story"])
            catch.append(g["id"])
    clusters["catchall"] = catch[:20]
    docs = {s: [by[a]["title"] for a in m] for s, m in clusters.items()}
    kw = ctfidf_keywords(docs)
    rows = []
    for s, m in clusters.items():
        if len(m) >= 3:
            purity = Counter(by[a]["story"] for a in m).most_common(1)[0][1] / len(m)
            rows.append((purity, coherence(kw[s][:4], docs[s]), len(m), " ".join(kw[s][:4]), s))
    for r in sorted(rows):
        planted = "<- planted" if r[4] == "catchall" else ""
        print(f"purity {r[0]:.2f} coherence {r[1]:.2f} n {r[2]:3d} {r[3]} {planted}")


if __name__ == "__main__":
    main()
