import pg from 'pg';
import type { Logger } from 'pino';
import type { MetricFamily } from '@cityops/contracts';

export interface PoolOptions {
  connectionString: string;
  /** Embedded PGlite serves one connection at a time: the pool must be of size 1 there. */
  max: number;
  log: Logger;
  /** Longest a query may run before the server cancels it (PGlite ignores it: it has no timers). */
  statementTimeoutMs?: number;
  /**
   * Longest this client waits for an answer (default: the statement timeout + 5 s, for the server
   * to cancel first). A query that times out here leaves its connection waiting for that answer: the
   * connection is destroyed, never reused (`pool.query` and `withTransaction` both see to it).
   */
  queryTimeoutMs?: number;
  /**
   * Longest a caller waits for a connection, a new one or one of the pool's (default 10 s). Longer
   * than `queryTimeoutMs` where the pool has one connection: a caller queued behind an unanswered
   * query then gets the fresh connection instead of failing the moment it is freed.
   */
  connectionTimeoutMs?: number;
  applicationName?: string;
  /** How long an unused connection stays open; short where it would hold up the embedded queue. */
  idleTimeoutMillis?: number;
}

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** Failures seen per pool (transactions rolled back on an error, idle connections lost), for /metrics. */
const failures = new WeakMap<pg.Pool, { transactions: number; idleConnections: number }>();
function failuresOf(pool: pg.Pool) {
  let f = failures.get(pool);
  if (!f) failures.set(pool, (f = { transactions: 0, idleConnections: 0 }));
  return f;
}

/** The pool's connections (in use, idle, callers waiting) and its failures, as Prometheus families. */
export function poolFamilies(pool: pg.Pool): MetricFamily[] {
  const f = failuresOf(pool);
  return [
    {
      name: 'cityops_db_pool_connections',
      type: 'gauge',
      help: 'Database connections of this process by state (callers waiting for one count as waiting)',
      samples: [
        { labels: { state: 'in_use' }, value: pool.totalCount - pool.idleCount },
        { labels: { state: 'idle' }, value: pool.idleCount },
        { labels: { state: 'waiting' }, value: pool.waitingCount },
      ],
    },
    {
      name: 'cityops_db_errors_total',
      type: 'counter',
      help: 'Database failures: transactions rolled back on a database error or a lost connection, idle connections lost',
      samples: [
        { labels: { what: 'transaction' }, value: f.transactions },
        { labels: { what: 'idle_connection' }, value: f.idleConnections },
      ],
    },
  ];
}

// int8 (bigint) comes back as string by default; our ids and seqs fit in a double (≤ 2^53).
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * A pg pool that survives a database restart: without an 'error' listener an idle client's
 * error crashes the process, and without timeouts a hung database hangs us.
 */
export function createPool(opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: opts.idleTimeoutMillis ?? 30_000,
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    query_timeout: opts.queryTimeoutMs ?? (opts.statementTimeoutMs ?? 30_000) + 5_000,
    application_name: opts.applicationName ?? 'cityops',
  });
  pool.on('error', (err) => {
    failuresOf(pool).idleConnections += 1;
    opts.log.warn({ err }, 'idle database connection failed; the pool will reconnect');
  });
  return pool;
}

/**
 * A query `pg` gave up waiting for (`query_timeout`). pg rejects it but keeps the connection busy
 * with it: every later query on that connection queues behind an answer that may never come.
 */
export function isClientTimeout(err: unknown): boolean {
  return (err as { message?: unknown } | null)?.message === 'Query read timeout';
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
    // A refusal of ours (a 404, a conflict) is not a database failure; the server's errors and lost connections are.
    if (err instanceof pg.DatabaseError || isClientTimeout(err) || broken) failuresOf(pool).transactions += 1;
    // A timed-out query still holds the connection (a ROLLBACK would only queue behind it), and a
    // connection that cannot roll back is in no known state: neither may serve anyone again.
    if (!broken && isClientTimeout(err)) broken = err as Error;
    if (!broken) await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
    throw err;
  } finally {
    client.off('error', onError);
    // A broken connection is destroyed rather than returned to the pool.
    client.release(broken);
  }
}
