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

Nothing but counts comes back to the driver. The pipeline's per-stage seconds and its
stages' counters (``Pipeline.stage_seconds``, ``Pipeline.counters``: the tone cascade's
sentences read and re-read by MPNet) are not collected here: they stay, unread, in each
executor's Pipeline, so a Spark run reports neither (the local engine, ``run_local``, does).
Schemas come from
``storylens.engines.parquet.table_schema`` (the migrations), mapped to Spark types
here. On a cluster run the same code through ``spark-submit`` (``--master``
unset: the submitted master wins); inputs must then be on a file system every
executor sees (NFS, a FUSE mount of object storage), since readers open paths.
"""

from __future__ import annotations

import json
import logging
import os
import re
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
    log4j = Path(__file__).resolve().parents[1] / "data" / "spark" / "log4j2.properties"
    defaults = {
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={log4j.as_uri()}",
        "spark.executor.extraJavaOptions": f"-Dlog4j2.configurationFile={log4j.as_uri()}",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.pyspark.python": sys.executable,
        # standalone/YARN executors start from their worker's environment, not the driver's
        "spark.executorEnv.PYTHONPATH": os.environ["PYTHONPATH"],
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
    """Executor side, a path every executor can open: ``iter_file`` (reader, sidecar, fixed
    values), as ``ingest`` reads it."""
    def read(indexed: tuple[int, str]) -> Iterator[tuple[tuple[int, int], Any]]:
        file_index, path = indexed
        yield from _documents(file_index, Path(path), Settings(json.loads(settings_json)), path)

    return read


def _read_bytes(settings_json: str) -> Any:
    """Executor side, a file Spark read itself (``binaryFiles`` over a Hadoop URI: file://,
    hdfs://, s3a://): its bytes go to a private temporary file under the same name, read
    by ``iter_file``, and every record's source becomes the URI again. No shared mount needed.
    A sidecar (FILE.storylens.yaml) is not fetched with it: use --set for such inputs."""
    def read(item: tuple[int, str, bytes]) -> Iterator[tuple[tuple[int, int], Any]]:
        import tempfile

        file_index, uri, data = item
        with tempfile.TemporaryDirectory(prefix="storylens-in-") as tmp:
            local = Path(tmp) / (uri.rstrip("/").rsplit("/", 1)[-1] or "input")
            local.write_bytes(data)
            yield from _documents(file_index, local, Settings(json.loads(settings_json)), uri)

    return read


def _documents(file_index: int, path: Path, settings: Settings, source: str) -> Iterator[tuple[tuple[int, int], Any]]:
    """``(file index, position)``-tagged documents of one file; ``source`` names it in every
    record (the URI when ``path`` is a local copy). A reader that fails mid-file gives one
    reject after the records it read."""
    import dataclasses

    from storylens.sources import Skipped, iter_file
    from storylens.types import RawDocument, Reject

    local = str(path)

    def named(item: Any) -> Any:
        if source == local:
            return item
        if isinstance(item, RawDocument):
            prov = item.provenance
            return dataclasses.replace(item, provenance=dataclasses.replace(prov, source=source))
        if isinstance(item, (Reject, Skipped)):
            return dataclasses.replace(item, source=item.source.replace(local, source))
        return item

    try:
        for seq, item in enumerate(iter_file(path, settings)):
            yield (file_index, seq), named(item)
    except Exception as exc:
        yield (file_index, 1 << 40), Reject(source, None, "read", f"{type(exc).__name__}: {str(exc)[:160]}")


def is_uri(path: str) -> bool:
    """A Hadoop file-system URI (``file:///data``, ``hdfs://nn/crawl``, ``s3a://bucket/x``)
    rather than a local path."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", str(path)))


def out_path(out_dir: str | Path, name: str) -> str:
    """``out_dir/name`` for Spark's readers and writers: a URI stays a URI (``Path`` would fold
    ``file:///x`` into ``file:/x``), a local path is joined as a path."""
    if is_uri(str(out_dir)):
        return str(out_dir).rstrip("/") + "/" + name
    return str(Path(out_dir) / name)


def _hadoop_path(spark: Any, uri: str) -> tuple[Any, Any]:
    """(FileSystem, Path) of a Hadoop URI, through the driver's JVM."""
    root = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(uri)
    return root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), root


def prepare_out(spark: Any, out_dir: str | Path, overwrite: bool) -> None:
    """``parquet.prepare_out_dir`` for the Spark engine: an --out given as a Hadoop URI
    (``file://``, ``hdfs://``, ``s3a://``) is checked, cleared and created through Hadoop's
    FileSystem, so the executors write there and the driver needs no mount of it."""
    if not is_uri(str(out_dir)):
        pq.prepare_out_dir(out_dir, overwrite)
        return
    fs, root = _hadoop_path(spark, str(out_dir))
    exists = fs.exists(root)
    ours = [st.getPath() for st in fs.listStatus(root) if pq.is_run_output(st.getPath().getName())] \
        if exists and fs.getFileStatus(root).isDirectory() else []
    pq.check_out_dir(str(out_dir), exists and not fs.getFileStatus(root).isDirectory(),
                     [p.getName() for p in ours], overwrite)
    for path in ours:
        fs.delete(path, True)
    fs.mkdirs(root)


def has_parquet(spark: Any, out_dir: str | Path, table: str) -> bool:
    """True when ``out_dir/table`` holds at least one Parquet file (``parquet.parquet_glob`` for URIs)."""
    if not is_uri(str(out_dir)):
        return pq.parquet_glob(out_dir, table) is not None
    fs, glob = _hadoop_path(spark, out_path(out_dir, table) + "/*.parquet")
    found = fs.globStatus(glob)
    return found is not None and len(found) > 0


def write_summary(spark: Any, out_dir: str | Path, summary: dict[str, Any]) -> None:
    """``parquet.write_summary`` (``_run.json``), also to a Hadoop URI."""
    if not is_uri(str(out_dir)):
        pq.write_summary(out_dir, summary)
        return
    fs, path = _hadoop_path(spark, out_path(out_dir, pq.RUN_SUMMARY))
    stream = fs.create(path, True)
    try:
        stream.write(bytearray((json.dumps(summary, indent=2, default=str) + "\n").encode("utf-8")))
    finally:
        stream.close()


def list_uris(spark: Any, uris: list[str]) -> list[str]:
    """Files under each URI (recursively, hidden names and sidecars skipped, sorted), listed
    through Hadoop's FileSystem on the driver: names only, never contents."""
    from storylens.errors import InputNotFound
    from storylens.sources.overrides import SIDECAR_SUFFIX

    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    out: list[str] = []
    for uri in uris:
        root = jvm.org.apache.hadoop.fs.Path(uri)
        fs = root.getFileSystem(conf)
        if not fs.exists(root):
            raise InputNotFound(uri)
        base = fs.makeQualified(root).toString().rstrip("/")
        found = []
        it = fs.listFiles(root, True)
        while it.hasNext():
            name = it.next().getPath().toString()
            rel = name[len(base):].lstrip("/") if name.startswith(base) else name.rsplit("/", 1)[-1]
            if any(part.startswith(".") for part in rel.split("/")) or name.endswith(SIDECAR_SUFFIX):
                continue
            found.append(name)
        out.extend(sorted(found))
    return out


def wide_schema() -> Any:
    """One row per pipeline result: the article (or reject) with its child records nested.

    Python hands Spark one row per document, once; every table is then a projection of
    this DataFrame done in the JVM (no second trip through Python per table).
    """
    from pyspark.sql import types as T

    fields = [
        T.StructField("kind", T.StringType(), False),  # A article | R reject | S skipped
        T.StructField("file_idx", T.IntegerType(), False),
        T.StructField("seq", T.LongType(), False),
        T.StructField("article", spark_schema("articles"), True),
        T.StructField("reject", spark_schema("rejects"), True),
    ]
    for table in CHILD_TABLES:
        child = T.StructType(spark_schema(table).fields[1:])  # without article_id
        fields.append(T.StructField(table, T.ArrayType(child, False), True))
    return T.StructType(fields)


def _process_partition(settings_json: str) -> Any:
    def process(items: Iterable[tuple[tuple[int, int], Any]]) -> Iterator[tuple[Any, ...]]:
        from storylens.sources import Skipped
        from storylens.types import Article, RawDocument, Reject

        pipe = None
        no_children = (None,) * len(CHILD_TABLES)
        for (file_idx, seq), item in items:
            if isinstance(item, Skipped):
                yield ("S", file_idx, seq, None, None, *no_children)
                continue
            if isinstance(item, RawDocument):
                if pipe is None:
                    pipe = _pipeline(settings_json)
                item = pipe.process(item)
            if isinstance(item, Reject):
                yield ("R", file_idx, seq, None, pq.reject_row(item), *no_children)
            elif isinstance(item, Article):
                rows = pq.article_table_rows(item)
                yield ("A", file_idx, seq, rows["articles"][0], None,
                       *([r[1:] for r in rows[t]] for t in CHILD_TABLES))

    return process


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
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from storylens.sources import expand

    t0 = time.monotonic()
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    local_paths = [p for p in paths if not is_uri(p)]
    files = [(i, str(p)) for i, p in enumerate(expand(local_paths))]  # as given, like ingest
    remote = list_uris(spark, [p for p in paths if is_uri(p)])
    settings_json = json.dumps(settings.as_dict(), sort_keys=True)
    n = partitions or max(sc.defaultParallelism * 4, 1)

    docs = sc.parallelize(files, max(1, min(len(files), n))).flatMap(_read_file(settings_json))
    if remote:
        # Spark reads these itself (binaryFiles): one (uri, bytes) per file, in the executors
        index = {uri: len(files) + i for i, uri in enumerate(remote)}
        fetched = (sc.binaryFiles(",".join(remote), max(1, min(len(remote), n)))
                   .map(lambda kv: (index.get(kv[0], len(index) + len(files)), kv[0], bytes(kv[1])))
                   .flatMap(_read_bytes(settings_json)))
        docs = docs.union(fetched) if files else fetched
        files += [(index[u], u) for u in remote]
    docs = docs.repartition(n)
    rows = docs.mapPartitions(_process_partition(settings_json))
    results = spark.createDataFrame(rows, wide_schema(), verifySchema=False).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    _t = time.monotonic()
    counts = {r["kind"]: r["n"] for r in results.groupBy("kind").agg(F.count("*").alias("n")).collect()}
    log.info("pipeline pass %.1fs", time.monotonic() - _t)

    (results.where("kind = 'R'").select("reject.*")
        .dropDuplicates(["source", "offset", "reason"])
        .write.mode("overwrite").parquet(out_path(out_dir, "rejects")))
    # first occurrence in input order wins, as in ingest (Store.write_batch)
    first = Window.partitionBy("article.id").orderBy("file_idx", "seq")
    articles = (
        results.where("kind = 'A'")
        .withColumn("_rank", F.row_number().over(first))
        .where("_rank = 1")
        .drop("_rank")
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    articles.select("article.*").write.mode("overwrite").parquet(out_path(out_dir, "articles"))
    for table in CHILD_TABLES:
        (articles.select(F.col("article.id").alias("article_id"), F.explode(table).alias("_r"))
            .select("article_id", "_r.*")
            .write.mode("overwrite").parquet(out_path(out_dir, table)))
    stored = articles.count()
    articles.unpersist()
    results.unpersist()
    rejected_rows = counts.get("R", 0)
    summary = {
        "engine": "spark", "master": sc.master, "partitions": n, "inputs": list(paths),
        "files": len(files), "read": counts.get("A", 0) + rejected_rows, "stored": stored,
        "duplicates": counts.get("A", 0) - stored, "rejected": rejected_rows,
        "skipped": counts.get("S", 0), "seconds": round(time.monotonic() - t0, 3),
    }
    write_summary(spark, out_dir, summary)
    log.info("spark run %s", summary)
    return summary
