import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import pino from 'pino';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../embedded/embedded-database.ts';
import { startEventLogListener } from './log-listener.ts';

/**
 * A stand-alone alerting or notifier process pointed at the embedded database used to hold its one
 * connection for LISTEN once it got it: every other client of the database (the process's own
 * pool included) then waited in the queue until it timed out.
 */
const log = pino({ level: 'silent' });
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-listener-embedded-'));
let db: EmbeddedDatabase;

beforeAll(async () => {
  db = await startEmbeddedDatabase({ dataDir, log });
}, 120_000);
afterAll(async () => {
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Connects, asks, disconnects: fails if the database's one connection is held for 3 s. */
async function query(): Promise<number> {
  const c = new pg.Client({ connectionString: db.connectionString, connectionTimeoutMillis: 3_000 });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>('SELECT 1 AS n');
    return rows[0]!.n;
  } finally {
    await c.end();
  }
}

describe('the event-log listener on the embedded database', () => {
  it('lets the one connection go, so other clients are served, and its readers poll', async () => {
    let wakes = 0;
    const listener = startEventLogListener({ connectionString: db.connectionString, log, onCommit: () => (wakes += 1) });
    try {
      const deadline = Date.now() + 10_000;
      while (!listener.pollingOnly && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(listener.pollingOnly).toBe(true);
      expect(listener.listening).toBe(false);
      for (let i = 0; i < 3; i++) expect(await query()).toBe(1);
      // It does not come back for the slot later either (its retry is 100 ms at first).
      await new Promise((r) => setTimeout(r, 500));
      expect(await query()).toBe(1);
      expect(wakes).toBe(0);
    } finally {
      await listener.stop();
    }
  }, 60_000);
});
