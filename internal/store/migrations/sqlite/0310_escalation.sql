-- The ownership guarantee (internal/commit escalation, internal/timers):
-- department chains and leads, escalations in progress, agents'
-- notifications, and the markers that make each timer fire once.

-- A department lead is a membership role.
ALTER TABLE agent_departments ADD COLUMN is_lead INTEGER NOT NULL DEFAULT 0;
CREATE INDEX agent_departments_leads ON agent_departments (department_id) WHERE is_lead;

-- alerted is how far a clock's or promise's timers fired: 0 none, 1 at risk
-- (reminded, for a promise), 2 breached (broken). The due queries read only
-- the rows still to fire. What was already late when timers arrived is not
-- announced now.
ALTER TABLE commit_clocks ADD COLUMN alerted INTEGER NOT NULL DEFAULT 0;
UPDATE commit_clocks SET alerted = CASE WHEN due_at <= CAST(strftime('%s', 'now') AS INTEGER) * 1000000 THEN 2 ELSE 1 END
    WHERE state = 'running' AND at_risk_at <= CAST(strftime('%s', 'now') AS INTEGER) * 1000000;
DROP INDEX commit_clocks_due;
DROP INDEX commit_clocks_at_risk;
CREATE INDEX commit_clocks_breach ON commit_clocks (due_at) WHERE state = 'running' AND alerted < 2;
CREATE INDEX commit_clocks_at_risk ON commit_clocks (at_risk_at) WHERE state = 'running' AND alerted = 0;

ALTER TABLE promises ADD COLUMN remind_at INTEGER;
ALTER TABLE promises ADD COLUMN alerted INTEGER NOT NULL DEFAULT 0;
UPDATE promises SET alerted = 2 WHERE kept_at IS NULL AND due_at <= CAST(strftime('%s', 'now') AS INTEGER) * 1000000;
DROP INDEX promises_due;
CREATE INDEX promises_broken ON promises (due_at) WHERE kept_at IS NULL AND alerted < 2;
CREATE INDEX promises_remind ON promises (remind_at) WHERE kept_at IS NULL AND alerted = 0;

-- A department's chain (commit.Escalation); departments without a row run
-- commit.DefaultEscalation. Targets as text ("2h"), steps as JSON.
CREATE TABLE department_escalations (
    department_id        INTEGER PRIMARY KEY REFERENCES departments (id) ON DELETE CASCADE,
    pickup_within        TEXT NOT NULL DEFAULT '',
    accept_within        TEXT NOT NULL DEFAULT '',
    remind_before        TEXT NOT NULL DEFAULT '',
    manager_id           INTEGER REFERENCES agents (person_id),
    parent_department_id INTEGER REFERENCES departments (id) ON DELETE SET NULL,
    steps                TEXT NOT NULL,
    updated_at           INTEGER NOT NULL
);

-- One row per escalation: a trigger (kind) on an item (a request number, a
-- handoff, clock or promise id) running department_id's chain from
-- started_at. step is the next step to run, due when due_at says; due_at is
-- NULL once the escalation is over. Firing a step is a conditional update
-- of step in the transaction that writes its notifications.
CREATE TABLE escalations (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    item_id       INTEGER NOT NULL,
    number        INTEGER NOT NULL REFERENCES requests (number),
    department_id INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    step          INTEGER NOT NULL DEFAULT 0,
    due_at        INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX escalations_live ON escalations (kind, item_id) WHERE due_at IS NOT NULL;
CREATE INDEX escalations_due ON escalations (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX escalations_request ON escalations (number) WHERE due_at IS NOT NULL;

-- What agents are told; once per (escalation, step, agent). due_at is when
-- the step was due: created_at - due_at is the timer's lateness.
CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    escalation_id INTEGER NOT NULL REFERENCES escalations (id),
    step          INTEGER NOT NULL,
    number        INTEGER NOT NULL REFERENCES requests (number),
    kind          TEXT NOT NULL,
    level         TEXT NOT NULL,
    department_id INTEGER NOT NULL,
    data          TEXT NOT NULL DEFAULT '{}',
    due_at        INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    read_at       INTEGER
);
CREATE UNIQUE INDEX notifications_once ON notifications (escalation_id, step, person_id);
CREATE INDEX notifications_person ON notifications (person_id, id);
CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL;
