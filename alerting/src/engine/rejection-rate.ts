import type { TransitRejectionsObservation } from './observation.ts';

/** Per reader: a ring of buckets, each stamped with its bucket number so stale ones read as empty. */
interface Ring {
  stamp: number[];
  taps: number[];
  rejected: number[];
}

/**
 * Sliding-window tap and rejection counts per reader. Fixed memory per reader (`buckets` slots)
 * and O(buckets) per read; the window slides in steps of windowMs / buckets. Its clock is the
 * caller's: tap times when recording, the engine's `now` when reading on a tick.
 */
export class RejectionRates {
  readonly #rings = new Map<string, Ring>();
  readonly bucketMs: number;

  constructor(
    readonly windowMs: number,
    readonly buckets = 30,
  ) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / buckets));
  }

  get readers(): number {
    return this.#rings.size;
  }

  /** Counts one tap and returns the reader's counts over the window ending at the tap. */
  record(readerId: string, rejected: boolean, at: number): TransitRejectionsObservation {
    if (!Number.isFinite(at)) return this.read(readerId, at);
    let ring = this.#rings.get(readerId);
    if (!ring) {
      ring = {
        stamp: new Array<number>(this.buckets).fill(-1),
        taps: new Array<number>(this.buckets).fill(0),
        rejected: new Array<number>(this.buckets).fill(0),
      };
      this.#rings.set(readerId, ring);
    }
    const n = Math.floor(at / this.bucketMs);
    const i = ((n % this.buckets) + this.buckets) % this.buckets;
    if (ring.stamp[i] !== n) {
      // A tap older than the window must not wipe a newer bucket sharing its slot.
      if ((ring.stamp[i] ?? -1) > n) return this.read(readerId, at);
      ring.stamp[i] = n;
      ring.taps[i] = 0;
      ring.rejected[i] = 0;
    }
    ring.taps[i]! += 1;
    if (rejected) ring.rejected[i]! += 1;
    return this.read(readerId, at);
  }

  /** The counts over the window ending at `at`. */
  read(readerId: string, at: number): TransitRejectionsObservation {
    const ring = this.#rings.get(readerId);
    let taps = 0;
    let rejected = 0;
    if (ring && Number.isFinite(at)) {
      const n = Math.floor(at / this.bucketMs);
      for (let i = 0; i < this.buckets; i++) {
        const stamp = ring.stamp[i]!;
        if (stamp > n - this.buckets && stamp <= n) {
          taps += ring.taps[i]!;
          rejected += ring.rejected[i]!;
        }
      }
    }
    return { type: 'transit.rejections', id: readerId, taps, rejected, at };
  }

  /** Drops readers with an empty window, so decommissioned readers do not hold memory. */
  forgetQuiet(at: number): void {
    for (const id of [...this.#rings.keys()]) if (this.read(id, at).taps === 0) this.#rings.delete(id);
  }
}
