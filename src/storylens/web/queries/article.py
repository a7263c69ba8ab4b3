"""Article: cleaned text with mentions, quotes and speakers marked; removed spans of the raw text; tone."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from storylens.web.queries.base import NotFound, Q


def article(q: Q, article_id: str) -> dict[str, Any]:
    a = q.one(
        "SELECT id, url, outlet, outlet_name, title, author, published, language, source, source_kind, "
        "\"offset\", words, spam_injected, page_spam, ingested_at, text, raw_text FROM articles WHERE id = ?",
        [article_id],
    )
    if not a:
        raise NotFound(f"no article {article_id!r} in this store. Search for it at /search.")
    removals = q.rows('SELECT start, "end", text, reason, rule, confidence FROM removals WHERE article_id = ? ORDER BY start', [article_id])
    mentions = q.rows('SELECT actor, kind, start, "end", text, via FROM mentions WHERE article_id = ? ORDER BY start', [article_id])
    quotes = q.rows(
        'SELECT text, start, "end", kind, partial, cue, speaker, speaker_descriptor, speaker_type, anonymous, '
        "speaker_actor FROM quotes WHERE article_id = ? ORDER BY start", [article_id]
    )
    tones = q.rows("SELECT actor, kind, mentions, score, label, evidence FROM tones WHERE article_id = ? ORDER BY mentions DESC, actor", [article_id])
    narratives = q.rows("SELECT narrative, pack, score, evidence FROM narratives WHERE article_id = ? ORDER BY score DESC", [article_id])
    roles = q.rows("SELECT actor, role, score FROM roles WHERE article_id = ? ORDER BY score DESC", [article_id])
    copies: list[dict[str, Any]] = []
    if q.has("copies", "article_id", "copy_of"):
        # two indexed lookups (an OR would scan the table)
        copies = q.rows(
            "WITH c AS (SELECT article_id, copy_of, kind, similarity FROM copies WHERE article_id = ? "
            "UNION ALL SELECT article_id, copy_of, kind, similarity FROM copies WHERE copy_of = ? AND article_id <> ?) "
            "SELECT c.article_id, c.copy_of, c.kind, c.similarity, o.outlet AS origin_outlet, o.title AS origin_title "
            "FROM c LEFT JOIN articles o ON o.id = c.copy_of ORDER BY c.similarity DESC, c.article_id LIMIT 50",
            [article_id, article_id, article_id],
        )
    return {"article": a, "removals": removals, "mentions": mentions, "quotes": quotes, "tones": tones,
            "narratives": narratives, "roles": roles, "copies": copies}


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
