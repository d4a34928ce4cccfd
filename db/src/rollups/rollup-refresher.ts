import type { Logger } from 'pino';
import type { Pool } from '../pool.ts';
import { refreshDueRollups } from '../repositories/rollup-refresh.ts';
import { startPeriodicTask, type PeriodicTask } from './periodic-task.ts';

/**
 * Stands in for TimescaleDB's job scheduler on the embedded database (see refreshDueRollups): checks
 * every `everyMs` which continuous-aggregate policies are due and runs them, finer levels first.
 */
export function startRollupRefresher(opts: { pool: Pool; log: Logger; everyMs?: number; now?: () => number }): PeriodicTask {
  const log = opts.log.child({ component: 'rollup-refresher' });
  const lastRun = new Map<number, number>();
  const now = opts.now ?? Date.now;
  return startPeriodicTask(() => refreshDueRollups(opts.pool, lastRun, now(), log), opts.everyMs ?? 60_000, log, 'rollup refresh');
}
