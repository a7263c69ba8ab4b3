"""Attention and tone aggregates through the CLI: store -> actors / tone --by ... / annotate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylens.cli import main
from storylens.config import Settings
from storylens.ingest import ingest
from storylens.store import Store
from storylens.types import ActorTone

ARTICLES = [
    ("https://english.news.cn/20210601/a.htm", "2021-06-01",
     "China said on Tuesday that Beijing would expand trade with Africa. Chinese officials praised the plan."),
    ("https://www.globaltimes.cn/page/202106/b.shtml", "2021-06-08",
     "Beijing rejected what it called smears by Washington. China will defend its interests, officials said."),
    ("https://www.bbc.co.uk/news/world-asia-china-c", "2021-06-09",
     "China faces criticism over Xinjiang. The U.S. and the UK imposed sanctions on Chinese officials."),
    ("https://www.foxnews.com/world/d", "2021-07-02",
     "The Biden administration warned China over Taiwan. Beijing responded angrily to Washington."),
    ("https://example-blog.invalid/e", "2021-07-03",
     "A blogger wrote about the South China Sea and about turkey recipes for the holidays."),
]
TONES = {0: 0.6, 1: 0.2, 2: -0.5, 3: -0.7}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    d = tmp_path_factory.mktemp("actors")
    src = d / "in.jsonl"
    src.write_text("\n".join(json.dumps({"url": u, "date": p, "text": t, "title": t[:30]})
                             for u, p, t in ARTICLES), encoding="utf-8")
    path = d / "store.duckdb"
    with Store(path) as store:
        ingest([str(src)], store, Settings({"clean": False, "min_text_chars": 20}), workers=1)
        # replace whatever the tone stage wrote by known ActorTone records, so the aggregates
        # can be checked exactly (the stage's own rows are checked in test_actors_with_tone_stage)
        stage_rows = store.con.execute("SELECT count(*) FROM tones WHERE actor = 'China'").fetchone()[0]
        (d / "stage_tone_rows").write_text(str(stage_rows))
        store.con.execute("DELETE FROM tones")
        ids = {r[0]: r[1] for r in store.con.execute("SELECT url, id FROM articles").fetchall()}
        rows = []
        for i, score in TONES.items():
            label = "positive" if score > 0.3 else "negative" if score < -0.3 else "neutral"
            t = ActorTone("China", "country", 3, score, label, ("evidence",))
            rows.append((ids[ARTICLES[i][0]], t.actor, t.kind, t.mentions, t.score, t.label, list(t.evidence)))
        store.con.executemany("INSERT INTO tones VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return str(path)


def run(*args: str) -> str:
    res = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def test_actors_mentions_stored_and_outlet_registry_refreshed(db):
    with Store(db, read_only=True) as s:
        assert s.scalar("SELECT count(*) FROM outlet_registry") > 300
        assert s.scalar("SELECT type FROM outlet_registry WHERE key = 'globaltimes.cn'") == "state-controlled"
        china_articles = s.scalar("SELECT count(DISTINCT article_id) FROM mentions WHERE actor = 'China'")
        assert china_articles == 4  # not the blog on the South China Sea and turkey recipes
        assert s.scalar("SELECT count(*) FROM mentions WHERE actor = 'Turkey'") == 0


def test_actors_attention_command(db):
    rows = json.loads(run("actors", "--db", db, "--format", "json"))
    top = rows[0]
    assert top["actor"] == "China" and top["articles"] == 4
    assert top["article_share"] == pytest.approx(4 / 5)
    us = next(r for r in rows if r["actor"] == "United States")
    assert us["articles"] == 3
    countries = json.loads(run("actors", "--db", db, "--kind", "person", "--format", "json"))
    assert all(r["kind"] == "person" for r in countries)
    later = json.loads(run("actors", "--db", db, "--since", "2021-07-01", "--format", "json"))
    assert next(r for r in later if r["actor"] == "China")["articles"] == 1


def test_actors_tone_overall_with_interval(db):
    rows = json.loads(run("tone", "China", "--db", db, "--format", "json"))
    assert len(rows) == 1
    r = rows[0]
    assert r["articles"] == 4
    assert r["tone"] == pytest.approx(sum(TONES.values()) / 4, abs=1e-4)
    assert r["ci_low"] < r["tone"] < r["ci_high"]
    assert r["negative"] == 0.5 and r["positive"] == 0.25


def test_actors_tone_by_outlet_country_and_type(db):
    by_type = {r["type"]: r for r in json.loads(run("tone", "Beijing", "--db", db, "--by", "type", "--format", "json"))}
    assert by_type["state-controlled"]["articles"] == 2
    assert by_type["state-controlled"]["tone"] == pytest.approx(0.4)
    assert by_type["public-broadcaster"]["tone"] == pytest.approx(-0.5)
    by_country = {r["country"]: r for r in json.loads(run("tone", "PRC", "--db", db, "--by", "country", "--format", "json"))}
    assert by_country["China"]["articles"] == 2
    assert by_country["United States"]["articles"] == 1 and by_country["United Kingdom"]["articles"] == 1
    by_outlet = {r["outlet"] for r in json.loads(run("tone", "China", "--db", db, "--by", "outlet", "--format", "json"))}
    assert {"Global Times", "BBC", "Fox News"} <= by_outlet


def test_actors_tone_by_period_and_csv(db):
    months = json.loads(run("tone", "China", "--db", db, "--by", "month", "--format", "json"))
    assert [(r["month"], r["articles"]) for r in months] == [("2021-06", 3), ("2021-07", 1)]
    weeks = json.loads(run("tone", "China", "--db", db, "--by", "week", "--format", "json"))
    assert sum(r["articles"] for r in weeks) == 4
    csv_out = run("tone", "China", "--db", db, "--by", "type", "--format", "csv")
    assert csv_out.splitlines()[0].startswith("type,articles,mentions,tone,ci_low,ci_high")
    table = run("tone", "China", "--db", db, "--by", "country")
    assert "China" in table


def test_actors_tone_unknown_actor_names_the_fix(db):
    res = CliRunner().invoke(main, ["tone", "Atlantis", "--db", db])
    assert res.exit_code != 0 and "no tone toward 'Atlantis'" in res.output and "China" in res.output


def test_actors_annotate_prints_actors(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text("Leaders meet in Bali\n\nXi Jinping met Joe Biden in Bali while Beijing and Washington sought calm "
                 "in the South China Sea dispute.", encoding="utf-8")
    out = run("annotate", str(f), "--workers", "1")
    obj = json.loads(out.splitlines()[0])
    for key in ("id", "text", "actors", "mentions", "quotes", "narratives"):
        assert key in obj
    actors = {a["actor"]: a for a in obj["actors"]}
    assert {"China", "United States", "Xi Jinping", "Joe Biden"} <= set(actors)
    assert set(actors["China"]) == {"actor", "kind", "mentions", "tone", "label", "evidence"}


def test_actors_outlets_command_filters():
    rows = json.loads(run("outlets", "--country", "CN", "--type", "state-controlled", "--format", "json"))
    names = {r["name"] for r in rows}
    assert {"Xinhua", "China Daily", "CGTN", "Global Times", "People's Daily"} <= names
    assert all(r["country_name"] == "China" for r in rows)
    ru = json.loads(run("outlets", "--country", "Russia", "--format", "json"))
    assert {"RT", "Sputnik", "TASS"} <= {r["name"] for r in ru}


def test_actors_with_tone_stage(db):
    from storylens.stages import STAGES

    if "tone" not in [st.name for st in STAGES]:
        pytest.skip("no tone stage registered")
    n = int((Path(db).parent / "stage_tone_rows").read_text())
    assert n == 4  # the tone stage scored China in each of the four articles that mention it


def test_annotate_view_without_tones_lists_actors_from_mentions():
    from storylens.types import Article, Mention, article_json

    text = "Frankreich und Deutschland sprachen. Paris stimmte zu."
    art = Article(id="x", source="t", source_kind="jsonl", offset=0, url=None, outlet=None, outlet_name=None,
                  title=None, author=None, published=None, language="de", text=text, raw_text=text,
                  mentions=(Mention("France", "country", 0, 10, "Frankreich"),
                            Mention("Germany", "country", 15, 26, "Deutschland"),
                            Mention("France", "country", 37, 42, "Paris", via="metonym")))
    assert article_json(art, enriched=True)["actors"] == [
        {"actor": "France", "kind": "country", "mentions": 2, "tone": None, "label": None, "evidence": []},
        {"actor": "Germany", "kind": "country", "mentions": 1, "tone": None, "label": None, "evidence": []}]
    assert "actors" not in article_json(art)


def test_outlet_registry_rows_filter_by_country_and_type():
    from storylens.registry import actor_registry, outlet_registry

    reg, actors = outlet_registry(), actor_registry()
    cn = reg.rows(actors, country="cn", outlet_type="state-controlled")
    assert cn and all(r["country"] == "CN" and r["type"] == "state-controlled" for r in cn)
    assert reg.rows(actors, country="China", outlet_type="state-controlled") == cn
    assert reg.rows(actors, country="zz") == []
    assert len(reg.rows(actors)) == len(reg.outlets)
