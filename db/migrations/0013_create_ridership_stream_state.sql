-- What transit:ridership has streamed of the current 5-minute bucket, kept in the
-- database rather than in one console's memory: every replica's emitter reads and writes it under an
-- advisory lock, in the transaction that appends the events, so two replicas never stream the same
-- change twice, and a restarted console carries on where the last refresh left off.
CREATE TABLE ridership_stream_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  bucket timestamptz NOT NULL,
  -- "routeId|stopId" → the taps last streamed for that stop in `bucket`.
  sent jsonb NOT NULL
);
