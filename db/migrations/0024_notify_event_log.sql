-- Readers of the event log in other processes (alerting, each console replica, the notifier) wake
-- within milliseconds of a commit instead of at their next poll: every statement that adds to the
-- log notifies channel `cityops_event_log`, delivered when its transaction commits (and never if it
-- rolls back). PostgreSQL folds identical notifications of one transaction into one, so a batch of
-- a thousand events costs one. Polling stays as the fallback for a reader whose listening
-- connection is down (db/src/event-log/log-listener.ts).
CREATE FUNCTION cityops_event_log_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cityops_event_log', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER event_log_notify AFTER INSERT ON event_log FOR EACH STATEMENT EXECUTE FUNCTION cityops_event_log_notify();
