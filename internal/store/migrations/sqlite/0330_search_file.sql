-- The full-text index moves to a file of its own, written by an indexer off
-- the single writer (internal/store/sqlite_search.go): the writer now stores
-- each request's terms with a sequence number one above the last given
-- (search_seq, never reused, kept by the triggers), and the indexer applies
-- every row above the last number it applied. The new file starts empty and
-- is built again from request_terms (or, for a request without, from its
-- messages) in the background.
DROP TABLE request_search;
ALTER TABLE request_terms ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX request_terms_seq ON request_terms (seq);
CREATE TABLE search_seq (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO search_seq (id, seq) VALUES (1, 0);
CREATE TRIGGER request_terms_seq_insert AFTER INSERT ON request_terms
BEGIN
    UPDATE search_seq SET seq = NEW.seq WHERE NEW.seq > seq;
END;
CREATE TRIGGER request_terms_seq_update AFTER UPDATE OF seq ON request_terms
BEGIN
    UPDATE search_seq SET seq = NEW.seq WHERE NEW.seq > seq;
END;
