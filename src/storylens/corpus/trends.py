"""Narrative and story trends over the store: shares, rising/falling, what changed, emerging claims.

- **Share**: articles carrying a narrative / all articles, per week, outlet,
  outlet country or outlet type (country and type come from the outlet
  registry when it is installed; otherwise those groupings say "unknown").
- **Rising and falling**: each narrative's share in a recent window against a
  baseline window just before it, with a two-proportion z-test (pooled
  standard error; two-sided p from the normal tail). Only changes with
  p < alpha are reported unless asked for all.
- **What changed**: the week's new and growing stories and the narratives that
  rose or fell against the previous eight weeks.
- **Emerging claims**: claim-like sentences (a reporting or accusing verb,
  8-45 words) that no narrative of the loaded packs scores at all, clustered
  like stories; clusters spread over several outlets are candidates for a new
  narrative definition.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from storylens.errors import StoryLensError

GROUPINGS = ("week", "outlet", "country", "type")


def _outlet_map(outlets: list[str]) -> dict[str, tuple[str, str]]:
    from storylens.corpus.stories import _outlet_info

    reg = _outlet_info()
    out = {}
    for o in outlets:
        rec = reg.lookup(o) if reg is not None and o else None
        out[o] = (getattr(rec, "country", None) or "unknown", getattr(rec, "type", None) or "unknown")
    return out


def _actor_filter(actor: str | None) -> tuple[str, list[Any]]:
    if not actor:
        return "", []
    return (
        " AND (a.id IN (SELECT article_id FROM mentions WHERE lower(actor) = lower(?)) "
        "OR (NOT EXISTS (SELECT 1 FROM mentions) AND a.text ILIKE ?))",
        [actor, f"%{actor}%"],
    )


def narrative_share(store: Any, by: str = "week", *, actor: str | None = None, pack: str | None = None,
                    since: str | None = None, until: str | None = None, min_articles: int = 1) -> list[dict[str, Any]]:
    """One row per (group, narrative): articles with the narrative, articles in the group, share."""
    if by not in GROUPINGS:
        raise StoryLensError(f"unknown grouping {by!r}: choose one of {', '.join(GROUPINGS)}")
    key = "CAST(date_trunc('week', a.published) AS DATE)" if by == "week" else "a.outlet"
    cond, params = _actor_filter(actor)
    if since:
        cond += " AND a.published >= CAST(? AS DATE)"
        params.append(since)
    if until:
        cond += " AND a.published <= CAST(? AS DATE)"
        params.append(until)
    pack_cond, pack_params = ("", [])
    if pack:
        pack_cond, pack_params = " AND n.pack = ?", [pack]
    totals = store.query(f"SELECT {key} AS g, count(*) AS n FROM articles a WHERE true{cond} GROUP BY 1", params)
    hits = store.query(
        f"SELECT {key} AS g, n.narrative, count(DISTINCT a.id) AS k FROM articles a "
        f"JOIN narratives n ON n.article_id = a.id WHERE true{cond}{pack_cond} GROUP BY 1, 2",
        params + pack_params,
    )
    if by in ("country", "type"):
        omap = _outlet_map([r["g"] for r in totals])
        idx = 0 if by == "country" else 1

        def regroup(rows: list[dict[str, Any]], val: str) -> dict[tuple, int]:
            acc: dict[tuple, int] = defaultdict(int)
            for r in rows:
                g = omap.get(r["g"], ("unknown", "unknown"))[idx]
                acc[(g, r.get("narrative"))] += r[val]
            return acc

        tot = {g: n for (g, _), n in regroup(totals, "n").items()}
        hit = regroup(hits, "k")
    else:
        tot = {r["g"]: r["n"] for r in totals}
        hit = {(r["g"], r["narrative"]): r["k"] for r in hits}
    rows = []
    for (g, narrative), k in hit.items():
        n = tot.get(g, 0)
        if n >= min_articles:
            rows.append({by: g, "narrative": narrative, "articles": k, "of": n,
                         "share": round(k / n, 4) if n else 0.0})
    rows.sort(key=lambda r: (str(r[by]), -r["share"]))
    return rows


def two_proportion_z(k1: int, n1: int, k0: int, n0: int) -> tuple[float, float]:
    """z and two-sided p for H0: p1 == p0 (pooled standard error)."""
    if n1 == 0 or n0 == 0:
        return 0.0, 1.0
    p = (k1 + k0) / (n1 + n0)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n0))
    if se == 0:
        return 0.0, 1.0
    z = (k1 / n1 - k0 / n0) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


def _end_date(store: Any, end: str | None) -> date:
    if end:
        return date.fromisoformat(end)
    last = store.scalar("SELECT max(published) FROM articles")
    if last is None:
        raise StoryLensError("no article in the store has a publication date: trends need dates")
    return last


def rising(store: Any, *, recent_days: int = 7, baseline_days: int = 56, end: str | None = None,
           alpha: float = 0.05, actor: str | None = None, show_all: bool = False) -> list[dict[str, Any]]:
    """Narratives whose share in the last ``recent_days`` differs from the ``baseline_days`` before."""
    stop = _end_date(store, end)
    r0 = stop - timedelta(days=recent_days - 1)
    b0 = r0 - timedelta(days=baseline_days)
    cond, params = _actor_filter(actor)

    def counts(lo: date, hi: date) -> tuple[int, dict[str, int]]:
        n = store.scalar(f"SELECT count(*) FROM articles a WHERE a.published BETWEEN ? AND ?{cond}",
                         [lo, hi, *params])
        rows = store.query(
            f"SELECT n.narrative, count(DISTINCT a.id) AS k FROM articles a JOIN narratives n "
            f"ON n.article_id = a.id WHERE a.published BETWEEN ? AND ?{cond} GROUP BY 1", [lo, hi, *params])
        return int(n or 0), {r["narrative"]: int(r["k"]) for r in rows}

    n1, k1 = counts(r0, stop)
    n0, k0 = counts(b0, r0 - timedelta(days=1))
    out = []
    for name in sorted(set(k1) | set(k0)):
        a, b = k1.get(name, 0), k0.get(name, 0)
        z, p = two_proportion_z(a, n1, b, n0)
        if not show_all and p >= alpha:
            continue
        out.append({
            "narrative": name, "direction": "rising" if z > 0 else "falling",
            "recent_share": round(a / n1, 4) if n1 else 0.0, "baseline_share": round(b / n0, 4) if n0 else 0.0,
            "recent": f"{a}/{n1}", "baseline": f"{b}/{n0}", "z": round(z, 2), "p": float(f"{p:.3g}"),
            "window": f"{r0}..{stop} vs {b0}..{r0 - timedelta(days=1)}",
        })
    out.sort(key=lambda r: -abs(r["z"]))
    return out


def what_changed(store: Any, *, end: str | None = None, days: int = 7, limit: int = 10) -> dict[str, Any]:
    stop = _end_date(store, end)
    start = stop - timedelta(days=days - 1)
    has_stories = bool(store.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'stories'"))
    new, growing = [], []
    if has_stories:
        new = store.query(
            "SELECT id, label, headline, articles, len(outlets) AS n_outlets, first_seen, continues FROM stories "
            "WHERE first_seen BETWEEN ? AND ? ORDER BY len(outlets) DESC, articles DESC LIMIT ?",
            [start, stop, limit])
        growing = store.query(
            "SELECT s.id, s.label, s.headline, count(*) AS new_articles, s.articles, s.first_seen "
            "FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
            "WHERE sa.day BETWEEN ? AND ? AND s.first_seen < ? GROUP BY ALL ORDER BY new_articles DESC LIMIT ?",
            [start, stop, start, limit])
    return {
        "week": f"{start}..{stop}",
        "articles": int(store.scalar("SELECT count(*) FROM articles WHERE published BETWEEN ? AND ?",
                                     [start, stop]) or 0),
        "new_stories": new,
        "growing_stories": growing,
        "narratives": rising(store, recent_days=days, baseline_days=56, end=str(stop)),
    }


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

    packs = packs or load_packs()
    params: list[Any] = []
    cond = ""
    if since:
        cond = " WHERE published >= CAST(? AS DATE)"
        params.append(since)
    rows = store.con.execute(
        f"SELECT id, outlet, text FROM articles{cond} ORDER BY published DESC NULLS LAST LIMIT ?",
        [*params, max_articles]).fetchall()
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


def roles_for_actor(store: Any, actor: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT role, count(*) AS articles, round(avg(score), 3) AS score FROM roles WHERE lower(actor) = lower(?) "
        "GROUP BY 1 ORDER BY 2 DESC", [actor])
