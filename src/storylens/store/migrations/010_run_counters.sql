-- What the pipeline's stages counted in each run (JSON object, summed over workers), e.g. the tone
-- cascade's {"tone_sentences": 1020, "tone_reread": 412}: the share MPNet re-read is what the tone
-- stage's cost and accuracy depend on. NULL when nothing was counted (no cascade, a Spark run).
ALTER TABLE runs ADD COLUMN counters VARCHAR;
