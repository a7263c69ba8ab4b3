"""Publication dates from the forms exports and pages use, with a reason when they fail.

Order: the user's ``date_format`` (strptime patterns, ``|``-separated), ISO 8601,
dateutil (English month names, US/UK orders), then dateparser for localised forms
("24 марта 2022", "2022年3月24日", "24. März 2022"). A label such as "Published:",
"Updated", "发布时间：" in front of the date is dropped first: exports of portals carry it
("Published: Mar 24, 2022 06:46 PM" parsed for 0 of 100 rows before).
A value that none of them reads returns None; the caller counts it (never silent).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

# Labels seen in real exports and pages (English, Chinese, Russian, French, German, Spanish).
_LABEL = re.compile(
    r"^\s*(?:published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?|last\s+updated|date|"
    r"发布时间|发布日期|来源时间|更新时间|时间|опубликовано|обновлено|publié\s+le|mis\s+à\s+jour\s+le|"
    r"veröffentlicht(?:\s+am)?|aktualisiert(?:\s+am)?|publicado(?:\s+el)?|actualizado)\s*[:：]?\s*",
    re.I,
)
_LO, _HI = date(1900, 1, 1), date(2100, 1, 1)


def _ok(d: date) -> str | None:
    return d.isoformat() if _LO <= d <= _HI else None


@lru_cache(maxsize=1)
def _dateparser():  # type: ignore[no-untyped-def]
    """dateparser is slow to import (~0.5 s, per-locale regexes): only when needed."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - it ships with htmldate
        return None
    return dateparser


def strip_label(value: str) -> str:
    """``"Published: Mar 24, 2022 06:46 PM"`` -> ``"Mar 24, 2022 06:46 PM"``."""
    return _LABEL.sub("", value.strip(), count=1).strip()


def parse_date(value: str | None, date_format: str = "") -> str | None:
    """ISO date (YYYY-MM-DD) of ``value``, or None when no parser reads it."""
    if not value or not value.strip():
        return None
    raw = strip_label(value)
    for fmt in (f.strip() for f in date_format.split("|") if f.strip()):
        for candidate in (value.strip(), raw):
            try:
                return _ok(datetime.strptime(candidate, fmt).date())
            except ValueError:
                continue
    try:
        return _ok(datetime.fromisoformat(raw.replace("Z", "+00:00")).date())
    except ValueError:
        pass
    try:
        from dateutil import parser as dateutil_parser

        return _ok(dateutil_parser.parse(raw, fuzzy=False, default=datetime(1900, 1, 1)).date())
    except (ValueError, OverflowError, TypeError):
        pass
    dp = _dateparser()
    if dp is None:
        return None
    try:
        parsed = dp.parse(raw, settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month"]})
    except Exception:  # dateparser raises many kinds on odd strings
        return None
    return _ok(parsed.date()) if parsed else None
