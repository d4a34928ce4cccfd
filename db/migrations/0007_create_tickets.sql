-- Hotline tickets (1022 and the linked 113/114/115) with an append-only history of state changes and
-- transfers. Intake, deadlines and Open311 arrive with the city-streams issue; the schema is here so
-- every stream of the contract has its home from the start.
CREATE TABLE tickets (
  id            bigserial PRIMARY KEY,
  line          text NOT NULL CHECK (line IN ('1022', '113', '114', '115')),
  category      text NOT NULL,
  description   text NOT NULL,
  lat           double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon           double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  address       text,
  caller_phone  text,
  source        text NOT NULL DEFAULT 'api',
  state         text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'forwarded', 'in_progress', 'answered', 'closed')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  forwarded_at  timestamptz,
  answered_at   timestamptz
);
CREATE INDEX tickets_line_state_idx ON tickets (line, state, created_at DESC);

CREATE TABLE ticket_events (
  id         bigserial PRIMARY KEY,
  ticket_id  bigint NOT NULL REFERENCES tickets (id),
  at         timestamptz NOT NULL DEFAULT now(),
  type       text NOT NULL,
  actor      text,
  note       text,
  data       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE OR DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION incident_events_append_only();
