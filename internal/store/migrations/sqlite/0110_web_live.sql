-- Live pages and the directory (internal/web).

-- Who is writing on which request right now ("someone else is replying"):
-- browsers send a heartbeat while an agent types; a row lives until expires_at.
CREATE TABLE web_presence (
    number     INTEGER NOT NULL REFERENCES requests (number),
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    activity   TEXT NOT NULL,          -- 'reply' or 'note'
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (number, person_id)
) WITHOUT ROWID;
CREATE INDEX web_presence_expires ON web_presence (expires_at);

-- What the directory of who handles what shows beside a department, until
-- business calendars land: its service hours as free text.
CREATE TABLE web_department_profiles (
    department_id INTEGER PRIMARY KEY REFERENCES departments (id) ON DELETE CASCADE,
    service_hours TEXT NOT NULL DEFAULT ''
);
