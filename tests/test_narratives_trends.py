"""Trends: shares, rising/falling with a significance test, what changed, emerging claims; the CLI."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylens.cli import main
from storylens.corpus.emerging import emerging_claims
from storylens.pipeline import article_id
from storylens.store import Store, stats
from storylens.store.queries import trends
from storylens.types import Article, NarrativeHit, RoleAssignment


def _a(i: int, day: date, outlet: str, narratives: tuple[str, ...] = (), text: str = "") -> Article:
    text = text or f"Article {i} about the news of the day, with enough words to be stored properly."
    return Article(
        id=article_id(text + str(i), outlet), source="t", source_kind="jsonl", offset=i, url=None,
        outlet=outlet, outlet_name=None, title=f"Title {i}", author=None, published=day.isoformat(),
        language="en", text=text, raw_text=text,
        narratives=tuple(NarrativeHit(n, 0.9, ("evidence sentence.",), "default") for n in narratives),
        roles=(RoleAssignment("China", "villain", 0.8),) if "Taiwan" in narratives else (),
    )


@pytest.fixture
def store(db_path: Path) -> Store:
    s = Store(db_path)
    end = date(2021, 6, 30)
    arts = []
    i = 0
    # baseline (8 weeks before the last week): Taiwan in 5% of articles; last week: 50%
    for d in range(7, 63):
        for k in range(5):
            i += 1
            arts.append(_a(i, end - timedelta(days=d), f"o{k}.com", ("Taiwan",) if i % 20 == 0 else ("trade war",)))
    for d in range(7):
        for k in range(5):
            i += 1
            arts.append(_a(i, end - timedelta(days=d), f"o{k}.com", ("Taiwan",) if k % 2 == 0 else ("trade war",)))
    s.write_batch(arts)
    yield s
    s.close()


def test_two_proportion_z_matches_the_textbook() -> None:
    z, p = stats.two_proportion_z(30, 100, 15, 100)
    assert z == pytest.approx(0.15 / math.sqrt(0.225 * 0.775 * 0.02), abs=1e-9)
    assert p == pytest.approx(math.erfc(2.5400 / math.sqrt(2)), abs=1e-4)
    assert stats.two_proportion_z(0, 0, 3, 10) == (0.0, 1.0)


def test_rising_finds_the_planted_change(store: Store) -> None:
    rows = trends.rising(store)
    top = rows[0]
    assert top["narrative"] == "Taiwan" and top["direction"] == "rising" and top["p"] < 0.001
    assert {r["narrative"] for r in rows} <= {"Taiwan", "trade war"}
    falling = [r for r in rows if r["narrative"] == "trade war"]
    assert falling and falling[0]["direction"] == "falling"


def test_shares_by_outlet_week_and_type(store: Store) -> None:
    by_outlet = trends.narrative_share(store, "outlet")
    assert {r["outlet"] for r in by_outlet} == {f"o{k}.com" for k in range(5)}
    assert all(0 < r["share"] <= 1 for r in by_outlet)
    weeks = trends.narrative_share(store, "week", pack="default")
    assert len({r["week"] for r in weeks}) >= 9
    by_type = trends.narrative_share(store, "type")
    assert sum(r["articles"] for r in by_type) == sum(r["articles"] for r in by_outlet)
    with pytest.raises(Exception, match="unknown grouping"):
        trends.narrative_share(store, "planet")


def test_shares_by_country_and_type_match_outlets_through_the_registry_table(db_path: Path) -> None:
    """One outlet match everywhere (``Q.outlet_join``): a domain, a registered domain (go.com is
    ABC News) and a name slug (cgtn) all resolve; an outlet the registry lacks is "unknown"."""
    from storylens.store.actors import refresh_outlet_registry

    outlets = ["news.cn", "cgtn", "go.com", "bbc.co.uk", "example-blog.invalid"]
    arts = [_a(i, date(2021, 6, 1), outlets[i % 5], ("Taiwan",)) for i in range(10)]
    with Store(db_path) as s:
        s.write_batch(arts)
        assert {r["country"] for r in trends.narrative_share(s, "country")} == {"(no outlet registry)"}
        refresh_outlet_registry(s.con)
        by_country = {r["country"]: r["articles"] for r in trends.narrative_share(s, "country")}
        by_type = {r["type"]: r["articles"] for r in trends.narrative_share(s, "type")}
    assert by_country == {"CN": 4, "US": 2, "GB": 2, "unknown": 2}
    assert by_type["state-controlled"] == 4 and by_type["unknown"] == 2


def test_narrative_totals_are_what_the_cli_overview_prints(store: Store, db_path: Path) -> None:
    want = [{"narrative": "trade war", "articles": 280, "share": 0.8889},
            {"narrative": "Taiwan", "articles": 35, "share": 0.1111}]
    assert trends.narrative_totals(store) == want
    assert trends.narrative_totals(store, pack="nope") == []
    store.close()
    out = CliRunner().invoke(main, ["narratives", "--db", str(db_path), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == want


def test_what_changed_and_roles(store: Store) -> None:
    ch = trends.what_changed(store)
    assert ch["week"] == "2021-06-24..2021-06-30" and ch["articles"] == 35
    assert ch["narratives"][0]["narrative"] == "Taiwan"
    assert trends.roles_for_actor(store, "china")[0]["role"] == "villain"


def test_emerging_claims_cluster_uncovered_claims(db_path: Path) -> None:
    claim = ("Farmers said the new irrigation rules would ruin the harvest in the river valley this year. "
             "Officials insisted the rules must stay.")
    arts = [_a(i, date(2021, 5, 1), f"out{i % 4}.com", text=claim + f" Report number {i}.") for i in range(6)]
    with Store(db_path) as s:
        s.write_batch(arts)
        rows = emerging_claims(s, min_size=3, min_outlets=2)
    assert rows and rows[0]["articles"] >= 3 and rows[0]["outlets"] >= 2
    assert any("irrigation" in e for e in rows[0]["examples"])


def test_cli_stories_and_narratives(store: Store, db_path: Path) -> None:
    store.close()
    r = CliRunner()
    out = r.invoke(main, ["stories", "--db", str(db_path), "--update", "--format", "json", "--min-articles", "1"])
    assert out.exit_code == 0, out.output
    out = r.invoke(main, ["narratives", "--db", str(db_path), "--rising", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)[0]["narrative"] == "Taiwan"
    out = r.invoke(main, ["narratives", "--db", str(db_path), "--by", "outlet", "--format", "csv"])
    assert out.exit_code == 0 and out.output.startswith("outlet,narrative,articles,of,share")
    out = r.invoke(main, ["narratives", "--db", str(db_path), "--actor", "China", "--format", "json"])
    assert out.exit_code == 0, out.output
    out = r.invoke(main, ["stories", "--db", str(db_path), "--changes", "--format", "json"])
    assert out.exit_code == 0 and "new_stories" in json.loads(out.output)
    out = r.invoke(main, ["narratives", "--list-packs", "--format", "json"])
    assert out.exit_code == 0 and any(x["narrative"] == "Taiwan" for x in json.loads(out.output))
    out = r.invoke(main, ["narratives", "--db", str(db_path), "--rising", "--emerging"])
    assert out.exit_code != 0 and "choose one of" in out.output
    out = r.invoke(main, ["stories", "--db", str(db_path), "--story", "nope"])
    assert out.exit_code != 0 and "no story 'nope'" in out.output


def test_cli_redetect_with_a_user_pack(store: Store, db_path: Path, tmp_path: Path) -> None:
    store.close()
    pack = tmp_path / "news.yaml"
    pack.write_text("pack: mine\nnarratives:\n  - name: news of the day\n    keywords: [news of the day, enough words]\n",
                    encoding="utf-8")
    out = CliRunner().invoke(main, ["narratives", "--db", str(db_path), "--redetect", "--pack-file", str(pack),
                                    "--format", "json"])
    assert out.exit_code == 0, out.output
    counts = {r["pack"]: r["hits"] for r in json.loads(out.output)}
    assert counts["user:mine"] == 315
    with Store(db_path, read_only=True) as s:
        assert s.scalar("SELECT count(*) FROM narratives WHERE pack = 'user:mine'") == 315


def test_articles_of_a_narrative_with_score_and_evidence(store: Store, db_path: Path) -> None:
    store.close()
    r = CliRunner()
    out = r.invoke(main, ["narratives", "--db", str(db_path), "--narrative", "taiwan", "--articles",
                          "--outlet", "o0.com", "--since", "2021-06-24", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines() if line.strip()]
    assert rows and all(x["narrative"] == "Taiwan" and x["outlet"] == "o0.com" for x in rows)
    assert all(x["date"] >= "2021-06-24" and x["score"] == 0.9 and x["evidence"] for x in rows)
    csv_out = r.invoke(main, ["narratives", "--db", str(db_path), "--narrative", "Taiwan", "--articles", "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.output.startswith("article,")
    none = r.invoke(main, ["narratives", "--db", str(db_path), "--narrative", "Atlantis", "--articles"])
    assert none.exit_code == 0 and "stored narratives" in none.output
    assert r.invoke(main, ["narratives", "--db", str(db_path), "--articles"]).exit_code != 0
