import { describe, expect, it } from 'vitest';
import { hexBin, hexRound } from './hex-bin.ts';

describe('hexBin', () => {
  it('puts points within a hexagon together and sums their weights', () => {
    const hexes = hexBin(
      [
        { lon: 105.85, lat: 21.03, weight: 2 },
        { lon: 105.8501, lat: 21.0301, weight: 3 },
      ],
      400,
      21.03,
    );
    expect(hexes).toHaveLength(1);
    expect(hexes[0]).toMatchObject({ value: 5, points: 2 });
  });

  it('centres each hexagon within its radius of every point it holds', () => {
    const points = Array.from({ length: 200 }, (_, i) => ({ lon: 105.8 + (i % 20) * 0.003, lat: 21.0 + Math.floor(i / 20) * 0.003, weight: 1 }));
    const hexes = hexBin(points, 400, 21.0);
    expect(hexes.reduce((n, h) => n + h.points, 0)).toBe(200);
    const kx = 111_320 * Math.cos((21 * Math.PI) / 180);
    for (const p of points) {
      const nearest = Math.min(...hexes.map((h) => Math.hypot((p.lon - h.lon) * kx, (p.lat - h.lat) * 110_574)));
      expect(nearest).toBeLessThanOrEqual(400.001);
    }
  });

  it('rounds to the containing hexagon', () => {
    expect(hexRound(0.1, 0.1)).toEqual([0, 0]);
    expect(hexRound(0.9, 0.05)).toEqual([1, 0]);
    expect(hexRound(-0.4, -0.45)).toEqual([0, -1]);
  });
});
