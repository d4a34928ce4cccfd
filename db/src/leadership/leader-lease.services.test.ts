import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { LeaseNotHeldError, startLeaderLease, type LeaderLease } from './leader-lease.ts';

/**
 * Active/standby on a session-level advisory lock, on PostgreSQL (the embedded database has no
 * second session). Each lease plays a process; "killing" one is the server ending its session, as
 * it does when the process dies and its socket closes.
 */
const log = pino({ level: 'silent' });
const KEY = 99_001;
let db: TestDatabase;
const leases: LeaderLease[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  await db.pool.query('CREATE TABLE lease_probe (n int)');
});
afterEach(async () => {
  await Promise.all(leases.splice(0).map((l) => l.stop()));
});
afterAll(async () => {
  await db?.close();
});

function lease(events: string[], name: string): LeaderLease {
  const l = startLeaderLease({
    connectionString: db.connectionString,
    key: KEY,
    name,
    log,
    pollMs: 50,
    onAcquired: () => events.push(`${name} leads`),
    onLost: () => events.push(`${name} lost`),
  });
  leases.push(l);
  return l;
}

const until = (what: string, probe: () => boolean) =>
  vi.waitFor(
    () => {
      if (!probe()) throw new Error(`still waiting for ${what}`);
    },
    { timeout: 10_000, interval: 10 },
  );

/** The backend pid of the session holding the lock: what the server ends when its process dies. */
async function holderPid(): Promise<number | undefined> {
  const { rows } = await db.pool.query<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`, [KEY]);
  return rows[0]?.pid;
}

describe('the leader lease', () => {
  it('lets one process lead and the other stand by, and hands over when the leader stops', async () => {
    const events: string[] = [];
    const a = lease(events, 'a');
    await until('a to lead', () => a.held);
    const b = lease(events, 'b');
    // b has tried several times by now, and found the lock taken each time.
    await new Promise((r) => setTimeout(r, 300));
    expect(b.held).toBe(false);
    await expect(b.transaction(async () => 1)).rejects.toBeInstanceOf(LeaseNotHeldError);

    await a.stop();
    await until('b to lead', () => b.held);
    expect(events).toEqual(['a leads', 'b leads']);
  });

  it('stops leading the moment its session ends, and a standby takes over', async () => {
    const events: string[] = [];
    const a = lease(events, 'a');
    await until('a to lead', () => a.held);
    const b = lease(events, 'b');
    await new Promise((r) => setTimeout(r, 200));

    await db.pool.query('SELECT pg_terminate_backend($1)', [await holderPid()]);
    await until('b to lead', () => b.held);
    expect(a.held).toBe(false);
    expect(events.slice(0, 3)).toEqual(['a leads', 'a lost', 'b leads']);
    // The old leader comes back as a standby: it tries again, and finds the lock taken.
    await new Promise((r) => setTimeout(r, 300));
    expect(a.held).toBe(false);
    expect(a.acquisitions).toBe(1);
  });

  it("commits a leader's transaction, and never one whose session ended before its commit", async () => {
    const a = lease([], 'a');
    await until('a to lead', () => a.held);
    await a.transaction((c) => c.query('INSERT INTO lease_probe VALUES (1)'));

    const pid = await holderPid();
    const lost = a.transaction(async (c) => {
      await c.query('INSERT INTO lease_probe VALUES (2)');
      // The process is declared dead mid-transaction; whatever it wrote goes with its session.
      await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      await c.query('INSERT INTO lease_probe VALUES (3)');
    });
    await expect(lost).rejects.toThrow();
    expect(a.held).toBe(false);
    const { rows } = await db.pool.query<{ n: number }>('SELECT n FROM lease_probe ORDER BY n');
    expect(rows.map((r) => r.n)).toEqual([1]);
    // With nobody else waiting, the same process leads again once its new session has the lock.
    await until('a to lead again', () => a.held);
    expect(a.acquisitions).toBe(2);
  });
});
