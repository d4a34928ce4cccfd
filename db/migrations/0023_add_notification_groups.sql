-- Routes with `groupBy` tell of several incidents in one notification: the first of a group after
-- the group wait, later ones together once per group interval. A group's notification is a
-- delivery row like any other, keyed by group, that lists its incidents; while it waits to be sent,
-- incidents that join the group are added to it instead of getting rows of their own.
ALTER TABLE notification_deliveries
  ADD COLUMN group_key text,
  -- When the group's notification was planned to go, for the next one's interval.
  ADD COLUMN group_due_at timestamptz,
  -- Every incident the notification tells of (the row's incident_id is the first).
  ADD COLUMN group_incident_ids bigint[] NOT NULL DEFAULT '{}';
CREATE INDEX notification_deliveries_group_idx ON notification_deliveries (group_key, contact_point_id, id) WHERE group_key IS NOT NULL;
CREATE INDEX notification_deliveries_group_members_idx ON notification_deliveries USING gin (group_incident_ids);
