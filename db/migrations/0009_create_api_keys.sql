-- API keys issued by admins (call-centre intake, Open311 clients), and what hotline transfers,
-- duplicate suggestions and Open311 need on tickets.

-- Keys are 192-bit random values, so SHA-256 of the key is enough (nothing to brute-force); lookup is by
-- that hash. Revoked keys stay listed so the audit keeps who had access when.
CREATE TABLE api_keys (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL,
  key_hash      text NOT NULL UNIQUE,
  prefix        text NOT NULL,
  scopes        text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['tickets', 'open311']::text[]),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz
);

-- A transfer hands the ticket to another line, whose deadlines count from then (contracts ticketDeadlines).
-- A ticket's first stint starts when it was created: the trigger fills line_since from created_at when an
-- INSERT leaves it out (a backdated import, a test fixture), so no writer can start the clock at now() by mistake.
ALTER TABLE tickets ADD COLUMN line_since timestamptz;
UPDATE tickets SET line_since = created_at;
ALTER TABLE tickets ALTER COLUMN line_since SET NOT NULL;
CREATE FUNCTION tickets_line_since_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.line_since := coalesce(NEW.line_since, NEW.created_at);
  RETURN NEW;
END $$;
CREATE TRIGGER tickets_line_since BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_line_since_default();
ALTER TABLE tickets ADD COLUMN transferred_from text CHECK (transferred_from IN ('1022', '113', '114', '115'));
-- Open311 clients may send the caller's e-mail; like the phone it is kept for call-backs, never served.
ALTER TABLE tickets ADD COLUMN caller_email text;
ALTER TABLE tickets ADD COLUMN media_url text;
-- Duplicate suggestions: same line and category, recent (the distance test runs on the few rows left).
CREATE INDEX tickets_line_category_created_idx ON tickets (line, category, created_at);
