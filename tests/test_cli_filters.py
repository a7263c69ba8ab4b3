"""Several --by groupings at once, --outlet/--country/--type filters, and messages that say why an
answer is empty, on `tone`, `quotes` and `stories`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storylens.cli import main
from storylens.store import Store
from test_actors_cli import ARTICLES, TONES, db  # noqa: F401  (the module-scoped store fixture)


def run(*args: str) -> str:
    res = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def fails(*args: str) -> str:
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code != 0, res.output
    return res.output


def test_tone_by_outlet_and_month_crosses_both(db):  # noqa: F811
    rows = json.loads(run("tone", "China", "--db", db, "--by", "outlet", "--by", "month", "--format", "json"))
    # before: only the last --by (month) was kept, giving 2 rows
    cells = {(r["outlet_key"], r["month"]): r["articles"] for r in rows}
    assert cells == {("news.cn", "2021-06"): 1, ("globaltimes.cn", "2021-06"): 1,
                     ("bbc.co.uk", "2021-06"): 1, ("foxnews.com", "2021-07"): 1}
    assert {r["outlet"] for r in rows} >= {"Global Times", "BBC", "Fox News"}
    by_type_month = json.loads(run("tone", "China", "--db", db, "--by", "type", "--by", "month", "--format", "json"))
    state = [r for r in by_type_month if r["type"] == "state-controlled"]
    assert [(r["month"], r["articles"]) for r in state] == [("2021-06", 2)]
    assert state[0]["tone"] == pytest.approx((TONES[0] + TONES[1]) / 2)
    table = run("tone", "China", "--db", db, "--by", "country", "--by", "month")
    assert "country" in table.splitlines()[0] and "month" in table.splitlines()[0]
    assert "twice" in fails("tone", "China", "--db", db, "--by", "month", "--by", "month")


def test_tone_outlet_country_and_type_filters(db):  # noqa: F811
    one = json.loads(run("tone", "China", "--db", db, "--outlet", "bbc.co.uk", "--format", "json"))
    assert one[0]["articles"] == 1 and one[0]["tone"] == pytest.approx(TONES[2])
    by_name = json.loads(run("tone", "China", "--db", db, "--outlet", "global times", "--format", "json"))
    assert by_name[0]["articles"] == 1 and by_name[0]["tone"] == pytest.approx(TONES[1])
    cn = json.loads(run("tone", "China", "--db", db, "--country", "CN", "--by", "outlet", "--format", "json"))
    assert sorted(r["outlet_key"] for r in cn) == ["globaltimes.cn", "news.cn"]
    assert json.loads(run("tone", "China", "--db", db, "--country", "China", "--format", "json"))[0]["articles"] == 2
    state = json.loads(run("tone", "China", "--db", db, "--type", "state-controlled", "--format", "json"))
    assert state[0]["articles"] == 2
    both = json.loads(run("tone", "China", "--db", db, "--country", "US", "--type", "private", "--format", "json"))
    assert both[0]["articles"] == 1


def test_tone_empty_answer_names_the_filter_that_emptied_it(db):  # noqa: F811
    out = fails("tone", "China", "--db", db, "--country", "FR")
    assert "--country 'FR'" in out and "4 articles have tone toward 'China'" in out
    assert "by country:" in out and "CN 2" in out  # what the store holds instead
    out = fails("tone", "China", "--db", db, "--country", "CN", "--type", "public-broadcaster")
    assert "--type 'public-broadcaster'" in out and "2 articles have tone toward 'China' with --country 'CN'" in out
    out = fails("tone", "China", "--db", db, "--since", "2022-01-01")
    assert "between 2022-01-01" in out and "2021-06-01" in out
    out = fails("tone", "China", "--db", db, "--by", "outlet", "--min-articles", "5")
    assert "--min-articles 5" in out


def test_tone_of_an_actor_mentioned_only_in_other_languages_says_so(tmp_path):
    from storylens.config import Settings
    from storylens.ingest import ingest

    src = tmp_path / "ru.jsonl"
    text = ("Россия и Китай подписали соглашение о поставках газа. Москва заявила, что Россия "
            "продолжит сотрудничество. ") * 3
    eng = "The United States and Britain discussed trade on Monday, officials in Washington said. " * 3
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"url": "https://tass.ru/a", "date": "2022-03-01", "title": "Россия и Китай", "text": text, "language": "ru"},
        {"url": "https://ria.ru/b", "date": "2022-03-02", "title": "Москва", "text": text, "language": "ru"},
        {"url": "https://www.bbc.co.uk/c", "date": "2022-03-02", "title": "Trade talks", "text": eng},
    ]), encoding="utf-8")
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        ingest([str(src)], store, Settings({"clean": False, "min_text_chars": 20}), workers=1)
        ru = store.scalar("SELECT count(DISTINCT m.article_id) FROM mentions m JOIN articles a ON a.id = m.article_id "
                          "WHERE m.actor = 'Russia' AND a.language = 'ru'")
    assert ru == 2
    out = fails("tone", "Russia", "--db", str(path))
    assert "0 of 2 articles that mention it are in English" in out and "enrichment covers" in out and "ru 2" in out
    assert "ingest with enrichment on" not in out  # the old, wrong advice


def test_quotes_by_two_groupings_and_outlet_filters(tmp_path):
    from storylens.store.queries.quotes import count_quotes

    path = tmp_path / "q.duckdb"
    with Store(path) as store:
        store.con.execute("INSERT INTO outlet_registry VALUES ('bbc.co.uk', 'bbc.co.uk', 'BBC', 'GB', "
                          "'United Kingdom', 'public-broadcaster', NULL), ('foxnews.com', 'foxnews.com', 'Fox News', "
                          "'US', 'United States', 'commercial', NULL)")
        cols = store.scalar("SELECT list(column_name ORDER BY ordinal_position) FROM information_schema.columns "
                            "WHERE table_name = 'articles'")
        qcols = store.scalar("SELECT list(column_name ORDER BY ordinal_position) FROM information_schema.columns "
                             "WHERE table_name = 'quotes'")
        for i, outlet in enumerate(["bbc.co.uk", "bbc.co.uk", "foxnews.com"]):
            vals = {"id": f"a{i}", "outlet": outlet, "text": "x", "raw_text": "x", "words": 1, "language": "en",
                    "source": "t.jsonl", "source_kind": "jsonl"}
            store.con.execute(f"INSERT INTO articles ({', '.join(vals)}) VALUES ({', '.join('?' * len(vals))})",
                              list(vals.values()))
        quotes = [("a0", "Ann", "official", False), ("a0", None, "anonymous", True),
                  ("a1", "Ann", "official", False), ("a2", "Bob", "expert", False)]
        for j, (aid, speaker, stype, anon) in enumerate(quotes):
            vals = {"article_id": aid, "start": j, "end": j + 1, "text": "said so", "speaker": speaker,
                    "speaker_type": stype, "anonymous": anon, "kind": "direct", "partial": False}
            vals = {k: v for k, v in vals.items() if k in qcols}
            store.con.execute(f"INSERT INTO quotes ({', '.join(chr(34) + k + chr(34) for k in vals)}) "
                              f"VALUES ({', '.join('?' * len(vals))})", list(vals.values()))
        assert "id" in cols
        rows = count_quotes(store, ("outlet", "type"))
        assert {(r["outlet"], r["type"]): r["quotes"] for r in rows} == {
            ("bbc.co.uk", "official"): 2, ("bbc.co.uk", "anonymous"): 1, ("foxnews.com", "expert"): 1}
    by2 = json.loads(run("quotes", "--db", str(path), "--by", "outlet", "--by", "speaker", "--format", "json"))
    assert {(r["outlet"], r["speaker"]): r["quotes"] for r in by2}[("bbc.co.uk", "Ann")] == 2
    gb = json.loads(run("quotes", "--db", str(path), "--country", "GB", "--format", "json"))
    assert len(gb) == 3 and {r["outlet"] for r in gb} == {"bbc.co.uk"}
    com = json.loads(run("quotes", "--db", str(path), "--type", "commercial", "--by", "speaker", "--format", "json"))
    assert [(r["speaker"], r["quotes"]) for r in com] == [("Bob", 1)]
    res = CliRunner().invoke(main, ["quotes", "--db", str(path), "--outlet", "Fox News", "--speaker", "Ann"])
    assert res.exit_code == 0 and "(no rows)" in res.output
    assert "--outlet 'Fox News'" in res.output and "bbc.co.uk 2" in res.output
    res = CliRunner().invoke(main, ["quotes", "--db", str(path), "--speaker", "Zed"])
    assert "--speaker 'Zed'" in res.output and "4 quotes in the store" in res.output


def test_stories_outlet_filter_and_empty_message(db):  # noqa: F811
    with Store(db, read_only=True) as store:  # the ingest ran the stories stage
        n = store.scalar("SELECT count(*) FROM stories")
    assert n >= 1
    every = json.loads(run("stories", "--db", db, "--min-articles", "1", "--format", "json"))
    assert sum(r["articles"] for r in every) == len(ARTICLES)
    bbc = json.loads(run("stories", "--db", db, "--min-articles", "1", "--outlet", "bbc.co.uk", "--format", "json"))
    assert len(bbc) == 1 and bbc[0]["matching"] == 1
    res = CliRunner().invoke(main, ["stories", "--db", db, "--min-articles", "1", "--country", "FR"])
    assert res.exit_code == 0 and "--country 'FR'" in res.output
    res = CliRunner().invoke(main, ["stories", "--db", db, "--min-articles", "99"])
    assert "--min-articles 99" in res.output


def test_narrative_shares_refuse_an_outlet_filter_rather_than_ignore_it(db):  # noqa: F811
    res = CliRunner().invoke(main, ["narratives", "--db", db, "--country", "GB"])
    assert res.exit_code != 0 and "--articles only" in res.output
