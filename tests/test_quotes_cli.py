"""`storylens quotes`: listings and counts over a small store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storylens.cli import main
from storylens.types import Article, Mention, Quote


@pytest.fixture
def store_path(tmp_path):  # type: ignore[no-untyped-def]
    from storylens.store import Store

    def art(i: str, outlet: str, quotes: tuple[Quote, ...], mentions: tuple[Mention, ...] = ()) -> Article:
        text = f"Article {i} text, long enough to be an article of the test corpus."
        return Article(id=i, source="s", source_kind="txt", offset=None, url=None, outlet=outlet,
                       outlet_name=None, title=None, author=None, published="2024-01-0" + i,
                       language="en", text=text, raw_text=text, quotes=quotes, mentions=mentions)

    wu = Quote("China faces isolation", 0, 5, "direct", speaker="Wu Qiang", speaker_type="expert",
               speaker_actor="China")
    anon = Quote("talks will resume", 0, 5, "indirect", speaker_descriptor="a source familiar with the talks",
                 speaker_type="anonymous", anonymous=True)
    biden = Quote("we lead with values", 0, 5, "direct", speaker="Joe Biden", speaker_type="official",
                  speaker_actor="United States")
    china = (Mention("China", "country", 0, 5, "China"),)
    path = tmp_path / "q.duckdb"
    with Store(path) as store:
        store.write_batch([
            art("1", "a.com", (wu, anon), china),
            art("2", "a.com", (wu,), china),
            art("3", "b.com", (biden,)),
        ])
    return str(path)


def _run(*args: str) -> list[dict]:
    res = CliRunner().invoke(main, ["quotes", *args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_quotes_cli_lists_and_filters(store_path: str) -> None:
    assert len(_run("--db", store_path)) == 4
    assert {r["speaker"] for r in _run("--db", store_path, "--anonymous")} == {"(anonymous)"}
    assert {r["speaker"] for r in _run("--db", store_path, "--actor", "China")} == {"Wu Qiang"}
    assert {r["speaker"] for r in _run("--db", store_path, "--speaker", "biden")} == {"Joe Biden"}


def test_quotes_cli_who_speaks_most_about_an_actor(store_path: str) -> None:
    rows = _run("--db", store_path, "--about", "China", "--by", "speaker")
    assert rows[0]["speaker"] == "Wu Qiang" and rows[0]["quotes"] == 2 and rows[0]["articles"] == 2
    assert "Joe Biden" not in {r["speaker"] for r in rows}


def test_quotes_cli_anonymous_share_per_outlet(store_path: str) -> None:
    rows = {r["outlet"]: r for r in _run("--db", store_path, "--by", "outlet")}
    assert rows["a.com"]["anonymous_share"] == pytest.approx(1 / 3, abs=1e-3)
    assert rows["b.com"]["anonymous_share"] == 0


def test_quotes_cli_table_output_and_missing_store(store_path: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    res = CliRunner().invoke(main, ["quotes", "--db", store_path, "--by", "type"])
    assert res.exit_code == 0 and "expert" in res.output
    res = CliRunner().invoke(main, ["quotes", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code != 0 and "ingest" in res.output


def test_quotes_cli_by_speaker_pooled_rows_claim_no_actor(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The "(unnamed)", "(unknown)" and "(anonymous)" rows pool different unnamed speakers: no actor
    for them (the row used to show whichever actor one pooled quote carried, e.g. "United States")."""
    from storylens.store import Store

    text = "Article text, long enough to be an article of the test corpus."
    quotes = (
        Quote("taxes will rise", 0, 5, "indirect", speaker_descriptor="the administration",
              speaker_type="official", speaker_actor="United States"),
        Quote("it will engage", 0, 5, "indirect", speaker_descriptor="the tweet"),
        Quote("talks will resume", 0, 5, "indirect", speaker_descriptor="a source familiar with the talks",
              speaker_type="anonymous", anonymous=True, speaker_actor="China"),
        Quote("we lead", 0, 5, "direct", speaker="Joe Biden", speaker_type="official", speaker_actor="United States"),
        Quote("it is over", 0, 5, "direct"),  # no speaker found, nothing described
    )
    path = tmp_path / "u.duckdb"
    with Store(path) as store:
        store.write_batch([Article(id="1", source="s", source_kind="txt", offset=None, url=None, outlet="a.com",
                                   outlet_name=None, title=None, author=None, published="2024-01-01",
                                   language="en", text=text, raw_text=text, quotes=quotes)])
    rows = {r["speaker"]: r for r in _run("--db", str(path), "--by", "speaker")}
    assert rows["(unnamed)"]["quotes"] == 2  # described, not named: "the administration", "the tweet"
    assert rows["(unnamed)"]["speaker_actor"] is None and rows["(unnamed)"]["speaker_type"] == "unknown"
    assert rows["(unknown)"]["quotes"] == 1 and rows["(unknown)"]["speaker_actor"] is None
    assert rows["(anonymous)"]["speaker_actor"] is None and rows["(anonymous)"]["speaker_type"] == "anonymous"
    assert rows["Joe Biden"]["speaker_actor"] == "United States"
