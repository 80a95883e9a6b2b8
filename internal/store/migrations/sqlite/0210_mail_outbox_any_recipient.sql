-- Outbox mail need not be about a request: a sign-in link for the portal, a
-- notice to an agent. number becomes optional (SQLite rebuilds the table to
-- drop NOT NULL; nothing references mail_outbox).
CREATE TABLE mail_outbox_new (
    id          INTEGER PRIMARY KEY,
    token       TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    number      INTEGER REFERENCES requests (number),
    msg_id      INTEGER REFERENCES messages (id),
    to_email    TEXT NOT NULL,
    to_name     TEXT NOT NULL,
    language    TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    state       TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    enqueued    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    sent_at     INTEGER
);
INSERT INTO mail_outbox_new SELECT id, token, kind, number, msg_id, to_email, to_name, language, data, state,
    attempts, last_error, enqueued, created_at, updated_at, sent_at FROM mail_outbox;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE INDEX mail_outbox_number ON mail_outbox (number, id);
CREATE INDEX mail_outbox_msg ON mail_outbox (msg_id) WHERE msg_id IS NOT NULL;
CREATE INDEX mail_outbox_unenqueued ON mail_outbox (id) WHERE state = 'queued' AND NOT enqueued;
CREATE INDEX mail_outbox_queued ON mail_outbox (created_at) WHERE state = 'queued';
