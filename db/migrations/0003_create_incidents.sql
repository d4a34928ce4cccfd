-- Incidents and their append-only timeline.
CREATE TABLE incidents (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL,
  severity         text NOT NULL CHECK (severity IN ('critical', 'major', 'warning', 'info')),
  state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'dispatched', 'resolved', 'closed')),
  dedup_key        text NOT NULL,
  title            text NOT NULL,
  device_id        text,
  area             text,
  address          text,
  lat              double precision,
  lon              double precision,
  opened_at        timestamptz NOT NULL DEFAULT now(),
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  resolved_at      timestamptz,
  resolved_by      text,
  occurrences      integer NOT NULL DEFAULT 1,
  last_occurred_at timestamptz NOT NULL DEFAULT now()
);
-- At most one live incident per dedup key: a duplicate alarm joins the open incident instead.
CREATE UNIQUE INDEX incidents_live_dedup_idx ON incidents (dedup_key) WHERE state IN ('open', 'acknowledged', 'dispatched');
CREATE INDEX incidents_state_idx ON incidents (state, opened_at DESC);

CREATE TABLE incident_events (
  id           bigserial PRIMARY KEY,
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  at           timestamptz NOT NULL DEFAULT now(),
  type         text NOT NULL,
  actor        text,
  note         text,
  data         jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id);

-- The timeline is an audit trail: history is never rewritten.
CREATE FUNCTION incident_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'incident_events is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER incident_events_no_update BEFORE UPDATE OR DELETE ON incident_events
  FOR EACH ROW EXECUTE FUNCTION incident_events_append_only();
