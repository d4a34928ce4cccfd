-- Fire-alarm buildings: the registry a fire panel is tied to, the fire stations a deployment
-- supplies, and the hand-off records sent to 114. Panels link to their building; an incident on a panel
-- then carries the address, floors, occupants and contact a fire crew asks for first.
CREATE TABLE buildings (
  id              text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  -- The house identifier of the national address database (mã số định danh nhà), when known.
  house_id        text,
  name            text,
  address         text NOT NULL,
  area            text,
  lat             double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon             double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  floors          integer CHECK (floors BETWEEN 0 AND 200),
  basement_floors integer CHECK (basement_floors BETWEEN 0 AND 20),
  occupants       integer CHECK (occupants >= 0),
  -- residential, apartment, office, commercial, karaoke, hotel, hospital, school, factory, mixed, other
  usage           text,
  contact_name    text,
  contact_phone   text,
  notes           text,
  -- 'registry' for buildings entered by the city, 'sample' for the embedded demo's generated ones.
  source          text NOT NULL DEFAULT 'registry',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX buildings_area_idx ON buildings (area);
CREATE UNIQUE INDEX buildings_house_id_idx ON buildings (house_id) WHERE house_id IS NOT NULL;

ALTER TABLE devices ADD COLUMN building_id text REFERENCES buildings (id);
CREATE INDEX devices_building_idx ON devices (building_id) WHERE building_id IS NOT NULL;

-- Loaded from a GeoJSON file; `source` names the file's origin so sample data is never mistaken for real.
CREATE TABLE fire_stations (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  address    text,
  phone      text,
  lat        double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon        double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  source     text NOT NULL,
  sample     boolean NOT NULL DEFAULT false,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);

-- What was handed to 114 and when: a snapshot, so the record stays true after the registry changes.
CREATE TABLE fire_handoffs (
  id           bigserial PRIMARY KEY,
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  at           timestamptz NOT NULL DEFAULT now(),
  by_user      text NOT NULL,
  unit         text NOT NULL DEFAULT '114',
  station_id   text,
  building     jsonb,
  stations     jsonb NOT NULL DEFAULT '[]'::jsonb,
  note         text
);
CREATE INDEX fire_handoffs_incident_idx ON fire_handoffs (incident_id, id);
CREATE TRIGGER fire_handoffs_no_update BEFORE UPDATE OR DELETE ON fire_handoffs
  FOR EACH ROW EXECUTE FUNCTION incident_events_append_only();
