-- Notifications: where they go (contact points), which incidents go where (the policy, one JSON
-- document like Alertmanager's route tree), and every delivery as a durable row. A delivery is
-- planned in the same transaction as the notifier's event-log offset, so a crash never loses or
-- doubles one; its idempotency key is unique, so planning the same step again is a no-op.

CREATE TABLE contact_points (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  type         text NOT NULL CHECK (type IN ('webhook', 'email', 'http_gateway', 'console')),
  settings     jsonb NOT NULL,
  -- Webhooks sign with it (HMAC-SHA256), so it is kept as is: never read back by the API.
  secret       text,
  enabled      boolean NOT NULL DEFAULT true,
  description  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL,
  deleted_at   timestamptz
);
-- A deleted contact point keeps its row (its deliveries name it) but frees its name.
CREATE UNIQUE INDEX contact_points_name_idx ON contact_points (name) WHERE deleted_at IS NULL;

CREATE TABLE notification_policy (
  id          integer PRIMARY KEY CHECK (id = 1),
  policy      jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL
);

CREATE TABLE notification_deliveries (
  id                bigserial PRIMARY KEY,
  idempotency_key   text NOT NULL UNIQUE,
  contact_point_id  bigint NOT NULL REFERENCES contact_points (id),
  incident_id       bigint REFERENCES incidents (id),
  reason            text NOT NULL CHECK (reason IN ('opened', 'escalated', 'repeated', 'resolved', 'dispatched', 'test')),
  -- What to say, fixed when planned: a retry sends the same body, whatever happened since.
  message           jsonb NOT NULL,
  state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'delivered', 'given_up')),
  attempts          integer NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  next_attempt_at   timestamptz,
  -- A claimed attempt: if its notifier dies, the delivery is claimed again once this passes.
  lease_until       timestamptz,
  give_up_at        timestamptz NOT NULL,
  delivered_at      timestamptz,
  last_status       integer,
  last_error        text,
  last_duration_ms  integer
);
-- The sender's question "what is due" is one index range over the rows still to send.
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE state IN ('pending', 'sending');
CREATE INDEX notification_deliveries_incident_idx ON notification_deliveries (incident_id, id);
CREATE INDEX notification_deliveries_given_up_idx ON notification_deliveries (id) WHERE state = 'given_up';
