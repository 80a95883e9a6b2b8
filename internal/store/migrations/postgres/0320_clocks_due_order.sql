-- The inbox's "due soonest" order walks every running clock of a request by
-- due time (requests_list_due.go); the timers' indexes of 0310 hold only the
-- clocks still to fire, so the order gets its own index back, of requests'
-- clocks only (consult_id IS NULL keeps the timers' queries, which name no
-- consult, on their own smaller indexes).
CREATE INDEX commit_clocks_due ON commit_clocks (due_at) WHERE state = 'running' AND consult_id IS NULL;
