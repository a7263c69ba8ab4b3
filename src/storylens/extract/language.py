"""Language identification with py3langid (its model ships inside the wheel)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, sample_chars: int = 2000) -> str | None:
    """ISO 639-1 code of ``text``, or None when it is too short to tell.

    Only the first ``sample_chars`` characters are classified: the language of
    a news article is settled by its first paragraphs, and this keeps the
    cost flat for long pages.
    """
    sample = text[:sample_chars].strip()
    if len(sample) < 20:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= 0.5 else None
