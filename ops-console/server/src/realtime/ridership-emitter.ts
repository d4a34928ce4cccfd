import type { Logger } from 'pino';
import { appendEvents, readRidershipBucket, startPeriodicTask, withTransaction, type PeriodicTask, type Pool } from '@cityops/db';
import { changedStops, recordSent, ridershipBucketOf, ridershipEvents, type RidershipPayload } from './ridership-diff.ts';

export interface RidershipEmitterOptions {
  pool: Pool;
  log: Logger;
  /** Partial refresh of the bucket in progress (issue 5: every 30 s). */
  everyMs?: number;
  now?: () => number;
  /** Stops per event; a bucket with more goes out in parts. */
  maxStopsPerEvent?: number;
  /** After events were committed: wakes the realtime reader in this process. */
  onCommitted?: () => void;
}

/** Two console replicas must not both stream the same refresh (pg_try_advisory_xact_lock key). */
const EMITTER_LOCK = 7428010;

/**
 * `transit:ridership` from the rollups (issue 5 item 4), written to the event log so it carries an
 * `sseq` and replays like every other event. Every `everyMs`: the stops of the current 5-minute
 * bucket (transit_taps_5m) whose count changed since the last refresh; when a bucket is over, all
 * of its stops once more, final, so a client that joined late gets the whole picture of it.
 */
export function startRidershipEmitter(opts: RidershipEmitterOptions): PeriodicTask {
  const log = opts.log.child({ component: 'ridership' });
  const now = opts.now ?? Date.now;
  const maxStops = opts.maxStopsPerEvent ?? 500;
  let state: { bucket: number; sent: Map<string, number> } | null = null;

  const step = async () => {
    const current = ridershipBucketOf(now());
    const events: RidershipPayload[] = [];
    const closing = state && state.bucket < current ? state.bucket : null;
    if (closing !== null) events.push(...ridershipEvents(closing, await readRidershipBucket(opts.pool, new Date(closing)), maxStops));
    const sent = closing === null && state ? state.sent : new Map<string, number>();
    const changed = changedStops(sent, await readRidershipBucket(opts.pool, new Date(current)));
    events.push(...ridershipEvents(current, changed, maxStops));
    const written = events.length > 0 && (await withTransaction(opts.pool, async (db) => {
      const { rows } = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [EMITTER_LOCK]);
      if (!rows[0]?.ok) return false;
      await appendEvents(db, events.map((payload) => ({ topic: 'transit.ridership' as const, payload })));
      return true;
    }));
    // Only what was committed counts as sent: a failed refresh is retried whole next period.
    if (events.length > 0 && !written) return;
    recordSent(sent, changed);
    state = { bucket: current, sent };
    if (!written) return;
    log.debug({ events: events.length, stops: events.reduce((n, e) => n + e.stops.length, 0) }, 'ridership streamed');
    opts.onCommitted?.();
  };
  return startPeriodicTask(step, opts.everyMs ?? 30_000, log, 'ridership refresh');
}
