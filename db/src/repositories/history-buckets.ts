import { HISTORY_BUCKET_SECONDS, type HistoryBucket } from '@cityops/contracts';

/** Hà Nội is UTC+7 all year (no daylight saving): a `1d` bucket starts at 17:00 UTC. */
export const VN_OFFSET_MS = 7 * 3_600_000;

export interface BucketSpec {
  seconds: number;
  /** Suffix of the rollup that keeps this width (db/migrations/0005 and 0010): `camera_status_5m`, … */
  suffix: '5m' | '1h' | '1d';
  /** As a Postgres interval literal, for generate_series and date_bin. */
  interval: string;
}

export const HISTORY_BUCKET_SPECS: Readonly<Record<HistoryBucket, BucketSpec>> = {
  '5m': { seconds: HISTORY_BUCKET_SECONDS['5m'], suffix: '5m', interval: '5 minutes' },
  '1h': { seconds: HISTORY_BUCKET_SECONDS['1h'], suffix: '1h', interval: '1 hour' },
  '1d': { seconds: HISTORY_BUCKET_SECONDS['1d'], suffix: '1d', interval: '1 day' },
};

/** The rollups behind the history streams; each exists at every width of HISTORY_BUCKET_SPECS on both database paths. */
const ROLLUP_BASES = { cameras: 'camera_status', fire: 'fire_events', transit: 'transit_taps', queues: 'queue_loads' } as const;
export type RollupStream = keyof typeof ROLLUP_BASES;

/** The rollup to read for a stream at a bucket width: a fixed name from this table, never from input. */
export function rollupFor(stream: RollupStream, bucket: HistoryBucket): string {
  return `${ROLLUP_BASES[stream]}_${HISTORY_BUCKET_SPECS[bucket].suffix}`;
}

/** Start of the bucket holding `t` (epoch ms): 5m and 1h on the UTC grid, 1d at Hà Nội midnight. */
export function historyBucketStart(t: number, bucket: HistoryBucket): number {
  const ms = HISTORY_BUCKET_SPECS[bucket].seconds * 1000;
  const shift = bucket === '1d' ? VN_OFFSET_MS : 0;
  return Math.floor((t + shift) / ms) * ms - shift;
}

/** The narrowest width that answers `spanMs` in at most `maxBuckets` buckets. */
export function defaultHistoryBucket(spanMs: number, maxBuckets: number): HistoryBucket {
  for (const b of ['5m', '1h'] as const) if (spanMs / (HISTORY_BUCKET_SPECS[b].seconds * 1000) <= maxBuckets) return b;
  return '1d';
}
