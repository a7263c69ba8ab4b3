-- Core tables: articles, rejects, runs, and one child table per per-article record
-- (storylens.types: Removal, Mention, ActorTone, Quote, NarrativeHit, RoleAssignment).
-- Child table columns are article_id + the record's fields, in order (checked by tests).

CREATE TABLE articles (
    id            VARCHAR PRIMARY KEY,
    source        VARCHAR NOT NULL,
    source_kind   VARCHAR NOT NULL,
    "offset"      BIGINT,
    url           VARCHAR,
    outlet        VARCHAR,
    outlet_name   VARCHAR,
    title         VARCHAR,
    author        VARCHAR,
    published     DATE,
    language      VARCHAR,
    text          VARCHAR NOT NULL,
    raw_text      VARCHAR NOT NULL,
    spam_injected BOOLEAN NOT NULL DEFAULT false,
    page_spam     BOOLEAN NOT NULL DEFAULT false,
    words         INTEGER NOT NULL,
    run_id        INTEGER,
    ingested_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE rejects (
    source   VARCHAR NOT NULL,
    "offset" BIGINT,
    stage    VARCHAR NOT NULL,
    reason   VARCHAR NOT NULL,
    run_id   INTEGER,
    rejected_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE runs_id_seq START 1;
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY DEFAULT nextval('runs_id_seq'),
    command     VARCHAR NOT NULL,
    inputs      VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    finished_at TIMESTAMP,
    read        INTEGER DEFAULT 0,
    stored      INTEGER DEFAULT 0,
    duplicates  INTEGER DEFAULT 0,
    rejected    INTEGER DEFAULT 0,
    skipped     INTEGER DEFAULT 0
);

CREATE TABLE removals (
    article_id VARCHAR NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    rule       VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL
);

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    actor      VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    via        VARCHAR NOT NULL
);

CREATE TABLE tones (
    article_id VARCHAR NOT NULL,
    actor      VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    mentions   INTEGER NOT NULL,
    score      DOUBLE NOT NULL,
    label      VARCHAR NOT NULL,
    evidence   VARCHAR[]
);

CREATE TABLE quotes (
    article_id         VARCHAR NOT NULL,
    text               VARCHAR NOT NULL,
    start              INTEGER NOT NULL,
    "end"              INTEGER NOT NULL,
    kind               VARCHAR NOT NULL,
    partial            BOOLEAN NOT NULL,
    cue                VARCHAR,
    speaker            VARCHAR,
    speaker_descriptor VARCHAR,
    speaker_type       VARCHAR NOT NULL,
    anonymous          BOOLEAN NOT NULL,
    speaker_actor      VARCHAR
);

CREATE TABLE narratives (
    article_id VARCHAR NOT NULL,
    narrative  VARCHAR NOT NULL,
    score      DOUBLE NOT NULL,
    evidence   VARCHAR[],
    pack       VARCHAR NOT NULL
);

CREATE TABLE roles (
    article_id VARCHAR NOT NULL,
    actor      VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,
    score      DOUBLE NOT NULL
);
