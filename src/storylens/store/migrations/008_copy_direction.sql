-- How the direction of each copy link was decided (storylens.corpus.syndication):
-- earlier_date (the origin was published on an earlier day), wire_or_state (same day:
-- the wire or state-media outlet is taken as the origin), tie_break (same day or no
-- dates: the order is arbitrary, stable by article id), undated (the copy has no date,
-- the origin has one). confidence is the chance the direction is right as the rule
-- sees it; 0.5 means undecided (docs/syndication.md).
ALTER TABLE copies ADD COLUMN decided_by VARCHAR;
ALTER TABLE copies ADD COLUMN confidence DOUBLE;
