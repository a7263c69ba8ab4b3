"""Parquet tables shared by both engines: schema from the migrations, local writer, load."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.engines import parquet as pq
from storylens.errors import StoreError
from storylens.pipeline import article_id
from storylens.store import Store
from storylens.store.tables import ARTICLE_COLUMNS, CHILD_TABLES, columns_of
from storylens.types import ActorTone, Article, Quote, Reject


def _article(text: str, outlet: str = "example.com", **kw) -> Article:
    fields = {"published": "2021-06-01", **kw}
    return Article(
        id=article_id(text, outlet), source="x.html", source_kind="html", offset=None,
        url=f"https://{outlet}/a", outlet=outlet, outlet_name=None, title="T", author=None,
        language="en", text=text, raw_text=text, **fields,
    )


def test_schema_comes_from_the_store_definitions(db_path: Path) -> None:
    assert pq.table_columns("articles") == list(ARTICLE_COLUMNS)
    assert pq.table_columns("rejects") == ["source", "offset", "stage", "reason"]
    with Store(db_path) as s:
        for table in pq.PER_DOCUMENT_TABLES:
            types = {r["column_name"]: r["data_type"] for r in s.query(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table])}
            schema = pq.table_schema(table)
            assert [c.name for c in schema] == pq.table_columns(table)
            assert all(types[c.name] == c.type for c in schema), table
    for table, rtype in CHILD_TABLES.items():
        assert pq.table_columns(table) == columns_of(rtype)
    # corpus tables: the migrations' columns without the store's bookkeeping
    assert [c.name for c in pq.table_schema("copies")] == ["article_id", "copy_of", "kind", "similarity", "passages",
                                                           "decided_by", "confidence"]
    assert "updated_at" not in pq.table_columns("stories") and "centroid" in pq.table_columns("stories")


def test_spark_schema_maps_every_column_type() -> None:
    pytest.importorskip("pyspark")
    from pyspark.sql import types as T

    from storylens.engines.spark import spark_schema

    arts = {f.name: f for f in spark_schema("articles").fields}
    assert isinstance(arts["published"].dataType, T.DateType)
    assert isinstance(arts["offset"].dataType, T.LongType) and arts["offset"].nullable
    assert not arts["id"].nullable
    tones = {f.name: f for f in spark_schema("tones").fields}
    assert isinstance(tones["evidence"].dataType, T.ArrayType)
    assert isinstance(tones["score"].dataType, T.DoubleType)


def test_local_writer_and_load_round_trip(tmp_path: Path) -> None:
    a = _article("Some article text about talks " * 10,
                 tones=(ActorTone("china", "country", 2, -0.5, "negative", ("talks", "row")),),
                 quotes=(Quote("we will talk", 0, 12, "direct", speaker="Ann"),))
    b = _article("Another article " * 10, published=None)
    writer = pq.LocalParquetWriter(tmp_path / "run")
    for item in (a, b, a, Reject("bad.html", None, "extract", "empty page")):
        writer.add(item)
    writer.close()
    assert (writer.stored, writer.duplicates) == (2, 1)
    with Store(tmp_path / "ref.duckdb") as ref:
        ref.write_batch([a, b], [Reject("bad.html", None, "extract", "empty page")])
        want = {t: sorted(map(str, ref.con.execute(
            f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in pq.table_columns(t))} FROM {t}"
        ).fetchall())) for t in pq.PER_DOCUMENT_TABLES}
    with Store(tmp_path / "loaded.duckdb") as s:
        first = pq.load_parquet(tmp_path / "run", s)
        again = pq.load_parquet(tmp_path / "run", s)
        assert first.inserted["articles"] == 2 and first.inserted["tones"] == 1
        assert sum(again.inserted.values()) == 0
        for t in pq.PER_DOCUMENT_TABLES:
            got = sorted(map(str, s.con.execute(
                f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in pq.table_columns(t))} FROM {t}"
            ).fetchall()))
            assert got == want[t], t


def test_out_dir_is_not_mixed_and_load_names_the_fix(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pq.prepare_out_dir(out, overwrite=False)
    (out / "articles").mkdir()
    with pytest.raises(StoreError, match="--overwrite"):
        pq.prepare_out_dir(out, overwrite=False)
    pq.prepare_out_dir(out, overwrite=True)
    assert not (out / "articles").exists()
    with Store(tmp_path / "s.duckdb") as s, pytest.raises(StoreError, match="storylens run"):
        pq.load_parquet(out, s)
