"""Narrative packs: loader, keyword matching, scoring with evidence, the seed article, the stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_bad_pack
from storylens.config import Settings
from storylens.corpus.narratives import (
    NarrativePackError,
    NarrativeStage,
    builtin_pack_names,
    compile_keyword,
    detect_text,
    load_pack,
    load_packs,
    split_sentences,
)
from storylens.pipeline import article_id
from storylens.types import Article

SEED_NARRATIVES = {
    "China's international image and isolation": "China's international image and isolation",
    "Covid-19 origins blame game": "Covid-19 origins blame game",
    "vaccine diplomacy": "vaccine diplomacy",
    "Wolf Warrior diplomacy": "Wolf Warrior diplomacy",
    "state media expansion abroad": "state media expansion abroad",
    "US-China rivalry and trade war": "US-China rivalry and trade war",
}


def test_builtin_packs_load() -> None:
    assert {"china", "climate"} <= set(builtin_pack_names())
    packs = load_packs("china,climate")
    names = {n.name for p in packs for n in p.narratives}
    for theme in ("Xinjiang", "Hong Kong", "Taiwan", "South China Sea", "vaccine diplomacy",
                  "Wolf Warrior diplomacy", "state media expansion abroad"):
        assert theme in names
    frames = {n.frame for p in packs for n in p.narratives if n.frame}
    assert frames == {"RE", "HI", "CO", "MO", "EC"}


def test_keyword_forms() -> None:
    assert compile_keyword("tariff*").search("new Tariffs on steel")
    assert not compile_keyword("isolated").search("isolatedness")
    assert compile_keyword("u.s.-china").search("U.S.-China ties")
    assert compile_keyword("re:blam\\w+ .{0,10}virus").search("blaming the virus")
    with pytest.raises(NarrativePackError, match="bad regular expression"):
        compile_keyword("re:(")


def test_user_pack_goes_through_the_same_loader(tmp_path: Path) -> None:
    p = tmp_path / "ukraine.yaml"
    p.write_text(
        "pack: ukraine\nnarratives:\n  - name: grain corridor\n    keywords: [grain corridor, black sea grain*]\n"
        "    claims: [Ukraine exports grain through the Black Sea corridor.]\n", encoding="utf-8")
    packs = load_packs("china", str(p))
    assert [pk.name for pk in packs] == ["default", "user:ukraine"]
    text = ("Ships left Odesa through the grain corridor on Monday. The Black Sea grain deal "
            "was renewed for 120 days, officials said.")
    hits = detect_text(text, packs)
    assert [h.narrative for h in hits] == ["grain corridor"]
    assert hits[0].pack == "user:ukraine" and len(hits[0].evidence) == 2


@pytest.mark.parametrize("body, message", [
    ("narratives: [{keywords: [x]}]", "without a `name`"),
    ("narratives: [{name: a}]", "nothing to match"),
    ("- just a list", "must be a mapping"),
    ("narratives: [{name: a, keywords: [x]}, {name: a, keywords: [y]}]", "already defined"),
    ("narratives: [{name: a, keywords: [x], threshold: high}]", "must be a number"),
    ("narratives: []", "`narratives:` is empty"),
    # the cases: each names file:line, the narrative and the fix
    ("pack: p\nnarratives:\n  - name: warming\n    keywords: [heat]\n    thresold: 0.4\n",
     r"bad.yaml:5: narrative 'warming': unknown key `thresold`; did you mean `threshold`\?"),
    ("scope: climate\nnarratives:\n  - name: a\n    keywords: [x]\n",
     r"bad.yaml:1: `scope` must be a list, got a single value; write `scope: \[climate\]`"),
    ("narratives:\n  - name: a\n    scope: climate\n    keywords: [x]\n",
     r"bad.yaml:3: narrative 'a': `scope` must be a list"),
    ("narratives:\n  - name: a\n    keywords:\n      - ok\n      - 're:(unclosed'\n",
     r"bad.yaml:5: narrative 'a': bad regular expression .*escape"),
    ("narratives:\n  - name: a\n    keywords: []\n", r"bad.yaml:2: narrative 'a': nothing to match"),
])
def test_bad_packs_name_the_problem(tmp_path: Path, body: str, message: str) -> None:
    assert_bad_pack(tmp_path, body, message)


def test_per_narrative_scope_and_sub_narratives(tmp_path: Path) -> None:
    p = tmp_path / "two.yaml"
    p.write_text(
        "pack: two\nnarratives:\n"
        "  - name: costly renewables\n    scope: [climate, renewable*]\n    scope_min: 2\n"
        "    keywords: [cost*]\n    sub_narratives:\n      - name: Renewable energy is costly\n"
        "        claims: [Wind and solar power make electricity bills more expensive.]\n"
        "  - name: war costs\n    scope: [ukraine]\n    keywords: [cost*]\n", encoding="utf-8")
    pack = load_pack(p)
    assert pack.name == "user:two"
    assert pack.narratives[0].sub_narratives == ("Renewable energy is costly",)
    text = ("Renewable subsidies cost households dearly, critics of climate policy say. "
            "Wind and solar power make electricity bills more expensive, the report found.")
    assert [h.narrative for h in detect_text(text, [pack])] == ["costly renewables"]


def test_scores_are_continuous_and_kept_below_the_threshold() -> None:
    from storylens.corpus.narratives import score_all
    packs = load_packs("china")
    texts = ["Beijing covered up the outbreak, officials in Washington said. The virus origin is disputed.",
             "The lab leak theory gained ground. Wuhan officials hid the early cases of the virus.",
             "Trade talks resumed. Tariffs on steel stay."]
    scores = set()
    for t in texts:
        for hit, carried in score_all([s for _, _, s in split_sentences(t)], packs):
            scores.add(hit.score)
            assert hit.evidence
            assert carried == (hit in detect_text(t, packs))
    assert len(scores) >= 3


def test_user_pack_never_collides_with_a_builtin(tmp_path: Path) -> None:
    p = tmp_path / "climate.yaml"
    p.write_text("pack: climate\nnarratives:\n  - name: a\n    keywords: [x]\n", encoding="utf-8")
    assert [pk.name for pk in load_packs("climate", str(p))] == ["climate", "user:climate"]


def test_missing_pack_file() -> None:
    with pytest.raises(NarrativePackError, match="not found"):
        load_pack("/nonexistent/pack.yaml")


def test_passing_mention_is_not_a_hit() -> None:
    text = ("The minister spoke about trade on Monday. Critics cited its policies in Xinjiang and "
            "Hong Kong. The meeting ended without a statement.")
    assert detect_text(text, load_packs("china")) == ()


def test_climate_frames_need_a_climate_article() -> None:
    text = ("Critics attacked the plan. Opponents accused the minister of lying about the costs. "
            "The economy will lose billions and jobs, investors warned.")
    assert detect_text(text, load_packs("climate")) == ()
    climate = text + " The plan would cut carbon emissions from coal plants to fight climate change."
    assert {h.narrative for h in detect_text(climate, load_packs("climate"))} >= {"climate conflict"}


def test_seed_narratives_detected_with_evidence(seed_text: str, seed_gold: dict) -> None:
    hits = {h.narrative: h for h in detect_text(seed_text, load_packs("china"))}
    gold = seed_gold["narratives"]
    found = [g for g in gold if SEED_NARRATIVES.get(g) in hits]
    assert len(found) >= 4, f"only {found} of {gold}"
    for g in found:
        h = hits[SEED_NARRATIVES[g]]
        assert h.evidence and all(e in seed_text for e in h.evidence)
        assert 0 < h.score <= 1
    # the seed names Xinjiang, Hong Kong, Taiwan and the South China Sea once, in one sentence
    assert not {"Xinjiang", "Hong Kong", "Taiwan", "South China Sea"} & set(hits)


def test_sentence_splitter_offsets() -> None:
    text = 'He said "no." Then he left! Did he? Yes.\nNew line here'
    for start, end, s in split_sentences(text):
        assert text[start:end].strip() == s
    assert len(split_sentences(text)) == 5


def test_stage_assigns_narratives_and_roles(seed_text: str) -> None:
    stage = NarrativeStage(Settings({"narrative_builtin": "china"}))
    a = Article(id=article_id(seed_text, "x"), source="s", source_kind="txt", offset=None, url=None,
                outlet="x", outlet_name=None, title="Xi wants isolated China to 'make friends'", author=None,
                published="2021-06-01", language="en", text=seed_text, raw_text=seed_text)
    out = stage(a)
    assert len(out.narratives) >= 4
    assert out.roles == ()  # no mentions and no spaCy doc: no actors to cast
    # other languages go through the multilingual encoder; without it (or with the setting off), nothing
    off = NarrativeStage(Settings({"narrative_builtin": "china", "narrative_multilingual": False}))
    assert off(a.replace(language="de")).narratives == ()


def test_seed_through_the_default_pipeline(seed_text: str) -> None:
    """nlp + actors + narratives, as `ingest` runs them: hits with evidence, roles for registry actors."""
    from storylens.pipeline import Pipeline
    from storylens.types import Provenance, RawDocument

    pipe = Pipeline(Settings())
    assert [s.name for s in pipe.stages][-1] == "narratives"
    a = pipe.process(RawDocument(Provenance("seed.txt", "txt"), text=seed_text))
    assert isinstance(a, Article), a
    assert len([h for h in a.narratives if h.pack == "default" and h.evidence]) >= 4
    assert all(r.role in ("hero", "villain", "victim") and 0 < r.score <= 1 for r in a.roles)
    assert {r.actor for r in a.roles} <= {m.actor for m in a.mentions}


def test_annotate_and_ingest_take_pack_files(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from storylens.cli import main
    pack = tmp_path / "grain.yaml"
    pack.write_text("pack: china\nnarratives:\n  - name: grain corridor\n    keywords: [grain, corridor]\n"
                    "  - name: unrelated\n    keywords: [ships]\n    threshold: 0.9\n", encoding="utf-8")
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"title": "Grain deal", "text": "Russia is blocking grain exports from Ukraine "
                               "through the Black Sea, officials said. The corridor was closed. Ships wait at "
                               "Odesa for weeks now, their captains said on Monday."}) + "\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["annotate", "--no-builtin", "--pack-file", str(pack), "--all-scores", str(src)])
    assert out.exit_code == 0, out.output
    obj = json.loads(out.output.splitlines()[-1])
    assert [(n["narrative"], n["pack"]) for n in obj["narratives"]] == [("grain corridor", "user:china")]
    below = {s["narrative"]: s for s in obj["narrative_scores"]}
    assert below["unrelated"]["carried"] is False and 0 < below["unrelated"]["score"] < 0.9
    db = tmp_path / "s.duckdb"
    out = CliRunner().invoke(main, ["ingest", "--db", str(db), "--no-builtin", "--pack-file", str(pack), str(src)])
    assert out.exit_code == 0, out.output
    from storylens.store import Store
    with Store(str(db), read_only=True) as store:
        assert store.con.execute("SELECT narrative, pack FROM narratives").fetchall() == [("grain corridor", "user:china")]
