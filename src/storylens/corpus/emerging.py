"""Emerging claims: claim-like sentences (a reporting or accusing verb, 8-45 words) that no
narrative of the loaded packs scores at all, clustered like stories; clusters spread over several
outlets are candidates for a new narrative definition (``storylens narratives --emerging``).

Narrative shares, rising and falling narratives and what changed are read from the store by
``storylens.store.queries.trends``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

_TALK = frozenset("""people going think really thing things good right time didn't don't it's we're
they're i'm told asked did lot want know way need just like said says say don doesn didn isn look
trying""".split())  # noqa: SIM905
_CLAIM_VERB = re.compile(
    r"\b(said|says|claim\w*|accus\w*|blam\w*|argu\w*|warn\w*|insist\w*|den(?:y|ied|ies)|alleg\w*|"
    r"call(?:s|ed)? for|must|should|vow\w*|threat\w*|condemn\w*|urg\w*)\b", re.I)


def emerging_claims(store: Any, *, packs: Any = None, since: str | None = None, max_articles: int = 5000,
                    min_size: int = 4, min_outlets: int = 2, threshold: float = 0.45,
                    limit: int = 15, embedder: Any = None) -> list[dict[str, Any]]:
    """Clusters of claim-like sentences that no narrative definition covers."""
    from storylens.corpus.narratives import content_words, load_packs, split_sentences
    from storylens.corpus.stories import StoryClusterer, ctfidf_keywords, load_embedder
    from storylens.store.queries.trends import recent_texts

    packs = packs or load_packs()
    rows = recent_texts(store, since=since, limit=max_articles)
    sents, owners = [], []
    for aid, outlet, text in rows:
        all_sents = [s for _, _, s in split_sentences(text)]
        narratives = [n for p in packs if p.applies(all_sents) for n in p.narratives if n.applies(all_sents)]
        for s in all_sents:
            n_words = len(s.split())
            if not 8 <= n_words <= 45 or not _CLAIM_VERB.search(s):
                continue
            words = content_words(s)
            if any(n.sentence_score(s, words) > 0 for n in narratives):
                continue
            sents.append(s)
            owners.append((aid, outlet))
    if not sents:
        return []
    embedder = embedder or load_embedder()
    import numpy as np

    vecs = np.asarray(embedder.embed(sents), dtype=np.float32)
    cl = StoryClusterer(dim=vecs.shape[1], threshold=threshold, window_days=10**6)
    members: dict[int, list[int]] = defaultdict(list)
    for a in cl.add([str(i) for i in range(len(sents))], [0] * len(sents), vecs):
        members[a.story].append(int(a.article_id))
    good = {}
    for k, idx in members.items():
        outlets = {owners[i][1] for i in idx}
        articles = {owners[i][0] for i in idx}
        if len(articles) >= min_size and len(outlets) >= min_outlets:
            good[k] = (idx, outlets, articles)
    kws = ctfidf_keywords({k: " ".join(sents[i] for i in v[0]) for k, v in good.items()})
    out = []
    for k, (idx, outlets, articles) in good.items():
        if len([w for w in kws.get(k, []) if w not in _TALK]) < 2:
            continue  # a cluster of quotes that share only their talk ("people", "going") is no claim
        cen = cl.centroid(k)
        best = sorted(idx, key=lambda i: -float(vecs[i] @ cen))[:3]
        out.append({"cluster": k, "keywords": kws.get(k, [])[:6], "sentences": len(idx), "articles": len(articles),
                    "outlets": len(outlets), "examples": [sents[i] for i in best]})
    out.sort(key=lambda r: (-r["outlets"], -r["articles"]))
    return out[:limit]
