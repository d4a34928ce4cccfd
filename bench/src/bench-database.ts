import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { createPool, migrate, startEmbeddedDatabase, type Capabilities, type Pool } from '@cityops/db';

export interface BenchDatabase {
  pool: Pool;
  connectionString: string;
  /** Pool size the gateway may use here (1 on the embedded database). */
  poolMax: number;
  caps: Capabilities;
  description: string;
  note?: string;
  close(): Promise<void>;
}

/**
 * A fresh database on the machine's PostgreSQL (DATABASE_URL, else the local default), dropped at
 * the end; the embedded PGlite when no server answers (figures then are not comparable).
 */
export async function openBenchDatabase(log: Logger): Promise<BenchDatabase> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    await admin.end().catch(() => undefined);
    return openEmbedded(log, `PostgreSQL at ${new URL(adminUrl).host} unreachable (${(err as Error).message}); embedded PGlite used, figures are not comparable to a server`);
  }
  const version = ((await admin.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;
  const name = `cityops_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const poolMax = 4;
  const pool = createPool({ connectionString: url.toString(), max: poolMax, log, applicationName: 'cityops-bench' });
  const caps = await migrate(pool, log);
  return {
    pool, poolMax, caps, connectionString: url.toString(),
    description: `PostgreSQL ${version} at ${url.host}${caps.timescale ? ' + TimescaleDB' : ' (plain tables, no TimescaleDB)'}, fresh database`,
    async close() {
      await pool.end();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function openEmbedded(log: Logger, note: string): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-bench-db-'));
  const db = await startEmbeddedDatabase({ dataDir, log });
  const pool = createPool({ connectionString: db.connectionString, max: 1, log });
  const caps = await migrate(pool, log);
  return {
    pool, poolMax: 1, caps, connectionString: db.connectionString, note,
    description: 'embedded PGlite + TimescaleDB (one connection)',
    async close() {
      await pool.end();
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
