"""`scope_share:` (a pack or narrative runs only where a share of the sentences name its scope) and the climate
pack's value: a political essay that names the climate in two of its sentences gets no climate hit, a climate
article still does, the seed keeps its narratives. Keyword scoring only (no encoder)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storylens.corpus.narratives import (
    NarrativePackError,
    detect,
    detect_text,
    load_pack,
    load_packs,
    text_sentences,
)

# modelled on "Sanders v. Biden (v. Trump) on China" and "Opinion: America and China's dream" (demo corpus),
# climate hits before the rule: 2 of 35 sentences name the climate, next to "plan", "jobs", "economy"
ESSAY = (
    'Bernie Sanders and Joe Biden have spent the primary arguing about who would be tougher on Beijing. '
    'Sanders says Biden voted for the trade deals that cost American workers their jobs. Biden answers '
    "that Sanders has no plan to deal with China's leaders. Both men say the Trump administration has "
    'made a mess of relations with Beijing. The tariffs have hurt farmers in Iowa and Wisconsin, and the '
    'economy has slowed. Biden promises to rebuild alliances in Asia and to confront China on human '
    'rights. He also says he would work with Beijing on climate change and on nuclear proliferation, '
    'where the two countries share interests. Sanders says trade policy should protect workers rather '
    'than corporations. He would renegotiate the trade agreements and commit to new labor standards. His '
    'campaign argues that a green economy and action on climate could create millions of jobs at home. '
    'Critics say neither candidate has explained how he would pay for his plans. The Trump campaign says '
    'both men are weak on China. Voters in the Midwest care more about factory jobs than about foreign '
    'policy. Polls show a close race in Michigan and Pennsylvania. Biden leads among older voters, while '
    'Sanders does better with young people. The next debate is in two weeks in South Carolina. Both '
    'candidates are expected to be asked about Hong Kong and Taiwan. Foreign policy experts say the next '
    'president will inherit a tense relationship with Beijing. Some advisers want a tougher line on '
    'technology companies such as Huawei. Others warn that a new cold war would cost the economy dearly. '
    'The Democratic field has narrowed to two men with very different records. Sanders opposed the Iraq '
    'war and most trade deals of the last thirty years. Biden spent decades on the Senate Foreign '
    'Relations Committee. Each says his record makes him the better choice to face China. Primary voters '
    'will decide in the coming weeks. Turnout among young voters could decide several of the March '
    'contests. Sanders has drawn large crowds in California and Texas. Biden is counting on strong '
    'support from Black voters in the South. The candidates disagree sharply on health care and student '
    'debt. Sanders wants Medicare for All, which Biden says the country cannot afford. Biden has won the '
    'endorsements of several former rivals. Sanders says the party establishment is lining up against '
    'him. Both campaigns have raised record sums from small donors. Whoever wins the nomination will face'
    ' a president with a large war chest. The general election campaign promises to be long and bitter.'
)

# a climate article (a COP report): 6 of 10 sentences name the climate
CLIMATE = (
    'Governments meeting in Madrid failed on Sunday to agree on the rules for a global carbon market, the'
    ' last unfinished part of the Paris climate agreement. The talks ran two days over time as delegates '
    'argued about how to count emissions cuts traded between countries. Small island states said the '
    'outcome betrayed people already losing their homes to rising seas. "We are fighting for our survival'
    ' while big emitters protect their coal industries," said the negotiator for the Marshall Islands. '
    'Brazil and Australia were accused of blocking a deal that would have cut greenhouse gas emissions '
    'faster. The European Union announced a plan to reach net zero emissions by 2050 and urged others to '
    'raise their climate targets. Scientists warn that current pledges put the world on course for more '
    'than three degrees of global warming. Activists marched outside the conference hall, demanding an '
    'end to fossil fuel subsidies. The United Nations secretary general said he was disappointed and that'
    ' the world had lost an opportunity to show ambition on climate change. Delegates will try again next'
    ' year in Glasgow.'
)

PACK = """pack: p
scope: [grain, wheat]
scope_share: 0.25
narratives:
  - name: grain blockade
    keywords: [blockade, blocked]
"""


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "p.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_political_essay_mentioning_the_climate_twice_gets_no_climate_hit() -> None:
    pack = load_packs("climate")[0]
    sentences = text_sentences(ESSAY, "Sanders v. Biden on China")
    assert pack.scope_share > 0
    # without the share rule the pack fired twice on it (scope_min 2 passes)
    assert len(detect(sentences, [replace(pack, scope_share=0.0)])) >= 1
    assert detect(sentences, [pack]) == ()
    assert not [h for h in detect(sentences, load_packs()) if h.pack == "climate"]


def test_climate_article_still_carries_climate_narratives() -> None:
    hits = {h.narrative for h in detect(text_sentences(CLIMATE, "Madrid climate talks end without a deal"),
                                        load_packs("climate"))}
    assert "climate solutions and action" in hits


def test_scope_share_counts_sentences(tmp_path: Path) -> None:
    pack = load_pack(_write(tmp_path, PACK))
    assert pack.scope_share == 0.25
    on = ["Grain ships were blocked.", "The wheat blockade goes on.", "Prices rose.", "Markets fell."]
    assert pack.applies(on)  # 2 of 4 sentences
    off = on + ["Talks go on."] * 5  # 2 of 9
    assert not pack.applies(off)
    assert detect(on, [pack]) and not detect(off, [pack])


@pytest.mark.parametrize(("line", "fix"), [
    ("scope_share: 1.5", "outside 0..1"),
    ("scope_share: -0.1", "outside 0..1"),
    ("scope_share: lots", "must be a number"),
    ("scope_share: [0.1]", "must be a single value"),
])
def test_bad_scope_share_fails_with_file_and_line(tmp_path: Path, line: str, fix: str) -> None:
    path = _write(tmp_path, PACK.replace("scope_share: 0.25", line))
    with pytest.raises(NarrativePackError, match=rf"p\.yaml:3: .*{fix}"):
        load_pack(path)


def test_scope_share_without_scope_fails(tmp_path: Path) -> None:
    path = _write(tmp_path, PACK.replace("scope: [grain, wheat]\n", ""))
    with pytest.raises(NarrativePackError, match=r"p\.yaml:2: `scope_share:` without a `scope:`"):
        load_pack(path)
    narrative = PACK + "    scope_share: 2\n    scope: [corridor]\n"
    with pytest.raises(NarrativePackError, match=r"p\.yaml:7: narrative 'grain blockade': scope_share 2"):
        load_pack(_write(tmp_path, narrative))


def test_seed_keeps_its_narratives_with_the_default_packs(seed_text: str, seed_gold: dict) -> None:
    from test_narratives_packs import SEED_NARRATIVES

    hits = {h.narrative: h for h in detect_text(seed_text, load_packs())}
    found = [g for g in seed_gold["narratives"] if SEED_NARRATIVES.get(g) in hits]
    assert len(found) >= 4, found
    assert all(hits[SEED_NARRATIVES[g]].evidence for g in found)
