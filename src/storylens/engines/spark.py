"""The Spark engine: the per-document pipeline over executors, writing the store's tables as Parquet.

    files (driver: a list of paths, never their contents)
      -> RDD, one element per file
      -> flatMap: the reader from ``storylens.sources`` runs in the executor
      -> repartition (one big JSONL or WARC file must not pin the run to one core)
      -> mapPartitions: ``Pipeline.process``; the Pipeline (models) is built once per
         Python worker and reused by every later partition it runs
      -> rows of every store table, persisted once, deduplicated by article id
         (first in input order wins, as ``ingest`` does)
      -> DIR/<table>/*.parquet

Nothing but counts comes back to the driver. Schemas come from
``storylens.engines.parquet.table_schema`` (the migrations), mapped to Spark types
here. On a cluster run the same code through ``spark-submit`` (``--master``
unset: the submitted master wins); inputs must then be on a file system every
executor sees (NFS, a FUSE mount of object storage), since readers open paths.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from storylens.config import Settings
from storylens.engines import parquet as pq
from storylens.errors import StoryLensError
from storylens.store.tables import CHILD_TABLES

log = logging.getLogger(__name__)


class SparkMissing(StoryLensError):
    def __init__(self) -> None:
        super().__init__(
            "the Spark engine needs pyspark (and Java 17): `pip install 'storylens[spark]'`, "
            "or use `--engine local`."
        )


def _pyspark() -> Any:
    try:
        import pyspark
    except ImportError as exc:
        raise SparkMissing() from exc
    return pyspark


# -- session ---------------------------------------------------------------------------------


def spark_session(master: str | None = None, app: str = "storylens", conf: dict[str, str] | None = None) -> Any:
    """A SparkSession for StoryLens jobs: quiet, UTC, no UI, workers on this same Python.

    ``master=None`` keeps a master set by ``spark-submit`` and falls back to ``local[*]``.
    """
    _pyspark()
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # Workers inherit PYTHONPATH from the environment: make our package importable there
    # even when the driver found it through sys.path only.
    src = str(Path(__file__).resolve().parents[2])
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if src not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([src, *[p for p in paths if p]])
    builder = SparkSession.builder.appName(app)
    if master is None and not SparkConf().contains("spark.master"):
        master = "local[*]"
    if master is not None:
        builder = builder.master(master)
    defaults = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.pyspark.python": sys.executable,
        "spark.driver.bindAddress": os.environ["SPARK_LOCAL_IP"],
        "spark.sql.shuffle.partitions": "8",
        "spark.sql.adaptive.enabled": "true",
    }
    for k, v in {**defaults, **(conf or {})}.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# -- schema ------------------------------------------------------------------------------------


def spark_type(duck_type: str) -> Any:
    """The Spark SQL type for a DuckDB column type named in the migrations."""
    from pyspark.sql import types as T

    t = duck_type.upper().strip()
    if t.endswith("[]"):
        return T.ArrayType(spark_type(t[:-2]), True)
    simple = {
        "VARCHAR": T.StringType(), "TEXT": T.StringType(), "JSON": T.StringType(),
        "BIGINT": T.LongType(), "INTEGER": T.IntegerType(), "SMALLINT": T.ShortType(),
        "DOUBLE": T.DoubleType(), "FLOAT": T.FloatType(), "REAL": T.FloatType(),
        "BOOLEAN": T.BooleanType(), "DATE": T.DateType(), "TIMESTAMP": T.TimestampType(),
    }
    if t in simple:
        return simple[t]
    raise StoryLensError(
        f"no Spark type for DuckDB column type {duck_type!r}: add it to "
        "storylens.engines.spark.spark_type."
    )


def spark_schema(table: str) -> Any:
    """StructType of a store table, derived from the migrations (``parquet.table_schema``)."""
    from pyspark.sql import types as T

    return T.StructType([
        T.StructField(c.name, spark_type(c.type), c.nullable) for c in pq.table_schema(table)
    ])


# -- executor side -----------------------------------------------------------------------------

_PIPELINES: dict[str, Any] = {}


def _pipeline(settings_json: str) -> Any:
    """One Pipeline per Python worker process and settings (models load once, then reused)."""
    pipe = _PIPELINES.get(settings_json)
    if pipe is None:
        from storylens.pipeline import Pipeline

        for noisy in ("trafilatura", "htmldate", "charset_normalizer", "courlan", "justext"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
        pipe = Pipeline(Settings(json.loads(settings_json)))
        _PIPELINES[settings_json] = pipe
    return pipe


def _read_file(settings_json: str) -> Any:
    def read(indexed: tuple[int, str]) -> Iterator[tuple[tuple[int, int], Any]]:
        from storylens.sources import Skipped, reader_for
        from storylens.types import Reject

        file_index, path = indexed
        reader = reader_for(Path(path))
        if reader is None:
            yield (file_index, 0), Skipped(path, f"unknown file type {Path(path).suffix or '(none)'}")
            return
        settings = Settings(json.loads(settings_json))
        try:
            for seq, item in enumerate(reader(Path(path), settings)):
                yield (file_index, seq), item
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not fail the job
            yield (file_index, 1 << 40), Reject(path, None, "read", f"{type(exc).__name__}: {str(exc)[:160]}")

    return read


def _process_partition(settings_json: str) -> Any:
    def process(items: Iterable[tuple[tuple[int, int], Any]]) -> Iterator[tuple[Any, ...]]:
        from storylens.sources import Skipped
        from storylens.types import Article, RawDocument, Reject

        pipe = None
        for key, item in items:
            if isinstance(item, Skipped):
                yield ("S", None, key, None)
                continue
            if isinstance(item, RawDocument):
                if pipe is None:
                    pipe = _pipeline(settings_json)
                item = pipe.process(item)
            if isinstance(item, Reject):
                yield ("R", None, key, pq.reject_row(item))
            elif isinstance(item, Article):
                yield ("A", item.id, key, pq.article_table_rows(item))

    return process


def _first(a: tuple[Any, Any], b: tuple[Any, Any]) -> tuple[Any, Any]:
    return a if a[0] <= b[0] else b


# -- driver ----------------------------------------------------------------------------------


def run_spark(
    paths: list[str],
    out_dir: str | Path,
    settings: Settings,
    spark: Any = None,
    master: str | None = None,
    partitions: int | None = None,
) -> dict[str, Any]:
    """``run --engine spark``: read, extract, clean, enrich on executors; Parquet per table."""
    from pyspark import StorageLevel

    from storylens.sources import expand

    t0 = time.monotonic()
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    files = [(i, str(p)) for i, p in enumerate(expand(paths))]  # as given, like ingest
    settings_json = json.dumps(settings.as_dict(), sort_keys=True)
    n = partitions or max(sc.defaultParallelism * 4, 1)

    docs = (
        sc.parallelize(files, max(1, min(len(files), n)))
        .flatMap(_read_file(settings_json))
        .repartition(n)
    )
    results = docs.mapPartitions(_process_partition(settings_json)).persist(StorageLevel.MEMORY_AND_DISK)
    counts = dict(results.map(lambda r: (r[0], 1)).reduceByKey(lambda a, b: a + b).collect())

    out = Path(out_dir)
    rejects = results.filter(lambda r: r[0] == "R").map(lambda r: r[3])
    (spark.createDataFrame(rejects, spark_schema("rejects"))
        .dropDuplicates(["source", "offset", "reason"])
        .write.mode("overwrite").parquet(str(out / "rejects")))

    articles = (
        results.filter(lambda r: r[0] == "A")
        .map(lambda r: (r[1], (r[2], r[3])))
        .reduceByKey(_first)
        .map(lambda kv: kv[1][1])
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    for table in ("articles", *CHILD_TABLES):
        rows = articles.flatMap(lambda tables, t=table: tables[t])
        spark.createDataFrame(rows, spark_schema(table)).write.mode("overwrite").parquet(str(out / table))
    results.unpersist()
    stored = spark.read.parquet(str(out / "articles")).count()
    rejected_rows = counts.get("R", 0)
    articles.unpersist()
    summary = {
        "engine": "spark", "master": sc.master, "partitions": n, "inputs": list(paths),
        "files": len(files), "read": counts.get("A", 0) + rejected_rows, "stored": stored,
        "duplicates": counts.get("A", 0) - stored, "rejected": rejected_rows,
        "skipped": counts.get("S", 0), "seconds": round(time.monotonic() - t0, 3),
    }
    pq.write_summary(out, summary)
    return summary
