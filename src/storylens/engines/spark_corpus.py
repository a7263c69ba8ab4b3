"""Corpus stages as Spark jobs over a run's Parquet tables: near-duplicates and aggregates.

**Near-duplicates -> ``copies``** (the shape of the local syndication stage's
table: ``article_id, copy_of, kind, similarity, passages``):

1. each article is tokenised, signed and banded by the local stage's own code
   (``corpus.tokens``, ``corpus.minhash.OnePermHasher``, ``band_keys``, bands x rows
   from ``SyndicationConfig.lsh_threshold``), so an article gets the same band
   keys on both engines; its normalised word 5-shingles (crc32) are kept for
   verification in the JVM. This is the only Python step (``mapPartitions``);
2. candidate pairs come from a group-by on band keys (buckets with more than
   ``MAX_BUCKET`` members are boilerplate and skipped) and a self-join;
3. verification in the JVM: containment of the smaller shingle set in the
   larger (``array_intersect``) >= ``near_containment`` is a near copy; equal
   ``sha1(normalise_text)`` is an exact copy;
4. passage reuse: the same executor step keeps each article's winnowed
   fingerprints (``corpus.passages.winnow``, k=8, window 33: any shared run of
   40 words shares one); articles sharing a fingerprint held by at most
   ``max_fp_df`` articles are candidates (the ``max_candidates`` sharing most
   per article), verified in Python with the local stage's own ``compare``
   (``corpus.syndication``): near copies LSH missed become
   edges, the rest with a shared 40-word run are ``partial`` rows (later ->
   earlier article, passages in the later one's offsets);
5. copy clusters are connected components (min-label propagation with joins);
   the origin is the earliest publication (undated after dated), then wire or
   state media, then id; every other member gets one row pointing at it, with
   ``similarity`` = its containment against the origin (1.0 for exact copies)
   and its longest shared passages with the origin (the local stage's ``link``).

Differences from the local stage (``storylens.corpus.syndication``):
no ingest-time tie-break (a Parquet run has no ingest order); candidates per
article are capped on both sides of a pair; LSH buckets are capped at
``MAX_BUCKET`` rather than the local ``max_bucket``.

**Aggregates -> ``agg_tone``, ``agg_attention``, ``agg_quotes``**: the SQL in
``AGGREGATES`` runs unchanged on Spark SQL and on DuckDB (``aggregate_duckdb``),
so the same figures can be computed from a store after ``storylens load``.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from storylens.corpus.syndication import SyndicationConfig, text_hash
from storylens.engines import parquet as pq
from storylens.store.queries.aggregates import AGG_KEYS, AGGREGATES, aggregate_duckdb  # noqa: F401  (re-exported)

log = logging.getLogger(__name__)

MAX_BUCKET = 500
MAX_ITERATIONS = 30  # connected components: label propagation rounds (graph diameter bound)
# passage reuse: the local stage's defaults (docs/syndication.md)
# The local stage's configuration (``SyndicationConfig.from_settings``) is passed to every
# executor step, so the syndication settings mean the same on both engines: shingle size, the
# calibrated near containment, winnowing k and window, fingerprint document-frequency cap
# (``max_fp_df``: more is boilerplate) and candidates verified per article (``max_candidates``).

# -- MinHash (executor side) ------------------------------------------------------------------


def shingle_hashes(text: str, shingle: int = SyndicationConfig().shingle) -> list[int]:
    """Sorted distinct crc32 hashes of the word 5-shingles of the normalised text
    (the JVM verifies candidates by containment over these with ``array_intersect``)."""
    from storylens.pipeline import normalise_text

    words = normalise_text(text).split()
    if len(words) < shingle:
        return []
    return sorted({zlib.crc32(" ".join(words[i:i + shingle]).encode("utf-8"))
                   for i in range(len(words) - shingle + 1)})


def _sign(rows: Iterable[Any], cfg: SyndicationConfig) -> Iterator[tuple[Any, ...]]:
    """Per partition: the local stage's tokens, one-permutation MinHash and band keys
    (``corpus.minhash``, bands x rows from ``SyndicationConfig``), so both engines
    find the same LSH candidates; plus winnowed fingerprints and the wire flag."""
    import numpy as np

    from storylens.corpus.minhash import OnePermHasher, band_keys, char_chunks
    from storylens.corpus.outlet_types import is_wire_or_state
    from storylens.corpus.passages import winnow
    from storylens.corpus.tokens import batch_token_hashes, split_by_doc

    hasher = OnePermHasher(num_perm=cfg.num_perm, shingle=cfg.shingle)
    bands, band_rows = cfg.bands_rows()
    rows = list(rows)
    texts = [r["text"] or "" for r in rows]
    for i, j in char_chunks(texts, hasher.max_chars):
        th, tdoc = batch_token_hashes(texts[i:j])
        toks = split_by_doc(th, tdoc, j - i)
        keys = band_keys(hasher.sign_tokens(th, tdoc, j - i), bands, band_rows).view(np.int64)
        for k, r in enumerate(rows[i:j]):
            text = texts[i + k]
            lsh = keys[k].tolist() if len(toks[k]) >= cfg.min_doc_words else []
            fps = winnow(toks[k], cfg.seed_k, cfg.window).view(np.int64).tolist()
            yield (r["id"], r["published"], text_hash(text), shingle_hashes(text, cfg.shingle), lsh, fps,
                   is_wire_or_state(r["outlet"]))


def _direction(origin_published: Any, origin_wire: bool, published: Any, wire: bool) -> tuple[str, float]:
    """The local stage's ``direction`` of a copy link (decided_by, confidence)."""
    from storylens.corpus.syndication import direction

    d = direction({"published": origin_published, "wire": origin_wire}, {"published": published, "wire": wire})
    return d.decided_by, d.confidence


def _pair_rows(rows: Iterable[Any], cfg: SyndicationConfig) -> Iterator[tuple[Any, ...]]:
    """Verify fingerprint candidates with the local stage's ``compare``: near or partial,
    oriented later -> earlier, passages in the later article's offsets."""
    from storylens.corpus.passages import Tokenised
    from storylens.corpus.syndication import compare

    for r in rows:
        a_first = _origin_order(r["pa"], r["wa"], r["a"]) <= _origin_order(r["pb"], r["wb"], r["b"])
        later, earlier = ("b", "a") if a_first else ("a", "b")
        c = compare(Tokenised.of(r["t" + later] or ""), Tokenised.of(r["t" + earlier] or ""), cfg)
        if c is not None:
            # near: an edge only (its row is written against the cluster's origin)
            passages = c.passages if c.kind == "partial" else []
            yield (r[later], r[earlier], c.kind, c.similarity, json.dumps(passages, ensure_ascii=False),
                   *_direction(r["p" + earlier], r["w" + earlier], r["p" + later], r["w" + later]))


def _link_rows(rows: Iterable[Any], cfg: SyndicationConfig) -> Iterator[tuple[Any, ...]]:
    """A cluster member's ``copies`` row against its origin, with the local stage's
    ``link`` (exact copies: 1.0 and no passages, as locally)."""
    from storylens.corpus.passages import Tokenised
    from storylens.corpus.syndication import link

    for r in rows:
        way = _direction(r["op"], r["ow"], r["published"], r["wire"])
        if r["text_hash"] == r["oh"]:
            yield (r["id"], r["copy_of"], "exact", 1.0, "[]", *way)
            continue
        sim, passages = link(Tokenised.of(r["text"] or ""), Tokenised.of(r["ot"] or ""), cfg)
        yield (r["id"], r["copy_of"], "near", sim, json.dumps(passages, ensure_ascii=False), *way)


def _origin_order(published: Any, wire: bool, id_: str) -> tuple[Any, ...]:
    """The local stage's origin key without ingest time: earliest date (undated last),
    then wire/state media, then id."""
    return (published is None, published or 0, 0 if wire else 1, id_)


# -- driver ------------------------------------------------------------------------------------


def read_table(spark: Any, out_dir: str | Path, table: str) -> Any:
    from storylens.engines.spark import has_parquet, out_path, spark_schema

    if not has_parquet(spark, out_dir, table):
        return spark.createDataFrame([], spark_schema(table))
    return spark.read.schema(spark_schema(table)).parquet(out_path(out_dir, table))


def near_duplicates(spark: Any, articles: Any, cfg: SyndicationConfig | None = None) -> tuple[Any, Any]:
    """The ``copies`` and ``copy_clusters`` DataFrames for an ``articles`` DataFrame
    (id, text, published, outlet)."""
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
        T.StructField("fps", T.ArrayType(T.LongType(), False), False),
        T.StructField("wire", T.BooleanType(), False),
    ])
    from storylens.engines.spark import spark_schema

    cfg = cfg or SyndicationConfig()
    link_schema = spark_schema("copies")
    sigs = spark.createDataFrame(
        articles.select("id", "published", "text", "outlet").rdd.mapPartitions(partial(_sign, cfg=cfg)), sig_schema,
        verifySchema=False,
    ).persist(StorageLevel.MEMORY_AND_DISK)
    texts = articles.select("id", "text")

    def pairs_of(groups: Any) -> Any:
        return (groups.select(F.explode("ids").alias("a"), "ids")
                .select("a", F.explode("ids").alias("b")).where("a < b"))

    # exact copies: link every member of a text_hash group to its smallest id
    exact_edges = (
        sigs.groupBy("text_hash").agg(F.min("id").alias("dst"), F.collect_list("id").alias("ids"))
        .where(F.size("ids") > 1)
        .select(F.explode("ids").alias("src"), "dst")
        .where("src <> dst")
    )
    # near copies: LSH buckets -> candidate pairs -> containment check in the JVM
    buckets = (
        sigs.select("id", F.posexplode("keys").alias("band", "key"))
        .groupBy("band", "key").agg(F.collect_set("id").alias("ids"))
        .where((F.size("ids") > 1) & (F.size("ids") <= MAX_BUCKET))
    )
    pairs = pairs_of(buckets).distinct()
    sh = sigs.select("id", "shingles", "text_hash")
    verified = (
        pairs.join(sh.toDF("a", "sa", "ha"), "a").join(sh.toDF("b", "sb", "hb"), "b")
        .where("ha <> hb")
        .select("a", "b", (F.size(F.array_intersect("sa", "sb"))
                           / F.least(F.size("sa"), F.size("sb"))).alias("containment"))
        .where(F.col("containment") >= cfg.near_containment)
    )
    # passage reuse: articles sharing winnowed fingerprints (rare ones) are verified in
    # Python as the local stage does; near copies LSH missed join the edges, the rest
    # are partial copies
    fp_groups = (
        sigs.select("id", F.explode("fps").alias("fp"))
        .groupBy("fp").agg(F.collect_set("id").alias("ids"))
        .where((F.size("ids") > 1) & (F.size("ids") <= cfg.max_fp_df))
    )
    fp_pairs = pairs_of(fp_groups).groupBy("a", "b").agg(F.count("*").alias("shared"))
    by_a = Window.partitionBy("a").orderBy(F.desc("shared"), F.col("b"))
    by_b = Window.partitionBy("b").orderBy(F.desc("shared"), F.col("a"))
    meta = sigs.select("id", "published", "text_hash", "wire")
    candidates = (
        fp_pairs.withColumn("ra", F.row_number().over(by_a)).withColumn("rb", F.row_number().over(by_b))
        .where((F.col("ra") <= cfg.max_candidates) | (F.col("rb") <= cfg.max_candidates))
        .select("a", "b")
        .join(verified.select("a", "b"), ["a", "b"], "left_anti")
        .join(meta.toDF("a", "pa", "ha", "wa"), "a").join(meta.toDF("b", "pb", "hb", "wb"), "b")
        .where("ha <> hb")
        .join(texts.toDF("a", "ta"), "a").join(texts.toDF("b", "tb"), "b")
    )
    fp_links = spark.createDataFrame(candidates.rdd.mapPartitions(partial(_pair_rows, cfg=cfg)), link_schema,
                                     verifySchema=False).persist(StorageLevel.MEMORY_AND_DISK)
    edges = (
        exact_edges.select("src", "dst")
        .unionByName(verified.select(F.col("b").alias("src"), F.col("a").alias("dst")))
        .unionByName(fp_links.where("kind = 'near'").select(
            F.col("article_id").alias("src"), F.col("copy_of").alias("dst")))
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
    # origin: earliest published (undated last), then wire/state media, then smallest id
    members = labels.join(meta, "id")
    ranked = members.withColumn(
        "_r", F.row_number().over(
            Window.partitionBy("label").orderBy(F.col("published").asc_nulls_last(), F.col("wire").desc(),
                                                F.col("id").asc())
        )
    )
    origins = ranked.where("_r = 1").select(
        "label", F.col("id").alias("copy_of"), F.col("text_hash").alias("oh"),
        F.col("published").alias("op"), F.col("wire").alias("ow"))
    linked = (
        ranked.where("_r > 1").join(origins, "label")
        .select("id", "copy_of", "text_hash", "oh", "published", "wire", "op", "ow")
        .join(texts, "id").join(texts.toDF("copy_of", "ot"), "copy_of")
    )
    copies = spark.createDataFrame(linked.rdd.mapPartitions(partial(_link_rows, cfg=cfg)), link_schema, verifySchema=False)
    # cluster membership as the local stage writes it: id "c" + origin, the origin flagged
    clusters = ranked.join(origins.select("label", "copy_of"), "label").select(
        F.concat(F.lit("c"), F.col("copy_of")).alias("cluster_id"), F.col("id").alias("article_id"),
        (F.col("_r") == 1).alias("origin"))
    return copies.unionByName(fp_links.where("kind = 'partial'")), clusters


# -- stories -------------------------------------------------------------------------------------

_EMBEDDER: list[Any] = []


def _story_vectors(rows: Iterable[Any]) -> Iterator[tuple[str, list[float]]]:
    """Executor side: the stories stage's own text and embedder (``story_vectors``), the
    embedder loaded once per Python worker."""
    from storylens.corpus.stories import load_embedder, story_vectors

    if not _EMBEDDER:
        _EMBEDDER.append(load_embedder())
    for text, vec in story_vectors(((r["title"], r["text"]) for r in rows), _EMBEDDER[0]):
        yield text, vec.tolist()


def stories(spark: Any, articles: Any, settings: Any = None) -> tuple[Any, Any]:
    """The ``stories`` and ``story_articles`` DataFrames: articles embedded in the executors,
    then the local stage's ``update_stories`` on the driver (``stories_from_vectors``), which
    clusters in one ordered pass. The driver holds each article's id, date, title, first
    ``LEDE_FETCH`` characters and vector (~3.5 KB an article: ~0.7 GB for 200,000)."""
    import numpy as np
    from pyspark.sql import functions as F

    from storylens.corpus.stories import LEDE_FETCH, stories_from_vectors
    from storylens.engines.spark import spark_schema

    rows = (articles.where("language = 'en' OR language IS NULL")
            .select("id", "published", "title", F.substring("text", 1, LEDE_FETCH).alias("text"),
                    "outlet", "language"))
    vectors = {t: np.asarray(v, dtype=np.float32) for t, v in rows.rdd.mapPartitions(_story_vectors).collect()}
    meta = [r.asDict() for r in rows.collect()]
    dim = len(next(iter(vectors.values()))) if vectors else 1
    st, members = stories_from_vectors(meta, vectors, dim, settings) if meta else ([], [])

    def frame(table: str, data: list[dict[str, Any]]) -> Any:
        cols = pq.table_columns(table)
        return spark.createDataFrame([tuple(r[c] for c in cols) for r in data], spark_schema(table))

    return frame("stories", st), frame("story_articles", members)


def run_corpus_jobs(spark: Any, out_dir: str | Path, settings: Any = None) -> dict[str, int]:
    """The corpus tables (``pq.CORPUS_TABLES``: copies and copy clusters when the
    ``syndication`` setting is on, stories when ``stories`` is) and the aggregates over a run's
    Parquet output; returns rows per table. A switched-off stage writes an empty table, as the
    local engine does."""
    from storylens.config import Settings
    from storylens.engines.spark import out_path, spark_schema

    settings = settings or Settings()
    for table in pq.PER_DOCUMENT_TABLES:
        read_table(spark, out_dir, table).createOrReplaceTempView(table)
    written: dict[str, int] = {}
    articles = spark.table("articles")
    frames: dict[str, Any] = {t: spark.createDataFrame([], spark_schema(t)) for t in pq.CORPUS_TABLES}
    if settings.syndication:
        frames["copies"], frames["copy_clusters"] = near_duplicates(
            spark, articles, SyndicationConfig.from_settings(settings))
    if settings.stories:
        frames["stories"], frames["story_articles"] = stories(spark, articles, settings)
    for name, df in [*frames.items(), *((n, spark.sql(sql)) for n, sql in AGGREGATES.items())]:
        df.write.mode("overwrite").parquet(out_path(out_dir, name))
        written[name] = spark.read.parquet(out_path(out_dir, name)).count()
    return written
