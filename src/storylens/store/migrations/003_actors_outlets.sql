-- Actors and tone: the outlet registry as a table, so tone and attention group by
-- outlet country and type in plain SQL. `storylens ingest` refreshes it from the packaged
-- registry plus the user's files (storylens.store.actors.refresh_outlet_registry); `key` is a
-- registered domain or the slug of a name/alias (articles without a URL carry a name slug).

CREATE TABLE outlet_registry (
    key          VARCHAR PRIMARY KEY,
    domain       VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    country      VARCHAR,
    country_name VARCHAR,
    type         VARCHAR NOT NULL,
    owner        VARCHAR
);

CREATE INDEX mentions_actor_idx ON mentions (actor);
CREATE INDEX tones_actor_idx ON tones (actor);
