/**
 * Delivery latencies in 1 ms buckets up to a minute: 200 sockets at 1,000 items/s make millions of
 * samples, which a sorted array would hold in memory and sort for nothing. Mergeable across processes.
 */
export class LatencyHistogram {
  static readonly LIMIT_MS = 60_000;
  readonly counts: number[];
  n = 0;
  max = 0;

  constructor(counts?: readonly number[]) {
    this.counts = counts ? [...counts] : new Array<number>(LatencyHistogram.LIMIT_MS + 1).fill(0);
    for (const c of this.counts) this.n += c;
    if (counts)
      for (let i = this.counts.length - 1; i >= 0; i--)
        if (this.counts[i]! > 0) {
          this.max = i;
          break;
        }
  }

  add(ms: number): void {
    const bucket = Math.min(LatencyHistogram.LIMIT_MS, Math.max(0, Math.round(ms)));
    this.counts[bucket]! += 1;
    this.n += 1;
    if (bucket > this.max) this.max = bucket;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < other.counts.length; i++) this.counts[i]! += other.counts[i]!;
    this.n += other.n;
    this.max = Math.max(this.max, other.max);
  }

  /** Nearest-rank percentile (p in 0..1), in ms; NaN when empty. */
  percentile(p: number): number {
    if (this.n === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(p * this.n));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return i;
    }
    return this.max;
  }
}
