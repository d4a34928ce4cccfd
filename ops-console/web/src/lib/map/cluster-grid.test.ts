import { describe, expect, it } from 'vitest';
import { ClusterGrid, clusterRadius, clusterRings, levelForZoom, MIX_BUCKETS, mixBucket } from './cluster-grid.ts';
import { CLUSTER_BELOW_ZOOM, clusterDiscs, clusterLabel, drawsClusters } from './cluster-layer.ts';
import { statusColor } from './status-color.ts';

const B = (s: string) => mixBucket(s);
const mixOf = (counts: Partial<Record<(typeof MIX_BUCKETS)[number], number>>) => MIX_BUCKETS.map((b) => counts[b] ?? 0);

describe('mixBucket', () => {
  it('puts statuses that mean the same in one bucket, unknown ones last', () => {
    expect(B('online')).toBe(B('normal'));
    expect(B('tampered')).toBe(B('fault'));
    expect(B('alarm')).toBe(0);
    expect(B('melting')).toBe(B('unknown'));
  });
});

describe('ClusterGrid', () => {
  it('groups nearby devices into one cluster at low zoom and splits them closer in', () => {
    const g = new ClusterGrid();
    // Hoàn Kiếm and Cầu Giấy, about 6 km apart.
    g.add(105.8542, 21.0285, B('online'));
    g.add(105.855, 21.029, B('alarm'));
    g.add(105.79, 21.033, B('offline'));
    const far = g.clustersAt(6);
    expect(far).toHaveLength(1);
    expect(far[0]!.count).toBe(3);
    expect(far[0]!.mix).toEqual(mixOf({ alarm: 1, offline: 1, online: 1 }));
    const near = g.clustersAt(9);
    expect(near).toHaveLength(2);
    const hk = near.find((c) => c.count === 2)!;
    expect(hk.mix).toEqual(mixOf({ alarm: 1, online: 1 }));
    expect(hk.lon).toBeCloseTo(105.8546, 3);
    expect(hk.lat).toBeCloseTo(21.02875, 3);
  });

  it('keeps the mix up to date one status change at a time', () => {
    const g = new ClusterGrid();
    for (let i = 0; i < 100; i++) g.add(105.85 + i * 1e-5, 21.03, B('online'));
    const before = g.clustersAt(8);
    g.move(105.85, 21.03, B('online'), B('alarm'));
    const after = g.clustersAt(8);
    expect(after).not.toBe(before);
    expect(after[0]!.mix).toEqual(mixOf({ alarm: 1, online: 99 }));
    expect(after[0]!.count).toBe(100);
  });

  it('merges again only after a change, and drops emptied cells', () => {
    const g = new ClusterGrid();
    g.add(105.85, 21.03, B('degraded'));
    const a = g.clustersAt(7);
    expect(g.clustersAt(7.9)).toBe(a);
    g.remove(105.85, 21.03, B('degraded'));
    expect(g.clustersAt(7)).toEqual([]);
  });

  it('handles 50,000 devices and a burst of 10,000 changes quickly', () => {
    const g = new ClusterGrid();
    const t0 = performance.now();
    for (let i = 0; i < 50_000; i++) g.add(105.7 + (i % 250) * 0.001, 20.95 + Math.floor(i / 250) * 0.001, B('online'));
    for (let i = 0; i < 10_000; i++) g.move(105.7 + (i % 250) * 0.001, 20.95 + Math.floor(i / 250) * 0.001, B('online'), B('offline'));
    const clusters = g.clustersAt(9);
    const total = clusters.reduce((n, c) => n + c.count, 0);
    expect(total).toBe(50_000);
    expect(clusters.reduce((n, c) => n + c.mix[B('offline')]!, 0)).toBe(10_000);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('uses cells of about 64 px at each zoom', () => {
    expect(levelForZoom(9.7)).toBe(12);
    expect(levelForZoom(30)).toBe(13);
    expect(levelForZoom(-5)).toBe(0);
  });
});

describe('clusterRings', () => {
  it('gives each status an annulus by share, most urgent innermost, outermost first', () => {
    const rings = clusterRings(mixOf({ online: 75, alarm: 25 }), 20);
    expect(rings.map((r) => r.color)).toEqual([statusColor('online'), statusColor('alarm')]);
    expect(rings[0]!.radius).toBe(20);
    // A quarter of the area: half the radius.
    expect(rings[1]!.radius).toBeCloseTo(10);
  });

  it('keeps a lone alarm among thousands visible', () => {
    const rings = clusterRings(mixOf({ alarm: 1, online: 5_000 }), 20, 3);
    expect(rings.at(-1)!.color).toEqual(statusColor('alarm'));
    expect(rings.at(-1)!.radius).toBeGreaterThanOrEqual(3);
  });

  it('fits every band inside the outer radius', () => {
    const rings = clusterRings(mixOf({ alarm: 1, fault: 1, overloaded: 1, degraded: 1, offline: 1, online: 1000, unknown: 1 }), 14, 2);
    expect(rings).toHaveLength(7);
    for (let i = 1; i < rings.length; i++) expect(rings[i]!.radius).toBeLessThan(rings[i - 1]!.radius);
    expect(rings.at(-1)!.radius).toBeGreaterThan(0);
    expect(clusterRings(mixOf({}), 10)).toEqual([]);
  });

  it('sizes clusters by the log of their count and labels them compactly', () => {
    expect(clusterRadius(10_000)).toBeGreaterThan(clusterRadius(100));
    expect(clusterRadius(50_000)).toBeLessThan(40);
    expect([clusterLabel(950), clusterLabel(1_234), clusterLabel(48_400)]).toEqual(['950', '1.2k', '48k']);
  });

  it('turns clusters into discs that remember their cluster (for the tooltip and zoom-in)', () => {
    const g = new ClusterGrid();
    g.add(105.85, 21.03, B('online'));
    g.add(105.85, 21.03, B('alarm'));
    const discs = clusterDiscs(g.clustersAt(8));
    expect(discs).toHaveLength(2);
    expect(discs[0]!.cluster.count).toBe(2);
    expect(discs[0]!.radius).toBeGreaterThan(discs[1]!.radius);
  });

  it(`stands in for single devices below zoom ${CLUSTER_BELOW_ZOOM}, unless clustering is switched off`, () => {
    expect(drawsClusters({ clusters: true }, CLUSTER_BELOW_ZOOM - 1)).toBe(true);
    expect(drawsClusters({ clusters: true }, CLUSTER_BELOW_ZOOM)).toBe(false);
    expect(drawsClusters({ clusters: false }, 3)).toBe(false);
  });
});
