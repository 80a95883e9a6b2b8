-- Outbox mail need not be about a request: a sign-in link for the portal, a
-- notice to an agent. number becomes optional.
ALTER TABLE mail_outbox ALTER COLUMN number DROP NOT NULL;
