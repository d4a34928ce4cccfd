import pg from 'pg';
import type { Logger } from 'pino';

export interface PoolOptions {
  connectionString: string;
  /** Embedded PGlite serves one connection at a time: the pool must be of size 1 there. */
  max: number;
  log: Logger;
  /** Longest a query may run before the server cancels it. */
  statementTimeoutMs?: number;
  applicationName?: string;
  /** How long an unused connection stays open; short where it would hold up the embedded queue. */
  idleTimeoutMillis?: number;
}

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

// int8 (bigint) comes back as string by default; our ids and seqs fit in a double (≤ 2^53).
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * A pg pool that survives a database restart: without an 'error' listener an idle client's
 * error crashes the process (stack-notes), and without timeouts a hung database hangs us.
 */
export function createPool(opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: opts.idleTimeoutMillis ?? 30_000,
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    query_timeout: (opts.statementTimeoutMs ?? 30_000) + 5_000,
    application_name: opts.applicationName ?? 'cityops',
  });
  pool.on('error', (err) => opts.log.warn({ err }, 'idle database connection failed; the pool will reconnect'));
  return pool;
}

/** Runs `fn` in one transaction on one client; rolls back on error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no pool listener: a connection dying mid-transaction would emit an
  // unhandled 'error' and kill the process. The query in flight rejects anyway; the caller retries.
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    if (!broken) await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', onError);
    // A broken connection is destroyed rather than returned to the pool.
    client.release(broken);
  }
}
