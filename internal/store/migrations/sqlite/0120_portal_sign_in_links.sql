-- Sign-in links of the requester portal (internal/web). A link carries a
-- random token; only its SHA-256 is kept. A link signs in once (used_at) and
-- only until expires_at; rows are pruned a day after they expire.
CREATE TABLE portal_sign_in_links (
    token_hash BLOB PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX portal_sign_in_links_expires ON portal_sign_in_links (expires_at);
CREATE INDEX portal_sign_in_links_person ON portal_sign_in_links (person_id);
