-- Finer statistics on the search vectors: with the default, a word absent
-- from the most-common list is estimated at ~0.5% of requests, and a search
-- for a rare word walks every request newest first looking for 50 matches
-- instead of asking the GIN index. A longer list lowers that floor.
ALTER TABLE request_search ALTER COLUMN tsv_all SET STATISTICS 1000;
ALTER TABLE request_search ALTER COLUMN tsv_public SET STATISTICS 1000;
