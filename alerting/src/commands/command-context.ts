import type { EventLogEntry, Pool, PoolClient } from '@cityops/db';
import { appendEvents, withTransaction } from '@cityops/db';

export interface CommandContext {
  pool: Pool;
  now: () => number;
  /** Called after a command committed: in one process, wakes the console's realtime reader. */
  onCommitted?: (() => void) | undefined;
}

/**
 * Runs a command in one transaction together with the event-log rows it produces, so the change,
 * its realtime event (`incident:updated`) and alerting's reload signal commit or vanish together.
 */
export async function inTransaction<T>(ctx: CommandContext, fn: (db: PoolClient, at: Date) => Promise<{ result: T; events: EventLogEntry[] }>): Promise<T> {
  const done = await withTransaction(ctx.pool, async (db) => {
    const out = await fn(db, new Date(ctx.now()));
    await appendEvents(db, out.events);
    return out;
  });
  if (done.events.length > 0) ctx.onCommitted?.();
  return done.result;
}
