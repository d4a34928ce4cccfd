-- One time-series table per device stream. (device_id, seq, ts) identifies a message (a device
-- resends the same three until it is acknowledged), so the unique key makes a redelivered message a
-- no-op. TimescaleDB requires the time column in it.
-- `area` is copied from the registry at ingest so rollups per area need no join.
CREATE TABLE camera_status (
  ts               timestamptz NOT NULL,
  device_id        text NOT NULL,
  seq              bigint NOT NULL,
  area             text,
  status           text NOT NULL,
  fps              real,
  bitrate_kbps     real,
  recording        boolean,
  storage_free_pct real,
  received_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, seq, ts)
);
CREATE INDEX camera_status_ts_idx ON camera_status (ts DESC);

CREATE TABLE fire_events (
  ts                     timestamptz NOT NULL,
  device_id              text NOT NULL,
  seq                    bigint NOT NULL,
  area                   text,
  event                  text NOT NULL,
  zone                   text,
  detector               text,
  smoke_obscuration_pct  real,
  temperature_c          real,
  received_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, seq, ts)
);
CREATE INDEX fire_events_ts_idx ON fire_events (ts DESC);

CREATE TABLE transit_taps (
  ts          timestamptz NOT NULL,
  device_id   text NOT NULL,
  seq         bigint NOT NULL,
  area        text,
  token       text NOT NULL,
  result      text NOT NULL,
  route_id    text NOT NULL,
  stop_id     text,
  vehicle_id  text,
  fare_vnd    integer,
  lat         double precision,
  lon         double precision,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, seq, ts)
);
CREATE INDEX transit_taps_ts_idx ON transit_taps (ts DESC);
CREATE INDEX transit_taps_token_idx ON transit_taps (token, ts DESC);

CREATE TABLE queue_loads (
  ts                timestamptz NOT NULL,
  device_id         text NOT NULL,
  seq               bigint NOT NULL,
  area              text,
  waiting           integer NOT NULL,
  serving           integer NOT NULL,
  counters_open     integer NOT NULL,
  avg_wait_sec      real NOT NULL,
  issued_today      integer,
  served_today      integer,
  satisfaction_pct  real,
  received_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, seq, ts)
);
CREATE INDEX queue_loads_ts_idx ON queue_loads (ts DESC);

-- Invalid payloads are never dropped silently: kept with their raw bytes and a reason code, so
-- an admin can see what a device sent that was refused, and why (GET /api/dead-letters).
CREATE TABLE dead_letters (
  id           bigserial PRIMARY KEY,
  received_at  timestamptz NOT NULL DEFAULT now(),
  device_id    text,
  topic        text NOT NULL,
  payload      bytea NOT NULL,
  payload_bytes integer NOT NULL,
  reason       text NOT NULL,
  detail       text NOT NULL DEFAULT '',
  seq          bigint
);
CREATE INDEX dead_letters_device_idx ON dead_letters (device_id, received_at DESC);
CREATE INDEX dead_letters_received_idx ON dead_letters (received_at DESC);
-- A redelivered invalid message is one dead letter, not two (the bytes are the identity here).
CREATE UNIQUE INDEX dead_letters_identity_idx ON dead_letters (topic, md5(payload));
