import type { Logger } from 'pino';
import { openEmbeddedScratchDatabase, openServerScratchDatabase, type Capabilities, type Pool, type ScratchDatabase } from '@cityops/db';

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
  let db: ScratchDatabase;
  try {
    db = await openServerScratchDatabase(adminUrl, log, { prefix: 'cityops_bench', poolMax: 4, applicationName: 'cityops-bench' });
  } catch (err) {
    const scratch = await openEmbeddedScratchDatabase(log, 'cityops-bench');
    return {
      ...scratch,
      poolMax: 1,
      description: 'embedded PGlite + TimescaleDB (one connection)',
      note: `PostgreSQL at ${new URL(adminUrl).host} unreachable (${(err as Error).message}); embedded PGlite used, figures are not comparable to a server`,
    };
  }
  const version = ((await db.pool.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;
  return {
    ...db,
    poolMax: db.maxConnections,
    description:
      `PostgreSQL ${version} at ${new URL(db.connectionString).host}` +
      `${db.caps.timescale ? ' + TimescaleDB' : ' (plain tables, no TimescaleDB)'}, fresh database`,
  };
}
