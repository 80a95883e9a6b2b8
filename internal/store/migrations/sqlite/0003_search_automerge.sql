-- FTS5 merges its index segments as the table grows; by default it merges
-- four segments of a level into one, which rewrites every term many times
-- over a million requests. Merging sixteen at a time rewrites it half as
-- often: at 1,000,000 requests it cut the writer's CPU per API creation by
-- a quarter (guichet bench --reuse, BENCHMARKS.md) with searches as fast.
INSERT INTO request_search (request_search, rank) VALUES ('automerge', 16);
