import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { replayBoundary } from './replay-repository.ts';

// Replay's boundary B(T) when writers interleave. An event's `at` is its transaction's start, its id
// is drawn at the insert: an API command that began first can insert after an alerting step that
// began later. Written here with explicit times, in that insert order, so both database paths see
// exactly what two overlapping transactions leave behind.
let db: TestDatabase;
const T0 = Date.parse('2026-11-21T03:00:00.000Z');
const t = (ms: number) => new Date(T0 + ms);

async function log(at: Date, topic: string, incidentId: number): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>('INSERT INTO event_log (at, topic, payload) VALUES ($1, $2, $3) RETURNING id', [
    at,
    topic,
    JSON.stringify({ incident: { id: incidentId } }),
  ]);
  return Number(rows[0]!.id);
}

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

describe('replayBoundary', () => {
  it('covers every event logged at or before T, also one inserted after a transaction that began later', async () => {
    const opened = await log(t(0), 'incident.opened', 1);
    // The alerting step began at +200 ms and inserted first; the resolve command began at +100 ms
    // but inserted after it.
    const alertingStep = await log(t(200), 'incident.updated', 2);
    const resolve = await log(t(100), 'incident.updated', 1);
    expect(resolve).toBeGreaterThan(alertingStep);

    expect(await replayBoundary(db.pool, t(-1))).toBe(0);
    expect(await replayBoundary(db.pool, t(50))).toBe(opened);
    // At +150 ms only the resolve had begun: the alerting step's event is not yet part of the city,
    // the resolve's is, so the boundary is the resolve (the alerting step, with a lower id, comes
    // along: it is one transaction's length from T).
    expect(await replayBoundary(db.pool, t(150))).toBe(resolve);
    // At +300 ms both happened: the last by time (the alerting step) would have left the resolve out.
    expect(await replayBoundary(db.pool, t(300))).toBe(resolve);
  });

  it('still finds the last event long before T', async () => {
    const old = await log(t(-3_600_000), 'incident.opened', 3);
    expect(await replayBoundary(db.pool, t(-3_000_000))).toBe(old);
  });
});
