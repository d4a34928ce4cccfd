import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { DeviceStatus } from '@cityops/contracts';
import { appendEvents, listIncidents, provisionDevice, type EventLogEntry } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startAlerting, type Alerting } from './incident-service.ts';

// The rule engine wired to the event log and the registry, on a fake clock.
let db: TestDatabase;
let alerting: Alerting;
const T0 = Date.parse('2026-11-21T03:00:00Z');
let clock = T0;
const SEC = 1000;

const status = (id: string, s: DeviceStatus, at: number): EventLogEntry<'device.status'> => ({
  topic: 'device.status',
  payload: { id, kind: 'camera', status: s, lat: 21.05, lon: 105.8, area: 'A009', at: new Date(at).toISOString() },
});

/** Lets the consumer read what was appended, then runs the clock-driven rules. */
async function settle(): Promise<void> {
  alerting.wake();
  await new Promise((r) => setTimeout(r, 300));
  await alerting.tick();
}

beforeAll(async () => {
  db = await openTestDatabase();
  for (let i = 1; i <= 30; i++) {
    await provisionDevice(db.pool, { id: `CAM-A009-${String(i).padStart(2, '0')}`, kind: 'camera', lat: 21.05, lon: 105.8, area: 'A009' });
  }
  await provisionDevice(db.pool, { id: 'CAM-SOLO', kind: 'camera', lat: 21.0, lon: 105.9, area: 'A010', address: 'Nút giao mẫu 1' });
  await provisionDevice(db.pool, { id: 'CAM-FLAP', kind: 'camera', lat: 21.0, lon: 105.9, area: 'A011' });
  // Everyone reported just before alerting started.
  await db.pool.query(`UPDATE devices SET last_seen_at = $1, status = 'online'`, [new Date(T0 - 5 * SEC)]);
  alerting = startAlerting({ pool: db.pool, log: pino({ level: 'silent' }), now: () => clock, pollMs: 50, tickMs: 3_600_000 });
  await alerting.tick();
});
afterAll(async () => {
  await alerting?.stop();
  await db?.close();
});

describe('alerting rules on the event log', () => {
  it('a camera gone silent opens an offline incident within its interval plus grace, not before', async () => {
    // Keep every camera but CAM-SOLO alive.
    const alive = async () => db.pool.query(`UPDATE devices SET last_seen_at = $1 WHERE id <> 'CAM-SOLO'`, [new Date(clock)]);
    for (const t of [30, 60, 89]) {
      clock = T0 + t * SEC;
      await alive();
      await settle();
    }
    expect(await listIncidents(db.pool, { kind: 'camera_offline' })).toEqual([]);
    clock = T0 + 91 * SEC;
    await alive();
    await settle();
    const [offline] = await listIncidents(db.pool, { kind: 'camera_offline' });
    expect(offline).toMatchObject({ deviceId: 'CAM-SOLO', state: 'open', address: 'Nút giao mẫu 1' });
  });

  it('a camera that flaps ten times opens one incident', async () => {
    const base = clock;
    const flaps = Array.from({ length: 10 }, (_, i) => [
      status('CAM-FLAP', 'offline', base + i * 20 * SEC),
      status('CAM-FLAP', 'online', base + i * 20 * SEC + 10 * SEC),
    ]).flat();
    for (const e of flaps) {
      clock = Date.parse(e.payload.at);
      await db.pool.query(`UPDATE devices SET last_seen_at = $1`, [new Date(clock)]);
      await appendEvents(db.pool, [e]);
      await settle();
    }
    const flapping = (await listIncidents(db.pool, { kind: 'camera_offline' })).filter((i) => i.deviceId === 'CAM-FLAP');
    expect(flapping).toHaveLength(1);
    expect(flapping[0]!.occurrences).toBeGreaterThan(1);
  });

  it('30 cameras of one area going dark open one area outage and no per-camera incidents', async () => {
    const start = clock + 60 * SEC;
    const dark = Array.from({ length: 30 }, (_, i) => status(`CAM-A009-${String(i + 1).padStart(2, '0')}`, 'offline', start + i * 500));
    clock = start + 15 * SEC;
    await db.pool.query(`UPDATE devices SET last_seen_at = $1`, [new Date(clock)]);
    await appendEvents(db.pool, dark);
    await settle();
    for (const t of [60, 121, 180]) {
      clock = start + t * SEC;
      await settle();
    }
    const outages = await listIncidents(db.pool, { kind: 'area_outage' });
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ area: 'A009', state: 'open' });
    const perCamera = (await listIncidents(db.pool, { kind: 'camera_offline' })).filter((i) => i.deviceId?.startsWith('CAM-A009-'));
    expect(perCamera).toEqual([]);
  });
});
