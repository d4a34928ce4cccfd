import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { FireEvent } from '@cityops/contracts';
import { appendEvents, listIncidents, provisionDevice, readEventsAfter, type EventLogEntry } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startAlerting } from './incident-service.ts';

let db: TestDatabase;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  db = await openTestDatabase();
  await provisionDevice(db.pool, { id: 'FA-0100', kind: 'fire', lat: 21.02, lon: 105.84, area: 'A002', address: 'Số 5 Ngõ mẫu 7' });
});
afterAll(async () => db?.close());

const fireEvent = (seq: number, event: FireEvent['event'] = 'alarm'): EventLogEntry<'fire.event'> => ({
  topic: 'fire.event',
  payload: { deviceId: 'FA-0100', seq, at: new Date().toISOString(), area: 'A002', event, zone: 'Tầng 1' },
});

/** The probe's first defined answer, polled for up to 5 s. */
const until = <T>(probe: () => Promise<T | undefined>): Promise<T> =>
  vi.waitFor(
    async () => {
      const v = await probe();
      if (v === undefined) throw new Error('not yet');
      return v;
    },
    { timeout: 5000, interval: 25 },
  );

describe('alerting', () => {
  it('opens one incident with the panel address for repeated alarms, and logs it for the console', async () => {
    const alerting = startAlerting({ pool: db.pool, log, pollMs: 50 });
    await appendEvents(db.pool, [fireEvent(1), fireEvent(2), fireEvent(3, 'heartbeat')]);
    alerting.wake();
    const incident = await until(async () => (await listIncidents(db.pool, {})).find((i) => i.occurrences === 2));
    expect(incident).toMatchObject({ kind: 'fire_alarm', severity: 'critical', address: 'Số 5 Ngõ mẫu 7', state: 'open', lat: 21.02 });
    expect(await listIncidents(db.pool, {})).toHaveLength(1);
    const logged = await readEventsAfter(db.pool, 0, 100);
    expect(logged.filter((e) => e.topic === 'incident.opened')).toHaveLength(1);
    expect(logged.filter((e) => e.topic === 'incident.updated')).toHaveLength(1);
    await alerting.stop();
  });

  it('resumes from its durable offset after a restart: nothing missed, nothing twice', async () => {
    await appendEvents(db.pool, [fireEvent(4, 'fault')]);
    const second = startAlerting({ pool: db.pool, log, pollMs: 50 });
    const fault = await until(async () => (await listIncidents(db.pool, { kind: 'fire_fault' }))[0]);
    expect(fault.occurrences).toBe(1);
    await second.stop();
    const third = startAlerting({ pool: db.pool, log, pollMs: 50 });
    // A third consumer with the same offset: anything it re-applied would show within this.
    await new Promise((r) => setTimeout(r, 300));
    await third.stop();
    const all = await listIncidents(db.pool, {});
    expect(all.map((i) => [i.kind, i.occurrences]).sort()).toEqual([
      ['fire_alarm', 2],
      ['fire_fault', 1],
    ]);
  });

  it('acknowledge then resolve writes the timeline and realtime updates', async () => {
    const alerting = startAlerting({ pool: db.pool, log, pollMs: 50 });
    const [open] = await listIncidents(db.pool, { kind: 'fire_alarm' });
    const acked = await alerting.incidents.acknowledge(open!.id, 'dispatcher1');
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'dispatcher1' });
    await expect(alerting.incidents.acknowledge(open!.id, 'dispatcher2')).rejects.toMatchObject({ code: 'CITYOPS_INCIDENT_ALREADY_ACKNOWLEDGED' });
    await expect(alerting.incidents.resolve(open!.id, 'dispatcher1', 'Đã xử lý: báo cháy giả')).rejects.toMatchObject({
      code: 'CITYOPS_INCIDENT_CHECKLIST_OPEN',
    });
    const resolved = await alerting.incidents.resolve(open!.id, 'supervisor1', 'Đã xử lý: báo cháy giả', { overrideChecklist: true });
    expect(resolved.state).toBe('resolved');
    const { timeline } = await alerting.incidents.get(open!.id);
    expect(timeline!.at(-2)).toMatchObject({
      type: 'checklist_overridden',
      actor: 'supervisor1',
      note: 'Đã xử lý: báo cháy giả',
      data: { items: ['confirm', 'call-114', 'notify-building'] },
    });
    await alerting.stop();
  });
});
