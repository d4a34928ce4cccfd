import type { Logger } from 'pino';
import { createPool, migrate, startEmbeddedDatabase, type Capabilities, type Pool } from '@cityops/db';

export interface OpenDatabase {
  pool: Pool;
  caps: Capabilities;
  embedded: boolean;
  close(): Promise<void>;
}

/** DATABASE_URL, or the embedded Timescale-enabled PGlite kept in the data directory. */
export async function openDatabase(opts: { databaseUrl: string | undefined; dataDir: string; log: Logger; poolMax?: number }): Promise<OpenDatabase> {
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
  const db = await startEmbeddedDatabase({ dataDir: opts.dataDir, log: opts.log });
  const pool = createPool({ connectionString: db.connectionString, max: db.maxConnections, log: opts.log });
  const caps = await migrate(pool, opts.log);
  return {
    pool, caps, embedded: true,
    async close() {
      await pool.end();
      await db.stop();
    },
  };
}
