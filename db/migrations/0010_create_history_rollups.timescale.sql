-- History rollups: a 5-minute and a 1-day level beside 0005's 1-minute and 1-hour ones, so the
-- history API answers any range from at most a few thousand rows. Same names and columns as the plain views
-- of 0010_create_history_rollups.plain.sql.
--
-- Built on 0005 where its columns suffice (hierarchical continuous aggregates: counts add up exactly):
--   camera_status_1d ← camera_status_1h, fire_events_1d ← fire_events_1h, transit_taps_1d ← transit_taps_1h.
-- From the raw table where 0005 lacks what the console needs or would make a level costly to keep:
--   camera_status_5m (not on the 1-minute level, so the history never depends on that one, the
--   largest, being materialized), fire_events_5m (0005 has no finer fire level), transit_taps_5m (stop
--   positions for the ridership layer), queue_loads_5m (serving, and sums a coarser level re-averages exactly).
-- queue_loads_1h is rebuilt on queue_loads_5m with 0005's columns first and the sums after, and
-- queue_loads_1d on it. Every level keeps real-time aggregation (materialized_only = false): the newest,
-- not yet materialized buckets are computed from the level below at query time, so the console is live.
-- Days are Hà Nội days (UTC+7, no daylight saving).

CREATE MATERIALIZED VIEW camera_status_5m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '5 minutes', ts) AS bucket, area,
  count(*) AS reports,
  count(*) FILTER (WHERE status = 'online') AS online,
  count(*) FILTER (WHERE status = 'offline') AS offline,
  count(*) FILTER (WHERE status = 'degraded') AS degraded,
  count(*) FILTER (WHERE status = 'tampered') AS tampered
FROM camera_status GROUP BY 1, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('camera_status_5m', start_offset => INTERVAL '3 hours', end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '5 minutes');

CREATE MATERIALIZED VIEW camera_status_1d WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket, area,
  sum(reports)::bigint AS reports, sum(online)::bigint AS online, sum(offline)::bigint AS offline,
  sum(degraded)::bigint AS degraded, sum(tampered)::bigint AS tampered
FROM camera_status_1h GROUP BY 1, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('camera_status_1d', start_offset => INTERVAL '4 days', end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour');

CREATE MATERIALIZED VIEW fire_events_5m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '5 minutes', ts) AS bucket, area,
  count(*) AS events,
  count(*) FILTER (WHERE event = 'alarm') AS alarms,
  count(*) FILTER (WHERE event IN ('fault', 'supervisory')) AS troubles
FROM fire_events GROUP BY 1, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('fire_events_5m', start_offset => INTERVAL '3 hours', end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '5 minutes');

CREATE MATERIALIZED VIEW fire_events_1d WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket, area,
  sum(events)::bigint AS events, sum(alarms)::bigint AS alarms, sum(troubles)::bigint AS troubles
FROM fire_events_1h GROUP BY 1, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('fire_events_1d', start_offset => INTERVAL '4 days', end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour');

-- A stop's position is the mean of its taps' positions (a bus validator moves along its route).
CREATE MATERIALIZED VIEW transit_taps_5m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '5 minutes', ts) AS bucket, route_id, stop_id, area,
  count(*) AS taps,
  count(*) FILTER (WHERE result = 'accepted') AS accepted,
  count(*) FILTER (WHERE result = 'rejected') AS rejected,
  sum(fare_vnd) AS fare_vnd,
  count(*) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS located,
  sum(lat) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS lat_sum,
  sum(lon) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS lon_sum
FROM transit_taps GROUP BY 1, route_id, stop_id, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('transit_taps_5m', start_offset => INTERVAL '3 hours', end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '5 minutes');

CREATE MATERIALIZED VIEW transit_taps_1d WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket, route_id, stop_id, area,
  sum(taps)::bigint AS taps, sum(accepted)::bigint AS accepted, sum(rejected)::bigint AS rejected, sum(fare_vnd)::bigint AS fare_vnd
FROM transit_taps_1h GROUP BY 1, route_id, stop_id, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('transit_taps_1d', start_offset => INTERVAL '4 days', end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour');

CREATE MATERIALIZED VIEW queue_loads_5m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '5 minutes', ts) AS bucket, device_id, area,
  count(*) AS reports,
  avg(waiting)::float8 AS avg_waiting, max(waiting) AS max_waiting,
  avg(avg_wait_sec)::float8 AS avg_wait_sec, max(avg_wait_sec)::float8 AS max_wait_sec,
  avg(counters_open)::float8 AS avg_counters_open, avg(satisfaction_pct)::float8 AS avg_satisfaction_pct,
  avg(serving)::float8 AS avg_serving,
  sum(waiting)::bigint AS waiting_sum, sum(serving)::bigint AS serving_sum, sum(counters_open)::bigint AS counters_open_sum,
  sum(avg_wait_sec)::float8 AS wait_sec_sum, sum(satisfaction_pct)::float8 AS satisfaction_sum, count(satisfaction_pct) AS satisfaction_reports
FROM queue_loads GROUP BY 1, device_id, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('queue_loads_5m', start_offset => INTERVAL '3 hours', end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '5 minutes');

DROP MATERIALIZED VIEW queue_loads_1h;
CREATE MATERIALIZED VIEW queue_loads_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket, device_id, area,
  sum(reports)::bigint AS reports,
  (sum(waiting_sum) / sum(reports))::float8 AS avg_waiting, max(max_waiting) AS max_waiting,
  (sum(wait_sec_sum) / sum(reports))::float8 AS avg_wait_sec, max(max_wait_sec)::float8 AS max_wait_sec,
  (sum(counters_open_sum) / sum(reports))::float8 AS avg_counters_open,
  (sum(satisfaction_sum) / nullif(sum(satisfaction_reports), 0))::float8 AS avg_satisfaction_pct,
  (sum(serving_sum) / sum(reports))::float8 AS avg_serving,
  sum(waiting_sum)::bigint AS waiting_sum, sum(serving_sum)::bigint AS serving_sum, sum(counters_open_sum)::bigint AS counters_open_sum,
  sum(wait_sec_sum)::float8 AS wait_sec_sum, sum(satisfaction_sum)::float8 AS satisfaction_sum, sum(satisfaction_reports)::bigint AS satisfaction_reports
FROM queue_loads_5m GROUP BY 1, device_id, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('queue_loads_1h', start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');

CREATE MATERIALIZED VIEW queue_loads_1d WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket, 'Asia/Ho_Chi_Minh') AS bucket, device_id, area,
  sum(reports)::bigint AS reports,
  (sum(waiting_sum) / sum(reports))::float8 AS avg_waiting, max(max_waiting) AS max_waiting,
  (sum(wait_sec_sum) / sum(reports))::float8 AS avg_wait_sec, max(max_wait_sec)::float8 AS max_wait_sec,
  (sum(counters_open_sum) / sum(reports))::float8 AS avg_counters_open,
  (sum(satisfaction_sum) / nullif(sum(satisfaction_reports), 0))::float8 AS avg_satisfaction_pct,
  (sum(serving_sum) / sum(reports))::float8 AS avg_serving,
  sum(waiting_sum)::bigint AS waiting_sum, sum(serving_sum)::bigint AS serving_sum, sum(counters_open_sum)::bigint AS counters_open_sum,
  sum(wait_sec_sum)::float8 AS wait_sec_sum, sum(satisfaction_sum)::float8 AS satisfaction_sum, sum(satisfaction_reports)::bigint AS satisfaction_reports
FROM queue_loads_1h GROUP BY 1, device_id, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('queue_loads_1d', start_offset => INTERVAL '4 days', end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour');
