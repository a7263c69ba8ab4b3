-- Syndication and spread (corpus stage, storylens.corpus.syndication).
-- The LSH index and the passage fingerprints live in the store itself, so the
-- index is copied, backed up and exported with the data it indexes and is
-- updated in the same transaction as the links it produced.

CREATE TABLE copy_index (
    doc        INTEGER PRIMARY KEY,          -- dense number used by the index tables
    article_id VARCHAR NOT NULL,
    text_hash  VARCHAR NOT NULL,             -- sha1(normalise_text(text)), 16 hex: exact copies
    words      INTEGER NOT NULL,
    indexed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- MinHash LSH: one row per (document, band); key = hash of the band's rows
CREATE TABLE lsh_bands (
    band_key UBIGINT NOT NULL,
    doc      INTEGER NOT NULL
);

-- winnowed k-gram fingerprints (passage reuse candidates)
CREATE TABLE passage_fps (
    fp  UBIGINT NOT NULL,
    doc INTEGER NOT NULL
);

-- every verified pair (the copy graph); article_id was indexed after other_id
CREATE TABLE copy_pairs (
    article_id   VARCHAR NOT NULL,
    other_id     VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,           -- exact | near | partial
    similarity   DOUBLE NOT NULL,
    jaccard      DOUBLE,
    containment  DOUBLE,
    shared_words INTEGER,
    passages     VARCHAR                     -- JSON: offsets relative to (article_id, other_id)
);

-- storylens.types.CopyLink: article_id reuses text first published as copy_of
CREATE TABLE copies (
    article_id VARCHAR NOT NULL,
    copy_of    VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,             -- exact | near | partial
    similarity DOUBLE NOT NULL,
    passages   VARCHAR                       -- JSON list of {text, start, end, src_start, src_end, words}
);

-- membership of exact/near copy clusters: one row per member, origin flagged
CREATE TABLE copy_clusters (
    cluster_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    origin     BOOLEAN NOT NULL
);

-- one row per cluster: its origin and how it was chosen
CREATE TABLE copy_cluster_info (
    cluster_id      VARCHAR PRIMARY KEY,
    origin_id       VARCHAR NOT NULL,
    origin_outlet   VARCHAR,
    size            INTEGER NOT NULL,
    outlets         INTEGER NOT NULL,
    first_published DATE,
    last_published  DATE,
    origin_rule     VARCHAR NOT NULL,        -- earliest | wire_or_state | earliest_ingest
    updated_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE syndication_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
