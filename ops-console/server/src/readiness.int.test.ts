import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createPool, latestEventId } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { checkHealth, INGEST_STALL_MS, type HealthProbes } from './routes/health-routes.ts';

/** Readiness says "degraded" (503) for each way the stack can be up yet not doing its job. */
let db: TestDatabase;
const now = Date.now();
const healthy: HealthProbes = {
  brokerUp: () => true,
  timescale: false,
  version: 'test',
  now: () => now,
  ingest: () => ({ pending: 0, lastCommitAt: now - 600_000 }),
};

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

describe('readiness', () => {
  it('is ok when everything answers and keeps up', async () => {
    const head = await latestEventId(db.pool);
    expect(await checkHealth(db.pool, { ...healthy, readers: async () => ({ alerting: head }) })).toMatchObject({
      status: 'ok',
      database: 'up',
      broker: 'up',
      ingest: 'ok',
    });
  });

  it('fails when ingest has committed nothing for a while although messages wait', async () => {
    const h = await checkHealth(db.pool, { ...healthy, ingest: () => ({ pending: 12, lastCommitAt: now - INGEST_STALL_MS - 1000 }) });
    expect(h).toMatchObject({ status: 'degraded', ingest: 'stalled', ingestPending: 12 });
    expect(h.problems?.[0]).toMatch(/committed nothing for 16 s while 12 messages wait/);
  });

  it('fails when a reader of the event log falls behind', async () => {
    await db.pool.query(`INSERT INTO event_log (topic, payload, at) VALUES ('queue.load', '{}', now() - interval '2 minutes')`);
    const head = await latestEventId(db.pool);
    const h = await checkHealth(db.pool, { ...healthy, readers: async () => ({ alerting: head - 1, realtime: head }) });
    expect(h.status).toBe('degraded');
    expect(h.readers?.alerting).toMatchObject({ behind: 1 });
    expect(h.readers!.alerting!.lagSeconds).toBeGreaterThan(100);
    expect(h.readers?.realtime).toEqual({ behind: 0, lagSeconds: 0 });
    expect(h.problems).toEqual([expect.stringMatching(/^alerting is \d+ s behind the event log \(1 events\)$/)]);
  });

  it('fails, within seconds, when the database or the broker is down', async () => {
    const nowhere = createPool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1, log: pino({ level: 'silent' }) });
    try {
      const started = Date.now();
      const h = await checkHealth(nowhere, { ...healthy, brokerUp: () => false, readers: async () => ({ alerting: 0 }) });
      expect(h).toMatchObject({ status: 'degraded', database: 'down', broker: 'down' });
      expect(h.problems).toEqual(['the database does not answer', 'the MQTT broker is not connected']);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await nowhere.end();
    }
  });
});
