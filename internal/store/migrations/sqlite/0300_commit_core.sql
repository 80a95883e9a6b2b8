-- Service commitments (internal/commit): business calendars, service
-- standards, internal agreements, consults, promises and the clocks that
-- follow requests and consults. Targets are stored as text ("4h", "2d").

CREATE TABLE calendars (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    spec       TEXT NOT NULL,              -- calendar.Spec as JSON
    is_default INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1, -- bumped on every change (cache key)
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX calendars_one_default ON calendars (is_default) WHERE is_default;

-- A department's calendar; departments not listed use the default one.
CREATE TABLE department_calendars (
    department_id INTEGER PRIMARY KEY REFERENCES departments (id) ON DELETE CASCADE,
    calendar_id   INTEGER NOT NULL REFERENCES calendars (id)
);
CREATE INDEX department_calendars_calendar ON department_calendars (calendar_id);

CREATE TABLE service_standards (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    department_id   INTEGER REFERENCES departments (id),
    requester_kind  TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisations (id),
    priority        TEXT NOT NULL DEFAULT '',
    contact_reason  TEXT NOT NULL DEFAULT '',
    channel         TEXT NOT NULL DEFAULT '',
    calendar_id     INTEGER REFERENCES calendars (id),
    first_response  TEXT NOT NULL DEFAULT '',
    next_response   TEXT NOT NULL DEFAULT '',
    resolution      TEXT NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT 1,
    specificity     INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE agreements (
    id                     INTEGER PRIMARY KEY,
    name                   TEXT NOT NULL,
    provider_department_id INTEGER NOT NULL REFERENCES departments (id),
    customer_department_id INTEGER REFERENCES departments (id),
    contact_reason         TEXT NOT NULL DEFAULT '',
    calendar_id            INTEGER REFERENCES calendars (id),
    response               TEXT NOT NULL DEFAULT '',
    resolution             TEXT NOT NULL DEFAULT '',
    active                 INTEGER NOT NULL DEFAULT 1,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX agreements_provider ON agreements (provider_department_id);

CREATE TABLE consults (
    id                 INTEGER PRIMARY KEY,
    number             INTEGER NOT NULL REFERENCES requests (number),
    from_department_id INTEGER NOT NULL REFERENCES departments (id),
    to_department_id   INTEGER NOT NULL REFERENCES departments (id),
    agreement_id       INTEGER REFERENCES agreements (id),
    contact_reason     TEXT NOT NULL DEFAULT '',
    question           TEXT NOT NULL,
    asked_by           INTEGER REFERENCES people (id),
    asked_at           INTEGER NOT NULL,
    responded_at       INTEGER,
    answered_at        INTEGER,
    answer             TEXT NOT NULL DEFAULT '',
    answered_by        INTEGER REFERENCES people (id),
    state              TEXT NOT NULL
);
CREATE INDEX consults_request ON consults (number, id);
CREATE INDEX consults_queue ON consults (to_department_id, state, id);

CREATE TABLE promises (
    id            INTEGER PRIMARY KEY,
    number        INTEGER NOT NULL REFERENCES requests (number),
    department_id INTEGER NOT NULL,
    text          TEXT NOT NULL,
    due_at        INTEGER NOT NULL,
    made_by       INTEGER REFERENCES people (id),
    created_at    INTEGER NOT NULL,
    kept_at       INTEGER
);
CREATE INDEX promises_request ON promises (number, id);
-- The timer job's "what is due": promises not kept, by due time.
CREATE INDEX promises_due ON promises (due_at) WHERE kept_at IS NULL;
CREATE INDEX promises_created ON promises (created_at);

-- What a request's clocks depend on (commit.Facts). pauses is a JSON list
-- of [from, to] pairs in unix microseconds. stale marks requests whose clocks
-- must be computed again (a standard or calendar changed).
CREATE TABLE commit_requests (
    number         INTEGER PRIMARY KEY REFERENCES requests (number),
    requester_kind TEXT NOT NULL,
    first_reply_at INTEGER,
    cycle_since    INTEGER,
    cycle_seq      INTEGER NOT NULL DEFAULT 0,
    paused_since   INTEGER,
    paused_done    INTEGER NOT NULL DEFAULT 0,
    pauses         TEXT NOT NULL DEFAULT '[]',
    standard_id    INTEGER,
    stale          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX commit_requests_stale ON commit_requests (number) WHERE stale;

-- One row per clock (commit.Measure): a request's first response,
-- resolution and each next-response cycle, and a consult's response and
-- resolution. state is running, paused, met or breached; a running clock
-- whose due_at has passed is breached (the timer job finds those by due_at).
-- department_id is the accountable department (the owner, or the consulted
-- department); customer_department_id the asking one, for consults.
CREATE TABLE commit_clocks (
    id                     INTEGER PRIMARY KEY,
    number                 INTEGER NOT NULL REFERENCES requests (number),
    consult_id             INTEGER REFERENCES consults (id),
    kind                   TEXT NOT NULL,
    seq                    INTEGER NOT NULL DEFAULT 0,
    department_id          INTEGER NOT NULL,
    customer_department_id INTEGER,
    standard_id            INTEGER,
    agreement_id           INTEGER,
    calendar_id            INTEGER NOT NULL,
    target_seconds         INTEGER NOT NULL,
    started_at             INTEGER NOT NULL,
    due_at                 INTEGER,
    at_risk_at             INTEGER,
    stopped_at             INTEGER,
    business_seconds       INTEGER NOT NULL DEFAULT 0,
    state                  TEXT NOT NULL
);
CREATE UNIQUE INDEX commit_clocks_request ON commit_clocks (number, kind, seq) WHERE consult_id IS NULL;
CREATE UNIQUE INDEX commit_clocks_consult ON commit_clocks (consult_id, kind) WHERE consult_id IS NOT NULL;
-- The timer job's "what is due": running clocks by due time and by the time
-- they become at risk.
CREATE INDEX commit_clocks_due ON commit_clocks (due_at) WHERE state = 'running';
CREATE INDEX commit_clocks_at_risk ON commit_clocks (at_risk_at) WHERE state = 'running';
-- The compliance report reads clocks by start time, from this index alone.
CREATE INDEX commit_clocks_report ON commit_clocks (started_at, kind, department_id, customer_department_id,
    standard_id, agreement_id, state, due_at, at_risk_at, stopped_at, business_seconds);
CREATE INDEX commit_clocks_standard ON commit_clocks (standard_id) WHERE standard_id IS NOT NULL;
CREATE INDEX commit_clocks_agreement ON commit_clocks (agreement_id) WHERE agreement_id IS NOT NULL;
