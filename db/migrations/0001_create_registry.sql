-- Device registry, users and sessions. Secrets and passwords are stored only as hashes.
CREATE TABLE devices (
  id            text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  kind          text NOT NULL CHECK (kind IN ('camera', 'fire', 'transit', 'queue')),
  name          text,
  lat           double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon           double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  area          text,
  address       text,
  secret_hash   text NOT NULL,
  revoked_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  status        text NOT NULL DEFAULT 'unknown',
  status_at     timestamptz,
  last_seen_at  timestamptz,
  last_seq      bigint
);
CREATE INDEX devices_kind_idx ON devices (kind);
CREATE INDEX devices_area_idx ON devices (area);

CREATE TABLE users (
  username       text PRIMARY KEY CHECK (username ~ '^[A-Za-z0-9_.-]{1,64}$'),
  role           text NOT NULL CHECK (role IN ('viewer', 'dispatcher', 'supervisor', 'admin')),
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  disabled_at    timestamptz
);

-- The cookie carries a random token; only its SHA-256 is stored, so a database leak yields no sessions.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  username     text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
