-- Every office's latest queue load, for the map's snapshot on page load (GET /api/queues/latest):
-- one index probe per office instead of a scan of the day's reports.
CREATE INDEX queue_loads_device_ts_idx ON queue_loads (device_id, ts DESC);
