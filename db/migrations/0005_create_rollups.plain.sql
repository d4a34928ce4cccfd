-- Rollups as plain views (PostgreSQL without TimescaleDB). Same names and columns as the continuous aggregates.

CREATE VIEW camera_status_1m AS
SELECT date_trunc('minute', ts) AS bucket, area,
  count(*) AS reports,
  count(*) FILTER (WHERE status = 'online') AS online,
  count(*) FILTER (WHERE status = 'offline') AS offline,
  count(*) FILTER (WHERE status = 'degraded') AS degraded,
  count(*) FILTER (WHERE status = 'tampered') AS tampered
FROM camera_status GROUP BY 1, area;

CREATE VIEW camera_status_1h AS
SELECT date_trunc('hour', ts) AS bucket, area,
  count(*) AS reports,
  count(*) FILTER (WHERE status = 'online') AS online,
  count(*) FILTER (WHERE status = 'offline') AS offline,
  count(*) FILTER (WHERE status = 'degraded') AS degraded,
  count(*) FILTER (WHERE status = 'tampered') AS tampered
FROM camera_status GROUP BY 1, area;

CREATE VIEW fire_events_1h AS
SELECT date_trunc('hour', ts) AS bucket, area,
  count(*) AS events,
  count(*) FILTER (WHERE event = 'alarm') AS alarms,
  count(*) FILTER (WHERE event IN ('fault', 'supervisory')) AS troubles
FROM fire_events GROUP BY 1, area;

CREATE VIEW transit_taps_1m AS
SELECT date_trunc('minute', ts) AS bucket, route_id, stop_id, area,
  count(*) AS taps,
  count(*) FILTER (WHERE result = 'accepted') AS accepted,
  count(*) FILTER (WHERE result = 'rejected') AS rejected,
  sum(fare_vnd) AS fare_vnd
FROM transit_taps GROUP BY 1, route_id, stop_id, area;

CREATE VIEW transit_taps_1h AS
SELECT date_trunc('hour', ts) AS bucket, route_id, stop_id, area,
  count(*) AS taps,
  count(*) FILTER (WHERE result = 'accepted') AS accepted,
  count(*) FILTER (WHERE result = 'rejected') AS rejected,
  sum(fare_vnd) AS fare_vnd
FROM transit_taps GROUP BY 1, route_id, stop_id, area;

CREATE VIEW queue_loads_1m AS
SELECT date_trunc('minute', ts) AS bucket, device_id, area,
  count(*) AS reports,
  avg(waiting) AS avg_waiting,
  max(waiting) AS max_waiting,
  avg(avg_wait_sec) AS avg_wait_sec,
  max(avg_wait_sec) AS max_wait_sec,
  avg(counters_open) AS avg_counters_open,
  avg(satisfaction_pct) AS avg_satisfaction_pct
FROM queue_loads GROUP BY 1, device_id, area;

CREATE VIEW queue_loads_1h AS
SELECT date_trunc('hour', ts) AS bucket, device_id, area,
  count(*) AS reports,
  avg(waiting) AS avg_waiting,
  max(waiting) AS max_waiting,
  avg(avg_wait_sec) AS avg_wait_sec,
  max(avg_wait_sec) AS max_wait_sec,
  avg(counters_open) AS avg_counters_open,
  avg(satisfaction_pct) AS avg_satisfaction_pct
FROM queue_loads GROUP BY 1, device_id, area;
