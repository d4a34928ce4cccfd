import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createPool, withTransaction, type Pool } from './pool.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded/embedded-database.ts';

/**
 * A query the database never answers, on a pool of one connection (the embedded database's): once
 * pg gives up on it, its connection must be destroyed. pg keeps a timed-out query as the
 * connection's active one, so a connection handed back to the pool would make every later query wait
 * behind it, for ever. The embedded database's test hook stands in for PGlite never answering.
 */
const NEVER = 'cityops-pool-test-never-answer';
const log = pino({ level: 'silent' });
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-pool-timeout-'));
let db: EmbeddedDatabase;
let pool: Pool;

beforeAll(async () => {
  db = await startEmbeddedDatabase({ dataDir, log, hooks: { neverAnswer: NEVER } });
  pool = createPool({ connectionString: db.connectionString, max: 1, log, queryTimeoutMs: 1000 });
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The time `fn` takes, in ms. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await fn();
  return Date.now() - started;
}

describe('a query that is never answered', () => {
  it('in withTransaction: rejects after the query timeout and its connection is destroyed, not reused', async () => {
    await expect(withTransaction(pool, (c) => c.query(`SELECT '${NEVER}'`))).rejects.toThrow('Query read timeout');
    expect(pool.totalCount).toBe(0);
    // The next transaction gets a fresh connection and is answered at once (on the old one it waited
    // behind the unanswered query and timed out too).
    const ms = await timed(async () => expect(await withTransaction(pool, async (c) => (await c.query('SELECT 1 AS one')).rows[0])).toEqual({ one: 1 }));
    expect(ms).toBeLessThan(1000);
  });

  it('in pool.query: rejects after the query timeout and its connection is destroyed, not reused', async () => {
    await expect(pool.query(`SELECT '${NEVER}'`)).rejects.toThrow('Query read timeout');
    expect(pool.totalCount).toBe(0);
    const ms = await timed(async () => expect((await pool.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 }));
    expect(ms).toBeLessThan(1000);
  });
});
