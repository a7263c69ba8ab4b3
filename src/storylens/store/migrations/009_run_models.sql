-- Which models an ingest run used ({"tone": "cascade@0.60", "narrative_encoder": "minilm"}, JSON):
-- tone figures differ by model and the default changed over time (mpnet, then the cascade), so a
-- store says which model wrote its tones. NULL for runs without enrichment and for `load`.
ALTER TABLE runs ADD COLUMN models VARCHAR;
