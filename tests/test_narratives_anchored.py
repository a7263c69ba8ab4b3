"""`anchored:` keywords (a keyword that scores only in a sentence naming one of the pack's anchors) and the
china pack's precision fixes after the seed-2026 hand check (docs/narratives_handcheck.md, fourth check).
Each error-class text is modelled on a hit that check labelled wrong; keyword scoring only (no encoder)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import narrative_hits as _hits
from conftest import shared_path
from storylens.corpus.narratives import (
    NarrativePackError,
    detect,
    load_pack,
    load_packs,
    text_sentences,
)

RIVALRY = "US-China rivalry and trade war"
STATE_MEDIA = "state media expansion abroad"


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


def test_builtin_rival_needs_china_in_its_sentence() -> None:
    """Seed-2026 row 36: 'rival*' matched Biden as Trump's political rival next to a sentence naming China."""
    text = ("Trump faces an impeachment trial tied to his efforts to get Ukraine to investigate one of his "
            "potential 2020 rivals, Joe Biden. Trump also publicly called on China to investigate Biden and his "
            "son. Biden, Trump's chief rival, said the president was inviting foreign interference.")
    assert RIVALRY not in _hits(text, "NPR Poll: Majority Of Americans Believe Trump Encourages Election Interference")
    china = text.replace("Biden, Trump's chief rival,", "China, America's chief rival,")
    assert RIVALRY in _hits(china)


def test_builtin_crackdown_elsewhere_is_not_xinjiang() -> None:
    """Seed-2026 row 31: 'crackdown' in Chechnya beside a sentence naming China's Xinjiang."""
    text = ("No U.N. resolution has ever passed on human-rights violations in China's Xinjiang province. Nor "
            "has the council condemned Vladimir Putin's crackdown in Chechnya, where thousands were tortured. "
            "The camps of the war are still remembered.")
    assert "Xinjiang" not in _hits(text, "How the Trump Administration Can Hold the U.N. Accountable Again")
    own = ("No U.N. resolution has ever passed on China's crackdown in Xinjiang. Rights groups say more than a "
           "million Uighurs are held in camps.")
    assert "Xinjiang" in _hits(own)


def test_builtin_domestic_state_media_is_not_expansion_abroad() -> None:
    """Seed-2026 rows 11 and 61: Chinese state media quoted at home; the narrative is their reach abroad."""
    text = ("China's state media signaled a lack of interest in resuming trade talks with the U.S. under the "
            "threat of higher tariffs. State media also lambasted Washington, and a commentary in the official "
            "Xinhua News Agency accused the U.S. of scapegoating China. Propaganda officials told editors to "
            "play down the talks.")
    assert STATE_MEDIA not in _hits(text, "China Downplays Chances for Trade Talks While U.S. Plays 'Little Tricks'")
    abroad = ("China Daily has published propaganda in mainstream outlets for decades, but did not disclose its "
              "purchases of space in American newspapers. Chinese state media have expanded overseas with "
              "bureaus in Africa and Europe.")
    assert STATE_MEDIA in _hits(abroad, "China Violates Disclosure Law to Publish Propaganda in NY Times, WaPo")


def test_builtin_united_front_is_the_proper_name_only() -> None:
    """'a united front' (allies acting together) is not the Chinese Communist Party's United Front."""
    text = ("Trump has a golden opportunity to present a united front, most importantly with China and Russia, "
            "on North Korea. A united front at the U.N. would pressure Pyongyang, Beijing's diplomats said.")
    assert STATE_MEDIA not in _hits(text, "Trump to rail against North Korea at U.N., seek united front")
    text = ("The Chinese Communist Party's United Front Work Department courts Chinese students abroad. The United "
            "Front also funds Chinese-language newspapers in Australia, China's critics say.")
    assert STATE_MEDIA in _hits(text)


def test_builtin_tariff_deal_is_not_rivalry() -> None:
    """Seed-2026 row 64: a US-China agreement to scrap tariffs (cooperation)."""
    text = ("US, China reach 'understanding' to scrap tariffs on some high-tech goods, Obama says. The agreement "
            "between the US and China would eliminate tariffs on products such as GPS devices and medical "
            "equipment. The deal could be a boost for trade talks at the World Trade Organization, Beijing said.")
    assert RIVALRY not in _hits(text)


def test_builtin_tariffs_in_conflict_still_carry_the_rivalry() -> None:
    """Recall guard: texts modelled on seed-2026 rows labelled right (retaliation, a stand-off, tariffs imposed)."""
    puts = ("Trump puts 25% tariff on Chinese goods. China retaliated, saying it will impose an additional 25% "
            "tariff on 659 US goods worth $50bn.")
    assert RIVALRY in _hits(puts)
    kudlow = ("President Trump's top economic adviser Larry Kudlow said Sunday that he expected China to retaliate "
              "against the administration's planned tariff hike. Beijing has vowed to respond.")
    assert RIVALRY in _hits(kudlow, "Kudlow says China will retaliate over Trump's tariff hike")
    standoff = ("China is currently in a trade and tariff stand-off with the United States. Beijing imports most "
                "of its oil from the Gulf, and Washington's rivalry with China shapes its policy there.")
    assert RIVALRY in _hits(standoff, "OPINION: Iran and the Levers of Global Power")


# AllSides articles (corpus-allsides, Apache-2.0) the seed-2026 check labelled right for the narrative
REAL_RIGHT = {
    "Q1WVxS2kZvlikaMd": RIVALRY,  # Trump puts 25% tariff on Chinese goods
    "oZU6bj5ueF36ldkU": RIVALRY,  # Kudlow says China will retaliate over Trump's tariff hike
    "dyvfU0KnfWKc2mlB": RIVALRY,  # Trump hits China with $50B tariffs, investment restrictions
    "KTG4VStjmaAFb0Ai": RIVALRY,  # Pain From Trump's China Tariffs Spreads, Reshaping Global Trade
    "GnLc0ecOkMgwSGDu": RIVALRY,  # Trump Says Trade Deal Hinges on Xi Meeting
    "9LdIncIUcHNUclJS": RIVALRY,  # Trump's national security strategy ... (China a strategic competitor)
    "Qt4MPfgW0VW3vKvS": "Xinjiang",  # Pakistani girls sold as brides to China (re-education camps)
}


def test_real_tariff_and_rivalry_articles_still_hit() -> None:
    path = shared_path("data", "corpus-allsides", "articles_international_topics.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = {d["ID"]: d for d in map(json.loads, fh) if d["ID"] in REAL_RIGHT}
    assert set(rows) == set(REAL_RIGHT)
    packs = load_packs("china")
    for aid, narrative in REAL_RIGHT.items():
        d = rows[aid]
        got = {h.narrative for h in detect(text_sentences(d["content_original"], d["title"]), packs)}
        assert narrative in got, (aid, d["title"], got)
