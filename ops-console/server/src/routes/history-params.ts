import Type from 'typebox';
import { CityopsError, HISTORY_BUCKETS, type HistoryBucket } from '@cityops/contracts';
import { defaultHistoryBucket, HISTORY_BUCKET_SPECS, historyBucketStart } from '@cityops/db';

/**
 * Query parameters of the history, ranking and ridership routes, checked without I/O: each parser
 * returns `{ value }` or `{ errors }` rather than throwing, so the route gathers every bad parameter
 * into one problem document.
 */
export type Parsed<T> = { value: T; errors?: undefined } | { value?: undefined; errors: string[] };

/** The parsed value, or the one problem document naming every reason (400 CITYOPS_HISTORY_QUERY_INVALID). */
export function valueOrProblem<T>(parsed: Parsed<T>): T {
  if (parsed.errors) throw new CityopsError('CITYOPS_HISTORY_QUERY_INVALID', parsed.errors.join('; '));
  return parsed.value;
}

/**
 * A querystring schema of these optional strings and nothing else: unknown parameters are refused by
 * the schema, and the parsers here say what is wrong with a value.
 */
export function optionalStrings(keys: readonly string[]) {
  return Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Optional(Type.String())])), { additionalProperties: false });
}

const DAY_MS = 86_400_000;
/** Longest range any history query answers: the longest raw retention (queue_loads, 0004). */
export const MAX_RANGE_DAYS = 400;
/** Most buckets one series may have; more means a wider bucket or a shorter range. */
export const MAX_BUCKETS = 3000;
/** The kpi stream evaluates incidents and tickets per bucket: kept shorter. */
export const MAX_KPI_BUCKETS = 600;
/** A bucket is picked to give about this many points when none is asked for. */
const TARGET_POINTS = 300;
const MAX_AREAS = 50;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** An RFC 3339 date-time with its offset, or epoch milliseconds. */
export function parseInstant(raw: string | undefined, name: string, errors: string[]): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const t = /^\d{1,15}$/.test(raw) ? Number(raw) : RFC3339.test(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(t))
    errors.push(`${name} must be an RFC 3339 date-time with an offset (2026-11-21T07:00:00+07:00) or epoch milliseconds; got ${JSON.stringify(raw)}`);
  return Number.isFinite(t) ? t : undefined;
}

/** A comma-separated list of codes (areas, routes, stops), or null for "all". */
export function parseCodes(raw: string | undefined, name: string, errors: string[], max = MAX_AREAS): string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const codes = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const bad = codes.filter((c) => !CODE.test(c));
  if (bad.length) errors.push(`${name} takes codes of 1–64 letters, digits, _ . -, comma-separated; not ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  if (codes.length > max) errors.push(`${name} takes at most ${max} codes; got ${codes.length}`);
  return codes;
}

export interface RangeRules {
  defaultSpanMs: number;
  maxSpanMs: number;
}

/** `from`/`to` with defaults (to = now, from = to − defaultSpan); to after from; span within maxSpan. */
export function parseRange(q: { from?: string; to?: string }, now: number, rules: RangeRules, errors: string[]): { from: number; to: number } | undefined {
  const to = parseInstant(q.to, 'to', errors) ?? (q.to ? undefined : now);
  const from = parseInstant(q.from, 'from', errors) ?? (q.from || to === undefined ? undefined : to - rules.defaultSpanMs);
  if (from === undefined || to === undefined) return undefined;
  if (to <= from) {
    errors.push(`to (${new Date(to).toISOString()}) must be after from (${new Date(from).toISOString()})`);
    return undefined;
  }
  if (to - from > rules.maxSpanMs) {
    errors.push(`the range is ${Math.ceil((to - from) / DAY_MS)} days; at most ${Math.round(rules.maxSpanMs / DAY_MS)} days are answered`);
    return undefined;
  }
  return { from, to };
}

/** A requested bucket, or the one that gives about TARGET_POINTS over the span. */
export function parseBucket(raw: string | undefined, spanMs: number, errors: string[]): HistoryBucket | undefined {
  if (raw === undefined || raw === '') return defaultHistoryBucket(spanMs, TARGET_POINTS);
  if ((HISTORY_BUCKETS as readonly string[]).includes(raw)) return raw as HistoryBucket;
  errors.push(`bucket must be one of ${HISTORY_BUCKETS.join(', ')}; got ${JSON.stringify(raw)}`);
  return undefined;
}

/** `from` down to its bucket's start, `to` up to its bucket's end: whole buckets only. */
export function alignRange(from: number, to: number, bucket: HistoryBucket): { from: Date; to: Date; buckets: number } {
  const ms = HISTORY_BUCKET_SPECS[bucket].seconds * 1000;
  const start = historyBucketStart(from, bucket);
  const end = historyBucketStart(to - 1, bucket) + ms;
  return { from: new Date(start), to: new Date(end), buckets: Math.round((end - start) / ms) };
}

export interface HistoryParams {
  from: Date;
  to: Date;
  bucket: HistoryBucket;
  areas: string[] | null;
}

/** GET /api/history/{stream}: from, to, bucket, area. */
export function parseHistoryQuery(
  q: { from?: string; to?: string; bucket?: string; area?: string },
  now: number,
  maxBuckets = MAX_BUCKETS,
): Parsed<HistoryParams> {
  const errors: string[] = [];
  const range = parseRange(q, now, { defaultSpanMs: DAY_MS, maxSpanMs: MAX_RANGE_DAYS * DAY_MS }, errors);
  const bucket = parseBucket(q.bucket, range ? range.to - range.from : DAY_MS, errors);
  const areas = parseCodes(q.area, 'area', errors);
  if (!range || !bucket || errors.length) return { errors };
  const aligned = alignRange(range.from, range.to, bucket);
  if (aligned.buckets > maxBuckets) {
    return { errors: [`${aligned.buckets} buckets of ${bucket} over this range; at most ${maxBuckets}: choose a wider bucket or a shorter range`] };
  }
  return { value: { from: aligned.from, to: aligned.to, bucket, areas } };
}
