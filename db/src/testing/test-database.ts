import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { createPool, type Pool } from '../pool.ts';
import { migrate, type Capabilities } from '../migrate.ts';
import { startEmbeddedDatabase } from '../embedded/embedded-database.ts';

export interface TestDatabase {
  pool: Pool;
  connectionString: string;
  maxConnections: number;
  caps: Capabilities;
  mode: 'embedded' | 'service';
  close(): Promise<void>;
}

/** True when the suite runs against the machine's services (`npm run test:services`). */
export const usingServices = process.env.CITYOPS_TEST_SERVICES === '1';

/**
 * A migrated, empty database for one suite: the embedded PGlite+Timescale by default, or a fresh
 * database created on `DATABASE_URL` under `npm run test:services` and dropped afterwards.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  if (!usingServices) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cityops-test-db-'));
    const embedded = await startEmbeddedDatabase({ dataDir, log });
    const pool = createPool({ connectionString: embedded.connectionString, max: 1, log });
    const caps = await migrate(pool, log);
    return {
      pool, caps, mode: 'embedded', connectionString: embedded.connectionString, maxConnections: 1,
      async close() {
        await pool.end();
        await embedded.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL must name a PostgreSQL server for npm run test:services');
  const name = `cityops_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPool({ connectionString: url.toString(), max: 4, log });
  const caps = await migrate(pool, log);
  return {
    pool, caps, mode: 'service', connectionString: url.toString(), maxConnections: 4,
    async close() {
      await pool.end();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
