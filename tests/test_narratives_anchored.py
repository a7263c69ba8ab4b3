"""`anchored:` keywords: a keyword that scores only in a sentence naming one of the pack's anchors."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.corpus.narratives import (
    NarrativePackError,
    detect,
    load_pack,
    load_packs,
    text_sentences,
)


def _hits(text: str, title: str | None = None, packs: object = "china") -> set[str]:
    packs = load_packs(packs) if isinstance(packs, str) else packs
    return {h.narrative for h in detect(text_sentences(text, title), packs)}


def _pack(tmp_path: Path, body: str) -> object:
    p = tmp_path / "p.yaml"
    p.write_text(body, encoding="utf-8")
    return load_pack(p)


USER_PACK = """pack: grain
anchor: [ukrain*, kyiv, odesa]
narratives:
  - name: grain blockade
    keywords: [grain corridor]
    anchored: [blockade*, "re:\\\\bwarships?\\\\b"]
"""


def test_user_pack_anchored_keyword_needs_an_anchor_in_its_own_sentence(tmp_path: Path) -> None:
    pack = _pack(tmp_path, USER_PACK)
    n = pack.narratives[0]
    assert n.anchored == {"blockade*", "re:\\bwarships?\\b"}
    # the same words, the anchor only in the neighbouring sentence: the anchored keywords do not count
    near = ("Ukraine's ports reopened in August. A blockade by warships would stop the ships. "
            "The blockade of the port lasted a month, and warships patrolled the coast.")
    assert _hits(near, packs=[pack]) == set()
    own = ("A Russian blockade of Odesa by warships would stop the ships. "
           "Ukraine said the blockade of its ports was illegal.")
    assert _hits(own, packs=[pack]) == {"grain blockade"}
    # a plain keyword still needs only a neighbour's anchor (the `anchor:` rule)
    assert n.sentence_score("A blockade by warships would stop the ships.") == 0.0
    assert n.sentence_score("A blockade of Odesa by warships would stop the ships.") == 0.8


@pytest.mark.parametrize("body, message", [
    ("narratives:\n  - name: a\n    keywords: [x]\n    anchored: [y]\n",
     r"p.yaml:4: narrative 'a': `anchored:` keywords without an `anchor:`"),
    ("anchor: [kyiv]\nnarratives:\n  - name: a\n    anchored: blockade\n",
     r"p.yaml:4: narrative 'a': `anchored` must be a list, got a single value"),
    ("anchor: [kyiv]\nnarratives:\n  - name: a\n    anchored:\n      - ok\n      - 're:(unclosed'\n",
     r"p.yaml:6: narrative 'a': bad regular expression .* in `anchored: en`"),
    ("anchor: [kyiv]\nnarratives:\n  - name: a\n    anchored: {english: [x]}\n",
     r"p.yaml:4: narrative 'a': `anchored:` by language: 'english' is not a language code"),
])
def test_anchored_is_validated_like_other_keyword_lists(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(NarrativePackError, match=message):
        _pack(tmp_path, body)


def test_anchored_keywords_alone_are_something_to_match(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "anchor: [kyiv]\nnarratives:\n  - name: a\n    anchored: [siege]\n")
    assert _hits("The siege of Kyiv began. The siege of Kyiv went on.", packs=[pack]) == {"a"}
