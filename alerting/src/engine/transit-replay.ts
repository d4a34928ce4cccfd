import type { TapRef, TransitReplayObservation } from './observation.ts';

export interface Tap {
  deviceId: string;
  token: string;
  result: 'accepted' | 'rejected';
  at: number;
  area?: string | null;
  lat?: number | null;
  lon?: number | null;
}

/**
 * Remembers the first acceptance of each QR token for `windowMs` (a dynamic QR is time-limited:
 * a token accepted twice inside its validity is a replay, at the same reader or another). Memory
 * is bounded twice: entries older than the window are dropped, and beyond `maxTokens` the oldest
 * go first (counted in `evicted`, so the wiring can log that the window was cut short).
 * Its clock is the taps' own time, so replaying a backlog after a restart judges it as it happened.
 */
export class ReplayWindow {
  /** Insertion order is acceptance order: the oldest entry is always first. */
  readonly #first = new Map<string, TapRef>();
  #latest = -Infinity;
  evicted = 0;

  constructor(
    readonly windowMs: number,
    readonly maxTokens: number,
  ) {}

  get size(): number {
    return this.#first.size;
  }

  /** Feeds one tap; returns the replay it reveals, or null. Rejected taps never count. */
  record(tap: Tap): TransitReplayObservation | null {
    if (tap.result !== 'accepted' || typeof tap.token !== 'string' || !Number.isFinite(tap.at)) return null;
    this.#latest = Math.max(this.#latest, tap.at);
    this.#expire();
    const first = this.#first.get(tap.token);
    if (first && Math.abs(tap.at - first.at) <= this.windowMs) {
      const second: TapRef = { deviceId: tap.deviceId, at: tap.at };
      // The first acceptance stays the reference: a third use is a replay of the same token again.
      return { type: 'transit.replay', token: tap.token, first, second, at: tap.at, area: tap.area ?? null, lat: tap.lat ?? null, lon: tap.lon ?? null };
    }
    this.#first.delete(tap.token);
    this.#first.set(tap.token, { deviceId: tap.deviceId, at: tap.at });
    while (this.#first.size > this.maxTokens) {
      this.#first.delete(this.#first.keys().next().value as string);
      this.evicted++;
    }
    return null;
  }

  #expire(): void {
    for (const [token, ref] of this.#first) {
      // Out-of-order taps may leave a younger entry behind an older one; the cap still bounds memory.
      if (this.#latest - ref.at <= this.windowMs) break;
      this.#first.delete(token);
    }
  }
}
