"""The clean stage: injected spam, whole-page spam, captions, UI residue and repetition.

Every cut is a ``Removal`` with offsets into ``Article.raw_text``; see
``storylens.clean.core`` for the rules and docs/cleaning.md for the design.
"""

from storylens.clean.core import Cleaner, CleanResult, clean_text
from storylens.clean.lexicon import Lexicon, load_lexicon

__all__ = ["CleanResult", "Cleaner", "Lexicon", "clean_text", "load_lexicon"]
