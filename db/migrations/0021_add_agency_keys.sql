-- Agencies (113, 114, 115, a ward's field team) read and report back on what is theirs with an
-- `agency` API key that names its lines or its areas; the key's reach is checked on every request.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check
  CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['tickets', 'open311', 'agency']::text[]);
ALTER TABLE api_keys
  ADD COLUMN agency_lines text[] NOT NULL DEFAULT '{}' CHECK (agency_lines <@ ARRAY['113', '114', '115']::text[]),
  ADD COLUMN agency_areas text[] NOT NULL DEFAULT '{}';
-- An agency key that reaches nothing would be a key that silently sees nothing.
ALTER TABLE api_keys ADD CONSTRAINT api_keys_agency_reach_check
  CHECK (NOT ('agency' = ANY (scopes)) OR cardinality(agency_lines) + cardinality(agency_areas) > 0);
