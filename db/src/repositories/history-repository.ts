import type { ClientBase, Pool } from 'pg';
import type { CameraHistoryPoint, FireHistoryPoint, HistoryBucket, QueueHistoryPoint, TicketHistoryPoint, TransitHistoryPoint } from '@cityops/contracts';
import { HISTORY_BUCKET_SPECS, rollupFor } from './history-buckets.ts';

export type Queryable = Pool | ClientBase;

/** A validated history query: `from` is a bucket start, `to` exclusive, `areas` null for the whole city. */
export interface HistoryRange {
  from: Date;
  to: Date;
  bucket: HistoryBucket;
  areas: readonly string[] | null;
}

const iso = (d: Date): string => d.toISOString();
const n = (v: unknown): number => Number(v ?? 0);
const orNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/** Parameters $1 from, $2 to, $3 areas shared by every rollup query. */
const params = (r: HistoryRange) => [r.from, r.to, r.areas && r.areas.length ? r.areas : null];
const WHERE = 'bucket >= $1 AND bucket < $2 AND ($3::text[] IS NULL OR area = ANY($3))';

export async function readCameraHistory(db: Queryable, r: HistoryRange): Promise<CameraHistoryPoint[]> {
  const { rows } = await db.query(
    `SELECT bucket, sum(reports) AS reports, sum(online) AS online, sum(offline) AS offline, sum(degraded) AS degraded, sum(tampered) AS tampered
     FROM ${rollupFor('cameras', r.bucket)} WHERE ${WHERE} GROUP BY bucket ORDER BY bucket`,
    params(r),
  );
  return rows.map((x) => ({
    bucket: iso(x.bucket),
    reports: n(x.reports),
    online: n(x.online),
    offline: n(x.offline),
    degraded: n(x.degraded),
    tampered: n(x.tampered),
    onlinePct: n(x.reports) ? round1((100 * n(x.online)) / n(x.reports)) : null,
  }));
}

export async function readFireHistory(db: Queryable, r: HistoryRange): Promise<FireHistoryPoint[]> {
  const { rows } = await db.query(
    `SELECT bucket, sum(events) AS events, sum(alarms) AS alarms, sum(troubles) AS troubles
     FROM ${rollupFor('fire', r.bucket)} WHERE ${WHERE} GROUP BY bucket ORDER BY bucket`,
    params(r),
  );
  return rows.map((x) => ({ bucket: iso(x.bucket), events: n(x.events), alarms: n(x.alarms), troubles: n(x.troubles) }));
}

export async function readTransitHistory(db: Queryable, r: HistoryRange): Promise<TransitHistoryPoint[]> {
  const { rows } = await db.query(
    `SELECT bucket, sum(taps) AS taps, sum(accepted) AS accepted, sum(rejected) AS rejected, coalesce(sum(fare_vnd), 0) AS fare_vnd
     FROM ${rollupFor('transit', r.bucket)} WHERE ${WHERE} GROUP BY bucket ORDER BY bucket`,
    params(r),
  );
  return rows.map((x) => ({ bucket: iso(x.bucket), taps: n(x.taps), accepted: n(x.accepted), rejected: n(x.rejected), fareVnd: n(x.fare_vnd) }));
}

/**
 * Per bucket over the offices that reported: waiting/serving/counters are the sum of each office's
 * mean, the wait is the mean of all reports (exact from the sums every level keeps).
 */
export async function readQueueHistory(db: Queryable, r: HistoryRange): Promise<QueueHistoryPoint[]> {
  const { rows } = await db.query(
    `SELECT bucket, count(DISTINCT device_id) AS offices, sum(reports) AS reports,
       sum(avg_waiting) AS waiting, sum(avg_serving) AS serving, sum(avg_counters_open) AS counters_open,
       sum(wait_sec_sum) / nullif(sum(reports), 0) AS avg_wait_sec, max(max_wait_sec) AS max_wait_sec,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY avg_wait_sec) AS p90_wait_sec,
       sum(satisfaction_sum) / nullif(sum(satisfaction_reports), 0) AS satisfaction_pct
     FROM ${rollupFor('queues', r.bucket)} WHERE ${WHERE} GROUP BY bucket ORDER BY bucket`,
    params(r),
  );
  return rows.map((x) => ({
    bucket: iso(x.bucket),
    offices: n(x.offices),
    reports: n(x.reports),
    waiting: round1(n(x.waiting))!,
    serving: round1(n(x.serving))!,
    countersOpen: round1(n(x.counters_open))!,
    avgWaitSec: round1(orNull(x.avg_wait_sec)),
    maxWaitSec: round1(orNull(x.max_wait_sec)),
    p90WaitSec: round1(orNull(x.p90_wait_sec)),
    satisfactionPct: round1(orNull(x.satisfaction_pct)),
  }));
}

/**
 * Tickets opened per bucket, by line and by their state now, straight from the tickets table (one
 * indexed range; hotline volumes are small). Tickets have no area: callers refuse an area filter.
 */
export async function readTicketHistory(db: Queryable, r: HistoryRange): Promise<TicketHistoryPoint[]> {
  const { rows } = await db.query(
    `SELECT date_bin($3::interval, created_at, TIMESTAMPTZ '2000-01-03 00:00:00+07') AS bucket, line, state, count(*)::int AS n
     FROM tickets WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, line, state ORDER BY 1`,
    [r.from, r.to, HISTORY_BUCKET_SPECS[r.bucket].interval],
  );
  const out = new Map<string, TicketHistoryPoint>();
  for (const x of rows) {
    const key = iso(x.bucket);
    let p = out.get(key);
    if (!p) out.set(key, (p = { bucket: key, opened: 0, byLine: {}, byState: {} }));
    p.opened += x.n;
    p.byLine[x.line] = (p.byLine[x.line] ?? 0) + x.n;
    p.byState[x.state] = (p.byState[x.state] ?? 0) + x.n;
  }
  return [...out.values()];
}
