-- The event log (transactional outbox): rows written in the same transaction as the change they
-- describe, so a consumer that crashes never misses one. Its id is the `sseq` of Socket.IO /ops:
-- replaying "everything after sseq N" is one indexed range scan, shared by every console replica.
CREATE TABLE event_log (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  topic    text NOT NULL,
  payload  jsonb NOT NULL
);
CREATE INDEX event_log_at_idx ON event_log (at);

-- Where each durable consumer (alerting, …) has got to in the event log.
CREATE TABLE consumer_offsets (
  consumer    text PRIMARY KEY,
  last_id     bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
