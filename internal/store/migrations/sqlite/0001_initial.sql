-- Guichet schema for SQLite. Timestamps are integer unix microseconds (UTC),
-- so ordering and keyset pagination are exact. Booleans are 0/1 integers.

CREATE TABLE organisations (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    domain          TEXT NOT NULL DEFAULT '',
    shared_requests INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX organisations_domain ON organisations (domain) WHERE domain <> '';

CREATE TABLE departments (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    handles    TEXT NOT NULL DEFAULT '',
    front_desk INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX departments_one_front_desk ON departments (front_desk) WHERE front_desk;

INSERT INTO departments (slug, name, front_desk, created_at)
VALUES ('front-desk', 'Front desk', 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000000);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    department_id   INTEGER REFERENCES departments (id),
    organisation_id INTEGER REFERENCES organisations (id),
    language        TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX people_name ON people (name);
CREATE INDEX people_organisation ON people (organisation_id) WHERE organisation_id IS NOT NULL;
CREATE INDEX people_department ON people (department_id) WHERE department_id IS NOT NULL;

CREATE TABLE person_emails (
    email     TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL
);
CREATE INDEX person_emails_person ON person_emails (person_id, position);

CREATE TABLE agents (
    person_id     INTEGER PRIMARY KEY REFERENCES people (id),
    role          TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    password_hash TEXT,
    created_at    INTEGER NOT NULL
);

CREATE TABLE agent_departments (
    person_id     INTEGER NOT NULL REFERENCES agents (person_id) ON DELETE CASCADE,
    department_id INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, department_id)
);
CREATE INDEX agent_departments_department ON agent_departments (department_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

CREATE TABLE requests (
    number          INTEGER PRIMARY KEY,
    subject         TEXT NOT NULL,
    status          TEXT NOT NULL,
    priority        TEXT NOT NULL,
    channel         TEXT NOT NULL,
    department_id   INTEGER NOT NULL REFERENCES departments (id),
    requester_id    INTEGER NOT NULL REFERENCES people (id),
    organisation_id INTEGER REFERENCES organisations (id),
    agent_id        INTEGER REFERENCES agents (person_id),
    contact_reason  TEXT NOT NULL DEFAULT '',
    spam            INTEGER NOT NULL DEFAULT 0,
    merged_into     INTEGER REFERENCES requests (number),
    public_replies  INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    solved_at       INTEGER
);
-- Queues: one department, one status, newest activity first.
CREATE INDEX requests_queue ON requests (department_id, status, updated_at DESC, number DESC);
CREATE INDEX requests_updated ON requests (updated_at DESC, number DESC);
CREATE INDEX requests_status ON requests (status, updated_at DESC, number DESC);
CREATE INDEX requests_agent ON requests (agent_id, status, updated_at DESC, number DESC) WHERE agent_id IS NOT NULL;
CREATE INDEX requests_requester ON requests (requester_id, updated_at DESC, number DESC);
CREATE INDEX requests_organisation ON requests (organisation_id, updated_at DESC, number DESC) WHERE organisation_id IS NOT NULL;

CREATE TABLE request_tags (
    number INTEGER NOT NULL REFERENCES requests (number),
    tag    TEXT NOT NULL,
    PRIMARY KEY (number, tag)
) WITHOUT ROWID;
CREATE INDEX request_tags_tag ON request_tags (tag, number);

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    number     INTEGER NOT NULL REFERENCES requests (number),
    kind       TEXT NOT NULL,
    visibility TEXT NOT NULL,
    author_id  INTEGER REFERENCES people (id),
    body       TEXT NOT NULL,
    body_html  TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_request ON messages (number, id);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL REFERENCES messages (id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

CREATE TABLE handoffs (
    id                 INTEGER PRIMARY KEY,
    number             INTEGER NOT NULL REFERENCES requests (number),
    from_department_id INTEGER NOT NULL REFERENCES departments (id),
    from_agent_id      INTEGER REFERENCES people (id),
    to_department_id   INTEGER NOT NULL REFERENCES departments (id),
    to_agent_id        INTEGER REFERENCES people (id),
    reason             TEXT NOT NULL,
    by_id              INTEGER REFERENCES people (id),
    created_at         INTEGER NOT NULL,
    accepted_at        INTEGER
);
CREATE INDEX handoffs_request ON handoffs (number, id);
CREATE INDEX handoffs_from_department ON handoffs (from_department_id);
CREATE INDEX handoffs_to_department ON handoffs (to_department_id);

-- Append-only audit records.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    number     INTEGER NOT NULL REFERENCES requests (number),
    actor_id   INTEGER REFERENCES people (id),
    type       TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}',
    public     INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_request ON events (number, id);

-- One row per request, rowid = request number: pub holds the terms of the
-- subject and public messages, priv those of internal notes (see internal/search).
CREATE VIRTUAL TABLE request_search USING fts5 (
    pub, priv,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Scratch table for RawInsertRate.
CREATE TABLE raw_insert_scratch (
    id   INTEGER PRIMARY KEY,
    note TEXT NOT NULL
);
