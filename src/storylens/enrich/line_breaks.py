"""Sentences end at paragraph breaks: a spaCy component that runs before the parser.

Why. Extracted news text holds one paragraph per line, and many lines do not end with a
full stop: headings ("What Trump knew"), bylines ("- John Fritze"), datelines, captions,
list items. spaCy's parser decides sentence boundaries itself and often glues such a line
to the sentence after it; on 40 AllSides articles after cleaning 9.4% of its sentences
spanned a line break. Those glued sentences then become tone evidence and narrative
evidence ("What Trump knew One topic it might explore ..."), and a heading's noun can
become a quote's speaker. The parser respects boundaries set before it runs, so marking
the first token of every line as a sentence start fixes all stages at once.

Which breaks count. A blank line always ends a sentence. A single line break ends one
unless the document is *hard-wrapped* (a .txt or feed body broken every ~70 characters
inside sentences): there a single break is mostly mid-sentence and is left to the parser.
The test is per document (``hard_wrapped``): enough single breaks where the line before
ends without closing punctuation and the line after starts in lower case ("... the\\n
president said"). Paragraph-per-line news almost never has that shape; wrapped prose has
it at every second or third break.

No library does this: spaCy's ``sentencizer`` splits on punctuation only, and its
``senter`` is the statistical splitter the parser already replaces.
"""

from __future__ import annotations

import re
from typing import Any

FACTORY = "storylens_line_breaks"

# A line that ends inside a sentence: its last character is a letter, digit or comma
# (not . ! ? : ; or a closing quote/bracket), and the next line starts in lower case.
_WRAP = re.compile(r"[\w,][ \t]*\n[ \t]*[a-z]")
_SINGLE = re.compile(r"[^\n]\n(?=[ \t]*[^\s])")
_CLOSERS = frozenset({'"', "'", "\u201d", "\u2019", "\u00bb", "\u203a", ")", "]", "''"})
MIN_WRAPS = 3  # fewer than this never makes a document hard-wrapped
WRAP_SHARE = 0.25  # share of single breaks that must read as mid-sentence


def hard_wrapped(text: str) -> bool:
    """True when the document's single line breaks are mostly inside sentences.

    Counted over single breaks only (a blank line is a paragraph in any layout). At least
    ``MIN_WRAPS`` breaks of the form "word\\nlower-case word" and at least ``WRAP_SHARE``
    of all single breaks. A news page with one paragraph per line has next to none (a
    paragraph starts with a capital or a quote mark); 70-column wrapped prose has one at
    about every second break."""
    wraps = len(_WRAP.findall(text))
    if wraps < MIN_WRAPS:
        return False
    singles = len(_SINGLE.findall(text))
    return singles > 0 and wraps / singles >= WRAP_SHARE


# a wire credit glued to a paragraph's first word: "(CNN)President Donald Trump, according to ..."
_CREDIT = re.compile(r"(?m)^[ \t]*\([A-Z][A-Za-z.]{1,15}\)(?=[A-Z])")


def credit_starts(doc: Any, text: str) -> None:
    """The word after a bracketed wire credit that opens a line starts a sentence: with the
    credit glued to it, the parser made "CNN" the subject of the paragraph's verb (a CNN page,
    2026-12-07: "CNN made an unscheduled trip to Walter Reed")."""
    for m in _CREDIT.finditer(text):
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True


class LineBreakSentences:
    """Mark the first token after a line break as a sentence start (see the module doc)."""

    def __call__(self, doc: Any) -> Any:
        import numpy as np
        from spacy.attrs import IS_SPACE

        n = len(doc)
        if n < 2:
            return doc
        text = doc.text
        if "(" in text:
            credit_starts(doc, text)
        if "\n" not in text:
            return doc
        blank_only = hard_wrapped(text)
        spaces = np.flatnonzero(doc.to_array([IS_SPACE]).reshape(-1)).tolist()
        k = 0
        while k < len(spaces):
            first = i = spaces[k]
            breaks = doc[i].text.count("\n")
            while k + 1 < len(spaces) and spaces[k + 1] == i + 1:  # "\n \n" as several tokens
                k += 1
                i += 1
                breaks += doc[i].text.count("\n")
            k += 1
            j = i + 1
            if breaks and j < n and (breaks >= 2 or not blank_only):
                doc[j].is_sent_start = True
                # The parser, given a forced start, often splits again right after the line's
                # first word ("Trump | may be looking ...", "USA | TODAY", "Tillerson | said");
                # a one-word sentence at a paragraph's start is never what the text means.
                if j + 1 < n and not doc[j + 1].is_space:
                    doc[j + 1].is_sent_start = False
                # A closing mark before the break stays with its sentence: left alone, the
                # parser may split '... win.' | '"' and the mark would be a sentence alone.
                b = first - 1
                while b > 0 and doc[b].text in _CLOSERS:
                    doc[b].is_sent_start = False
                    b -= 1
        return doc


def register() -> None:
    """Register the factory once per process (spaCy's factory registry is global)."""
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=lambda nlp, name: LineBreakSentences())


def add_to(nlp: Any) -> Any:
    """Insert the component right before the parser (or first, when there is none)."""
    register()
    if FACTORY in nlp.pipe_names:
        return nlp
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(FACTORY, before="parser")
    else:
        nlp.add_pipe(FACTORY, first=True)
    return nlp
