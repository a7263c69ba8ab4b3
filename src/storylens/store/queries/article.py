"""Article: cleaned text with mentions, quotes and speakers marked; removed spans of the raw text; tone."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from storylens.store.queries.base import NotFound, Q, plain_deep

# The article page's child rows: (table, columns, sort order). Lists are aggregated unordered
# (an ordered list() over 100k groups costs ~5x more per snapshot) and sorted here per article,
# the same way on both paths below, so they cannot drift apart. Sort fields are NOT NULL columns;
# "-" sorts descending (numbers).
CHILDREN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("removals", 'start, "end", text, reason, rule, confidence', ("start", "end", "reason")),
    ("mentions", 'actor, kind, start, "end", text, via', ("start", "end", "actor")),
    ("quotes", 'text, start, "end", kind, partial, cue, speaker, speaker_descriptor, speaker_type, anonymous, '
               "speaker_actor", ("start", "end", "text")),
    ("tones", "actor, kind, mentions, score, label, evidence", ("-mentions", "actor", "kind")),
    ("narratives", "narrative, pack, score, evidence", ("-score", "narrative", "pack")),
    ("roles", "actor, role, score", ("-score", "actor", "role")),
)
COPY_COLUMNS = "article_id, copy_of, kind, similarity, origin_outlet, origin_title"
COPY_ORDER = ("-similarity", "article_id", "copy_of")
MAX_COPIES = 50
ARTICLE_SQL = (
    "SELECT id, url, outlet, outlet_name, title, author, published, language, source, source_kind, "
    "\"offset\", words, spam_injected, page_spam, ingested_at, text, raw_text FROM articles WHERE id = ?"
)
# Built in each private snapshot copy (``prepare.add_indexes``): one row per article with every
# child list, so an article page is two indexed point lookups instead of eight queries.
CHILDREN_TABLE = "web_article_children"
NAMES = (*(t for t, _, _ in CHILDREN), "copies")
ORDERS = {**{t: order for t, _, order in CHILDREN}, "copies": COPY_ORDER}


def _agg(cols: str) -> str:
    return f"list(struct_pack({cols}))"


def _sort_key(order: tuple[str, ...]) -> Any:
    fields = [(f.lstrip("-"), f.startswith("-")) for f in order]

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        out: list[Any] = []
        for name, desc in fields:
            v = row.get(name)
            out.append((v is None, (-v if desc else v) if v is not None else 0))
        return tuple(out)

    return key


SORT_KEYS = {name: _sort_key(order) for name, order in ORDERS.items()}


def _has_copies(q: Q) -> bool:
    return q.has("copies", "article_id", "copy_of", "kind", "similarity")


def article(q: Q, article_id: str) -> dict[str, Any]:
    """The article row and its child rows: two indexed lookups on a prepared snapshot, else one query."""
    a = q.one(ARTICLE_SQL, [article_id])
    if not a:
        raise NotFound(f"no article {article_id!r} in this store. Search for it at /search.")
    if q.has(CHILDREN_TABLE, "article_id", *NAMES):
        row = q.cur.execute(f'SELECT {", ".join(NAMES)} FROM "{CHILDREN_TABLE}" WHERE article_id = ?',
                            [article_id]).fetchone()
    else:
        row = q.cur.execute(_children_sql(q), [article_id]).fetchone()
    out: dict[str, Any] = {"article": a}
    for name, value in zip(NAMES, row or [None] * len(NAMES), strict=True):
        rows = sorted(value or [], key=SORT_KEYS[name])  # raw values: rounding could make ties
        out[name] = plain_deep(rows[:MAX_COPIES] if name == "copies" else rows)
    return out


def _children_sql(q: Q) -> str:
    """One statement, one uncorrelated subquery per child table (each an indexed lookup on ``$1``)."""
    parts = [f"(SELECT {_agg(cols)} FROM {t} WHERE article_id = $1) AS {t}" for t, cols, _ in CHILDREN]
    if _has_copies(q):
        # two lookups (an OR would scan the table); the origin's outlet and title by primary key
        parts.append(
            f"(SELECT {_agg(COPY_COLUMNS)} FROM ("
            "SELECT c.article_id, c.copy_of, c.kind, c.similarity, o.outlet AS origin_outlet, o.title AS origin_title "
            "FROM (SELECT article_id, copy_of, kind, similarity FROM copies WHERE article_id = $1 "
            "UNION ALL SELECT article_id, copy_of, kind, similarity FROM copies WHERE copy_of = $1 AND article_id <> $1) c "
            "LEFT JOIN articles o ON o.id = c.copy_of)) AS copies"
        )
    else:
        parts.append("NULL AS copies")
    return "SELECT " + ", ".join(parts)


def build_children_table(con: Any) -> None:
    """Create ``web_article_children`` in a private, writable snapshot copy (never in the store).

    One GROUP BY per child table joined to the articles: ~1-2 s per snapshot of 100k synthetic
    articles (``benchmarks/bench_web.py`` notes), then a unique index on article_id.
    """
    q = Q(con)
    ctes, joins, cols = [], [], []
    for t, c, _ in CHILDREN:
        ctes.append(f"c_{t} AS (SELECT article_id, {_agg(c)} AS v FROM {t} GROUP BY article_id)")
        joins.append(f"LEFT JOIN c_{t} ON c_{t}.article_id = a.id")
        cols.append(f"c_{t}.v AS {t}")
    if _has_copies(q):
        ctes.append(
            "cl AS (SELECT c.article_id, c.copy_of, c.kind, c.similarity, o.outlet AS origin_outlet, "
            "o.title AS origin_title FROM copies c LEFT JOIN articles o ON o.id = c.copy_of)"
        )
        ctes.append(
            f"c_copies AS (SELECT k, {_agg(COPY_COLUMNS)} AS v "
            "FROM (SELECT article_id AS k, * FROM cl UNION ALL "
            "SELECT copy_of AS k, * FROM cl WHERE article_id <> copy_of) GROUP BY k)"
        )
        joins.append("LEFT JOIN c_copies ON c_copies.k = a.id")
        cols.append("c_copies.v AS copies")
    else:
        cols.append("NULL AS copies")
    con.execute(f'DROP TABLE IF EXISTS "{CHILDREN_TABLE}"')
    con.execute(
        f'CREATE TABLE "{CHILDREN_TABLE}" AS WITH {", ".join(ctes)} '
        f'SELECT a.id AS article_id, {", ".join(cols)} FROM articles a {" ".join(joins)}'
    )
    con.execute(f'CREATE UNIQUE INDEX "{CHILDREN_TABLE}_id" ON "{CHILDREN_TABLE}" (article_id)')


def segments(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Split ``text`` at every span boundary; each piece lists the spans covering it.

    Spans are dicts with start, end and anything else (kind, label...). Pieces
    are plain text: the template escapes them, so markup in an article is
    shown, never run.
    """
    n = len(text)
    cuts = {0, n}
    good = []
    for s in spans:
        st, en = max(0, int(s["start"])), min(n, int(s["end"]))
        if en > st:
            cuts.update((st, en))
            good.append((st, en, s))
    points = sorted(cuts)
    out = []
    for st, en in pairwise(points):
        cover = [s for (a, b, s) in good if a <= st and en <= b]
        out.append({"text": text[st:en], "spans": cover})
    return out


def marked_text(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Cleaned text with mentions, quotes and speaker names as spans."""
    text = data["article"]["text"]
    spans: list[dict[str, Any]] = []
    for m in data["mentions"]:
        spans.append({"start": m["start"], "end": m["end"], "cls": "mention", "label": f"{m['actor']} ({m['via']})"})
    for qu in data["quotes"]:
        who = qu["speaker"] or qu["speaker_descriptor"] or "unknown speaker"
        spans.append({"start": qu["start"], "end": qu["end"], "cls": f"quote {qu['kind']}",
                      "label": f"{qu['kind']} quote: {who} ({qu['speaker_type']})"})
        if qu["speaker"]:  # mark the speaker's name where it occurs nearest to the quote
            best = None
            i = text.find(qu["speaker"])
            while i >= 0:
                if best is None or abs(i - qu["start"]) < abs(best - qu["start"]):
                    best = i
                i = text.find(qu["speaker"], i + 1)
            if best is not None:
                spans.append({"start": best, "end": best + len(qu["speaker"]), "cls": "speaker",
                              "label": f"speaker ({qu['speaker_type']})"})
    return segments(text, spans)


def struck_raw(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Raw (extracted) text with each removal as a span carrying its reason."""
    spans = [{"start": r["start"], "end": r["end"], "cls": "removed",
              "label": f"removed: {r['reason']} ({r['rule']}, {r['confidence']})", "reason": r["reason"]}
             for r in data["removals"]]
    return segments(data["article"]["raw_text"], spans)
