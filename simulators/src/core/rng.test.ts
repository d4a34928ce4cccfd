import { describe, expect, it } from 'vitest';
import { createRng, deviceRng, hex, poisson, shuffled } from './rng.ts';

describe('seeded rng', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = Array.from({ length: 5 }, createRng(42).next);
    const b = Array.from({ length: 5 }, createRng(42).next);
    const c = Array.from({ length: 5 }, createRng(43).next);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('gives each device its own stream from one fleet seed', () => {
    expect(deviceRng(7, 'CAM-A001-0001').next()).not.toBe(deviceRng(7, 'CAM-A001-0002').next());
    expect(deviceRng(7, 'CAM-A001-0001').next()).toBe(deviceRng(7, 'CAM-A001-0001').next());
  });

  it('draws Poisson counts with about the right mean, small and large', () => {
    const rng = createRng(1);
    for (const mean of [0.3, 4, 80]) {
      const n = 4000;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += poisson(rng, mean);
      expect(sum / n).toBeGreaterThan(mean * 0.9);
      expect(sum / n).toBeLessThan(mean * 1.1);
    }
  });

  it('makes hex of the asked length without repeats across many streams', () => {
    const seen = new Set<string>();
    for (let d = 0; d < 300; d++) {
      const rng = deviceRng(1, `QR-${d}`);
      for (let i = 0; i < 200; i++) seen.add(hex(rng, 16));
    }
    expect(seen.size).toBe(60_000);
    expect([...seen][0]).toMatch(/^[0-9a-f]{16}$/);
  });

  it('shuffles a copy deterministically', () => {
    const items = [1, 2, 3, 4, 5, 6];
    expect(shuffled(createRng(3), items)).toEqual(shuffled(createRng(3), items));
    expect([...shuffled(createRng(3), items)].sort()).toEqual(items);
  });
});
