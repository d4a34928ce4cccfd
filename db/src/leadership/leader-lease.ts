import type pg from 'pg';
import type { Logger } from 'pino';
import { createPool, isClientTimeout } from '../pool.ts';

/** Thrown by `transaction` in a process that is not the leader (it is on standby, or just lost the lease). */
export class LeaseNotHeldError extends Error {
  constructor(name: string) {
    super(`${name}: this process does not hold the lease`);
    this.name = 'LeaseNotHeldError';
  }
}

export interface LeaderLease {
  /** Whether this process leads now (it holds the advisory lock on its lease connection). */
  readonly held: boolean;
  /** How many times this process became the leader. */
  readonly acquisitions: number;
  /**
   * One transaction on the connection that holds the lock. It can commit only while that session
   * lives, and the session holds the lock for as long as it lives: a leader that lost its lease can
   * never commit beside the next one, whatever its clock or its event loop says.
   */
  transaction<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Gives the lease up at once (the connection closes, so a standby takes over at its next try). */
  stop(): Promise<void>;
}

export interface LeaderLeaseOptions {
  connectionString: string;
  /** The advisory lock's key: one per kind of work that must have a single leader. */
  key: number;
  /** For logs and the connection's application_name, e.g. `cityops-alerting`. */
  name: string;
  log: Logger;
  /** How often a standby tries to take the lease, and the leader checks its connection (ms). */
  pollMs?: number;
  onAcquired?: () => void;
  onLost?: () => void;
}

/**
 * Active/standby between processes on a PostgreSQL session-level advisory lock, taken on a connection
 * of its own. The lock lives exactly as long as the session: when the leader is killed, its socket
 * closes, the server ends the session and the lock is free for the first standby to try again.
 * Nothing has to expire, so a takeover waits only for the standby's next try (`pollMs`), never a
 * lease timeout. Needs a server with sessions: the embedded database has one process only.
 */
export function startLeaderLease(o: LeaderLeaseOptions): LeaderLease {
  const pollMs = o.pollMs ?? 1000;
  const log = o.log.child({ lease: o.name });
  // A pool of one so the lease's connection has the same timeouts as every other of ours.
  const pool = createPool({ connectionString: o.connectionString, max: 1, log, applicationName: `${o.name}-lease`, idleTimeoutMillis: 0 });
  let client: pg.PoolClient | undefined;
  let held = false;
  let acquisitions = 0;
  let busy = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  /** The connection is gone or in no known state: it is destroyed, and the lock with its session. */
  const drop = (err: Error | undefined) => {
    const c = client;
    client = undefined;
    if (c) {
      c.removeAllListeners('error');
      c.on('error', () => undefined);
      c.release(err ?? true);
    }
    if (held) {
      held = false;
      log.warn({ err }, 'lease lost: this process stops leading until it takes the lease again');
      o.onLost?.();
    }
  };

  async function attempt(): Promise<void> {
    timer = undefined;
    if (stopped) return;
    try {
      if (!client) {
        const c = await pool.connect();
        if (stopped) return c.release(true);
        c.on('error', (err) => drop(err));
        client = c;
      }
      if (held) {
        // The leader's heartbeat: a dead connection is noticed here even when there is no work.
        if (busy === 0) await client.query('SELECT 1');
      } else {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [o.key]);
        if (rows[0]?.ok && !stopped) {
          held = true;
          acquisitions += 1;
          log.info({ acquisitions }, 'lease taken: this process leads');
          o.onAcquired?.();
        } else if (acquisitions === 0 && !timer) log.debug('lease held elsewhere: standing by');
      }
    } catch (err) {
      drop(err as Error);
    }
    if (!stopped) timer = setTimeout(() => void attempt(), pollMs);
  }

  void attempt();
  return {
    get held() {
      return held;
    },
    get acquisitions() {
      return acquisitions;
    },
    async transaction<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
      const c = client;
      if (!held || !c) throw new LeaseNotHeldError(o.name);
      busy += 1;
      try {
        await c.query('BEGIN');
        const out = await fn(c);
        await c.query('COMMIT');
        return out;
      } catch (err) {
        // A timed-out query keeps the connection busy; any other failure is rolled back. Either way,
        // a connection that cannot say where it stands gives the lease up rather than guess.
        if (client === c) {
          if (isClientTimeout(err)) drop(err as Error);
          else await c.query('ROLLBACK').catch((rollbackErr: Error) => drop(rollbackErr));
        }
        throw err;
      } finally {
        busy -= 1;
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const wasHeld = held;
      held = false;
      const c = client;
      client = undefined;
      c?.release(true);
      if (wasHeld) log.info('lease given up');
      await pool.end().catch(() => undefined);
    },
  };
}
