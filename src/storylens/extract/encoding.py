"""Repair text that was decoded with the wrong character set (mojibake) before any stage reads it.

Exports and crawls carry text that was UTF-8, read as Windows-1252 and written back as UTF-8:
"Romney’s" arrives as "RomneyÃ¢â‚¬â„¢s", a right quote as the C1 control "\\x92". The quote
stage then misses the quotation marks, the NER splits the name, the copy detector sees two texts.
22 of 9,500 titles and texts of the shared AllSides corpus hold such sequences (2026-12-07).

ftfy (Apache-2.0, PyPI) is the well-kept library for this; only its encoding fix is used
(``fix_encoding``: no quote uncurling, no width or Unicode normalisation), so text without
mojibake is returned unchanged: 0 of the 275 multilingual and 63 demo files change.
"""

from __future__ import annotations

from ftfy import fix_encoding


def repair(text: str | None) -> tuple[str | None, bool]:
    """``(text, changed)``: ``text`` with mis-decoded sequences decoded again; None stays None."""
    if not text or text.isascii():
        return text, False
    fixed = fix_encoding(text)
    return fixed, fixed != text
