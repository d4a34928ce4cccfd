-- Shift handovers: the outgoing operator's record of what stays open (a snapshot taken when it was
-- made), their notes, and the incoming operator's signature. Once signed by both it never changes.
CREATE TABLE shift_handovers (
  id              bigserial PRIMARY KEY,
  created_at      timestamptz NOT NULL DEFAULT now(),
  outgoing        text NOT NULL,
  notes           text NOT NULL,
  snapshot        jsonb NOT NULL,
  incoming        text,
  accepted_at     timestamptz,
  incoming_note   text,
  CHECK ((incoming IS NULL) = (accepted_at IS NULL)),
  CHECK (incoming IS NULL OR incoming <> outgoing)
);
CREATE INDEX shift_handovers_created_idx ON shift_handovers (created_at DESC, id DESC);

-- The only change ever allowed: the incoming signature, once, on an unsigned record.
CREATE FUNCTION shift_handovers_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.incoming IS NULL AND NEW.incoming IS NOT NULL
     AND NEW.id = OLD.id AND NEW.created_at = OLD.created_at AND NEW.outgoing = OLD.outgoing
     AND NEW.notes = OLD.notes AND NEW.snapshot = OLD.snapshot THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'a shift handover is changed only by the incoming signature, once' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER shift_handovers_signed_once BEFORE UPDATE OR DELETE ON shift_handovers
  FOR EACH ROW EXECUTE FUNCTION shift_handovers_guard();
