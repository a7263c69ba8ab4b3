"""Find quotation-mark spans in raw text, straight and curly.

Returns character spans of the quoted text WITHOUT its marks. Rules:
- curly marks pair “ with ”; straight " toggles open/close;
- a quote left open at the end of a paragraph continues into the next
  paragraph when that paragraph opens with a quotation mark (the newspaper
  convention for a quote running over paragraphs); otherwise it ends at the
  paragraph end (an unbalanced mark never swallows the article);
- a quote never runs over more than ``MAX_PARAGRAPHS`` paragraphs;
- two apostrophes (``''``) count as a straight double mark (``normalise_marks``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_MARKS = "“„«"
CLOSE_MARKS = "”»"
STRAIGHT = '"'
ALL_MARKS = OPEN_MARKS + CLOSE_MARKS + STRAIGHT + "‟"
MAX_PARAGRAPHS = 6

_PARA = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class MarkSpan:
    start: int  # first char inside the marks
    end: int  # char after the last char inside the marks
    closed: bool  # False when the closing mark was missing
    paragraphs: int = 1


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line: a paragraph as extractors emit them."""
    return [(m.start(), m.end()) for m in _PARA.finditer(text) if m.group().strip()]


def _opens_with_mark(text: str, start: int, end: int) -> bool:
    s = text[start:end].lstrip()
    return bool(s) and (s[0] in OPEN_MARKS or s[0] == STRAIGHT)


_DOUBLE_APOSTROPHE = re.compile(r"''")


def normalise_marks(text: str) -> str:
    """Two apostrophes used as a quotation mark (``''Jobs,'' he said``, the style of some wires)
    become a straight double mark plus a space, keeping every offset: ``' "'`` when it opens a
    quote (after a space or at a line start), ``'" '`` when it closes one."""
    if "''" not in text:
        return text
    out = list(text)
    for m in _DOUBLE_APOSTROPHE.finditer(text):
        i = m.start()
        if i == 0 or text[i - 1] in " \n\t([—–-":
            out[i], out[i + 1] = " ", '"'
        else:
            out[i], out[i + 1] = '"', " "
    return "".join(out)


def find_mark_spans(text: str) -> list[MarkSpan]:
    text = normalise_marks(text)
    spans: list[MarkSpan] = []
    paras = paragraphs(text)
    open_at: int | None = None
    n_paras = 0
    for pi, (ps, pe) in enumerate(paras):
        if open_at is not None:
            n_paras += 1
        for i in range(ps, pe):
            ch = text[i]
            if ch not in ALL_MARKS:
                continue
            if open_at is None:
                if ch in CLOSE_MARKS:
                    continue  # stray closing mark
                open_at, n_paras = i + 1, 1
            else:
                if ch in OPEN_MARKS or ch == "‟":
                    # continuation mark at the start of a paragraph, or a nested/broken open
                    if text[ps:i].strip() == "":
                        continue
                    open_at, n_paras = i + 1, 1  # previous quote was never closed: restart here
                    continue
                if ch == STRAIGHT and i == ps:
                    continue  # continuation straight mark opening the paragraph
                spans.append(MarkSpan(open_at, i, True, n_paras))
                open_at = None
        if open_at is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is None or not _opens_with_mark(text, *nxt) or n_paras >= MAX_PARAGRAPHS:
                spans.append(MarkSpan(open_at, pe, False, n_paras))
                open_at = None
    return [s for s in spans if text[s.start:s.end].strip()]
