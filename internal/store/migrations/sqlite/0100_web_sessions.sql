-- Web sessions and the sign-in limiter (internal/web). Only a SHA-256 of a
-- session id is kept; the id itself lives in the browser's HttpOnly cookie.

CREATE TABLE web_sessions (
    id_hash    BLOB PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,          -- 'agent' (later 'requester')
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,       -- idle expiry, pushed back on use
    ends_at    INTEGER NOT NULL        -- absolute end, never pushed back
) WITHOUT ROWID;
CREATE INDEX web_sessions_person ON web_sessions (person_id);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- One row per failed sign-in, by a hash of (IP, email) or of the IP alone.
CREATE TABLE web_login_failures (
    id       INTEGER PRIMARY KEY,
    key_hash BLOB NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX web_login_failures_key ON web_login_failures (key_hash, at);
CREATE INDEX web_login_failures_at ON web_login_failures (at);

-- The inbox's "unassigned" queue and its count.
CREATE INDEX web_requests_unassigned ON requests (status, updated_at DESC, number DESC) WHERE agent_id IS NULL;
