-- History rollups as plain views (PostgreSQL without TimescaleDB): same names, columns and types as the
-- continuous aggregates of 0010_create_history_rollups.timescale.sql, computed from the raw tables on
-- every query. Correct, not fast: the figures of `npm run bench` are for the TimescaleDB path.
-- Days are Hà Nội days (UTC+7, no daylight saving); 5-minute buckets start on the epoch's grid like time_bucket.

CREATE VIEW camera_status_5m AS
SELECT date_bin(INTERVAL '5 minutes', ts, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket, area,
  count(*) AS reports,
  count(*) FILTER (WHERE status = 'online') AS online,
  count(*) FILTER (WHERE status = 'offline') AS offline,
  count(*) FILTER (WHERE status = 'degraded') AS degraded,
  count(*) FILTER (WHERE status = 'tampered') AS tampered
FROM camera_status GROUP BY 1, area;

CREATE VIEW camera_status_1d AS
SELECT date_trunc('day', ts, 'Asia/Ho_Chi_Minh') AS bucket, area,
  count(*) AS reports,
  count(*) FILTER (WHERE status = 'online') AS online,
  count(*) FILTER (WHERE status = 'offline') AS offline,
  count(*) FILTER (WHERE status = 'degraded') AS degraded,
  count(*) FILTER (WHERE status = 'tampered') AS tampered
FROM camera_status GROUP BY 1, area;

CREATE VIEW fire_events_5m AS
SELECT date_bin(INTERVAL '5 minutes', ts, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket, area,
  count(*) AS events,
  count(*) FILTER (WHERE event = 'alarm') AS alarms,
  count(*) FILTER (WHERE event IN ('fault', 'supervisory')) AS troubles
FROM fire_events GROUP BY 1, area;

CREATE VIEW fire_events_1d AS
SELECT date_trunc('day', ts, 'Asia/Ho_Chi_Minh') AS bucket, area,
  count(*) AS events,
  count(*) FILTER (WHERE event = 'alarm') AS alarms,
  count(*) FILTER (WHERE event IN ('fault', 'supervisory')) AS troubles
FROM fire_events GROUP BY 1, area;

CREATE VIEW transit_taps_5m AS
SELECT date_bin(INTERVAL '5 minutes', ts, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket, route_id, stop_id, area,
  count(*) AS taps,
  count(*) FILTER (WHERE result = 'accepted') AS accepted,
  count(*) FILTER (WHERE result = 'rejected') AS rejected,
  sum(fare_vnd) AS fare_vnd,
  count(*) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS located,
  sum(lat) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS lat_sum,
  sum(lon) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS lon_sum
FROM transit_taps GROUP BY 1, route_id, stop_id, area;

CREATE VIEW transit_taps_1d AS
SELECT date_trunc('day', ts, 'Asia/Ho_Chi_Minh') AS bucket, route_id, stop_id, area,
  count(*) AS taps,
  count(*) FILTER (WHERE result = 'accepted') AS accepted,
  count(*) FILTER (WHERE result = 'rejected') AS rejected,
  sum(fare_vnd)::bigint AS fare_vnd
FROM transit_taps GROUP BY 1, route_id, stop_id, area;

CREATE VIEW queue_loads_5m AS
SELECT date_bin(INTERVAL '5 minutes', ts, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket, device_id, area,
  count(*) AS reports,
  avg(waiting)::float8 AS avg_waiting, max(waiting) AS max_waiting,
  avg(avg_wait_sec)::float8 AS avg_wait_sec, max(avg_wait_sec)::float8 AS max_wait_sec,
  avg(counters_open)::float8 AS avg_counters_open, avg(satisfaction_pct)::float8 AS avg_satisfaction_pct,
  avg(serving)::float8 AS avg_serving,
  sum(waiting)::bigint AS waiting_sum, sum(serving)::bigint AS serving_sum, sum(counters_open)::bigint AS counters_open_sum,
  sum(avg_wait_sec)::float8 AS wait_sec_sum, sum(satisfaction_pct)::float8 AS satisfaction_sum, count(satisfaction_pct) AS satisfaction_reports
FROM queue_loads GROUP BY 1, device_id, area;

-- 0005's columns first (types as the rebuilt continuous aggregate), then the sums.
DROP VIEW queue_loads_1h;
CREATE VIEW queue_loads_1h AS
SELECT date_trunc('hour', ts) AS bucket, device_id, area,
  count(*) AS reports,
  avg(waiting)::float8 AS avg_waiting, max(waiting) AS max_waiting,
  avg(avg_wait_sec)::float8 AS avg_wait_sec, max(avg_wait_sec)::float8 AS max_wait_sec,
  avg(counters_open)::float8 AS avg_counters_open, avg(satisfaction_pct)::float8 AS avg_satisfaction_pct,
  avg(serving)::float8 AS avg_serving,
  sum(waiting)::bigint AS waiting_sum, sum(serving)::bigint AS serving_sum, sum(counters_open)::bigint AS counters_open_sum,
  sum(avg_wait_sec)::float8 AS wait_sec_sum, sum(satisfaction_pct)::float8 AS satisfaction_sum, count(satisfaction_pct) AS satisfaction_reports
FROM queue_loads GROUP BY 1, device_id, area;

CREATE VIEW queue_loads_1d AS
SELECT date_trunc('day', ts, 'Asia/Ho_Chi_Minh') AS bucket, device_id, area,
  count(*) AS reports,
  avg(waiting)::float8 AS avg_waiting, max(waiting) AS max_waiting,
  avg(avg_wait_sec)::float8 AS avg_wait_sec, max(avg_wait_sec)::float8 AS max_wait_sec,
  avg(counters_open)::float8 AS avg_counters_open, avg(satisfaction_pct)::float8 AS avg_satisfaction_pct,
  avg(serving)::float8 AS avg_serving,
  sum(waiting)::bigint AS waiting_sum, sum(serving)::bigint AS serving_sum, sum(counters_open)::bigint AS counters_open_sum,
  sum(avg_wait_sec)::float8 AS wait_sec_sum, sum(satisfaction_pct)::float8 AS satisfaction_sum, count(satisfaction_pct) AS satisfaction_reports
FROM queue_loads GROUP BY 1, device_id, area;
