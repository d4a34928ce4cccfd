import type { Logger } from 'pino';
import {
  appendEvents,
  readRidershipBucket,
  readRidershipStreamState,
  saveRidershipStreamState,
  startPeriodicTask,
  withTransaction,
  type PeriodicTask,
  type Pool,
} from '@cityops/db';
import { changedStops, recordSent, RIDERSHIP_BUCKET_MS, ridershipBucketOf, ridershipEvents, type RidershipPayload } from './ridership-diff.ts';

export interface RidershipEmitterOptions {
  pool: Pool;
  log: Logger;
  /** Partial refresh of the bucket in progress (every 30 s: a heat map that moves within a bucket). */
  everyMs?: number;
  now?: () => number;
  /** Stops per event; a bucket with more goes out in parts. */
  maxStopsPerEvent?: number;
  /** After events were committed: wakes the realtime reader in this process. */
  onCommitted?: () => void;
}

/** The emitters of all console replicas take turns under this lock (pg_try_advisory_xact_lock key). */
const EMITTER_LOCK = 7428010;

/**
 * `transit:ridership` from the rollups, written to the event log so it carries an
 * `sseq` and replays like every other event. Every `everyMs`: the stops of the current 5-minute
 * bucket (transit_taps_5m) whose count changed since the last refresh; when a bucket is over, all
 * of its stops once more, final, so a client that joined late gets the whole picture of it.
 *
 * What was streamed lives in the database (ridership_stream_state), read and written in the same
 * transaction as the events under an advisory lock: with several console replicas each change is
 * streamed once, whichever replica's turn it was, and a restart does not resend the bucket.
 */
export function startRidershipEmitter(opts: RidershipEmitterOptions): PeriodicTask {
  const log = opts.log.child({ component: 'ridership' });
  const now = opts.now ?? Date.now;
  const maxStops = opts.maxStopsPerEvent ?? 500;

  const step = async () => {
    const current = ridershipBucketOf(now());
    const events = await withTransaction(opts.pool, async (db) => {
      const { rows } = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [EMITTER_LOCK]);
      // Another replica is refreshing right now: its events are the ones this step would write.
      if (!rows[0]?.ok) return [];
      const state = await readRidershipStreamState(db);
      const out: RidershipPayload[] = [];
      // Only the bucket just before is resent whole: a client keeps no older one (web FeedIndex).
      const closing = state && state.bucket === current - RIDERSHIP_BUCKET_MS ? state.bucket : null;
      if (closing !== null) out.push(...ridershipEvents(closing, await readRidershipBucket(db, new Date(closing)), maxStops));
      const sent = state?.bucket === current ? state.sent : new Map<string, number>();
      const changed = changedStops(sent, await readRidershipBucket(db, new Date(current)));
      out.push(...ridershipEvents(current, changed, maxStops));
      if (out.length > 0)
        await appendEvents(
          db,
          out.map((payload) => ({ topic: 'transit.ridership' as const, payload })),
        );
      recordSent(sent, changed);
      if (out.length > 0 || state?.bucket !== current) await saveRidershipStreamState(db, { bucket: current, sent });
      return out;
    });
    if (events.length === 0) return;
    log.debug({ events: events.length, stops: events.reduce((n, e) => n + e.stops.length, 0) }, 'ridership streamed');
    opts.onCommitted?.();
  };
  return startPeriodicTask(step, opts.everyMs ?? 30_000, log, 'ridership refresh');
}
