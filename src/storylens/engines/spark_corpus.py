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
   larger (``array_intersect``) >= ``NEAR_CONTAINMENT`` is a near copy; equal
   ``sha1(normalise_text)`` is an exact copy;
4. passage reuse: the same executor step keeps each article's winnowed
   fingerprints (``corpus.passages.winnow``, k=8, window 33: any shared run of
   40 words shares one); articles sharing a fingerprint held by at most
   ``MAX_FP_DF`` articles are candidates (the ``MAX_CANDIDATES`` sharing most
   per article), verified in Python with the local stage's own ``compare``
   (``corpus.syndication``): near copies LSH missed become
   edges, the rest with a shared 40-word run are ``partial`` rows (later ->
   earlier article, passages in the later one's offsets);
5. copy clusters are connected components (min-label propagation with joins);
   the origin is the earliest publication (undated after dated), then wire or
   state media, then id; every other member gets one row pointing at it, with
   ``similarity`` = its containment against the origin (1.0 for exact copies)
   and its longest shared passages with the origin (the local stage's ``link``).

Differences from the local stage (issue 6, ``storylens.corpus.syndication``):
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
from pathlib import Path
from typing import Any

from storylens.corpus.syndication import SyndicationConfig, text_hash
from storylens.engines import parquet as pq

log = logging.getLogger(__name__)

MAX_BUCKET = 500
MAX_ITERATIONS = 30  # connected components: label propagation rounds (graph diameter bound)
# passage reuse: the local stage's defaults (issue 6, docs/syndication.md)
_LOCAL = SyndicationConfig()
SHINGLE = _LOCAL.shingle
NEAR_CONTAINMENT = _LOCAL.near_containment  # calibrated on the local stage (docs/syndication.md)
SEED_K, WINDOW = _LOCAL.seed_k, _LOCAL.window
MAX_FP_DF = _LOCAL.max_fp_df  # fingerprints in more articles are boilerplate
MAX_CANDIDATES = _LOCAL.max_candidates  # fingerprint candidates verified per article

_WEEK = "CAST(date_trunc('week', a.published) AS DATE)"

AGGREGATES: dict[str, str] = {
    # tone toward each actor per outlet and ISO week (Monday). ``tones`` holds one row per article
    # and actor, so these are article-level moments: the interval shown anywhere else comes from
    # them through ``storylens.store.stats.tone_summary(articles, mean_tone, sd_tone, ...)``,
    # not from a formula of its own (``sd_tone`` is NULL for a group of one article).
    "agg_tone": f"""
        SELECT t.actor, t.kind, a.outlet, {_WEEK} AS week,
               count(*) AS articles, sum(t.mentions) AS mentions,
               avg(t.score) AS mean_tone, stddev_samp(t.score) AS sd_tone,
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


def shingle_hashes(text: str) -> list[int]:
    """Sorted distinct crc32 hashes of the word 5-shingles of the normalised text
    (the JVM verifies candidates by containment over these with ``array_intersect``)."""
    from storylens.pipeline import normalise_text

    words = normalise_text(text).split()
    if len(words) < SHINGLE:
        return []
    return sorted({zlib.crc32(" ".join(words[i:i + SHINGLE]).encode("utf-8"))
                   for i in range(len(words) - SHINGLE + 1)})


def _sign(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Per partition: the local stage's tokens, one-permutation MinHash and band keys
    (``corpus.minhash``, bands x rows from ``SyndicationConfig``), so both engines
    find the same LSH candidates; plus winnowed fingerprints and the wire flag."""
    import numpy as np

    from storylens.corpus.minhash import OnePermHasher, band_keys, char_chunks
    from storylens.corpus.outlet_types import is_wire_or_state
    from storylens.corpus.passages import winnow
    from storylens.corpus.tokens import batch_token_hashes, split_by_doc

    hasher = OnePermHasher(num_perm=_LOCAL.num_perm, shingle=_LOCAL.shingle)
    bands, band_rows = _LOCAL.bands_rows()
    rows = list(rows)
    texts = [r["text"] or "" for r in rows]
    for i, j in char_chunks(texts, hasher.max_chars):
        th, tdoc = batch_token_hashes(texts[i:j])
        toks = split_by_doc(th, tdoc, j - i)
        keys = band_keys(hasher.sign_tokens(th, tdoc, j - i), bands, band_rows).view(np.int64)
        for k, r in enumerate(rows[i:j]):
            text = texts[i + k]
            lsh = keys[k].tolist() if len(toks[k]) >= _LOCAL.min_doc_words else []
            fps = winnow(toks[k], SEED_K, WINDOW).view(np.int64).tolist()
            yield (r["id"], r["published"], text_hash(text), shingle_hashes(text), lsh, fps,
                   is_wire_or_state(r["outlet"]))


def _pair_rows(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Verify fingerprint candidates with the local stage's ``compare``: near or partial,
    oriented later -> earlier, passages in the later article's offsets."""
    from storylens.corpus.passages import Tokenised
    from storylens.corpus.syndication import compare

    for r in rows:
        a_first = _origin_order(r["pa"], r["wa"], r["a"]) <= _origin_order(r["pb"], r["wb"], r["b"])
        later, earlier = ("b", "a") if a_first else ("a", "b")
        c = compare(Tokenised.of(r["t" + later] or ""), Tokenised.of(r["t" + earlier] or ""), _LOCAL)
        if c is not None:
            # near: an edge only (its row is written against the cluster's origin)
            passages = c.passages if c.kind == "partial" else []
            yield (r[later], r[earlier], c.kind, c.similarity, json.dumps(passages, ensure_ascii=False))


def _link_rows(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """A cluster member's ``copies`` row against its origin, with the local stage's
    ``link`` (exact copies: 1.0 and no passages, as locally)."""
    from storylens.corpus.passages import Tokenised
    from storylens.corpus.syndication import link

    for r in rows:
        if r["text_hash"] == r["oh"]:
            yield (r["id"], r["copy_of"], "exact", 1.0, "[]")
            continue
        sim, passages = link(Tokenised.of(r["text"] or ""), Tokenised.of(r["ot"] or ""), _LOCAL)
        yield (r["id"], r["copy_of"], "near", sim, json.dumps(passages, ensure_ascii=False))


def _origin_order(published: Any, wire: bool, id_: str) -> tuple[Any, ...]:
    """The local stage's origin key without ingest time: earliest date (undated last),
    then wire/state media, then id."""
    return (published is None, published or 0, 0 if wire else 1, id_)


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
        T.StructField("fps", T.ArrayType(T.LongType(), False), False),
        T.StructField("wire", T.BooleanType(), False),
    ])
    link_schema = T.StructType([
        T.StructField("article_id", T.StringType(), False),
        T.StructField("copy_of", T.StringType(), False),
        T.StructField("kind", T.StringType(), False),
        T.StructField("similarity", T.DoubleType(), False),
        T.StructField("passages", T.StringType(), False),
    ])
    sigs = spark.createDataFrame(
        articles.select("id", "published", "text", "outlet").rdd.mapPartitions(_sign), sig_schema,
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
        .where(F.col("containment") >= NEAR_CONTAINMENT)
    )
    # passage reuse: articles sharing winnowed fingerprints (rare ones) are verified in
    # Python as the local stage does; near copies LSH missed join the edges, the rest
    # are partial copies
    fp_groups = (
        sigs.select("id", F.explode("fps").alias("fp"))
        .groupBy("fp").agg(F.collect_set("id").alias("ids"))
        .where((F.size("ids") > 1) & (F.size("ids") <= MAX_FP_DF))
    )
    fp_pairs = pairs_of(fp_groups).groupBy("a", "b").agg(F.count("*").alias("shared"))
    by_a = Window.partitionBy("a").orderBy(F.desc("shared"), F.col("b"))
    by_b = Window.partitionBy("b").orderBy(F.desc("shared"), F.col("a"))
    meta = sigs.select("id", "published", "text_hash", "wire")
    candidates = (
        fp_pairs.withColumn("ra", F.row_number().over(by_a)).withColumn("rb", F.row_number().over(by_b))
        .where((F.col("ra") <= MAX_CANDIDATES) | (F.col("rb") <= MAX_CANDIDATES))
        .select("a", "b")
        .join(verified.select("a", "b"), ["a", "b"], "left_anti")
        .join(meta.toDF("a", "pa", "ha", "wa"), "a").join(meta.toDF("b", "pb", "hb", "wb"), "b")
        .where("ha <> hb")
        .join(texts.toDF("a", "ta"), "a").join(texts.toDF("b", "tb"), "b")
    )
    fp_links = spark.createDataFrame(candidates.rdd.mapPartitions(_pair_rows), link_schema,
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
    origins = ranked.where("_r = 1").select("label", F.col("id").alias("copy_of"), F.col("text_hash").alias("oh"))
    linked = (
        ranked.where("_r > 1").join(origins, "label")
        .select("id", "copy_of", "text_hash", "oh")
        .join(texts, "id").join(texts.toDF("copy_of", "ot"), "copy_of")
    )
    copies = spark.createDataFrame(linked.rdd.mapPartitions(_link_rows), link_schema, verifySchema=False)
    return copies.unionByName(fp_links.where("kind = 'partial'"))


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
