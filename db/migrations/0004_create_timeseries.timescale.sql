-- TimescaleDB path: hypertables with compression and retention. Guarded by capability: the runner
-- chooses this file when the timescaledb extension is available, 0004_create_timeseries.plain.sql otherwise.
SELECT create_hypertable('camera_status', by_range('ts', INTERVAL '1 day'), migrate_data => true);
SELECT create_hypertable('fire_events',   by_range('ts', INTERVAL '7 days'), migrate_data => true);
SELECT create_hypertable('transit_taps',  by_range('ts', INTERVAL '1 day'), migrate_data => true);
SELECT create_hypertable('queue_loads',   by_range('ts', INTERVAL '1 day'), migrate_data => true);

ALTER TABLE camera_status SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id', timescaledb.compress_orderby = 'ts DESC, seq');
ALTER TABLE transit_taps  SET (timescaledb.compress, timescaledb.compress_segmentby = 'route_id', timescaledb.compress_orderby = 'ts DESC, device_id, seq');
ALTER TABLE queue_loads   SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id', timescaledb.compress_orderby = 'ts DESC, seq');
SELECT add_compression_policy('camera_status', INTERVAL '7 days');
SELECT add_compression_policy('transit_taps',  INTERVAL '7 days');
SELECT add_compression_policy('queue_loads',   INTERVAL '7 days');

-- Raw camera heartbeats and taps are kept 90 days; fire events (life-safety records) are kept.
SELECT add_retention_policy('camera_status', INTERVAL '90 days');
SELECT add_retention_policy('transit_taps',  INTERVAL '180 days');
SELECT add_retention_policy('queue_loads',   INTERVAL '400 days');
