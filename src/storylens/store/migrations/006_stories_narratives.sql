-- Stories: articles about the same event across outlets, clustered online.
-- Written by storylens.corpus.stories (a corpus stage), not by the per-article batch writer.
-- `centroid` is the L2-normalised mean embedding of the story's articles and `articles`
-- their count, which is all an incremental update needs; `continues` links a story to an
-- earlier one (closed) that it continues. No keys or indexes: an update deletes and
-- re-inserts the stories it touched in one transaction (ids are unique by construction).

CREATE TABLE stories (
    id               VARCHAR NOT NULL,
    label            VARCHAR,
    keywords         VARCHAR[],
    headline         VARCHAR,
    headline_article VARCHAR,
    headline_sim     DOUBLE,
    first_seen       DATE NOT NULL,
    last_seen        DATE NOT NULL,
    articles         INTEGER NOT NULL,
    outlets          VARCHAR[],
    countries        VARCHAR[],
    continues        VARCHAR,
    centroid         FLOAT[],
    updated_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE story_articles (
    article_id VARCHAR NOT NULL,
    story_id   VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL,
    day        DATE NOT NULL
);
