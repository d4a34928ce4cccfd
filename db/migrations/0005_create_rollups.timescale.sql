-- Rollups as continuous aggregates (TimescaleDB path). Same names and columns as the plain views.

CREATE MATERIALIZED VIEW camera_status_1m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 minute', ts) AS bucket, area,
  count(*) AS reports,
  count(*) FILTER (WHERE status = 'online') AS online,
  count(*) FILTER (WHERE status = 'offline') AS offline,
  count(*) FILTER (WHERE status = 'degraded') AS degraded,
  count(*) FILTER (WHERE status = 'tampered') AS tampered
FROM camera_status GROUP BY bucket, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('camera_status_1m', start_offset => INTERVAL '3 hours', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute');

CREATE MATERIALIZED VIEW camera_status_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', ts) AS bucket, area,
  count(*) AS reports,
  count(*) FILTER (WHERE status = 'online') AS online,
  count(*) FILTER (WHERE status = 'offline') AS offline,
  count(*) FILTER (WHERE status = 'degraded') AS degraded,
  count(*) FILTER (WHERE status = 'tampered') AS tampered
FROM camera_status GROUP BY bucket, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('camera_status_1h', start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');

CREATE MATERIALIZED VIEW fire_events_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', ts) AS bucket, area,
  count(*) AS events,
  count(*) FILTER (WHERE event = 'alarm') AS alarms,
  count(*) FILTER (WHERE event IN ('fault', 'supervisory')) AS troubles
FROM fire_events GROUP BY bucket, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('fire_events_1h', start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');

CREATE MATERIALIZED VIEW transit_taps_1m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 minute', ts) AS bucket, route_id, stop_id, area,
  count(*) AS taps,
  count(*) FILTER (WHERE result = 'accepted') AS accepted,
  count(*) FILTER (WHERE result = 'rejected') AS rejected,
  sum(fare_vnd) AS fare_vnd
FROM transit_taps GROUP BY bucket, route_id, stop_id, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('transit_taps_1m', start_offset => INTERVAL '3 hours', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute');

CREATE MATERIALIZED VIEW transit_taps_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', ts) AS bucket, route_id, stop_id, area,
  count(*) AS taps,
  count(*) FILTER (WHERE result = 'accepted') AS accepted,
  count(*) FILTER (WHERE result = 'rejected') AS rejected,
  sum(fare_vnd) AS fare_vnd
FROM transit_taps GROUP BY bucket, route_id, stop_id, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('transit_taps_1h', start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');

CREATE MATERIALIZED VIEW queue_loads_1m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 minute', ts) AS bucket, device_id, area,
  count(*) AS reports,
  avg(waiting) AS avg_waiting,
  max(waiting) AS max_waiting,
  avg(avg_wait_sec) AS avg_wait_sec,
  max(avg_wait_sec) AS max_wait_sec,
  avg(counters_open) AS avg_counters_open,
  avg(satisfaction_pct) AS avg_satisfaction_pct
FROM queue_loads GROUP BY bucket, device_id, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('queue_loads_1m', start_offset => INTERVAL '3 hours', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute');

CREATE MATERIALIZED VIEW queue_loads_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', ts) AS bucket, device_id, area,
  count(*) AS reports,
  avg(waiting) AS avg_waiting,
  max(waiting) AS max_waiting,
  avg(avg_wait_sec) AS avg_wait_sec,
  max(avg_wait_sec) AS max_wait_sec,
  avg(counters_open) AS avg_counters_open,
  avg(satisfaction_pct) AS avg_satisfaction_pct
FROM queue_loads GROUP BY bucket, device_id, area WITH NO DATA;
SELECT add_continuous_aggregate_policy('queue_loads_1h', start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
