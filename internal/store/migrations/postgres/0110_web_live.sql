-- Live pages and the directory (internal/web).

-- Who is writing on which request right now ("someone else is replying"):
-- browsers send a heartbeat while an agent types; a row lives until expires_at.
CREATE TABLE web_presence (
    number     bigint NOT NULL REFERENCES requests (number),
    person_id  bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    activity   text NOT NULL,          -- 'reply' or 'note'
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (number, person_id)
);
CREATE INDEX web_presence_expires ON web_presence (expires_at);

-- What the directory of who handles what shows beside a department, until
-- business calendars land: its service hours as free text.
CREATE TABLE web_department_profiles (
    department_id bigint PRIMARY KEY REFERENCES departments (id) ON DELETE CASCADE,
    service_hours text NOT NULL DEFAULT ''
);
