import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, usingServices, type TestDatabase } from './testing/test-database.ts';
import { withTransaction } from './pool.ts';
import { hashDeviceSecret } from './secrets.ts';
import { insertDevice, listDevices, PRESENCE_STEP_MS, updateDeviceStatuses } from './repositories/devices-repository.ts';
import { insertTelemetry, type StoredTelemetry } from './repositories/telemetry-repository.ts';
import { insertDeadLetters, listDeadLetters } from './repositories/dead-letters-repository.ts';
import { getIncident, openOrRepeatIncident } from './repositories/incidents-repository.ts';
import { acknowledgeIncident, resolveIncident } from './repositories/incident-commands.ts';
import { listMigrations, migrate } from './migrate.ts';
import { readKpiFigures } from './repositories/kpi-repository.ts';
import { advanceTicket, createTicket } from './repositories/tickets-repository.ts';
import pino from 'pino';

const T0 = Date.parse('2026-11-21T01:00:00Z');
const fire = (seq: number, tsMs = T0 + seq * 1000, deviceId = 'FA-0001', area = 'A001'): StoredTelemetry => ({
  kind: 'fire',
  deviceId,
  seq,
  tsMs,
  area,
  payload: { ts: tsMs, seq, event: 'alarm', zone: 'Z1' },
});

// Shared fixture, written once: panel FA-0001 in area A001 with three alarms. Each test below that
// writes more uses its own ids or cleans up, so the tests pass in any order (vitest --sequence.shuffle).
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
  await insertDevice(db.pool, { id: 'FA-0001', kind: 'fire', lat: 21.03, lon: 105.85, area: 'A001' }, hashDeviceSecret('s'));
  await withTransaction(db.pool, (c) => insertTelemetry(c, [fire(1), fire(2), fire(3)]));
});
afterAll(async () => db?.close());

describe(`database (${usingServices ? 'PostgreSQL service' : 'embedded PGlite'})`, () => {
  it('uses TimescaleDB when present and plain tables otherwise', async () => {
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'timescaledb'`);
    expect(db.caps.timescale).toBe(rows[0].n === 1);
    if (!usingServices) expect(db.caps.timescale).toBe(true);
    if (db.caps.timescale) {
      const h = await db.pool.query(`SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1`);
      expect(h.rows.map((r) => r.hypertable_name)).toEqual(['camera_status', 'fire_events', 'queue_loads', 'transit_taps']);
    }
  });

  it('re-running migrations is a no-op', async () => {
    await migrate(db.pool, pino({ level: 'silent' }));
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(listMigrations(db.caps).length);
    expect(rows[0].n).toBeGreaterThanOrEqual(8);
  });

  it('stores a redelivered message once and reports only new ones', async () => {
    const other = (seq: number) => fire(seq, T0 + seq * 1000, 'FA-0002', 'A002');
    const first = await withTransaction(db.pool, (c) => insertTelemetry(c, [other(1), other(2)]));
    const again = await withTransaction(db.pool, (c) => insertTelemetry(c, [other(2), other(3)]));
    expect(first.map((m) => m.seq)).toEqual([1, 2]);
    expect(again.map((m) => m.seq)).toEqual([3]);
    const { rows } = await db.pool.query(`SELECT seq FROM fire_events WHERE device_id = 'FA-0002' ORDER BY seq`);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('keeps millisecond timestamps exact (the fresh-row check compares them)', async () => {
    const odd = [fire(10, T0 + 123_457), fire(11, 1_795_223_700_999)];
    const fresh = await withTransaction(db.pool, (c) => insertTelemetry(c, odd));
    expect(fresh.map((m) => m.seq)).toEqual([10, 11]);
    try {
      const { rows } = await db.pool.query(`SELECT seq, ts FROM fire_events WHERE device_id = 'FA-0001' AND seq >= 10 ORDER BY seq`);
      expect(rows.map((r) => r.ts.getTime())).toEqual([T0 + 123_457, 1_795_223_700_999]);
    } finally {
      await db.pool.query(`DELETE FROM fire_events WHERE device_id = 'FA-0001' AND seq >= 10`);
    }
  });

  it('serves rollups under the same names on both paths', async () => {
    const { rows } = await db.pool.query(`SELECT area, alarms::int FROM fire_events_1h WHERE area = 'A001'`);
    expect(rows.reduce((n, r) => n + r.alarms, 0)).toBe(3);
  });

  it('moves device status forward only, and reports changes', async () => {
    const changes = await withTransaction(db.pool, (c) => updateDeviceStatuses(c, [{ id: 'FA-0001', status: 'alarm', seenAt: new Date(T0 + 5000), seq: 5 }]));
    expect(changes).toMatchObject([{ id: 'FA-0001', status: 'alarm' }]);
    const stale = await withTransaction(db.pool, (c) => updateDeviceStatuses(c, [{ id: 'FA-0001', status: 'normal', seenAt: new Date(T0 + 1000), seq: 1 }]));
    expect(stale).toEqual([]);
    const [device] = await listDevices(db.pool, { kind: 'fire' });
    expect(device).toMatchObject({ status: 'alarm', lastSeenAt: new Date(T0 + 5000).toISOString() });
  });

  it('rewrites a chatty camera only when its status changes or a presence step passed, and a fire panel always', async () => {
    await insertDevice(db.pool, { id: 'CAM-P1', kind: 'camera', lat: 21, lon: 105.8, area: 'A001' }, hashDeviceSecret('s'));
    const rowVersion = async (id: string) => (await db.pool.query<{ v: string }>('SELECT xmin::text AS v FROM devices WHERE id = $1', [id])).rows[0]!.v;
    const report = (id: string, status: 'online' | 'offline' | 'alarm', atMs: number, seq: number) =>
      withTransaction(db.pool, (c) => updateDeviceStatuses(c, [{ id, status, seenAt: new Date(atMs), seq }]));
    const t = T0 + 7200_000;
    expect(await report('CAM-P1', 'online', t, 1)).toMatchObject([{ id: 'CAM-P1', status: 'online' }]);
    const first = await rowVersion('CAM-P1');
    // Every second for four seconds, nothing new: the row is neither written nor locked.
    for (let s = 1; s <= 4; s++) expect(await report('CAM-P1', 'online', t + s * 1000, 1 + s)).toEqual([]);
    expect(await rowVersion('CAM-P1')).toBe(first);
    expect((await listDevices(db.pool, { kind: 'camera' })).find((d) => d.id === 'CAM-P1')?.lastSeenAt).toBe(new Date(t).toISOString());
    // A presence step after the last write: last seen moves on.
    expect(await report('CAM-P1', 'online', t + PRESENCE_STEP_MS, 10)).toEqual([]);
    expect(await rowVersion('CAM-P1')).not.toBe(first);
    // A change is written at once, however soon.
    expect(await report('CAM-P1', 'offline', t + PRESENCE_STEP_MS + 100, 11)).toMatchObject([{ id: 'CAM-P1', status: 'offline', previous: 'online' }]);
    const device = (await listDevices(db.pool, { kind: 'camera' })).find((d) => d.id === 'CAM-P1');
    expect(device).toMatchObject({ status: 'offline', lastSeenAt: new Date(t + PRESENCE_STEP_MS + 100).toISOString() });
    // A fire panel's every message is written.
    await insertDevice(db.pool, { id: 'FA-P1', kind: 'fire', lat: 21, lon: 105.8, area: 'A001' }, hashDeviceSecret('s'));
    await report('FA-P1', 'alarm', t, 1);
    const fireFirst = await rowVersion('FA-P1');
    await report('FA-P1', 'alarm', t + 1000, 2);
    expect(await rowVersion('FA-P1')).not.toBe(fireFirst);
    await db.pool.query(`DELETE FROM devices WHERE id IN ('CAM-P1', 'FA-P1')`);
  });

  it('keeps dead letters with raw bytes, once per redelivery', async () => {
    const row = {
      deviceId: 'FA-0001',
      topic: 'city/v1/fire/FA-0001/event',
      payload: new TextEncoder().encode('{"bad"'),
      reason: 'CITYOPS_INGEST_PAYLOAD_NOT_JSON',
      detail: 'x',
    };
    await insertDeadLetters(db.pool, [row]);
    await insertDeadLetters(db.pool, [row]);
    const list = await listDeadLetters(db.pool, { deviceId: 'FA-0001' });
    expect(list).toHaveLength(1);
    expect(Buffer.from(list[0]!.payloadBase64, 'base64').toString()).toBe('{"bad"');
  });

  it('dedups incidents, gives one acknowledgement winner, and keeps an append-only timeline', async () => {
    const signal = { kind: 'fire_alarm' as const, severity: 'critical' as const, dedupKey: 'fire:FA-0001', title: 'Fire alarm', at: new Date(T0) };
    const a = await withTransaction(db.pool, (c) => openOrRepeatIncident(c, signal));
    const b = await withTransaction(db.pool, (c) => openOrRepeatIncident(c, { ...signal, at: new Date(T0 + 1000) }));
    expect(a.opened).toBe(true);
    expect(b).toMatchObject({ opened: false, incident: { id: a.incident.id, occurrences: 2 } });
    const results = await Promise.allSettled([
      withTransaction(db.pool, (c) => acknowledgeIncident(c, a.incident.id, 'alice', new Date())),
      withTransaction(db.pool, (c) => acknowledgeIncident(c, a.incident.id, 'bob', new Date())),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason.code).toBe('CITYOPS_INCIDENT_ALREADY_ACKNOWLEDGED');
    await withTransaction(db.pool, (c) => resolveIncident(c, a.incident.id, 'alice', 'false alarm: cooking smoke', new Date()));
    const full = await getIncident(db.pool, a.incident.id);
    expect(full.timeline!.map((e) => e.type)).toEqual(['opened', 'repeated', 'acknowledged', 'resolved']);
    expect(full.timeline![3]).toMatchObject({ note: 'false alarm: cooking smoke' });
    await expect(db.pool.query('DELETE FROM incident_events')).rejects.toThrow(/append-only/);
  });

  it('computes the KPI strip: cameras online, taps in the last minute, queue waiting and p90 wait', async () => {
    const now = new Date(T0 + 3600_000);
    await insertDevice(db.pool, { id: 'CAM-K1', kind: 'camera', lat: 21, lon: 105.8, area: 'A001' }, hashDeviceSecret('s'));
    await insertDevice(db.pool, { id: 'CAM-K2', kind: 'camera', lat: 21, lon: 105.8, area: 'A001' }, hashDeviceSecret('s'));
    await withTransaction(db.pool, (c) => updateDeviceStatuses(c, [{ id: 'CAM-K1', status: 'online', seenAt: now, seq: 1 }]));
    const minute = Math.floor(now.getTime() / 60_000) * 60_000 - 60_000;
    const tap = (seq: number, tsMs: number): StoredTelemetry => ({
      kind: 'transit',
      deviceId: 'QR-K1',
      seq,
      tsMs,
      area: 'A001',
      payload: { ts: tsMs, seq, token: `t${seq}`, result: 'accepted', routeId: 'BRT01' },
    });
    const load = (id: string, waiting: number, avgWaitSec: number): StoredTelemetry => ({
      kind: 'queue',
      deviceId: id,
      seq: 1,
      tsMs: now.getTime() - 60_000,
      area: 'A001',
      payload: { ts: 0, seq: 1, waiting, serving: 1, countersOpen: 2, avgWaitSec },
    });
    await withTransaction(db.pool, (c) =>
      insertTelemetry(c, [tap(1, minute + 1000), tap(2, minute + 59_000), tap(3, minute - 1000), load('MC-1', 10, 600), load('MC-2', 30, 1800)]),
    );
    const k = await readKpiFigures(db.pool, now);
    expect(k.camerasOnlinePct).toBe(50);
    expect(k.qrTapsPerMin).toBe(2);
    expect(k.queueWaiting).toBe(40);
    expect(k.queueP90WaitSec).toBe(1680);
    expect(k.hotlineCompliancePct).toBeNull();

    // Hotline: of three 1022 reports, one forwarded in 2 min, one in 9 min, one still waiting past its 5 min; a fresh one is undecided.
    const report = { line: '1022' as const, category: 'environment', description: 'Rác thải', lat: 21, lon: 105.8 };
    const at = (min: number) => new Date(now.getTime() - min * 60_000);
    const ids = await withTransaction(db.pool, async (c) => {
      const made = [];
      for (const min of [30, 20, 10, 1]) made.push((await createTicket(c, report, { actor: 'test', source: 'test' }, at(min))).id);
      await advanceTicket(c, made[0]!, 'forwarded', 'test', null, at(28));
      await advanceTicket(c, made[1]!, 'forwarded', 'test', null, at(11));
      return made;
    });
    expect(ids).toHaveLength(4);
    expect((await readKpiFigures(db.pool, now)).hotlineCompliancePct).toBe(33.3);
  });
});
