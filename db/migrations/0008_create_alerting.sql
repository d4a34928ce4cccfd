-- Alerting as data: rules supervisors edit, the engine's alert states (so a restart resumes
-- every pending timer), silences and recurring maintenance windows, and the incident lifecycle's
-- dispatch, close and escalation columns.

CREATE TABLE alert_rules (
  id          text PRIMARY KEY,
  definition  jsonb NOT NULL,
  -- Shipped with cityops: can be reset to the shipped definition, cannot be deleted.
  builtin     boolean NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text
);

-- One row per (rule, subject) that is not plain normal: written in the same transaction as the
-- event-log offset or the tick that changed it.
CREATE TABLE alert_states (
  rule_id  text NOT NULL,
  subject  text NOT NULL,
  state    jsonb NOT NULL,
  PRIMARY KEY (rule_id, subject)
);

CREATE TABLE silences (
  id          bigserial PRIMARY KEY,
  matchers    jsonb NOT NULL,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
  comment     text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX silences_ends_idx ON silences (ends_at);

CREATE TABLE maintenance_windows (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  matchers     jsonb NOT NULL,
  schedule     jsonb NOT NULL,
  valid_until  timestamptz,
  comment      text,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz
);

ALTER TABLE incidents
  ADD COLUMN rule_id            text,
  ADD COLUMN assignee           text,
  ADD COLUMN dispatched_at      timestamptz,
  ADD COLUMN dispatched_by      text,
  ADD COLUMN closed_at          timestamptz,
  ADD COLUMN closed_by          text,
  -- The escalation chain copied from the rule when the incident opened: editing a rule never
  -- moves the timers of incidents already live.
  ADD COLUMN escalation         jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN escalation_level   integer NOT NULL DEFAULT 0,
  ADD COLUMN escalated_to       text,
  ADD COLUMN next_escalation_at timestamptz;
-- The tick's question "which unacknowledged incidents are due" is one index range.
CREATE INDEX incidents_escalation_due_idx ON incidents (next_escalation_at) WHERE next_escalation_at IS NOT NULL;
