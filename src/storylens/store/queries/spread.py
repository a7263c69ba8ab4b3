"""Spread: copy clusters and the outlet -> outlet propagation graph (needs `copies`, issue 6)."""

from __future__ import annotations

import math
from typing import Any

from storylens.store.queries.base import Q


def copies_available(q: Q) -> bool:
    """True once copy detection has run: migration 005 creates `copies` empty, and the
    syndication stage records its index parameters in `syndication_meta` on its first run."""
    if not q.has("copies", "article_id", "copy_of"):
        return False
    if q.has("syndication_meta", "key"):
        return bool(q.scalar("SELECT count(*) FROM syndication_meta")
                    or q.scalar("SELECT count(*) FROM copies"))
    return True


def spread(q: Q, limit: int = 30, max_nodes: int = 24) -> dict[str, Any]:
    if not copies_available(q):
        return {"available": False, "clusters": [], "edges": [], "graph": {"nodes": [], "edges": []}}
    if q.has("copy_clusters", "cluster_id", "article_id"):
        members = "SELECT cluster_id, article_id FROM copy_clusters"
    else:  # group by origin when the cluster table is not there yet
        members = ("SELECT copy_of AS cluster_id, article_id FROM copies "
                   "UNION SELECT copy_of, copy_of FROM copies")
    clusters = q.rows(
        f"""
        WITH m AS ({members}), s AS (
            SELECT m.cluster_id, count(DISTINCT m.article_id) AS articles, count(DISTINCT a.outlet) AS outlets,
                   min(a.published) AS first, max(a.published) AS last,
                   arg_min(a.id, coalesce(a.published, DATE '9999-12-31')) AS origin_id
            FROM m JOIN articles a ON a.id = m.article_id GROUP BY 1
        )
        SELECT s.cluster_id::VARCHAR AS cluster_id, s.articles, s.outlets, s.first, s.last,
               o.id AS origin_id, o.title AS origin_title, o.outlet AS origin_outlet
        FROM s JOIN articles o ON o.id = s.origin_id
        ORDER BY s.articles DESC, s.cluster_id LIMIT ?
        """,
        [limit],
    )
    edges = q.rows(
        """
        SELECT o.outlet AS source, a.outlet AS target, count(*) AS copies,
               min(a.published) AS first, max(a.published) AS last
        FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of
        WHERE o.outlet IS NOT NULL AND a.outlet IS NOT NULL
        GROUP BY 1, 2 ORDER BY copies DESC, source, target LIMIT 500
        """
    )
    kinds = q.rows("SELECT kind, count(*) AS n, avg(similarity) AS similarity FROM copies GROUP BY 1 ORDER BY 2 DESC") \
        if q.has("copies", "kind", "similarity") else []
    return {"available": True, "clusters": clusters, "edges": edges, "kinds": kinds,
            "graph": layout(edges, max_nodes)}


def layout(edges: list[dict[str, Any]], max_nodes: int = 24, size: int = 560) -> dict[str, Any]:
    """Circle layout for the busiest outlets: coordinates computed here, drawn as SVG by the template."""
    weight: dict[str, int] = {}
    for e in edges:
        for k in (e["source"], e["target"]):
            weight[k] = weight.get(k, 0) + e["copies"]
    names = sorted(weight, key=lambda k: (-weight[k], k))[:max_nodes]
    c, r = size / 2, size / 2 - 90
    pos = {}
    nodes = []
    for i, n in enumerate(names):
        ang = 2 * math.pi * i / max(len(names), 1) - math.pi / 2
        x, y = c + r * math.cos(ang), c + r * math.sin(ang)
        pos[n] = (x, y)
        anchor = "start" if math.cos(ang) > 0.2 else "end" if math.cos(ang) < -0.2 else "middle"
        nodes.append({"name": n, "x": round(x, 1), "y": round(y, 1), "weight": weight[n],
                      "lx": round(c + (r + 12) * math.cos(ang), 1), "ly": round(c + (r + 12) * math.sin(ang), 1),
                      "anchor": anchor, "radius": round(3 + 9 * math.sqrt(weight[n] / max(weight.values())), 1)})
    top = max((e["copies"] for e in edges), default=1)
    gedges = []
    for e in edges:
        if e["source"] in pos and e["target"] in pos and e["source"] != e["target"]:
            (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
            gedges.append({"source": e["source"], "target": e["target"], "copies": e["copies"],
                           "x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1),
                           "width": round(0.6 + 5 * e["copies"] / top, 2)})
    return {"size": size, "nodes": nodes, "edges": gedges}
