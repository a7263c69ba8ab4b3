"""Inputs as researchers bring them: headerless CSV/TSV, columns by position, fixed values per
run or per file (sidecar), "Published: ..." dates, and short items kept as headlines."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from click.testing import CliRunner

from conftest import FIXTURES
from storylens.cli import main
from storylens.config import Settings
from storylens.pipeline import Pipeline
from storylens.sources import iter_documents
from storylens.sources.dates import parse_date
from storylens.types import Article, RawDocument, Reject

HEADLINES = FIXTURES / "headlines"


def test_published_and_localised_dates() -> None:
    assert parse_date("Published: Mar 24, 2022 06:46 PM") == "2022-03-24"
    assert parse_date("Published: 2022/3/24 18:30") == "2022-03-24"
    assert parse_date("24 марта 2022") == "2022-03-24"
    assert parse_date("2022年3月24日") == "2022-03-24"
    assert parse_date("24. März 2022") == "2022-03-24"
    assert parse_date("24/03/2022 18:46", "%d/%m/%Y %H:%M") == "2022-03-24"
    assert parse_date("yesterday-ish") is None


def _run(paths: list[Path], settings: Settings) -> list[Article | Reject]:
    pipe = Pipeline(settings)
    items = iter_documents([str(p) for p in paths], settings)
    return [pipe.process(i) if isinstance(i, RawDocument) else i for i in items if isinstance(i, RawDocument | Reject)]


def test_headerless_csv_by_position_with_fixed_outlet(tmp_path: Path) -> None:
    f = tmp_path / "feed.csv"
    f.write_text('Wang Yi meets Lavrov in Anhui,"Published: Mar 30, 2022 06:46 PM"\n'
                 'Short,"Published: Mar 31, 2022 06:46 PM"\n', encoding="utf-8")
    base = {"clean": False, "enrich": False}
    # before: every row rejected (no header, no mapping by position)
    outs = _run([f], Settings(base))
    assert all(isinstance(o, Reject) and "csv_text=2" in o.reason for o in outs)
    outs = _run([f], Settings({**base, "csv_text": "1", "csv_date": "2", "fixed": "outlet=Xinhua"}))
    art = outs[0]
    assert isinstance(art, Article)
    assert (art.title, art.outlet_name, art.outlet, art.published, art.is_headline) == (
        "Wang Yi meets Lavrov in Anhui", "Xinhua", "xinhuanet.com", "2022-03-30", True)
    assert isinstance(outs[1], Reject)  # one word is a label, not a headline
    # headlines=off keeps the old behaviour: short items are rejected by min_text_chars
    outs = _run([f], Settings({**base, "csv_text": "1", "headlines": "off"}))
    assert all(isinstance(o, Reject) and "too short" in o.reason for o in outs)


def test_header_row_is_detected_and_positions_still_work(tmp_path: Path) -> None:
    f = tmp_path / "x.tsv"
    f.write_text("headline\tdate\toutlet\nChina and EU hold summit on trade\t2022-04-01\tCGTN\n", encoding="utf-8")
    outs = _run([f], Settings({"clean": False, "enrich": False, "csv_text": "headline"}))
    assert len(outs) == 1 and isinstance(outs[0], Article)
    assert (outs[0].outlet_name, outs[0].published) == ("CGTN", "2022-04-01")
    outs = _run([f], Settings({"clean": False, "enrich": False, "csv_text": "1"}))
    assert isinstance(outs[0], Article) and outs[0].text.startswith("China and EU")


def test_bad_sidecar_rejects_its_file_only(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("Beijing hosts forum on digital economy\n", encoding="utf-8")
    (tmp_path / "a.csv.storylens.yaml").write_text("no_such_key: 1\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("text\nBeijing hosts forum on rural revitalization\n", encoding="utf-8")
    outs = _run([tmp_path], Settings({"clean": False, "enrich": False}))
    rejects = [o for o in outs if isinstance(o, Reject)]
    assert len(rejects) == 1 and "no_such_key" in rejects[0].reason
    assert sum(isinstance(o, Article) for o in outs) == 1


def test_five_outlet_headline_scenario_with_settings_alone(tmp_path: Path) -> None:
    """Headerless exports of five outlets, "Published: ..." dates: every headline stored with
    its outlet and date; the one date no parser reads is counted, not silently dropped."""
    db = tmp_path / "h.duckdb"
    res = CliRunner().invoke(main, [
        "ingest", str(HEADLINES), "--db", str(db), "--workers", "1", "--no-enrich", "--format", "json",
        "--set", "outlet=BBC", "--set", "csv_header=no", "--set", "csv_text=1", "--set", "csv_date=2",
    ], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    assert (summary["stored"], summary["rejected"], summary["skipped"]) == (50, 0, 0)
    assert summary["headlines"] == 50 and summary["dates_unparsed"] == 1
    assert summary["top_unparsed_dates"][0][0] == "yesterday-ish"
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT outlet_name, count(*), count(published), CAST(min(published) AS VARCHAR), CAST(max(published) AS VARCHAR) "
                       "FROM articles GROUP BY 1 ORDER BY 1").fetchall()
    assert rows == [
        ("BBC", 10, 9, "2022-03-10", "2022-03-18"),
        ("CGTN", 10, 10, "2022-03-10", "2022-03-19"),
        ("China Daily", 10, 10, "2022-03-10", "2022-03-19"),
        ("Global Times", 10, 10, "2022-03-10", "2022-03-19"),
        ("Xinhua", 10, 10, "2022-03-10", "2022-03-19"),
    ]
    urls = con.execute("SELECT count(*) FROM articles WHERE outlet = 'cgtn.com' AND url LIKE 'https://news.cgtn.com/%'").fetchone()
    assert urls == (10,)
