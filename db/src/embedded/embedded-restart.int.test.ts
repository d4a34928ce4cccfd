import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createPool, withTransaction } from '../pool.ts';
import { migrate } from '../migrate.ts';
import { startEmbeddedDatabase } from './embedded-database.ts';
import { insertTelemetry, type StoredTelemetry } from '../repositories/telemetry-repository.ts';

// The embedded database component itself (it runs under test:services too: it is what npm start uses).
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-embedded-restart-'));
const log = pino({ level: 'silent' });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const cam = (seq: number): StoredTelemetry => ({
  kind: 'camera',
  deviceId: 'CAM-R1',
  seq,
  tsMs: Date.now() - seq,
  area: 'A001',
  payload: { ts: 0, seq, status: 'online' },
});

async function insertOnce(seq: number): Promise<number> {
  const db = await startEmbeddedDatabase({ dataDir, log });
  const pool = createPool({ connectionString: db.connectionString, max: 1, log });
  try {
    await migrate(pool, log);
    const fresh = await withTransaction(pool, (c) => insertTelemetry(c, [cam(seq)]));
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM camera_status_1m');
    expect(rows[0].n).toBeGreaterThan(0);
    return fresh.length;
  } finally {
    await pool.end();
    await db.stop();
  }
}

describe('embedded database restart', () => {
  it('regression: a reopened data directory still ingests into hypertables with continuous aggregates', { timeout: 120_000 }, async () => {
    expect(await insertOnce(1)).toBe(1);
    // Before the fix: "invalid INSERT on the root table of hypertable" / "not supported under the current licence".
    expect(await insertOnce(2)).toBe(1);
  });
});
