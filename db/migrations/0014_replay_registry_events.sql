-- Replay follows the device registry too (device.registry: provisioned, revoked, restored), so the
-- replay indexes of 0012 are rebuilt with that topic in their predicate: the planner uses a partial
-- index only when the query's topic list matches it (db/src/repositories/replay-repository.ts).
DROP INDEX event_log_replay_at_idx;
CREATE INDEX event_log_replay_at_idx ON event_log (at, id)
  WHERE topic IN ('device.status', 'device.registry', 'incident.opened', 'incident.updated');

DROP INDEX event_log_replay_id_idx;
CREATE INDEX event_log_replay_id_idx ON event_log (id)
  WHERE topic IN ('device.status', 'device.registry', 'incident.opened', 'incident.updated');
