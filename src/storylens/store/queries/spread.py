"""Spread: copy clusters and the outlet -> outlet propagation graph (needs `copies`)."""

from __future__ import annotations

import math
from typing import Any

from storylens.store.queries.base import Q
from storylens.store.stats import share

# How a link's direction was decided (``copies.decided_by``, corpus.syndication): an earlier date
# decides it; a wire or state origin on the same day is a rule of thumb, still a decision; an
# undated copy or a same-day tie broken by id order is undecided, and every door says so.
UNDECIDED = ("undated", "tie_break")
UNDECIDED_SQL = "coalesce(c.decided_by, 'tie_break') IN ('undated', 'tie_break')"


def directions(q: Any) -> list[dict[str, Any]]:
    """Copy links per kind and how their direction was decided, with the confidence the
    syndication stage gives that decision (``decided``: false for undated and tie-break)."""
    return q.query(
        f"SELECT c.kind, coalesce(c.decided_by, 'unknown') AS decided_by, NOT ({UNDECIDED_SQL}) AS decided, "
        "round(avg(c.confidence), 2) AS confidence, count(*) AS links, "
        "count(*) FILTER (WHERE a.outlet IS DISTINCT FROM o.outlet) AS across_outlets "
        "FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of "
        "GROUP BY 1, 2, 3 ORDER BY 1, 3 DESC, links DESC")


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
        f"""
        SELECT o.outlet AS source, a.outlet AS target, count(*) AS copies,
               count(*) FILTER (WHERE NOT ({UNDECIDED_SQL})) AS decided,
               count(*) FILTER (WHERE {UNDECIDED_SQL}) AS undecided,
               min(a.published) AS first, max(a.published) AS last
        FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of
        WHERE o.outlet IS NOT NULL AND a.outlet IS NOT NULL
        GROUP BY 1, 2 ORDER BY copies DESC, source, target LIMIT 500
        """
    )
    kinds = q.rows("SELECT kind, count(*) AS n, avg(similarity) AS similarity FROM copies GROUP BY 1 ORDER BY 2 DESC") \
        if q.has("copies", "kind", "similarity") else []
    return {"available": True, "clusters": clusters, "edges": edges, "kinds": kinds,
            "directions": directions(q), "graph": layout(edges, max_nodes)}


def layout(edges: list[dict[str, Any]], max_nodes: int = 24, size: int = 560) -> dict[str, Any]:
    """Circle layout for the busiest outlets: coordinates computed here, drawn as SVG by the template."""
    weight: dict[str, int] = {}
    for e in edges:
        for k in (e["source"], e["target"]):
            weight[k] = weight.get(k, 0) + e["copies"]
    names = sorted(weight, key=lambda k: (-weight[k], k))[:max_nodes]
    c, r = size / 2, size / 2 - 120  # room for a label of ~20 characters beside each node
    pos = {}
    nodes = []
    for i, n in enumerate(names):
        ang = 2 * math.pi * i / max(len(names), 1) - math.pi / 2
        x, y = c + r * math.cos(ang), c + r * math.sin(ang)
        pos[n] = (x, y)
        anchor = "start" if math.cos(ang) > 0.2 else "end" if math.cos(ang) < -0.2 else "middle"
        nodes.append({"name": n, "label": n if len(n) <= 20 else n[:19] + "…", "x": round(x, 1), "y": round(y, 1), "weight": weight[n],
                      "lx": round(c + (r + 12) * math.cos(ang), 1), "ly": round(c + (r + 12) * math.sin(ang), 1),
                      "anchor": anchor, "radius": round(3 + 9 * math.sqrt(weight[n] / max(weight.values())), 1)})
    top = max((e["copies"] for e in edges), default=1)
    gedges = []
    for e in edges:
        if e["source"] in pos and e["target"] in pos and e["source"] != e["target"]:
            (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
            gedges.append({"source": e["source"], "target": e["target"], "copies": e["copies"],
                           "x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1),
                           "width": round(0.6 + 5 * e["copies"] / top, 2),
                           "decided": e.get("decided", e["copies"]), "undecided": e.get("undecided", 0),
                           # no arrow when no link of the pair has a decided direction
                           "direction": "decided" if e.get("decided", e["copies"]) else "undecided"})
    return {"size": size, "nodes": nodes, "edges": gedges}


# -- `storylens spread` and `storylens copies` ------------------------------------------------


def _filters(actor: str | None, outlet: str | None, since: str | None, alias: str = "c",
             copy_alias: str = "a", origin_alias: str = "o") -> tuple[str, list[Any]]:
    where, params = [], []
    if actor:
        where.append(
            f"EXISTS (SELECT 1 FROM mentions m WHERE m.article_id IN ({alias}.article_id, {alias}.copy_of) "
            "AND (lower(m.actor) = lower(?) OR lower(m.text) = lower(?)))")
        params += [actor, actor]
    if outlet:
        where.append(f"(lower({copy_alias}.outlet) = lower(?) OR lower({origin_alias}.outlet) = lower(?))")
        params += [outlet, outlet]
    if since:
        where.append(f"coalesce({copy_alias}.published, {origin_alias}.published) >= ?::DATE")
        params.append(since)
    return (" AND ".join(where) or "true"), params


def spread_report(store: Any, actor: str | None = None, outlet: str | None = None, since: str | None = None,
                  limit: int = 15) -> dict[str, list[dict[str, Any]]]:
    """Top origins, outlet -> outlet edges (with months) and each outlet's share of copy."""
    cond, params = _filters(actor, outlet, since)
    base = ("FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of "
            f"WHERE {cond}")
    origins = store.query(
        "SELECT o.outlet AS origin_outlet, o.published, coalesce(o.title, left(o.text, 80)) AS title, "
        "count(*) FILTER (WHERE c.kind <> 'partial') AS copies, "
        "count(*) FILTER (WHERE c.kind = 'partial') AS partial, "
        f"count(*) FILTER (WHERE {UNDECIDED_SQL}) AS undecided, "
        "count(DISTINCT a.outlet) AS outlets, c.copy_of AS article_id "
        f"{base} AND a.outlet IS DISTINCT FROM o.outlet "
        "GROUP BY ALL ORDER BY copies DESC, partial DESC, outlets DESC LIMIT ?", [*params, limit])
    edges = store.query(
        "SELECT o.outlet AS source, a.outlet AS republisher, count(*) AS links, "
        "count(*) FILTER (WHERE c.kind = 'exact') AS exact, count(*) FILTER (WHERE c.kind = 'near') AS near, "
        "count(*) FILTER (WHERE c.kind = 'partial') AS partial, "
        f"count(*) FILTER (WHERE NOT ({UNDECIDED_SQL})) AS decided, "
        f"count(*) FILTER (WHERE {UNDECIDED_SQL}) AS undecided, "
        "min(a.published) AS first, max(a.published) AS last "
        f"{base} AND a.outlet IS DISTINCT FROM o.outlet GROUP BY 1, 2 ORDER BY links DESC LIMIT ?",
        [*params, limit])
    monthly = store.query(
        "SELECT o.outlet AS source, a.outlet AS republisher, "
        "coalesce(strftime(coalesce(a.published, o.published), '%Y-%m'), 'undated') AS month, count(*) AS n "
        f"{base} AND a.outlet IS DISTINCT FROM o.outlet GROUP BY 1, 2, 3 ORDER BY 3", params)
    per_edge: dict[tuple[Any, Any], dict[str, int]] = {}
    for m in monthly:
        per_edge.setdefault((m["source"], m["republisher"]), {})[m["month"]] = m["n"]
    for e in edges:
        e["by_month"] = per_edge.get((e["source"], e["republisher"]), {})
        e["months"] = " ".join(f"{k}:{v}" for k, v in e["by_month"].items())
    ocond = "true"
    oparams: list[Any] = []
    if outlet:
        ocond = "lower(x.outlet) = lower(?)"
        oparams.append(outlet)
    if since:
        ocond += " AND x.published >= ?::DATE"
        oparams.append(since)
    if actor:
        ocond += (" AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = x.id AND "
                  "(lower(m.actor) = lower(?) OR lower(m.text) = lower(?)))")
        oparams += [actor, actor]
    shares = store.query(
        "WITH cp AS (SELECT c.article_id, c.kind, o.outlet AS origin_outlet FROM copies c "
        "            JOIN articles o ON o.id = c.copy_of), "
        "x AS (SELECT * FROM articles) "
        "SELECT x.outlet, count(*) AS articles, "
        "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cp WHERE cp.article_id = x.id AND cp.kind <> 'partial' "
        "                  AND cp.origin_outlet IS DISTINCT FROM x.outlet)) AS copied, "
        "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cp WHERE cp.article_id = x.id AND cp.kind = 'partial' "
        "                  AND cp.origin_outlet IS DISTINCT FROM x.outlet)) AS with_reused_passages, "
        "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM copies c2 JOIN articles a2 ON a2.id = c2.article_id "
        "                  WHERE c2.copy_of = x.id AND a2.outlet IS DISTINCT FROM x.outlet)) AS republished_by_others "
        f"FROM x WHERE {ocond} GROUP BY 1 "
        "HAVING copied + with_reused_passages + republished_by_others > 0 "
        "ORDER BY copied DESC, republished_by_others DESC LIMIT ?", [*oparams, limit])
    for r in shares:
        r["copy_share"] = share(r["copied"], r["articles"])["share"] or 0.0
    direction = store.query(
        f"SELECT c.kind, coalesce(c.decided_by, 'unknown') AS decided_by, NOT ({UNDECIDED_SQL}) AS decided, "
        f"round(avg(c.confidence), 2) AS confidence, count(*) AS links {base} AND a.outlet IS DISTINCT FROM o.outlet "
        "GROUP BY 1, 2, 3 ORDER BY 1, 3 DESC, links DESC", params)
    return {"top_origins": origins, "edges": edges, "outlets": shares, "directions": direction}


def copy_links(store: Any, article_id: str | None = None, kind: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
    """Copy links (article_id copies copy_of): all, or those of one article as copy or origin
    (an id prefix is enough), with both sides' url, outlet and date and the copy cluster."""
    where, params = ["true"], []
    if article_id:
        where.append("(c.article_id LIKE ? OR c.copy_of LIKE ?)")
        params += [article_id + "%", article_id + "%"]
    if kind:
        where.append("c.kind = ?")
        params.append(kind)
    sql = ("SELECT c.article_id, c.copy_of, c.kind, round(c.similarity, 4) AS similarity, c.decided_by, "
           "c.confidence, a.url, "
           "o.url AS copy_of_url, a.outlet, o.outlet AS copy_of_outlet, a.published, o.published AS copy_of_published, "
           "(SELECT min(k.cluster_id) FROM copy_clusters k WHERE k.article_id = c.article_id "
           "AND c.kind <> 'partial') AS cluster_id, c.passages FROM copies c JOIN articles a ON a.id = c.article_id "
           f"JOIN articles o ON o.id = c.copy_of WHERE {' AND '.join(where)} "
           "ORDER BY c.kind, c.similarity DESC, c.article_id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.query(sql, params)
