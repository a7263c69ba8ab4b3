"""Actor: tone over time by group with confidence bands, attention, voices, stories, narratives, evidence."""

from __future__ import annotations

from typing import Any

from storylens.store.queries.base import NotFound, Q

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
        "(SELECT count(*) FROM mentions WHERE actor = ?) AS mentions, "
        "(SELECT avg(score) FROM tones WHERE actor = ?) AS tone, "
        "(SELECT count(*) FROM tones WHERE actor = ?) AS toned",
        [name] * 6,
    )
    if not head or (not head["articles"] and not head["toned"]):
        raise NotFound(f"no actor {name!r} in this store. See /api/actors for the actors it holds.")
    join, country, otype = q.outlet_join("a")
    gexpr = {"outlet": "a.outlet", "country": country, "type": otype}[by]
    bucket = q.bucket("JOIN tones t ON t.article_id = a.id WHERE t.actor = ?", [name])
    # Tone per bucket and group: mean with a 95% normal-approximation interval.
    tone = q.rows(
        f"""
        WITH x AS (
            SELECT date_trunc('{bucket}', a.published)::DATE AS bucket, coalesce({gexpr}, 'unknown') AS grp, t.score
            FROM tones t JOIN articles a ON a.id = t.article_id{join}
            WHERE t.actor = ? AND a.published IS NOT NULL
        ), top AS (SELECT grp FROM x GROUP BY grp ORDER BY count(*) DESC, grp LIMIT ?)
        SELECT bucket, grp AS "group", count(*) AS n, avg(score) AS mean,
               avg(score) - 1.96 * coalesce(stddev_samp(score), 0) / sqrt(count(*)) AS lo,
               avg(score) + 1.96 * coalesce(stddev_samp(score), 0) / sqrt(count(*)) AS hi
        FROM x WHERE grp IN (SELECT grp FROM top) GROUP BY 1, 2 ORDER BY 1, 2
        """,
        [name, top_groups],
    )
    tone_groups = q.rows(
        f"""
        SELECT coalesce({gexpr}, 'unknown') AS "group", count(*) AS n, avg(t.score) AS mean,
               avg(t.score) - 1.96 * coalesce(stddev_samp(t.score), 0) / sqrt(count(*)) AS lo,
               avg(t.score) + 1.96 * coalesce(stddev_samp(t.score), 0) / sqrt(count(*)) AS hi,
               avg(CASE WHEN t.label = 'negative' THEN 1.0 ELSE 0 END) AS share_negative
        FROM tones t JOIN articles a ON a.id = t.article_id{join}
        WHERE t.actor = ? GROUP BY 1 ORDER BY n DESC LIMIT ?
        """,
        [name, limit],
    )
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
        "SELECT role, count(*) AS articles, avg(score) AS score FROM roles WHERE actor = ? GROUP BY 1 ORDER BY 2 DESC",
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
            GROUP BY 1 ORDER BY articles DESC LIMIT ?
            """,
            [name, limit],
        )
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
        "actor": head, "by": by, "bucket": bucket, "registry": q.outlet_meta() is not None,
        "tone": tone, "tone_groups": tone_groups, "attention": attention,
        "quoted_about": quoted_about, "own_voice": own_voice,
        "stories_available": stories_available, "stories": stories,
        "narratives": narratives, "roles": roles, "evidence": evidence,
    }
