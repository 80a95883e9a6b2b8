-- The terms a request's search row was written from (request_search is
-- contentless and cannot give them back), so that a new message adds only its
-- own terms instead of the whole conversation being analysed again. pub and
-- priv are the space-separated terms of the two sides, in the order of
-- internal/search. A request without a row (indexed before this table, or by
-- the bulk loader) is analysed whole at its next message, which writes it.
CREATE TABLE request_terms (
    number INTEGER PRIMARY KEY REFERENCES requests (number),
    pub    TEXT NOT NULL,
    priv   TEXT NOT NULL
);
