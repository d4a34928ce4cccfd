import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { withTransaction } from '../pool.ts';
import { insertTelemetry, type StoredTelemetry } from './telemetry-repository.ts';
import { COPY_MIN_ROWS, takesCopy } from './telemetry-copy.ts';

/**
 * Batches big enough for the bulk path (COPY through a staging table on a PostgreSQL server; the
 * unnest INSERT on the embedded database): the same answers either way — each message stored once,
 * exactly as sent, and only new ones reported.
 */
const T0 = Date.parse('2026-11-21T01:00:00Z');
const N = COPY_MIN_ROWS + 50;
let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
}, 120_000);
afterAll(async () => db?.close());

const fire = (seq: number, zone = `Tầng ${seq % 9}`): StoredTelemetry => ({
  kind: 'fire',
  deviceId: 'FA-BULK-1',
  seq,
  tsMs: T0 + seq * 1000 + 7,
  area: 'A001',
  payload: { ts: T0 + seq * 1000 + 7, seq, event: 'alarm', zone },
});

describe(`big telemetry batches (${COPY_MIN_ROWS}+ rows)`, () => {
  it('go by COPY on a PostgreSQL server only', async () => {
    const client = await db.pool.connect();
    try {
      expect(await takesCopy(client, N)).toBe(db.mode === 'service');
      expect(await takesCopy(client, COPY_MIN_ROWS - 1)).toBe(false);
    } finally {
      client.release();
    }
  });

  it('report exactly the new messages, in order, when some were stored before or repeat within the batch', async () => {
    const first = await withTransaction(db.pool, (c) =>
      insertTelemetry(
        c,
        Array.from({ length: N }, (_, i) => fire(i)),
      ),
    );
    expect(first.map((m) => m.seq)).toEqual(Array.from({ length: N }, (_, i) => i));

    // Half redelivered, half new, and one new message sent twice.
    const mixed = [...Array.from({ length: N }, (_, i) => fire(N / 2 + i)), fire(N + 3)];
    const again = await withTransaction(db.pool, (c) => insertTelemetry(c, mixed));
    expect(again.map((m) => m.seq)).toEqual(Array.from({ length: N / 2 }, (_, i) => N + i));
    expect(again.filter((m) => m.seq === N + 3)).toHaveLength(1);

    const { rows } = await db.pool.query(`SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d FROM fire_events WHERE device_id = 'FA-BULK-1'`);
    expect(rows[0]).toEqual({ n: N + N / 2, d: N + N / 2 });
    // Nothing new: nothing reported.
    expect(await withTransaction(db.pool, (c) => insertTelemetry(c, mixed))).toEqual([]);
  });

  it('store a message sent twice within an otherwise new batch once, and report it once, as its first copy', async () => {
    const panel = (seq: number): StoredTelemetry => ({ ...fire(seq), deviceId: 'FA-BULK-4' });
    const batch = [...Array.from({ length: N }, (_, i) => panel(i)), panel(7), panel(N - 1)];
    const fresh = await withTransaction(db.pool, (c) => insertTelemetry(c, batch));
    expect(fresh.map((m) => m.seq)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(fresh[7]).toBe(batch[7]);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM fire_events WHERE device_id = 'FA-BULK-4'`);
    expect(rows[0].n).toBe(N);
  });

  it('store every kind exactly as sent: free text with tabs, newlines and backslashes, nulls, floats, millisecond times', async () => {
    const text = 'Tầng 2\tkho "B"\nlối\r\\N \\';
    const batch: StoredTelemetry[] = [];
    for (let i = 0; i < N; i++) {
      const tsMs = T0 + i * 60_000 + 123;
      const detector = i % 2 ? {} : { detector: 'heat' as const };
      batch.push({
        kind: 'fire',
        deviceId: 'FA-BULK-2',
        seq: i,
        tsMs,
        area: null,
        payload: { ts: tsMs, seq: i, event: 'alarm', zone: text, ...detector, temperatureC: 58.25 },
      });
      batch.push({
        kind: 'camera',
        deviceId: 'CAM-BULK-1',
        seq: i,
        tsMs,
        area: 'A002',
        payload: { ts: tsMs, seq: i, status: 'online', fps: 24.5, recording: false },
      });
      batch.push({
        kind: 'transit',
        deviceId: 'QR-BULK-1',
        seq: i,
        tsMs,
        area: 'A003',
        payload: { ts: tsMs, seq: i, token: `t\\${i}`, result: 'accepted', routeId: 'BRT01', fareVnd: 7000, lat: 21.028511, lon: 105.804817 },
      });
      batch.push({
        kind: 'queue',
        deviceId: 'MC-BULK-1',
        seq: i,
        tsMs,
        area: 'A004',
        payload: { ts: tsMs, seq: i, waiting: 12, serving: 3, countersOpen: 4, avgWaitSec: 420.5 },
      });
    }
    const fresh = await withTransaction(db.pool, (c) => insertTelemetry(c, batch));
    expect(fresh).toHaveLength(4 * N);

    const one = async (sql: string) => (await db.pool.query(sql)).rows[0];
    expect(await one(`SELECT zone, detector, temperature_c, area, ts FROM fire_events WHERE device_id = 'FA-BULK-2' AND seq = 1`)).toEqual({
      zone: text,
      detector: null,
      temperature_c: 58.25,
      area: null,
      ts: new Date(T0 + 60_000 + 123),
    });
    expect(await one(`SELECT status, fps, recording, bitrate_kbps FROM camera_status WHERE device_id = 'CAM-BULK-1' AND seq = 7`)).toEqual({
      status: 'online',
      fps: 24.5,
      recording: false,
      bitrate_kbps: null,
    });
    expect(await one(`SELECT token, fare_vnd, lat, lon, stop_id FROM transit_taps WHERE device_id = 'QR-BULK-1' AND seq = 9`)).toEqual({
      token: 't\\9',
      fare_vnd: 7000,
      lat: 21.028511,
      lon: 105.804817,
      stop_id: null,
    });
    expect(await one(`SELECT waiting, avg_wait_sec, issued_today FROM queue_loads WHERE device_id = 'MC-BULK-1' AND seq = 3`)).toEqual({
      waiting: 12,
      avg_wait_sec: 420.5,
      issued_today: null,
    });
  });

  it('from two writers at once (two gateways given one redelivered range): each message stored once and reported new by one of them', async () => {
    const panel = (seq: number): StoredTelemetry => ({ ...fire(seq), deviceId: 'FA-BULK-3' });
    const a = Array.from({ length: N }, (_, i) => panel(i));
    const b = Array.from({ length: N }, (_, i) => panel(N / 2 + i));
    const [freshA, freshB] = await Promise.all([
      withTransaction(db.pool, (c) => insertTelemetry(c, a)),
      withTransaction(db.pool, (c) => insertTelemetry(c, b)),
    ]);
    const reported = [...freshA, ...freshB].map((m) => m.seq).sort((x, y) => x - y);
    expect(reported).toEqual(Array.from({ length: N + N / 2 }, (_, i) => i));
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM fire_events WHERE device_id = 'FA-BULK-3'`);
    expect(rows[0].n).toBe(N + N / 2);
  });

  it('roll back with their transaction: nothing of a failed batch stays, and the next one goes through', async () => {
    await expect(
      withTransaction(db.pool, async (c) => {
        await insertTelemetry(
          c,
          Array.from({ length: N }, (_, i) => fire(10_000 + i)),
        );
        throw new Error('a later step of the batch failed');
      }),
    ).rejects.toThrow('a later step');
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM fire_events WHERE device_id = 'FA-BULK-1' AND seq >= 10000`);
    expect(rows[0].n).toBe(0);
    const fresh = await withTransaction(db.pool, (c) =>
      insertTelemetry(
        c,
        Array.from({ length: N }, (_, i) => fire(10_000 + i)),
      ),
    );
    expect(fresh).toHaveLength(N);
  });
});
