-- The terms a request's search row was written from, in the order of
-- internal/search (a tsvector keeps them sorted and merges the two sides), so
-- that a new message adds only its own terms instead of the whole
-- conversation being analysed again. A request without a row (indexed before
-- this table, or by the bulk loader) is analysed whole at its next message,
-- which writes it.
CREATE TABLE request_terms (
    number bigint PRIMARY KEY REFERENCES requests (number),
    pub    text NOT NULL,
    priv   text NOT NULL
);
