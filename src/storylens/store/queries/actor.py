"""Actor: tone over time by group with confidence bands, attention, voices, stories, narratives, evidence."""

from __future__ import annotations

from typing import Any

from storylens.store.queries import tone as tone_q
from storylens.store.queries.base import NotFound, Q
from storylens.store.queries.tone import group_expr
from storylens.store.stats import ARTICLE_TONES, TONE_MOMENTS, tone_summary

GROUPS = ("outlet", "country", "type")


def actors(q: Q, limit: int = 500) -> list[dict[str, Any]]:
    return q.rows(
        "SELECT actor, any_value(kind) AS kind, count(DISTINCT article_id) AS articles FROM mentions "
        "GROUP BY actor ORDER BY articles DESC, actor LIMIT ?", [limit]
    )


def actor(q: Q, name: str, by: str = "outlet", top_groups: int = 6, limit: int = 25) -> dict[str, Any]:
    if by not in GROUPS:
        by = "outlet"
    head = q.one(
        "SELECT ? AS actor, (SELECT any_value(kind) FROM mentions WHERE actor = ?) AS kind, "
        "(SELECT count(DISTINCT article_id) FROM mentions WHERE actor = ?) AS articles, "
        "(SELECT count(*) FROM mentions WHERE actor = ?) AS mentions",
        [name] * 4,
    ) or {}
    overall = tone_q.tone_groups(q, name)
    head.update({"tone": None, "ci_low": None, "ci_high": None, "toned": 0})
    if overall:
        o = overall[0]
        head.update({"tone": o["tone"], "ci_low": o["ci_low"], "ci_high": o["ci_high"], "toned": o["articles"]})
    if not head or (not head["articles"] and not head["toned"]):
        raise NotFound(f"no actor {name!r} in this store. See /api/actors for the actors it holds.")
    join, gexpr = group_expr(q, by)
    bucket = q.bucket("JOIN tones t ON t.article_id = a.id WHERE t.actor = ?", [name])
    # Tone per bucket and group (the top groups by articles): article-level mean and interval.
    series = q.rows(
        f"""
        WITH x AS (
            SELECT date_trunc('{bucket}', a.published)::DATE AS bucket, coalesce({gexpr}, 'unknown') AS grp,
                   t.score, t.mentions, t.label
            FROM {ARTICLE_TONES} t JOIN articles a ON a.id = t.article_id{join}
            WHERE t.actor = ? AND a.published IS NOT NULL
        ), top AS (SELECT grp FROM x GROUP BY grp ORDER BY count(*) DESC, grp LIMIT ?)
        SELECT bucket, grp, {TONE_MOMENTS}
        FROM x t WHERE grp IN (SELECT grp FROM top) GROUP BY 1, 2 ORDER BY 1, 2
        """,
        [name, top_groups],
    )
    tone = []
    for r in series:
        s = tone_summary(r["n"], r["mean"], r["sd"])
        tone.append({"bucket": r["bucket"], "group": r["grp"], "n": s["articles"], "mean": s["tone"],
                     "lo": s["ci_low"], "hi": s["ci_high"]})
    tone_groups = tone_q.tone_groups(q, name, by, limit=limit)
    attention = q.rows(
        f"""
        WITH tot AS (SELECT date_trunc('{bucket}', published)::DATE AS bucket, count(*) AS total
                     FROM articles WHERE published IS NOT NULL GROUP BY 1),
             m AS (SELECT date_trunc('{bucket}', a.published)::DATE AS bucket, count(DISTINCT a.id) AS articles
                   FROM mentions m JOIN articles a ON a.id = m.article_id
                   WHERE m.actor = ? AND a.published IS NOT NULL GROUP BY 1)
        SELECT tot.bucket, coalesce(m.articles, 0) AS articles, coalesce(m.articles, 0) / tot.total::DOUBLE AS share
        FROM tot LEFT JOIN m USING (bucket) ORDER BY 1
        """,
        [name],
    )
    quoted_about = q.rows(
        """
        SELECT coalesce(qu.speaker, '(unnamed)') AS speaker, qu.speaker_type, bool_or(qu.anonymous) AS anonymous,
               count(*) AS quotes, count(DISTINCT qu.article_id) AS articles
        FROM quotes qu WHERE qu.article_id IN (SELECT article_id FROM mentions WHERE actor = ?)
          AND coalesce(qu.speaker_actor, '') <> ?
        GROUP BY 1, 2 ORDER BY quotes DESC, speaker LIMIT ?
        """,
        [name, name, limit],
    )
    own_voice = q.rows(
        """
        SELECT qu.article_id, a.title, a.outlet, a.published, qu.speaker, qu.kind, qu.text
        FROM quotes qu JOIN articles a ON a.id = qu.article_id
        WHERE qu.speaker_actor = ? ORDER BY a.published DESC NULLS LAST, qu.article_id LIMIT ?
        """,
        [name, limit],
    )
    narratives = q.rows(
        """
        SELECT n.narrative, n.pack, count(DISTINCT n.article_id) AS articles, avg(n.score) AS score
        FROM narratives n WHERE n.article_id IN (SELECT article_id FROM mentions WHERE actor = ?)
        GROUP BY 1, 2 ORDER BY articles DESC, narrative LIMIT ?
        """,
        [name, limit],
    )
    roles = q.rows(
        "SELECT role, count(*) AS articles, avg(score) AS score FROM roles WHERE actor = ? GROUP BY 1 ORDER BY 2 DESC, 1",
        [name],
    )
    stories: list[dict[str, Any]] = []
    stories_available = q.has("story_articles", "story_id", "article_id")
    if stories_available:
        label = next((c for c in ("title", "label", "name", "headline") if q.has("stories", c)), None)
        label_sql = f"any_value(s.\"{label}\")" if label and q.has("stories", "id") else "NULL"
        sjoin = " LEFT JOIN stories s ON s.id = sa.story_id" if label_sql != "NULL" else ""
        stories = q.rows(
            f"""
            SELECT sa.story_id, {label_sql} AS story, count(DISTINCT sa.article_id) AS articles,
                   min(a.published) AS first, max(a.published) AS last
            FROM story_articles sa JOIN articles a ON a.id = sa.article_id{sjoin}
            WHERE sa.article_id IN (SELECT article_id FROM mentions WHERE actor = ?)
            GROUP BY 1 ORDER BY articles DESC, 1 LIMIT ?
            """,
            [name, limit],
        )
        if q.has("stories", "id", "label", "headline"):
            from storylens.store.queries.stories import display_labels

            heads = {r["id"]: r for r in q.rows(
                "SELECT id, label, headline, keywords FROM stories WHERE id IN (SELECT unnest(?))",
                [[r["story_id"] for r in stories]])}
            shown = display_labels(q, list(heads.values()))
            for r in stories:
                r["story"] = shown.get(str(r["story_id"]), r["story"])
    evidence = q.rows(
        """
        WITH t AS (
            SELECT article_id, score, label, evidence FROM tones
            WHERE actor = ? AND len(coalesce(evidence, []::VARCHAR[])) > 0
            ORDER BY abs(score) DESC, article_id LIMIT ?
        )
        SELECT t.article_id, a.title, a.outlet, a.published, t.score, t.label, e.sentence
        FROM t JOIN articles a ON a.id = t.article_id, unnest(t.evidence) AS e(sentence)
        ORDER BY abs(t.score) DESC, t.article_id LIMIT ?
        """,
        [name, limit, limit],
    )
    return {
        "actor": head, "by": by, "bucket": bucket, "registry": q.registry(),
        "tone": tone, "tone_groups": tone_groups, "attention": attention,
        "quoted_about": quoted_about, "own_voice": own_voice,
        "stories_available": stories_available, "stories": stories,
        "narratives": narratives, "roles": roles, "evidence": evidence,
    }
