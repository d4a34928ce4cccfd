import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.ts';

describe('LatencyHistogram', () => {
  it('gives nearest-rank percentiles in whole milliseconds, and merges', () => {
    const a = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) a.add(ms);
    expect([a.percentile(0.5), a.percentile(0.99), a.max, a.n]).toEqual([50, 99, 100, 100]);
    const b = new LatencyHistogram();
    b.add(70_000);
    a.merge(new LatencyHistogram(b.counts));
    expect([a.n, a.max, a.percentile(1)]).toEqual([101, LatencyHistogram.LIMIT_MS, LatencyHistogram.LIMIT_MS]);
  });
});
