"""`export` then `load` is a round trip: every table of the store comes back row for row
(before: `load` refused `export --format parquet` output, and after rearranging folders ten
corpus tables came back empty without a word). CSV export writes list columns as JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from storylens.cli import main
from storylens.store import Store

ROOT = Path(__file__).resolve().parents[2]
N_DOCS = 8
# Strings pandas' read_csv turns into NaN by default (a quote's speaker can be the word "None").
PANDAS_NA = {"", "None", "NA", "N/A", "n/a", "NULL", "null", "NaN", "nan", "-NaN", "-nan", "<NA>", "#N/A"}


@pytest.fixture(scope="module")
def source_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small enriched store (8 articles and 2 copies): articles, mentions, tones, quotes, narratives, copies, stories ..."""
    tmp = tmp_path_factory.mktemp("roundtrip")
    lines = (ROOT / "demo" / "corpus" / "exports" / "allsides-sample.jsonl").read_text(
        encoding="utf-8").splitlines()[:N_DOCS]
    src = tmp / "in.jsonl"
    # Two syndicated copies of the first article, so the copy tables are not empty.
    first = json.loads(lines[0])
    copies = [json.dumps({**first, "source": f"Copy Desk {i}", "url": f"https://copy{i}.example.com/a"})
              for i in (1, 2)]
    src.write_text("\n".join([*lines, *copies, '{"text": "too short"}']) + "\n", encoding="utf-8")
    db = tmp / "src.duckdb"
    res = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "-j", "1"])
    assert res.exit_code == 0, res.output
    return db


def _rows(store: Store, table: str) -> list[tuple[object, ...]]:
    return sorted(store.con.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_export_load_restores_every_table(source_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "export"
    res = CliRunner().invoke(main, ["export", "--db", str(source_db), "--format", fmt, "--out", str(out)])
    assert res.exit_code == 0, res.output
    target = tmp_path / "copy.duckdb"
    res = CliRunner().invoke(main, ["load", str(out), "--db", str(target)])
    assert res.exit_code == 0, res.output
    with Store(source_db, read_only=True) as a, Store(target, read_only=True) as b:
        assert a.tables() == b.tables()
        counts = {t: len(_rows(a, t)) for t in a.tables()}
        for t in a.tables():
            assert _rows(a, t) == _rows(b, t), t
    nonempty = [t for t, n in counts.items() if n]
    # What a 14-article store fills: the per-document tables and the corpus stages alike.
    assert {"articles", "rejects", "runs", "mentions", "tones", "copies", "copy_index", "lsh_bands",
            "passage_fps", "syndication_meta", "outlet_registry"} <= set(nonempty), counts
    print(f"{fmt}: {len(counts)} tables, {sum(counts.values())} rows compared; empty: "
          f"{sorted(set(counts) - set(nonempty))}")
    res = CliRunner().invoke(main, ["load", str(out), "--db", str(target)])  # twice adds nothing
    with Store(target, read_only=True) as b:
        assert {t: len(_rows(b, t)) for t in b.tables()} == counts
    res = CliRunner().invoke(main, ["ingest", str(ROOT / "demo" / "corpus" / "exports" / "allsides-sample.csv"),
                                    "--db", str(target), "-j", "1", "--no-enrich"])
    assert res.exit_code == 0, res.output  # the run-id sequence moved past the restored runs


def _plain(v: object) -> object:
    """A cell as JSON would hold it: numpy arrays as lists, NaN/NaT/None as None."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return None
    return v


def test_csv_export_rereads_like_parquet(source_db: Path, tmp_path: Path) -> None:
    for fmt in ("parquet", "csv"):
        res = CliRunner().invoke(main, ["export", "--db", str(source_db), "--format", fmt,
                                        "--out", str(tmp_path / fmt)])
        assert res.exit_code == 0, res.output
    with Store(source_db, read_only=True) as store:
        types = {t: dict(store.columns(t)) for t in store.tables()}
    checked = 0
    for table, cols in types.items():
        pq = pd.read_parquet(tmp_path / "parquet" / f"{table}.parquet")
        csv = pd.read_csv(tmp_path / "csv" / f"{table}.csv")  # pandas' defaults, on purpose
        assert list(csv.columns) == list(pq.columns) and len(csv) == len(pq), table
        for col, duck_type in cols.items():
            for a, b in zip(pq[col], csv[col], strict=True):
                a = _plain(a)
                b = _plain(b)
                if duck_type.endswith("]"):  # list columns: JSON text in the CSV
                    b = json.loads(b) if b is not None else None
                    if duck_type.startswith("FLOAT") and a is not None:
                        assert b == pytest.approx(a, rel=1e-6), (table, col)
                        continue
                elif duck_type in ("DATE", "TIMESTAMP") and b is not None:
                    b = pd.Timestamp(b)
                    a = pd.Timestamp(a)
                elif isinstance(a, float) or isinstance(b, float):
                    assert (a is None and b is None) or b == pytest.approx(a), (table, col)
                    continue
                elif duck_type == "VARCHAR" and b is None and a in PANDAS_NA:
                    continue
                elif duck_type == "VARCHAR" and b is not None:
                    b = str(b)
                    a = str(a) if a is not None else None
                assert a == b, (table, col, a, b)
                checked += 1
    assert checked > 1000
