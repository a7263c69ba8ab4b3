"""Corpus stages as Spark jobs over a run's Parquet tables: near-duplicates and aggregates.

**Near-duplicates -> ``copies``** (the shape of the local syndication stage's
table: ``article_id, copy_of, kind, similarity, passages``):

1. each article's cleaned text is normalised (``pipeline.normalise_text``),
   cut into word 5-shingles and hashed (crc32); a numpy MinHash (128
   permutations) is cut into ``BANDS`` bands of ``ROWS`` rows (S-curve midpoint
   about Jaccard 0.42, so pairs at 0.5 are found with probability ~0.87 and at
   0.6 with ~0.98). This is the only Python step (``mapPartitions``);
2. candidate pairs come from a group-by on band keys (buckets with more than
   ``MAX_BUCKET`` members are boilerplate and skipped) and a self-join;
3. verification in the JVM: containment of the smaller shingle set in the
   larger (``array_intersect``) >= ``NEAR_CONTAINMENT`` is a near copy; equal
   ``sha1(normalise_text)`` is an exact copy;
4. copy clusters are connected components (min-label propagation with joins);
   the origin is the earliest publication (undated after dated, then id), and
   every other member gets one row pointing at it, ``similarity`` = its
   containment against the origin (1.0 for exact copies).

Differences from the local stage (issue 6, ``storylens.corpus.syndication``):
no passage-level (partial) reuse and no ``passages`` detail (``"[]"``); no
wire/state-media tie-break for the origin; exact MinHash, not one-permutation.

**Aggregates -> ``agg_tone``, ``agg_attention``, ``agg_quotes``**: the SQL in
``AGGREGATES`` runs unchanged on Spark SQL and on DuckDB (``aggregate_duckdb``),
so the same figures can be computed from a store after ``storylens load``.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from storylens.engines import parquet as pq

log = logging.getLogger(__name__)

SHINGLE = 5
NUM_PERM = 128
BANDS, ROWS = 32, 4
NEAR_CONTAINMENT = 0.5  # as the local stage's near_containment (calibrated there, issue 6)
MIN_DOC_WORDS = 30  # shorter texts: exact matching only
MAX_BUCKET = 500
MAX_ITERATIONS = 30  # connected components: label propagation rounds (graph diameter bound)

_WEEK = "CAST(date_trunc('week', a.published) AS DATE)"

AGGREGATES: dict[str, str] = {
    # tone toward each actor per outlet and ISO week (Monday)
    "agg_tone": f"""
        SELECT t.actor, t.kind, a.outlet, {_WEEK} AS week,
               count(*) AS articles, sum(t.mentions) AS mentions,
               avg(t.score) AS mean_tone,
               sum(CASE WHEN t.label = 'negative' THEN 1 ELSE 0 END) AS negative,
               sum(CASE WHEN t.label = 'neutral' THEN 1 ELSE 0 END) AS neutral,
               sum(CASE WHEN t.label = 'positive' THEN 1 ELSE 0 END) AS positive
        FROM tones t JOIN articles a ON a.id = t.article_id
        GROUP BY t.actor, t.kind, a.outlet, {_WEEK}""",
    # attention: articles mentioning each actor per outlet and week, and their share
    "agg_attention": f"""
        WITH per AS (
            SELECT m.actor, m.kind, a.outlet, {_WEEK} AS week,
                   count(DISTINCT m.article_id) AS articles, count(*) AS mentions
            FROM mentions m JOIN articles a ON a.id = m.article_id
            GROUP BY m.actor, m.kind, a.outlet, {_WEEK}),
        base AS (
            SELECT a.outlet, {_WEEK} AS week, count(*) AS outlet_articles
            FROM articles a GROUP BY a.outlet, {_WEEK})
        SELECT per.actor, per.kind, per.outlet, per.week, per.articles, per.mentions,
               base.outlet_articles,
               CAST(per.articles AS DOUBLE) / base.outlet_articles AS share
        FROM per JOIN base ON per.outlet IS NOT DISTINCT FROM base.outlet
                          AND per.week IS NOT DISTINCT FROM base.week""",
    # who is quoted: per speaker (registry actor when resolved, else the name)
    "agg_quotes": """
        SELECT coalesce(q.speaker_actor, q.speaker) AS speaker, q.speaker_type,
               count(*) AS quotes,
               sum(CASE WHEN q.kind = 'direct' THEN 1 ELSE 0 END) AS direct,
               sum(CASE WHEN q.anonymous THEN 1 ELSE 0 END) AS anonymous,
               count(DISTINCT q.article_id) AS articles,
               count(DISTINCT a.outlet) AS outlets,
               min(a.published) AS first_published, max(a.published) AS last_published
        FROM quotes q JOIN articles a ON a.id = q.article_id
        GROUP BY coalesce(q.speaker_actor, q.speaker), q.speaker_type""",
}

AGG_KEYS: dict[str, tuple[str, ...]] = {
    "agg_tone": ("actor", "kind", "outlet", "week"),
    "agg_attention": ("actor", "kind", "outlet", "week"),
    "agg_quotes": ("speaker", "speaker_type"),
}


def aggregate_duckdb(con: Any, name: str) -> list[dict[str, Any]]:
    """One aggregate computed by DuckDB over a store's tables (same SQL as Spark)."""
    cur = con.execute(AGGREGATES[name])
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


# -- MinHash (executor side) ------------------------------------------------------------------


def _perms() -> tuple[Any, Any]:
    import numpy as np

    rng = np.random.RandomState(20240501)
    a = rng.randint(1, 2**62, size=NUM_PERM, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    b = rng.randint(0, 2**62, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
    return a, b


def shingle_hashes(text: str) -> list[int]:
    """Sorted distinct crc32 hashes of the word 5-shingles of the normalised text."""
    from storylens.pipeline import normalise_text

    words = normalise_text(text).split()
    if len(words) < SHINGLE:
        return []
    return sorted({zlib.crc32(" ".join(words[i:i + SHINGLE]).encode("utf-8"))
                   for i in range(len(words) - SHINGLE + 1)})


def band_keys(hashes: list[int], perms: tuple[Any, Any]) -> list[int]:
    import numpy as np

    a, b = perms
    x = np.asarray(hashes, dtype=np.uint64)
    with np.errstate(over="ignore"):
        sig = (x[:, None] * a[None, :] + b[None, :]).min(axis=0)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * ROWS:(band + 1) * ROWS].tobytes(),
                                 digest_size=8, person=band.to_bytes(2, "big")).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def _sign(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    from storylens.pipeline import normalise_text

    perms = _perms()
    for r in rows:
        text = r["text"] or ""
        th = hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()[:16]
        hashes = shingle_hashes(text)
        keys = band_keys(hashes, perms) if len(text.split()) >= MIN_DOC_WORDS and hashes else []
        yield (r["id"], r["published"], th, hashes, keys)


# -- driver ------------------------------------------------------------------------------------


def read_table(spark: Any, out_dir: str | Path, table: str) -> Any:
    from storylens.engines.spark import spark_schema

    path = Path(out_dir) / table
    if pq.parquet_glob(out_dir, table) is None:
        return spark.createDataFrame([], spark_schema(table))
    return spark.read.schema(spark_schema(table)).parquet(str(path))


def near_duplicates(spark: Any, articles: Any) -> Any:
    """The ``copies`` DataFrame for an ``articles`` DataFrame (id, text, published)."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    sig_schema = T.StructType([
        T.StructField("id", T.StringType(), False),
        T.StructField("published", T.DateType(), True),
        T.StructField("text_hash", T.StringType(), False),
        T.StructField("shingles", T.ArrayType(T.LongType(), False), False),
        T.StructField("keys", T.ArrayType(T.LongType(), False), False),
    ])
    sigs = spark.createDataFrame(
        articles.select("id", "published", "text").rdd.mapPartitions(_sign), sig_schema,
        verifySchema=False,
    ).persist(StorageLevel.MEMORY_AND_DISK)

    # exact copies: link every member of a text_hash group to its smallest id
    exact_edges = (
        sigs.groupBy("text_hash").agg(F.min("id").alias("dst"), F.collect_list("id").alias("ids"))
        .where(F.size("ids") > 1)
        .select(F.explode("ids").alias("src"), "dst")
        .where("src <> dst")
    )
    # near copies: LSH buckets -> candidate pairs -> containment check
    buckets = (
        sigs.select("id", F.posexplode("keys").alias("band", "key"))
        .groupBy("band", "key").agg(F.collect_set("id").alias("ids"))
        .where((F.size("ids") > 1) & (F.size("ids") <= MAX_BUCKET))
    )
    pairs = (
        buckets.select(F.explode("ids").alias("a"), "ids")
        .select("a", F.explode("ids").alias("b"))
        .where("a < b")
        .distinct()
    )
    sh = sigs.select("id", "shingles", "text_hash")
    verified = (
        pairs.join(sh.toDF("a", "sa", "ha"), "a").join(sh.toDF("b", "sb", "hb"), "b")
        .where("ha <> hb")
        .select("a", "b", (F.size(F.array_intersect("sa", "sb"))
                           / F.least(F.size("sa"), F.size("sb"))).alias("containment"))
        .where(F.col("containment") >= NEAR_CONTAINMENT)
    )
    edges = (
        exact_edges.select("src", "dst")
        .unionByName(verified.select(F.col("b").alias("src"), F.col("a").alias("dst")))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    # connected components: every node takes the smallest label among its neighbours
    und = edges.unionByName(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    labels = und.groupBy("src").agg(F.least(F.min("dst"), F.first("src")).alias("label")) \
        .withColumnRenamed("src", "id")
    for _ in range(MAX_ITERATIONS):
        new = (
            und.join(labels.withColumnRenamed("id", "dst"), "dst")
            .groupBy("src").agg(F.min("label").alias("nl"))
            .join(labels.withColumnRenamed("id", "src"), "src")
            .select(F.col("src").alias("id"), F.least("nl", "label").alias("label"))
            .localCheckpoint()
        )
        changed = new.join(labels.withColumnRenamed("label", "old"), "id").where("label <> old").count()
        labels = new
        if changed == 0:
            break
    # origin: earliest published (undated last), then smallest id
    meta = sigs.select("id", "published", "text_hash", "shingles")
    members = labels.join(meta, "id")
    ranked = members.withColumn(
        "_r", F.row_number().over(
            Window.partitionBy("label").orderBy(F.col("published").asc_nulls_last(), F.col("id").asc())
        )
    )
    origins = ranked.where("_r = 1").select(
        "label", F.col("id").alias("copy_of"), F.col("text_hash").alias("oh"),
        F.col("shingles").alias("os"))
    copies = (
        ranked.where("_r > 1").join(origins, "label")
        .select(
            F.col("id").alias("article_id"), "copy_of",
            F.when(F.col("text_hash") == F.col("oh"), F.lit("exact")).otherwise(F.lit("near")).alias("kind"),
            F.when(F.col("text_hash") == F.col("oh"), F.lit(1.0)).otherwise(
                F.size(F.array_intersect("shingles", "os"))
                / F.greatest(F.least(F.size("shingles"), F.size("os")), F.lit(1))
            ).cast("double").alias("similarity"),
            F.lit("[]").alias("passages"),
        )
    )
    return copies


def run_corpus_jobs(spark: Any, out_dir: str | Path) -> dict[str, int]:
    """Near-duplicates and aggregates over a run's Parquet output; returns rows per table."""
    out = Path(out_dir)
    for table in pq.PER_DOCUMENT_TABLES:
        read_table(spark, out, table).createOrReplaceTempView(table)
    written: dict[str, int] = {}
    copies = near_duplicates(spark, spark.table("articles"))
    copies.write.mode("overwrite").parquet(str(out / "copies"))
    written["copies"] = spark.read.parquet(str(out / "copies")).count()
    for name, sql in AGGREGATES.items():
        df = spark.sql(sql)
        df.write.mode("overwrite").parquet(str(out / name))
        written[name] = spark.read.parquet(str(out / name)).count()
    return written
