import { QUEUE_RANKING_METRICS, type HistoryBucket, type QueueRankingMetric } from '@cityops/contracts';
import { alignRange, MAX_RANGE_DAYS, parseCodes, parseRange, type Parsed } from './history-params.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function parseLimit(raw: string | undefined, fallback: number, max: number, errors: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) errors.push(`limit must be an integer from 1 to ${max}; got ${JSON.stringify(raw)}`);
  return n;
}

function oneOf<T extends string>(raw: string | undefined, name: string, allowed: readonly T[], fallback: T, errors: string[]): T {
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  errors.push(`${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(raw)}`);
  return fallback;
}

/** The finest rollup whose buckets keep a ranking window to a few hundred rows per office. */
const rankingBucket = (spanMs: number): HistoryBucket => (spanMs <= 2 * DAY_MS ? '5m' : spanMs <= 60 * DAY_MS ? '1h' : '1d');

export interface RankingParams {
  from: Date;
  to: Date;
  bucket: HistoryBucket;
  areas: string[] | null;
  level: 'office' | 'area';
  by: QueueRankingMetric;
  order: 'asc' | 'desc';
  limit: number;
}

/**
 * GET /api/queues/ranking: window (default the last hour), level, metric, order, limit, area. The
 * default order puts the worst first: most waiting, longest wait, lowest satisfaction.
 */
export function parseRankingQuery(q: Record<string, string | undefined>, now: number): Parsed<RankingParams> {
  const errors: string[] = [];
  const range = parseRange(q, now, { defaultSpanMs: HOUR_MS, maxSpanMs: MAX_RANGE_DAYS * DAY_MS }, errors);
  const level = oneOf(q.level, 'level', ['office', 'area'] as const, 'office', errors);
  const by = oneOf(q.by, 'by', QUEUE_RANKING_METRICS, 'waiting', errors);
  const order = oneOf(q.order, 'order', ['asc', 'desc'] as const, by === 'satisfaction' ? 'asc' : 'desc', errors);
  const limit = parseLimit(q.limit, 20, 500, errors);
  const areas = parseCodes(q.area, 'area', errors);
  if (!range || errors.length) return { errors };
  const bucket = rankingBucket(range.to - range.from);
  const aligned = alignRange(range.from, range.to, bucket);
  return { value: { from: aligned.from, to: aligned.to, bucket, areas, level, by, order, limit } };
}

export interface RidershipParams {
  from: Date;
  to: Date;
  routes: string[] | null;
  stops: string[] | null;
  areas: string[] | null;
  limit: number;
}

/** Ridership rows are per stop and 5 minutes: a week at most per request. */
export const MAX_RIDERSHIP_DAYS = 7;

/** GET /api/transit/ridership: window (default the last hour), route, stop, area, limit. */
export function parseRidershipQuery(q: Record<string, string | undefined>, now: number): Parsed<RidershipParams> {
  const errors: string[] = [];
  const range = parseRange(q, now, { defaultSpanMs: HOUR_MS, maxSpanMs: MAX_RIDERSHIP_DAYS * DAY_MS }, errors);
  const routes = parseCodes(q.route, 'route', errors);
  const stops = parseCodes(q.stop, 'stop', errors, 200);
  const areas = parseCodes(q.area, 'area', errors);
  const limit = parseLimit(q.limit, 2000, 20_000, errors);
  if (!range || errors.length) return { errors };
  const aligned = alignRange(range.from, range.to, '5m');
  return { value: { from: aligned.from, to: aligned.to, routes, stops, areas, limit } };
}
