import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { appendEvents, withTransaction } from '../index.ts';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { startEventLogListener, type EventLogListener } from './log-listener.ts';

/**
 * Readers in one process woken by commits to the event log made in another, over LISTEN/NOTIFY on
 * PostgreSQL (the embedded database serves one connection at a time and has no second session to
 * listen on). The other process is played by another connection of the pool.
 */
const log = pino({ level: 'silent' });
let db: TestDatabase;
let listener: EventLogListener | undefined;
let wakes = 0;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await listener?.stop();
  await db?.close();
});

const appendOne = () => appendEvents(db.pool, [{ topic: 'alerting.config', payload: { what: 'rules', id: 'listener-test', by: 'test' } }]);
const until = (what: string, probe: () => boolean) =>
  vi.waitFor(
    () => {
      if (!probe()) throw new Error(`still waiting for ${what}`);
    },
    { timeout: 10_000, interval: 10 },
  );

describe('the event-log listener', () => {
  it('wakes once it listens, and on each commit that added to the log, once per transaction', async () => {
    listener = startEventLogListener({ connectionString: db.connectionString, log, onCommit: () => (wakes += 1) });
    await until('listening', () => listener!.listening && wakes === 1);

    await appendOne();
    await until('the commit', () => wakes === 2);

    // A transaction of many events is one wake; one that rolls back is none.
    await withTransaction(db.pool, async (c) => {
      for (let i = 0; i < 20; i++) await appendEvents(c, [{ topic: 'alerting.config', payload: { what: 'rules', id: i, by: 'test' } }]);
    });
    await until('the batch', () => wakes === 3);
    const undone = await db.pool.connect();
    try {
      await undone.query('BEGIN');
      await appendEvents(undone, [{ topic: 'alerting.config', payload: { what: 'rules', id: 'undone', by: 'test' } }]);
      await undone.query('ROLLBACK');
    } finally {
      undone.release();
    }
    // A commit to another table is not news to readers of the log.
    await db.pool.query(`UPDATE devices SET last_seen_at = now() WHERE false`);
    await appendOne();
    await until('the next commit', () => wakes >= 4);
    expect(wakes).toBe(4);
  });

  it('listens again by itself when the database drops its connection, and catches up then', async () => {
    const before = wakes;
    const { rows } = await db.pool.query(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = 'cityops-listener' AND datname = current_database()`,
    );
    expect(rows.map((r) => r.killed)).toEqual([true]);
    await until('listening again', () => listener!.reconnects === 1 && listener!.listening);
    // The catch-up wake after reconnecting, then commits wake it as before.
    expect(wakes).toBe(before + 1);
    await appendOne();
    await until('a commit after the reconnection', () => wakes === before + 2);
  });

  it('stops listening when stopped', async () => {
    await listener!.stop();
    const before = wakes;
    await appendOne();
    await new Promise((r) => setTimeout(r, 200));
    expect(wakes).toBe(before);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cityops-listener' AND datname = current_database()`,
    );
    expect(rows[0].n).toBe(0);
  });
});
