-- The email channel (internal/mail, internal/smtpd, internal/imappoll,
-- internal/outbox): every Message-ID received, the outbox of mail to send,
-- IMAP positions and import checkpoints.

-- One row per message received by mail. message_id is the normalised
-- Message-ID (no angle brackets), or "sha256:<hex>" of the raw message when
-- it has none: the same mail received twice (SMTP retry, IMAP, import) is
-- recognised here and never makes a second message.
CREATE TABLE mail_inbound (
    message_id  TEXT PRIMARY KEY,
    number      INTEGER NOT NULL REFERENCES requests (number),
    msg_id      INTEGER REFERENCES messages (id),
    sender      TEXT NOT NULL,
    auto        TEXT NOT NULL DEFAULT '',  -- '', 'auto-reply', 'bounce' or 'bulk'
    source      TEXT NOT NULL,             -- 'smtp', 'imap' or 'import'
    raw_sha256  TEXT NOT NULL DEFAULT '',  -- the raw message, in the blob store
    raw_size    INTEGER NOT NULL DEFAULT 0,
    received_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mail_inbound_number ON mail_inbound (number, received_at);
CREATE INDEX mail_inbound_msg ON mail_inbound (msg_id) WHERE msg_id IS NOT NULL;

-- Mail to send, written in the same transaction as the change that causes it
-- (a new request, a handoff, a public reply) and delivered by a background
-- job. token is the local part of the mail's Message-ID, fixed at queue time
-- so that every delivery attempt carries the same Message-ID and replies to
-- it find their request.
CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    token       TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,             -- 'ack', 'handoff' or 'reply'
    number      INTEGER NOT NULL REFERENCES requests (number),
    msg_id      INTEGER REFERENCES messages (id),
    to_email    TEXT NOT NULL,
    to_name     TEXT NOT NULL,
    language    TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}', -- what the mail says, as of the change
    state       TEXT NOT NULL,             -- 'queued', 'sent' or 'failed'
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    enqueued    INTEGER NOT NULL DEFAULT 0, -- a delivery job exists
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    sent_at     INTEGER
);
CREATE INDEX mail_outbox_number ON mail_outbox (number, id);
CREATE INDEX mail_outbox_msg ON mail_outbox (msg_id) WHERE msg_id IS NOT NULL;
CREATE INDEX mail_outbox_unenqueued ON mail_outbox (id) WHERE state = 'queued' AND NOT enqueued;

-- The last UID imported from each polled IMAP mailbox, valid while the
-- mailbox keeps its UIDVALIDITY.
CREATE TABLE mail_imap_state (
    mailbox      TEXT PRIMARY KEY,
    uid_validity INTEGER NOT NULL,
    last_uid     INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- How far an mbox file or Maildir folder import got, to resume it.
CREATE TABLE mail_import_progress (
    source     TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    done       INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;
