-- With automerge at 16 (0003), FTS5's "crisis merge", also at 16 by default,
-- fired first: whenever a level reached sixteen segments it was merged whole
-- inside the committing transaction, cascading up the levels, and at
-- 1,000,000 requests one API creation waited 11.7 s behind such a merge
-- (guichet bench --reuse, BENCHMARKS.md). Raising the crisis threshold to 64
-- leaves the merging to automerge's small steps, a few pages per commit.
INSERT INTO request_search (request_search, rank) VALUES ('crisismerge', 64);
