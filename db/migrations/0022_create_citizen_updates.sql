-- Citizens who filed a report with an e-mail and asked for updates (Open311's `email_updates`, or a
-- call-back ticket taken at the desk) get an e-mail when it is forwarded, answered and closed, with a
-- link to a public status page of that one report. The page is found by an unguessable token, not
-- by the report's number, so nobody can walk the city's reports through it.
ALTER TABLE tickets
  ADD COLUMN caller_updates boolean NOT NULL DEFAULT false,
  ADD COLUMN status_token text;
CREATE UNIQUE INDEX tickets_status_token_idx ON tickets (status_token) WHERE status_token IS NOT NULL;
ALTER TABLE tickets ADD CONSTRAINT tickets_caller_updates_email_check CHECK (NOT caller_updates OR caller_email IS NOT NULL);

-- One e-mail per milestone of a report, kept durably like an incident's deliveries
-- (notification_deliveries): planned with the notifier's event-log offset, retried with backoff,
-- given up after the last try. The address is not copied here: it is read from the ticket at each
-- attempt, so a citizen who stops the updates (or whose data is erased) is not written to again.
CREATE TABLE citizen_updates (
  id                bigserial PRIMARY KEY,
  idempotency_key   text NOT NULL UNIQUE,
  ticket_id         bigint NOT NULL REFERENCES tickets (id),
  milestone         text NOT NULL CHECK (milestone IN ('forwarded', 'answered', 'closed')),
  -- What to say, fixed when planned: a retry sends the same text.
  message           jsonb NOT NULL,
  state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'delivered', 'given_up', 'withdrawn')),
  attempts          integer NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  next_attempt_at   timestamptz,
  give_up_at        timestamptz NOT NULL,
  delivered_at      timestamptz,
  last_status       integer,
  last_error        text
);
CREATE INDEX citizen_updates_due_idx ON citizen_updates (next_attempt_at) WHERE state IN ('pending', 'sending');
CREATE INDEX citizen_updates_ticket_idx ON citizen_updates (ticket_id, id);
