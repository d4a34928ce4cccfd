import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { createPool, type Pool } from './pool.ts';
import { migrate, type Capabilities } from './migrate.ts';
import { startEmbeddedDatabase } from './embedded/embedded-database.ts';

/** A migrated, empty database that disappears on `close()`: for test suites and benchmarks. */
export interface ScratchDatabase {
  pool: Pool;
  connectionString: string;
  /** Pool size a client may use here (1 on the embedded database). */
  maxConnections: number;
  caps: Capabilities;
  mode: 'embedded' | 'service';
  close(): Promise<void>;
}

/** The embedded PGlite + Timescale in a temporary directory. */
export async function openEmbeddedScratchDatabase(log: Logger, prefix = 'cityops'): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-db-`));
  const embedded = await startEmbeddedDatabase({ dataDir, log });
  // An idle connection would hold the embedded database's one slot: other processes of a test wait in its queue.
  const pool = createPool({ connectionString: embedded.connectionString, max: 1, log, idleTimeoutMillis: 100 });
  const caps = await migrate(pool, log);
  return {
    pool,
    caps,
    mode: 'embedded',
    connectionString: embedded.connectionString,
    maxConnections: 1,
    async close() {
      await pool.end();
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database created on the server `adminUrl` names, dropped (forcefully) on close. The admin
 * connection fails fast, so a caller can fall back to the embedded database.
 */
export async function openServerScratchDatabase(
  adminUrl: string,
  log: Logger,
  opts: { prefix?: string; poolMax?: number; applicationName?: string } = {},
): Promise<ScratchDatabase> {
  const name = `${opts.prefix ?? 'cityops_scratch'}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const maxConnections = opts.poolMax ?? 4;
  const pool = createPool({
    connectionString: url.toString(),
    max: maxConnections,
    log,
    ...(opts.applicationName ? { applicationName: opts.applicationName } : {}),
  });
  const caps = await migrate(pool, log);
  return {
    pool,
    caps,
    mode: 'service',
    connectionString: url.toString(),
    maxConnections,
    async close() {
      await pool.end();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
