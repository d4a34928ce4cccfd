-- Replay: the last 24 h of device states and incidents, read back from the event log.
-- Partial indexes only: transit taps and queue loads, the bulk of the log, never touch them.

-- The boundary of a replay time T: the last device/incident event logged at or before T.
CREATE INDEX event_log_replay_at_idx ON event_log (at, id)
  WHERE topic IN ('device.status', 'incident.opened', 'incident.updated');

-- A page of the replay stream: device/incident events in sseq order between two boundaries.
CREATE INDEX event_log_replay_id_idx ON event_log (id)
  WHERE topic IN ('device.status', 'incident.opened', 'incident.updated');

-- Rolling one device back to T: its first status change after T names the status it left.
CREATE INDEX event_log_device_status_idx ON event_log ((payload->>'id'), id)
  WHERE topic = 'device.status';

-- An incident's latest version at T, and whether its opening is still in the log.
CREATE INDEX event_log_incident_idx ON event_log (((payload->'incident'->>'id')::bigint), id)
  WHERE topic IN ('incident.opened', 'incident.updated');
