-- The outbox backlog (count and oldest queued mail) without a scan.
CREATE INDEX mail_outbox_queued ON mail_outbox (created_at) WHERE state = 'queued';
