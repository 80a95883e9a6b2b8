-- Raw inbound messages up to 256 KiB are kept in the database, written in the
-- ingest's own transaction (one group-committed sync instead of a file and
-- two syncs per message); larger ones stay in the blob store
-- (mail_inbound.raw_sha256).
CREATE TABLE mail_raw (
    message_id text PRIMARY KEY REFERENCES mail_inbound (message_id),
    raw        bytea NOT NULL
);
