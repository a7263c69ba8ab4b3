-- Seconds per pipeline stage for each run (JSON object {"extract": 1.2, "nlp": 30.5, ...},
-- summed over workers), so the next slow stage shows in `runs` without a profiler.
ALTER TABLE runs ADD COLUMN stage_seconds VARCHAR;
