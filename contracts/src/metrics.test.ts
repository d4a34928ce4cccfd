import { describe, expect, it } from 'vitest';
import { Histogram } from './metrics.ts';

describe('Histogram', () => {
  it('reports cumulative buckets, +Inf, sum and count per label set, and a zero series before any observation', () => {
    const h = new Histogram('x_seconds', 'help', [0.1, 1], [{ lane: 'fire' }]);
    expect(h.family().samples.filter((s) => s.suffix === '_count')).toEqual([{ suffix: '_count', labels: { lane: 'fire' }, value: 0 }]);
    h.observe(0.05, { lane: 'fire' });
    h.observe(0.5, { lane: 'fire' });
    h.observe(5, { lane: 'fire' });
    h.observe(0.5, { lane: 'telemetry' });
    const fire = h.family().samples.filter((s) => s.labels?.lane === 'fire');
    expect(fire.map((s) => [s.suffix, s.labels?.le, s.value])).toEqual([
      ['_bucket', '0.1', 1],
      ['_bucket', '1', 2],
      ['_bucket', '+Inf', 3],
      ['_sum', undefined, 5.55],
      ['_count', undefined, 3],
    ]);
    expect(h.count).toBe(4);
  });
});
