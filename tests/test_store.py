"""Store: migrations, 1:1 tables, idempotent atomic batches, round trips, export."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from storylens.pipeline import article_id
from storylens.store import Store
from storylens.store.tables import CHILD_TABLES, columns_of, record_from_row
from storylens.types import ActorTone, Article, Quote, Reject, Removal


def make_article(text: str, outlet: str = "example.com", **kw) -> Article:
    return Article(
        id=article_id(text, outlet), source="x.html", source_kind="html", offset=None,
        url=f"https://{outlet}/a", outlet=outlet, outlet_name=None, title="T", author=None,
        published="2021-06-01", language="en", text=text, raw_text=text, **kw,
    )


def test_child_tables_match_records(db_path: Path) -> None:
    with Store(db_path) as s:
        for table, rtype in CHILD_TABLES.items():
            cols = [r["column_name"] for r in s.query(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table])]
            assert cols == columns_of(rtype), table


def test_batches_are_idempotent(db_path: Path) -> None:
    a = make_article("Some article text " * 10, removals=(Removal(0, 4, "Some", "spam", "lexicon", 0.9),))
    b = make_article("Another article " * 10)
    r = Reject("bad.html", None, "extract", "empty page")
    with Store(db_path) as s:
        assert s.write_batch([a, b, a], [r]) == (2, 1)
        assert s.write_batch([a, b], [r]) == (0, 2)
        assert s.scalar("SELECT count(*) FROM articles") == 2
        assert s.scalar("SELECT count(*) FROM removals") == 1
        assert s.scalar("SELECT count(*) FROM rejects") == 1


def test_stats_order_ties_by_name(db_path: Path) -> None:
    """Equal counts print in name order: the same store gives the same stats every time."""
    import dataclasses as dc

    langs = ["wuu", "ru", "nl", "en", "en"]
    arts = [dc.replace(make_article(f"Text number {i} " * 10), language=lang) for i, lang in enumerate(langs)]
    with Store(db_path) as s:
        s.write_batch(arts, [])
        assert list(s.stats()["languages"].items()) == [("en", 2), ("nl", 1), ("ru", 1), ("wuu", 1)]


def test_migrations_apply_once(db_path: Path) -> None:
    with Store(db_path) as s:
        v = s.schema_version()
        assert v >= 1
    with Store(db_path) as s:
        assert s.migrate() == 0 and s.schema_version() == v


def test_read_only_missing_store_names_the_fix(tmp_path: Path) -> None:
    from storylens.errors import StoreError

    with pytest.raises(StoreError, match="storylens ingest"):
        Store(tmp_path / "nope.duckdb", read_only=True)


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=200)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, quote_text=texts, evidence=st.lists(texts, max_size=3))
def test_records_round_trip(tmp_path_factory, text: str, quote_text: str, evidence: list[str]) -> None:
    db = tmp_path_factory.mktemp("rt") / "rt.duckdb"
    q = Quote(quote_text, 0, len(quote_text), "direct", True, "said", "Xi Jinping", None, "official", False, "China")
    t = ActorTone("China", "country", 3, -0.5, "negative", tuple(evidence))
    a = make_article(text, quotes=(q,), tones=(t,))
    with Store(db) as s:
        s.write_batch([a])
        row = s.query("SELECT * FROM articles")[0]
        assert row["text"] == text and row["id"] == a.id
        qrow = s.query("SELECT * FROM quotes")[0]
        assert record_from_row(Quote, qrow) == q
        trow = s.query("SELECT * FROM tones")[0]
        assert record_from_row(ActorTone, trow) == t


def test_export_every_table(db_path: Path, tmp_path: Path) -> None:
    import duckdb

    with Store(db_path) as s:
        s.write_batch([make_article("Export me please " * 8)])
        files = s.export(tmp_path / "out", "parquet")
    names = {f.stem for f in files}
    assert {"articles", "rejects", "quotes", "tones"} <= names
    assert duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'out' / 'articles.parquet'}'").fetchall()[0][0] == 1


def test_article_record_fields_documented() -> None:
    # every Article field that is a record tuple has a table
    tuple_fields = [f.name for f in dataclasses.fields(Article) if f.name in CHILD_TABLES]
    assert sorted(tuple_fields) == sorted(CHILD_TABLES)
