"""The syndication stage's tables read back whole, for its evaluation (``eval/syndication.py``):
copy links, clusters and their members, direct pairs, and a summary of the copies a corpus holds.

Like ``trends`` these take a ``Store`` and return its raw values (similarities unrounded): the
evaluation scores them. The dashboard's and the CLI's copy figures are in ``spread.py``.
"""

from __future__ import annotations

from typing import Any


def exact_near_copies(store: Any) -> list[dict[str, Any]]:
    """Every exact or near copy link: article_id, copy_of, kind, similarity."""
    return store.query("SELECT article_id, copy_of, kind, similarity FROM copies WHERE kind IN ('exact', 'near')")


def copy_tables(store: Any) -> dict[str, list[dict[str, Any]]]:
    """clusters (cluster_id, origin_id), members (non-origin article_id, cluster_id), links
    (every ``copies`` row with its passages) and direct (exact or near ``copy_pairs``)."""
    return {
        "clusters": store.query("SELECT cluster_id, origin_id FROM copy_cluster_info"),
        "members": store.query("SELECT article_id, cluster_id FROM copy_clusters WHERE NOT origin"),
        "links": store.query("SELECT article_id, copy_of, kind, similarity, passages FROM copies"),
        "direct": store.query("SELECT article_id, other_id, kind FROM copy_pairs WHERE kind IN ('exact','near')"),
    }


def copy_summary(store: Any, limit: int = 20) -> dict[str, Any]:
    """Copies per kind, cross-outlet copies per kind, cluster sizes, and up to ``limit`` examples
    of exact/near and of cross-outlet partial copies (with the first shared passage)."""
    kinds = {r["kind"]: r["n"] for r in store.query("SELECT kind, count(*) AS n FROM copies GROUP BY 1")}
    cross = {r["kind"]: r["n"] for r in store.query(
        "SELECT c.kind, count(*) AS n FROM copies c JOIN articles a ON a.id = c.article_id "
        "JOIN articles o ON o.id = c.copy_of WHERE a.outlet IS DISTINCT FROM o.outlet GROUP BY 1")}
    examples = store.query(
        "SELECT c.kind, round(c.similarity, 3) AS similarity, a.outlet, a.published, a.url, "
        "o.outlet AS origin_outlet, o.published AS origin_published, o.url AS origin_url "
        "FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of "
        "WHERE c.kind IN ('exact', 'near') ORDER BY c.kind, a.outlet LIMIT ?", [limit])
    partial_examples = store.query(
        "SELECT round(c.similarity, 3) AS similarity, a.outlet, a.url, o.outlet AS origin_outlet, "
        "o.url AS origin_url, json_extract_string(c.passages, '$[0].text') AS passage "
        "FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of "
        "WHERE c.kind = 'partial' AND a.outlet IS DISTINCT FROM o.outlet ORDER BY c.similarity DESC LIMIT ?",
        [limit])
    clusters = store.query("SELECT size, count(*) AS n FROM copy_cluster_info GROUP BY 1 ORDER BY 1")
    return {"kinds": kinds, "cross": cross, "cluster_sizes": {r["size"]: r["n"] for r in clusters},
            "examples": examples, "partial_examples": partial_examples}
