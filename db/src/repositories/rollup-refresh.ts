import type { Logger } from 'pino';
import type { Queryable } from './history-repository.ts';

/** Finer levels first: a hierarchical aggregate (0010) is refreshed from the level below it. */
const LEVELS = ['1m', '5m', '1h', '1d'];
const levelOf = (view: string): number => {
  const i = LEVELS.indexOf(view.slice(view.lastIndexOf('_') + 1));
  return i < 0 ? LEVELS.length : i;
};

interface RefreshJob {
  jobId: number;
  view: string;
  everyMs: number;
  /** The policy's window, relative to now (start_offset, end_offset). */
  startOffsetMs: number;
  endOffsetMs: number;
}

/** The refresh policies of the continuous aggregates; none on plain PostgreSQL (views need no refresh). */
export async function listRefreshJobs(db: Queryable): Promise<RefreshJob[]> {
  const { rows: ts } = await db.query(`SELECT to_regclass('timescaledb_information.jobs') IS NOT NULL AS ok`);
  if (!ts[0]?.ok) return [];
  const { rows } = await db.query(
    `SELECT job_id, hypertable_name, (extract(epoch FROM schedule_interval) * 1000)::float8 AS every_ms,
       (extract(epoch FROM (config->>'start_offset')::interval) * 1000)::float8 AS start_ms,
       (extract(epoch FROM (config->>'end_offset')::interval) * 1000)::float8 AS end_ms
     FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate'`,
  );
  return rows
    .map((r) => ({
      jobId: Number(r.job_id),
      view: String(r.hypertable_name),
      everyMs: Number(r.every_ms),
      startOffsetMs: Number(r.start_ms),
      endOffsetMs: Number(r.end_ms),
    }))
    .sort((a, b) => levelOf(a.view) - levelOf(b.view) || a.view.localeCompare(b.view));
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const VN = 7 * HOUR;

/**
 * A policy's window cut into pieces a refresh call gets through quickly: an hour for the finer
 * levels, a Hà Nội day for the `_1d` ones (a refresh materializes only the buckets wholly inside its
 * window, and those start at Hà Nội midnight).
 */
export function refreshWindows(view: string, from: number, to: number): [Date, Date][] {
  const piece = view.endsWith('_1d') ? DAY : HOUR;
  const shift = view.endsWith('_1d') ? VN : 0;
  const out: [Date, Date][] = [];
  for (let t = Math.floor((from + shift) / piece) * piece - shift; t < to; t += piece) out.push([new Date(t), new Date(Math.min(to, t + piece))]);
  return out;
}

const BUCKET_MS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '1h': HOUR, '1d': DAY };

async function callRefresh(db: Queryable, view: string, start: Date | null, end: Date): Promise<void> {
  // A window shorter than one bucket holds no whole bucket, and TimescaleDB refuses it.
  if (start && end.getTime() - start.getTime() < (BUCKET_MS[view.slice(view.lastIndexOf('_') + 1)] ?? 0)) return;
  // CALL takes no bind parameters; the view name comes from the catalog and is checked here.
  await db.query(
    `CALL refresh_continuous_aggregate('${view.replace(/[^a-z0-9_]/g, '')}', ${start ? `'${start.toISOString()}'::timestamptz` : 'NULL'},` +
      ` '${end.toISOString()}'::timestamptz)`,
  );
}

/**
 * Runs the continuous-aggregate refresh policies that are due. TimescaleDB runs them from its job
 * scheduler, a background worker the embedded PGlite build does not have (probed: its jobs never
 * start), so the embedded stack calls this instead. Each policy's window is refreshed in pieces,
 * one statement each, so the ingest gateway's writes get the one embedded connection in between.
 * Between refreshes real-time aggregation keeps answers current; refreshing keeps them fast.
 * `lastRun` (job id → epoch ms) is the caller's memory.
 */
export async function refreshDueRollups(db: Queryable, lastRun: Map<number, number>, now: number, log?: Logger): Promise<string[]> {
  const ran: string[] = [];
  for (const job of await listRefreshJobs(db)) {
    if (now - (lastRun.get(job.jobId) ?? Number.NEGATIVE_INFINITY) < job.everyMs) continue;
    const started = Date.now();
    for (const [start, end] of refreshWindows(job.view, now - job.startOffsetMs, now - job.endOffsetMs)) await callRefresh(db, job.view, start, end);
    lastRun.set(job.jobId, now);
    ran.push(job.view);
    log?.debug({ view: job.view, durationMs: Date.now() - started }, 'refreshed rollup');
  }
  return ran;
}

/**
 * Refreshes the continuous aggregates (those `only` admits; default all) up to `until`, finer levels
 * first (bench, tests). Given `from`, in windows of `windowDays` Hà Nội days, so no single call runs
 * for minutes; windows start at Hà Nội midnight because a refresh materializes only the buckets
 * wholly inside its window, and the 1d buckets start there.
 */
export async function refreshAllRollups(
  db: Queryable,
  until: Date,
  from?: Date,
  opts: { windowDays?: number; only?: (view: string) => boolean } = {},
): Promise<void> {
  const step = (opts.windowDays ?? 2) * DAY;
  const windows: [Date | null, Date][] = [];
  if (!from) windows.push([null, until]);
  else
    for (let t = Math.floor((from.getTime() + VN) / DAY) * DAY - VN; t < until.getTime(); t += step)
      windows.push([new Date(t), new Date(Math.min(until.getTime(), t + step))]);
  for (const job of await listRefreshJobs(db)) {
    if (opts.only && !opts.only(job.view)) continue;
    for (const [start, end] of windows) await callRefresh(db, job.view, start, end);
  }
}
