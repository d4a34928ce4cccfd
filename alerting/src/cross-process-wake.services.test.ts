import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { appendEvents, listIncidents, provisionDevice, startEventLogListener, type EventLogListener } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startAlerting, type Alerting } from './index.ts';

/**
 * Alerting in its own process, as in the production shape, reacts to a fire alarm another process
 * (an ingest gateway) committed, as soon as it is committed: its reader is woken by the database's
 * notification, not by its poll, which here is an hour away. PostgreSQL only (LISTEN/NOTIFY).
 */
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
let db: TestDatabase;
let alerting: Alerting | undefined;
let listener: EventLogListener | undefined;

beforeAll(async () => {
  db = await openTestDatabase();
  await provisionDevice(db.pool, { id: 'FA-WAKE-1', kind: 'fire', lat: 21.03, lon: 105.85, area: 'hoan-kiem', address: 'Số 3 Phố Hàng Gai' });
  await provisionDevice(db.pool, { id: 'FA-WAKE-2', kind: 'fire', lat: 21.04, lon: 105.85, area: 'hoan-kiem', address: 'Số 9 Phố Hàng Gai' });
});
afterAll(async () => {
  await listener?.stop();
  await alerting?.stop();
  await db?.close();
});

describe('alerting in a process of its own', () => {
  it('opens the incident of an alarm committed by another process without waiting for its poll', async () => {
    // Nor by the grace after which a hole in the log's ids is passed (see the next test).
    alerting = startAlerting({ pool: db.pool, log, pollMs: 3_600_000, tickMs: 3_600_000, gapGraceMs: 3_600_000 });
    listener = startEventLogListener({ connectionString: db.connectionString, log, onCommit: () => alerting!.wake() });
    await vi.waitFor(() => expect(listener!.listening).toBe(true));
    // Let the first read (at start) find the log empty, so only a wake can bring the alarm in.
    await new Promise((r) => setTimeout(r, 300));
    expect(await listIncidents(db.pool, {})).toEqual([]);

    // "Another process": a connection alerting knows nothing of, as a gateway's would be.
    await appendEvents(db.pool, [
      { topic: 'fire.event', payload: { deviceId: 'FA-WAKE-1', seq: 1, event: 'alarm', zone: 'Tầng 2', at: new Date().toISOString() } },
    ]);
    const [incident] = await vi.waitFor(
      async () => {
        const found = await listIncidents(db.pool, {});
        if (found.length === 0) throw new Error('no incident yet');
        return found;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(incident).toMatchObject({ kind: 'fire_alarm', deviceId: 'FA-WAKE-1', state: 'open' });
  });

  it('passes a hole in the log as soon as the transaction that held it commits', async () => {
    const alarm = (deviceId: string) => ({
      topic: 'fire.event' as const,
      payload: { deviceId, seq: 1, event: 'alarm' as const, zone: 'Tầng 1', at: new Date().toISOString() },
    });
    // A slow writer takes the next id and has not committed; a faster one commits after it.
    const slow = await db.pool.connect();
    try {
      await slow.query('BEGIN');
      await appendEvents(slow, [alarm('FA-WAKE-2')]);
      await appendEvents(db.pool, [{ topic: 'alerting.config', payload: { what: 'rules', id: 'hole-test', by: 'test' } }]);
      await new Promise((r) => setTimeout(r, 300));
      // Alerting was woken and stopped at the hole: nothing past it is read yet.
      expect((await listIncidents(db.pool, {})).map((i) => i.deviceId)).toEqual(['FA-WAKE-1']);
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    await vi.waitFor(
      async () => {
        const devices = (await listIncidents(db.pool, {})).map((i) => i.deviceId);
        if (!devices.includes('FA-WAKE-2')) throw new Error('the held alarm is not read yet');
      },
      { timeout: 10_000, interval: 20 },
    );
  });
});
