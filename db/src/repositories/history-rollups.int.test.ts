import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { refreshDueRollups } from './rollup-refresh.ts';

// Migration 0010: the rollups have the same names, columns and types on both database paths,
// so every query of the history API runs unchanged on either. One golden list, checked on each path.
const Q =
  'bucket:timestamp with time zone device_id:text area:text reports:bigint avg_waiting:double precision max_waiting:integer avg_wait_sec:double precision' +
  ' max_wait_sec:double precision avg_counters_open:double precision avg_satisfaction_pct:double precision avg_serving:double precision' +
  ' waiting_sum:bigint serving_sum:bigint counters_open_sum:bigint wait_sec_sum:double precision satisfaction_sum:double precision satisfaction_reports:bigint';
const CAM = 'bucket:timestamp with time zone area:text reports:bigint online:bigint offline:bigint degraded:bigint tampered:bigint';
const FIRE = 'bucket:timestamp with time zone area:text events:bigint alarms:bigint troubles:bigint';
const TAPS = 'bucket:timestamp with time zone route_id:text stop_id:text area:text taps:bigint accepted:bigint rejected:bigint fare_vnd:bigint';
const GOLDEN: Record<string, string> = {
  camera_status_5m: CAM,
  camera_status_1h: CAM,
  camera_status_1d: CAM,
  fire_events_5m: FIRE,
  fire_events_1h: FIRE,
  fire_events_1d: FIRE,
  transit_taps_5m: `${TAPS} located:bigint lat_sum:double precision lon_sum:double precision`,
  transit_taps_1h: TAPS,
  transit_taps_1d: TAPS,
  queue_loads_5m: Q,
  queue_loads_1h: Q,
  queue_loads_1d: Q,
};

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe('history rollups (0010)', () => {
  it('have the golden names, columns and types', async () => {
    const { rows } = await db.pool.query(
      `SELECT table_name, string_agg(column_name || ':' || data_type, ' ' ORDER BY ordinal_position) AS cols
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1) GROUP BY table_name`,
      [Object.keys(GOLDEN)],
    );
    expect(Object.fromEntries(rows.map((r) => [r.table_name, r.cols]))).toEqual(GOLDEN);
  });

  it('answer rows just written, at every level, before any refresh (real-time aggregation or views)', async () => {
    await db.pool.query(
      `INSERT INTO queue_loads (ts, device_id, seq, area, waiting, serving, counters_open, avg_wait_sec) VALUES (now(), 'Q-R1', 1, 'A9', 7, 2, 3, 120)`,
    );
    for (const level of ['5m', '1h', '1d']) {
      const { rows } = await db.pool.query(`SELECT reports::int, avg_waiting, avg_serving FROM queue_loads_${level} WHERE device_id = 'Q-R1'`);
      expect(rows, level).toEqual([{ reports: 1, avg_waiting: 7, avg_serving: 2 }]);
    }
  });

  it('refresh: on TimescaleDB the due policies run finer levels first, each once per its interval; plain views have none', async () => {
    const lastRun = new Map<number, number>();
    const ran = await refreshDueRollups(db.pool, lastRun, Date.now());
    if (!db.caps.timescale) {
      expect(ran).toEqual([]);
      return;
    }
    expect(new Set(ran)).toEqual(new Set([...Object.keys(GOLDEN), 'camera_status_1m', 'transit_taps_1m', 'queue_loads_1m']));
    const level = (v: string) => ['1m', '5m', '1h', '1d'].indexOf(v.slice(-2));
    expect(ran.map(level)).toEqual([...ran.map(level)].sort());
    expect(await refreshDueRollups(db.pool, lastRun, Date.now() + 1000)).toEqual([]);
    expect(await refreshDueRollups(db.pool, lastRun, Date.now() + 5 * 60_000 + 1000)).toContain('queue_loads_5m');
    const { rows } = await db.pool.query(`SELECT reports::int FROM queue_loads_5m WHERE device_id = 'Q-R1'`);
    expect(rows).toEqual([{ reports: 1 }]);
  });
});
