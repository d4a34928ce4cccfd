import type { Logger } from 'pino';
import { createPool, migrate, startEmbeddedDatabase, startSupervisedDatabase, type Capabilities, type Pool, type SupervisedDatabase } from '@cityops/db';

export interface OpenDatabase {
  pool: Pool;
  caps: Capabilities;
  embedded: boolean;
  /** The embedded database's process and its restarts (undefined with DATABASE_URL). */
  supervised?: SupervisedDatabase;
  close(): Promise<void>;
}

/**
 * How long the stack waits for an embedded query. A gateway batch commits there in well under a
 * second; past this the query is taken for unanswered and its connection destroyed (pool.ts), before
 * the supervisor's wedge limit (EMBEDDED_WEDGE_MS) restarts the database itself.
 */
export const EMBEDDED_QUERY_TIMEOUT_MS = 10_000;
/** Callers queue for the one connection: past an unanswered query's timeout, so they get the fresh one. */
const EMBEDDED_CONNECTION_TIMEOUT_MS = 20_000;

/**
 * DATABASE_URL, or the embedded Timescale-enabled PGlite kept in the data directory: for the stack
 * (`supervise`) in a process of its own that is restarted when it stops answering (supervisor.ts);
 * for a one-off CLI command in this process, which starts faster and ends soon anyway.
 */
export async function openDatabase(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
  log: Logger;
  poolMax?: number;
  supervise?: boolean;
}): Promise<OpenDatabase> {
  if (opts.databaseUrl) {
    const pool = createPool({ connectionString: opts.databaseUrl, max: opts.poolMax ?? 10, log: opts.log });
    try {
      const caps = await migrate(pool, opts.log);
      return { pool, caps, embedded: false, close: () => pool.end() };
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new Error(`cannot use the database at DATABASE_URL: ${(err as Error).message}`);
    }
  }
  if (!opts.supervise) {
    const db = await startEmbeddedDatabase({ dataDir: opts.dataDir, log: opts.log });
    const pool = createPool({ connectionString: db.connectionString, max: db.maxConnections, log: opts.log });
    const caps = await migrate(pool, opts.log).catch(async (err: unknown) => {
      await pool.end();
      await db.stop();
      throw err;
    });
    return {
      pool,
      caps,
      embedded: true,
      async close() {
        await pool.end();
        await db.stop();
      },
    };
  }
  const db = await startSupervisedDatabase({ dataDir: opts.dataDir, log: opts.log });
  let caps: Capabilities;
  try {
    // Migrations may take long on a large data directory: no client timeout, and the watchdog waits for them.
    const migrations = createPool({ connectionString: db.connectionString, max: 1, log: opts.log, queryTimeoutMs: 0 });
    try {
      caps = await migrate(migrations, opts.log);
    } finally {
      await migrations.end();
    }
  } catch (err) {
    await db.stop();
    throw err;
  }
  db.watch();
  const pool = createPool({
    connectionString: db.connectionString,
    max: db.maxConnections,
    log: opts.log,
    queryTimeoutMs: EMBEDDED_QUERY_TIMEOUT_MS,
    connectionTimeoutMs: EMBEDDED_CONNECTION_TIMEOUT_MS,
  });
  return {
    pool,
    caps,
    embedded: true,
    supervised: db,
    async close() {
      await pool.end();
      await db.stop();
    },
  };
}
