import type { LatestQueueLoad, TransitRidershipEvent } from '@cityops/contracts';

/** An office's load: a `queue:load` event without its stream position, or a row of the snapshot. */
export type QueueLoad = LatestQueueLoad;
export type RidershipStop = TransitRidershipEvent['stops'][number];
interface RidershipBucket {
  bucket: number;
  /** Its length, ms (`bucketSeconds`). */
  ms: number;
  stops: Map<string, RidershipStop>;
}

/**
 * The map's event-fed overlays, plain and non-reactive like DeviceIndex: the latest load per office
 * (from the snapshot and `queue:load`) and the last two ridership buckets. Each `apply*` returns
 * whether the map must be redrawn. Hotline tickets are the desk's (TicketIndex): one copy of them.
 */
export class FeedIndex {
  readonly queueLoads = new Map<string, QueueLoad>();
  ridership: RidershipBucket = { bucket: Number.NEGATIVE_INFINITY, ms: 0, stops: new Map() };
  /** The bucket just before `ridership`, kept so the picture does not empty when a new bucket starts. */
  previousRidership: RidershipBucket | null = null;
  version = 0;

  /**
   * A report stamped earlier than the one held is stale: so the snapshot and the live events may
   * arrive in any order (a snapshot read before a live report does not undo it).
   */
  applyQueueLoad(load: QueueLoad): boolean {
    const prev = this.queueLoads.get(load.id);
    if (prev && Date.parse(prev.at) > Date.parse(load.at)) return false;
    this.queueLoads.set(load.id, load);
    this.version++;
    return true;
  }

  /**
   * Parts of the current bucket are merged (a large city sends it in parts, changed stops every 30 s);
   * a newer bucket becomes current and the one before it is kept — its complete resend, sent when it
   * closes, may arrive after the next bucket began. Anything older is ignored.
   */
  applyRidership(e: TransitRidershipEvent): boolean {
    const bucket = Date.parse(e.bucket);
    if (!Number.isFinite(bucket)) return false;
    if (bucket > this.ridership.bucket) {
      const adjacent = bucket - this.ridership.bucket === this.ridership.ms;
      this.previousRidership = adjacent ? this.ridership : null;
      this.ridership = { bucket, ms: e.bucketSeconds * 1000, stops: new Map() };
    }
    const target = bucket === this.ridership.bucket ? this.ridership : bucket === this.previousRidership?.bucket ? this.previousRidership : null;
    if (!target) return false;
    for (const s of e.stops) target.stops.set(`${s.routeId}|${s.stopId ?? `${s.lat},${s.lon}`}`, s);
    this.version++;
    return true;
  }

  /**
   * Taps per stop over the last bucket-length of time, estimated as a sliding window: the current
   * bucket so far plus the share of the previous bucket the window still covers. A plain "newest
   * bucket" view would empty the heat layer every five minutes.
   */
  ridershipView(now: number): RidershipStop[] {
    const out = new Map<string, RidershipStop>();
    // Oldest first, so the current bucket's coordinates win.
    for (const b of [this.previousRidership, this.ridership]) {
      if (!b || b.ms <= 0) continue;
      // A bucket still in progress counts whole; a closed one by the part of it the window still covers.
      const end = b.bucket + b.ms;
      const share = now < end ? 1 : Math.max(0, 1 - (now - end) / b.ms);
      for (const [key, s] of b.stops) {
        const taps = Math.round(s.taps * share);
        if (taps === 0) continue;
        const here = out.get(key);
        out.set(key, { ...s, taps: (here?.taps ?? 0) + taps });
      }
    }
    return [...out.values()];
  }
}
