"""The 1:1 map between per-article records and store tables.

``CHILD_TABLES`` names, for each tuple field of ``Article``, the table that
holds it. Columns are ``article_id`` followed by the record's fields in
order (a test keeps the migrations and the dataclasses in step), so a new
record type needs one line here and one migration.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from storylens.types import (
    ActorTone,
    Article,
    Mention,
    NarrativeHit,
    Quote,
    Removal,
    RoleAssignment,
)

CHILD_TABLES: dict[str, type] = {
    "removals": Removal,
    "mentions": Mention,
    "tones": ActorTone,
    "quotes": Quote,
    "narratives": NarrativeHit,
    "roles": RoleAssignment,
}

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "source", "source_kind", "offset", "url", "outlet", "outlet_name", "title",
    "author", "published", "language", "text", "raw_text", "spam_injected", "page_spam", "words",
)


def columns_of(record_type: type) -> list[str]:
    return ["article_id", *(f.name for f in dataclasses.fields(record_type))]


def _cell(value: Any) -> Any:
    if isinstance(value, tuple):
        if value and isinstance(value[0], dict):
            return json.dumps(list(value), ensure_ascii=False)
        return list(value)
    return value


def child_rows(article: Article, attr: str) -> list[tuple[Any, ...]]:
    return [
        (article.id, *(_cell(getattr(rec, f.name)) for f in dataclasses.fields(rec)))
        for rec in getattr(article, attr)
    ]


def article_row(article: Article) -> tuple[Any, ...]:
    values = {f: getattr(article, f) for f in ARTICLE_COLUMNS if f != "words"}
    values["words"] = article.word_count()
    return tuple(values[c] for c in ARTICLE_COLUMNS)


def record_from_row(record_type: type, row: dict[str, Any]) -> Any:
    """Inverse of ``child_rows`` for one row (lists back to tuples)."""
    kwargs = {}
    for f in dataclasses.fields(record_type):
        v = row[f.name]
        if isinstance(v, list):
            v = tuple(v)
        elif isinstance(v, str) and f.name == "passages":
            v = tuple(json.loads(v))
        kwargs[f.name] = v
    return record_type(**kwargs)
