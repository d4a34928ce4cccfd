import type { TransitRidershipEvent } from '@cityops/contracts';

export type RidershipStop = TransitRidershipEvent['stops'][number];
export type RidershipPayload = Omit<TransitRidershipEvent, 'sseq'>;

export const RIDERSHIP_BUCKET_MS = 5 * 60_000;

/** The key a client merges stops by within a bucket (web lib/map/feeds.ts FeedIndex.applyRidership). */
export const stopKey = (s: Pick<RidershipStop, 'routeId' | 'stopId'>): string => `${s.routeId}|${s.stopId ?? ''}`;

/**
 * The stops whose count differs from `sent` (what this bucket has already streamed). A client merges
 * the stops of one bucket, so a partial refresh need carry only these.
 */
export function changedStops(sent: ReadonlyMap<string, number>, stops: readonly RidershipStop[]): RidershipStop[] {
  return stops.filter((s) => sent.get(stopKey(s)) !== s.taps);
}

/** Remembers what was streamed, once it is committed. */
export function recordSent(sent: Map<string, number>, stops: readonly RidershipStop[]): void {
  for (const s of stops) sent.set(stopKey(s), s.taps);
}

/** One bucket's stops as events of at most `maxStops` stops each (a large city sends a bucket in parts). */
export function ridershipEvents(bucketMs: number, stops: readonly RidershipStop[], maxStops: number): RidershipPayload[] {
  const out: RidershipPayload[] = [];
  for (let i = 0; i < stops.length; i += maxStops) {
    out.push({ bucket: new Date(bucketMs).toISOString(), bucketSeconds: RIDERSHIP_BUCKET_MS / 1000, stops: stops.slice(i, i + maxStops) });
  }
  return out;
}

export const ridershipBucketOf = (t: number): number => Math.floor(t / RIDERSHIP_BUCKET_MS) * RIDERSHIP_BUCKET_MS;
