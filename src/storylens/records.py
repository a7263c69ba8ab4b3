"""JSON views of records, shared by ``extract``/``annotate`` output, the API and exports."""

from __future__ import annotations

import dataclasses
from typing import Any

from storylens.types import Article, Reject


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return None
    return value


def article_json(article: Article, *, enriched: bool = False) -> dict[str, Any]:
    """The ``extract`` view (``enriched`` adds actors, quotes, narratives, roles)."""
    out: dict[str, Any] = {
        "id": article.id,
        "source": article.source if article.offset is None else f"{article.source}@{article.offset}",
        "source_path": article.source,
        "offset": article.offset,
        "url": article.url,
        "outlet": article.outlet,
        "outlet_name": article.outlet_name,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "removed": [{"text": r.text, "reason": r.reason, "start": r.start, "end": r.end, "rule": r.rule} for r in article.removals],
        "spam_injected": article.spam_injected,
        "page_spam": article.page_spam,
    }
    if enriched:
        out["actors"] = [
            {
                "actor": t.actor,
                "kind": t.kind,
                "mentions": t.mentions,
                "tone": t.score,
                "label": t.label,
                "evidence": list(t.evidence),
            }
            for t in article.tones
        ]
        out["mentions"] = _plain(article.mentions)
        out["quotes"] = _plain(article.quotes)
        out["narratives"] = [
            {"narrative": n.narrative, "score": n.score, "evidence": list(n.evidence), "pack": n.pack}
            for n in article.narratives
        ]
        out["roles"] = _plain(article.roles)
    return out


def reject_json(r: Reject) -> dict[str, Any]:
    return {"source": r.source, "offset": r.offset, "stage": r.stage, "reason": r.reason}
