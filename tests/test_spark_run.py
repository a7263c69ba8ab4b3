"""Spark engine: the Spark and local runs write the same tables (per-document and corpus: the
parity test); load round-trips; corpus jobs; Spark's tone interval is the CLI's.

One local[2] SparkSession for the whole module (JVM start-up is the slow part),
a small input cut from demo/corpus plus a near copy and hand-made bad records.
"""

from __future__ import annotations

import json
import math
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DEMO
from storylens.cli import main
from storylens.engines import parquet as pq
from storylens.store import Store

pytestmark = pytest.mark.spark
pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    from storylens.engines.spark import spark_session

    session = spark_session("local[2]", app="storylens-tests",
                            conf={"spark.sql.shuffle.partitions": "4", "spark.default.parallelism": "2"})
    yield session
    session.stop()
    # Shut the JVM down now rather than at interpreter exit, with other libraries' threads.
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is not None:
        proc = getattr(gateway, "proc", None)
        gateway.shutdown()
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        SparkContext._gateway = None
        SparkContext._jvm = None


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few real pages, JSONL records (one duplicated in a second file), a WARC,
    a page with no article (reject), a bad JSON line (reject) and an unknown file (skip)."""
    root = tmp_path_factory.mktemp("inputs")
    (root / "pages").mkdir()
    for page in sorted((DEMO / "pages").glob("*.html"))[:3]:
        shutil.copy(page, root / "pages" / page.name)
    lines = (DEMO / "exports" / "allsides-sample.jsonl").read_text(encoding="utf-8").splitlines()
    (root / "a.jsonl").write_text("\n".join(lines[:5]) + "\n{not json\n", encoding="utf-8")
    # lines[20] (Trump urges Xi to meet the Hong Kong protesters) carries narratives of the default packs, so
    # the narratives table is not empty (the first records' only hit, a US-Canada tariff row, was a false
    # positive the anchors removed)
    (root / "b.jsonl").write_text(lines[2] + "\n" + lines[5] + "\n" + lines[20] + "\n", encoding="utf-8")
    # a near copy of the first record by another outlet a day later: copies, a copy cluster
    # and a two-article story on both engines
    rec = json.loads(lines[0])
    rec.update(ID="near-copy", url="https://wire.example.com/iran-deal", source="Example Wire",
               content_original=rec["content_original"] + "\n\nA spokesman declined to comment further.")
    rec["date"] = str(date.fromisoformat(rec["date"]) + timedelta(days=1))
    (root / "c.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (root / "pages" / "empty.html").write_text("<html><body><p>Too short.</p></body></html>")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    return root


def _run(args: list[str]) -> dict:
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def runs(spark, inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("runs")
    local = _run(["run", "--engine", "local", "--workers", "1", str(inputs), "--out", str(out / "local")])
    # --out as a Hadoop URI: the executors write there through Hadoop's FileSystem (file:// here)
    sp = _run(["run", "--engine", "spark", "--master", "local[2]", str(inputs), "--out", (out / "spark").as_uri()])
    return {"local": out / "local", "spark": out / "spark", "local_summary": local, "spark_summary": sp}


def _rows(folder: Path, table: str) -> list[tuple]:
    """A table's rows, normalised: JSON passages parsed, rows sorted (row order is not part
    of a table; ids are content hashes, the same on both engines, so no renumbering)."""
    def norm(col: str, v):
        return json.loads(v) if col == "passages" and isinstance(v, str) else v

    def key(v):
        return (v is None, str(v))

    rows = (tuple(norm(c, v) for c, v in r.items()) for r in pq.iter_table(folder, table))
    return sorted(rows, key=lambda t: [key(v) for v in t])


def _close(a, b, tol: float = 1e-9) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=tol, abs_tol=tol)
    return a == b


def _schema(folder: Path, table: str) -> list[tuple[str, str]]:
    import duckdb

    src = pq.parquet_glob(folder, table)
    assert src is not None, f"{folder}/{table} has no Parquet file"
    return [(r[0], r[1]) for r in duckdb.connect().execute(f"DESCRIBE SELECT * FROM read_parquet('{src}')").fetchall()]


def test_both_engines_write_the_same_tables(runs) -> None:
    """The parity test: every table of a run (per-document, corpus, aggregates) holds the same
    rows on both engines. What may differ, and why it does not here:
    - floats: 1e-9, except story centroids and similarities (float32 vectors summed in another
      order, 1e-5);
    - a copy cluster's origin among same-day copies of non-wire outlets: the local stage breaks
      the tie by ingest time then id, Spark (no ingest order) by id; one local batch has one
      ingest time, so both take the smallest id;
    - LSH buckets over 500 members (Spark) or 50 (local) are boilerplate, and a passage on 3+
      pages of one outlet is site boilerplate locally only: neither occurs in a small corpus."""
    for key in ("read", "stored", "duplicates", "rejected", "skipped"):
        assert runs["spark_summary"][key] == runs["local_summary"][key], key
    s = runs["local_summary"]
    assert s["stored"] >= 9 and s["duplicates"] == 1 and s["rejected"] >= 2 and s["skipped"] == 1
    assert runs["spark_summary"]["corpus"] == s["corpus"]  # rows per corpus table
    tables = sorted(p.name for p in runs["local"].iterdir() if p.is_dir())
    assert tables == sorted(p.name for p in runs["spark"].iterdir() if p.is_dir())
    assert set(tables) == {*pq.PER_DOCUMENT_TABLES, *pq.CORPUS_TABLES, "agg_tone", "agg_attention", "agg_quotes"}
    # every stage produces rows here, so the comparison below is not vacuous
    for table in tables:
        if table not in ("rejects", "removals"):
            assert _rows(runs["local"], table), f"{table} is empty: the parity check would be vacuous"
    for table in tables:
        assert _schema(runs["spark"], table) == _schema(runs["local"], table), table
        if table in pq.known_tables():
            assert [c for c, _ in _schema(runs["spark"], table)] == pq.table_columns(table)
        tol = 1e-5 if table.startswith("stor") else 1e-9
        a, b = _rows(runs["local"], table), _rows(runs["spark"], table)
        assert len(a) == len(b), table
        for ra, rb in zip(a, b, strict=True):
            assert all(_close(x, y, tol) for x, y in zip(ra, rb, strict=True)), (table, ra[:3], rb[:3])


def test_out_uri_is_prepared_like_a_folder(spark, runs, tmp_path: Path) -> None:
    from storylens.engines.spark import has_parquet, out_path, prepare_out
    from storylens.errors import StoreError

    uri = runs["spark"].as_uri()
    assert (runs["spark"] / pq.RUN_SUMMARY).is_file() and "corpus" in pq.read_summary(runs["spark"])
    assert has_parquet(spark, uri, "articles") and not has_parquet(spark, uri, "nothing")
    assert out_path(uri + "/", "articles") == uri + "/articles"
    with pytest.raises(StoreError, match="already holds run output"):
        prepare_out(spark, uri, overwrite=False)
    (tmp_path / "f").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        prepare_out(spark, (tmp_path / "f").as_uri(), overwrite=False)
    fresh = tmp_path / "a" / "b"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (fresh / "articles").mkdir()
    (fresh / "keep.txt").write_text("mine")
    prepare_out(spark, fresh.as_uri(), overwrite=True)
    assert sorted(p.name for p in fresh.iterdir()) == ["keep.txt"]
    result = CliRunner().invoke(main, ["run", "--engine", "local", str(runs["spark"]), "--out", fresh.as_uri()])
    assert result.exit_code != 0 and "needs --engine spark" in result.output


def test_the_near_copy_is_a_copy_and_shares_a_story(runs) -> None:
    arts = {r["id"]: r for r in pq.iter_table(runs["spark"], "articles")}
    copy = next(i for i, r in arts.items() if r["outlet_name"] == "Example Wire")
    (row,) = [r for r in pq.iter_table(runs["spark"], "copies") if r["article_id"] == copy]
    assert row["kind"] == "near" and row["decided_by"] == "earlier_date"
    story = {r["article_id"]: r["story_id"] for r in pq.iter_table(runs["spark"], "story_articles")}
    assert story[copy] == story[row["copy_of"]]


def test_duplicate_keeps_the_first_occurrence_like_ingest(runs) -> None:
    local = {r["id"]: r for r in pq.iter_table(runs["local"], "articles")}
    spark = {r["id"]: r for r in pq.iter_table(runs["spark"], "articles")}
    dup = [i for i, r in local.items() if r["source"].endswith("a.jsonl") and r["offset"] == 3]
    assert dup and spark[dup[0]]["source"] == local[dup[0]]["source"]


def test_load_round_trips_into_duckdb(runs, tmp_path: Path) -> None:
    """Spark output loaded into a store holds exactly the local run's rows (which are
    written by Store.write_batch, as ingest writes them); loading twice adds nothing."""
    db = tmp_path / "loaded.duckdb"
    first = _run(["load", str(runs["spark"]), "--db", str(db)])
    again = _run(["load", str(runs["spark"]), "--db", str(db)])
    assert first["inserted"]["articles"] == runs["spark_summary"]["stored"]
    assert all(n == 0 for n in again["inserted"].values()), again
    with Store(db) as s:
        for t in pq.PER_DOCUMENT_TABLES:
            cols = ", ".join(f'"{c}"' for c in pq.table_columns(t))
            got = sorted(map(str, s.con.execute(f"SELECT {cols} FROM {t}").fetchall()))
            assert got == sorted(map(str, _rows(runs["local"], t))), t
        assert s.scalar("SELECT count(*) FROM articles WHERE run_id IS NULL") == 0
        assert s.scalar("SELECT count(*) FROM runs WHERE command = 'load'") == 2


# -- corpus jobs ---------------------------------------------------------------------------------


def _prose(seed: int, n: int) -> str:
    """``n`` words of deterministic non-repeating pseudo-prose (sentences of 12 words)."""
    import random

    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(3, 9))) for _ in range(n)]
    return " ".join(w.capitalize() + ("." if i % 12 == 11 else "") if i % 12 == 0 else
                    w + ("." if i % 12 == 11 else "") for i, w in enumerate(words))


def _corpus_fixture(folder: Path) -> list:
    """Articles with exact, near and partial copies, tones, mentions and quotes, written as
    a local run: ``exact`` and ``near`` copy ``orig``; ``partial`` reuses 60 of its words
    inside unrelated text; ``other`` and ``undated`` are unrelated to everything."""
    from storylens.pipeline import article_id
    from storylens.types import ActorTone, Article, Mention, Quote

    base = _prose(1, 180)
    reused = " ".join(base.split()[60:120])
    texts = {
        "orig": (base, "wire.example", "2021-03-01"),
        "exact": (base, "paper.example", "2021-03-02"),
        "near": (base + " A spokesman declined to comment further on the talks.", "daily.example", "2021-03-03"),
        "partial": (_prose(2, 150) + " " + reused + " " + _prose(3, 120), "weekly.example", "2021-03-05"),
        "other": (_prose(4, 200), "farm.example", "2021-03-04"),
        "undated": (_prose(5, 160), "blog.example", None),
    }
    arts = []
    for name, (text, outlet, published) in texts.items():
        arts.append(Article(
            id=article_id(text, outlet), source=f"{name}.html", source_kind="html", offset=None,
            url=f"https://{outlet}/{name}", outlet=outlet, outlet_name=None, title=name, author=None,
            published=published, language="en", text=text, raw_text=text,
            mentions=(Mention("china", "country", 0, 5, "China"), Mention("china", "country", 10, 15, "China")),
            tones=(ActorTone("china", "country", 2, -0.25 if published else 0.5, "negative", ("talks",)),),
            quotes=(Quote("talks would resume", 20, 38, "indirect", speaker="Wang Yi",
                          speaker_type="official", speaker_actor="wang-yi"),),
        ))
    writer = pq.LocalParquetWriter(folder)
    for a in arts:
        writer.add(a)
    writer.close()
    return arts


def test_corpus_jobs_find_copies_and_match_duckdb_aggregates(spark, tmp_path: Path) -> None:
    from storylens.engines.spark_corpus import (
        AGG_KEYS,
        AGGREGATES,
        aggregate_duckdb,
        run_corpus_jobs,
    )

    arts = _corpus_fixture(tmp_path / "run")
    ids = {a.title: a.id for a in arts}
    written = run_corpus_jobs(spark, tmp_path / "run")
    rows = sorted(pq.iter_table(tmp_path / "run", "copies"), key=lambda r: (r["article_id"], r["copy_of"]))
    copies = {(r["article_id"], r["copy_of"]): r for r in rows}
    exact, near = copies[(ids["exact"], ids["orig"])], copies[(ids["near"], ids["orig"])]
    assert exact["kind"] == "exact" and near["kind"] == "near" and near["similarity"] >= 0.9
    # the partial copy shares its 60 words with each of the three copies of the story
    partial = {k[1]: r for k, r in copies.items() if k[0] == ids["partial"]}
    assert set(partial) == {ids["orig"], ids["exact"], ids["near"]}
    assert {r["kind"] for r in partial.values()} == {"partial"}
    (passage,) = json.loads(partial[ids["orig"]]["passages"])
    assert passage["words"] == 60
    text = {a.id: a.text for a in arts}
    assert text[ids["partial"]][passage["start"]:passage["end"]] == \
        text[ids["orig"]][passage["src_start"]:passage["src_end"]]
    assert {k[0] for k in copies} == {ids["exact"], ids["near"], ids["partial"]}
    assert written["copies"] == len(rows) == 5

    # the local syndication stage on the same articles gives the same copies table
    from storylens.corpus.syndication import run_syndication

    with Store(tmp_path / "local.duckdb") as s:
        pq.load_parquet(tmp_path / "run", s)
        s.con.execute("DELETE FROM copies")  # Spark's, loaded with the run
        run_syndication(s)
        local = {(r[0], r[1]): r for r in s.con.execute(
            "SELECT article_id, copy_of, kind, similarity, passages FROM copies").fetchall()}
    assert set(local) == set(copies)
    for key, (_, _, kind, sim, passages) in local.items():
        got = copies[key]
        assert got["kind"] == kind, key
        assert abs(got["similarity"] - sim) < 1e-3, key
        assert json.loads(got["passages"]) == json.loads(passages), key

    with Store(tmp_path / "s.duckdb") as s:
        pq.load_parquet(tmp_path / "run", s)
        for name in AGGREGATES:
            want = {tuple(str(r[k]) for k in AGG_KEYS[name]): r for r in aggregate_duckdb(s.con, name)}
            got = {tuple(str(r[k]) for k in AGG_KEYS[name]): r for r in pq.iter_table(tmp_path / "run", name)}
            assert want and set(got) == set(want), name
            for k, row in want.items():
                for col, v in row.items():
                    assert _close(float(v) if isinstance(v, float) else v, got[k][col]), (name, col)
    tone = next(iter(pq.iter_table(tmp_path / "run", "agg_tone")))
    assert tone["week"] is None or tone["week"].weekday() == 0  # ISO weeks start on Monday


def test_spark_tone_interval_is_the_clis(spark, tmp_path: Path) -> None:
    """Spark's ``agg_tone`` row, turned into figures by ``stats.tone_summary``, equals what
    ``storylens tone --by outlet`` shows for the same group: three articles of one outlet in one
    ISO week, so the interval is a real one (one article has none)."""
    from storylens.config import Settings
    from storylens.engines.spark_corpus import run_corpus_jobs
    from storylens.pipeline import article_id
    from storylens.store.stats import tone_summary
    from storylens.types import ActorTone, Article, Mention

    run = tmp_path / "run"
    writer = pq.LocalParquetWriter(run)
    for i, (score, label) in enumerate([(-0.6, "negative"), (-0.1, "neutral"), (0.3, "positive")]):
        text = "China " + _prose(10 + i, 60)
        writer.add(Article(
            id=article_id(text, "paper.example"), source=f"{i}.html", source_kind="html", offset=None,
            url=f"https://paper.example/{i}", outlet="paper.example", outlet_name=None, title=f"t{i}",
            author=None, published=f"2021-03-0{i + 1}", language="en", text=text, raw_text=text,
            mentions=(Mention("China", "country", 0, 5, "China"),) * (i + 1),
            tones=(ActorTone("China", "country", i + 1, score, label, ()),)))
    writer.close()
    run_corpus_jobs(spark, run, Settings({"syndication": False, "stories": False}))
    (row,) = [r for r in pq.iter_table(run, "agg_tone") if r["actor"] == "China"]
    assert row["articles"] == 3
    figures = tone_summary(row["articles"], row["mean_tone"], row["sd_tone"], row["negative"],
                           row["neutral"], row["positive"], row["mentions"])
    db = tmp_path / "s.duckdb"
    _run(["load", str(run), "--db", str(db)])
    (cli,) = _run(["tone", "China", "--by", "outlet", "--db", str(db)])
    assert cli["outlet_key"] == "paper.example" and figures["ci_low"] is not None
    for key, value in figures.items():
        assert cli[key] == value, key
